/**
 * The data the dashboard tests read, on the shared small organisation (./fixtures.ts), with the clock at
 * 2026-06-15 (Ho Chi Minh): officials overdue, approaching, on a sensitive post past its period, not meeting
 * requirements, exempt, due later within 24 months, and one who retires before their due date.
 */
import { expect } from 'vitest';
import type { TestApp } from './app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from './fixtures';

export const DASHBOARD_NOW = '2026-06-15T03:00:00Z';
export const DASHBOARD_AS_OF = '2026-06-15';

export interface DashboardOfficials {
  /** VP-CVP since 2015-01-10: overdue (10 years). */
  overdue: string;
  /** VP-KT (36-month period) since 2023-03-01: overdue and periodic rotation due. */
  rotation: string;
  /** VP-CV since 2016-09-01: approaching, due 2026-09-01. */
  approaching: string;
  /** VP-CV since 2018-02-10: due 2028-02-10, not flagged. */
  dueLater: string;
  /** VP-CV since 2020-01-01, rated unsatisfactory for 2025: not meeting requirements. */
  unsatisfactory: string;
  /** TT-TTV since 2016-03-01 with a maternity circumstance: overdue and exempt. */
  exempt: string;
  /** TT-TTV since 2017-01-05: due 2027-01-05, not flagged. */
  dueNextYear: string;
  /** TT-CV since 2017-06-01, retires 2026-12-31 before the due date 2027-06-01: in no bucket. */
  retiresFirst: string;
  /** SNV-CV since 2014-01-01 (the other agency): overdue. */
  otherOverdue: string;
  /** SNV-CV since 2016-12-01 (the other agency): approaching, due 2026-12-01. */
  otherApproaching: string;
}

export async function seedDashboardData(t: TestApp): Promise<DashboardOfficials> {
  await seedOrganisation(t);
  expect(
    (await t.call('admin', 'POST', '/v1/positions', { id: 'TT-CV', unitId: ORG.inspectorate, title: 'Chuyên viên thanh tra', category: 'specialist', headcount: 2 }))
      .status,
  ).toBe(201);
  const official = async (unitId: string, fullName: string, positionId: string, startDate: string, dateOfBirth = '1978-04-02', gender = 'male') => {
    const id = await addOfficial(t, unitId, { fullName, gender, dateOfBirth });
    await addAssignment(t, id, { positionId, startDate });
    return id;
  };
  const ids: DashboardOfficials = {
    overdue: await official(ORG.office, 'Nguyễn Văn An', 'VP-CVP', '2015-01-10'),
    rotation: await official(ORG.office, 'Trần Thị Bích', 'VP-KT', '2023-03-01', '1986-07-09', 'female'),
    approaching: await official(ORG.office, 'Lê Văn Cường', 'VP-CV', '2016-09-01'),
    dueLater: await official(ORG.office, 'Phạm Thị Dung', 'VP-CV', '2018-02-10', '1990-01-20', 'female'),
    unsatisfactory: await official(ORG.office, 'Hoàng Văn Em', 'VP-CV', '2020-01-01'),
    exempt: await official(ORG.inspectorate, 'Vũ Thị Giang', 'TT-TTV', '2016-03-01', '1988-11-11', 'female'),
    dueNextYear: await official(ORG.inspectorate, 'Đặng Văn Hải', 'TT-TTV', '2017-01-05'),
    retiresFirst: await official(ORG.inspectorate, 'Bùi Văn Khoa', 'TT-CV', '2017-06-01', '1965-06-10'),
    otherOverdue: await official(ORG.otherOffice, 'Đỗ Văn Long', 'SNV-CV', '2014-01-01'),
    otherApproaching: await official(ORG.otherOffice, 'Ngô Thị Mai', 'SNV-CV', '2016-12-01', '1980-02-02', 'female'),
  };
  const rated = await t.call('hr', 'PUT', `/v1/officials/${ids.unsatisfactory}/assessments/2025`, {
    rating: 'unsatisfactory',
    assessedOn: '2025-12-20',
  });
  expect(rated.status, JSON.stringify(rated.body)).toBe(201);
  const exempt = await t.call('hr', 'POST', `/v1/officials/${ids.exempt}/circumstances`, { type: 'maternity', from: '2025-10-01', to: '2028-06-30' });
  expect(exempt.status, JSON.stringify(exempt.body)).toBe(201);
  return ids;
}
