/**
 * The bench's organisation and staff, derived from the agency size alone: the same N gives the same ids, names,
 * birth dates, posts and start dates on every run, so two runs' figures are comparable.
 *
 * Who is flagged is fixed by construction (as of AS_OF with the default 6-month warning window and the 10-year
 * limit, since no bench post has a periodic-rotation period): official i is
 *  - overdue      when i % 100 === 0  (chain started 2014, due 2024),
 *  - approaching  when i % 100 === 50 (chain started Jul-Dec 2016, due Jul-Dec 2026),
 *  - ok otherwise (started 2017-02-01 or later, due after the flag query's bound of AS_OF + 6 months + 3 days).
 * That is 2% of the staff, so a flags query that reads only flagged items reads N / 50 of them.
 */
import { addDays } from '../../shared/domain/dates';
import type { Gender, IsoDate, PositionCategory } from '../../shared/domain/types';
import type { AssignmentInput } from '../../shared/use-cases/record-assignment';
import type { OfficialInput } from '../../shared/use-cases/manage-officials';
import type { PositionInput } from '../../shared/use-cases/manage-positions';
import type { UnitInput } from '../../shared/use-cases/manage-units';

/** The date every flag and tenure query asks about. */
export const AS_OF: IsoDate = '2026-06-30';

/** The province above every bench agency. */
export const PROVINCE: UnitInput = { id: 'BENCH', name: 'Tỉnh thử nghiệm hiệu năng', kind: 'province', hrEmails: [] };

const OFFICES_PER_AGENCY = 4;
const POSTS_PER_OFFICE: { title: string; category: PositionCategory }[] = [
  { title: 'Trưởng phòng', category: 'leadership' },
  { title: 'Chuyên viên tổng hợp', category: 'specialist' },
  { title: 'Chuyên viên pháp chế', category: 'specialist' },
  { title: 'Chuyên viên kế hoạch', category: 'specialist' },
  { title: 'Văn thư', category: 'support' },
];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Thanh', 'Ngọc', 'Quốc', 'Thu'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Khánh', 'Lan', 'Long', 'Mai', 'Nam', 'Phúc', 'Quân', 'Tâm', 'Trang', 'Tuấn', 'Vy'];

export type FlagExpectation = 'overdue' | 'approaching' | 'ok';

export interface PlannedOfficial {
  official: OfficialInput & { id: string; unitId: string };
  assignment: AssignmentInput & { id: string };
  expected: FlagExpectation;
}

export interface AgencyPlan {
  agencyId: string;
  /** The department first, then its offices (parents before children). */
  units: UnitInput[];
  positions: PositionInput[];
  officials: PlannedOfficial[];
  expectedFlagged: number;
}

/** What official i's current chain looks like, and so whether it is flagged as of AS_OF. */
export function expectationFor(i: number): FlagExpectation {
  if (i % 100 === 0) return 'overdue';
  if (i % 100 === 50) return 'approaching';
  return 'ok';
}

/** The start of official i's only assignment; see the module comment for why each range is flagged or not. */
export function startDateFor(i: number): IsoDate {
  const cohort = Math.floor(i / 100);
  switch (expectationFor(i)) {
    case 'overdue':
      return addDays('2014-01-06', cohort % 300);
    case 'approaching':
      return addDays('2016-07-04', cohort % 150);
    case 'ok':
      return addDays('2017-02-01', (i * 37) % 3000);
  }
}

/** An agency (department) of `size` officials, each with one open primary assignment. */
export function agencyPlan(size: number, agencyId = `BENCH-A${size}`): AgencyPlan {
  const units: UnitInput[] = [
    { id: agencyId, name: `Sở thử nghiệm ${size} công chức`, kind: 'department', parentId: PROVINCE.id, hrEmails: [] },
  ];
  const positions: PositionInput[] = [];
  for (let u = 1; u <= OFFICES_PER_AGENCY; u++) {
    const unitId = `${agencyId}-U${u}`;
    units.push({ id: unitId, name: `Phòng ${u}`, kind: 'office', parentId: agencyId, hrEmails: [] });
    POSTS_PER_OFFICE.forEach((post, p) =>
      positions.push({ id: `${unitId}-P${p + 1}`, unitId, title: post.title, category: post.category, headcount: 1000 }),
    );
  }
  const officials: PlannedOfficial[] = [];
  for (let i = 0; i < size; i++) {
    const position = positions[i % positions.length];
    const id = `${agencyId}-O${String(i).padStart(5, '0')}`;
    officials.push({
      official: {
        id,
        employeeCode: id,
        fullName: nameFor(i),
        gender: genderFor(i),
        dateOfBirth: addDays('1975-03-01', (i * 131) % 7300),
        unitId: position.unitId,
      },
      assignment: {
        id: `${id}-A1`,
        positionId: position.id!,
        startDate: startDateFor(i),
        kind: 'appointment',
        decisionNo: `${100 + (i % 900)}/QĐ-BENCH`,
        primary: true,
      },
      expected: expectationFor(i),
    });
  }
  return {
    agencyId,
    units,
    positions,
    officials,
    expectedFlagged: officials.filter((o) => o.expected !== 'ok').length,
  };
}

function nameFor(i: number): string {
  const middle = genderFor(i) === 'female' ? 'Thị' : MIDDLE[i % MIDDLE.length];
  return `${FAMILY[i % FAMILY.length]} ${middle} ${GIVEN[(i * 7) % GIVEN.length]}`;
}

function genderFor(i: number): Gender {
  return i % 2 === 0 ? 'male' : 'female';
}
