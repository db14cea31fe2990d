/**
 * Proposals through the API: draft (candidates, exempt, placement with a swap), edit, submit, decide, apply, and the
 * records after: assignments moved, flags gone, audit written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial } from '../support/fixtures';

let t: TestApp;
const asOf = '2027-01-15';
const effectiveDate = '2027-03-01';

/** One department, two offices with one post each (full), a third office with a vacancy. */
async function organisation() {
  const units = [
    { id: 'P', name: 'Tỉnh', kind: 'province' },
    { id: 'D', name: 'Sở Tài chính', kind: 'department', parentId: 'P' },
    { id: 'D-KH', name: 'Phòng Kế hoạch', kind: 'office', parentId: 'D' },
    { id: 'D-NS', name: 'Phòng Ngân sách', kind: 'office', parentId: 'D' },
    { id: 'D-TH', name: 'Phòng Tổng hợp', kind: 'office', parentId: 'D' },
  ];
  for (const u of units) expect((await t.call('admin', 'POST', '/v1/units', u)).status).toBe(201);
  const positions = [
    { id: 'KH-CV', unitId: 'D-KH', title: 'Chuyên viên kế hoạch', category: 'specialist' },
    { id: 'NS-CV', unitId: 'D-NS', title: 'Chuyên viên ngân sách', category: 'specialist' },
    { id: 'TH-CV', unitId: 'D-TH', title: 'Chuyên viên tổng hợp', category: 'specialist', headcount: 2 },
  ];
  for (const p of positions) expect((await t.call('admin', 'POST', '/v1/positions', p)).status).toBe(201);
}

beforeAll(async () => {
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2027-01-15T03:00:00Z') + tick++) });
  await organisation();
});

describe('the proposal lifecycle', () => {
  let a: string;
  let b: string;
  let c: string;
  let proposalId: string;

  beforeAll(async () => {
    a = await addOfficial(t, 'D-KH', { fullName: 'Nguyễn Văn A', gender: 'male', dateOfBirth: '1975-01-01' });
    b = await addOfficial(t, 'D-NS', { fullName: 'Trần Văn B', gender: 'male', dateOfBirth: '1976-01-01' });
    c = await addOfficial(t, 'D-TH', { fullName: 'Lê Thị C', gender: 'female', dateOfBirth: '1985-01-01' });
    await addAssignment(t, a, { positionId: 'KH-CV', startDate: '2012-01-01' }); // overdue since 2022
    await addAssignment(t, b, { positionId: 'NS-CV', startDate: '2014-01-01' }); // overdue since 2024
    await addAssignment(t, c, { positionId: 'TH-CV', startDate: '2025-01-01' }); // not a candidate
  });

  it('drafts a swap of the two overdue officials when no post is vacant elsewhere they may go', async () => {
    // TH-CV has one vacancy: the most overdue (A) may take it, B can take A's post: a chain, or a swap.
    const res = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'D', asOf, effectiveDate });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    proposalId = res.body.id;
    expect(res.body.status).toBe('draft');
    expect(res.body.items.map((i: { officialId: string }) => i.officialId).sort()).toEqual([a, b].sort());
    for (const item of res.body.items) {
      expect(item.targetPositionId).toEqual(expect.any(String));
      expect(item.targetPositionId).not.toBe(item.fromPositionId);
      expect(item.action).toBe('rotation');
      expect(item.explanation).toMatch(/chưa công tác tại/);
      expect(item.reasons[0].code).toBe('TENURE_OVER_LIMIT');
    }
    expect(res.body.unarranged).toEqual([]);
  });

  it('moves through submit, decisions and apply, and the records change', async () => {
    const submit = await t.call('hr', 'POST', `/v1/proposals/${proposalId}/submit`);
    expect(submit.status, JSON.stringify(submit.body)).toBe(200);
    expect(submit.body.status).toBe('submitted');
    const items = submit.body.items as { itemId: string }[];
    const decide = await t.call('leader', 'POST', `/v1/proposals/${proposalId}/decisions`, {
      items: items.map((i) => ({ itemId: i.itemId, decision: 'approved' })),
    });
    expect(decide.status, JSON.stringify(decide.body)).toBe(200);
    expect(decide.body.status).toBe('decided');
    const apply = await t.call('leader', 'POST', `/v1/proposals/${proposalId}/apply`, { decisionNo: '12/QĐ-STC' });
    expect(apply.status, JSON.stringify(apply.body)).toBe(200);
    expect(apply.body.results.map((r: { result: string }) => r.result)).toEqual(['applied', 'applied']);
    expect(apply.body.proposal.status).toBe('applied');
    const again = await t.call('leader', 'POST', `/v1/proposals/${proposalId}/apply`, { decisionNo: '12/QĐ-STC' });
    expect(again.body.results.map((r: { result: string }) => r.result)).toEqual(['already_applied', 'already_applied']);

    const history = (await t.call('hr', 'GET', `/v1/officials/${a}/assignments`)).body.items;
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ positionId: 'KH-CV', endDate: '2027-02-28' });
    expect(history[1]).toMatchObject({ startDate: effectiveDate, kind: 'rotation', decisionNo: '12/QĐ-STC' });
    const flags = await t.call('hr', 'GET', `/v1/tenure/flags?asOf=${effectiveDate}`);
    expect(flags.body.items.map((f: { officialId: string }) => f.officialId)).not.toContain(a);
    for (const id of ['KH-CV', 'NS-CV', 'TH-CV']) {
      const p = (await t.call('hr', 'GET', `/v1/positions/${id}`)).body;
      expect(p.holders, id).toBeLessThanOrEqual(p.headcount);
    }
    const audit = await t.call('auditor', 'GET', `/v1/audit?entityId=${proposalId}&entityType=proposal`);
    expect(audit.body.items.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['create', 'decide', 'apply']));
  });
});

