/**
 * Drafting a proposal through the API (issue 7, points 1-3): who is a candidate (the exempt listed apart, those who
 * left service out), the suggested action (rearrangement for those not meeting requirements, to a lower post under
 * the two-of-three-years rule; secondment or transfer for leaders by the 10-years-left rule, to another agency of the
 * scope), the unarranged with why, a three-way cycle with no vacancy, and the refused drafts.
 *
 * Each scenario has a province of its own, so a draft sees only its own officials.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial } from '../support/fixtures';

let t: TestApp;
const asOf = '2027-01-15';
const effectiveDate = '2027-03-01';
const VI = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

interface Item {
  itemId: string;
  officialId: string;
  action: string;
  actionLabel: string;
  demote: boolean;
  targetPositionId?: string;
  via?: 'vacancy' | { vacatedBy: string };
  plannedEnd?: string;
  reasons: { code: string; rule: string; detail: string }[];
  explanation: string;
  fromPositionId: string;
}

beforeAll(async () => {
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2027-01-15T03:00:00Z') + tick++) });
});

async function organisation(units: object[], positions: object[]) {
  for (const u of units) expect((await t.call('admin', 'POST', '/v1/units', u)).status, JSON.stringify(u)).toBe(201);
  for (const p of positions) expect((await t.call('admin', 'POST', '/v1/positions', p)).status, JSON.stringify(p)).toBe(201);
}

async function draft(scopeUnitId: string) {
  const res = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId, asOf, effectiveDate });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const items = res.body.items as Item[];
  return { body: res.body, byOfficial: new Map(items.map((i) => [i.officialId, i])) };
}

async function positionOf(id: string) {
  const p = await t.deps.organisation.getPosition(id);
  expect(p, id).toBeDefined();
  return p!;
}

const rate = async (official: string, year: number, rating: string) => {
  const res = await t.call('hr', 'PUT', `/v1/officials/${official}/assessments/${year}`, { rating, assessedOn: `${year}-12-20` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
};

describe('candidates: the exempt apart, those who left out, those not meeting requirements rearranged', () => {
  let exempt: string;
  let leaver: string;
  let twoRunning: string;
  let twoOfThree: string;
  let oneYear: string;
  let proposal: Awaited<ReturnType<typeof draft>>;

  beforeAll(async () => {
    await organisation(
      [
        { id: 'QA', name: 'Tỉnh Quảng Ngãi', kind: 'province' },
        { id: 'QA1', name: 'Sở Tư pháp', kind: 'department', parentId: 'QA' },
        { id: 'QA-O1', name: 'Phòng Hành chính tư pháp', kind: 'office', parentId: 'QA1' },
        { id: 'QA-O2', name: 'Văn phòng Sở Tư pháp', kind: 'office', parentId: 'QA1' },
        { id: 'QA-O3', name: 'Phòng Bổ trợ tư pháp', kind: 'office', parentId: 'QA1' },
      ],
      [
        { id: 'QA-CV', unitId: 'QA-O1', title: 'Chuyên viên hành chính tư pháp', category: 'specialist', headcount: 5 },
        { id: 'QA-NV', unitId: 'QA-O2', title: 'Nhân viên văn thư', category: 'support', headcount: 2 },
        { id: 'QA-BT', unitId: 'QA-O3', title: 'Chuyên viên bổ trợ tư pháp', category: 'specialist', headcount: 2 },
      ],
    );
    exempt = await addOfficial(t, 'QA-O1', { fullName: 'Đặng Thị Hoa', gender: 'female', dateOfBirth: '1988-03-03' });
    leaver = await addOfficial(t, 'QA-O1', { fullName: 'Bùi Văn Khải', gender: 'male', dateOfBirth: '1979-07-07' });
    twoRunning = await addOfficial(t, 'QA-O1', { fullName: 'Hồ Văn Hai', gender: 'male', dateOfBirth: '1986-02-02' });
    twoOfThree = await addOfficial(t, 'QA-O1', { fullName: 'Tạ Thị Ba', gender: 'female', dateOfBirth: '1987-03-03' });
    oneYear = await addOfficial(t, 'QA-O1', { fullName: 'Lý Văn Một', gender: 'male', dateOfBirth: '1989-01-01' });
    await addAssignment(t, exempt, { positionId: 'QA-CV', startDate: '2012-01-01' });
    await addAssignment(t, leaver, { positionId: 'QA-CV', startDate: '2012-01-01' });
    for (const o of [twoRunning, twoOfThree, oneYear]) await addAssignment(t, o, { positionId: 'QA-CV', startDate: '2024-01-01' });

    const maternity = await t.call('hr', 'POST', `/v1/officials/${exempt}/circumstances`, { type: 'maternity', from: '2026-06-01' });
    expect(maternity.status, JSON.stringify(maternity.body)).toBe(201);
    const official = await t.call('hr', 'GET', `/v1/officials/${leaver}`);
    const left = await t.call('hr', 'PATCH', `/v1/officials/${leaver}`, {
      leftOn: '2027-01-10',
      leftReason: 'resigned',
      version: official.body.version,
    });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    await rate(twoRunning, 2025, 'unsatisfactory');
    await rate(twoRunning, 2026, 'unsatisfactory');
    await rate(twoOfThree, 2024, 'unsatisfactory');
    await rate(twoOfThree, 2025, 'satisfactory');
    await rate(twoOfThree, 2026, 'unsatisfactory');
    await rate(oneYear, 2025, 'good');
    await rate(oneYear, 2026, 'unsatisfactory');
    proposal = await draft('QA1');
  });

  it('lists the exempt official under exempt with the exemption, not among the items or the unarranged', () => {
    const { body, byOfficial } = proposal;
    expect(byOfficial.has(exempt)).toBe(false);
    expect(body.unarranged.map((u: { officialId: string }) => u.officialId)).not.toContain(exempt);
    expect(body.exempt).toHaveLength(1);
    const entry = body.exempt[0];
    expect(entry).toMatchObject({ officialId: exempt, fullName: 'Đặng Thị Hoa' });
    expect(entry.reasons.map((r: { code: string }) => r.code)).toContain('TENURE_OVER_LIMIT');
    expect(entry.exemptions).toEqual([expect.objectContaining({ code: 'MATERNITY', from: '2026-06-01' })]);
    expect(entry.exemptions[0].detail).toMatch(VI);
  });

  it('leaves out an official who has left service', async () => {
    const { body, byOfficial } = proposal;
    expect(byOfficial.has(leaver)).toBe(false);
    expect(body.unarranged.map((u: { officialId: string }) => u.officialId)).not.toContain(leaver);
    expect(body.exempt.map((u: { officialId: string }) => u.officialId)).not.toContain(leaver);
    expect(JSON.stringify(body)).not.toContain('Bùi Văn Khải');
  });

  it('rearranges an official rated unsatisfactory two years running', () => {
    const item = proposal.byOfficial.get(twoRunning);
    expect(item, JSON.stringify(proposal.body.unarranged)).toBeDefined();
    expect(item).toMatchObject({ action: 'rearrangement', actionLabel: 'Sắp xếp, bố trí lại' });
    expect(item!.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['NOT_MEETING_REQUIREMENTS', 'DISMISSAL_REVIEW']));
    expect(item!.explanation).toMatch(VI);
  });

  it('sends a non-leader under the two-of-three-years rule to a lower post (support), not to a specialist vacancy', async () => {
    for (const official of [twoOfThree, twoRunning]) {
      const item = proposal.byOfficial.get(official)!;
      expect(item, official).toBeDefined();
      expect(item.reasons.map((r) => r.code)).toContain('DEMOTION_REVIEW');
      expect(item).toMatchObject({ action: 'rearrangement', demote: true, targetPositionId: 'QA-NV' });
      expect((await positionOf(item.targetPositionId!)).category).toBe('support');
      expect(item.explanation).toContain('thấp hơn');
    }
    expect(proposal.byOfficial.get(twoOfThree)!.reasons.map((r) => r.code)).not.toContain('DISMISSAL_REVIEW');
  });

  it('keeps one unsatisfactory year (no demotion) in the same category, in another unit', () => {
    const item = proposal.byOfficial.get(oneYear)!;
    expect(item).toBeDefined();
    expect(item.reasons.map((r) => r.code)).toEqual(['NOT_MEETING_REQUIREMENTS']);
    expect(item).toMatchObject({ action: 'rearrangement', demote: false, targetPositionId: 'QA-BT', via: 'vacancy' });
  });

  it('holds exactly the three rearranged officials as items, nobody unarranged', () => {
    expect([...proposal.byOfficial.keys()].sort()).toEqual([twoRunning, twoOfThree, oneYear].sort());
    expect(proposal.body.unarranged).toEqual([]);
  });
});

describe('leaders: secondment with 10 years left, transfer otherwise (to another agency of the scope)', () => {
  let young: string;
  let old: string;
  let proposal: Awaited<ReturnType<typeof draft>>;

  beforeAll(async () => {
    await organisation(
      [
        { id: 'QB', name: 'Tỉnh Quảng Bình', kind: 'province' },
        { id: 'QB1', name: 'Sở Khoa học và Công nghệ', kind: 'department', parentId: 'QB' },
        { id: 'QB1-A', name: 'Phòng Quản lý khoa học', kind: 'office', parentId: 'QB1' },
        { id: 'QB1-B', name: 'Phòng Quản lý công nghệ', kind: 'office', parentId: 'QB1' },
        { id: 'QB2', name: 'Sở Công Thương', kind: 'department', parentId: 'QB' },
        { id: 'QB2-A', name: 'Phòng Quản lý thương mại', kind: 'office', parentId: 'QB2' },
        { id: 'QB2-B', name: 'Phòng Quản lý công nghiệp', kind: 'office', parentId: 'QB2' },
      ],
      [
        { id: 'QB1-A-TP', unitId: 'QB1-A', title: 'Trưởng phòng Quản lý khoa học', category: 'leadership' },
        { id: 'QB1-B-TP', unitId: 'QB1-B', title: 'Trưởng phòng Quản lý công nghệ', category: 'leadership' },
        { id: 'QB2-A-TP', unitId: 'QB2-A', title: 'Trưởng phòng Quản lý thương mại', category: 'leadership' },
        { id: 'QB2-B-TP', unitId: 'QB2-B', title: 'Trưởng phòng Quản lý công nghiệp', category: 'leadership' },
      ],
    );
    young = await addOfficial(t, 'QB1-A', { fullName: 'Trịnh Văn Trẻ', gender: 'male', dateOfBirth: '1985-04-10' });
    old = await addOfficial(t, 'QB2-A', { fullName: 'Đỗ Văn Lão', gender: 'male', dateOfBirth: '1968-05-10' });
    await addAssignment(t, young, { positionId: 'QB1-A-TP', startDate: '2012-01-01' });
    await addAssignment(t, old, { positionId: 'QB2-A-TP', startDate: '2013-01-01' });
    proposal = await draft('QB');
  });

  it('seconds a leader with at least 10 years left, planned to end 36 months after the effective date', async () => {
    const item = proposal.byOfficial.get(young);
    expect(item, JSON.stringify(proposal.body.unarranged)).toBeDefined();
    expect(item).toMatchObject({ action: 'secondment', actionLabel: 'Luân chuyển', plannedEnd: '2030-03-01' });
    expect(item!.targetPositionId).toEqual(expect.any(String));
    // docs/rules.md: a secondment goes to any unit of the scope (office-level leaders are seconded between a
    // department's offices too), never back into a unit served in the last 5 years.
    const target = await positionOf(item!.targetPositionId!);
    expect(target.category).toBe('leadership');
    expect(target.unitPath).toContain('QB');
    expect(target.unitId).not.toBe('QB1-A');
  });

  it('transfers a leader with fewer than 10 years left, without a planned end, to another agency', async () => {
    const item = proposal.byOfficial.get(old);
    expect(item, JSON.stringify(proposal.body.unarranged)).toBeDefined();
    expect(item).toMatchObject({ action: 'transfer', actionLabel: 'Điều động' });
    expect(item!.plannedEnd).toBeUndefined();
    const target = await positionOf(item!.targetPositionId!);
    expect(target.agencyId).toBe('QB1');
    expect(target.category).toBe('leadership');
  });
});

describe('an overdue official with no post the rules allow is unarranged, with why', () => {
  it('lists them under unarranged with NO_FEASIBLE_TARGET and a Vietnamese label', async () => {
    await organisation(
      [
        { id: 'QC', name: 'Tỉnh Quảng Trị', kind: 'province' },
        { id: 'QC1', name: 'Sở Du lịch', kind: 'department', parentId: 'QC' },
        { id: 'QC-O1', name: 'Phòng Quản lý lữ hành', kind: 'office', parentId: 'QC1' },
      ],
      [
        { id: 'QC-CV', unitId: 'QC-O1', title: 'Chuyên viên lữ hành', category: 'specialist' },
        // A vacancy, but in the unit the official serves in now.
        { id: 'QC-CV2', unitId: 'QC-O1', title: 'Chuyên viên quản lý', category: 'specialist' },
      ],
    );
    const u = await addOfficial(t, 'QC-O1', { fullName: 'Châu Văn Ở', gender: 'male', dateOfBirth: '1977-09-09' });
    await addAssignment(t, u, { positionId: 'QC-CV', startDate: '2012-01-01' });
    const { body } = await draft('QC1');
    expect(body.items).toEqual([]);
    expect(body.unarranged).toEqual([
      expect.objectContaining({ officialId: u, fullName: 'Châu Văn Ở', why: 'NO_FEASIBLE_TARGET', action: 'rotation' }),
    ]);
    expect(body.unarranged[0].whyLabel).toMatch(VI);
    expect(body.unarranged[0].reasons[0].code).toBe('TENURE_OVER_LIMIT');
  });
});

describe('three officials in three full posts, no vacancy', () => {
  it('are all placed, each into the post another leaves (a 3-cycle)', async () => {
    await organisation(
      [
        { id: 'QD', name: 'Tỉnh Quảng Nam', kind: 'province' },
        { id: 'QD1', name: 'Sở Giao thông vận tải', kind: 'department', parentId: 'QD' },
        { id: 'QD-1', name: 'Phòng Kế hoạch', kind: 'office', parentId: 'QD1' },
        { id: 'QD-2', name: 'Phòng Vận tải', kind: 'office', parentId: 'QD1' },
        { id: 'QD-3', name: 'Phòng Quản lý chất lượng', kind: 'office', parentId: 'QD1' },
      ],
      [
        { id: 'QD-1-CV', unitId: 'QD-1', title: 'Chuyên viên kế hoạch', category: 'specialist' },
        { id: 'QD-2-CV', unitId: 'QD-2', title: 'Chuyên viên vận tải', category: 'specialist' },
        { id: 'QD-3-CV', unitId: 'QD-3', title: 'Chuyên viên chất lượng', category: 'specialist' },
      ],
    );
    const officials: string[] = [];
    for (const [i, post] of ['QD-1-CV', 'QD-2-CV', 'QD-3-CV'].entries()) {
      const o = await addOfficial(t, `QD-${i + 1}`, { fullName: `Nguyễn Văn Số ${i + 1}`, gender: 'male', dateOfBirth: '1979-01-01' });
      await addAssignment(t, o, { positionId: post, startDate: `201${i + 1}-01-01` });
      officials.push(o);
    }
    const { body, byOfficial } = await draft('QD1');
    expect(body.unarranged).toEqual([]);
    expect([...byOfficial.keys()].sort()).toEqual([...officials].sort());
    const targets = [...byOfficial.values()].map((i) => i.targetPositionId).sort();
    expect(targets).toEqual(['QD-1-CV', 'QD-2-CV', 'QD-3-CV']);
    for (const item of byOfficial.values()) {
      expect(item.targetPositionId).not.toBe(item.fromPositionId);
      expect(typeof item.via).toBe('object');
      const leaver = byOfficial.get((item.via as { vacatedBy: string }).vacatedBy)!;
      expect(leaver.fromPositionId).toBe(item.targetPositionId); // the place comes from who leaves that post
      expect(item.explanation).toContain('để lại');
    }
  });
});

describe('refused drafts', () => {
  it('an asOf after the effective date is 422 EFFECTIVE_BEFORE_AS_OF', async () => {
    const res = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'QD1', asOf: '2027-03-02', effectiveDate });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.code).toBe('EFFECTIVE_BEFORE_AS_OF');
    expect(res.body.detail).toMatch(VI);
  });

  it('an unknown scope unit, or one outside the caller\'s scope, is 422 SCOPE_UNIT_NOT_FOUND; nothing is drafted', async () => {
    const before = (await t.call('hr', 'GET', '/v1/proposals?limit=100')).body.items.length;
    const unknown = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'NO-SUCH-UNIT', asOf, effectiveDate });
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(422);
    expect(unknown.body.code).toBe('SCOPE_UNIT_NOT_FOUND');
    expect(unknown.body.detail).toMatch(VI);
    const outside = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'QB', asOf, effectiveDate }, { units: ['QA'] });
    expect(outside.status, JSON.stringify(outside.body)).toBe(422);
    expect(outside.body.code).toBe('SCOPE_UNIT_NOT_FOUND');
    // Out of scope reads as unknown: the answer does not leak the unit's name.
    expect(outside.body.detail).not.toContain('Quảng Bình');
    expect((await t.call('hr', 'GET', '/v1/proposals?limit=100')).body.items.length).toBe(before);
  });
});
