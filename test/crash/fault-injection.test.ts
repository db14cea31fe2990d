/**
 * Crash safety: for an assignment write, a proposal apply, an import and an alert run, the Nth DynamoDB call (and,
 * for the alert run, the Nth mail) fails the way the SDK fails (test/support/faults.ts): a throttling error or a 500
 * with nothing written, or a lost response after DynamoDB applied the write. For every N from 1 to the number of
 * calls the clean run makes (one kind per N, in turn, and a lost response for every write call):
 *   1. the table is put back to the state before the work (restoreTable), the work runs once with the fault,
 *   2. then runs again without it, later (past every lease: 60 s for an idempotency claim, 15 min for an alert),
 *   3. and the table must hold the same items as after the clean run, compared one by one (generated ids and
 *      instants aside; nothing lost, nothing twice), and the mails the same.
 *
 * Left out of the comparison, each because a failed attempt may legitimately leave it behind:
 * - the record of each attempt itself: alert runs (`ALERT_RUNS`, `RUN#...`) and import records (`IMPORTS`), one per
 *   attempt by design; the last completed alert run is compared;
 * - `expiresAt` / `leaseUntil` of idempotency records (computed from the clock, which the retry moves past the lease),
 *   and the expiry of the personal images kept apart from audit records (`expiresAt` on the image,
 *   `personalExpiresAt` on the record: 5 years from the write that made them, so the later retry's expire later);
 * - `attempts`, `lastError` and `messageId` of alert notices: a failed send is counted and its error kept, and the
 *   emulator's message ids are random.
 * A mail sent but not marked sent (a fault on the mark, or a lost SES response) is sent again by the next run: the
 * outbox is at-least-once by design. So mails are compared as a set (same recipients and subjects) and repeated
 * mails are counted: at most one per injected fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSesLocal, storedMails, type SesLocal, type StoredMail } from '../../scripts/lib/ses-local';
import type { Mailer } from '../../shared/ports';
import { systemActor } from '../../shared/use-cases/policy';
import { runAlerts } from '../../shared/use-cases/run-alerts';
import { createTestApp, type TestApp } from '../support/app';
import { addPeople, createUnitsAndPosts, PHU_YEN_UNITS } from '../support/fixtures';
import { DynamoFaults, faultyMailer, type DynamoFault, type MailFault } from '../support/faults';
import { csvFile, importFile, OFFICIAL_HEADERS } from '../support/imports';
import { normalizedItems, restoreTable, snapshotTable, type Snapshot } from '../support/table-snapshot';

const DYNAMO_FAULTS: DynamoFault[] = ['throttle', 'server-error', 'lost-response'];
const MAIL_FAULTS: MailFault[] = ['throttle', 'lost-response'];
const START = Date.parse('2027-02-01T01:00:00Z'); // 08:00 in Ho Chi Minh City, the 1st: the monthly digest too
const LATER = 2 * 60 * 60 * 1000;

let ses: SesLocal;
let t: TestApp;
let faults: DynamoFaults;
let now = START;
const totals = { runs: 0, dynamoFaults: 0, mailFaults: 0, repeatedMails: 0 };
/** Faults the work absorbed itself (a failed send it reported and left for the next run, a release that failed). */
const silentlyAbsorbed: string[] = [];
const perScenario: string[] = [];

beforeAll(async () => {
  ses = await startSesLocal({ port: 0 });
  let id = 0;
  t = await createTestApp({
    now: () => new Date(now++),
    newId: () => `id-${String(++id).padStart(6, '0')}`,
    env: { SES_ENDPOINT: ses.endpoint },
  });
  faults = new DynamoFaults(t.table.client);
  await organisation(t);
});

afterAll(async () => {
  await ses?.close();
  console.info(
    `crash: ${totals.runs} faulted runs, each followed by a clean one; ${totals.dynamoFaults} DynamoDB faults and ` +
      `${totals.mailFaults} SES faults injected, all survived; ${totals.repeatedMails} mails sent twice (each after a fault between a send and its mark); ` +
      `${silentlyAbsorbed.length} faults absorbed by the faulted run itself\n  ${perScenario.join('\n  ')}`,
  );
});

/** A department with three offices and three officials overdue in them; an office with room for more. */
async function organisation(app: TestApp) {
  const posts = [
    { id: 'X1', unitId: 'O1', title: 'Chuyên viên quản lý nhà', category: 'specialist' },
    { id: 'X2', unitId: 'O2', title: 'Chuyên viên quy hoạch', category: 'specialist' },
    { id: 'X3', unitId: 'O3', title: 'Chuyên viên hạ tầng', category: 'specialist', headcount: 4 },
  ];
  await createUnitsAndPosts(app, PHU_YEN_UNITS, posts);
  const people = [
    ['A', 'O1', 'X1', '2012-03-01', 'Nguyễn Văn An'],
    ['B', 'O2', 'X2', '2013-05-01', 'Trần Thị Bình'],
    ['C', 'O3', 'X3', '2014-09-01', 'Lê Văn Cường'],
  ];
  await addPeople(app, people);
}

