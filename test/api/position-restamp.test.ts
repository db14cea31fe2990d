/**
 * A holder's status item copies the post's title, category and rotation period (the flags list, the alert run and
 * GET tenure read them from there). A post update that changes any of them re-stamps its holders in the same
 * transaction, and a write that puts an official on a post cannot land with facts read before such an update.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/domain/errors';
import type { Actor, UseCaseDeps } from '../../shared/use-cases/context';
import { RESTAMP_MOST, updatePosition } from '../../shared/use-cases/manage-positions';
import { createAssignment } from '../../shared/use-cases/record-assignment';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, addPeople, ORG, seedOrganisation } from '../support/fixtures';
import { ASSIGNMENT_HEADERS, csvFile, importFile } from '../support/imports';

let t: TestApp;
const hr: Actor = { principal: { sub: 'hr-restamp', roles: ['hr'], scope: '*' }, requestId: 'restamp' };

beforeAll(async () => {
  t = await createTestApp();
  await seedOrganisation(t);
});

/** A store with one method replaced (the others are the store's own). */
function replacing<T extends object, K extends keyof T>(store: T, name: K, method: T[K]): T {
  return new Proxy(store, { get: (target, key) => (key === name ? method : Reflect.get(target, key)) });
}

/** Deps whose first read of the post is followed, before it is returned, by an admin's PATCH of that post. */
function patchedAfterFirstRead(postId: string, patch: object): { deps: UseCaseDeps; patched: () => boolean } {
  let done = false;
  const organisation = replacing(t.deps.organisation, 'getPosition', async (positionId) => {
    const read = await t.deps.organisation.getPosition(positionId);
    if (!done && positionId === postId) {
      done = true;
      expect((await t.call('admin', 'PATCH', `/v1/positions/${postId}`, patch)).status).toBe(200);
    }
    return read;
  });
  return { deps: { ...t.deps, organisation }, patched: () => done };
}

const tenure = async (id: string, asOf = '2026-11-23') => (await t.call('hr', 'GET', `/v1/officials/${id}/tenure?asOf=${asOf}`)).body;
const flagged = async (asOf = '2026-11-23') =>
  (await t.call('hr', 'GET', `/v1/tenure/flags?asOf=${asOf}&limit=200`)).body.items.map((f: { officialId: string }) => f.officialId);

