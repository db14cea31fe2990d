/**
 * Bad input gets a clear 4xx problem and writes nothing; versions guard updates; Idempotency-Key replays.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await seedOrganisation(t);
});

async function auditCount(entityId: string) {
  return (await t.call('auditor', 'GET', `/v1/audit?entityId=${entityId}`)).body.items.length;
}

describe('validation', () => {
  it.each([
    ['missing fields', { gender: 'male' }, ['body.fullName', 'body.dateOfBirth']],
    ['wrong types', { fullName: 12, gender: 'x', dateOfBirth: '1980-01-01', unitId: ORG.office }, ['body.fullName', 'body.gender']],
    ['impossible date', { fullName: 'A', gender: 'male', dateOfBirth: '1980-02-30', unitId: ORG.office }, ['body.dateOfBirth']],
    ['unknown field', { fullName: 'A', gender: 'male', dateOfBirth: '1980-02-01', unitId: ORG.office, salary: 1 }, ['body']],
  ])('rejects an official with %s as a 400 naming the fields', async (_, body, paths) => {
    const res = await t.call('hr', 'POST', '/v1/officials', body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: expect.any(String), title: expect.stringContaining('không hợp lệ'), status: 400 });
    const got = res.body.errors.map((e: { path: string }) => e.path);
    for (const p of paths) expect(got).toContain(p);
    const list = await t.call('hr', 'GET', '/v1/officials');
    expect(list.body.items).toHaveLength(0);
  });

  it('rejects malformed JSON and a missing body with a 400 problem', async () => {
    const res = await t.call('hr', 'POST', '/v1/officials', '{"fullName": ');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const empty = await t.app.request('/v1/officials', {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token('hr', '*')}`, 'content-type': 'application/json' },
    });
    expect(empty.status).toBe(400);
    const notJson = await t.app.request('/v1/officials', {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token('hr', '*')}`, 'content-type': 'text/plain' },
      body: 'fullName=A',
    });
    expect(notJson.status).toBe(415);
    expect(notJson.headers.get('content-type')).toContain('application/problem+json');
    expect((await notJson.json()) as object).toMatchObject({ detail: expect.stringContaining('application/json') });
  });

  it('refuses a body over 256 KB with a 413 problem', async () => {
    const res = await t.call('hr', 'POST', '/v1/officials', { fullName: 'A', gender: 'male', dateOfBirth: '1980-01-01', unitId: ORG.office, comments: 'x'.repeat(300 * 1024) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('rejects bad query parameters and rotation periods outside 24-60 months', async () => {
    expect((await t.call('hr', 'GET', '/v1/tenure/flags?asOf=2021-13-01')).status).toBe(400);
    expect((await t.call('hr', 'GET', '/v1/officials?limit=0')).status).toBe(400);
    expect((await t.call('hr', 'GET', '/v1/officials?cursor=%%%')).status).toBe(400);
    const short = await t.call('admin', 'POST', '/v1/positions', { unitId: ORG.office, title: 'X', category: 'specialist', rotationPeriodMonths: 12 });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].path).toBe('body.rotationPeriodMonths');
  });

  it('answers unknown ids with 404 or 422 and writes nothing', async () => {
    expect((await t.call('hr', 'GET', '/v1/officials/nobody')).status).toBe(404);
    expect((await t.call('hr', 'POST', '/v1/officials/nobody/assignments', { positionId: 'VP-CV', startDate: '2020-01-01', kind: 'appointment' })).status).toBe(404);
    const id = await addOfficial(t, ORG.office);
    const res = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { positionId: 'NOPE', startDate: '2020-01-01', kind: 'appointment' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('body.positionId');
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items).toHaveLength(0);
    expect((await t.call('admin', 'POST', '/v1/units', { name: 'X', kind: 'office', parentId: 'NOPE' })).status).toBe(422);
    expect((await t.call('admin', 'GET', '/v1/units/NOPE')).status).toBe(404);
    expect((await t.call('hr', 'GET', '/v1/nowhere')).status).toBe(404);
  });

  it('rejects an end date before the start date', async () => {
    const id = await addOfficial(t, ORG.office);
    const res = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { positionId: 'VP-CV', startDate: '2020-01-01', endDate: '2019-12-31', kind: 'appointment' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.endDate');
  });
});

describe('overlapping primary assignments', () => {
  it('is a 409 that writes nothing: no assignment, no audit, flags unchanged', async () => {
    const id = await addOfficial(t, ORG.office);
    const first = await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2012-01-01' });
    const auditBefore = await auditCount(id);
    const clash = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { positionId: 'VP-KT', startDate: '2020-01-01', kind: 'rotation' });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'ASSIGNMENT_OVERLAP', title: expect.stringContaining('Xung đột') });
    expect(clash.body.detail).toContain(first.id);
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items).toHaveLength(1);
    expect(await auditCount(id)).toBe(auditBefore);
    const tenure = await t.call('hr', 'GET', `/v1/officials/${id}/tenure?asOf=2022-06-01`);
    expect(tenure.body.positionId).toBe('VP-CV');
    // A secondary (non-primary) assignment may overlap.
    const concurrent = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { positionId: 'TT-TTV', startDate: '2020-01-01', kind: 'appointment', primary: false });
    expect(concurrent.status).toBe(201);
    // Closing the first one, then recording the rotation, works.
    const closed = await t.call('hr', 'PATCH', `/v1/officials/${id}/assignments/${first.id}`, { endDate: '2019-12-31' });
    expect(closed.status).toBe(200);
    expect((await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { positionId: 'VP-KT', startDate: '2020-01-01', kind: 'rotation' })).status).toBe(201);
  });
});

describe('versions', () => {
  it('a stale version in the body or If-Match is a 409 and never overwrites', async () => {
    const created = await t.call('admin', 'POST', '/v1/positions', { unitId: ORG.office, title: 'Văn thư', category: 'support' });
    const id = created.body.id;
    expect(created.body.version).toBe(1);
    const first = await t.call('admin', 'PATCH', `/v1/positions/${id}`, { headcount: 2, version: 1 });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await t.call('admin', 'PATCH', `/v1/positions/${id}`, { headcount: 5, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    const staleHeader = await t.call('admin', 'PATCH', `/v1/positions/${id}`, { headcount: 5 }, { headers: { 'if-match': '"1"' } });
    expect(staleHeader.status).toBe(409);
    expect((await t.call('admin', 'GET', `/v1/positions/${id}`)).body.headcount).toBe(2);
    const fresh = await t.call('admin', 'PATCH', `/v1/positions/${id}`, { headcount: 5 }, { headers: { 'if-match': '"2"' } });
    expect(fresh.body).toMatchObject({ headcount: 5, version: 3 });
  });

  it('an If-Match that names no version is a 400 that writes nothing; `*` asks for none', async () => {
    const created = await t.call('admin', 'POST', '/v1/positions', { unitId: ORG.office, title: 'Lưu trữ', category: 'support' });
    const id = created.body.id;
    for (const value of ['abc', '0', '-1', '1.5', '1e0', '100000000000000000000', 'W/"x"']) {
      const bad = await t.call('admin', 'PATCH', `/v1/positions/${id}`, { headcount: 7 }, { headers: { 'if-match': value } });
      expect(bad.status, value).toBe(400);
      expect(bad.body.code, value).toBe('VALIDATION_FAILED');
      expect(bad.body.detail, value).toMatch(/^If-Match phải là version đã đọc/);
      const voided = await t.call('hr', 'DELETE', `/v1/officials/NO-SUCH/circumstances/x`, undefined, { headers: { 'if-match': value } });
      expect(voided.status, value).toBe(400);
    }
    expect((await t.call('admin', 'GET', `/v1/positions/${id}`)).body).toMatchObject({ version: 1 });
    expect((await t.call('admin', 'PATCH', `/v1/positions/${id}`, { headcount: 7 }, { headers: { 'if-match': '*' } })).body).toMatchObject({ headcount: 7, version: 2 });
    expect((await t.call('admin', 'PATCH', `/v1/positions/${id}`, { headcount: 8 }, { headers: { 'if-match': 'W/"2"' } })).body).toMatchObject({ headcount: 8, version: 3 });
  });

  it('officials and assignments carry versions too', async () => {
    const id = await addOfficial(t, ORG.office);
    const a = await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2015-01-01' });
    expect((await t.call('hr', 'PATCH', `/v1/officials/${id}`, { fullName: 'Trần Thị Bình An', version: 1 })).status).toBe(200);
    expect((await t.call('hr', 'PATCH', `/v1/officials/${id}`, { fullName: 'X', version: 1 })).status).toBe(409);
    expect((await t.call('hr', 'PATCH', `/v1/officials/${id}/assignments/${a.id}`, { decisionNo: '1/QĐ', version: 1 })).status).toBe(200);
    expect((await t.call('hr', 'PATCH', `/v1/officials/${id}/assignments/${a.id}`, { decisionNo: '2/QĐ', version: 1 })).status).toBe(409);
  });

  it('two concurrent assignment writes for one official cannot both win', async () => {
    const id = await addOfficial(t, ORG.office);
    const results = await Promise.all(
      ['2011-01-01', '2011-06-01', '2012-01-01', '2013-01-01'].map((startDate) =>
        t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { positionId: 'VP-CV', startDate, kind: 'appointment' }),
      ),
    );
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 201)) expect(r.status).toBe(409);
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items).toHaveLength(1);
  });

  it('creating an id that exists is a 409 naming it, for officials, units and positions', async () => {
    const id = await addOfficial(t, ORG.office, { id: 'CC-DUP' });
    const again = await t.call('hr', 'POST', '/v1/officials', { id, fullName: 'B', gender: 'male', dateOfBirth: '1980-01-01', unitId: ORG.office });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('OFFICIAL_EXISTS');
    expect((await t.call('hr', 'GET', `/v1/officials/${id}`)).body.fullName).toBe('Trần Thị Bình');
    const unit = await t.call('admin', 'POST', '/v1/units', { id: ORG.office, name: 'X', kind: 'office' });
    expect(unit.body.code).toBe('UNIT_EXISTS');
    const position = await t.call('admin', 'POST', '/v1/positions', { id: 'VP-KT', unitId: ORG.office, title: 'X', category: 'support' });
    expect(position.body.code).toBe('POSITION_EXISTS');
  });

  it('a duplicate employee code is a 409', async () => {
    await addOfficial(t, ORG.office, { employeeCode: 'NV-001' });
    const dup = await t.call('hr', 'POST', '/v1/officials', { fullName: 'B', gender: 'male', dateOfBirth: '1980-01-01', unitId: ORG.office, employeeCode: 'NV-001' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('EMPLOYEE_CODE_TAKEN');
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response, and refuses the same key with another body', async () => {
    const body = { name: 'Phòng Quản lý khoa học', kind: 'office', parentId: ORG.agency };
    const headers = { 'idempotency-key': 'create-qlkh-1' };
    const first = await t.call('admin', 'POST', '/v1/units', body, { headers });
    expect(first.status).toBe(201);
    const again = await t.call('admin', 'POST', '/v1/units', body, { headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const units = await t.call('admin', 'GET', `/v1/units?parentId=${ORG.agency}`);
    expect(units.body.items.filter((u: { name: string }) => u.name === body.name)).toHaveLength(1);
    const other = await t.call('admin', 'POST', '/v1/units', { ...body, name: 'Khác' }, { headers });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('does not keep a failed request, so a corrected retry with the same key goes through', async () => {
    const headers = { 'idempotency-key': 'retry-after-fix' };
    const bad = await t.call('admin', 'POST', '/v1/units', { name: 'Y', kind: 'office', parentId: 'NOPE' }, { headers });
    expect(bad.status).toBe(422);
    const sameAgain = await t.call('admin', 'POST', '/v1/units', { name: 'Y', kind: 'office', parentId: 'NOPE' }, { headers });
    expect(sameAgain.status).toBe(422);
  });

  it('keys are per caller', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const a = await t.call('admin', 'POST', '/v1/units', { name: 'A1', kind: 'office', parentId: ORG.agency }, { headers, sub: 'admin-a' });
    const b = await t.call('admin', 'POST', '/v1/units', { name: 'B1', kind: 'office', parentId: ORG.agency }, { headers, sub: 'admin-b' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.id).not.toBe(b.body.id);
  });
});