interface Scenario {
  name: string;
  /** Brings the table to the state the work starts from (once; then restored before every attempt). */
  prepare(): Promise<void>;
  /** The work; throws or answers an error when a fault hits it. */
  work(mailer?: Mailer): Promise<{ ok: boolean; detail: string }>;
  skip?: (item: Record<string, unknown>) => boolean;
  drop?: string[];
  mails?: boolean;
}

const mailSummary = (mails: StoredMail[]) => mails.map((m) => `${m.destination.to.join(',')} | ${m.subject}`).sort();
const clearMails = () => fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });

/**
 * Runs the scenario clean, then once per (N, kind) with a fault and again without; returns the number of faulted runs.
 */
async function everyFault(scenario: Scenario) {
  await scenario.prepare();
  const start = await snapshotTable(t.table);
  const compare = (s: Snapshot) => normalizedItems(s, { skip: scenario.skip, drop: scenario.drop });

  // The clean run: how many calls, what it leaves, what it mails.
  now = START;
  await clearMails();
  faults.reset();
  const clean = await scenario.work();
  expect(clean.ok, clean.detail).toBe(true);
  const cleanCalls = faults.calls;
  const expected = compare(await snapshotTable(t.table));
  const expectedMails = mailSummary(await storedMails(ses.endpoint));
  expect(cleanCalls).toBeGreaterThan(0);

  type Attempt = { dynamo?: { on: number; kind: DynamoFault }; mail?: { on: number; kind: MailFault } };
  const attempts: Attempt[] = [];
  // Every call fails once, the kinds taking turns; a write call also loses its response once (applied, then the
  // connection drops), the hardest case for exactly-once. So each call meets one or two faults.
  const commands = [...faults.seen];
  for (let on = 1; on <= cleanCalls; on++) {
    const kind = DYNAMO_FAULTS[on % DYNAMO_FAULTS.length];
    attempts.push({ dynamo: { on, kind } });
    if (kind !== 'lost-response' && /^(Put|Update|Delete|TransactWrite|BatchWrite)/.test(commands[on - 1] ?? ''))
      attempts.push({ dynamo: { on, kind: 'lost-response' } });
  }
  if (scenario.mails) for (let on = 1; on <= expectedMails.length; on++) for (const kind of MAIL_FAULTS) attempts.push({ mail: { on, kind } });

  let injected = 0;
  for (const attempt of attempts) {
    await restoreTable(t.table, start);
    await clearMails();
    now = START;
    const injectedBefore = faults.injected;
    faults.reset(attempt.dynamo);
    const faulty = faultyMailer(t.deps.mailer, attempt.mail);
    const label = JSON.stringify(attempt);
    const first = await scenario.work(faulty.mailer).catch((error: Error) => ({ ok: false, detail: String(error) }));
    const dynamoInjected = faults.injected - injectedBefore;
    faults.reset();
    now = START + LATER;
    const again = await scenario.work();
    expect(again.ok, `${label}: the run after the fault: ${again.detail}; the faulted one: ${first.detail}`).toBe(true);
    expect(compare(await snapshotTable(t.table)), `${label}: items after the fault and a clean run`).toEqual(expected);
    const mails = await storedMails(ses.endpoint);
    expect([...new Set(mailSummary(mails))], `${label}: mails`).toEqual([...new Set(expectedMails)]);
    const repeated = mails.length - expectedMails.length;
    expect(repeated, `${label}: mails sent twice`).toBeLessThanOrEqual(1);
    totals.repeatedMails += repeated;
    // A run whose calls differ from the clean run's (rows written in parallel) may not reach call N: then no fault.
    injected += dynamoInjected + faulty.state.injected;
    totals.runs++;
    totals.dynamoFaults += dynamoInjected;
    totals.mailFaults += faulty.state.injected;
    if (dynamoInjected + faulty.state.injected > 0 && first.ok) silentlyAbsorbed.push(label);
  }
  // Nearly every attempt must really have met its fault, or the test proves little.
  expect(injected).toBeGreaterThanOrEqual(attempts.length * 0.9);
  perScenario.push(`${scenario.name}: ${cleanCalls} DynamoDB calls and ${expectedMails.length} mails in a clean run, ${attempts.length} faulted runs`);
  return { attempts: attempts.length, cleanCalls, injected, mails: expectedMails.length };
}

