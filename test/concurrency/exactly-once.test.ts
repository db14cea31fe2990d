/**
 * Eight at once: the same work started eight times in parallel has the effects of doing it once. Each scenario runs
 * twice on fresh tables built the same way: once with a single call (the reference), once with eight parallel calls;
 * the two tables must then hold the same items, compared one by one (generated ids and instants aside, as a
 * multiset so that a duplicate shows). Beside that, the counts a person would check: assignments, holders of each
 * post, audit records, the outbox, and the mails the SES emulator received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSesLocal, storedMails, type SesLocal } from '../../scripts/lib/ses-local';
import { systemActor } from '../../shared/use-cases/policy';
import { runAlerts } from '../../shared/use-cases/run-alerts';
import { createTestApp, type TestApp } from '../support/app';
import { addPeople, createUnitsAndPosts, PHU_YEN_UNITS } from '../support/fixtures';
import { normalizedItems, snapshotTable, type Snapshot } from '../support/table-snapshot';

const PARALLEL = 8;
let ses: SesLocal;

// Each test builds two twin tables and waits on eight calls: on a loaded machine that takes tens of seconds.
beforeAll(async () => {
  ses = await startSesLocal({ port: 0 });
});
afterAll(async () => {
  await ses?.close();
});

/** A province with two offices, three posts, three overdue officials: enough for a swap and a move to a vacancy. */
async function world(): Promise<TestApp> {
  let tick = 0;
  let id = 0;
  const t = await createTestApp({
    now: () => new Date(Date.parse('2027-01-15T01:00:00Z') + tick++),
    newId: () => `id-${String(++id).padStart(6, '0')}`,
    env: { SES_ENDPOINT: ses.endpoint },
  });
  const posts = [
    { id: 'X1', unitId: 'O1', title: 'Chuyên viên quản lý nhà', category: 'specialist' },
    { id: 'X2', unitId: 'O2', title: 'Chuyên viên quy hoạch', category: 'specialist' },
    { id: 'X3', unitId: 'O3', title: 'Chuyên viên hạ tầng', category: 'specialist', headcount: 2 },
  ];
  await createUnitsAndPosts(t, PHU_YEN_UNITS, posts);
  const people = [
    ['A', 'O1', 'X1', '2012-03-01', 'Nguyễn Văn An'],
    ['B', 'O2', 'X2', '2013-05-01', 'Trần Thị Bình'],
    ['C', 'O3', 'X3', '2014-09-01', 'Lê Văn Cường'],
  ];
  await addPeople(t, people);
  return t;
}

/** Starts `n` calls at once (none begins before all are created) and waits for all. */
function together<T>(n: number, call: (k: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, k) => Promise.resolve().then(() => call(k))));
}

const byPrefix = (snapshot: Snapshot, prefix: string) => [...snapshot.values()].filter((i) => String(i.PK).startsWith(prefix));

async function decidedProposal(t: TestApp): Promise<string> {
  const draft = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'D', asOf: '2027-01-15', effectiveDate: '2027-03-01' });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  const submitted = await t.call('hr', 'POST', `/v1/proposals/${draft.body.id}/submit`);
  expect(submitted.status).toBe(200);
  const decided = await t.call('leader', 'POST', `/v1/proposals/${draft.body.id}/decisions`, {
    items: submitted.body.items.map((i: { itemId: string }) => ({ itemId: i.itemId, decision: 'approved' })),
  });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  expect(decided.body.items.filter((i: { targetPositionId?: string }) => i.targetPositionId).length).toBeGreaterThanOrEqual(2);
  return draft.body.id;
}

