/**
 * Applying decided proposals through the API (issue 7, point 5): a swap applies atomically and the records change
 * (assignments, flags, audit); an item made stale after the decision fails with its dependents while an independent
 * item applies; a rejected item's dependents fail; two concurrent applies of one proposal apply each item once; two
 * proposals competing for one vacancy never put more holders in it than its headcount.
 *
 * Each scenario has a province of its own, so a draft sees only its own officials.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial } from '../support/fixtures';

let t: TestApp;
const asOf = '2027-01-15';
const effectiveDate = '2027-03-01';
const dayBefore = '2027-02-28';
const VI = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

interface Item {
  itemId: string;
  officialId: string;
  fullName: string;
  action: string;
  fromPositionId: string;
  fromAssignmentId: string;
  targetPositionId?: string;
  via?: 'vacancy' | { vacatedBy: string };
  applied: boolean;
  failure?: { code: string; reason: string };
}
interface Outcome {
  itemId: string;
  officialId: string;
  result: 'applied' | 'already_applied' | 'failed';
  assignmentId?: string;
  code?: string;
  reason?: string;
}

beforeAll(async () => {
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2027-01-15T03:00:00Z') + tick++) });
});

async function organisation(units: object[], positions: object[]) {
  for (const u of units) expect((await t.call('admin', 'POST', '/v1/units', u)).status, JSON.stringify(u)).toBe(201);
  for (const p of positions) expect((await t.call('admin', 'POST', '/v1/positions', p)).status, JSON.stringify(p)).toBe(201);
}

/** An official holding a post since a date. */
async function official(unitId: string, positionId: string, since: string, fullName: string) {
  const id = await addOfficial(t, unitId, { fullName, gender: 'male', dateOfBirth: '1978-08-08' });
  await addAssignment(t, id, { positionId, startDate: since });
  return id;
}

async function draft(scopeUnitId: string) {
  const res = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId, asOf, effectiveDate });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, items: res.body.items as Item[], unarranged: res.body.unarranged };
}

/** Submit, then decide every item: approved unless its official is in `reject`. */
async function submitAndDecide(id: string, reject: string[] = []) {
  const submitted = await t.call('hr', 'POST', `/v1/proposals/${id}/submit`);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const decided = await t.call('leader', 'POST', `/v1/proposals/${id}/decisions`, {
    items: (submitted.body.items as Item[]).map((i) =>
      reject.includes(i.officialId)
        ? { itemId: i.itemId, decision: 'rejected', note: 'Chưa bố trí được người thay thế' }
        : { itemId: i.itemId, decision: 'approved' },
    ),
  });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  expect(decided.body.status).toBe('decided');
  return decided.body;
}

async function apply(id: string, decisionNo: string) {
  const res = await t.call('leader', 'POST', `/v1/proposals/${id}/apply`, { decisionNo });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { proposal: { status: string; items: Item[] }; results: Outcome[] };
}

const byOfficial = (outcomes: Outcome[]) => new Map(outcomes.map((o) => [o.officialId, o]));

async function assignments(officialId: string) {
  const res = await t.call('hr', 'GET', `/v1/officials/${officialId}/assignments`);
  expect(res.status).toBe(200);
  return res.body.items as { id: string; positionId: string; startDate: string; endDate?: string; kind: string; decisionNo?: string }[];
}

async function holders(positionId: string) {
  const res = await t.call('hr', 'GET', `/v1/positions/${positionId}`);
  expect(res.status).toBe(200);
  expect(res.body.holders, positionId).toBeLessThanOrEqual(res.body.headcount);
  return res.body.holders as number;
}

async function flagged(unitId: string, date: string) {
  const res = await t.call('hr', 'GET', `/v1/tenure/flags?asOf=${date}&unitId=${unitId}&limit=100`);
  expect(res.status).toBe(200);
  return res.body.items.map((f: { officialId: string }) => f.officialId) as string[];
}

