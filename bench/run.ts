/**
 * `npm run bench [-- --officials 10000,100000] [--only flags,api,alerts,draft,coldstart,import,writes]`: how the
 * service performs against a real DynamoDB Local, printed as tables and written to bench/results.json with the
 * machine it ran on. It asserts nothing (test/bench/smoke.test.ts runs it tiny).
 *
 * flags      For each N (--officials), a country of N officials in agencies of 100 plus a measured agency of 2,000
 *            (5% flagged by construction, so 100 flags at every N) loaded straight into the table
 *            (bench/lib/national.ts); GET /v1/tenure/flags as that agency's HR officer and as an auditor of the whole
 *            province: items read (scope resolution included) per flagged official, and latency.
 * api        autocannon against a server process of its own (bench/lib/api-server.ts), at the first N: the floor (a
 *            bare Hono route doing one GetItem), GET tenure and GET flags, interleaved.
 * alerts     The first alert run at the largest N, mailing through an aws-ses-v2-local of the bench's own: time, items
 *            read and requests by what they were for, mails sent and received.
 * draft      draftProposal for an agency of 2,000 officials with 200 candidates (bench/lib/drafting.ts).
 * coldstart  Each Lambda bundled as the stack bundles it: size (all, and the entry chunk a cold start loads), module
 *            init in a fresh Node process, and init + the first request (floor: one GetItem; API: GET tenure, against
 *            a table of its own in DynamoDB Local), median of --coldstart-runs (default 20), beside a Hono + DynamoDB
 *            document client floor.
 * import     npm run import on a 10,000-row officials file and a 10,000-row assignments file (--import-rows).
 * writes     POST assignments and GET tenure one call at a time through app.request.
 *
 * Options: --load-seconds (10), --connections (16), --load-rounds (2), --flag-runs (20), --draft-size (2000),
 * --draft-runs (5), --write-runs (200), --results PATH (bench/results.json; with --only, the other sections of the
 * file are kept). DynamoDB Local runs in memory, one fresh instance per N.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { forEachLimited } from '../scripts/lib/concurrency';
import { keys } from '../shared/adapters/dynamo/keys';
import { itemsRead, type MeterReading } from '../shared/adapters/dynamo/read-meter';
import { createOfficial } from '../shared/use-cases/manage-officials';
import { createPosition } from '../shared/use-cases/manage-positions';
import { createUnit } from '../shared/use-cases/manage-units';
import { draftProposal } from '../shared/use-cases/manage-proposals';
import { createAssignment } from '../shared/use-cases/record-assignment';
import { startSesLocal } from '../scripts/lib/ses-local';
import { measureColdStart, type ColdStartFigure, type FirstRequestTarget } from './lib/cold-start';
import { agencyPlan, AS_OF, PROVINCE, type AgencyPlan } from './lib/dataset';
import { measureImport, type ImportFigure } from './lib/import-bench';
import { loadNation } from './lib/national';
import {
  measureAlertRun,
  measureApiLoad,
  measureNationFlags,
  type AlertFigure,
  type ApiFigure,
  type NationFlagFigure,
} from './lib/national-sections';
import { draftingPlan, EFFECTIVE_DATE, type DraftingPlan } from './lib/drafting';
import { startHarness, type Harness, type KeyReading } from './lib/harness';
import { profileDeps, type PhaseFigure } from './lib/profile';
import { formatTable, percentile, summarize, timed, type LatencySummary } from './lib/stats';

/** The indexes the flag query reads (access patterns 6 and 7 in shared/adapters/dynamo/keys.ts). */
const FLAG_INDEXES = ['GSI2', 'GSI3'];
const WARMUP_RUNS = 3;
/** 09:00 in Hồ Chí Minh City on AS_OF: every timestamp the app writes is this instant. */
const FIXED_NOW = new Date(`${AS_OF}T02:00:00.000Z`);
const SECTIONS = ['flags', 'api', 'alerts', 'draft', 'coldstart', 'import', 'writes'] as const;
type Section = (typeof SECTIONS)[number];

