/**
 * The national-scale measurements over a loaded country (./national.ts): the flag query's reads and latency, HTTP load
 * with autocannon beside a bare GetItem floor, and an alert run. Each returns plain figures; run.ts prints and saves.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { storedMails } from '../../scripts/lib/ses-local';
import { keys } from '../../shared/adapters/dynamo/keys';
import { itemsReadIn, type MeterReading } from '../../shared/adapters/dynamo/read-meter';
import { systemActor } from '../../shared/use-cases/policy';
import { runAlerts } from '../../shared/use-cases/run-alerts';
import { AS_OF } from './dataset';
import type { Harness, KeyReading } from './harness';
import { MEASURED_AGENCY, NATION_PROVINCE, type NationPlan } from './national';
import { summarize, timed, type LatencySummary } from './stats';

/** Everything one call read, whatever the access path: query items examined, GetItem and BatchGetItem items. */
export interface Reads {
  items: number;
  /** Of which the flag indexes (GSI2, GSI3 due/unsatisfactory/leavers and the scope indexes). */
  queryItems: number;
  keyItems: number;
  requests: number;
}

function readsOf(reading: MeterReading, keys: KeyReading): Reads {
  const queryItems = reading.reads.reduce((n, r) => n + r.scannedCount, 0);
  const keyItems = keys.getItem.items + keys.batchGetItem.items;
  return { items: queryItems + keyItems, queryItems, keyItems, requests: reading.requests };
}

export interface NationFlagFigure {
  officials: number;
  agencies: number;
  units: number;
  caller: string;
  flagged: number;
  expectedFlagged: number;
  reads: Reads;
  itemsPerFlagged: number;
  /** What resolving the same scope read before this change: the whole unit list (pattern 2). */
  unitListItems: number;
  latencyMs: LatencySummary;
}

/**
 * GET /v1/tenure/flags as an HR officer of the measured agency (its flag count is the same at every N) and as an
 * auditor of the whole province (every agency), `runs` timed calls after 3 warm-ups; reads are counted per call.
 */
