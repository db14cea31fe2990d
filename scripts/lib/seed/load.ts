/**
 * Sends the seed plan (./plan.ts) through the API with the generic loader (../api-loader.ts), then reads the flags
 * it produced as of the reference date, for the summary.
 */
import type { IsoDate } from '../../../shared/domain/types';
import { ApiLoader, formatTally, type ApiCall, type Tally } from '../api-loader';
import { buildSeedPlan, type PlannedOfficial } from './plan';

export interface SeedReport {
  today: IsoDate;
  units: Tally;
  positions: Tally;
  officials: Tally;
  assignments: Tally;
  /** `undefined` when the API has no such endpoint yet (nothing was sent). */
  circumstances?: Tally;
  assessments?: Tally;
  flags: {
    overdue: number;
    approaching: number;
    /** Overdue on a periodic-rotation period (PERIODIC_ROTATION_DUE). */
    periodicRotationDue: number;
    /** Flagged officials with a NOT_MEETING_REQUIREMENTS reason. */
    notMeetingRequirements: number;
    /** Flagged officials with at least one exemption. */
    exempt: number;
  };
}

/** Officials are loaded this many at a time; each official's own history is written in order. */
const CONCURRENCY = 8;

/**
 * Loads the plan for `today` through the API. Re-running creates nothing twice: every resource has a fixed id, and
 * a 409 saying it already exists counts as skipped. Circumstances and assessments are sent only when the API's
 * OpenAPI document lists their endpoints.
 */
export async function seedThrough(
  call: ApiCall,
  options: { today: IsoDate; log?: (line: string) => void },
): Promise<SeedReport> {
  const plan = buildSeedPlan(options.today);
  const log = options.log ?? (() => {});
  const loader = new ApiLoader(call, { concurrency: CONCURRENCY });
  const features = await availableFeatures(loader);
  const logTally = (kind: string) => {
    const t = loader.tally(kind);
    log(`${kind}: ${t.created} created, ${t.skipped} skipped`);
  };

  // One at a time, in table order: parents come before children and successors before the units they succeed.
  for (const unit of plan.units) await loader.write('units', { as: 'admin', path: '/v1/units', body: unit });
  logTally('units');
  for (const position of plan.positions) await loader.write('positions', { as: 'admin', path: '/v1/positions', body: position });
  logTally('positions');

  const loadOfficial = async (o: PlannedOfficial) => {
    const base = `/v1/officials/${o.official.id}`;
    await loader.write('officials', { as: 'hr', path: '/v1/officials', body: o.official });
    // In date order: each earlier assignment already carries its end date, so none overlaps the next.
    for (const a of o.assignments) await loader.write('assignments', { as: 'hr', path: `${base}/assignments`, body: a });
    if (features.circumstances)
      for (const c of o.circumstances) await loader.write('circumstances', { as: 'hr', path: `${base}/circumstances`, body: c });
    if (features.assessments)
      for (const a of o.assessments)
        await loader.write('assessments', { as: 'hr', method: 'PUT', path: `${base}/assessments/${a.period}`, body: a.body });
  };
  await loader.eachConcurrently(plan.officials, loadOfficial);
  logTally('officials');

  return {
    today: plan.today,
    units: loader.tally('units'),
    positions: loader.tally('positions'),
    officials: loader.tally('officials'),
    assignments: loader.tally('assignments'),
    circumstances: features.circumstances ? loader.tally('circumstances') : undefined,
    assessments: features.assessments ? loader.tally('assessments') : undefined,
    flags: await flagSummary(loader, plan.today),
  };
}

async function availableFeatures(loader: ApiLoader): Promise<{ circumstances: boolean; assessments: boolean }> {
  const spec = (await loader.read('/v1/openapi.json', 'hr')) as { paths?: Record<string, unknown> };
  const paths = Object.keys(spec.paths ?? {});
  return {
    circumstances: paths.some((p) => /^\/v1\/officials\/\{[^}]+\}\/circumstances$/.test(p)),
    assessments: paths.some((p) => /^\/v1\/officials\/\{[^}]+\}\/assessments\/\{[^}]+\}$/.test(p)),
  };
}

interface FlagItem {
  officialId: string;
  status: 'ok' | 'approaching' | 'overdue';
  reasons: { code: string }[];
  exemptions: unknown[];
}

/** Counts from GET /v1/tenure/flags as of the reference date. */
async function flagSummary(loader: ApiLoader, asOf: IsoDate): Promise<SeedReport['flags']> {
  const items = await loader.readAll<FlagItem>(`/v1/tenure/flags?asOf=${asOf}&limit=500`, 'hr');
  const has = (f: FlagItem, code: string) => f.reasons.some((r) => r.code === code);
  return {
    overdue: items.filter((f) => f.status === 'overdue').length,
    approaching: items.filter((f) => f.status === 'approaching').length,
    periodicRotationDue: items.filter((f) => has(f, 'PERIODIC_ROTATION_DUE')).length,
    notMeetingRequirements: items.filter((f) => has(f, 'NOT_MEETING_REQUIREMENTS')).length,
    exempt: items.filter((f) => f.exemptions.length > 0).length,
  };
}

/** The closing summary, Vietnamese first. */
export function formatSummary(report: SeedReport, target: string): string {
  const t = (x: Tally | undefined) => formatTally(x, 'bỏ qua: API chưa có / skipped: endpoint not available');
  const f = report.flags;
  return [
    `Đã nạp dữ liệu mẫu / Demo data loaded (${target})`,
    `  Đơn vị / units:                      ${t(report.units)}`,
    `  Vị trí việc làm / positions:         ${t(report.positions)}`,
    `  Công chức / officials:               ${t(report.officials)}`,
    `  Quá trình công tác / assignments:    ${t(report.assignments)}`,
    `  Hoàn cảnh / circumstances:           ${t(report.circumstances)}`,
    `  Đánh giá / assessments:              ${t(report.assessments)}`,
    `Cảnh báo tính đến / flags as of ${report.today} (GET /v1/tenure/flags):`,
    `  Quá hạn / overdue:                   ${f.overdue} (định kỳ chuyển đổi / periodic rotation due: ${f.periodicRotationDue})`,
    `  Sắp đến hạn / approaching:           ${f.approaching}`,
    `  Không hoàn thành nhiệm vụ / not meeting requirements: ${f.notMeetingRequirements}`,
    `  Có lý do miễn, hoãn / exempt:        ${f.exempt}`,
  ].join('\n');
}
