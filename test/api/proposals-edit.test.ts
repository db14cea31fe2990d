/**
 * Editing a draft proposal's items (issue 7, point 4): a target that breaks a placement rule is a 422 naming the
 * rule, a full target is TARGET_FULL, an action that does not fit is ACTION_NOT_ALLOWED, each writing nothing;
 * clearing a target reports, and clears, the items that counted on the post it vacated; a proposal with an item
 * without target cannot be submitted; a stale version is a 409.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial } from '../support/fixtures';

let t: TestApp;
const asOf = '2027-01-15';
const effectiveDate = '2027-03-01';
const VI = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

type Res = Awaited<ReturnType<TestApp['call']>>;
function expectProblem(res: Res, status: number, code?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (code) expect(res.body.code).toBe(code);
  expect(res.body.detail).toMatch(VI);
}

interface Item {
  itemId: string;
  officialId: string;
  fullName: string;
  action: string;
  targetPositionId?: string;
  via?: 'vacancy' | { vacatedBy: string };
  plannedEnd?: string;
  version: number;
}

/**
 * Province PE. Department DE1: X (office E1) and Y (office E2) overdue specialists, who can only swap: the other
 * specialist posts are full with officials who are not candidates (M in E1, N in E3), and the only vacancy is a
 * support post (E4). L, a leader in E1 born 1985, is seconded to the leadership vacancy of department DE2.
 */
beforeAll(async () => {
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2027-01-15T03:00:00Z') + tick++) });
  const units = [
    { id: 'PE', name: 'Tỉnh Bình Định', kind: 'province' },
    { id: 'DE1', name: 'Sở Tài chính', kind: 'department', parentId: 'PE' },
    { id: 'E1', name: 'Phòng Kế hoạch - Tài chính', kind: 'office', parentId: 'DE1' },
    { id: 'E2', name: 'Phòng Ngân sách', kind: 'office', parentId: 'DE1' },
    { id: 'E3', name: 'Phòng Tổng hợp', kind: 'office', parentId: 'DE1' },
    { id: 'E4', name: 'Văn phòng Sở', kind: 'office', parentId: 'DE1' },
    { id: 'DE2', name: 'Sở Xây dựng', kind: 'department', parentId: 'PE' },
    { id: 'F1', name: 'Phòng Quản lý xây dựng', kind: 'office', parentId: 'DE2' },
  ];
  for (const u of units) expect((await t.call('admin', 'POST', '/v1/units', u)).status).toBe(201);
  const positions = [
    { id: 'E1-CV', unitId: 'E1', title: 'Chuyên viên kế hoạch', category: 'specialist' },
    { id: 'E1-CV2', unitId: 'E1', title: 'Chuyên viên tài chính', category: 'specialist' },
    { id: 'E1-LD', unitId: 'E1', title: 'Trưởng phòng Kế hoạch - Tài chính', category: 'leadership' },
    { id: 'E2-CV', unitId: 'E2', title: 'Chuyên viên ngân sách', category: 'specialist' },
    { id: 'E3-CV', unitId: 'E3', title: 'Chuyên viên tổng hợp', category: 'specialist' },
    { id: 'E4-NV', unitId: 'E4', title: 'Nhân viên văn thư', category: 'support' },
    { id: 'F1-LD', unitId: 'F1', title: 'Trưởng phòng Quản lý xây dựng', category: 'leadership' },
  ];
  for (const p of positions) expect((await t.call('admin', 'POST', '/v1/positions', p)).status).toBe(201);
});

