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
    expect(overdue.body.reasons[0]).toMatchObject({ code: 'TENURE_OVER_LIMIT', rule: 'Directive 10/CT-UBND 1a' });

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
