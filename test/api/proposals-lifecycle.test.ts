/**
 * Proposals through the API (issue 7, "Tests it must have"): the whole lifecycle draft -> submitted -> decided ->
 * applied, every wrong-role call (403) and every wrong-state call (409 PROPOSAL_WRONG_STATE), each with a Vietnamese
 * detail and nothing written; a leader of another agency neither reads nor lists the proposal; the list by status.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, createUnitsAndPosts, LAM_DONG_UNITS } from '../support/fixtures';

let t: TestApp;
const asOf = '2027-01-15';
const effectiveDate = '2027-03-01';
/** A letter only Vietnamese text carries: a detail meant for a person reads in Vietnamese. */
const VI = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

type Res = Awaited<ReturnType<TestApp['call']>>;
function expectProblem(res: Res, status: number, code?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (code) expect(res.body.code).toBe(code);
  expect(res.body.detail).toMatch(VI);
}

/**
 * Province PL: department DL1 (three offices: two full specialist posts held by overdue officials, one vacancy) and
 * department DL2 (another agency, whose leader must not see DL1's proposals).
 */
beforeAll(async () => {
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2027-01-15T03:00:00Z') + tick++) });
  const positions = [
    { id: 'LA-CV', unitId: 'DL1-A', title: 'Chuyên viên kế hoạch', category: 'specialist' },
    { id: 'LB-CV', unitId: 'DL1-B', title: 'Chuyên viên ngân sách', category: 'specialist' },
    { id: 'LC-CV', unitId: 'DL1-C', title: 'Chuyên viên tổng hợp', category: 'specialist' },
    { id: 'L2-CV', unitId: 'DL2-A', title: 'Chuyên viên', category: 'specialist' },
  ];
  await createUnitsAndPosts(t, LAM_DONG_UNITS, positions);
});

