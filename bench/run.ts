/**
 * `npm run bench`: prints how the API performs against a real in-memory DynamoDB Local. It asserts nothing.
 *
 * 1. Flags scaling: agencies of N officials each (BENCH_SIZES, default 200,1000,5000), 2% of
 *    them flagged by construction. GET /v1/tenure/flags per agency, with what DynamoDB returned for it: the items
 *    the flag query reads should track the flagged count, not N.
 * 2. Write path: POST /v1/officials/{id}/assignments (the transactional aggregate write) and
 *    GET /v1/officials/{id}/tenure, one call at a time.
 * 3. Proposal drafting (issue 7): an agency of BENCH_DRAFT_SIZE officials in posts of headcount 1-5 with a few
 *    vacancies, a tenth of them overdue (bench/lib/drafting.ts); draftProposal for it, timed, with what it placed,
 *    what DynamoDB returned and where the time went.
 * Figures also go to .data/bench/latest.json.
 *
 * Env: BENCH_SIZES (comma-separated), BENCH_FLAG_RUNS (30), BENCH_WRITE_RUNS (200), BENCH_CONCURRENCY (24),
 * BENCH_DRAFT_SIZE (2000; 0 skips the drafting), BENCH_DRAFT_RUNS (5).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { forEachLimited } from '../scripts/lib/concurrency';
import { countItems as countTableItems, itemsRead, type MeterReading } from '../shared/adapters/dynamo/read-meter';
import { createOfficial } from '../shared/use-cases/manage-officials';
import { createPosition } from '../shared/use-cases/manage-positions';
import { createUnit } from '../shared/use-cases/manage-units';
import { draftProposal } from '../shared/use-cases/manage-proposals';
import { createAssignment } from '../shared/use-cases/record-assignment';
import { agencyPlan, AS_OF, PROVINCE, type AgencyPlan } from './lib/dataset';
import { draftingPlan, EFFECTIVE_DATE, type DraftingPlan } from './lib/drafting';
import { startHarness, type Harness, type KeyReading } from './lib/harness';
import { profileDeps, type PhaseFigure } from './lib/profile';
import { formatTable, percentile, summarize, timed, type LatencySummary } from './lib/stats';

/** The indexes the flag query reads (access patterns 6 and 7 in shared/adapters/dynamo/keys.ts). */
const FLAG_INDEXES = ['GSI2', 'GSI3'];
const WARMUP_RUNS = 3;
/** 09:00 in Hồ Chí Minh City on AS_OF: every timestamp the app writes is this instant. */
const FIXED_NOW = new Date(`${AS_OF}T02:00:00.000Z`);
const RESULTS_FILE = resolve('.data/bench/latest.json');

interface Settings {
  sizes: number[];
  flagRuns: number;
  writeRuns: number;
  concurrency: number;
  draftSize: number;
  draftRuns: number;
}

interface LoadFigure {
  agencyId: string;
  officials: number;
  seconds: number;
  officialsPerSecond: number;
}

interface FlagFigure {
  scope: string;
  staff: number;
  flagged: number;
  expectedFlagged: number;
  /** Items returned by the GSI2 and GSI3 queries, per call. */
  itemsRead: number;
  /** Items DynamoDB examined for those queries (what it bills); equals itemsRead when no filter is applied. */
  itemsScanned: number;
  flagQueryRequests: number;
  /** Every DynamoDB request of one call, the unit-list query included. */
  requests: number;
  latencyMs: LatencySummary;
}

interface WriteFigure {
  operation: string;
  requestsPerCall: number;
  latencyMs: LatencySummary;
}