describe('a swap of two officials between two full posts', () => {
  let a: string;
  let b: string;
  let id: string;
  let items: Item[];

  beforeAll(async () => {
    await organisation(
      [
        { id: 'PW', name: 'Tỉnh Phú Yên', kind: 'province' },
        { id: 'DW', name: 'Sở Xây dựng', kind: 'department', parentId: 'PW' },
        { id: 'W1', name: 'Phòng Quản lý nhà', kind: 'office', parentId: 'DW' },
        { id: 'W2', name: 'Phòng Quy hoạch', kind: 'office', parentId: 'DW' },
      ],
      [
        { id: 'W1-CV', unitId: 'W1', title: 'Chuyên viên quản lý nhà', category: 'specialist' },
        { id: 'W2-CV', unitId: 'W2', title: 'Chuyên viên quy hoạch', category: 'specialist' },
      ],
    );
    a = await official('W1', 'W1-CV', '2012-01-01', 'Nguyễn Văn Sơn');
    b = await official('W2', 'W2-CV', '2014-01-01', 'Trần Văn Tùng');
    ({ id, items } = await draft('DW'));
    await submitAndDecide(id);
  });

  it('is drafted as a swap (each takes the post the other leaves)', () => {
    const of = new Map(items.map((i) => [i.officialId, i]));
    expect(of.get(a)).toMatchObject({ targetPositionId: 'W2-CV', via: { vacatedBy: b } });
    expect(of.get(b)).toMatchObject({ targetPositionId: 'W1-CV', via: { vacatedBy: a } });
  });

  it('applies both, each post holding exactly its headcount', async () => {
    expect(await flagged('DW', effectiveDate)).toEqual(expect.arrayContaining([a, b]));
    const body = await apply(id, '15/QĐ-SXD');
    const results = byOfficial(body.results);
    for (const item of items)
      expect(results.get(item.officialId)).toEqual({
        itemId: item.itemId,
        officialId: item.officialId,
        result: 'applied',
        assignmentId: `${id}.${item.itemId}`,
      });
    expect(body.proposal.status).toBe('applied');
    expect(await holders('W1-CV')).toBe(1);
    expect(await holders('W2-CV')).toBe(1);
    const stored = await t.deps.proposals.get(id);
    for (const item of stored!.items) expect(item).toMatchObject({ applied: true, appliedAssignmentId: `${id}.${item.itemId}` });
  });

  it('closes the old assignment the day before and opens the new one with the action and decision number', async () => {
    for (const item of items) {
      const history = await assignments(item.officialId);
      expect(history).toHaveLength(2);
      expect(history[0]).toMatchObject({ id: item.fromAssignmentId, positionId: item.fromPositionId, endDate: dayBefore });
      expect(history[1]).toMatchObject({
        id: `${id}.${item.itemId}`,
        positionId: item.targetPositionId,
        startDate: effectiveDate,
        kind: 'rotation',
        decisionNo: '15/QĐ-SXD',
      });
      expect(history[1].endDate).toBeUndefined();
      const aggregate = await t.deps.officials.getOfficialAggregate(item.officialId);
      expect(aggregate!.assignments.filter((x) => x.endDate === undefined).map((x) => x.positionId)).toEqual([item.targetPositionId]);
    }
  });

  it('takes the moved officials off the flags as of the effective date', async () => {
    const after = await flagged('DW', effectiveDate);
    expect(after).not.toContain(a);
    expect(after).not.toContain(b);
  });

  it("writes the assignments' close and open in each official's audit trail", async () => {
    for (const item of items) {
      const res = await t.call('auditor', 'GET', `/v1/audit?entityId=${item.officialId}`);
      expect(res.status).toBe(200);
      const records = res.body.items as { entityType: string; entityId: string; action: string; after?: { endDate?: string; decisionNo?: string } }[];
      const update = records.find((r) => r.entityType === 'assignment' && r.action === 'update' && r.entityId === item.fromAssignmentId);
      const create = records.find((r) => r.entityType === 'assignment' && r.action === 'create' && r.entityId === `${id}.${item.itemId}`);
      expect(update?.after?.endDate, JSON.stringify(records)).toBe(dayBefore);
      expect(create?.after?.decisionNo, JSON.stringify(records)).toBe('15/QĐ-SXD');
    }
  });

  it('applying again applies nothing twice', async () => {
    const again = await apply(id, '15/QĐ-SXD');
    expect(again.results.map((r) => r.result)).toEqual(['already_applied', 'already_applied']);
    for (const item of items) expect(await assignments(item.officialId)).toHaveLength(2);
    expect(await holders('W1-CV')).toBe(1);
  });
});

