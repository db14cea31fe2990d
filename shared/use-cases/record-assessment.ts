/**
 * Performance assessments (đánh giá, xếp loại chất lượng), one per official per period, upserted by period.
 * The rating is derived from the score from 2026 (Decree 335/2025), forced by discipline, and checked against
 * a given rating; the agency's excellent-rating quota is counted in the same transaction and warned about.
 */
import {
  parsePeriod,
  periodEnd,
  periodStart,
  quotaWarning,
  RATING_LABELS_VI,
  requirePeriod,
  resolveRating,
  type QuotaWarning,
} from '../domain/assessment';
import { ConflictError, NotFoundError, RuleViolationError } from '../domain/errors';
import { checkAssessedOn } from '../domain/plausibility';
import type { Assessment, Rating } from '../domain/types';
import type { AggregateWrite, Page } from '../ports';
import { auditRecord, idempotentResponse, staleVersion, today, type Actor, type UseCaseDeps } from './context';
import { commit, loadForRead, loadForWrite } from './official-aggregate';
import { decodeOffset, pageByOffset } from './paging';
import { logSensitiveReads } from './access-log';
import { authorize } from './policy';
import { canSee } from './scope';

export interface AssessmentInput {
  rating?: Rating;
  score?: number;
  disciplined?: boolean;
  assessedOn: string;
  comments?: string;
}

export interface AssessmentResult {
  assessment: Assessment;
  created: boolean;
  warnings: QuotaWarning[];
}

export function presentAssessment(a: Assessment) {
  return { ...a, ratingLabel: RATING_LABELS_VI[a.rating] };
}

export async function putAssessment(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  periodText: string,
  input: AssessmentInput,
  expected?: number,
): Promise<AssessmentResult> {
  authorize(actor, 'putAssessment');
  const period = requirePeriod(periodText);
  const current = await loadForWrite(deps, actor, officialId);
  const before = current.assessments.find((a) => a.period === periodText);
  if (before && expected === undefined)
    throw new ConflictError(
      'ASSESSMENT_EXISTS',
      `Kỳ ${periodText} đã có kết quả đánh giá (version ${before.version}); gửi kèm version (hoặc If-Match) để cập nhật`,
    );
  if (before && expected !== before.version) throw staleVersion(before.version, expected!);
  if (!before && expected !== undefined)
    throw new ConflictError('STALE_VERSION', `Kỳ ${periodText} chưa có kết quả đánh giá nào để cập nhật (version ${expected})`);

  const start = periodStart(period);
  if (input.assessedOn < start)
    throw new RuleViolationError(
      'ASSESSED_BEFORE_PERIOD',
      `Ngày đánh giá ${input.assessedOn} trước khi kỳ ${periodText} bắt đầu (${start})`,
      [{ path: 'assessedOn', message: `Must be on or after ${start}` }],
    );
  checkAssessedOn(input.assessedOn, today(deps));
  const resolved = resolveRating({
    period: periodText,
    rating: input.rating,
    score: input.score,
    disciplined: input.disciplined,
    subperiodScores: period.kind === 'year' ? subperiodScores(current.assessments, period.year) : undefined,
  });
  const official = current.official;
  const now = deps.clock.now().toISOString();
  const assessment: Assessment = {
    id: before?.id ?? `${officialId}:${periodText}`,
    officialId,
    period: periodText,
    rating: resolved.rating,
    score: resolved.score,
    derivedFrom: resolved.derivedFrom,
    disciplined: input.disciplined,
    assessedOn: input.assessedOn,
    comments: input.comments,
    agencyId: official.agencyId,
    unitId: official.unitId,
    version: (before?.version ?? 0) + 1,
    createdAt: before?.createdAt ?? now,
    updatedAt: now,
  };

  const ratingCounts: NonNullable<AggregateWrite['ratingCounts']> = [];
  if (period.kind === 'year') {
    if (before?.agencyId) ratingCounts.push({ agencyId: before.agencyId, year: period.year, delta: { [before.rating]: -1 } });
    if (assessment.agencyId) ratingCounts.push({ agencyId: assessment.agencyId, year: period.year, delta: { [assessment.rating]: 1 } });
  }
  // Computed before the write (counts read now plus this write's delta), so the response stored with the write for
  // an Idempotency-Key replay is the one sent.
  const warnings = await quotaWarnings(deps, actor, assessment, ratingCounts, period.kind === 'year' ? period.year : undefined);
  const result: AssessmentResult = { assessment, created: !before, warnings };
  await commit(
    deps,
    current,
    {
      ...current,
      assessments: before
        ? current.assessments.map((a) => (a.period === periodText ? assessment : a))
        : [...current.assessments, assessment],
    },
    {
      assessment: { item: assessment, create: !before, expectedVersion: before?.version },
      ratingCounts,
      audit: [
        auditRecord(deps, actor, {
          entityType: 'assessment',
          entityId: assessment.id,
          parentId: officialId,
          action: before ? 'update' : 'create',
          unitPath: official.unitPath,
          agencyId: official.agencyId,
          before,
          after: assessment,
        }),
      ],
      idempotency: idempotentResponse(actor, result),
    },
  );
  return result;
}