describe('editing the items of a draft', () => {
  let x: string;
  let y: string;
  let l: string;
  let id: string;
  let items: Map<string, Item>;
  const itemOf = (official: string) => items.get(official)!;
  const patch = (official: string, body: object) => t.call('hr', 'PATCH', `/v1/proposals/${id}/items/${itemOf(official).itemId}`, body);
  const reread = async () => {
    const res = await t.call('hr', 'GET', `/v1/proposals/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    x = await addOfficial(t, 'E1', { fullName: 'Phạm Văn Xuân', gender: 'male', dateOfBirth: '1978-04-04' });
    y = await addOfficial(t, 'E2', { fullName: 'Võ Thị Yến', gender: 'female', dateOfBirth: '1982-05-05' });
    l = await addOfficial(t, 'E1', { fullName: 'Lê Văn Long', gender: 'male', dateOfBirth: '1985-06-06' });
    const m = await addOfficial(t, 'E1', { fullName: 'Mai Văn Minh', gender: 'male', dateOfBirth: '1990-01-01' });
    const n = await addOfficial(t, 'E3', { fullName: 'Ngô Thị Nga', gender: 'female', dateOfBirth: '1991-01-01' });
    await addAssignment(t, x, { positionId: 'E1-CV', startDate: '2012-01-01' });
    await addAssignment(t, y, { positionId: 'E2-CV', startDate: '2013-01-01' });
    await addAssignment(t, l, { positionId: 'E1-LD', startDate: '2012-06-01' });
    await addAssignment(t, m, { positionId: 'E1-CV2', startDate: '2024-01-01' });
    await addAssignment(t, n, { positionId: 'E3-CV', startDate: '2024-01-01' });

    const res = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'PE', asOf, effectiveDate });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id = res.body.id;
    items = new Map(res.body.items.map((i: Item) => [i.officialId, i]));
  });

  it('drafts the swap of X and Y and the secondment of L (the starting point of the edits)', () => {
    expect([...items.keys()].sort()).toEqual([x, y, l].sort());
    expect(itemOf(x)).toMatchObject({ targetPositionId: 'E2-CV', via: { vacatedBy: y }, action: 'rotation' });
    expect(itemOf(y)).toMatchObject({ targetPositionId: 'E1-CV', via: { vacatedBy: x }, action: 'rotation' });
    expect(itemOf(l)).toMatchObject({ targetPositionId: 'F1-LD', via: 'vacancy', action: 'secondment', plannedEnd: '2030-03-01' });
  });

  it('refuses a target in a unit served in the last 5 years, naming the rule (422 TARGET_NOT_ALLOWED)', async () => {
    const res = await patch(x, { targetPositionId: 'E1-CV2' });
    expectProblem(res, 422, 'TARGET_NOT_ALLOWED');
    expect(res.body.detail).toContain('trong 5 năm');
    expect(res.body.errors).toEqual([{ path: 'body.targetPositionId', message: expect.stringContaining('UNIT_SERVED_RECENTLY') }]);
  });

  it('refuses a target of another category (422 TARGET_NOT_ALLOWED, CATEGORY)', async () => {
    const res = await patch(x, { targetPositionId: 'E4-NV' });
    expectProblem(res, 422, 'TARGET_NOT_ALLOWED');
    expect(res.body.detail).toContain('khác nhóm vị trí');
    expect(res.body.errors[0].message).toContain('CATEGORY');
    expect(res.body.errors[0].message).not.toContain('UNIT_SERVED_RECENTLY');
  });

  it("refuses the official's own post (422 TARGET_NOT_ALLOWED, CURRENT_POSITION)", async () => {
    const res = await patch(x, { targetPositionId: 'E1-CV' });
    expectProblem(res, 422, 'TARGET_NOT_ALLOWED');
    expect(res.body.detail).toContain('vị trí hiện tại');
    expect(res.body.errors[0].message).toContain('CURRENT_POSITION');
  });

  it('refuses a rotation target in another agency (422 TARGET_NOT_ALLOWED, AGENCY_NOT_ALLOWED)', async () => {
    // Same category would be needed too: the rule list names each broken rule.
    const res = await patch(x, { targetPositionId: 'F1-LD' });
    expectProblem(res, 422, 'TARGET_NOT_ALLOWED');
    expect(res.body.errors[0].message).toContain('AGENCY_NOT_ALLOWED');
  });

  it('refuses a full post nobody in the proposal leaves (422 TARGET_FULL)', async () => {
    const res = await patch(x, { targetPositionId: 'E3-CV' });
    expectProblem(res, 422, 'TARGET_FULL');
    expect(res.body.detail).toContain('đủ biên chế');
  });

  it('refuses rotation for a leader (422 ACTION_NOT_ALLOWED)', async () => {
    const res = await patch(l, { action: 'rotation' });
    expectProblem(res, 422, 'ACTION_NOT_ALLOWED');
    expect(res.body.detail).toContain('lãnh đạo');
    // Nor secondment for a non-leader, nor rearrangement for someone who meets the requirements.
    expectProblem(await patch(x, { action: 'secondment' }), 422, 'ACTION_NOT_ALLOWED');
    expectProblem(await patch(x, { action: 'rearrangement' }), 422, 'ACTION_NOT_ALLOWED');
  });

  it('wrote nothing for the refused edits', async () => {
    const now = await reread();
    expect(now.version).toBe(1);
    for (const item of now.items as Item[]) expect(item).toEqual(expect.objectContaining({ ...itemOf(item.officialId), version: 1 }));
    const audit = await t.call('auditor', 'GET', `/v1/audit?entityId=${id}&entityType=proposal`);
    expect(audit.body.items.map((r: { action: string }) => r.action)).toEqual(['create']);
  });

  it('changes a leader from secondment to transfer (no planned end), keeping the target in the other agency', async () => {
    const res = await patch(l, { action: 'transfer', version: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.item).toMatchObject({ action: 'transfer', actionLabel: 'Điều động', targetPositionId: 'F1-LD' });
    expect(res.body.item.plannedEnd).toBeUndefined();
    expect(res.body.affected).toEqual([]);
    expect(res.body.proposal.version).toBe(2);
  });

  it('a stale version is a 409 and writes nothing', async () => {
    const stale = await patch(x, { note: 'Ghi chú cũ', version: 1 });
    expectProblem(stale, 409, 'STALE_VERSION');
    const staleHeader = await t.call(
      'hr',
      'PATCH',
      `/v1/proposals/${id}/items/${itemOf(x).itemId}`,
      { note: 'Ghi chú cũ' },
      { headers: { 'if-match': '"1"' } },
    );
    expectProblem(staleHeader, 409, 'STALE_VERSION');
    const now = await reread();
    expect(now.version).toBe(2);
    expect(now.items.find((i: Item) => i.officialId === x).note).toBeUndefined();
    const fresh = await patch(x, { note: 'Đã trao đổi với phòng', version: 2 });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    expect(fresh.body.item.note).toBe('Đã trao đổi với phòng');
    expect(fresh.body.proposal.version).toBe(3);
  });

  it('clearing a target clears, and reports as affected, the item that took the post it vacated', async () => {
    const res = await patch(x, { targetPositionId: null, version: 3 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.item.targetPositionId).toBeUndefined();
    expect(res.body.item.via).toBeUndefined();
    expect(res.body.affected).toEqual([{ itemId: itemOf(y).itemId, officialId: y, change: expect.stringMatching(VI) }]);
    const afterY = res.body.proposal.items.find((i: Item) => i.officialId === y);
    expect(afterY.targetPositionId).toBeUndefined();
    expect(afterY.via).toBeUndefined();

    const now = await reread();
    const byOfficial = new Map((now.items as Item[]).map((i) => [i.officialId, i]));
    expect(byOfficial.get(x)!.targetPositionId).toBeUndefined();
    expect(byOfficial.get(y)!.targetPositionId).toBeUndefined();
    expect(byOfficial.get(l)!.targetPositionId).toBe('F1-LD'); // not depending on X
    expect(now.version).toBe(4);
  });

  it("Y may not take X's post back while X does not move (422 TARGET_FULL)", async () => {
    const res = await patch(y, { targetPositionId: 'E1-CV' });
    expectProblem(res, 422, 'TARGET_FULL');
  });

  it('a draft with an item without target is not submitted (422 ITEM_WITHOUT_TARGET, naming them)', async () => {
    const res = await t.call('hr', 'POST', `/v1/proposals/${id}/submit`);
    expectProblem(res, 422, 'ITEM_WITHOUT_TARGET');
    expect(res.body.detail).toContain('Phạm Văn Xuân');
    expect(res.body.detail).toContain('Võ Thị Yến');
    expect(res.body.detail).not.toContain('Lê Văn Long');
    expect((await reread()).status).toBe('draft');
  });
});