describe('a rearrangement applied', () => {
  it('answers NOT_MEETING_REQUIREMENTS and DEMOTION_REVIEW, while a DISMISSAL_REVIEW stays on the flags', async () => {
    const units = [
      { id: 'R', name: 'Sở Nông nghiệp', kind: 'department', parentId: 'P' },
      { id: 'R-KT', name: 'Phòng Kỹ thuật', kind: 'office', parentId: 'R' },
      { id: 'R-VP', name: 'Văn phòng Sở Nông nghiệp', kind: 'office', parentId: 'R' },
    ];
    for (const u of units) expect((await t.call('admin', 'POST', '/v1/units', u)).status).toBe(201);
    for (const p of [
      { id: 'RKT-CV', unitId: 'R-KT', title: 'Chuyên viên kỹ thuật', category: 'specialist' },
      { id: 'RVP-NV', unitId: 'R-VP', title: 'Nhân viên lưu trữ', category: 'support' },
    ])
      expect((await t.call('admin', 'POST', '/v1/positions', p)).status).toBe(201);
    const id = await addOfficial(t, 'R-KT', { fullName: 'Mạc Văn Kém', gender: 'male', dateOfBirth: '1980-01-01' });
    await addAssignment(t, id, { positionId: 'RKT-CV', startDate: '2022-01-01' });
    for (const year of ['2024', '2025'])
      expect((await t.call('hr', 'PUT', `/v1/officials/${id}/assessments/${year}`, { rating: 'unsatisfactory', assessedOn: `${year}-12-20` })).status).toBe(201);
    const codes = async (asOf: string) =>
      (await t.call('hr', 'GET', `/v1/tenure/flags?asOf=${asOf}&unitId=R`)).body.items.find((f: { officialId: string }) => f.officialId === id)
        ?.reasonCodes;
    expect(await codes(asOf)).toEqual(['NOT_MEETING_REQUIREMENTS', 'DISMISSAL_REVIEW', 'DEMOTION_REVIEW']);

    const draft = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'R', asOf, effectiveDate });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const [item] = draft.body.items;
    expect(item).toMatchObject({ officialId: id, action: 'rearrangement', demote: true, targetPositionId: 'RVP-NV' });
    expect((await t.call('hr', 'POST', `/v1/proposals/${draft.body.id}/submit`)).status).toBe(200);
    await t.call('leader', 'POST', `/v1/proposals/${draft.body.id}/decisions`, { items: [{ itemId: item.itemId, decision: 'approved' }] });
    const apply = await t.call('leader', 'POST', `/v1/proposals/${draft.body.id}/apply`, { decisionNo: '3/QĐ-SNN' });
    expect(apply.body.results[0].result).toBe('applied');
    expect(await codes(effectiveDate)).toEqual(['DISMISSAL_REVIEW']);
    const tenure = await t.call('hr', 'GET', `/v1/officials/${id}/tenure?asOf=${effectiveDate}`);
    expect(tenure.body.reasons.map((r: { code: string }) => r.code)).toEqual(['DISMISSAL_REVIEW']);
  });
});
