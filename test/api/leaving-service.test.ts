/**
 * Officials who leave service (issue 6 section 5): PATCH leftOn + leftReason closes the open assignment in the
 * same write, is audited, takes the official out of flags (from leftOn, or once the effective retirement date has
 * passed), out of the sparse indexes and out of assessment lists for later periods; a leaver takes no new
 * assignment.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;

// Today is 2027-01-15 in Asia/Ho_Chi_Minh; the clock ticks so audit records keep their order.
beforeAll(async () => {
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2027-01-15T03:00:00Z') + tick++) });
  await seedOrganisation(t);
});

const flaggedIds = async (asOf: string) => {
  const res = await t.call('hr', 'GET', `/v1/tenure/flags?asOf=${asOf}&limit=500`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((f: { officialId: string }) => f.officialId) as string[];
};

const officialVersion = async (id: string): Promise<number> => (await t.call('hr', 'GET', `/v1/officials/${id}`)).body.version;

const dueIds = async () =>
  (await t.deps.officials.queryDueStatuses([ORG.agency], '2099-12-31')).map((s) => s.officialId);
const unsatisfactoryIds = async () =>
  (await t.deps.officials.queryUnsatisfactoryStatuses([ORG.agency])).map((s) => s.officialId);

describe('an official who resigns (leftOn in the past)', () => {
  let leaver: string;
  let stayer: string;
  let assignmentId: string;

  beforeAll(async () => {
    // Both overdue: more than 10 years in one post before leftOn.
    leaver = await addOfficial(t, ORG.office, { fullName: 'Đỗ Văn Rời' });
    stayer = await addOfficial(t, ORG.office, { fullName: 'Lý Thị Ở' });
    assignmentId = (await addAssignment(t, leaver, { positionId: 'VP-CV', startDate: '2012-03-01' })).id;
    await addAssignment(t, stayer, { positionId: 'VP-CV', startDate: '2012-03-01' });
    // An unsatisfactory annual rating puts the leaver in the unsatisfactory index too.
    const rated = await t.call('hr', 'PUT', `/v1/officials/${leaver}/assessments/2025`, {
      rating: 'unsatisfactory',
      assessedOn: '2025-12-20',
    });
    expect(rated.status, JSON.stringify(rated.body)).toBe(201);
    // Monthly assessments in 2027, after the leaver's leftOn (recorded before leaving, as a late entry could be).
    for (const id of [leaver, stayer]) {
      const monthly = await t.call('hr', 'PUT', `/v1/officials/${id}/assessments/2027-01`, { score: 80, assessedOn: '2027-01-10' });
      expect(monthly.status, JSON.stringify(monthly.body)).toBe(201);
    }
  });

  it('is in both sparse indexes and flagged before the leaving is recorded', async () => {
    expect(await dueIds()).toContain(leaver);
    expect(await unsatisfactoryIds()).toContain(leaver);
    expect(await flaggedIds('2026-06-01')).toContain(leaver);
  });

  it('PATCH leftOn + leftReason answers 200 and the official shows them', async () => {
    const version = await officialVersion(leaver);
    const res = await t.call('hr', 'PATCH', `/v1/officials/${leaver}`, { leftOn: '2026-09-30', leftReason: 'resigned', version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ leftOn: '2026-09-30', leftReason: 'resigned', version: version + 1 });
    const got = await t.call('leader', 'GET', `/v1/officials/${leaver}`);
    expect(got.body).toMatchObject({ leftOn: '2026-09-30', leftReason: 'resigned', version: version + 1 });
  });

  it('closes the open assignment on leftOn, with its version bumped', async () => {
    const list = await t.call('hr', 'GET', `/v1/officials/${leaver}/assignments`);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: assignmentId, startDate: '2012-03-01', endDate: '2026-09-30', version: 2 });
  });

  it("audits the official's update and the assignment's update, in the same request", async () => {
    const audit = await t.call('auditor', 'GET', `/v1/audit?entityId=${leaver}`);
    expect(audit.status).toBe(200);
    const officialUpdate = audit.body.items.find(
      (r: any) => r.entityType === 'official' && r.action === 'update' && r.after?.leftOn === '2026-09-30',
    );
    const assignmentUpdate = audit.body.items.find(
      (r: any) => r.entityType === 'assignment' && r.entityId === assignmentId && r.action === 'update',
    );
    expect(officialUpdate).toBeDefined();
    expect(officialUpdate.before.leftOn).toBeUndefined();
    expect(officialUpdate.after.leftReason).toBe('resigned');
    expect(assignmentUpdate).toBeDefined();
    expect(assignmentUpdate.before.endDate).toBeUndefined();
    expect(assignmentUpdate.after).toMatchObject({ endDate: '2026-09-30', version: 2 });
    expect(assignmentUpdate.requestId).toBe(officialUpdate.requestId);
  });

  it('leaves both sparse indexes (the one still in service stays)', async () => {
    expect(await dueIds()).not.toContain(leaver);
    expect(await unsatisfactoryIds()).not.toContain(leaver);
    expect(await dueIds()).toContain(stayer);
  });

  it('is not flagged as of leftOn or after it', async () => {
    for (const asOf of ['2026-09-30', '2026-12-01', '2027-01-15']) {
      const ids = await flaggedIds(asOf);
      expect(ids, asOf).toContain(stayer);
      expect(ids, asOf).not.toContain(leaver);
    }
  });

  it('is still flagged as of a date before leftOn', async () => {
    const ids = await flaggedIds('2026-06-01');
    expect(ids).toContain(stayer);
    expect(ids).toContain(leaver);
  });

  it('tenure after leftOn has no reasons and says when and why they left; before it, the overdue reason', async () => {
    const after = await t.call('hr', 'GET', `/v1/officials/${leaver}/tenure?asOf=2026-12-01`);
    expect(after.status).toBe(200);
    expect(after.body.reasons).toEqual([]);
    expect(after.body.leftService).toEqual({ on: '2026-09-30', reason: 'resigned' });
    const before = await t.call('hr', 'GET', `/v1/officials/${leaver}/tenure?asOf=2026-06-01`);
    expect(before.body.leftService).toBeUndefined();
    expect(before.body.reasons.map((r: { code: string }) => r.code)).toContain('TENURE_OVER_LIMIT');
  });

  it('takes no new assignment after leftOn, nor an open one: 422 OFFICIAL_LEFT, nothing written', async () => {
    const auditBefore = (await t.call('auditor', 'GET', `/v1/audit?entityId=${leaver}`)).body.items.length;
    const later = await t.call('hr', 'POST', `/v1/officials/${leaver}/assignments`, {
      positionId: 'TT-TTV',
      startDate: '2026-10-01',
      kind: 'rotation',
    });
    expect(later.status).toBe(422);
    expect(later.body.code).toBe('OFFICIAL_LEFT');
    expect(later.body.errors[0].path).toBe('body.startDate');
    const open = await t.call('hr', 'POST', `/v1/officials/${leaver}/assignments`, {
      positionId: 'TT-TTV',
      startDate: '2026-09-01',
      kind: 'appointment',
      primary: false,
    });
    expect(open.status).toBe(422);
    expect(open.body.code).toBe('OFFICIAL_LEFT');
    expect(open.body.errors[0].path).toBe('body.endDate');
    expect((await t.call('hr', 'GET', `/v1/officials/${leaver}/assignments`)).body.items).toHaveLength(1);
    expect((await t.call('auditor', 'GET', `/v1/audit?entityId=${leaver}`)).body.items).toHaveLength(auditBefore);
    // Past history, closed before leftOn, may still be recorded.
    const history = await t.call('hr', 'POST', `/v1/officials/${leaver}/assignments`, {
      positionId: 'TT-TTV',
      startDate: '2008-01-01',
      endDate: '2011-12-31',
      kind: 'appointment',
    });
    expect(history.status, JSON.stringify(history.body)).toBe(201);
  });

  it('is listed for a period that began before leftOn, not for one that began after it', async () => {
    const y2025 = await t.call('hr', 'GET', '/v1/assessments?period=2025');
    expect(y2025.status).toBe(200);
    expect(y2025.body.items.map((a: { officialId: string }) => a.officialId)).toContain(leaver);
    const jan2027 = await t.call('hr', 'GET', '/v1/assessments?period=2027-01');
    expect(jan2027.status).toBe(200);
    const ids = jan2027.body.items.map((a: { officialId: string }) => a.officialId);
    expect(ids).toContain(stayer);
    expect(ids).not.toContain(leaver);
  });
});

describe('an official who will leave (leftOn planned ahead)', () => {
  it('is still flagged today, before the planned leftOn, and not from it', async () => {
    const id = await addOfficial(t, ORG.inspectorate, { fullName: 'Vũ Văn Sắp' });
    await addAssignment(t, id, { positionId: 'TT-TTV', startDate: '2014-01-01' });
    expect(await flaggedIds('2027-01-15')).toContain(id);
    const version = await officialVersion(id);
    const res = await t.call('hr', 'PATCH', `/v1/officials/${id}`, { leftOn: '2027-06-30', leftReason: 'retired', version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const assignments = await t.call('hr', 'GET', `/v1/officials/${id}/assignments`);
    expect(assignments.body.items[0].endDate).toBe('2027-06-30');
    expect(await flaggedIds('2027-07-01')).not.toContain(id);
    // Still in service today: the HR officer must still see them.
    expect(await flaggedIds('2027-01-15')).toContain(id);
  });
});

describe('an official past the effective retirement date, with no leftOn', () => {
  let retiree: string;
  let control: string;

  beforeAll(async () => {
    retiree = await addOfficial(t, ORG.inspectorate, { fullName: 'Hoàng Văn Hưu', gender: 'male', dateOfBirth: '1960-01-15' });
    control = await addOfficial(t, ORG.office, { fullName: 'Phan Thị Đối Chứng' });
    await addAssignment(t, retiree, { positionId: 'TT-TTV', startDate: '2005-01-01' });
    await addAssignment(t, control, { positionId: 'VP-CV', startDate: '2008-01-01' });
  });

  it('shows the effective retirement date of the roadmap (60y3m in 2021 applies to 2020-04-15)', async () => {
    const got = await t.call('hr', 'GET', `/v1/officials/${retiree}`);
    expect(got.body.effectiveRetirementDate).toBe('2020-04-30');
    expect(got.body.leftOn).toBeUndefined();
  });

  it('is flagged up to the retirement date, not after it', async () => {
    expect(await flaggedIds('2019-06-01')).toContain(retiree);
    expect(await flaggedIds('2020-04-30')).toContain(retiree);
    const dayAfter = await flaggedIds('2020-05-01');
    expect(dayAfter).toContain(control);
    expect(dayAfter).not.toContain(retiree);
  });

  it('is not "87 years overdue" as of 2099-01-01', async () => {
    expect(await flaggedIds('2099-01-01')).not.toContain(retiree);
    const tenure = await t.call('hr', 'GET', `/v1/officials/${retiree}/tenure?asOf=2099-01-01`);
    expect(tenure.body.reasons).toEqual([]);
    expect(tenure.body.leftService).toEqual({ on: '2020-04-30', reason: 'retirement_age' });
  });
});

describe('refused leavings write nothing', () => {
  it('leftOn without leftReason is a 422 LEFT_REASON_REQUIRED', async () => {
    const id = await addOfficial(t, ORG.office);
    await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2020-01-01' });
    const version = await officialVersion(id);
    const res = await t.call('hr', 'PATCH', `/v1/officials/${id}`, { leftOn: '2026-06-30', version });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('LEFT_REASON_REQUIRED');
    expect(res.body.errors[0].path).toBe('body.leftReason');
    const got = await t.call('hr', 'GET', `/v1/officials/${id}`);
    expect(got.body.leftOn).toBeUndefined();
    expect(got.body.version).toBe(version);
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items[0].endDate).toBeUndefined();
  });

  it('leftOn before an assignment starts is a 422 ASSIGNMENT_AFTER_LEAVING', async () => {
    const id = await addOfficial(t, ORG.office);
    const a = await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2026-03-01' });
    const version = await officialVersion(id);
    const res = await t.call('hr', 'PATCH', `/v1/officials/${id}`, { leftOn: '2026-02-01', leftReason: 'resigned', version });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('ASSIGNMENT_AFTER_LEAVING');
    expect(res.body.errors[0].path).toBe('body.leftOn');
    expect(res.body.detail).toContain(a.id);
    const got = await t.call('hr', 'GET', `/v1/officials/${id}`);
    expect(got.body.leftOn).toBeUndefined();
    expect(got.body.version).toBe(version);
    const list = await t.call('hr', 'GET', `/v1/officials/${id}/assignments`);
    expect(list.body.items[0].version).toBe(1);
    expect(list.body.items[0].endDate).toBeUndefined();
  });
});