export async function measureNationFlags(harness: Harness, plan: NationPlan, runs: number): Promise<NationFlagFigure[]> {
  harness.meter.take();
  harness.keyReads.take();
  const unitListItems = (await harness.deps.organisation.listAllUnits()).length;
  harness.meter.take();
  harness.keyReads.take();
  const callers = [
    { caller: `hr of ${MEASURED_AGENCY}`, role: 'hr' as const, units: [MEASURED_AGENCY], expected: plan.measuredFlagged, runs },
    { caller: `auditor of ${NATION_PROVINCE} (all agencies)`, role: 'auditor' as const, units: [NATION_PROVINCE], expected: plan.flagged, runs: Math.min(runs, 5) },
  ];
  const figures: NationFlagFigure[] = [];
  for (const c of callers) {
    const token = await harness.token(c.role, c.units);
    const call = async () => {
      let count = 0;
      let cursor: string | undefined;
      do {
        const query = new URLSearchParams({ asOf: AS_OF, limit: '500', ...(cursor ? { cursor } : {}) });
        const res = await harness.app.request(`/v1/tenure/flags?${query}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { items?: unknown[]; nextCursor?: string };
        if (res.status !== 200) throw new Error(`GET /v1/tenure/flags answered ${res.status}: ${JSON.stringify(body)}`);
        count += body.items?.length ?? 0;
        cursor = body.nextCursor;
      } while (cursor);
      return count;
    };
    for (let i = 0; i < 3; i++) await call();
    const samples: number[] = [];
    let reads: Reads = { items: 0, queryItems: 0, keyItems: 0, requests: 0 };
    let flagged = 0;
    for (let i = 0; i < c.runs; i++) {
      harness.meter.take();
      harness.keyReads.take();
      const { ms, value } = await timed(call);
      const r = readsOf(harness.meter.take(), harness.keyReads.take());
      // The same on every run; the largest is kept if they ever differ (a page boundary, a retry).
      if (r.items >= reads.items) reads = r;
      samples.push(ms);
      flagged = value;
    }
    figures.push({
      officials: plan.officials,
      agencies: plan.agencies.length,
      units: plan.units,
      caller: c.caller,
      flagged,
      expectedFlagged: c.expected,
      reads,
      itemsPerFlagged: round(reads.items / Math.max(1, flagged), 3),
      unitListItems,
      latencyMs: summarize(samples),
    });
  }
  return figures;
}

export interface LoadFigure {
  route: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface ApiFigure {
  connections: number;
  seconds: number;
  rounds: LoadFigure[];
  /** Per route, the mean of its rounds. */
  routes: LoadFigure[];
  tenureP99OverFloor: number;
}

/**
 * autocannon, 16 connections, `seconds` per round, against a server process of the bench's own (./api-server.ts):
 * the floor, GET tenure and GET flags, each twice, interleaved (floor, tenure, flags, floor, tenure, flags), so that a
 * burst of load from elsewhere on the machine falls on all of them alike. Tenure requests cycle through the measured
 * agency's officials. With BENCH_CPU_PROF=<dir> the server writes a V8 CPU profile there on exit.
 */
export async function measureApiLoad(
  harness: Harness,
  plan: NationPlan,
  options: { seconds: number; connections: number; rounds: number },
): Promise<ApiFigure> {
  // autocannon ships no types; its programmatic API is the one call typed below.
  const specifier = 'autocannon';
  const { default: autocannon } = (await import(specifier)) as { default: Autocannon };
  const server = await startApiServer(harness);
  const token = server.token;
  try {
    const ids = plan.sampleOfficialIds;
    const routes = [
      { route: 'floor: bare Hono + one GetItem', port: server.floorPort, path: (i: number) => `/floor/${ids[i % ids.length]}` },
      { route: 'GET /v1/officials/{id}/tenure', port: server.appPort, path: (i: number) => `/v1/officials/${ids[i % ids.length]}/tenure?asOf=${AS_OF}` },
      { route: `GET /v1/tenure/flags (hr of ${MEASURED_AGENCY})`, port: server.appPort, path: () => `/v1/tenure/flags?asOf=${AS_OF}&limit=50` },
    ];
    const rounds: LoadFigure[] = [];
    for (let round = 0; round < options.rounds + 1; round++)
      for (const r of routes) {
        let n = 0;
        const result = await autocannon({
          url: `http://127.0.0.1:${r.port}`,
          connections: options.connections,
          // The first round is a warm-up (JIT, connection pools), not recorded.
          duration: round === 0 ? 2 : options.seconds,
          headers: { authorization: `Bearer ${token}` },
          requests: [{ method: 'GET', setupRequest: (req: object) => ({ ...req, path: r.path(n++) }) }],
        });
        if (round === 0) continue;
        rounds.push({
          route: r.route,
          requestsPerSecond: Math.round(result.requests.average),
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
        });
        log(`load ${r.route}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
      }
    const mean = (route: string): LoadFigure => {
      const of = rounds.filter((f) => f.route === route);
      const avg = (pick: (f: LoadFigure) => number) => round(of.reduce((s, f) => s + pick(f), 0) / of.length, 1);
      return {
        route,
        requestsPerSecond: Math.round(avg((f) => f.requestsPerSecond)),
        p50: avg((f) => f.p50),
        p99: avg((f) => f.p99),
        non2xx: of.reduce((s, f) => s + f.non2xx, 0),
        errors: of.reduce((s, f) => s + f.errors, 0),
      };
    };
    const byRoute = routes.map((r) => mean(r.route));
    return {
      connections: options.connections,
      seconds: options.seconds,
      rounds,
      routes: byRoute,
      tenureP99OverFloor: round(byRoute[1].p99 / byRoute[0].p99, 2),
    };
  } finally {
    await server.stop();
  }
}

interface Autocannon {
  (options: object): Promise<{
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  }>;
}

async function startApiServer(harness: Harness) {
  const profileDir = process.env.BENCH_CPU_PROF;
  const child = spawn(
    process.execPath,
    [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : []),
      '--import',
      'tsx',
      resolve('bench/lib/api-server.ts'),
      harness.endpoint,
      harness.tableName,
      MEASURED_AGENCY,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  );
  const ports = await new Promise<{ appPort: number; floorPort: number; token: string }>((done, fail) => {
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /LISTENING (\d+) (\d+) (\S+)\n/.exec(err);
      if (m) done({ appPort: Number(m[1]), floorPort: Number(m[2]), token: m[3] });
    });
    child.once('exit', (code) => fail(new Error(`api server exited (${code}): ${err}`)));
  });
  return {
    ...ports,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export interface AlertFigure {
  officials: number;
  agencies: number;
  seconds: number;
  /** Officials whose due date falls in the run's threshold windows (all of them on a first run). */
  crossing: number;
  officialsNotified: number;
  reads: Reads;
  /**
   * Of the items read: the due-date index by month (the crossing officials), the agency list, units by key (none when
   * every status item carries its mail stamp), own records (pending notices, runs, restamp tasks).
   */
  dueIndexItems: number;
  agencyListItems: number;
  unitsByKey: number;
  ownRecordItems: number;
  /** Items read by anything else (0 unless the run reads what it should not). */
  otherItems: number;
  /** The requests the run sent to DynamoDB, by what they were for; `byCommand` by SDK command. */
  requests: {
    total: number;
    crossing: number;
    unitsByKey: number;
    agencyList: number;
    ownRecordReads: number;
    writes: number;
    byCommand: Record<string, number>;
  };
  mailsSent: number;
  /** What aws-ses-v2-local holds after the run: the mails that arrived. */
  mailsReceived: number;
  failures: number;
  unitsWithoutAddress: number;
}

/**
 * One alert run as the system actor as of AS_OF, on a table no run has touched: its first run, timed and metered. Its
 * mail goes to `sesEndpoint` (the bench's own aws-ses-v2-local), emptied first.
 */
export async function measureAlertRun(harness: Harness, plan: NationPlan, sesEndpoint: string): Promise<AlertFigure> {
  await clearMails(sesEndpoint);
  harness.meter.take();
  harness.keyReads.take();
  const { ms, value: run } = await timed(() => runAlerts(harness.deps, systemActor('alerts', 'bench-alerts'), { asOf: AS_OF }));
  const reading = harness.meter.take();
  const keyReading = harness.keyReads.take();
  const mailsReceived = (await storedMails(sesEndpoint)).length;
  await clearMails(sesEndpoint);
  const reads = readsOf(reading, keyReading);
  const due = itemsReadIn(reading, [keys.dueMonthPrefix()]);
  const agencyList = itemsReadIn(reading, [keys.agenciesPartition()]);
  // Its own records: pending notices, runs, and the restamp tasks it drains first (pattern 32; none on a fresh table).
  const own = itemsReadIn(reading, [
    keys.alertPendingPartition(),
    keys.alertRunsPartition(),
    keys.restampPendingPartition(),
  ]);
  const ownRecordItems = own.scanned + keyReading.getItem.items;
  const unitsByKey = keyReading.batchGetItem.items;
  const byCommand = reading.byCommand;
  const writes = ['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand'].reduce(
    (n, c) => n + (byCommand[c] ?? 0),
    0,
  );
  return {
    officials: plan.officials,
    agencies: plan.agencies.length,
    seconds: round(ms / 1000, 2),
    // The month index query reads exactly the chains due within the run's windows: the officials crossing.
    crossing: due.scanned,
    officialsNotified: run.officialsNotified,
    reads,
    dueIndexItems: due.scanned,
    agencyListItems: agencyList.scanned,
    unitsByKey,
    ownRecordItems,
    otherItems: reads.items - due.scanned - agencyList.scanned - unitsByKey - ownRecordItems,
    requests: {
      total: reading.requests,
      crossing: due.requests,
      unitsByKey: keyReading.batchGetItem.requests,
      agencyList: agencyList.requests,
      ownRecordReads: own.requests + keyReading.getItem.requests,
      writes,
      byCommand,
    },
    mailsSent: run.mailsSent,
    mailsReceived,
    failures: run.failures.length,
    unitsWithoutAddress: run.unitsWithoutAddress.length,
  };
}

async function clearMails(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  if (!res.ok) throw new Error(`POST ${endpoint}/clear-store answered ${res.status}`);
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
