/** The "done when" path: unit, position, official, an assignment from 2011-08-16, tenure, flags, audit. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  expect((await t.call('admin', 'POST', '/v1/units', { id: 'SO', name: 'Sở Khoa học và Công nghệ', kind: 'department' })).status).toBe(201);
  expect((await t.call('admin', 'POST', '/v1/units', { id: 'VP', name: 'Văn phòng Sở', kind: 'office', parentId: 'SO' })).status).toBe(201);
  expect(
    (await t.call('admin', 'POST', '/v1/positions', { id: 'PCVP', unitId: 'VP', title: 'Phó Chánh Văn phòng', category: 'leadership' }))
      .status,
  ).toBe(201);
});

describe('recording a tenure and seeing it flagged', () => {
  it('flags an official 10 years after 2011-08-16, approaching 6 months before', async () => {
    const official = await t.call('hr', 'POST', '/v1/officials', {
      fullName: 'Nguyễn Văn An',
      gender: 'male',
      dateOfBirth: '1975-03-02',
      unitId: 'VP',
    });
    expect(official.status).toBe(201);
    const id = official.body.id;
    const assignment = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, {
      positionId: 'PCVP',
      startDate: '2011-08-16',
      kind: 'appointment',
      decisionNo: '123/QĐ-SKHCN',
    });
    expect(assignment.body).toMatchObject({ positionId: "PCVP" });
    expect(assignment.status).toBe(201);

    const overdue = await t.call('hr', 'GET', `/v1/officials/${id}/tenure?asOf=2021-08-16`);
    expect(overdue.status, JSON.stringify(overdue.body)).toBe(200);
    expect(overdue.body.years, JSON.stringify(overdue.body)).toBe(10);
    expect(overdue.body).toMatchObject({
      officialId: id,
      positionId: 'PCVP',
      unitId: 'VP',
      chainStart: '2011-08-16',
      dueDate: '2021-08-16',
      limitMonths: 120,
      status: 'overdue',
    });
    expect(overdue.body.reasons[0]).toMatchObject({ code: 'TENURE_OVER_LIMIT', rule: 'Chỉ thị 10/CT-UBND, mục 1a' });

    const approaching = await t.call('hr', 'GET', `/v1/officials/${id}/tenure?asOf=2021-02-16`);
    expect(approaching.body.status).toBe('approaching');
    const ok = await t.call('hr', 'GET', `/v1/officials/${id}/tenure?asOf=2021-02-15`);
    expect(ok.body.status).toBe('ok');

    const flags = await t.call('leader', 'GET', '/v1/tenure/flags?asOf=2021-08-16');
    expect(flags.status).toBe(200);
    expect(flags.body.items.map((f: { officialId: string }) => f.officialId)).toContain(id);
    const flagsEarly = await t.call('leader', 'GET', '/v1/tenure/flags?asOf=2021-02-15');
    expect(flagsEarly.body.items.map((f: { officialId: string }) => f.officialId)).not.toContain(id);

    const audit = await t.call('auditor', 'GET', `/v1/audit?entityId=${assignment.body.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ entityType: 'assignment', action: 'create', actor: { sub: 'hr-user' } });
    expect(audit.body.items[0].after).toMatchObject({ startDate: '2011-08-16', positionId: 'PCVP' });
  });
});

describe('chains across a merger', () => {
  it('a reorganization into the successor unit continues the chain; a gap restarts it', async () => {
    await t.call('admin', 'POST', '/v1/units', { id: 'HUYEN', name: 'UBND huyện Long Điền', kind: 'district', validTo: '2025-06-30' });
    await t.call('admin', 'POST', '/v1/units', { id: 'HUYEN-KT', name: 'Phòng Kinh tế huyện', kind: 'office', parentId: 'HUYEN', validTo: '2025-06-30' });
    await t.call('admin', 'POST', '/v1/units', { id: 'XA', name: 'UBND xã Long Điền', kind: 'commune', validFrom: '2025-07-01' });
    await t.call('admin', 'POST', '/v1/units', { id: 'XA-KT', name: 'Phòng Kinh tế xã', kind: 'office', parentId: 'XA', validFrom: '2025-07-01' });
    const successor = await t.call('admin', 'PATCH', '/v1/units/HUYEN-KT', { successorId: 'XA-KT' });
    expect(successor.body).toMatchObject({ successorId: 'XA-KT', validTo: '2025-06-30', version: 2 });
    await t.call('admin', 'POST', '/v1/positions', { id: 'HUYEN-KT-CV', unitId: 'HUYEN-KT', title: 'Chuyên viên kinh tế', category: 'specialist' });
    await t.call('admin', 'POST', '/v1/positions', { id: 'XA-KT-CV', unitId: 'XA-KT', title: 'Chuyên viên kinh tế', category: 'specialist' });

    const merged = (await t.call('hr', 'POST', '/v1/officials', { fullName: 'Hồ Văn Liên', gender: 'male', dateOfBirth: '1980-01-01', unitId: 'HUYEN-KT' })).body.id;
    await t.call('hr', 'POST', `/v1/officials/${merged}/assignments`, { positionId: 'HUYEN-KT-CV', startDate: '2016-03-01', endDate: '2025-06-30', kind: 'appointment' });
    const intoDissolved = await t.call('hr', 'POST', `/v1/officials/${merged}/assignments`, { positionId: 'HUYEN-KT-CV', startDate: '2025-07-01', kind: 'reappointment' });
    expect(intoDissolved.status).toBe(422);
    expect(intoDissolved.body).toMatchObject({ code: 'UNIT_DISSOLVED', detail: expect.stringContaining('XA-KT') });
    const beforeFounding = await t.call('hr', 'POST', `/v1/officials/${merged}/assignments`, { positionId: 'XA-KT-CV', startDate: '2025-06-01', endDate: '2025-06-30', kind: 'transfer', primary: false });
    expect(beforeFounding.body.code).toBe('UNIT_NOT_YET_VALID');
    const reorg = await t.call('hr', 'POST', `/v1/officials/${merged}/assignments`, { positionId: 'XA-KT-CV', startDate: '2025-07-01', kind: 'reorganization' });
    expect(reorg.status).toBe(201);
    const tenure = await t.call('hr', 'GET', `/v1/officials/${merged}/tenure?asOf=2026-03-01`);
    expect(tenure.body).toMatchObject({ positionId: 'XA-KT-CV', unitId: 'XA-KT', chainStart: '2016-03-01', dueDate: '2026-03-01', status: 'overdue' });
    expect((await t.call('hr', 'GET', `/v1/officials/${merged}`)).body).toMatchObject({ unitId: 'XA-KT', agencyId: 'XA' });

    const gap = (await t.call('hr', 'POST', '/v1/officials', { fullName: 'Mai Văn Gián', gender: 'male', dateOfBirth: '1980-01-01', unitId: 'HUYEN-KT' })).body.id;
    await t.call('hr', 'POST', `/v1/officials/${gap}/assignments`, { positionId: 'HUYEN-KT-CV', startDate: '2016-03-01', endDate: '2025-06-29', kind: 'appointment' });
    await t.call('hr', 'POST', `/v1/officials/${gap}/assignments`, { positionId: 'XA-KT-CV', startDate: '2025-07-01', kind: 'reorganization' });
    const restarted = await t.call('hr', 'GET', `/v1/officials/${gap}/tenure?asOf=2026-03-01`);
    expect(restarted.body).toMatchObject({ chainStart: '2025-07-01', status: 'ok' });

    // The flags of the new commune agency list the merged official, not the restarted one.
    const flags = await t.call('leader', 'GET', '/v1/tenure/flags?asOf=2026-03-01&unitId=XA');
    expect(flags.body.items.map((f: { officialId: string }) => f.officialId)).toEqual([merged]);
    expect(flags.body.items[0].reasons[0].detail).toBe('10 năm ở vị trí Chuyên viên kinh tế (10 years in Chuyên viên kinh tế)');
  });
});

describe('flags and single-official tenure agree', () => {
  it.each(['2021-02-16', '2021-08-16', '2025-09-01', '2026-03-01', '2030-01-01'])(
    'as of %s every flag equals GET /tenure for that official',
    async (asOf) => {
      const flags = await t.call('auditor', 'GET', `/v1/tenure/flags?asOf=${asOf}`);
      expect(flags.status).toBe(200);
      for (const { fullName, unitName, positionTitle, severity, severityLabel, reasonCodes, ...flag } of flags.body.items) {
        expect(fullName).toEqual(expect.any(String));
        expect(unitName).toEqual(expect.any(String));
        expect(severity).toMatch(/^(high|medium)$/);
        expect(severityLabel).toEqual(expect.any(String));
        expect(reasonCodes).toEqual(flag.reasons.map((r: { code: string }) => r.code));
        if (flag.positionId) expect(positionTitle).toEqual(expect.any(String));
        const tenure = await t.call('auditor', 'GET', `/v1/officials/${flag.officialId}/tenure?asOf=${asOf}`);
        expect(flag).toEqual(tenure.body);
      }
    },
  );
});