interface Settings {
  officials: number[];
  only: Section[];
  flagRuns: number;
  loadSeconds: number;
  connections: number;
  loadRounds: number;
  draftSize: number;
  draftRuns: number;
  writeRuns: number;
  coldStartRuns: number;
  importRows: number;
  results: string;
}

function readSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      officials: { type: 'string', default: '10000,100000' },
      only: { type: 'string', default: SECTIONS.join(',') },
      'flag-runs': { type: 'string', default: '20' },
      'load-seconds': { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
      'load-rounds': { type: 'string', default: '2' },
      'draft-size': { type: 'string', default: '2000' },
      'draft-runs': { type: 'string', default: '5' },
      'write-runs': { type: 'string', default: '200' },
      'coldstart-runs': { type: 'string', default: '20' },
      'import-rows': { type: 'string', default: '10000' },
      results: { type: 'string', default: 'bench/results.json' },
    },
  });
  const int = (name: keyof typeof values, min: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got '${values[name]}'`);
    return n;
  };
  const officials = String(values.officials).split(',').map((x) => Number(x.trim()));
  if (!officials.length || officials.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--officials must be positive integers separated by commas, got '${values.officials}'`);
  const only = String(values.only).split(',').map((x) => x.trim()).filter(Boolean);
  const unknown = only.filter((x) => !(SECTIONS as readonly string[]).includes(x));
  if (unknown.length) throw new Error(`--only: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  return {
    officials,
    only: only as Section[],
    flagRuns: int('flag-runs', 1),
    loadSeconds: int('load-seconds', 1),
    connections: int('connections', 1),
    loadRounds: int('load-rounds', 1),
    draftSize: int('draft-size', 1),
    draftRuns: int('draft-runs', 1),
    writeRuns: int('write-runs', 1),
    coldStartRuns: int('coldstart-runs', 1),
    importRows: int('import-rows', 1),
    results: resolve(process.env.INIT_CWD ?? '.', String(values.results)),
  };
}

interface NationLoad {
  officials: number;
  agencies: number;
  units: number;
  items: number;
  seconds: number;
  officialsPerSecond: number;
}

interface Results {
  generatedAt: string;
  asOf: string;
  machine: Machine;
  settings: Omit<Settings, 'results'>;
  nationLoads?: NationLoad[];
  flags?: NationFlagFigure[];
  api?: ApiFigure;
  alerts?: AlertFigure;
  drafting?: DraftFigure;
  coldStart?: ColdStartFigure;
  import?: ImportFigure[];
  writes?: WriteFigure[];
  /** When each section was last measured (a run with --only keeps the others from the file). */
  measuredAt: Partial<Record<Section, string>>;
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2));
  const machine = describeMachine();
  const want = (section: Section) => settings.only.includes(section);
  log(`luanchuyen bench: node ${machine.node}, ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.java}`);
  log(`sections ${settings.only.join(', ')}; officials ${settings.officials.join(', ')}`);
  const previous: Partial<Results> = existsSync(settings.results) ? JSON.parse(readFileSync(settings.results, 'utf8')) : {};
  const now = new Date().toISOString();
  const { results: _path, ...shownSettings } = settings;
  const results: Results = { ...previous, generatedAt: now, asOf: AS_OF, machine, settings: shownSettings, measuredAt: { ...previous.measuredAt } };
  const mark = (section: Section) => (results.measuredAt[section] = now);

  if (want('flags') || want('api') || want('alerts')) {
    const loads: NationLoad[] = [];
    const flags: NationFlagFigure[] = [];
    const largest = Math.max(...settings.officials);
    // The alert run mails through an aws-ses-v2-local of the bench's own, on a free port, in this process.
    const ses = want('alerts') ? await startSesLocal({ port: 0 }) : undefined;
    try {
      for (const [index, n] of settings.officials.entries()) {
        // In memory: on a shared 2-core machine DynamoDB Local's on-disk SQLite writes a few dozen items a second.
        const harness = await startHarness({ now: FIXED_NOW, sesEndpoint: ses?.endpoint });
        const stop = stopOnSignal(harness);
        try {
          const loaded = await loadNation(harness.client, harness.tableName, n, log);
          loads.push({
            officials: n,
            agencies: loaded.agencies.length,
            units: loaded.units,
            items: loaded.items,
            seconds: round(loaded.seconds, 1),
            officialsPerSecond: Math.round(n / loaded.seconds),
          });
          log(`loaded ${n} officials (${loaded.agencies.length} agencies, ${loaded.items} items) in ${round(loaded.seconds, 1)} s`);
          if (want('flags')) {
            flags.push(...(await measureNationFlags(harness, loaded, settings.flagRuns)));
            for (const f of flags.slice(-2))
              log(`flags N=${n} ${f.caller}: ${f.flagged} flagged, ${f.reads.items} items (${f.itemsPerFlagged}/flag), p50 ${f.latencyMs.p50} ms`);
          }
          if (want('api') && index === 0) {
            results.api = await measureApiLoad(harness, loaded, {
              seconds: settings.loadSeconds,
              connections: settings.connections,
              rounds: settings.loadRounds,
            });
            mark('api');
          }
          if (want('alerts') && n === largest) {
            results.alerts = await measureAlertRun(harness, loaded, ses!.endpoint);
            mark('alerts');
            const a = results.alerts;
            log(`alert run N=${n}: ${a.seconds} s, ${a.reads.items} items read in ${a.requests.total} requests, ${a.mailsSent} mails sent, ${a.failures} failures`);
          }
        } finally {
          await harness.close();
          stop();
        }
      }
    } finally {
      await ses?.close();
    }
    results.nationLoads = loads;
    if (want('flags')) {
      results.flags = flags;
      mark('flags');
    }
  }

  if (want('draft') || want('writes')) {
    const harness = await startHarness({ now: FIXED_NOW });
    const stop = stopOnSignal(harness);
    try {
      await createUnit(harness.deps, harness.loader, PROVINCE);
      if (want('writes')) {
        results.writes = (await measureWrites(harness, settings.writeRuns)).figures;
        mark('writes');
      }
      if (want('draft')) {
        const plan = draftingPlan(settings.draftSize);
        await loadDraftingAgency(harness, plan, 16);
        results.drafting = await measureDrafting(harness, plan, settings.draftRuns);
        mark('draft');
      }
    } finally {
      await harness.close();
      stop();
    }
  }

  if (want('coldstart')) {
    // A table of its own with one agency and one official, for each bundle's first request.
    const harness = await startHarness({ now: FIXED_NOW });
    const stop = stopOnSignal(harness);
    try {
      results.coldStart = await measureColdStart(settings.coldStartRuns, await seedColdStart(harness));
    } finally {
      await harness.close();
      stop();
    }
    mark('coldstart');
  }
  if (want('import')) {
    results.import = await measureImport(settings.importRows, log);
    mark('import');
  }

  process.stdout.write(report(results));
  await mkdir(dirname(settings.results), { recursive: true });
  await writeFile(settings.results, `${JSON.stringify(results, null, 2)}\n`);
  log(`figures written to ${settings.results}`);
}

const CAVEAT = [
  'DynamoDB Local is a JVM over SQLite on this machine, not the DynamoDB service: latencies compare sizes and routes',
  'with each other, within one run, not with AWS. Item and request counts carry over: they are what DynamoDB bills.',
].join('\n');

/** Whether a section's figures come from this run or were kept from an earlier one (`--only` keeps the others). */
function when(r: Results, section: Section): string {
  const at = r.measuredAt[section];
  if (!at) return '';
  return at === r.generatedAt ? ' [measured in this run]' : ` [KEPT from ${at.slice(0, 16).replace('T', ' ')} UTC, not measured in this run]`;
}

function report(r: Results): string {
  const out: string[] = [''];
  const m = r.machine;
  out.push(`== Machine: node ${m.node} on ${m.platform}; ${m.cpus} CPUs (${m.cpuModel}); ${m.memoryGiB} GiB; ${m.java}; asOf ${r.asOf}`);
  if (r.nationLoads?.length) {
    out.push('', '== Loading (BatchWriteItem of the stores\' own items, no audit records)');
    out.push(formatTable(['officials', 'agencies', 'units', 'items', 'seconds', 'officials/s'], r.nationLoads.map((l) => [l.officials, l.agencies, l.units, l.items, l.seconds, l.officialsPerSecond])));
  }
  if (r.flags?.length) {
    out.push('', '== 1. Flags: GET /v1/tenure/flags, items read per call (scope resolution included); target <= 1.05 per flag (HR of one agency), p50 at the largest N within 1.5x of the smallest' + when(r, 'flags'));
    out.push(
      formatTable(
        ['officials', 'agencies', 'caller', 'flagged', 'items read', 'requests', 'items/flag', 'unit list (old scope read)', 'p50 ms', 'p95 ms'],
        r.flags.map((f) => [f.officials, f.agencies, f.caller, f.flagged, f.reads.items, f.reads.requests, f.itemsPerFlagged.toFixed(3), f.unitListItems, f.latencyMs.p50.toFixed(1), f.latencyMs.p95.toFixed(1)]),
      ),
    );
    const hr = r.flags.filter((f) => f.caller.startsWith('hr'));
    if (hr.length >= 2) out.push(`p50 at ${hr[hr.length - 1].officials} over p50 at ${hr[0].officials}: ${(hr[hr.length - 1].latencyMs.p50 / hr[0].latencyMs.p50).toFixed(2)}x`);
  }
  if (r.api) {
    out.push('', `== 2. HTTP load: autocannon, ${r.api.connections} connections, ${r.api.seconds} s per round, rounds interleaved; target tenure p99 <= 2x the floor's` + when(r, 'api'));
    out.push(formatTable(['route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'], r.api.routes.map((f) => [f.route, f.requestsPerSecond, f.p50, f.p99, f.non2xx, f.errors])));
    out.push(`tenure p99 / floor p99: ${r.api.tenureP99OverFloor}x`);
  }
  if (r.drafting) {
    const d = r.drafting;
    out.push('', `== 3. Drafting: draftProposal for ${d.staff} officials, ${d.candidates} candidates; target < 2000 ms` + when(r, 'draft'));
    out.push(formatTable(['staff', 'candidates', 'placed', 'by swap/chain', 'unarranged', 'items read', 'median ms', 'runs ms'], [[d.staff, d.candidates, d.placed, d.placedBySwapOrChain, d.unarranged, d.reads.items, d.medianMs.toFixed(0), d.runsMs.map((x) => x.toFixed(0)).join(' ')]]));
  }
  if (r.coldStart) {
    const c = r.coldStart;
    out.push('', '== 4. Lambda cold start: bundled as the stack bundles them; module init in a fresh Node process, then (same process) the first request against DynamoDB Local; target: init <= 1.3x the floor' + when(r, 'coldstart'));
    out.push(
      formatTable(
        ['bundle', 'files', 'minified KB', 'gzipped KB', 'entry files', 'entry KB', 'entry gz KB', 'init median ms', 'p25-p75 ms', 'x floor', 'init + 1st request ms', 'p25-p75 ms', 'x floor'],
        c.bundles.map((b) => [
          b.name, b.files, b.minifiedKB, b.gzippedKB, b.entry.files, b.entry.minifiedKB, b.entry.gzippedKB,
          b.initMs.median.toFixed(1), `${b.initMs.p25.toFixed(0)}-${b.initMs.p75.toFixed(0)}`, c.initOverFloor[b.name]?.toFixed(2) ?? '1.00',
          b.firstRequestMs?.median.toFixed(1) ?? '-', b.firstRequestMs ? `${b.firstRequestMs.p25.toFixed(0)}-${b.firstRequestMs.p75.toFixed(0)}` : '-',
          b.firstRequestMs ? (c.firstRequestOverFloor?.[b.name]?.toFixed(2) ?? '1.00') : '-',
        ]),
      ),
    );
    for (const b of c.bundles) if (b.firstRequest) out.push(`first request of ${b.name}: ${b.firstRequest}`);
  }
  if (r.alerts) {
    const a = r.alerts;
    out.push('', `== 5. Alert run at N=${a.officials} (${a.agencies} agencies), the first run: target items read = crossing officials + own records` + when(r, 'alerts'));
    out.push('items read, by what for:');
    out.push(formatTable(['seconds', 'crossing', 'items read', 'due index by month', 'units by key', 'agency list', 'own records', 'other'], [[a.seconds, a.crossing, a.reads.items, a.dueIndexItems, a.unitsByKey, a.agencyListItems, a.ownRecordItems, a.otherItems ?? 0]]));
    if (a.requests && typeof a.requests === 'object') {
      const q = a.requests;
      out.push('requests to DynamoDB, by what for:');
      out.push(formatTable(['requests', 'due index by month', 'units by key', 'agency list', 'own record reads', 'writes (claims, marks, run)'], [[q.total, q.crossing, q.unitsByKey, q.agencyList, q.ownRecordReads, q.writes]]));
      out.push(`by command: ${Object.entries(q.byCommand).map(([c, k]) => `${c.replace(/Command$/, '')} ${k}`).join(', ')}`);
    }
    out.push('mail (aws-ses-v2-local of the bench\'s own):');
    out.push(formatTable(['mails sent', 'mails received', 'officials notified', 'failures', 'units without address'], [[a.mailsSent, a.mailsReceived ?? '', a.officialsNotified, a.failures, a.unitsWithoutAddress ?? '']]));
  }
  if (r.import?.length) {
    out.push('', '== 6. npm run import (a child process that starts DynamoDB Local itself)' + when(r, 'import'));
    out.push(
      formatTable(
        ['kind', 'rows', 'seconds', 'rows/s', 'start-up s', 'first start-up s (compiles)', 'rows/s after start-up', 'exit'],
        r.import.map((f) => [f.kind, f.rows, f.seconds, f.rowsPerSecond, f.startupSeconds, f.firstStartupSeconds ?? '', f.steadyRowsPerSecond, String(f.exitCode)]),
      ),
    );
  }
  if (r.writes?.length) {
    out.push('', '== Write path (one call at a time through app.request)' + when(r, 'writes'));
    out.push(formatTable(['operation', 'requests/call', 'p50 ms', 'p95 ms'], r.writes.map((w) => [w.operation, w.requestsPerCall, w.latencyMs.p50.toFixed(2), w.latencyMs.p95.toFixed(2)])));
  }
  out.push('', CAVEAT, '');
  return out.join('\n');
}

