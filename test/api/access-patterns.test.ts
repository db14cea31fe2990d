/**
 * One test per access pattern of shared/adapters/dynamo/keys.ts, numbered as there, through the API where a
 * client can reach it, and at the repository where the point is what DynamoDB reads.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installReadMeter } from '../../shared/adapters/dynamo/read-meter';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;
let an: string;
let binh: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedOrganisation(t);
  an = await addOfficial(t, ORG.office, { fullName: 'Nguyễn Văn An', gender: 'male', employeeCode: 'AP-001' });
  binh = await addOfficial(t, ORG.inspectorate, { fullName: 'Đặng Thị Bình' });
  await addAssignment(t, an, { positionId: 'VP-CV', startDate: '2012-03-01' }); // overdue from 2022-03-01
  await addAssignment(t, binh, { positionId: 'TT-TTV', startDate: '2024-01-01' }); // due 2034
});

describe('access patterns', () => {
  it('1: gets a unit, a position and an official by id', async () => {
    expect((await t.call('hr', 'GET', `/v1/units/${ORG.office}`)).body).toMatchObject({ agencyId: ORG.agency, ancestors: [ORG.province, ORG.agency] });
    expect((await t.call('hr', 'GET', '/v1/positions/VP-KT')).body).toMatchObject({ rotationPeriodMonths: 36, unitPath: [ORG.province, ORG.agency, ORG.office] });
    expect((await t.call('hr', 'GET', `/v1/officials/${an}`)).body).toMatchObject({ fullName: 'Nguyễn Văn An', unitId: ORG.office });
  });

  it('2: lists every unit, paginated', async () => {
    const first = await t.call('admin', 'GET', '/v1/units?limit=4');
    expect(first.body.items).toHaveLength(4);
    const second = await t.call('admin', 'GET', `/v1/units?limit=4&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it("3: lists an agency's positions, narrowed to a unit subtree", async () => {
    const agency = await t.call('hr', 'GET', `/v1/positions?unitId=${ORG.agency}`);
    expect(agency.body.items.map((p: { id: string }) => p.id).sort()).toEqual(['TT-TTV', 'VP-CV', 'VP-CVP', 'VP-KT']);
    const office = await t.call('hr', 'GET', `/v1/positions?unitId=${ORG.inspectorate}`);
    expect(office.body.items.map((p: { id: string }) => p.id)).toEqual(['TT-TTV']);
    const paged = await t.call('hr', 'GET', `/v1/positions?unitId=${ORG.agency}&limit=3`);
    const rest = await t.call('hr', 'GET', `/v1/positions?unitId=${ORG.agency}&limit=3&cursor=${paged.body.nextCursor}`);
    expect(paged.body.items.length + rest.body.items.length).toBe(4);
  });

  it("4: lists an agency's officials by name; q ignores diacritics and matches employee codes", async () => {
    const all = await t.call('hr', 'GET', `/v1/officials?unitId=${ORG.agency}`);
    expect(all.body.items.map((o: { fullName: string }) => o.fullName)).toEqual(['Đặng Thị Bình', 'Nguyễn Văn An']);
    expect((await t.call('hr', 'GET', '/v1/officials?q=nguyen%20van')).body.items.map((o: { id: string }) => o.id)).toEqual([an]);
    expect((await t.call('hr', 'GET', '/v1/officials?q=dang')).body.items.map((o: { id: string }) => o.id)).toEqual([binh]);
    expect((await t.call('hr', 'GET', '/v1/officials?q=AP-001')).body.items.map((o: { id: string }) => o.id)).toEqual([an]);
    expect((await t.call('hr', 'GET', `/v1/officials?unitId=${ORG.otherAgency}`)).body.items).toEqual([]);
  });

  it("5: reads an official's whole aggregate (history and tenure)", async () => {
    const history = await t.call('hr', 'GET', `/v1/officials/${an}/assignments`);
    expect(history.body.items).toHaveLength(1);
    const tenure = await t.call('hr', 'GET', `/v1/officials/${an}/tenure?asOf=2026-11-23`);
    expect(tenure.body).toMatchObject({ chainStart: '2012-03-01', dueDate: '2022-03-01', status: 'overdue', years: 14.66 });
  });

  it('33: a tenure on a day of the duty in force is read from the status item alone; another day from the whole history', async () => {
    const meter = installReadMeter(t.table.client);
    meter.take();
    const inForce = await t.call('hr', 'GET', `/v1/officials/${an}/tenure?asOf=2026-11-23`);
    expect(inForce.body).toMatchObject({ positionId: 'VP-CV', chainStart: '2012-03-01', status: 'overdue', years: 14.66 });
    expect(meter.take().byCommand).toEqual({ GetItemCommand: 1 });
    // Before the assignment began: the status item cannot tell, so the history is read (pattern 5) as well.
    const before = await t.call('hr', 'GET', `/v1/officials/${an}/tenure?asOf=2011-06-01`);
    expect(before.body).toMatchObject({ positionId: null, chainStart: null, status: 'ok' });
    expect(meter.take().byCommand).toMatchObject({ GetItemCommand: 1, QueryCommand: 1 });
    // Out of scope is the same 404 as missing, from the one read.
    const elsewhere = await t.call('hr', 'GET', `/v1/officials/${an}/tenure?asOf=2026-11-23`, undefined, { units: [ORG.otherAgency] });
    const missing = await t.call('hr', 'GET', '/v1/officials/NO-SUCH/tenure?asOf=2026-11-23', undefined, { units: [ORG.otherAgency] });
    expect(elsewhere.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(elsewhere.body.code).toBe(missing.body.code);
  });

  it("34: the officials whose status item's chain is on a post, in service or still serving, of the post's agency", async () => {
    expect(await t.deps.officials.queryStatusesOfPosition(ORG.agency, 'VP-CV', '2026-11-23')).toEqual([an]);
    expect(await t.deps.officials.queryStatusesOfPosition(ORG.otherAgency, 'VP-CV', '2026-11-23')).toEqual([]);
    expect(await t.deps.officials.queryStatusesOfPosition(ORG.agency, 'VP-KT', '2026-11-23')).toEqual([]);
    // Then their items by key, strongly consistent.
    expect((await t.deps.officials.getStatuses([an, an, 'NO-SUCH'])).map((s) => s.officialId)).toEqual([an]);
  });

  it('6: the flags query reads only status items due by the bound, never the whole staff', async () => {
    const statuses = await t.deps.officials.queryDueStatuses([ORG.agency], '2026-11-23');
    expect(statuses.map((s) => s.officialId)).toEqual([an]);
    const later = await t.deps.officials.queryDueStatuses([ORG.agency], '2034-06-01');
    expect(later.map((s) => s.officialId).sort()).toEqual([an, binh].sort());
    const flags = await t.call('hr', 'GET', '/v1/tenure/flags?asOf=2026-11-23');
    expect(flags.body.items.map((f: { officialId: string }) => f.officialId)).toEqual([an]);
  });

  it('7: officials with an unsatisfactory annual rating are found through their own sparse index', async () => {
    expect(await t.deps.officials.queryUnsatisfactoryStatuses([ORG.agency])).toEqual([]);
    await t.call('hr', 'PUT', `/v1/officials/${binh}/assessments/2025`, { rating: 'unsatisfactory', assessedOn: '2025-12-15' });
    const found = await t.deps.officials.queryUnsatisfactoryStatuses([ORG.agency]);
    expect(found.map((s) => s.officialId)).toEqual([binh]);
    const flags = await t.call('hr', 'GET', '/v1/tenure/flags?asOf=2026-01-10');
    expect(flags.body.items.map((f: { officialId: string }) => f.officialId).sort()).toEqual([an, binh].sort());
  });

  it('7: an unsatisfactory rating leaves the index once three better-rated years follow it', async () => {
    const id = await addOfficial(t, ORG.office, { fullName: 'Tạ Văn Cũ' });
    const rate = (year: number, rating: string) =>
      t.call('hr', 'PUT', `/v1/officials/${id}/assessments/${year}`, { rating, assessedOn: `${year}-12-15` });
    const indexed = async () => (await t.deps.officials.queryUnsatisfactoryStatuses([ORG.agency])).some((s) => s.officialId === id);
    expect((await rate(2019, 'unsatisfactory')).status).toBe(201);
    expect(await indexed()).toBe(true);
    await rate(2020, 'good');
    await rate(2021, 'good');
    expect(await indexed()).toBe(true);
    await rate(2022, 'good');
    expect(await indexed()).toBe(false);
  });

  it('8: the audit log of one entity', async () => {
    const res = await t.call('auditor', 'GET', `/v1/audit?entityId=VP-KT`);
    expect(res.body.items).toEqual([expect.objectContaining({ entityType: 'position', action: 'create' })]);
  });

  it("9: the audit log of an official includes their children's records", async () => {
    const res = await t.call('auditor', 'GET', `/v1/audit?entityId=${binh}`);
    expect(res.body.items.map((r: { entityType: string }) => r.entityType)).toEqual(['assessment', 'assignment', 'official']);
  });

  it('10: one period of many officials by key', async () => {
    const res = await t.call('hr', 'GET', `/v1/assessments?unitId=${ORG.agency}&period=2025`);
    expect(res.body.items.map((a: { officialId: string }) => a.officialId)).toEqual([binh]);
  });

  it("11: rating counts of an agency's year", async () => {
    expect(await t.deps.officials.getRatingCounts(ORG.agency, 2025)).toEqual({ excellent: 0, good: 0, satisfactory: 0, unsatisfactory: 1 });
  });

  it('12: employee codes are unique, and a changed code frees the old one', async () => {
    const taken = await t.call('hr', 'POST', '/v1/officials', { fullName: 'X', gender: 'male', dateOfBirth: '1990-01-01', unitId: ORG.office, employeeCode: 'AP-001' });
    expect(taken.status).toBe(409);
    expect((await t.call('hr', 'PATCH', `/v1/officials/${an}`, { employeeCode: 'AP-002' })).status).toBe(200);
    const reused = await t.call('hr', 'POST', '/v1/officials', { fullName: 'X', gender: 'male', dateOfBirth: '1990-01-01', unitId: ORG.office, employeeCode: 'AP-001' });
    expect(reused.status).toBe(201);
    expect(await t.deps.officials.findByEmployeeCode('AP-002')).toBe(an);
  });

  it("14: one actor's audit records between two instants", async () => {
    const all = await t.call('auditor', 'GET', '/v1/audit?actor=admin-user&limit=500');
    // The organisation's six units and five posts, all created by the admin, newest first.
    expect(all.body.items).toHaveLength(11);
    expect(new Set(all.body.items.map((r: { actor: { sub: string } }) => r.actor.sub))).toEqual(new Set(['admin-user']));
    const ats = all.body.items.map((r: { at: string }) => r.at);
    expect(ats).toEqual([...ats].sort().reverse());
    expect((await t.call('auditor', 'GET', '/v1/audit?actor=admin-user&to=2020-01-01')).body.items).toEqual([]);
  });

  it("15: an agency's audit records between two instants", async () => {
    const other = await t.call('auditor', 'GET', '/v1/audit?limit=500', undefined, { units: [ORG.otherAgency] });
    expect(other.body.items.map((r: { entityId: string }) => r.entityId).sort()).toEqual([ORG.otherAgency, ORG.otherOffice, 'SNV-CV'].sort());
    const everything = await t.call('auditor', 'GET', '/v1/audit?limit=500');
    expect(everything.body.items.length).toBeGreaterThan(other.body.items.length);
  });

  it('16: leavers of an agency still serving on a date', async () => {
    const leaver = await addOfficial(t, ORG.office, { fullName: 'Quách Văn Đi' });
    await addAssignment(t, leaver, { positionId: 'VP-CVP', startDate: '2010-01-01' });
    expect((await t.call('hr', 'PATCH', `/v1/officials/${leaver}`, { leftOn: '2025-06-30', leftReason: 'resigned' })).status).toBe(200);
    const ids = (statuses: { officialId: string }[]) => statuses.map((s) => s.officialId);
    expect(ids(await t.deps.officials.queryLeaversInService([ORG.agency], '2025-06-29'))).toContain(leaver);
    expect(ids(await t.deps.officials.queryLeaversInService([ORG.agency], '2025-06-30'))).not.toContain(leaver);
    // Out of the due-date index: as of today's reads, a leaver costs nothing.
    expect(ids(await t.deps.officials.queryDueStatuses([ORG.agency], '2099-12-31'))).not.toContain(leaver);
  });

  it("13: a caller's idempotency record", async () => {
    const body = { fullName: 'Lặp Lại', gender: 'male', dateOfBirth: '1990-01-01', unitId: ORG.office };
    const headers = { 'idempotency-key': 'ap-13' };
    const first = await t.call('hr', 'POST', '/v1/officials', body, { headers });
    const second = await t.call('hr', 'POST', '/v1/officials', body, { headers });
    expect(second.body.id).toBe(first.body.id);
    expect((await t.call('hr', 'GET', '/v1/officials?q=lap%20lai')).body.items).toHaveLength(1);
  });

  it("19: the dashboard reads only an agency's chains due in a range of dates, through the due-date index", async () => {
    const ids = (statuses: { officialId: string }[]) => statuses.map((s) => s.officialId).sort();
    expect(ids(await t.deps.officials.queryDueBetween([ORG.agency], { after: '2022-02-28', through: '2022-03-01' }))).toEqual([an]);
    expect(ids(await t.deps.officials.queryDueBetween([ORG.agency], { after: '2022-03-01', through: '2033-12-31' }))).toEqual([]);
    expect(ids(await t.deps.officials.queryDueBetween([ORG.agency], { after: '2033-12-31', through: '2034-01-01' }))).toEqual([binh]);
    expect(ids(await t.deps.officials.queryDueBetween([ORG.agency], { through: '2034-01-01' }))).toEqual([an, binh].sort());
    expect(await t.deps.officials.queryDueBetween([ORG.otherAgency], { through: '2099-12-31' })).toEqual([]);
  });

  it('30: the chains due in a range of dates in every agency, one query per month the range spans, sparse as pattern 6', async () => {
    const ids = (statuses: { officialId: string }[]) => statuses.map((s) => s.officialId).sort();
    // Another agency's official due in An's month, and one in the next month; a leaver due then too.
    const other = await addOfficial(t, ORG.otherOffice, { fullName: 'Khác Văn Sở' });
    await addAssignment(t, other, { positionId: 'SNV-CV', startDate: '2012-03-15' }); // due 2022-03-15
    const april = await addOfficial(t, ORG.office, { fullName: 'Tư Thị Tháng' });
    await addAssignment(t, april, { positionId: 'VP-KT', startDate: '2019-04-02' }); // 36 months: due 2022-04-02
    const gone = await addOfficial(t, ORG.office, { fullName: 'Rời Văn Đi' });
    await addAssignment(t, gone, { positionId: 'VP-CVP', startDate: '2012-03-20' });
    expect((await t.call('hr', 'PATCH', `/v1/officials/${gone}`, { leftOn: '2021-12-31', leftReason: 'resigned' })).status).toBe(200);

    const meter = installReadMeter(t.table.client);
    meter.take();
    expect(ids(await t.deps.officials.queryDueInWindow({ after: '2022-02-28', through: '2022-04-02' }))).toEqual([an, other, april].sort());
    const reads = meter.take().reads;
    // March and April 2022, each read by range in its own month partition of GSI1: nothing of another month.
    // Sorted: the month partitions are read concurrently, so they complete in any order.
    expect(reads.map((r) => [r.indexName, r.partition]).sort()).toEqual([
      ['GSI1', 'DUE_MONTH#2022-03'],
      ['GSI1', 'DUE_MONTH#2022-04'],
    ]);
    expect(reads.reduce((n, r) => n + r.scannedCount, 0)).toBe(3);

    expect(ids(await t.deps.officials.queryDueInWindow({ after: '2022-03-01', through: '2022-03-14' }))).toEqual([]);
    expect(ids(await t.deps.officials.queryDueInWindow({ after: '2022-02-28', through: '2022-03-01' }))).toEqual([an]);
    expect(ids(await t.deps.officials.queryDueInWindow({ after: '2033-12-31', through: '2034-01-01' }))).toEqual([binh]);
    // Due before 2000: every such month shares one partition, read with the same bounds.
    const old = await addOfficial(t, ORG.otherOffice, { fullName: 'Lâu Văn Năm', gender: 'male', dateOfBirth: '1967-05-01' });
    await addAssignment(t, old, { positionId: 'SNV-CV', startDate: '1988-02-01' }); // due 1998-02-01
    meter.take();
    expect(ids(await t.deps.officials.queryDueInWindow({ after: '1998-01-31', through: '1998-02-01' }))).toEqual([old]);
    expect(ids(await t.deps.officials.queryDueInWindow({ after: '1998-02-01', through: '1999-12-31' }))).toEqual([]);
    expect(meter.take().reads.map((r) => r.partition)).toEqual(['DUE_MONTH#BEFORE-2000-01', 'DUE_MONTH#BEFORE-2000-01']);

    // No lower bound (a first run): that partition, then every month from 2000 on.
    const all = ids(await t.deps.officials.queryDueInWindow({ through: '2034-01-01' }));
    expect(all).toEqual(expect.arrayContaining([an, binh, other, april, old]));
    expect(all).not.toContain(gone);
    const firstRun = meter.take().reads;
    expect(firstRun.every((r) => r.indexName === 'GSI1' && r.partition?.startsWith('DUE_MONTH#'))).toBe(true);
    expect(firstRun).toHaveLength(1 + 34 * 12 + 1);

    // Every status write keeps the entry right: leaving service takes it out.
    expect((await t.call('hr', 'PATCH', `/v1/officials/${april}`, { leftOn: '2026-01-31', leftReason: 'resigned' })).status).toBe(200);
    expect(ids(await t.deps.officials.queryDueInWindow({ after: '2022-03-31', through: '2022-04-30' }))).toEqual([]);
  });

  it('20: an alert notice (official, due date, threshold) or an agency digest of a month is claimed once', async () => {
    const state = { status: 'pending' as const, runId: 'run-a', claimedAt: '2026-06-01T01:00:00.000Z', leaseUntil: '2026-06-01T01:15:00.000Z', attempts: 0 };
    const line = {
      officialId: an, fullName: 'Nguyễn Văn An', positionTitle: 'Chuyên viên tổng hợp', unitId: ORG.office, unitName: 'Văn phòng Sở',
      agencyId: ORG.agency, chainStart: '2012-03-01', dueDate: '2022-03-01', asOf: '2026-06-01', threshold: 0, reasons: [], exemptions: [],
    };
    const notice = { ...state, kind: 'threshold' as const, officialId: an, dueDate: '2022-03-01', threshold: 0, unitId: ORG.office, line };
    expect(await t.deps.alerts.claim(notice)).toBe(true);
    expect(await t.deps.alerts.claim({ ...notice, runId: 'run-b' })).toBe(false);
    expect(await t.deps.alerts.claim({ ...notice, threshold: 7 })).toBe(true);
    const digest = { ...state, kind: 'digest' as const, agencyId: ORG.agency, month: '2026-06' };
    expect(await t.deps.alerts.claim(digest)).toBe(true);
    expect(await t.deps.alerts.claim({ ...digest, runId: 'run-b' })).toBe(false);
    expect(await t.deps.alerts.claim({ ...digest, month: '2026-07' })).toBe(true);
  });

  it('21: the notices still pending are found through their own sparse index, and leave it once sent', async () => {
    const pending = await t.deps.alerts.listPending();
    expect(pending).toHaveLength(4);
    const first = pending.find((n) => n.kind === 'threshold' && n.threshold === 0)!;
    expect(await t.deps.alerts.takeOver(first, 'run-c', '2026-06-02T01:15:00.000Z', '2026-06-01T01:10:00.000Z')).toBe(false); // lease not over
    expect(await t.deps.alerts.takeOver(first, 'run-c', '2026-06-02T01:15:00.000Z', '2026-06-02T01:00:00.000Z')).toBe(true);
    await t.deps.alerts.markSent([{ ...first, runId: 'run-c' }], 'run-c', { at: '2026-06-02T01:00:01.000Z', messageId: 'm-1', recipients: ['a@b.vn'] });
    const left = await t.deps.alerts.listPending();
    expect(left).toHaveLength(3);
    expect(left.some((n) => n.kind === 'threshold' && n.threshold === 0)).toBe(false);
    // Marked by a run that no longer holds it: refused.
    await expect(t.deps.alerts.markSent([left[0]], 'run-z', { at: 'x', messageId: 'm', recipients: [] })).rejects.toMatchObject({ code: 'CONCURRENT_UPDATE' });
  });

  it('22: alert runs newest first, and the last completed run, which a run as of an earlier date never moves back', async () => {
    const run = (id: string, asOf: string, startedAt: string) => ({
      id, asOf, startedAt, trigger: 'system:alerts', status: 'completed' as const, windows: [], mailsSent: 0, officialsNotified: 0, digestsSent: 0,
      retried: 0, failures: [], unitsWithoutAddress: [], invalidAddresses: [],
    });
    expect(await t.deps.alerts.lastCompleted()).toBeUndefined();
    await t.deps.alerts.completeRun(run('r1', '2026-06-01', '2026-06-01T01:00:00.000Z'));
    await t.deps.alerts.completeRun(run('r2', '2026-06-02', '2026-06-02T01:00:00.000Z'));
    await t.deps.alerts.completeRun(run('r3', '2026-05-15', '2026-06-02T02:00:00.000Z'));
    expect(await t.deps.alerts.lastCompleted()).toEqual({ asOf: '2026-06-02', runId: 'r2' });
    const page = await t.deps.alerts.listRuns({ limit: 2 });
    expect(page.items.map((r) => r.id)).toEqual(['r3', 'r2']);
    expect((await t.deps.alerts.listRuns({ limit: 2, cursor: page.nextCursor })).items.map((r) => r.id)).toEqual(['r1']);
  });

  it('23: imports newest first, filtered by who may read each, paged across what the filter drops', async () => {
    const record = (id: string, startedAt: string, scopePaths: '*' | string[][]) => ({
      id, kind: 'officials' as const, fileName: `${id}.csv`, by: { sub: 'hr-user', roles: ['hr' as const] }, scopePaths, requestId: `req-${id}`,
      startedAt, finishedAt: startedAt, rows: 1, valid: 1, written: 1, present: 0, failed: 0, errorCount: 0, errors: [],
    });
    await t.deps.imports.record(record('i1', '2026-06-01T01:00:00.000Z', [[ORG.province, ORG.agency]]), {});
    await t.deps.imports.record(record('i2', '2026-06-02T01:00:00.000Z', '*'), {});
    await t.deps.imports.record(record('i3', '2026-06-03T01:00:00.000Z', [[ORG.province, ORG.agency, ORG.office]]), {});
    const all = await t.deps.imports.list({ limit: 10, keep: () => true });
    expect(all.items.map((r) => r.id)).toEqual(['i3', 'i2', 'i1']);
    const narrow = (r: { scopePaths: '*' | string[][] }) => r.scopePaths !== '*';
    const first = await t.deps.imports.list({ limit: 1, keep: narrow });
    expect(first.items.map((r) => r.id)).toEqual(['i3']);
    const second = await t.deps.imports.list({ limit: 1, keep: narrow, cursor: first.nextCursor });
    expect(second.items.map((r) => r.id)).toEqual(['i1']);
  });

  it('24: the officials holding many employee codes, read in batches', async () => {
    const code = (await t.call('hr', 'GET', `/v1/officials/${an}`)).body.employeeCode;
    // More than one BatchGetItem's 100 keys, a code twice, codes nobody holds.
    const codes = [code, 'NO-SUCH', ...Array.from({ length: 150 }, (_, i) => `MISSING-${i}`), code];
    const found = await t.deps.officials.findByEmployeeCodes(codes);
    expect([...found]).toEqual([[code, an]]);
  });

  it("31: many officials' aggregates: by key for those with nothing recorded since they were created, whole for the others", async () => {
    const fresh = await addOfficial(t, ORG.office, { fullName: 'Lý Văn Mới' });
    const meter = installReadMeter(t.table.client);
    meter.take();
    const found = await t.deps.officials.getOfficialAggregates([an, fresh, 'NO-SUCH', fresh]);
    const reading = meter.take();
    expect([...found.keys()].sort()).toEqual([an, fresh].sort());
    // The same aggregates as pattern 5 reads, one query for the official with a history and none for the new one.
    expect(found.get(an)).toEqual(await t.deps.officials.getOfficialAggregate(an));
    expect(found.get(an)!.assignments).toHaveLength(1);
    expect(found.get(fresh)).toEqual(await t.deps.officials.getOfficialAggregate(fresh));
    expect(reading.byCommand).toEqual({ BatchGetItemCommand: 1, QueryCommand: 1 });
  });

  it("25: who read an official's sensitive records: the access log, by official, actor and agency", async () => {
    const put = await t.call('hr', 'PUT', `/v1/officials/${an}/assessments/2024`, { rating: 'good', assessedOn: '2024-12-20' });
    expect(put.status).toBe(201);
    await t.call('leader', 'GET', `/v1/officials/${an}/assessments`, undefined, { sub: 'ap-reader' });
    const byOfficial = await t.call('auditor', 'GET', `/v1/audit?entityType=access&entityId=${an}`);
    expect(byOfficial.body.items.map((r: { actor: { sub: string }; access: unknown }) => [r.actor.sub, r.access])).toEqual([
      ['ap-reader', { kinds: ['assessment'], via: 'listOfficialAssessments' }],
    ]);
    const byActor = await t.call('admin', 'GET', '/v1/audit?entityType=access&actor=ap-reader');
    expect(byActor.body.items.map((r: { entityId: string }) => r.entityId)).toEqual([an]);
    const byAgency = await t.call('auditor', 'GET', '/v1/audit?entityType=access', undefined, { units: [ORG.agency] });
    expect(byAgency.body.items.map((r: { entityId: string }) => r.entityId)).toContain(an);
    const elsewhere = await t.call('auditor', 'GET', '/v1/audit?entityType=access', undefined, { units: [ORG.otherAgency] });
    expect(elsewhere.body.items).toEqual([]);
  });

  it('26: personal images of audit records, read in batches beside their records', async () => {
    const records = (await t.deps.auditLog.listForEntity('official', binh)).filter(
      (r) => r.entityType === 'official' && r.personalExpiresAt !== undefined,
    );
    expect(records.length).toBeGreaterThan(0);
    expect(records[0].after).not.toHaveProperty('fullName');
    const images = await t.deps.auditLog.personalImages(records);
    expect(images.get(records[0].id)).toMatchObject({ after: { fullName: 'Đặng Thị Bình' }, expiresAt: records[0].personalExpiresAt });
  });

  it('27: the scope\'s own units by id, those that exist', async () => {
    const units = await t.deps.organisation.getUnits([ORG.office, 'NO-SUCH-UNIT', ORG.agency, ORG.office]);
    expect(units.map((u) => u.id).sort()).toEqual([ORG.agency, ORG.office]);
  });

  it('27: a flags page reads by key the units of its own rows only, not those of every page', async () => {
    const asked: string[][] = [];
    const getUnits = t.deps.organisation.getUnits.bind(t.deps.organisation);
    t.deps.organisation.getUnits = async (ids) => (asked.push([...ids]), getUnits(ids));
    try {
      // An (office) and Bình (inspectorate) are both flagged by 2034, with others other tests added: pages of one.
      type Row = { officialId: string; unitId: string; unitName: string };
      const first = await t.call('hr', 'GET', '/v1/tenure/flags?asOf=2034-06-01&limit=1');
      const rows: Row[] = [...first.body.items];
      expect(asked.at(-1)).toEqual([rows[0].unitId]);
      let cursor: string | undefined = first.body.nextCursor;
      while (cursor) {
        const next = await t.call('hr', 'GET', `/v1/tenure/flags?asOf=2034-06-01&limit=1&cursor=${cursor}`);
        expect(next.body.items).toHaveLength(1);
        expect(asked.at(-1)).toEqual([next.body.items[0].unitId]);
        rows.push(next.body.items[0]);
        cursor = next.body.nextCursor;
      }
      expect(rows.map((r) => r.officialId)).toEqual(expect.arrayContaining([an, binh]));
      expect(rows.find((r) => r.officialId === an)?.unitName).toBe('Văn phòng Sở');
      expect(rows.find((r) => r.officialId === binh)?.unitName).toBe('Thanh tra Sở');
      expect(new Set(rows.map((r) => r.unitId)).size).toBeGreaterThan(1);
    } finally {
      t.deps.organisation.getUnits = getUnits;
    }
  });

  it('28: the agencies in a subtree, by path prefix, never a unit whose id merely starts the same', async () => {
    // A department whose id begins with another's: SKHCN's subtree must not take it in.
    expect((await t.call('admin', 'POST', '/v1/units', { id: `${ORG.agency}2`, name: 'Sở thứ hai', kind: 'department', parentId: ORG.province })).status).toBe(201);
    const ids = async (under?: string[]) => (await t.deps.organisation.listAgencies(under)).map((u) => u.id).sort();
    expect(await ids([ORG.province, ORG.agency])).toEqual([ORG.agency]);
    expect(await ids([ORG.province])).toEqual([ORG.province, ORG.agency, `${ORG.agency}2`, ORG.otherAgency].sort());
    expect(await ids()).toEqual([ORG.province, ORG.agency, `${ORG.agency}2`, ORG.otherAgency].sort());
    // A province never sits inside an agency, so an agency's subtree holds no other agency.
    const nested = await t.call('admin', 'POST', '/v1/units', { id: 'TP-NESTED', name: 'Tỉnh lồng', kind: 'province', parentId: ORG.agency });
    expect(nested).toMatchObject({ status: 422, body: { code: 'PROVINCE_UNDER_AGENCY' } });
    // An office is no agency: it is not in the index.
    expect(await ids([ORG.province, ORG.agency, ORG.office])).toEqual([]);
  });

  it("29: the units of one agency; a scoped caller's lists and flags resolve the scope without the country's unit list", async () => {
    expect((await t.deps.organisation.listAgencyUnits([ORG.agency])).map((u) => u.id).sort()).toEqual(
      [ORG.agency, ORG.inspectorate, ORG.office].sort(),
    );
    const meter = installReadMeter(t.table.client);
    meter.take();
    const flags = await t.call('hr', 'GET', '/v1/tenure/flags?asOf=2026-11-23', undefined, { units: [ORG.agency] });
    const named = flags.body.items.map((f: { officialId: string; unitName: string }) => [f.officialId, f.unitName]);
    expect(named).toContainEqual([an, 'Văn phòng Sở']);
    expect(named.every(([, name]: string[]) => name === 'Văn phòng Sở' || name === 'Thanh tra Sở')).toBe(true);
    const units = await t.call('hr', 'GET', '/v1/units', undefined, { units: [ORG.otherAgency] });
    expect(units.body.items.map((u: { id: string }) => u.id)).toEqual([ORG.otherAgency, ORG.otherOffice]);
    const reads = meter.take().reads;
    // No query of the UNITS partition (pattern 2) went out: every GSI1 read here would be one.
    expect(reads.filter((r) => r.indexName === 'GSI1')).toEqual([]);
    expect(reads.some((r) => r.indexName === 'GSI3')).toBe(true);
  });

  it("32: a unit's change of name or hrEmails leaves a restamp task in its own transaction, pending oldest first until done", async () => {
    const mine = async () => (await t.deps.organisation.listRestampTasks()).filter((task) => task.unitId === ORG.inspectorate);
    expect(await mine()).toEqual([]);
    const before = (await t.deps.organisation.getUnit(ORG.inspectorate))!.version;
    expect((await t.call('admin', 'PATCH', `/v1/units/${ORG.inspectorate}`, { validFrom: '2001-01-01' })).status).toBe(200);
    expect(await mine()).toEqual([]);
    expect((await t.call('admin', 'PATCH', `/v1/units/${ORG.inspectorate}`, { name: 'Thanh tra Sở KH&CN' })).status).toBe(200);
    expect((await t.call('admin', 'PATCH', `/v1/units/${ORG.inspectorate}`, { hrEmails: ['tt@skhcn.example.vn'] })).status).toBe(200);
    // A refused write (a stale version) leaves no task either.
    expect((await t.call('admin', 'PATCH', `/v1/units/${ORG.inspectorate}`, { name: 'Cũ' }, { headers: { 'if-match': String(before) } })).status).toBe(409);
    const tasks = await mine();
    expect(tasks.map((task) => task.version)).toEqual([before + 2, before + 3]);
    for (const task of tasks) await t.deps.organisation.finishRestampTask(task, '2026-11-26T00:00:00.000Z');
    expect(await mine()).toEqual([]);
  });
});
