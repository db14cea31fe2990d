/**
 * `npm run bench`: prints how the API performs against a real in-memory DynamoDB Local. It asserts nothing.
 *
 * 1. Flags scaling: agencies of N officials each (BENCH_SIZES, default 200,1000,5000), 2% of
 *    them flagged by construction. GET /v1/tenure/flags per agency, with what DynamoDB returned for it: the items
 *    the flag query reads should track the flagged count, not N.
 * 2. Write path: POST /v1/officials/{id}/assignments (the transactional aggregate write) and
 *    GET /v1/officials/{id}/tenure, one call at a time.
 * Figures also go to .data/bench/latest.json.
 *
 * Env: BENCH_SIZES (comma-separated), BENCH_FLAG_RUNS (30), BENCH_WRITE_RUNS (200), BENCH_CONCURRENCY (24).
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
import { createAssignment } from '../shared/use-cases/record-assignment';
import { agencyPlan, AS_OF, PROVINCE, type AgencyPlan } from './lib/dataset';
import { startHarness, type Harness } from './lib/harness';
import { formatTable, summarize, timed, type LatencySummary } from './lib/stats';

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

    report({ settings, machine, loads, flags, writes, tableItems });
    await writeResults({ generatedAt: new Date().toISOString(), asOf: AS_OF, settings, machine, loads, flags, writes, tableItems });
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
}): void {
  const { machine, settings, flags, writes, loads } = figures;
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
