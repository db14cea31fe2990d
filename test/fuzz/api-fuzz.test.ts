/**
 * Fuzzing the whole API in-process (app.request) on DynamoDB Local, after seeding a small realistic dataset: requests
 * are generated from the app's own OpenAPI document (test/fuzz/request-arbitraries.ts), for every operation, every
 * role and several scopes, most of them mutated into something wrong. For every answer:
 * - never a 5xx;
 * - every 4xx is application/problem+json whose `code` is a member of the ErrorCode union and whose `status` is the
 *   answer's;
 * - a rejected request leaves the table exactly as it was, item by item (Scan before and after).
 *
 * How "unchanged" is checked cheaply and still exactly: the app's DynamoDB client is watched (a middleware on its
 * stack, which the document client shares). Before each write command it sends (Put, Update, Delete, TransactWrite,
 * BatchWrite), the items at the keys it names are read, once per request; after the request they are read again.
 * An item a request changed must have been named by one of its write commands, so for a rejected request the
 * before and after images must be equal: nothing is ignored. (The idempotency claim a write takes is put and then
 * released when the request fails, so it leaves nothing behind either.) A request that sent no write command
 * cannot have changed the table. The images of accepted requests are applied to a copy of the table kept in memory,
 * and every BATCH requests the whole table is scanned and compared with that copy item by item, which catches a
 * write the watch missed.
 *
 * Reproducible: a fixed clock, ids from a counter, and a fixed fast-check seed per block (printed with any failure).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSesLocal, type SesLocal } from '../../scripts/lib/ses-local';
import { ROLES } from '../../shared/auth-contract';
import { POLICY, type Action } from '../../shared/use-cases/policy';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from '../support/fixtures';
import { ASSESSMENT_HEADERS, ASSIGNMENT_HEADERS, OFFICIAL_HEADERS } from '../support/imports';
import { diffSnapshots, keysWritten, readItem, snapshotTable, type Snapshot } from '../support/table-snapshot';
import { operationsOf, requestsFor, type Auth, type FuzzRequest, type Operation, type Pools } from './request-arbitraries';

/** Requests per block; four blocks with their own seeds make 10,000. */
const RUNS_PER_BLOCK = Number(process.env.FUZZ_RUNS ?? 2_500);
const SEEDS = [20261201, 20261202, 20261203, 20261204];
/** Full-table comparison every this many requests. */
const BATCH = 500;

/** The members of the ErrorCode union, read from its source so a new code needs no change here. */
const ERROR_CODES = (() => {
  const source = readFileSync(new URL('../../shared/domain/errors.ts', import.meta.url), 'utf8');
  const union = /export type ErrorCode =([\s\S]*?);/.exec(source)![1];
  return new Set([...union.matchAll(/'([A-Z0-9_]+)'/g)].map((m) => m[1]));
})();

let ses: SesLocal;
let t: TestApp;
let operations: Operation[];
let schemas: Record<string, any>;
let pools: Pools;
let xlsxSamples: Uint8Array[] = [];
let writesSent = 0;
/** The table as the requests so far should have left it. */
let baseline: Snapshot;
/** Images before the current request's writes, by `PK | SK`. */
const touched = new Map<string, { key: { PK: string; SK: string }; before: Record<string, unknown> | undefined }>();
const tokens = new Map<string, string>();


const timing = { requests: 0, scans: 0 };
const stats = {
  sent: 0,
  byStatus: new Map<number, number>(),
  byOperation: new Map<string, number>(),
  rejected: 0,
  rejectedThatWrote: 0,
  accepted: 0,
  fullChecks: 0,
};
const findings: string[] = [];

beforeAll(async () => {
  ses = await startSesLocal({ port: 0 });
  let tick = 0;
  let id = 0;
  t = await createTestApp({
    now: () => new Date(Date.parse('2026-06-15T03:00:00Z') + tick++),
    newId: () => `id-${String(++id).padStart(6, '0')}`,
    env: { SES_ENDPOINT: ses.endpoint },
  });
  pools = await seedDataset(t);

  // The app's own templates and an export, as XLSX files to cut and corrupt.
  for (const path of ['/v1/imports/templates/officials?format=xlsx', '/v1/imports/templates/assessments?format=xlsx', '/v1/exports/assignments?format=xlsx']) {
    const res = await t.app.request(path, { headers: { authorization: `Bearer ${await t.token('hr', '*')}` } });
    expect(res.status, path).toBe(200);
    xlsxSamples.push(new Uint8Array(await res.arrayBuffer()));
  }
  const doc = (await (await t.app.request('/v1/openapi.json')).json()) as any;
  operations = operationsOf(doc);
  schemas = doc.components?.schemas ?? {};

  // Watch the write commands the app sends (the document client shares this client's middleware stack).
  t.table.client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      if (/^(Put|Update|Delete|TransactWrite|BatchWrite)/.test(name)) {
        writesSent++;
        for (const key of keysWritten(name, args.input)) {
          const id = `${key.PK} | ${key.SK}`;
          if (!touched.has(id)) touched.set(id, { key, before: await readItem(t.table, key) });
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'fuzzWriteCounter' },
  );
  baseline = await snapshotTable(t.table);
}, 120_000);

