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

/**
 * The proposal tests' organisation: province PL, agency DL1 with three offices, and agency DL2 beside it (whose
 * leader must see nothing of DL1). Each test file adds the posts its case needs.
 */
export const LAM_DONG_UNITS = [
  { id: 'PL', name: 'Tỉnh Lâm Đồng', kind: 'province' },
  { id: 'DL1', name: 'Sở Tài chính', kind: 'department', parentId: 'PL' },
  { id: 'DL1-A', name: 'Phòng Kế hoạch', kind: 'office', parentId: 'DL1' },
  { id: 'DL1-B', name: 'Phòng Ngân sách', kind: 'office', parentId: 'DL1' },
  { id: 'DL1-C', name: 'Phòng Tổng hợp', kind: 'office', parentId: 'DL1' },
  { id: 'DL2', name: 'Sở Nội vụ', kind: 'department', parentId: 'PL' },
  { id: 'DL2-A', name: 'Văn phòng Sở Nội vụ', kind: 'office', parentId: 'DL2' },
];

/**
 * The concurrency and crash tests' organisation: department D of province P, with three offices, each with its own
 * HR address, and the director's address for the digest.
 */
export const PHU_YEN_UNITS = [
  { id: 'P', name: 'Tỉnh Phú Yên', kind: 'province' },
  { id: 'D', name: 'Sở Xây dựng', kind: 'department', parentId: 'P', leaderEmails: ['giamdoc@sxd.example.vn'] },
  { id: 'O1', name: 'Phòng Quản lý nhà', kind: 'office', parentId: 'D', hrEmails: ['tccb1@sxd.example.vn'] },
  { id: 'O2', name: 'Phòng Quy hoạch', kind: 'office', parentId: 'D', hrEmails: ['tccb2@sxd.example.vn'] },
  { id: 'O3', name: 'Phòng Hạ tầng', kind: 'office', parentId: 'D', hrEmails: ['tccb3@sxd.example.vn'] },
];

/** Create units (parents first) and posts through the API as an admin; each must be created. */
export async function createUnitsAndPosts(t: TestApp, units: object[], positions: object[]): Promise<void> {
  for (const u of units) expect((await t.call('admin', 'POST', '/v1/units', u)).status).toBe(201);
  for (const p of positions) expect((await t.call('admin', 'POST', '/v1/positions', p)).status).toBe(201);
}

/** Create an official in a unit and return its id. */
/** Officials appointed to a post since a date, each row `[id, unit, post, since, full name]`, born on one date. */
export async function addPeople(t: TestApp, people: string[][], dateOfBirth = '1978-08-08'): Promise<void> {
  for (const [id, unitId, positionId, since, fullName] of people) {
    const created = await t.call('hr', 'POST', '/v1/officials', { id, fullName, gender: 'male', dateOfBirth, unitId });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const assigned = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { positionId, startDate: since, kind: 'appointment' });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
  }
}

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
