/**
 * Role x scope matrix (docs/architecture.md, "Roles and scope"): each role, in and out of scope, read and write.
 * Out of scope: a single item is a 404 for reads and writes alike (as a missing one), lists filtered. Out of role: 403.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;
let inScope: string;
let outOfScope: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedOrganisation(t);
  inScope = await addOfficial(t, ORG.office, { fullName: 'Lê Văn Cường' });
  outOfScope = await addOfficial(t, ORG.otherOffice, { fullName: 'Phạm Thị Dung' });
  await addAssignment(t, inScope, { positionId: 'VP-CV', startDate: '2010-01-01' });
  await addAssignment(t, outOfScope, { positionId: 'SNV-CV', startDate: '2010-01-01' });
});

const scoped = { units: [ORG.agency] };

describe('authentication', () => {
  it('answers 401 problem+json without a token, with a bad one, or with a token signed by another key', async () => {
    const none = await t.app.request('/v1/officials');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(await none.json()).toMatchObject({ status: 401, title: expect.stringContaining('Chưa xác thực') });
    const bad = await t.call({ token: 'not-a-jwt' }, 'GET', '/v1/officials');
    expect(bad.status).toBe(401);
    const other = await createTestApp();
    const foreign = await other.token('hr', '*');
    expect((await t.call({ token: foreign }, 'GET', '/v1/officials')).status).toBe(401);
  });

  it('serves health and the OpenAPI document without a token', async () => {
    expect(await (await t.app.request('/v1/health')).json()).toEqual({ status: 'ok' });
    const doc = (await (await t.app.request('/v1/openapi.json')).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/v1/health', '/v1/units', '/v1/officials/{officialId}/assignments', '/v1/tenure/flags', '/v1/audit'])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(doc.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
  });
});

describe.each([
  { role: 'hr', read: true, write: true },
  { role: 'leader', read: true, write: false },
  { role: 'auditor', read: true, write: false },
  { role: 'admin', read: false, write: false },
] as const)('$role on officials', ({ role, read, write }) => {
  it(`reads in scope: ${read ? 200 : 403}; out of scope: ${read ? 404 : 403}`, async () => {
    expect((await t.call(role, 'GET', `/v1/officials/${inScope}`, undefined, scoped)).status).toBe(read ? 200 : 403);
    expect((await t.call(role, 'GET', `/v1/officials/${outOfScope}`, undefined, scoped)).status).toBe(read ? 404 : 403);
    expect((await t.call(role, 'GET', `/v1/officials/${outOfScope}/tenure`, undefined, scoped)).status).toBe(
      read ? 404 : 403,
    );
  });

  it(`lists only in-scope officials`, async () => {
    const res = await t.call(role, 'GET', '/v1/officials', undefined, scoped);
    if (!read) return expect(res.status).toBe(403);
    const ids = res.body.items.map((o: { id: string }) => o.id);
    expect(ids).toContain(inScope);
    expect(ids).not.toContain(outOfScope);
  });

  it(`writes in scope: ${write ? 200 : 403}; out of scope: ${write ? '404, as a missing official' : 403}; nothing changes`, async () => {
    const patch = { email: `${role}@example.vn` };
    const inRes = await t.call(role, 'PATCH', `/v1/officials/${inScope}`, patch, scoped);
    expect(inRes.status).toBe(write ? 200 : 403);
    const outRes = await t.call(role, 'PATCH', `/v1/officials/${outOfScope}`, patch, scoped);
    expect(outRes.status).toBe(write ? 404 : 403);
    if (write) {
      // Exactly the answer for an official that does not exist, but for the id: nothing tells that it does.
      const missing = await t.call(role, 'PATCH', '/v1/officials/NO-SUCH-OFFICIAL', patch, scoped);
      expect(outRes.body.code).toBe(missing.body.code);
      expect(outRes.body.title).toBe(missing.body.title);
    }
    const after = await t.call('hr', 'GET', `/v1/officials/${outOfScope}`);
    expect(after.body.email).toBeUndefined();
    const assign = await t.call(
      role,
      'POST',
      `/v1/officials/${outOfScope}/assignments`,
      { positionId: 'SNV-CV', startDate: '2030-01-01', kind: 'rotation' },
      scoped,
    );
    expect(assign.status).toBe(write ? 404 : 403);
  });
});

describe('assessments and circumstances', () => {
  it('only hr writes, in scope; reads follow scope; nothing is written on a refusal', async () => {
    const assessment = { rating: 'good', assessedOn: '2025-12-20' };
    for (const role of ['leader', 'auditor', 'admin'] as const)
      expect((await t.call(role, 'PUT', `/v1/officials/${inScope}/assessments/2025`, assessment, scoped)).status).toBe(403);
    expect((await t.call('hr', 'PUT', `/v1/officials/${outOfScope}/assessments/2025`, assessment, scoped)).status).toBe(404);
    const circumstance = { type: 'serious_illness', from: '2026-01-01' };
    expect((await t.call('leader', 'POST', `/v1/officials/${inScope}/circumstances`, circumstance, scoped)).status).toBe(403);
    expect((await t.call('hr', 'POST', `/v1/officials/${outOfScope}/circumstances`, circumstance, scoped)).status).toBe(404);
    expect((await t.call('hr', 'GET', `/v1/officials/${outOfScope}/assessments`)).body.items).toEqual([]);
    expect((await t.call('hr', 'GET', `/v1/officials/${outOfScope}/circumstances`)).body.items).toEqual([]);

    expect((await t.call('hr', 'PUT', `/v1/officials/${inScope}/assessments/2025`, assessment, scoped)).status).toBe(201);
    expect((await t.call('auditor', 'GET', `/v1/officials/${inScope}/assessments`, undefined, scoped)).status).toBe(200);
    expect((await t.call('auditor', 'GET', `/v1/officials/${outOfScope}/assessments`, undefined, scoped)).status).toBe(404);
    expect((await t.call('leader', 'GET', `/v1/officials/${outOfScope}/circumstances`, undefined, scoped)).status).toBe(404);
    expect((await t.call('admin', 'GET', `/v1/officials/${inScope}/assessments`)).status).toBe(403);
    const period = await t.call('leader', 'GET', '/v1/assessments?period=2025', undefined, scoped);
    expect(period.body.items.map((a: { officialId: string }) => a.officialId)).toEqual([inScope]);
  });
});

describe('units and positions', () => {
  it('admin writes; other roles get 403; everyone reads in scope, 404 out of scope', async () => {
    for (const role of ['hr', 'leader', 'auditor'] as const) {
      expect((await t.call(role, 'POST', '/v1/units', { name: 'X', kind: 'office', parentId: ORG.office })).status).toBe(403);
      expect((await t.call(role, 'PATCH', `/v1/positions/VP-KT`, { headcount: 2 })).status).toBe(403);
      expect((await t.call(role, 'GET', `/v1/units/${ORG.office}`, undefined, scoped)).status).toBe(200);
      expect((await t.call(role, 'GET', `/v1/units/${ORG.otherOffice}`, undefined, scoped)).status).toBe(404);
      expect((await t.call(role, 'GET', `/v1/positions/SNV-CV`, undefined, scoped)).status).toBe(404);
    }
    // A parent out of scope is answered as one that does not exist: the refusal tells nothing about other agencies.
    const scopedAdmin = await t.call('admin', 'POST', '/v1/units', { name: 'X', kind: 'office', parentId: ORG.otherAgency }, scoped);
    const noParent = await t.call('admin', 'POST', '/v1/units', { name: 'X', kind: 'office', parentId: 'NO-SUCH-UNIT' }, scoped);
    expect(scopedAdmin.status).toBe(422);
    expect(scopedAdmin.body.code).toBe('PARENT_NOT_FOUND');
    expect(noParent.body.code).toBe('PARENT_NOT_FOUND');
    // A unit or post out of scope is written to as one that does not exist.
    expect((await t.call('admin', 'PATCH', `/v1/units/${ORG.otherOffice}`, { name: 'X' }, scoped)).status).toBe(404);
    expect((await t.call('admin', 'PATCH', '/v1/units/NO-SUCH-UNIT', { name: 'X' }, scoped)).status).toBe(404);
    expect((await t.call('admin', 'PATCH', '/v1/positions/SNV-CV', { headcount: 9 }, scoped)).status).toBe(404);
    expect((await t.call('admin', 'PATCH', '/v1/positions/NO-SUCH-POST', { headcount: 9 }, scoped)).status).toBe(404);
    expect((await t.call('admin', 'GET', `/v1/units/${ORG.otherOffice}`)).body.name).toBe('Văn phòng Sở Nội vụ');
    expect((await t.call('admin', 'GET', '/v1/positions/SNV-CV')).body.headcount).toBe(2);
    expect((await t.call('admin', 'PATCH', `/v1/units/${ORG.office}`, { hrEmails: ['vp@example.gov.vn'] }, scoped)).status).toBe(200);
    const list = await t.call('hr', 'GET', '/v1/units', undefined, scoped);
    expect(list.body.items.map((u: { id: string }) => u.id).sort()).toEqual([ORG.agency, ORG.inspectorate, ORG.office].sort());
  });
});

describe('flags and audit', () => {
  it('flags list is filtered by scope; audit is for auditors and admins only', async () => {
    const flags = await t.call('leader', 'GET', '/v1/tenure/flags?asOf=2026-01-01', undefined, scoped);
    const ids = flags.body.items.map((f: { officialId: string }) => f.officialId);
    expect(ids).toEqual([inScope]);
    const all = await t.call('leader', 'GET', '/v1/tenure/flags?asOf=2026-01-01');
    expect(all.body.items.map((f: { officialId: string }) => f.officialId).sort()).toEqual([inScope, outOfScope].sort());
    expect((await t.call('hr', 'GET', `/v1/audit?entityId=${inScope}`)).status).toBe(403);
    expect((await t.call('leader', 'GET', `/v1/audit?entityId=${inScope}`)).status).toBe(403);
    expect((await t.call('admin', 'GET', `/v1/audit?entityId=${inScope}`)).status).toBe(200);
    const outAudit = await t.call('auditor', 'GET', `/v1/audit?entityId=${outOfScope}`, undefined, scoped);
    expect(outAudit.body.items).toEqual([]);
    const inAudit = await t.call('auditor', 'GET', `/v1/audit?entityId=${inScope}`, undefined, scoped);
    expect(inAudit.body.items.map((r: { entityType: string }) => r.entityType)).toEqual(
      expect.arrayContaining(['official', 'assignment']),
    );
  });
});