describe(`${PARALLEL} parallel applies of one decided proposal`, { timeout: 180_000 }, () => {
  it('apply each item exactly once: the same items as one apply, each official moved once, no post over its headcount', async () => {
    const reference = await world();
    const once = await reference.call('leader', 'POST', `/v1/proposals/${await decidedProposal(reference)}/apply`, { decisionNo: '15/QĐ-SXD' });
    expect(once.status, JSON.stringify(once.body)).toBe(200);
    const applied = once.body.results.filter((r: { result: string }) => r.result === 'applied');
    expect(applied.length).toBeGreaterThanOrEqual(2);

    const t = await world();
    const id = await decidedProposal(t);
    const answers = await together(PARALLEL, () => t.call('leader', 'POST', `/v1/proposals/${id}/apply`, { decisionNo: '15/QĐ-SXD' }));
    // Every answer is a success or a clean conflict; between them, each item is applied by exactly one call.
    for (const a of answers) expect([200, 409], JSON.stringify(a.body)).toContain(a.status);
    const appliedBy = new Map<string, number>();
    for (const a of answers.filter((x) => x.status === 200))
      for (const r of a.body.results as { itemId: string; result: string }[])
        if (r.result === 'applied') appliedBy.set(r.itemId, (appliedBy.get(r.itemId) ?? 0) + 1);
    expect([...appliedBy.values()].every((n) => n === 1)).toBe(true);
    // The others say the item was already applied: none tells the leader an item failed.
    const failed = answers.filter((x) => x.status === 200).flatMap((a) => a.body.results.filter((r: { result: string }) => r.result === 'failed'));
    expect(failed).toEqual([]);
    expect(appliedBy.size).toBe(applied.length);

    const after = await snapshotTable(t.table);
    expect(normalizedItems(after)).toEqual(normalizedItems(await snapshotTable(reference.table)));
    // What a person would check: each moved official holds one new assignment from the effective date.
    for (const official of ['A', 'B', 'C']) {
      const list = await t.call('hr', 'GET', `/v1/officials/${official}/assignments`);
      const starting = list.body.items.filter((a: { startDate: string }) => a.startDate === '2027-03-01');
      expect(starting.length, official).toBeLessThanOrEqual(1);
    }
    for (const post of ['X1', 'X2', 'X3']) {
      const p = await t.call('hr', 'GET', `/v1/positions/${post}`);
      expect(p.body.holders, post).toBeLessThanOrEqual(p.body.headcount);
    }
    const proposal = await t.call('hr', 'GET', `/v1/proposals/${id}`);
    expect(proposal.body.status).toBe('applied');
  });
});

