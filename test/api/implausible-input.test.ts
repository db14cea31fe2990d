/**
 * Implausible input (issue 6.3): dates a person could not have meant are refused with a 422 (or, for the rotation
 * period, a 400 from the schema) that says why in Vietnamese, with a stable code and the body field it concerns,
 * and the refused request writes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;

// Today is 2027-01-15 in Asia/Ho_Chi_Minh (10:00 there); the clock ticks so audit records keep their order.
beforeAll(async () => {
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2027-01-15T03:00:00Z') + tick++) });
  await seedOrganisation(t);
});

/** Letters only Vietnamese uses: a detail written in Vietnamese has some. */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

function expectRefused(res: { status: number; body: any; headers: Headers }, status: number, code: string, path: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.code).toBe(code);
  expect(res.body.errors?.[0]?.path).toBe(path);
  expect(res.body.detail).toMatch(VIETNAMESE);
}

const auditOf = async (entityId: string) => (await t.call('auditor', 'GET', `/v1/audit?entityId=${entityId}`)).body.items as any[];

describe('an assessment dated in the future', () => {
  it('is a 422 ASSESSED_IN_FUTURE on body.assessedOn and writes nothing; today is accepted', async () => {
    const id = await addOfficial(t, ORG.office);
    const auditBefore = (await auditOf(id)).length;
    const res = await t.call('hr', 'PUT', `/v1/officials/${id}/assessments/2027-01`, { score: 80, assessedOn: '2027-01-16' });
    expectRefused(res, 422, 'ASSESSED_IN_FUTURE', 'body.assessedOn');
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/assessments`)).body.items).toHaveLength(0);
    expect(await auditOf(id)).toHaveLength(auditBefore);
    const annual = await t.call('hr', 'PUT', `/v1/officials/${id}/assessments/2026`, { rating: 'good', assessedOn: '2027-12-31' });
    expectRefused(annual, 422, 'ASSESSED_IN_FUTURE', 'body.assessedOn');
    expect(await t.deps.officials.getRatingCounts(ORG.agency, 2026)).toMatchObject({ good: 0 });
    const todayOk = await t.call('hr', 'PUT', `/v1/officials/${id}/assessments/2027-01`, { score: 80, assessedOn: '2027-01-15' });
    expect(todayOk.status, JSON.stringify(todayOk.body)).toBe(201);
  });
});

describe('an assignment starting before the official is 18', () => {
  it('is a 422 ASSIGNMENT_BEFORE_WORKING_AGE on body.startDate and writes nothing; the 18th birthday is accepted', async () => {
    const id = await addOfficial(t, ORG.office, { dateOfBirth: '1985-05-20' });
    const auditBefore = (await auditOf(id)).length;
    const res = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, {
      positionId: 'VP-CV',
      startDate: '2003-05-19',
      kind: 'appointment',
    });
    expectRefused(res, 422, 'ASSIGNMENT_BEFORE_WORKING_AGE', 'body.startDate');
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items).toHaveLength(0);
    expect(await auditOf(id)).toHaveLength(auditBefore);
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/tenure?asOf=2020-01-01`)).body.positionId).toBeNull();
    await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2003-05-20' });
  });

  it('is refused on a PATCH that moves the start before 18 too', async () => {
    const id = await addOfficial(t, ORG.office, { dateOfBirth: '1985-05-20' });
    const a = await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2010-01-01' });
    const res = await t.call('hr', 'PATCH', `/v1/officials/${id}/assignments/${a.id}`, { startDate: '2001-01-01', version: 1 });
    expectRefused(res, 422, 'ASSIGNMENT_BEFORE_WORKING_AGE', 'body.startDate');
    const list = await t.call('hr', 'GET', `/v1/officials/${id}/assignments`);
    expect(list.body.items[0]).toMatchObject({ startDate: '2010-01-01', version: 1 });
  });
});