/** What one draftProposal call read from DynamoDB: items returned, by the access path that returned them. */
interface DraftReads {
  /** Every item returned: the sum of the rest. */
  items: number;
  /** GSI2 / GSI3 queries (due dates, unsatisfactory, leavers): the flagged officials' status items. */
  flagIndexes: number;
  /** GSI1 queries: the unit list and the agency's positions. */
  listsIndex: number;
  /** Base-table queries: the candidates' aggregates (one partition each). */
  aggregates: number;
  /** BatchGetItem: the posts of the candidates' assignments, read with each aggregate. */
  batchGet: number;
  /** GetItem: the scope unit. */
  getItem: number;
  /** Items DynamoDB examined for the queries (ScannedCount); equal to their Count when no filter applies. */
  queryItemsScanned: number;
  requests: number;
  byCommand: Record<string, number>;
}

interface DraftRun {
  ms: number;
  candidates: number;
  placed: number;
  /** Placed into a post another candidate of the proposal leaves (`via: { vacatedBy }`): swaps, cycles, chains. */
  placedBySwapOrChain: number;
  placedInVacancy: number;
  unarranged: number;
  unarrangedWhy: Record<string, number>;
  exempt: number;
  reads: DraftReads;
  phases: PhaseFigure[];
}

interface DraftFigure {
  agencyId: string;
  staff: number;
  units: number;
  positions: number;
  places: number;
  vacantPlaces: number;
  postsWithVacancy: number;
  expectedCandidates: number;
  leaderCandidates: number;
  asOf: string;
  effectiveDate: string;
  /** The first call, before the timed ones (JIT warm-up), in ms. */
  warmupMs: number;
  runsMs: number[];
  medianMs: number;
  latencyMs: LatencySummary;
  /** The counts of the median run (every run drafts the same proposal; `consistent` says whether they agreed). */
  candidates: number;
  placed: number;
  placedBySwapOrChain: number;
  placedInVacancy: number;
  unarranged: number;
  unarrangedWhy: Record<string, number>;
  exempt: number;
  consistent: boolean;
  reads: DraftReads;
  /** Per phase, the median over the timed runs of its wall-clock ms. */
  phases: { phase: string; calls: number; medianMs: number }[];
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const int = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got '${raw}'`);
    return n;
  };
  const sizes = (env.BENCH_SIZES ?? '200,1000,5000')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`BENCH_SIZES must be positive integers separated by commas, got '${env.BENCH_SIZES}'`);
  if (new Set(sizes).size !== sizes.length) throw new Error('BENCH_SIZES must not repeat a size (one agency per size)');
  return {
    sizes,
    flagRuns: int('BENCH_FLAG_RUNS', 30, 1),
    writeRuns: int('BENCH_WRITE_RUNS', 200, 1),
    concurrency: int('BENCH_CONCURRENCY', 24, 1),
    draftSize: int('BENCH_DRAFT_SIZE', 2000, 0),
    draftRuns: int('BENCH_DRAFT_RUNS', 5, 1),
  };
}

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  const machine = describeMachine();
  log(`luanchuyen bench: node ${machine.node}, ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.java}`);
  log(`sizes ${settings.sizes.join(', ')}; ${settings.flagRuns} flag runs; ${settings.writeRuns} write runs; load concurrency ${settings.concurrency}`);

  const harness = await startHarness({ now: FIXED_NOW });
  stopOnSignal(harness);
  try {
    await createUnit(harness.deps, harness.loader, PROVINCE);
    const plans = settings.sizes.map((size) => agencyPlan(size));
    const loads: LoadFigure[] = [];
    for (const plan of plans) loads.push(await loadAgency(harness, plan, settings.concurrency));

    const flags: FlagFigure[] = [];
    for (const plan of plans)
      flags.push(await measureFlags(harness, plan.agencyId, plan.officials.length, plan.expectedFlagged, settings.flagRuns));
    const staffTotal = plans.reduce((sum, p) => sum + p.officials.length, 0);
    const flaggedTotal = plans.reduce((sum, p) => sum + p.expectedFlagged, 0);

    const { figures: writes, plan: writePlan } = await measureWrites(harness, settings.writeRuns);
    // The whole province: every sized agency plus the write agency, whose officials now hold the dataset's
    // assignments too (2% of them flagged). One query pair per agency, each reading only its flagged items.
    flags.push(
      await measureFlags(
        harness,
        undefined,
        staffTotal + writePlan.officials.length,
        flaggedTotal + writePlan.expectedFlagged,
        settings.flagRuns,
      ),
    );
    const tableItems = await countItems(harness);

    // Last, so that the figures above do not depend on whether it runs.
    let drafting: DraftFigure | undefined;
    if (settings.draftSize > 0) {
      const plan = draftingPlan(settings.draftSize);
      loads.push(await loadDraftingAgency(harness, plan, settings.concurrency));
      drafting = await measureDrafting(harness, plan, settings.draftRuns);
    }

    report({ settings, machine, loads, flags, writes, tableItems, drafting });
    await writeResults({
      generatedAt: new Date().toISOString(),
      asOf: AS_OF,
      settings,
      machine,
      loads,
      flags,
      writes,
      tableItems,
      drafting,
    });
  } finally {
    await harness.close();
  }
}

/** Units and posts one by one (a handful), then the officials with `concurrency` in flight. */
async function loadAgency(harness: Harness, plan: AgencyPlan, concurrency: number): Promise<LoadFigure> {
  const { deps, loader } = harness;
  const { ms } = await timed(async () => {
    for (const unit of plan.units) await createUnit(deps, loader, unit);
    for (const position of plan.positions) await createPosition(deps, loader, position);
    // createOfficial + createAssignment are the use cases behind POST /v1/officials and POST .../assignments,
    // so the items (status with its due-date index entry, audit records, employee-code claim) are the app's own.
    await forEachLimited(plan.officials, concurrency, async ({ official, assignment }) => {
      await createOfficial(deps, loader, official);
      await createAssignment(deps, loader, official.id, assignment);
    });
  });
  harness.meter.take();
  const seconds = ms / 1000;
  const figure = {
    agencyId: plan.agencyId,
    officials: plan.officials.length,
    seconds: round(seconds, 1),
    officialsPerSecond: round(plan.officials.length / seconds, 0),
  };
  log(`loaded ${plan.agencyId}: ${figure.officials} officials in ${figure.seconds} s (${figure.officialsPerSecond}/s)`);
  return figure;
}

/**
 * Times GET /v1/tenure/flags for one agency (or, without `agencyId`, the whole province) and records what
 * DynamoDB returned for every timed call. The counts are per call; they are the same on every run, and if
 * they ever differ the largest is reported.
 */
async function measureFlags(
  harness: Harness,
  agencyId: string | undefined,
  staff: number,
  expectedFlagged: number,
  runs: number,
): Promise<FlagFigure> {
  const token = await harness.token('auditor', '*');
  const query = new URLSearchParams({ asOf: AS_OF, limit: '500', ...(agencyId ? { unitId: agencyId } : {}) });
  const call = async () => {
    const res = await harness.app.request(`/v1/tenure/flags?${query}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { items?: unknown[]; nextCursor?: string };
    if (res.status !== 200) throw new Error(`GET /v1/tenure/flags answered ${res.status}: ${JSON.stringify(body)}`);
    if (body.nextCursor) throw new Error('more than 500 flags: raise the page limit in the bench');
    return body.items?.length ?? 0;
  };
  for (let i = 0; i < WARMUP_RUNS; i++) await call();
  harness.meter.take();
  const samples: number[] = [];
  const readings: MeterReading[] = [];
  let flagged = 0;
  for (let i = 0; i < runs; i++) {
    const { ms, value } = await timed(call);
    readings.push(harness.meter.take());
    samples.push(ms);
    flagged = value;
  }
  const perCall = readings.map((r) => {
    const flagReads = itemsRead(r, FLAG_INDEXES);
    return { count: flagReads.count, scanned: flagReads.scanned, flagQueryRequests: flagReads.requests, requests: r.requests };
  });
  const figure: FlagFigure = {
    scope: agencyId ?? 'all agencies',
    staff,
    flagged,
    expectedFlagged,
    itemsRead: Math.max(...perCall.map((c) => c.count)),
    itemsScanned: Math.max(...perCall.map((c) => c.scanned)),
    flagQueryRequests: Math.max(...perCall.map((c) => c.flagQueryRequests)),
    requests: Math.max(...perCall.map((c) => c.requests)),
    latencyMs: summarize(samples),
  };
  log(`flags ${figure.scope}: ${flagged} flagged, ${figure.itemsRead} items read, p50 ${figure.latencyMs.p50} ms`);
  return figure;
}