describe('the lifecycle, with every wrong role and wrong state on the way', () => {
  let a: string;
  let b: string;
  let id: string;
  let itemIds: string[];
  const path = () => `/v1/proposals/${id}`;
  const listIds = async (query: string, options?: { units?: string[] }) => {
    const res = await t.call(options ? 'leader' : 'hr', 'GET', `/v1/proposals${query}`, undefined, options);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items.map((h: { id: string }) => h.id) as string[];
  };
  const current = async () => {
    const res = await t.call('hr', 'GET', path());
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    a = await addOfficial(t, 'DL1-A', { fullName: 'Nguyễn Văn An', gender: 'male', dateOfBirth: '1975-02-01' });
    b = await addOfficial(t, 'DL1-B', { fullName: 'Trần Văn Bình', gender: 'male', dateOfBirth: '1976-03-01' });
    await addAssignment(t, a, { positionId: 'LA-CV', startDate: '2012-01-01' });
    await addAssignment(t, b, { positionId: 'LB-CV', startDate: '2014-01-01' });
  });

  it('drafts, and readers of the agency see it; a leader of another agency gets 404 and does not list it', async () => {
    const res = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'DL1', asOf, effectiveDate });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id = res.body.id;
    itemIds = res.body.items.map((i: { itemId: string }) => i.itemId);
    expect(res.body).toMatchObject({ status: 'draft', statusLabel: 'Dự thảo', version: 1, itemCount: 2, pending: 2 });
    expect(res.body.items.map((i: { officialId: string }) => i.officialId).sort()).toEqual([a, b].sort());

    for (const role of ['hr', 'leader', 'auditor'] as const) {
      const got = await t.call(role, 'GET', path(), undefined, { units: ['DL1'] });
      expect(got.status, role).toBe(200);
      expect(got.body.id).toBe(id);
    }
    const foreign = await t.call('leader', 'GET', path(), undefined, { units: ['DL2'] });
    expectProblem(foreign, 404, 'NOT_FOUND');
    expect(JSON.stringify(foreign.body)).not.toContain('Nguyễn Văn An');
    expect(await listIds('', { units: ['DL2'] })).not.toContain(id);
    expect(await listIds('?status=draft', { units: ['DL2'] })).not.toContain(id);
    expect(await listIds('', { units: ['DL1'] })).toContain(id);
    // Nor may that leader act on it: out of scope reads as missing.
    const foreignDecide = await t.call('leader', 'POST', `${path()}/decisions`, { items: [{ itemId: itemIds[0], decision: 'approved' }] }, { units: ['DL2'] });
    expect(foreignDecide.status).toBe(404);
  });

  it('lists by status: in draft, not among the applied', async () => {
    expect(await listIds('?status=draft')).toContain(id);
    expect(await listIds('?status=submitted')).not.toContain(id);
    expect(await listIds('?status=applied')).not.toContain(id);
    const page = await t.call('auditor', 'GET', '/v1/proposals?status=draft&unitId=DL1');
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([expect.objectContaining({ id, status: 'draft', statusLabel: 'Dự thảo' })]);
  });

  it('in draft: a leader, an auditor or an admin may not draft, edit or submit (403, nothing written)', async () => {
    const draft = { scopeUnitId: 'DL1', asOf, effectiveDate };
    for (const role of ['leader', 'auditor', 'admin'] as const) {
      expectProblem(await t.call(role, 'POST', '/v1/proposals', draft), 403, 'FORBIDDEN');
      expectProblem(await t.call(role, 'PATCH', `${path()}/items/${itemIds[0]}`, { note: `sửa bởi ${role}` }), 403, 'FORBIDDEN');
      expectProblem(await t.call(role, 'POST', `${path()}/submit`), 403, 'FORBIDDEN');
    }
    // hr may neither decide nor apply, whatever the state.
    expectProblem(
      await t.call('hr', 'POST', `${path()}/decisions`, { items: [{ itemId: itemIds[0], decision: 'approved' }] }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await t.call('hr', 'POST', `${path()}/apply`, { decisionNo: '1/QĐ-STC' }), 403, 'FORBIDDEN');
    const now = await current();
    expect(now).toMatchObject({ status: 'draft', version: 1, pending: 2 });
    for (const item of now.items) expect(item.note).toBeUndefined();
    expect(await listIds('?unitId=DL1')).toEqual([id]); // no second proposal was drafted
  });

  it('in draft: deciding or applying is a 409 PROPOSAL_WRONG_STATE naming the state', async () => {
    const decide = await t.call('leader', 'POST', `${path()}/decisions`, { items: [{ itemId: itemIds[0], decision: 'approved' }] });
    expectProblem(decide, 409, 'PROPOSAL_WRONG_STATE');
    expect(decide.body.detail).toContain('Dự thảo');
    expectProblem(await t.call('leader', 'POST', `${path()}/apply`, { decisionNo: '1/QĐ-STC' }), 409, 'PROPOSAL_WRONG_STATE');
    const now = await current();
    expect(now).toMatchObject({ status: 'draft', version: 1 });
    for (const item of now.items) expect(item.decision).toBe('pending');
  });

  it('submitted: submitting again or editing an item is a 409; hr and auditor may not decide or apply', async () => {
    const submit = await t.call('hr', 'POST', `${path()}/submit`);
    expect(submit.status, JSON.stringify(submit.body)).toBe(200);
    expect(submit.body).toMatchObject({ status: 'submitted', statusLabel: 'Đã trình' });
    const version = submit.body.version;

    const twice = await t.call('hr', 'POST', `${path()}/submit`);
    expectProblem(twice, 409, 'PROPOSAL_WRONG_STATE');
    expect(twice.body.detail).toContain('Đã trình');
    expectProblem(await t.call('hr', 'PATCH', `${path()}/items/${itemIds[0]}`, { note: 'muộn' }), 409, 'PROPOSAL_WRONG_STATE');
    expectProblem(
      await t.call('hr', 'PATCH', `${path()}/items/${itemIds[0]}`, { targetPositionId: null }),
      409,
      'PROPOSAL_WRONG_STATE',
    );

    for (const role of ['hr', 'auditor', 'admin'] as const) {
      expectProblem(
        await t.call(role, 'POST', `${path()}/decisions`, { items: [{ itemId: itemIds[0], decision: 'approved' }] }),
        403,
        'FORBIDDEN',
      );
      expectProblem(await t.call(role, 'POST', `${path()}/apply`, { decisionNo: '1/QĐ-STC' }), 403, 'FORBIDDEN');
    }
    for (const role of ['leader', 'auditor'] as const)
      expectProblem(await t.call(role, 'PATCH', `${path()}/items/${itemIds[0]}`, { note: 'x' }), 403, 'FORBIDDEN');

    const now = await current();
    expect(now).toMatchObject({ status: 'submitted', version, pending: 2 });
    for (const item of now.items) {
      expect(item.decision).toBe('pending');
      expect(item.note).toBeUndefined();
      expect(item.targetPositionId).toEqual(expect.any(String));
    }
    expect(await listIds('?status=submitted')).toContain(id);
    expect(await listIds('?status=draft')).not.toContain(id);
  });

  it('a submitted proposal with a pending item is not applied (409), and applies nothing', async () => {
    const first = await t.call('leader', 'POST', `${path()}/decisions`, {
      items: [{ itemId: itemIds[0], decision: 'approved', note: 'Đồng ý' }],
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ status: 'submitted', pending: 1 });
    const apply = await t.call('leader', 'POST', `${path()}/apply`, { decisionNo: '1/QĐ-STC' });
    expectProblem(apply, 409, 'PROPOSAL_WRONG_STATE');
    expect(apply.body.detail).toContain('Đã trình');
    for (const official of [a, b]) {
      const history = (await t.call('hr', 'GET', `/v1/officials/${official}/assignments`)).body.items;
      expect(history).toHaveLength(1);
      expect(history[0].endDate).toBeUndefined();
    }
  });

  it('decided once every item is; deciding again is a 409', async () => {
    const rest = await t.call('leader', 'POST', `${path()}/decisions`, {
      items: [{ itemId: itemIds[1], decision: 'approved' }],
    });
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(rest.body).toMatchObject({ status: 'decided', statusLabel: 'Đã quyết định', pending: 0 });
    const again = await t.call('leader', 'POST', `${path()}/decisions`, {
      items: [{ itemId: itemIds[1], decision: 'rejected', note: 'đổi ý' }],
    });
    expectProblem(again, 409, 'PROPOSAL_WRONG_STATE');
    expect(again.body.detail).toContain('Đã quyết định');
    const now = await current();
    expect(now.items.map((i: { decision: string }) => i.decision)).toEqual(['approved', 'approved']);
    expectProblem(await t.call('hr', 'PATCH', `${path()}/items/${itemIds[1]}`, { note: 'x' }), 409, 'PROPOSAL_WRONG_STATE');
    expectProblem(await t.call('hr', 'POST', `${path()}/submit`), 409, 'PROPOSAL_WRONG_STATE');
    expect(await listIds('?status=decided')).toContain(id);
    expect(await listIds('?status=applied')).not.toContain(id);
  });

  it('applied: listed among the applied, not among the drafts; later edits or decisions are 409s', async () => {
    for (const role of ['hr', 'auditor'] as const)
      expectProblem(await t.call(role, 'POST', `${path()}/apply`, { decisionNo: '7/QĐ-STC' }), 403, 'FORBIDDEN');
    const apply = await t.call('leader', 'POST', `${path()}/apply`, { decisionNo: '7/QĐ-STC' });
    expect(apply.status, JSON.stringify(apply.body)).toBe(200);
    expect(apply.body.results.map((r: { result: string }) => r.result)).toEqual(['applied', 'applied']);
    expect(apply.body.proposal).toMatchObject({ status: 'applied', statusLabel: 'Đã thực hiện', decisionNo: '7/QĐ-STC' });

    expect(await listIds('?status=applied')).toContain(id);
    expect(await listIds('?status=draft')).not.toContain(id);
    expect(await listIds('?status=decided')).not.toContain(id);
    expectProblem(
      await t.call('leader', 'POST', `${path()}/decisions`, { items: [{ itemId: itemIds[0], decision: 'rejected' }] }),
      409,
      'PROPOSAL_WRONG_STATE',
    );
    expectProblem(await t.call('hr', 'PATCH', `${path()}/items/${itemIds[0]}`, { note: 'x' }), 409, 'PROPOSAL_WRONG_STATE');
    expectProblem(await t.call('hr', 'POST', `${path()}/submit`), 409, 'PROPOSAL_WRONG_STATE');

    // Every transition is in the proposal's audit trail.
    const audit = await t.call('auditor', 'GET', `/v1/audit?entityId=${id}&entityType=proposal`);
    expect(audit.status).toBe(200);
    const actions = audit.body.items.map((r: { action: string }) => r.action);
    expect(actions.filter((x: string) => x === 'create')).toHaveLength(1);
    expect(actions.filter((x: string) => x === 'decide')).toHaveLength(2);
    expect(actions).toEqual(expect.arrayContaining(['update', 'apply']));
  });
});