describe('an item made stale between the decision and apply', () => {
  /**
   * Specialists X and Y and one specialist vacancy: both are placed, one into the post the other leaves (a chain or
   * a swap). Z, a support officer, moves into a support vacancy: independent of them.
   */
  async function scenario(prefix: string) {
    await organisation(
      [
        { id: prefix, name: `Tỉnh ${prefix}`, kind: 'province' },
        { id: `${prefix}-D`, name: 'Sở Y tế', kind: 'department', parentId: prefix },
        ...[1, 2, 3, 4, 5].map((n) => ({ id: `${prefix}-O${n}`, name: `Phòng số ${n}`, kind: 'office', parentId: `${prefix}-D` })),
      ],
      [
        { id: `${prefix}-CV1`, unitId: `${prefix}-O1`, title: 'Chuyên viên 1', category: 'specialist' },
        { id: `${prefix}-CV2`, unitId: `${prefix}-O2`, title: 'Chuyên viên 2', category: 'specialist' },
        { id: `${prefix}-CV3`, unitId: `${prefix}-O3`, title: 'Chuyên viên 3', category: 'specialist' },
        { id: `${prefix}-NV4`, unitId: `${prefix}-O4`, title: 'Nhân viên 4', category: 'support' },
        { id: `${prefix}-NV5`, unitId: `${prefix}-O5`, title: 'Nhân viên 5', category: 'support' },
      ],
    );
    const x = await official(`${prefix}-O1`, `${prefix}-CV1`, '2012-01-01', 'Phan Văn Xương');
    const y = await official(`${prefix}-O2`, `${prefix}-CV2`, '2013-01-01', 'Lương Văn Yên');
    const z = await official(`${prefix}-O4`, `${prefix}-NV4`, '2012-06-01', 'Kiều Văn Zũng');
    const { id, items } = await draft(`${prefix}-D`);
    expect(items.map((i) => i.officialId).sort()).toEqual([x, y, z].sort());
    const zItem = items.find((i) => i.officialId === z)!;
    expect(zItem).toMatchObject({ targetPositionId: `${prefix}-NV5`, via: 'vacancy' });
    // The official whose post another item takes, and the items counting on that post.
    const source = items.find((i) => items.some((o) => typeof o.via === 'object' && o.via.vacatedBy === i.officialId))!;
    expect(source, JSON.stringify(items)).toBeDefined();
    const dependents = items.filter((o) => typeof o.via === 'object' && o.via.vacatedBy === source.officialId);
    await submitAndDecide(id);
    return { id, items, x, y, z, source, dependents, prefix };
  }

  async function expectStaleOutcome(s: Awaited<ReturnType<typeof scenario>>, decisionNo: string) {
    const body = await apply(s.id, decisionNo);
    const results = byOfficial(body.results);
    const stale = results.get(s.source.officialId)!;
    expect(stale).toMatchObject({ result: 'failed', code: 'CHANGED_SINCE_DECISION' });
    expect(stale.reason).toMatch(VI);
    for (const d of s.dependents) {
      const r = results.get(d.officialId)!;
      expect(r.result, JSON.stringify(r)).toBe('failed');
      expect(r.reason).toMatch(VI);
      expect(r.reason).toContain(s.source.fullName); // says whose change it is held up by
    }
    expect(results.get(s.z)).toMatchObject({ result: 'applied', assignmentId: `${s.id}.${s.items.find((i) => i.officialId === s.z)!.itemId}` });

    // The failed ones did not move; Z did; no post holds more than its headcount.
    for (const o of [s.x, s.y]) {
      const history = await assignments(o);
      expect(history.some((h) => h.id.startsWith(`${s.id}.`)), o).toBe(false);
      expect(history.some((h) => h.endDate === dayBefore), o).toBe(false);
    }
    expect((await assignments(s.z)).map((h) => h.positionId)).toEqual([`${s.prefix}-NV4`, `${s.prefix}-NV5`]);
    expect(await holders(`${s.prefix}-CV3`)).toBe(0);
    expect(await holders(`${s.prefix}-NV4`)).toBe(0);
    expect(await holders(`${s.prefix}-NV5`)).toBe(1);

    // The proposal keeps why each failed item was not carried out.
    const got = (await t.call('leader', 'GET', `/v1/proposals/${s.id}`)).body;
    const stored = new Map((got.items as Item[]).map((i) => [i.officialId, i]));
    expect(stored.get(s.source.officialId)).toMatchObject({ applied: false, failure: { code: 'CHANGED_SINCE_DECISION' } });
    for (const d of s.dependents) expect(stored.get(d.officialId)!.applied).toBe(false);
    expect(stored.get(s.z)!.applied).toBe(true);

    // Applying again retries the failed (still stale) and leaves the applied alone.
    const again = byOfficial((await apply(s.id, decisionNo)).results);
    expect(again.get(s.z)!.result).toBe('already_applied');
    expect(again.get(s.source.officialId)).toMatchObject({ result: 'failed', code: 'CHANGED_SINCE_DECISION' });
    expect(await assignments(s.z)).toHaveLength(2);
  }

  it('fails when the official was edited after the decision, with the items counting on their post; the independent one applies', async () => {
    const s = await scenario('PS');
    const current = await t.call('hr', 'GET', `/v1/officials/${s.source.officialId}`);
    const renamed = await t.call('hr', 'PATCH', `/v1/officials/${s.source.officialId}`, {
      fullName: `${s.source.fullName} (sửa)`,
      version: current.body.version,
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    await expectStaleOutcome(s, '21/QĐ-SYT');
  });

  it('fails when the official\'s current assignment was closed after the decision, with its dependents', async () => {
    const s = await scenario('PS2');
    const [open] = await assignments(s.source.officialId);
    const closed = await t.call('hr', 'PATCH', `/v1/officials/${s.source.officialId}/assignments/${open.id}`, {
      endDate: '2027-01-10',
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const body = await apply(s.id, '22/QĐ-SYT');
    const results = byOfficial(body.results);
    expect(results.get(s.source.officialId)).toMatchObject({ result: 'failed', code: 'CHANGED_SINCE_DECISION' });
    for (const d of s.dependents) expect(results.get(d.officialId)!.result).toBe('failed');
    expect(results.get(s.z)!.result).toBe('applied');
    const history = await assignments(s.source.officialId);
    expect(history).toHaveLength(1);
    expect(history[0].endDate).toBe('2027-01-10');
    for (const d of s.dependents) expect(await assignments(d.officialId)).toHaveLength(1);
  });
});

describe("a rejected item's dependents", () => {
  it('fail with DEPENDS_ON_UNMOVED, and nobody moves', async () => {
    await organisation(
      [
        { id: 'PR', name: 'Tỉnh Phú Thọ', kind: 'province' },
        { id: 'DR', name: 'Sở Văn hóa', kind: 'department', parentId: 'PR' },
        { id: 'R1', name: 'Phòng Văn hóa', kind: 'office', parentId: 'DR' },
        { id: 'R2', name: 'Phòng Thể thao', kind: 'office', parentId: 'DR' },
      ],
      [
        { id: 'R1-CV', unitId: 'R1', title: 'Chuyên viên văn hóa', category: 'specialist' },
        { id: 'R2-CV', unitId: 'R2', title: 'Chuyên viên thể thao', category: 'specialist' },
      ],
    );
    const a = await official('R1', 'R1-CV', '2012-01-01', 'Quách Văn Rạng');
    const b = await official('R2', 'R2-CV', '2014-01-01', 'Âu Văn Rực');
    const { id, items } = await draft('DR');
    expect(items.find((i) => i.officialId === b)!.via).toEqual({ vacatedBy: a });
    await submitAndDecide(id, [a]);
    const body = await apply(id, '30/QĐ-SVH');
    const results = byOfficial(body.results);
    expect(results.has(a)).toBe(false); // rejected: not applied, not reported as a failure
    expect(results.get(b)).toMatchObject({ result: 'failed', code: 'DEPENDS_ON_UNMOVED' });
    expect(results.get(b)!.reason).toMatch(VI);
    expect(results.get(b)!.reason).toBe(
      'Vị trí dự kiến là vị trí Quách Văn Rạng để lại, nhưng Quách Văn Rạng không chuyển đi (không được duyệt hoặc không thực hiện được) ' +
        '(the target post is the one Quách Văn Rạng leaves, and Quách Văn Rạng is not moving)',
    );
    for (const o of [a, b]) {
      const history = await assignments(o);
      expect(history).toHaveLength(1);
      expect(history[0].endDate).toBeUndefined();
    }
    expect(await holders('R1-CV')).toBe(1);
    expect(await holders('R2-CV')).toBe(1);
  });
});

describe('two applies of one proposal at the same moment', () => {
  /** A swap of two specialists and a support officer moving into a vacancy: two groups, three items. */
  async function scenario(prefix: string) {
    await organisation(
      [
        { id: prefix, name: `Tỉnh ${prefix}`, kind: 'province' },
        { id: `${prefix}-D`, name: 'Sở Nông nghiệp', kind: 'department', parentId: prefix },
        ...[1, 2, 3, 4].map((n) => ({ id: `${prefix}-${n}`, name: `Chi cục số ${n}`, kind: 'office', parentId: `${prefix}-D` })),
      ],
      [
        { id: `${prefix}-1-CV`, unitId: `${prefix}-1`, title: 'Chuyên viên trồng trọt', category: 'specialist' },
        { id: `${prefix}-2-CV`, unitId: `${prefix}-2`, title: 'Chuyên viên chăn nuôi', category: 'specialist' },
        { id: `${prefix}-3-NV`, unitId: `${prefix}-3`, title: 'Nhân viên kỹ thuật', category: 'support' },
        { id: `${prefix}-4-NV`, unitId: `${prefix}-4`, title: 'Nhân viên văn thư', category: 'support' },
      ],
    );
    const officials = [
      await official(`${prefix}-1`, `${prefix}-1-CV`, '2012-01-01', 'Dương Văn Một'),
      await official(`${prefix}-2`, `${prefix}-2-CV`, '2013-01-01', 'Dương Văn Hai'),
      await official(`${prefix}-3`, `${prefix}-3-NV`, '2012-01-01', 'Dương Văn Ba'),
    ];
    const { id, items } = await draft(`${prefix}-D`);
    expect(items.map((i) => i.officialId).sort()).toEqual([...officials].sort());
    await submitAndDecide(id);
    return { id, items };
  }

  /** Each item applied once in the records: one new assignment, one audit record of it, holders within headcount. */
  async function expectAppliedOnce(prefix: string, id: string, items: Item[]) {
    for (const item of items) {
      const history = await assignments(item.officialId);
      expect(history.filter((h) => h.id === `${id}.${item.itemId}`)).toHaveLength(1);
      expect(history).toHaveLength(2);
      const audit = (await t.call('auditor', 'GET', `/v1/audit?entityId=${item.officialId}`)).body.items as { entityType: string; entityId: string }[];
      expect(audit.filter((r) => r.entityType === 'assignment' && r.entityId === `${id}.${item.itemId}`)).toHaveLength(1);
    }
    for (const p of ['1-CV', '2-CV', '3-NV', '4-NV']) await holders(`${prefix}-${p}`);
    expect(await holders(`${prefix}-4-NV`)).toBe(1);
    expect(await holders(`${prefix}-3-NV`)).toBe(0);
    const stored = await t.deps.proposals.get(id);
    expect(stored!.status).toBe('applied');
    for (const item of stored!.items) {
      expect(item.applied).toBe(true);
      expect(item.failure, JSON.stringify(item.failure)).toBeUndefined();
    }
  }

  it('apply every item exactly once, and each item is reported applied by exactly one of them', async () => {
    const { id, items } = await scenario('PC');
    const [first, second] = await Promise.all([
      t.call('leader', 'POST', `/v1/proposals/${id}/apply`, { decisionNo: '40/QĐ-SNN' }),
      t.call('leader', 'POST', `/v1/proposals/${id}/apply`, { decisionNo: '40/QĐ-SNN' }),
    ]);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    await expectAppliedOnce('PC', id, items);
    const one = byOfficial(first.body.results);
    const two = byOfficial(second.body.results);
    for (const item of items) {
      const results = [one.get(item.officialId), two.get(item.officialId)];
      expect(results.filter((r) => r?.result === 'applied'), JSON.stringify(results)).toHaveLength(1);
      const applied = results.find((r) => r?.result === 'applied')!;
      expect(applied.assignmentId).toBe(`${id}.${item.itemId}`);
    }
  });

  it('an apply that read the proposal just before the other carried it out answers already_applied, not failed', async () => {
    // The interleaving Promise.all above reaches only sometimes, made certain: the second apply loads the proposal
    // as it was before the first one committed (every item still unapplied), and runs after it.
    const { id, items } = await scenario('PC2');
    const before = await t.deps.proposals.get(id);
    const first = await apply(id, '41/QĐ-SNN');
    expect(first.results.map((r) => r.result)).toEqual(['applied', 'applied', 'applied']);

    const store = t.deps.proposals as { get: (id: string) => Promise<unknown> };
    const realGet = store.get.bind(store);
    let staleReads = 1;
    store.get = async (proposalId: string) => (proposalId === id && staleReads-- > 0 ? structuredClone(before) : realGet(proposalId));
    let second: Awaited<ReturnType<typeof apply>>;
    try {
      second = await apply(id, '41/QĐ-SNN');
    } finally {
      delete (store as { get?: unknown }).get; // back to the class's own method
    }
    expect(staleReads).toBeLessThan(1); // the stale read was used

    await expectAppliedOnce('PC2', id, items);
    const reported = second.results.map((r) => (r.result === 'failed' ? `failed ${r.code}: ${r.reason}` : r.result));
    expect(reported).toEqual(['already_applied', 'already_applied', 'already_applied']);
  });
});

describe('two proposals competing for one vacancy', () => {
  it('give it to exactly one; the other fails and the post never holds more than its headcount', async () => {
    // Department DK: office K1 (A's post) and centre KC with offices K2 (B's post, created later) and K3 (the vacancy).
    await organisation(
      [
        { id: 'PK', name: 'Tỉnh Kon Tum', kind: 'province' },
        { id: 'DK', name: 'Sở Tài nguyên và Môi trường', kind: 'department', parentId: 'PK' },
        { id: 'K1', name: 'Phòng Đất đai', kind: 'office', parentId: 'DK' },
        { id: 'KC', name: 'Trung tâm Kỹ thuật', kind: 'center', parentId: 'DK' },
        { id: 'K2', name: 'Phòng Đo đạc', kind: 'office', parentId: 'KC' },
        { id: 'K3', name: 'Phòng Môi trường', kind: 'office', parentId: 'KC' },
      ],
      [
        { id: 'K1-CV', unitId: 'K1', title: 'Chuyên viên đất đai', category: 'specialist' },
        { id: 'K3-CV', unitId: 'K3', title: 'Chuyên viên môi trường', category: 'specialist' },
      ],
    );
    const a = await official('K1', 'K1-CV', '2012-01-01', 'Hà Văn Đất');
    const first = await draft('DK');
    expect(first.items).toEqual([expect.objectContaining({ officialId: a, targetPositionId: 'K3-CV', via: 'vacancy' })]);

    // Drafted before the first is applied: B, in the centre, is placed into the same vacancy.
    await organisation([], [{ id: 'K2-CV', unitId: 'K2', title: 'Chuyên viên đo đạc', category: 'specialist' }]);
    const b = await official('K2', 'K2-CV', '2013-01-01', 'Hà Văn Đo');
    const second = await draft('KC');
    expect(second.items).toEqual([expect.objectContaining({ officialId: b, targetPositionId: 'K3-CV', via: 'vacancy' })]);

    await submitAndDecide(first.id);
    await submitAndDecide(second.id);
    const [r1, r2] = await Promise.all([
      t.call('leader', 'POST', `/v1/proposals/${first.id}/apply`, { decisionNo: '50/QĐ-STNMT' }),
      t.call('leader', 'POST', `/v1/proposals/${second.id}/apply`, { decisionNo: '51/QĐ-STNMT' }),
    ]);
    expect(r1.status, JSON.stringify(r1.body)).toBe(200);
    expect(r2.status, JSON.stringify(r2.body)).toBe(200);
    const outcomes = [r1.body.results[0] as Outcome, r2.body.results[0] as Outcome];
    expect(outcomes.map((o) => o.result).sort(), JSON.stringify(outcomes)).toEqual(['applied', 'failed']);
    const loser = outcomes.find((o) => o.result === 'failed')!;
    expect(['POST_FULL', 'CHANGED_SINCE_DECISION']).toContain(loser.code);
    expect(loser.reason).toMatch(VI);

    expect(await holders('K3-CV')).toBe(1);
    const winner = outcomes.find((o) => o.result === 'applied')!;
    expect((await assignments(winner.officialId)).map((h) => h.positionId)).toEqual([winner.officialId === a ? 'K1-CV' : 'K2-CV', 'K3-CV']);
    const loserHistory = await assignments(loser.officialId);
    expect(loserHistory).toHaveLength(1);
    expect(loserHistory[0].endDate).toBeUndefined();
    expect(await holders(loser.officialId === a ? 'K1-CV' : 'K2-CV')).toBe(1);

    // Retrying the loser does not overfill the post either.
    const loserProposal = loser.officialId === a ? first.id : second.id;
    const retry = await apply(loserProposal, '52/QĐ-STNMT');
    expect(retry.results[0]).toMatchObject({ result: 'failed' });
    expect(await holders('K3-CV')).toBe(1);
  });
});