describe('an assignment starting more than 12 months ahead', () => {
  it('is a 422 ASSIGNMENT_TOO_FAR_AHEAD on body.startDate and writes nothing', async () => {
    const id = await addOfficial(t, ORG.office);
    const auditBefore = (await auditOf(id)).length;
    for (const startDate of ['2028-01-16', '2030-01-01']) {
      const res = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { positionId: 'VP-CV', startDate, kind: 'appointment' });
      expectRefused(res, 422, 'ASSIGNMENT_TOO_FAR_AHEAD', 'body.startDate');
    }
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items).toHaveLength(0);
    expect(await auditOf(id)).toHaveLength(auditBefore);
  });

  it('accepts a planned start 11 months ahead (201), and exactly 12 months ahead', async () => {
    const id = await addOfficial(t, ORG.office);
    const planned = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, {
      positionId: 'VP-CV',
      startDate: '2027-12-15',
      kind: 'appointment',
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items).toHaveLength(1);
    const other = await addOfficial(t, ORG.office);
    await addAssignment(t, other, { positionId: 'VP-CV', startDate: '2028-01-15' });
  });
});

describe('an official born last year', () => {
  it('is a 422 OFFICIAL_TOO_YOUNG on create, and no official is recorded', async () => {
    const res = await t.call('hr', 'POST', '/v1/officials', {
      id: 'CC-BABY',
      fullName: 'Nguyễn Văn Nhỏ',
      gender: 'male',
      dateOfBirth: '2026-03-01',
      unitId: ORG.office,
    });
    expectRefused(res, 422, 'OFFICIAL_TOO_YOUNG', 'body.dateOfBirth');
    expect((await t.call('hr', 'GET', '/v1/officials/CC-BABY')).status).toBe(404);
    expect(await auditOf('CC-BABY')).toHaveLength(0);
    const names = (await t.call('hr', 'GET', '/v1/officials?q=Nhỏ')).body.items;
    expect(names).toHaveLength(0);
    // Eighteen today is of working age.
    const adult = await t.call('hr', 'POST', '/v1/officials', {
      fullName: 'Nguyễn Văn Đủ',
      gender: 'male',
      dateOfBirth: '2009-01-15',
      unitId: ORG.office,
    });
    expect(adult.status, JSON.stringify(adult.body)).toBe(201);
  });

  it('is a 422 OFFICIAL_TOO_YOUNG on PATCH, and the official is unchanged', async () => {
    const id = await addOfficial(t, ORG.office, { dateOfBirth: '1985-05-20' });
    const auditBefore = (await auditOf(id)).length;
    const res = await t.call('hr', 'PATCH', `/v1/officials/${id}`, { dateOfBirth: '2026-03-01', version: 1 });
    expectRefused(res, 422, 'OFFICIAL_TOO_YOUNG', 'body.dateOfBirth');
    const got = await t.call('hr', 'GET', `/v1/officials/${id}`);
    expect(got.body).toMatchObject({ dateOfBirth: '1985-05-20', version: 1 });
    expect(await auditOf(id)).toHaveLength(auditBefore);
  });
});

describe('a rotation period of 61 months', () => {
  it('is a 400 from the schema on body.rotationPeriodMonths, on create and on PATCH; 60 is accepted', async () => {
    const created = await t.call('admin', 'POST', '/v1/positions', {
      id: 'VP-61',
      unitId: ORG.office,
      title: 'Thủ quỹ',
      category: 'specialist',
      rotationPeriodMonths: 61,
    });
    expectRefused(created, 400, 'VALIDATION_FAILED', 'body.rotationPeriodMonths');
    expect((await t.call('admin', 'GET', '/v1/positions/VP-61')).status).toBe(404);
    expect(await auditOf('VP-61')).toHaveLength(0);

    const patched = await t.call('admin', 'PATCH', '/v1/positions/VP-KT', { rotationPeriodMonths: 61, version: 1 });
    expectRefused(patched, 400, 'VALIDATION_FAILED', 'body.rotationPeriodMonths');
    const kt = await t.call('admin', 'GET', '/v1/positions/VP-KT');
    expect(kt.body).toMatchObject({ rotationPeriodMonths: 36, version: 1 });

    const sixty = await t.call('admin', 'POST', '/v1/positions', {
      id: 'VP-60',
      unitId: ORG.office,
      title: 'Thủ quỹ',
      category: 'specialist',
      rotationPeriodMonths: 60,
    });
    expect(sixty.status, JSON.stringify(sixty.body)).toBe(201);
  });
});