afterAll(async () => {
  await ses?.close();

  const byStatus = [...stats.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ');
  console.info(
    `fuzz: ${stats.sent} requests over ${stats.byOperation.size} operations; ${stats.accepted} accepted, ${stats.rejected} rejected ` +
      `(${stats.rejectedThatWrote} of them sent writes to DynamoDB, each compared item by item); ${stats.fullChecks} full-table ` +
      `checks; statuses ${byStatus}; findings ${findings.length}; ms in requests ${Math.round(timing.requests)}, in table reads ${Math.round(timing.scans)}`,
  );
});

describe('every route has a generator', () => {
  it('every /v1 route of the app is in the OpenAPI document, and every operation yields requests', () => {
    const documented = new Set(operations.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`));
    const undocumented = t.app.routes
      .filter((r) => r.path.startsWith('/v1/') && r.method !== 'ALL' && r.path !== '/v1/openapi.json')
      .map((r) => `${r.method} ${r.path}`)
      .filter((r) => !documented.has(r));
    expect(undocumented, 'routes the fuzzer cannot see').toEqual([]);
    expect(operations.length).toBeGreaterThan(40);
    for (const op of operations) {
      // Throws NoGeneratorError for an operation whose parameters or body it cannot build.
      const sample = fc.sample(requestsFor(op, schemas, pools, generatorOptions()), { numRuns: 3, seed: 1 });
      expect(sample.length, op.operationId).toBe(3);
    }
  });
});

describe('no answer tells what exists outside the caller\'s scope', () => {
  it('every single-item read answers an item outside the scope exactly as one that does not exist, for every reader role', async () => {
    // The caller sees only the other agency's office; everything in SKHCN exists but is outside the scope.
    const outside: Record<string, string> = {
      officialId: pools.officials[0],
      unitId: ORG.office,
      positionId: 'VP-CVP',
      proposalId: pools.proposals[0],
      assignmentId: pools.assignments[0][1],
      circumstanceId: pools.circumstances[0][1],
      itemId: pools.items.find(([p]) => p === pools.proposals[0])?.[1] ?? 'x',
      period: '2025',
      kind: 'officials',
    };
    const reads = operations.filter((op) => op.method === 'GET' && op.parameters.some((p) => p.in === 'path' && p.name !== 'kind'));
    expect(reads.length).toBeGreaterThan(8);
    let compared = 0;
    for (const op of reads)
      for (const role of POLICY[op.operationId as Action] ?? []) {
        if (role === 'system') continue;
        const token = `Bearer ${await t.token(role as never, [ORG.otherOffice])}`;
        const url = (values: Record<string, string>) => op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(values[n]));
        const missing = Object.fromEntries(Object.entries(outside).map(([k, v]) => [k, k === 'kind' || k === 'period' ? v : 'KHONG-CO']));
        const [a, b] = await Promise.all(
          [url(outside), url(missing)].map(async (path) => {
            const res = await t.app.request(path, { headers: { authorization: token } });
            const body = (await res.json()) as { code?: string; detail?: string };
            return { status: res.status, code: body.code, detail: body.detail?.replaceAll(/'[^']*'/g, "'…'") };
          }),
        );
        expect(a, `${role} ${op.operationId}: outside the scope vs missing`).toEqual(b);
        expect(a.status, `${role} ${op.operationId}`).toBe(404);
        compared++;
      }
    expect(compared).toBeGreaterThan(15);
  });
});

describe.each(SEEDS.map((seed, block) => ({ seed, block })))('fuzz block $block (seed $seed)', ({ seed }) => {
  it(`${RUNS_PER_BLOCK} generated requests: no 5xx, problem+json with a known code, rejected requests change nothing`, async () => {
    const anyRequest = fc.oneof(...operations.map((op) => requestsFor(op, schemas, pools, generatorOptions())));
    await fc.assert(
      fc.asyncProperty(anyRequest, async (request) => {
        await check(request, seed);
      }),
      { seed, numRuns: RUNS_PER_BLOCK, endOnFailure: true },
    );
    await fullCheck(seed);
    expect(findings, `fast-check seed ${seed}`).toEqual([]);
  }, 240_000);
});

describe('coverage of the run', () => {
  it('sent at least 10,000 requests, to every operation, and met both outcomes', () => {
    if (RUNS_PER_BLOCK < 2_500) return; // a shortened local run (FUZZ_RUNS) checks the rest only
    expect(stats.sent).toBeGreaterThanOrEqual(10_000);
    for (const op of operations) expect(stats.byOperation.get(op.operationId) ?? 0, op.operationId).toBeGreaterThan(20);
    // Both outcomes are exercised: some writes succeed, many are refused after reaching DynamoDB.
    expect(stats.accepted).toBeGreaterThan(500);
    expect(stats.rejectedThatWrote).toBeGreaterThan(50);
  });
});

function generatorOptions() {
  return {
    roles: ROLES,
    allowedRoles: (operationId: string) => (operationId in POLICY ? POLICY[operationId as Action] : []),
    scopes: ['*', '*', [ORG.agency], [ORG.otherOffice], [ORG.inspectorate]] as (string[] | '*')[],
    importHeaders: { officials: OFFICIAL_HEADERS, assignments: ASSIGNMENT_HEADERS, assessments: ASSESSMENT_HEADERS },
    xlsxSamples,
  };
}

async function authorization(auth: Auth): Promise<string | undefined> {
  if (auth.kind === 'raw') return auth.header;
  const claims = auth.kind === 'role' ? { role: auth.role, units: auth.units } : auth.claims;
  const key = JSON.stringify(claims);
  let token = tokens.get(key);
  if (!token) {
    token = await t.token(claims.role as never, claims.units as never, (claims.sub as string | undefined) ?? `${String(claims.role)}-fuzz`);
    tokens.set(key, token);
  }
  return `Bearer ${token}`;
}

/**
 * A header value as a server receives it over HTTP: UTF-8 bytes read one byte a character (Node's parser reads
 * latin1), and no NUL, CR or LF (no HTTP client can send those inside a header; fetch refuses them).
 */
function onTheWire(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1').replace(/[\0\r\n]/g, '?');
}

function describeRequest(r: FuzzRequest): string {
  const body =
    r.body === undefined ? '' : typeof r.body === 'string' ? r.body : r.body instanceof FormData ? '<form>' : `<${r.body.length} bytes>`;
  return (
    `${r.method} ${r.url.slice(0, 300)} [${r.operationId}, mutation ${r.mutation}, auth ${JSON.stringify(r.auth).slice(0, 120)}] ` +
    `headers ${JSON.stringify(r.headers).slice(0, 200)} body ${JSON.stringify(body.slice(0, 300))}${body.length > 300 ? `... (${body.length} chars)` : ''}`
  );
}

async function check(request: FuzzRequest, seed: number): Promise<void> {
  const header = await authorization(request.auth);
  const writesBefore = writesSent;
  touched.clear();
  const started = performance.now();
  const res = await t.app.request(request.url, {
    method: request.method,
    headers: Object.fromEntries(
      Object.entries({ ...(header !== undefined ? { authorization: header } : {}), ...request.headers }).map(([k, v]) => [k, onTheWire(v)]),
    ),
    body: request.body as RequestInit['body'],
  });
  const text = await res.text();
  timing.requests += performance.now() - started;

  const wrote = writesSent > writesBefore;
  stats.sent++;
  stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
  stats.byOperation.set(request.operationId, (stats.byOperation.get(request.operationId) ?? 0) + 1);
  const fail = (what: string) => findings.push(`seed ${seed}: ${what}: ${describeRequest(request)} -> ${res.status} ${text.slice(0, 300)}`);

  if (res.status >= 500) fail('5xx');
  if (res.status >= 400) {
    stats.rejected++;
    const type = res.headers.get('content-type') ?? '';
    if (!type.startsWith('application/problem+json')) fail(`content-type ${type}`);
    else if (request.method !== 'HEAD') {
      let problem: any;
      try {
        problem = JSON.parse(text);
      } catch {
        fail('problem body is not JSON');
      }
      if (problem && !ERROR_CODES.has(problem.code)) fail(`code ${JSON.stringify(problem.code)} is not an ErrorCode`);
      if (problem && problem.status !== res.status) fail(`problem status ${problem.status}`);
    }
  } else {
    stats.accepted++;
    // The write counter must see every accepted write, or the table check below would be blind.
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method) && !wrote && !/dryRun=true/.test(request.url))
      if (!/^(submitProposal|decideProposal|applyProposal|runAlerts)$/.test(request.operationId)) fail('accepted write sent no write command');
  }

  if (wrote) {
    const scanStarted = performance.now();
    const before: Snapshot = new Map();
    const after: Snapshot = new Map();
    for (const [id, { key, before: image }] of touched) {
      if (image) before.set(id, image);
      const now = await readItem(t.table, key);
      if (now) after.set(id, now);
      // Keep the in-memory copy of the table in step, whatever the outcome.
      if (now) baseline.set(id, now);
      else baseline.delete(id);
    }
    timing.scans += performance.now() - scanStarted;
    if (res.status >= 400) {
      stats.rejectedThatWrote++;
      const changes = diffSnapshots(before, after);
      if (changes.length) fail(`rejected request changed the table:\n  ${changes.slice(0, 10).join('\n  ')}\n`);
    }
  }
  if (stats.sent % BATCH === 0) await fullCheck(seed);
}

/** The table still equals the last snapshot: nothing was written behind the counter's back. */
async function fullCheck(seed: number) {
  stats.fullChecks++;
  const now = await snapshotTable(t.table);
  const changes = diffSnapshots(baseline, now);
  if (changes.length) findings.push(`seed ${seed}: the table changed with no write counted:\n  ${changes.slice(0, 10).join('\n  ')}`);
  baseline = now;
}

/**
 * The fixture organisation, 12 officials with histories (some overdue, one on a 36-month post), circumstances,
 * assessments, and proposals in each state but applied.
 */
async function seedDataset(app: TestApp): Promise<Pools> {
  await seedOrganisation(app);
  const officials: string[] = [];
  const assignments: [string, string][] = [];
  const circumstances: [string, string][] = [];
  const periods: [string, string][] = [];
  const people: [string, string, string, string][] = [
    // unit, position, since, name
    [ORG.office, 'VP-CVP', '2012-03-01', 'Nguyễn Văn Minh'],
    [ORG.office, 'VP-KT', '2021-01-10', 'Lê Thị Lan'],
    [ORG.office, 'VP-CV', '2015-09-01', 'Phạm Quốc Huy'],
    [ORG.office, 'VP-CV', '2016-05-15', 'Trần Thu Hà'],
    [ORG.inspectorate, 'TT-TTV', '2014-02-01', 'Đỗ Văn Nam'],
    [ORG.inspectorate, 'TT-TTV', '2019-07-01', 'Võ Thị Mai'],
    [ORG.otherOffice, 'SNV-CV', '2013-11-20', 'Hoàng Văn Đức'],
    [ORG.otherOffice, 'SNV-CV', '2022-04-01', 'Bùi Thị Ngọc'],
  ];
  for (const [unit, position, since, fullName] of people) {
    const id = await addOfficial(app, unit, { fullName, gender: officials.length % 2 ? 'female' : 'male', dateOfBirth: `19${70 + officials.length}-04-12` });
    officials.push(id);
    const previous = await addAssignment(app, id, { positionId: position, startDate: '2005-01-01', endDate: '2005-12-31' });
    assignments.push([id, previous.id]);
    const current = await addAssignment(app, id, { positionId: position, startDate: since, decisionNo: `${officials.length}/QĐ-SKHCN` });
    assignments.push([id, current.id]);
  }
  const circumstance = await app.call('hr', 'POST', `/v1/officials/${officials[3]}/circumstances`, { type: 'maternity', from: '2025-10-01' });
  expect(circumstance.status, JSON.stringify(circumstance.body)).toBe(201);
  circumstances.push([officials[3], circumstance.body.id]);
  for (const [k, official] of officials.slice(0, 4).entries()) {
    const put = await app.call('hr', 'PUT', `/v1/officials/${official}/assessments/2025`, {
      rating: k === 2 ? 'unsatisfactory' : 'good',
      assessedOn: '2025-12-20',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    periods.push([official, '2025']);
  }

  const proposals: string[] = [];
  const items: [string, string][] = [];
  for (const scopeUnitId of [ORG.agency, ORG.otherAgency, ORG.agency]) {
    const draft = await app.call('hr', 'POST', '/v1/proposals', { scopeUnitId, asOf: '2026-06-15', effectiveDate: '2026-08-01' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    proposals.push(draft.body.id);
    for (const item of draft.body.items) items.push([draft.body.id, item.itemId]);
  }
  // One stays a draft, one is submitted, one is submitted and decided (ready to apply).
  expect((await app.call('hr', 'POST', `/v1/proposals/${proposals[1]}/submit`)).status).toBe(200);
  const submitted = await app.call('hr', 'POST', `/v1/proposals/${proposals[2]}/submit`);
  expect(submitted.status).toBe(200);
  const decided = await app.call('leader', 'POST', `/v1/proposals/${proposals[2]}/decisions`, {
    items: submitted.body.items.map((i: { itemId: string }) => ({ itemId: i.itemId, decision: 'approved' })),
  });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  expect(items.length).toBeGreaterThan(0);

  const units = [ORG.province, ORG.agency, ORG.office, ORG.inspectorate, ORG.otherAgency, ORG.otherOffice];
  const positions = ['VP-CVP', 'VP-KT', 'VP-CV', 'TT-TTV', 'SNV-CV'];
  return { units, positions, officials, assignments, circumstances, periods, proposals, items, subjects: ['hr-user', 'admin-user', 'leader-user'] };
}
