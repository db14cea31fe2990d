/** A position's holder count: the open primary assignments to it, kept in the transaction of every write. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await seedOrganisation(t);
});

describe('position holders', () => {
  it("counts holders through every write to an official's assignments, and a position's update keeps the count", async () => {
    const holders = async () => (await t.call('hr', 'GET', '/v1/positions/TT-TTV')).body.holders;
    const before = await holders();
    const id = await addOfficial(t, ORG.inspectorate, { fullName: 'Đếm Văn Người' });
    const a = await addAssignment(t, id, { positionId: 'TT-TTV', startDate: '2020-01-01' });
    expect(await holders()).toBe(before + 1);
    expect((await t.call('admin', 'PATCH', '/v1/positions/TT-TTV', { title: 'Thanh tra viên chính' })).status).toBe(200);
    expect(await holders()).toBe(before + 1);
    await t.call('hr', 'PATCH', `/v1/officials/${id}/assignments/${a.id}`, { endDate: '2024-12-31', version: 1 });
    expect(await holders()).toBe(before);
    // A closed past assignment holds nothing.
    await addAssignment(t, id, { positionId: 'TT-TTV', startDate: '2015-01-01', endDate: '2019-12-31' });
    expect(await holders()).toBe(before);
  });


  it('moves the count with an assignment moved to another post, and back when it is voided', async () => {
    const count = async (id: string) => (await t.call('hr', 'GET', `/v1/positions/${id}`)).body.holders;
    const [cv0, kt0] = [await count('VP-CV'), await count('VP-KT')];
    const id = await addOfficial(t, ORG.office, { fullName: 'Chuyển Thị Chỗ' });
    const a = await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2021-01-01' });
    await t.call('hr', 'PATCH', `/v1/officials/${id}/assignments/${a.id}`, { positionId: 'VP-KT', version: 1 });
    expect([await count('VP-CV'), await count('VP-KT')]).toEqual([cv0, kt0 + 1]);
    expect((await t.call('hr', 'DELETE', `/v1/officials/${id}/assignments/${a.id}`, undefined, { headers: { 'if-match': '2' } })).status).toBe(204);
    expect([await count('VP-CV'), await count('VP-KT')]).toEqual([cv0, kt0]);
  });
});