/**
 * One call at a time through app.request: POST an assignment to officials that have none (each call is the
 * full read-aggregate, recompute-status, transactional write), then GET each one's tenure.
 */
async function measureWrites(harness: Harness, runs: number): Promise<{ figures: WriteFigure[]; plan: AgencyPlan }> {
  const plan = agencyPlan(runs + WARMUP_RUNS, 'BENCH-W');
  const { deps, loader } = harness;
  for (const unit of plan.units) await createUnit(deps, loader, unit);
  for (const position of plan.positions) await createPosition(deps, loader, position);
  await forEachLimited(plan.officials, 16, async ({ official }) => {
    await createOfficial(deps, loader, official);
  });
  harness.meter.take();

  const token = await harness.token('hr', [plan.agencyId]);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (index: number) => {
    const { official, assignment } = plan.officials[index];
    const { id: _id, primary: _primary, ...body } = assignment;
    const res = await harness.app.request(`/v1/officials/${official.id}/assignments`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST assignments answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  const get = async (index: number) => {
    const res = await harness.app.request(`/v1/officials/${plan.officials[index].official.id}/tenure?asOf=${AS_OF}`, {
      headers,
    });
    if (res.status !== 200) throw new Error(`GET tenure answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };

  const measure = async (operation: string, work: (index: number) => Promise<void>): Promise<WriteFigure> => {
    for (let i = 0; i < WARMUP_RUNS; i++) await work(i);
    harness.meter.take();
    const samples: number[] = [];
    for (let i = WARMUP_RUNS; i < plan.officials.length; i++) samples.push((await timed(() => work(i))).ms);
    const requests = harness.meter.take().requests;
    const figure = { operation, requestsPerCall: round(requests / samples.length, 2), latencyMs: summarize(samples) };
    log(`${operation}: p50 ${figure.latencyMs.p50} ms, p95 ${figure.latencyMs.p95} ms`);
    return figure;
  };
  const figures = [
    await measure('POST /v1/officials/{id}/assignments', post),
    await measure('GET /v1/officials/{id}/tenure', get),
  ];
  return { figures, plan };
}

/**
 * The drafting agency through the use cases: units one by one (parents first), posts and then officials with
 * `concurrency` in flight. An official with an earlier post gets that (closed) assignment before the current one.
 */
async function loadDraftingAgency(harness: Harness, plan: DraftingPlan, concurrency: number): Promise<LoadFigure> {
  const { deps, loader } = harness;
  const { ms } = await timed(async () => {
    for (const unit of plan.units) await createUnit(deps, loader, unit);
    await forEachLimited(plan.positions, concurrency, async (position) => {
      await createPosition(deps, loader, position);
    });
    await forEachLimited(plan.officials, concurrency, async ({ official, previous, assignment }) => {
      await createOfficial(deps, loader, official);
      if (previous) await createAssignment(deps, loader, official.id, previous);
      await createAssignment(deps, loader, official.id, assignment);
    });
  });
  harness.meter.take();
  harness.keyReads.take();
  const seconds = ms / 1000;
  const figure = {
    agencyId: plan.agencyId,
    officials: plan.officials.length,
    seconds: round(seconds, 1),
    officialsPerSecond: round(plan.officials.length / seconds, 0),
  };
  log(
    `loaded ${plan.agencyId}: ${plan.units.length} units, ${plan.positions.length} posts (${plan.places} places, ` +
      `${plan.vacantPlaces} vacant), ${figure.officials} officials in ${figure.seconds} s`,
  );
  return figure;
}

/** What each store call belongs to, for the drafting's time profile. */
const DRAFT_PHASES: Record<string, string> = {
  'organisation.getUnit': 'scope: unit and unit list',
  'organisation.listAllUnits': 'scope: unit and unit list',
  'officials.queryDueStatuses': 'flags indexes',
  'officials.queryUnsatisfactoryStatuses': 'flags indexes',
  'officials.queryLeaversInService': 'flags indexes',
  'organisation.listPositions': 'positions in scope',
  'officials.getOfficialAggregate': "candidates' aggregates",
  'organisation.getPositions': "candidates' aggregates",
  'proposals.create': 'writing the proposal',
};
const DRAFT_OWN_WORK = 'own work: rules, placement, items (no I/O)';

/**
 * draftProposal (the use case behind POST /v1/proposals) for the drafting agency, as an HR principal of the whole
 * province: one warm-up call, then `runs` timed ones. Every call drafts (and stores) the same proposal; nothing
 * it writes changes the next one's input.
 */
async function measureDrafting(harness: Harness, plan: DraftingPlan, runs: number): Promise<DraftFigure> {
  const profile = profileDeps(harness.deps);
  const input = { scopeUnitId: plan.agencyId, asOf: AS_OF, effectiveDate: EFFECTIVE_DATE };
  const warmup = await timed(() => draftProposal(harness.deps, harness.loader, input));
  log(`drafting ${plan.agencyId}: warm-up call ${warmup.ms.toFixed(0)} ms`);
  const results: DraftRun[] = [];
  for (let i = 0; i < runs; i++) {
    harness.meter.take();
    harness.keyReads.take();
    profile.take(0, {}, '');
    const { ms, value: proposal } = await timed(() => draftProposal(profile.deps, harness.loader, input));
    const reads = draftReads(harness.meter.take(), harness.keyReads.take());
    const phases = profile.take(ms, DRAFT_PHASES, DRAFT_OWN_WORK);
    const bySwap = proposal.items.filter((item) => typeof item.via === 'object').length;
    const unarrangedWhy: Record<string, number> = {};
    for (const u of proposal.unarranged) unarrangedWhy[u.why] = (unarrangedWhy[u.why] ?? 0) + 1;
    results.push({
      ms,
      candidates: proposal.items.length + proposal.unarranged.length,
      placed: proposal.items.length,
      placedBySwapOrChain: bySwap,
      placedInVacancy: proposal.items.length - bySwap,
      unarranged: proposal.unarranged.length,
      unarrangedWhy,
      exempt: proposal.exempt.length,
      reads,
      phases,
    });
    log(`drafting ${plan.agencyId}: run ${i + 1}/${runs} ${ms.toFixed(0)} ms, ${proposal.items.length} placed`);
  }
  const runsMs = results.map((r) => round(r.ms, 1));
  const medianMs = round(percentile(runsMs, 50), 1);
  const median = results.find((r) => round(r.ms, 1) === medianMs)!;
  const signature = (r: DraftRun) =>
    JSON.stringify([r.candidates, r.placed, r.placedBySwapOrChain, r.unarranged, r.exempt, r.reads.items, r.reads.requests]);
  const phaseNames = [...new Set(results.flatMap((r) => r.phases.map((p) => p.phase)))];
  return {
    agencyId: plan.agencyId,
    staff: plan.officials.length,
    units: plan.units.length,
    positions: plan.positions.length,
    places: plan.places,
    vacantPlaces: plan.vacantPlaces,
    postsWithVacancy: plan.postsWithVacancy,
    expectedCandidates: plan.expectedCandidates,
    leaderCandidates: plan.leaderCandidates,
    asOf: AS_OF,
    effectiveDate: EFFECTIVE_DATE,
    warmupMs: round(warmup.ms, 1),
    runsMs,
    medianMs,
    latencyMs: summarize(results.map((r) => r.ms)),
    candidates: median.candidates,
    placed: median.placed,
    placedBySwapOrChain: median.placedBySwapOrChain,
    placedInVacancy: median.placedInVacancy,
    unarranged: median.unarranged,
    unarrangedWhy: median.unarrangedWhy,
    exempt: median.exempt,
    consistent: results.every((r) => signature(r) === signature(results[0])),
    reads: median.reads,
    phases: phaseNames.map((phase) => {
      const of = results.map((r) => r.phases.find((p) => p.phase === phase));
      return {
        phase,
        calls: Math.max(...of.map((p) => p?.calls ?? 0)),
        medianMs: round(percentile(of.map((p) => p?.wallMs ?? 0), 50), 1),
      };
    }),
  };
}

function draftReads(reading: MeterReading, keys: KeyReading): DraftReads {
  const flagIndexes = itemsRead(reading, FLAG_INDEXES).count;
  const listsIndex = itemsRead(reading, ['GSI1']).count;
  const baseTable = reading.reads.filter((r) => r.indexName === undefined);
  const aggregates = baseTable.reduce((n, r) => n + r.count, 0);
  return {
    items: flagIndexes + listsIndex + aggregates + keys.batchGetItem.items + keys.getItem.items,
    flagIndexes,
    listsIndex,
    aggregates,
    batchGet: keys.batchGetItem.items,
    getItem: keys.getItem.items,
    queryItemsScanned: reading.reads.reduce((n, r) => n + r.scannedCount, 0),
    requests: reading.requests,
    byCommand: reading.byCommand,
  };
}

/** Every item in the table, to show how much the flag query leaves unread; not counted as the app's reads. */
async function countItems(harness: Harness): Promise<number> {
  harness.meter.take();
  const total = await countTableItems(harness.client, harness.tableName);
  harness.meter.take();
  return total;
}

interface Machine {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  java: string;
}

function describeMachine(): Machine {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const javaLine = `${java.stderr ?? ''}${java.stdout ?? ''}`.split('\n')[0]?.trim();
  const cpuList = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    java: javaLine || 'java: unknown',
  };
}

const CAVEAT = [
  'Caveat: DynamoDB Local is a JVM over SQLite on this machine, not the DynamoDB service. Latencies here are',
  'local round trips with no network, no throttling and no replication; they compare sizes with each other, not',
  'with AWS. The item and request counts are what carries over: they are what DynamoDB would read and bill.',
].join('\n');

function report(figures: {
  settings: Settings;
  machine: Machine;
  loads: LoadFigure[];
  flags: FlagFigure[];
  writes: WriteFigure[];
  tableItems: number;
  drafting?: DraftFigure;
}): void {
  const { machine, settings, flags, writes, loads, drafting } = figures;
  const out: string[] = [];
  out.push('');
  out.push('== Machine');
  out.push(`node ${machine.node} on ${machine.platform}; ${machine.cpus} CPUs (${machine.cpuModel}); ${machine.memoryGiB} GiB RAM`);
  out.push(`${machine.java}; DynamoDB Local in memory; asOf ${AS_OF}`);
  out.push('');
  out.push('== Loading (use cases createOfficial + createAssignment, concurrency ' + settings.concurrency + ')');
  out.push(
    formatTable(
      ['agency', 'officials', 'seconds', 'officials/s'],
      loads.map((l) => [l.agencyId, l.officials, l.seconds, l.officialsPerSecond]),
    ),
  );
  out.push('');
  out.push(`== 1. GET /v1/tenure/flags (${settings.flagRuns} timed runs after ${WARMUP_RUNS} warm-up; table holds ${figures.tableItems} items)`);
  out.push(
    formatTable(
      ['scope', 'staff N', 'flagged', 'items read', 'scanned', 'requests', 'p50 ms', 'p95 ms'],
      flags.map((f) => [
        f.scope,
        f.staff,
        f.flagged === f.expectedFlagged ? f.flagged : `${f.flagged} (expected ${f.expectedFlagged})`,
        f.itemsRead,
        f.itemsScanned,
        `${f.requests} (${f.flagQueryRequests} flag)`,
        f.latencyMs.p50.toFixed(2),
        f.latencyMs.p95.toFixed(2),
      ]),
    ),
  );
  out.push('items read / scanned: Count / ScannedCount summed over the flag queries (GSI2 due dates, GSI3 unsatisfactory).');
  out.push('requests: every DynamoDB request of one call; the rest are the unit-list query that resolves scope.');
  out.push('');
  out.push(`== 2. Write path (one call at a time, ${settings.writeRuns} timed calls each after ${WARMUP_RUNS} warm-up)`);
  out.push(
    formatTable(
      ['operation', 'DynamoDB requests/call', 'p50 ms', 'p95 ms', 'max ms'],
      writes.map((w) => [w.operation, w.requestsPerCall, w.latencyMs.p50.toFixed(2), w.latencyMs.p95.toFixed(2), w.latencyMs.max.toFixed(2)]),
    ),
  );
  if (drafting) {
    const d = drafting;
    out.push('');
    out.push(
      `== 3. Proposal drafting: draftProposal for ${d.agencyId}, asOf ${d.asOf}, effective ${d.effectiveDate} ` +
        `(${settings.draftRuns} timed runs after 1 warm-up of ${d.warmupMs.toFixed(0)} ms)`,
    );
    out.push(
      `agency: ${d.staff} officials, ${d.units} units, ${d.positions} posts of headcount 1-5 (${d.places} places, ` +
        `${d.vacantPlaces} vacant in ${d.postsWithVacancy} posts); ${d.expectedCandidates} overdue, ${d.leaderCandidates} of them leaders`,
    );
    const why = Object.entries(d.unarrangedWhy)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    out.push(
      formatTable(
        ['agency', 'staff', 'candidates', 'placed', 'by swap/chain', 'unarranged', 'items read', 'requests', 'median ms', 'runs ms'],
        [
          [
            d.agencyId,
            d.staff,
            d.candidates,
            d.placed,
            d.placedBySwapOrChain,
            d.unarranged,
            d.reads.items,
            d.reads.requests,
            d.medianMs.toFixed(0),
            d.runsMs.map((ms) => ms.toFixed(0)).join(' '),
          ],
        ],
      ),
    );
    out.push(
      `unarranged: ${why || 'none'}; exempt ${d.exempt}; ${d.consistent ? 'every run drafted the same counts' : 'RUNS DIFFERED (counts of the median run shown)'}.`,
    );
    const r = d.reads;
    out.push(
      `items read: ${r.flagIndexes} flag-index + ${r.listsIndex} unit/position list + ${r.aggregates} aggregate + ` +
        `${r.batchGet} batch-get posts + ${r.getItem} get-item (queries scanned ${r.queryItemsScanned}); requests ` +
        Object.entries(r.byCommand)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([c, n]) => `${c.replace(/Command$/, '')} ${n}`)
          .join(', ') +
        '.',
    );
    out.push(`Where the time goes (median wall-clock ms per phase; the flags and positions reads run side by side):`);
    out.push(formatTable(['phase', 'store calls', 'median ms'], d.phases.map((p) => [p.phase, p.calls || '', p.medianMs.toFixed(1)])));
  }
  out.push('');
  out.push(CAVEAT);
  out.push(`Figures written to ${RESULTS_FILE}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

async function writeResults(results: object): Promise<void> {
  await mkdir(dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}

/**
 * Ctrl-C or a kill stops DynamoDB Local before exiting. (Were the process to die without this, the JVM's
 * watchdog still ends it when our end of its stdin pipe closes.)
 */
function stopOnSignal(harness: Harness): void {
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(name, () => {
      log(`${name}: stopping DynamoDB Local`);
      void harness.close().finally(() => process.exit(name === 'SIGINT' ? 130 : 143));
    });
  }
}

/** Progress goes to stderr so that stdout is the report alone. */
function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