describe("a post's facts in its holders' records", () => {
  it('a new rotation period, title or category reaches GET tenure and the flags list at once, as the history says', async () => {
    expect((await t.call('admin', 'POST', '/v1/positions', { id: 'TT-XL', unitId: ORG.inspectorate, title: 'Xử lý đơn thư', category: 'specialist', headcount: 3 })).status).toBe(201);
    const id = await addOfficial(t, ORG.inspectorate, { fullName: 'Phan Văn Đơn' });
    await addAssignment(t, id, { positionId: 'TT-XL', startDate: '2023-01-01' });
    expect(await tenure(id)).toMatchObject({ dueDate: '2033-01-01', status: 'ok', limitMonths: 120 });
    expect(await flagged()).not.toContain(id);
    const revBefore = (await t.deps.officials.getStatus(id))?.rev;

    // A sensitive post: three years. Due 2026-01-01, so overdue in November 2026.
    const patched = await t.call('admin', 'PATCH', '/v1/positions/TT-XL', { rotationPeriodMonths: 36, title: 'Tiếp công dân, xử lý đơn thư' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const now = await tenure(id);
    expect(now).toMatchObject({ dueDate: '2026-01-01', status: 'overdue', limitMonths: 36 });
    expect(now.reasons[0]).toMatchObject({ code: 'PERIODIC_ROTATION_DUE' });
    expect(now.reasons[0].detail).toContain('Tiếp công dân, xử lý đơn thư');
    expect(await flagged()).toContain(id);
    // The whole history (a day before the assignment's start forces it for the other day) agrees on the facts.
    const before = await tenure(id, '2022-06-01');
    expect(before.positionId).toBeNull();
    const status = await t.deps.officials.getStatus(id);
    expect(status?.chain).toMatchObject({ positionTitle: 'Tiếp công dân, xử lý đơn thư', limitMonths: 36, dueDate: '2026-01-01', limitCode: 'PERIODIC_ROTATION_DUE' });
    // Her own records did not change: the revision a decision on her was taken at still holds.
    expect(status?.rev).toBe(revBefore);

    // A leadership post has no periodic rotation: back to the ten-year limit.
    expect((await t.call('admin', 'PATCH', '/v1/positions/TT-XL', { category: 'leadership' })).status).toBe(200);
    expect(await tenure(id)).toMatchObject({ dueDate: '2033-01-01', status: 'ok', limitMonths: 120 });
    expect(await flagged()).not.toContain(id);
  });

  it('a write that read the post before a change of its headcount alone still lands: only the facts it copies are checked', async () => {
    expect((await t.call('admin', 'POST', '/v1/positions', { id: 'TT-HC', unitId: ORG.inspectorate, title: 'Hành chính', category: 'specialist', headcount: 2 })).status).toBe(201);
    const id = await addOfficial(t, ORG.inspectorate, { fullName: 'Lê Thị Số' });
    const { deps, patched } = patchedAfterFirstRead('TT-HC', { headcount: 4 });
    await createAssignment(deps, hr, id, { positionId: 'TT-HC', startDate: '2024-02-01', kind: 'appointment', primary: true });
    expect(patched()).toBe(true);
    expect(await tenure(id)).toMatchObject({ positionId: 'TT-HC', dueDate: '2034-02-01' });
  });

  it('a write that read the post before its update is refused, and its retry copies the new facts', async () => {
    expect((await t.call('admin', 'POST', '/v1/positions', { id: 'TT-GS', unitId: ORG.inspectorate, title: 'Giám sát', category: 'specialist', headcount: 2 })).status).toBe(201);
    const id = await addOfficial(t, ORG.inspectorate, { fullName: 'Võ Văn Chậm' });
    // Between this write's read of the post and its commit, the post gets a rotation period.
    const { deps } = patchedAfterFirstRead('TT-GS', { rotationPeriodMonths: 24 });
    const input = { positionId: 'TT-GS', startDate: '2020-03-01', kind: 'appointment' as const, primary: true };
    const refused = await createAssignment(deps, hr, id, input).then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).code).toBe('CONCURRENT_UPDATE');
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items).toEqual([]);
    await createAssignment(deps, hr, id, input);
    expect(await tenure(id)).toMatchObject({ dueDate: '2022-03-01', limitMonths: 24, status: 'overdue' });
  });

  it('a holder the index did not show yet when the post was read is brought up to date right after the update', async () => {
    expect((await t.call('admin', 'POST', '/v1/positions', { id: 'TT-TD', unitId: ORG.inspectorate, title: 'Theo dõi', category: 'specialist', headcount: 2 })).status).toBe(201);
    const id = await addOfficial(t, ORG.inspectorate, { fullName: 'Đỗ Thị Trễ' });
    await addAssignment(t, id, { positionId: 'TT-TD', startDate: '2021-05-01' });
    let lagging = true;
    // The first read of the index misses the holder, as a GSI still propagating her write would.
    const deps: UseCaseDeps = {
      ...t.deps,
      officials: replacing(t.deps.officials, 'queryStatusesOfPosition', async (agencyId, positionId, servingAfter) => {
        const found = await t.deps.officials.queryStatusesOfPosition(agencyId, positionId, servingAfter);
        if (!lagging) return found;
        lagging = false;
        return found.filter((officialId) => officialId !== id);
      }),
    };
    const admin: Actor = { principal: { sub: 'admin-restamp', roles: ['admin'], scope: '*' }, requestId: 'restamp-late' };
    await updatePosition(deps, admin, 'TT-TD', { rotationPeriodMonths: 48 });
    expect(lagging).toBe(false);
    expect((await t.deps.officials.getStatus(id))?.chain).toMatchObject({ limitMonths: 48, dueDate: '2025-05-01' });
    expect(await tenure(id)).toMatchObject({ dueDate: '2025-05-01', status: 'overdue' });
  });

  it("a late copy of an older update never overwrites a newer update's facts", async () => {
    expect((await t.call('admin', 'POST', '/v1/positions', { id: 'TT-HAI', unitId: ORG.inspectorate, title: 'Hai lần sửa', category: 'specialist', headcount: 3 })).status).toBe(201);
    const id = await addOfficial(t, ORG.inspectorate, { fullName: 'Phan Văn Hai' });
    await addAssignment(t, id, { positionId: 'TT-HAI', startDate: '2021-01-01' });
    let call = 0;
    // This update's first read of the index misses her; before its second, another admin's update (48 months) lands.
    const deps: UseCaseDeps = {
      ...t.deps,
      officials: replacing(t.deps.officials, 'queryStatusesOfPosition', async (agencyId, positionId, servingAfter) => {
        call += 1;
        if (call === 2) expect((await t.call('admin', 'PATCH', '/v1/positions/TT-HAI', { rotationPeriodMonths: 48 })).status).toBe(200);
        const found = await t.deps.officials.queryStatusesOfPosition(agencyId, positionId, servingAfter);
        return call === 1 ? found.filter((officialId) => officialId !== id) : found;
      }),
    };
    const admin: Actor = { principal: { sub: 'admin-restamp', roles: ['admin'], scope: '*' }, requestId: 'restamp-two' };
    await updatePosition(deps, admin, 'TT-HAI', { rotationPeriodMonths: 36 });
    expect(call).toBe(2);
    expect((await t.call('admin', 'GET', '/v1/positions/TT-HAI')).body).toMatchObject({ version: 3, rotationPeriodMonths: 48 });
    expect((await t.deps.officials.getStatus(id))?.chain).toMatchObject({ limitMonths: 48, dueDate: '2025-01-01' });
    expect(await tenure(id)).toMatchObject({ limitMonths: 48, dueDate: '2025-01-01' });
  });

  it('an import that read a post before its update writes its rows with the new facts, refusing none', async () => {
    expect((await t.call('admin', 'POST', '/v1/positions', { id: 'TT-NK', unitId: ORG.inspectorate, title: 'Nhập khẩu', category: 'specialist', headcount: 10 })).status).toBe(201);
    const held = await addOfficial(t, ORG.inspectorate, { fullName: 'Người Đang Giữ', employeeCode: 'NK-X' });
    await addAssignment(t, held, { positionId: 'TT-NK', startDate: '2021-01-01' });
    const codes = ['NK-A', 'NK-B', 'NK-C'];
    for (const code of codes) await addOfficial(t, ORG.inspectorate, { fullName: `Người ${code}`, employeeCode: code });
    // The import reads the posts its file names first; the post's update lands before its first write.
    const store = t.deps.officials;
    const writeAggregates = store.writeAggregates.bind(store);
    let once = true;
    store.writeAggregates = async (writes) => {
      if (once) {
        once = false;
        expect((await t.call('admin', 'PATCH', '/v1/positions/TT-NK', { rotationPeriodMonths: 24, title: 'Nhập khẩu, thẩm định' })).status).toBe(200);
      }
      return writeAggregates(writes);
    };
    try {
      const file = csvFile([
        ASSIGNMENT_HEADERS,
        ...codes.map((code) => [code, 'TT-NK', '01/01/2020', '', 'Bổ nhiệm', '', 'Có']),
        // The holder's row does not move her chain: an earlier post, ended.
        ['NK-X', 'VP-CV', '01/01/2010', '31/12/2015', 'Bổ nhiệm', '', 'Có'],
      ]);
      const res = await importFile(t, 'hr', 'assignments', file);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ written: 4, failed: 0 });
    } finally {
      store.writeAggregates = writeAggregates;
    }
    expect(once).toBe(false);
    for (const officialId of [held, ...(await Promise.all(codes.map((code) => t.deps.officials.findByEmployeeCode(code))))])
      expect((await t.deps.officials.getStatus(officialId!))?.chain, officialId).toMatchObject({ positionTitle: 'Nhập khẩu, thẩm định', limitMonths: 24 });
  });

  it(`more holders than one transaction re-stamps (${RESTAMP_MOST}) is a 409 that changes nothing`, { timeout: 120_000 }, async () => {
    expect((await t.call('admin', 'POST', '/v1/positions', { id: 'SNV-TN', unitId: ORG.otherOffice, title: 'Tiếp nhận hồ sơ', category: 'specialist', headcount: 200 })).status).toBe(201);
    const people = Array.from({ length: RESTAMP_MOST + 1 }, (_, i) => [`TN-${i}`, ORG.otherOffice, 'SNV-TN', '2021-01-01', `Người Tiếp Nhận ${i}`]);
    await addPeople(t, people);
    const refused = await t.call('admin', 'PATCH', '/v1/positions/SNV-TN', { rotationPeriodMonths: 36 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('POSITION_TOO_MANY_HOLDERS');
    expect((await t.call('admin', 'GET', '/v1/positions/SNV-TN')).body).toMatchObject({ version: 1 });
    expect((await t.call('admin', 'GET', '/v1/positions/SNV-TN')).body.rotationPeriodMonths).toBeUndefined();
    const status = await t.deps.officials.getStatus('TN-7');
    expect(status?.chain).toMatchObject({ limitMonths: 120, dueDate: '2031-01-01' });
    expect(status?.rev).toBe(2);
  });
});
