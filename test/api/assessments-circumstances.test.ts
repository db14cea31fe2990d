/** Issue 3 through the API: assessments, the rules that turn them into flags, circumstances and retirement. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;

beforeAll(async () => {
  // After the assessments of 2026 are given (December 2026): an assessment cannot be dated in the future. The clock
  // ticks, so audit records keep their order.
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2027-01-15T03:00:00Z') + tick++) });
  await seedOrganisation(t);
});

const put = (id: string, period: string, body: object, headers?: Record<string, string>) =>
  t.call('hr', 'PUT', `/v1/officials/${id}/assessments/${period}`, { assessedOn: '2026-12-20', ...body }, { headers });

describe('assessments', () => {
  it('derives the annual rating from a year of monthly scores, with its Vietnamese label', async () => {
    const id = await addOfficial(t, ORG.office);
    const scores = [95, 92, 88, 91, 90, 93, 94, 90, 89, 96, 92, 91];
    for (const [i, score] of scores.entries()) {
      const res = await put(id, `2026-${String(i + 1).padStart(2, '0')}`, { score });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const month = await t.call('hr', 'GET', `/v1/officials/${id}/assessments`);
    expect(month.body.items[0].period).toBe('2026-12');
    const annual = await put(id, '2026', {});
    expect(annual.status).toBe(201);
    expect(annual.body).toMatchObject({
      period: '2026',
      rating: 'excellent',
      ratingLabel: 'Hoàn thành xuất sắc nhiệm vụ',
      score: 91.75,
      derivedFrom: 'subperiods',
      version: 1,
    });
    const list = await t.call('leader', 'GET', `/v1/officials/${id}/assessments?limit=2`);
    expect(list.body.items.map((a: { period: string }) => a.period)).toEqual(['2026', '2026-12']);
    expect(list.body.nextCursor).toBeDefined();
  });

  it('takes a score by its band, lets discipline force unsatisfactory, and refuses a contradicting rating', async () => {
    const id = await addOfficial(t, ORG.office);
    const scored = await put(id, '2026-Q1', { score: 69.99 });
    expect(scored.body).toMatchObject({ rating: 'satisfactory', ratingLabel: 'Hoàn thành nhiệm vụ' });
    const disciplined = await put(id, '2026-Q2', { score: 95, disciplined: true });
    expect(disciplined.body).toMatchObject({ rating: 'unsatisfactory', score: 95, derivedFrom: 'discipline' });
    const contradiction = await put(id, '2026-Q3', { score: 70, rating: 'excellent' });
    expect(contradiction.status).toBe(422);
    expect(contradiction.body).toMatchObject({ code: 'RATING_CONTRADICTS_SCORE', title: expect.stringContaining('Vi phạm') });
    expect(contradiction.body.errors[0].path).toBe('body.rating');
    const early = await put(id, '2024', { score: 80 });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('SCORE_BEFORE_2026');
    const periods = (await t.call('hr', 'GET', `/v1/officials/${id}/assessments`)).body.items.map((a: { period: string }) => a.period);
    expect(periods.sort()).toEqual(['2026-Q1', '2026-Q2']);
  });

  it('rejects bad input with a clear 4xx and writes nothing', async () => {
    const id = await addOfficial(t, ORG.office);
    const badPeriod = await put(id, '2026-Q5', { rating: 'good' });
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.detail).toContain('YYYY-Qn');
    expect(badPeriod.body.errors[0].path).toBe('path.period');
    expect((await put(id, '2026-13', { rating: 'good' })).status).toBe(400);
    const tooHigh = await put(id, '2026-07', { score: 101 });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.errors[0].path).toBe('body.score');
    expect((await put('nobody', '2025', { rating: 'good' })).status).toBe(404);
    const tooEarly = await put(id, '2026-Q3', { rating: 'good', assessedOn: '2026-06-30' });
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.body).toMatchObject({ code: 'ASSESSED_BEFORE_PERIOD', errors: [{ path: 'body.assessedOn' }] });
    expect((await put(id, '2025', {})).status).toBe(422);
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/assessments`)).body.items).toEqual([]);
    expect((await t.call('auditor', 'GET', `/v1/audit?entityId=${id}`)).body.items).toHaveLength(1); // the create only
  });

  it('upserts with optimistic concurrency and keeps the earlier version in the audit log', async () => {
    const id = await addOfficial(t, ORG.office);
    expect((await put(id, '2025', { rating: 'good' })).status).toBe(201);
    const noVersion = await put(id, '2025', { rating: 'excellent' });
    expect(noVersion.status).toBe(409);
    expect(noVersion.body.code).toBe('ASSESSMENT_EXISTS');
    const updated = await put(id, '2025', { rating: 'excellent', version: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe(2);
    const stale = await put(id, '2025', { rating: 'satisfactory', version: 1 });
    expect(stale.status).toBe(409);
    const staleHeader = await put(id, '2025', { rating: 'satisfactory' }, { 'if-match': '1' });
    expect(staleHeader.status).toBe(409);
    const current = await t.call('hr', 'GET', `/v1/officials/${id}/assessments`);
    expect(current.body.items[0]).toMatchObject({ rating: 'excellent', version: 2 });
    const audit = await t.call('auditor', 'GET', `/v1/audit?entityId=${updated.body.id}`);
    expect(audit.body.items.map((r: { action: string }) => r.action)).toEqual(['update', 'create']);
    expect(audit.body.items[0].before).toMatchObject({ rating: 'good', version: 1 });
  });

  it('warns (never blocks) when excellent ratings exceed 20% of good or better in an agency', async () => {
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await addOfficial(t, ORG.inspectorate, { fullName: `Quota ${i}` }));
    for (const id of ids.slice(0, 4)) expect((await put(id, '2024', { rating: 'good' })).body.warnings).toEqual([]);
    const first = await put(ids[4], '2024', { rating: 'excellent' });
    expect(first.body.warnings).toEqual([]); // 1 of 5 is exactly 20%
    const crossing = await put(ids[5], '2024', { rating: 'excellent' });
    expect(crossing.status).toBe(201);
    expect(crossing.body.warnings[0]).toMatchObject({
      code: 'EXCELLENT_QUOTA_EXCEEDED',
      agencyId: ORG.agency,
      excellent: 2,
      goodOrBetter: 6,
      year: 2024,
    });
    expect(crossing.body.warnings[0].message).toContain('Hoàn thành xuất sắc nhiệm vụ');
    const list = await t.call('leader', 'GET', `/v1/assessments?unitId=${ORG.inspectorate}&period=2024`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(6);
    expect(list.body.warnings[0]).toMatchObject({ code: 'EXCELLENT_QUOTA_EXCEEDED', excellent: 2 });
    expect((await t.call('leader', 'GET', `/v1/assessments?unitId=${ORG.inspectorate}&period=2024-Q9`)).status).toBe(400);
  });

  it('annual ratings of one agency written at the same time all succeed and are all counted', async () => {
    const ids = [];
    for (let i = 0; i < 8; i++) ids.push(await addOfficial(t, ORG.otherOffice, { fullName: `Song song ${i}` }));
    const results = await Promise.all(ids.map((id) => put(id, '2022', { rating: 'good' })));
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 201));
    expect(await t.deps.officials.getRatingCounts(ORG.otherAgency, 2022)).toMatchObject({ good: 8 });
  });

  it('lists a period for a unit through the officials index, following officials who move', async () => {
    const mover = await addOfficial(t, ORG.otherOffice, { fullName: 'Người Chuyển' });
    const a = await addAssignment(t, mover, { positionId: 'SNV-CV', startDate: '2015-01-01', endDate: '2025-06-30' });
    expect(a.id).toBeDefined();
    expect((await put(mover, '2023', { rating: 'good' })).status).toBe(201);
    const before = await t.call('hr', 'GET', `/v1/assessments?unitId=${ORG.otherOffice}&period=2023`);
    expect(before.body.items.map((x: { officialId: string }) => x.officialId)).toContain(mover);
    await addAssignment(t, mover, { positionId: 'TT-TTV', startDate: '2025-07-01', kind: 'transfer' });
    const newUnitHr = await t.call('hr', 'GET', `/v1/assessments?unitId=${ORG.inspectorate}&period=2023`, undefined, { units: [ORG.inspectorate] });
    expect(newUnitHr.body.items.map((x: { officialId: string }) => x.officialId)).toContain(mover);
    const history = await t.call('hr', 'GET', `/v1/officials/${mover}/assessments`, undefined, { units: [ORG.inspectorate] });
    expect(history.status).toBe(200);
    expect(history.body.items[0].period).toBe('2023');
    const oldUnitHr = await t.call('hr', 'GET', `/v1/officials/${mover}/assessments`, undefined, { units: [ORG.otherAgency] });
    expect(oldUnitHr.status).toBe(404);
  });
});

describe('requirement flags', () => {
  it('two unsatisfactory years show DISMISSAL_REVIEW and DEMOTION_REVIEW on the flags list', async () => {
    const id = await addOfficial(t, ORG.office, { fullName: 'Đỗ Văn Yếu' });
    await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2022-01-01' });
    expect((await put(id, '2024', { rating: 'unsatisfactory', assessedOn: '2024-12-15' })).status).toBe(201);
    const one = await t.call('hr', 'GET', `/v1/officials/${id}/tenure?asOf=2025-03-01`);
    expect(one.body.reasons.map((r: { code: string }) => r.code)).toEqual(['NOT_MEETING_REQUIREMENTS']);
    expect((await put(id, '2025', { rating: 'unsatisfactory', assessedOn: '2025-12-15' })).status).toBe(201);
    const flags = await t.call('leader', 'GET', '/v1/tenure/flags?asOf=2026-03-01');
    const flag = flags.body.items.find((f: { officialId: string }) => f.officialId === id);
    expect(flag).toBeDefined();
    expect(flag.status).toBe('ok'); // tenure itself is fine: flagged for the ratings
    expect(flag.reasons.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['NOT_MEETING_REQUIREMENTS', 'DISMISSAL_REVIEW', 'DEMOTION_REVIEW']),
    );
    expect(flag.reasons.find((r: { code: string }) => r.code === 'DISMISSAL_REVIEW').rule).toBe('Luật Cán bộ, công chức (sửa đổi 2019), Điều 58 khoản 3');
    // A good rating for 2026, given on 2026-12-20, clears NOT_MEETING_REQUIREMENTS from then on, not before.
    expect((await put(id, '2026', { score: 80 })).status).toBe(201);
    const sameYear = await t.call('leader', 'GET', '/v1/tenure/flags?asOf=2026-03-01');
    const stillFlagged = sameYear.body.items.find((f: { officialId: string }) => f.officialId === id);
    expect(stillFlagged.reasons.map((r: { code: string }) => r.code)).toContain('DISMISSAL_REVIEW');
    const later = await t.call('leader', 'GET', '/v1/tenure/flags?asOf=2027-01-15');
    const laterFlag = later.body.items.find((f: { officialId: string }) => f.officialId === id);
    expect(laterFlag?.reasons.map((r: { code: string }) => r.code) ?? []).not.toContain('NOT_MEETING_REQUIREMENTS');
  });
});

describe('circumstances and retirement', () => {
  it('a maternity circumstance shows as an exemption while the official stays flagged', async () => {
    const id = await addOfficial(t, ORG.office, { fullName: 'Võ Thị Mai', gender: 'female', dateOfBirth: '1990-04-04' });
    await addAssignment(t, id, { positionId: 'VP-KT', startDate: '2020-01-01' });
    const c = await t.call('hr', 'POST', `/v1/officials/${id}/circumstances`, { type: 'maternity', from: '2026-01-10', to: '2028-06-30' });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ type: 'maternity', typeLabel: expect.any(String), version: 1 });
    const tenure = await t.call('hr', 'GET', `/v1/officials/${id}/tenure?asOf=2026-06-01`);
    expect(tenure.body.status).toBe('overdue'); // 36-month period on the accounting post
    expect(tenure.body.reasons[0].code).toBe('PERIODIC_ROTATION_DUE');
    expect(tenure.body.exemptions).toEqual([expect.objectContaining({ code: 'MATERNITY', from: '2026-01-10', to: '2028-06-30' })]);
    const flags = await t.call('hr', 'GET', '/v1/tenure/flags?asOf=2026-06-01&status=overdue');
    const flag = flags.body.items.find((f: { officialId: string }) => f.officialId === id);
    expect(flag.exemptions[0].code).toBe('MATERNITY');
    const before = await t.call('hr', 'GET', `/v1/officials/${id}/tenure?asOf=2026-01-09`);
    expect(before.body.exemptions).toEqual([]);
    const closed = await t.call('hr', 'PATCH', `/v1/officials/${id}/circumstances/${c.body.id}`, { to: '2026-03-31', version: 1 });
    expect(closed.status).toBe(200);
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/tenure?asOf=2026-06-01`)).body.exemptions).toEqual([]);
    const list = await t.call('auditor', 'GET', `/v1/officials/${id}/circumstances`);
    expect(list.body.items).toHaveLength(1);
    const bad = await t.call('hr', 'POST', `/v1/officials/${id}/circumstances`, { type: 'holiday', from: '2026-01-10' });
    expect(bad.status).toBe(400);
    const reversed = await t.call('hr', 'POST', `/v1/officials/${id}/circumstances`, { type: 'investigation', from: '2026-01-10', to: '2026-01-01' });
    expect(reversed.status).toBe(400);
  });

  it('shows the retirement date of the roadmap, an explicit override, and the 18-month exemption', async () => {
    const man = await addOfficial(t, ORG.office, { gender: 'male', dateOfBirth: '1961-10-10' });
    const res = await t.call('hr', 'GET', `/v1/officials/${man}`);
    expect(res.body).toMatchObject({ statutoryRetirementDate: '2022-04-30', effectiveRetirementDate: '2022-04-30' });
    const woman = await addOfficial(t, ORG.office, { gender: 'female', dateOfBirth: '1980-06-01' });
    expect((await t.call('hr', 'GET', `/v1/officials/${woman}`)).body.statutoryRetirementDate).toBe('2040-06-30');
    const patched = await t.call('hr', 'PATCH', `/v1/officials/${woman}`, { retirementDate: '2027-12-31' });
    expect(patched.body).toMatchObject({ statutoryRetirementDate: '2040-06-30', effectiveRetirementDate: '2027-12-31' });
    await addAssignment(t, woman, { positionId: 'VP-CV', startDate: '2010-01-01' });
    const tenure = await t.call('hr', 'GET', `/v1/officials/${woman}/tenure?asOf=2026-11-23`);
    expect(tenure.body.status).toBe('overdue');
    expect(tenure.body.exemptions.map((e: { code: string }) => e.code)).toEqual(['RETIREMENT_WITHIN_18_MONTHS']);
  });
});