describe(`${PARALLEL} parallel assignment writes for one official`, { timeout: 180_000 }, () => {
  const body = { positionId: 'X2', startDate: '2027-02-01', kind: 'transfer', decisionNo: '9/QĐ-SXD' };

  async function closeCurrent(t: TestApp) {
    const list = await t.call('hr', 'GET', '/v1/officials/C/assignments');
    const current = list.body.items[0];
    const closed = await t.call('hr', 'PATCH', `/v1/officials/C/assignments/${current.id}`, { endDate: '2027-01-31', version: current.version });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  }

  it('the same write under one Idempotency-Key: one assignment, one audit record, the others replay or wait', async () => {
    const reference = await world();
    await closeCurrent(reference);
    const once = await reference.call('hr', 'POST', '/v1/officials/C/assignments', body, { headers: { 'idempotency-key': 'chuyen-C-X2' } });
    expect(once.status).toBe(201);

    const t = await world();
    await closeCurrent(t);
    const answers = await together(PARALLEL, () =>
      t.call('hr', 'POST', '/v1/officials/C/assignments', body, { headers: { 'idempotency-key': 'chuyen-C-X2' } }),
    );
    const created = answers.filter((a) => a.status === 201);
    for (const a of answers) expect([201, 409], JSON.stringify(a.body)).toContain(a.status);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    // A replay answers with the one assignment created.
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    expect(normalizedItems(await snapshotTable(t.table))).toEqual(normalizedItems(await snapshotTable(reference.table)));
    // And once finished, a retry replays it.
    const retry = await t.call('hr', 'POST', '/v1/officials/C/assignments', body, { headers: { 'idempotency-key': 'chuyen-C-X2' } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(created[0].body.id);
  });

  it('eight different overlapping writes without a key: exactly one lands, the others are conflicts, the official and post stay consistent', async () => {
    const t = await world();
    await closeCurrent(t);
    const holdersOf = async (post: string) => (await t.call('hr', 'GET', `/v1/positions/${post}`)).body.holders as number;
    const holdersBefore = { X1: await holdersOf('X1'), X2: await holdersOf('X2') };
    const before = await snapshotTable(t.table);
    const answers = await together(PARALLEL, (k) =>
      t.call('hr', 'POST', '/v1/officials/C/assignments', { ...body, decisionNo: `${k + 1}/QĐ-SXD`, positionId: k % 2 ? 'X2' : 'X1' }),
    );
    const winners = answers.filter((a) => a.status === 201);
    expect(winners).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(a.status, JSON.stringify(a.body)).toBe(409);
      expect(['ASSIGNMENT_OVERLAP', 'CONCURRENT_UPDATE']).toContain(a.body.code);
    }
    const after = await snapshotTable(t.table);
    const newAssignments = [...after.keys()].filter((k) => k.startsWith('OFFICIAL#C |') && k.includes('ASSIGNMENT#') && !before.has(k));
    expect(newAssignments).toHaveLength(1);
    const audits = [...after.entries()].filter(([k]) => !before.has(k) && k.startsWith('AUDIT#'));
    expect(audits, 'one audit record for the one write').toHaveLength(1);
    const tenure = await t.call('hr', 'GET', '/v1/officials/C/tenure?asOf=2027-02-15');
    expect(tenure.body.positionId).toBe(winners[0].body.positionId);
    // The winner's post counts one more holder (a recorded assignment may exceed the headcount: it records what
    // happened; only proposals refuse a full post), the other post none.
    const won = winners[0].body.positionId as 'X1' | 'X2';
    const lost = won === 'X1' ? 'X2' : 'X1';
    expect(await holdersOf(won)).toBe(holdersBefore[won] + 1);
    expect(await holdersOf(lost)).toBe(holdersBefore[lost]);
  });
});

describe(`${PARALLEL} parallel alert runs`, { timeout: 180_000 }, () => {
  it('each notice is mailed once: the same outbox as one run, as many mails, and every run recorded', async () => {
    const isRun = (item: Record<string, unknown>) => item.PK === 'ALERT_RUNS';
    const runAs = (k: number) => systemActor('alerts', `parallel-${k}`);

    await fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });
    const reference = await world();
    const one = await runAlerts(reference.deps, runAs(0), { asOf: '2027-01-15' });
    expect(one.status).toBe('completed');
    const referenceMails = await storedMails(ses.endpoint);
    expect(referenceMails.length).toBeGreaterThanOrEqual(2);
    const referenceSnapshot = await snapshotTable(reference.table);

    await fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });
    const t = await world();
    const runs = await together(PARALLEL, (k) => runAlerts(t.deps, runAs(k + 1), { asOf: '2027-01-15' }));
    const mails = await storedMails(ses.endpoint);

    // As many mails, to the same addresses with the same subjects; each run's count adds up to them.
    const summary = (list: typeof mails) => list.map((m) => `${m.destination.to.join(',')} ${m.subject}`).sort();
    expect(summary(mails)).toEqual(summary(referenceMails));
    expect(runs.reduce((n, r) => n + r.mailsSent + r.digestsSent, 0)).toBe(one.mailsSent + one.digestsSent);
    // The outbox and everything else: item by item as after one run; the runs themselves are eight records.
    const after = await snapshotTable(t.table);
    // The SES emulator's message ids are random: the only attribute left out.
    const drop = ['messageId'];
    expect(normalizedItems(after, { skip: isRun, drop })).toEqual(normalizedItems(referenceSnapshot, { skip: isRun, drop }));
    const recorded = byPrefix(after, 'ALERT_RUNS').filter((i) => String(i.SK).startsWith('RUN#'));
    expect(recorded).toHaveLength(PARALLEL);
    expect(byPrefix(after, 'ALERT_NOTICE').length).toBe(byPrefix(referenceSnapshot, 'ALERT_NOTICE').length);
  });
});
