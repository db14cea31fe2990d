/** A small organisation used by several API test files: one province, two agencies, offices and posts. */
import { expect } from 'vitest';
import type { TestApp } from './app';

export const ORG = {
  province: 'TP',
  agency: 'SKHCN',
  office: 'SKHCN-VP',
  inspectorate: 'SKHCN-TT',
  otherAgency: 'SNV',
  otherOffice: 'SNV-VP',
};

export async function seedOrganisation(t: TestApp) {
  const units = [
    { id: ORG.province, name: 'Thành phố Hồ Chí Minh', kind: 'province' },
    { id: ORG.agency, name: 'Sở Khoa học và Công nghệ', kind: 'department', parentId: ORG.province },
    { id: ORG.office, name: 'Văn phòng Sở', kind: 'office', parentId: ORG.agency, hrEmails: ['tccb@skhcn.example.vn'] },
    { id: ORG.inspectorate, name: 'Thanh tra Sở', kind: 'office', parentId: ORG.agency },
    { id: ORG.otherAgency, name: 'Sở Nội vụ', kind: 'department', parentId: ORG.province },
    { id: ORG.otherOffice, name: 'Văn phòng Sở Nội vụ', kind: 'office', parentId: ORG.otherAgency },
  ];
  for (const unit of units) expect((await t.call('admin', 'POST', '/v1/units', unit)).status).toBe(201);
  const positions = [
    { id: 'VP-CVP', unitId: ORG.office, title: 'Chánh Văn phòng', category: 'leadership' },
    { id: 'VP-KT', unitId: ORG.office, title: 'Kế toán', category: 'specialist', rotationPeriodMonths: 36 },
    { id: 'VP-CV', unitId: ORG.office, title: 'Chuyên viên tổng hợp', category: 'specialist', headcount: 3 },
    { id: 'TT-TTV', unitId: ORG.inspectorate, title: 'Thanh tra viên', category: 'specialist', headcount: 2 },
    { id: 'SNV-CV', unitId: ORG.otherOffice, title: 'Chuyên viên', category: 'specialist', headcount: 2 },
  ];
  for (const p of positions) expect((await t.call('admin', 'POST', '/v1/positions', p)).status).toBe(201);
}

/** Create an official in a unit and return its id. */
export async function addOfficial(
  t: TestApp,
  unitId: string,
  fields: Partial<{ fullName: string; gender: string; dateOfBirth: string; id: string; employeeCode: string }> = {},
): Promise<string> {
  const res = await t.call('hr', 'POST', '/v1/officials', {
    fullName: 'Trần Thị Bình',
    gender: 'female',
    dateOfBirth: '1985-05-20',
    unitId,
    ...fields,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

export async function addAssignment(
  t: TestApp,
  officialId: string,
  body: { positionId: string; startDate: string; endDate?: string; kind?: string; decisionNo?: string },
) {
  const res = await t.call('hr', 'POST', `/v1/officials/${officialId}/assignments`, { kind: 'appointment', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