interface LoadFigure {
  agencyId: string;
  officials: number;
  seconds: number;
  officialsPerSecond: number;
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

/**
 * The cold-start section's table: the province, one agency of the dataset with one official and their assignment,
 * written through the use cases; the floor reads the official's item, the API their tenure as the agency's HR.
 */
async function seedColdStart(harness: Harness): Promise<FirstRequestTarget> {
  const plan = agencyPlan(1, 'BENCH-COLD');
  const { deps, loader } = harness;
  await createUnit(deps, loader, PROVINCE);
  for (const unit of plan.units) await createUnit(deps, loader, unit);
  for (const position of plan.positions) await createPosition(deps, loader, position);
  const { official, assignment } = plan.officials[0];
  await createOfficial(deps, loader, official);
  await createAssignment(deps, loader, official.id, assignment);
  return {
    endpoint: harness.endpoint,
    tableName: harness.tableName,
    floorItemPK: keys.officialPK(official.id),
    officialId: official.id,
    asOf: AS_OF,
    // As API Gateway's JWT authorizer passes a Cognito ID token's claims on: lists as "[a b]" strings.
    claims: { sub: 'bench-cold-hr', 'cognito:groups': '[hr]', 'custom:scope': plan.agencyId },
  };
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

/**
 * Ctrl-C or a kill stops DynamoDB Local before exiting. (Were the process to die without this, the JVM's
 * watchdog still ends it when our end of its stdin pipe closes.)
 */
function stopOnSignal(harness: Harness, dataDir?: string): () => void {
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((name) => {
    const handler = () => {
      log(`${name}: stopping DynamoDB Local`);
      void harness.close().finally(() => {
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
        process.exit(name === 'SIGINT' ? 130 : 143);
      });
    };
    process.once(name, handler);
    return [name, handler] as const;
  });
  return () => handlers.forEach(([name, handler]) => process.off(name, handler));
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