const ok = (res: { status: number; body: unknown }, expected: number[]) => ({
  ok: expected.includes(res.status),
  detail: `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
});

describe('every call of an alert run fails once, DynamoDB or SES, then the job runs again', { timeout: 600_000 }, () => {
  it('each notice and digest is mailed, none is lost, and a mail repeats only after a fault between its send and its mark', async () => {
    let runs = 0;
    const result = await everyFault({
      name: 'alert run',
      // A daily job's run follows earlier ones: one as of 2026-11-01 first, so the run under test reads the month
      // partitions of its three months (pattern 30) rather than a table's first run's ~330, mostly empty, each of
      // which this test would otherwise fault in turn. Three more officials come due between the two runs, one in
      // each office, so the run under test still mails each office and the digest.
      async prepare() {
        const dueSoon = [
          ['D', 'O1', 'X1', '2016-12-15', 'Phạm Văn Dũng'],
          ['E', 'O2', 'X2', '2017-01-10', 'Hoàng Thị Em'],
          ['F', 'O3', 'X3', '2017-01-25', 'Võ Văn Phúc'],
        ];
        await addPeople(t, dueSoon, '1980-08-08');
        const first = await runAlerts(t.deps, systemActor('alerts', 'crash-before'), { asOf: '2026-11-01' });
        expect(first.status).toBe('completed');
      },
      async work(mailer) {
        const run = await runAlerts(mailer ? { ...t.deps, mailer } : t.deps, systemActor('alerts', `crash-${++runs}`), { asOf: '2027-02-01' });
        return { ok: run.status === 'completed' && run.failures.length === 0, detail: JSON.stringify(run).slice(0, 400) };
      },
      skip: (item) => item.PK === 'ALERT_RUNS' && String(item.SK).startsWith('RUN#'),
      drop: ['attempts', 'lastError', 'messageId'],
      mails: true,
    });
    expect(result.cleanCalls).toBeGreaterThanOrEqual(5);
    // Each office's HR mail and the leadership digest.
    expect(result.mails).toBe(4);
  });
});

describe('every DynamoDB call of the work fails once, then the work runs again', { timeout: 600_000 }, () => {
  it('an assignment write with an Idempotency-Key: one assignment, its audit record and status, as if nothing failed', async () => {
    const body = { positionId: 'X3', startDate: '2027-03-01', kind: 'transfer', decisionNo: '9/QĐ-SXD' };
    const result = await everyFault({
      name: 'assignment write',
      async prepare() {
        const list = await t.call('hr', 'GET', '/v1/officials/A/assignments');
        const current = list.body.items[0];
        expect((await t.call('hr', 'PATCH', `/v1/officials/A/assignments/${current.id}`, { endDate: '2027-02-28', version: current.version })).status).toBe(200);
      },
      work: async () =>
        ok(await t.call('hr', 'POST', '/v1/officials/A/assignments', body, { headers: { 'idempotency-key': 'dieu-dong-A' } }), [201]),
      drop: ['expiresAt', 'leaseUntil'],
    });
    expect(result.cleanCalls).toBeGreaterThanOrEqual(4);
  });

  it('a proposal apply: every approved item applied once, no post over its headcount', async () => {
    const result = await everyFault({
      name: 'proposal apply',
      async prepare() {
        const draft = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'D', asOf: '2027-02-01', effectiveDate: '2027-04-01' });
        expect(draft.status, JSON.stringify(draft.body)).toBe(201);
        const submitted = await t.call('hr', 'POST', `/v1/proposals/${draft.body.id}/submit`);
        const decided = await t.call('leader', 'POST', `/v1/proposals/${draft.body.id}/decisions`, {
          items: submitted.body.items.map((i: { itemId: string }) => ({ itemId: i.itemId, decision: 'approved' })),
        });
        expect(decided.status, JSON.stringify(decided.body)).toBe(200);
        proposalId = draft.body.id;
      },
      async work() {
        const res = await t.call('leader', 'POST', `/v1/proposals/${proposalId}/apply`, { decisionNo: '21/QĐ-SXD' });
        const outcome = ok(res, [200]);
        if (outcome.ok && res.body.results.some((r: { result: string }) => r.result === 'failed')) return { ok: false, detail: outcome.detail };
        return outcome;
      },
    });
    expect(result.cleanCalls).toBeGreaterThanOrEqual(5);
  });

  it('an import of officials: each row written once', async () => {
    const file = csvFile([
      OFFICIAL_HEADERS,
      ['CC101', 'Phan Văn Một', 'Nam', '12/04/1980', 'O1', '', ''],
      ['CC102', 'Phan Thị Hai', 'Nữ', '03/09/1985', 'O2', '', ''],
      ['CC103', 'Phan Văn Ba', 'Nam', '21/11/1990', 'O3', 'ba@sxd.example.vn', ''],
    ]);
    const result = await everyFault({
      name: 'import',
      async prepare() {},
      async work() {
        const res = await importFile(t, 'hr', 'officials', file);
        const outcome = ok(res, [200, 201]);
        if (outcome.ok && (res.body.errors?.length ?? 0) > 0) return { ok: false, detail: outcome.detail };
        return outcome;
      },
      skip: (item) => item.PK === 'IMPORTS',
      drop: ['expiresAt', 'personalExpiresAt'],
    });
    expect(result.cleanCalls).toBeGreaterThanOrEqual(3);
  });
});

let proposalId = '';