/**
 * The excellent-quota warning for the agency of an annual excellent rating, shown only to a caller who sees the
 * whole agency: the figures count officials outside a narrower scope.
 */
async function quotaWarnings(
  deps: UseCaseDeps,
  actor: Actor,
  assessment: Assessment,
  deltas: NonNullable<AggregateWrite['ratingCounts']>,
  year: number | undefined,
): Promise<QuotaWarning[]> {
  const agencyId = assessment.agencyId;
  if (year === undefined || assessment.rating !== 'excellent' || !agencyId) return [];
  const agency = await deps.organisation.getUnit(agencyId);
  if (!agency || !canSee(actor.principal, [...agency.ancestors, agency.id])) return [];
  const counts = await deps.officials.getRatingCounts(agencyId, year);
  for (const d of deltas.filter((x) => x.agencyId === agencyId && x.year === year))
    for (const [rating, delta] of Object.entries(d.delta)) counts[rating as Rating] += delta ?? 0;
  const warning = quotaWarning(counts);
  return warning ? [{ ...warning, agencyId, year }] : [];
}

/** Void an assessment entered by mistake, at the version read; the quota counters are adjusted in the same write. */
export async function deleteAssessment(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  periodText: string,
  expected: number,
): Promise<void> {
  authorize(actor, 'deleteAssessment');
  const period = requirePeriod(periodText);
  const current = await loadForWrite(deps, actor, officialId);
  const before = current.assessments.find((a) => a.period === periodText);
  if (!before) throw new NotFoundError('Kết quả đánh giá kỳ', periodText);
  if (expected !== before.version) throw staleVersion(before.version, expected);
  await commit(
    deps,
    current,
    { ...current, assessments: current.assessments.filter((a) => a.period !== periodText) },
    {
      assessment: { item: before, delete: true, expectedVersion: before.version },
      ratingCounts:
        period.kind === 'year' && before.agencyId
          ? [{ agencyId: before.agencyId, year: period.year, delta: { [before.rating]: -1 } }]
          : [],
      audit: [
        auditRecord(deps, actor, {
          entityType: 'assessment',
          entityId: before.id,
          parentId: officialId,
          action: 'delete',
          unitPath: current.official.unitPath,
          agencyId: current.official.agencyId,
          before,
        }),
      ],
      idempotency: idempotentResponse(actor, undefined),
    },
  );
}

/** The year's monthly scores, or else its quarterly ones, for deriving an annual rating (Decree 335/2025). */
function subperiodScores(assessments: Assessment[], year: number): number[] {
  const scored = assessments
    .map((a) => ({ period: parsePeriod(a.period), score: a.score }))
    .filter((a) => a.period?.year === year && a.score !== undefined);
  const months = scored.filter((a) => a.period!.kind === 'month');
  return (months.length ? months : scored.filter((a) => a.period!.kind === 'quarter')).map((a) => a.score!);
}

export async function listOfficialAssessments(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<Assessment>> {
  authorize(actor, 'listOfficialAssessments');
  const { assessments, official } = await loadForRead(deps, actor, officialId);
  const sorted = [...assessments].sort((a, b) => {
    const byEnd = periodEnd(parsePeriod(b.period)!).localeCompare(periodEnd(parsePeriod(a.period)!));
    // A year and its December end together: the year first.
    return byEnd || a.period.length - b.period.length;
  });
  const page = pageByOffset(sorted, decodeOffset(query.cursor), query.limit);
  if (page.items.length)
    await logSensitiveReads(deps, actor, 'listOfficialAssessments', [{ official, kinds: ['assessment'] }]);
  return page;
}
