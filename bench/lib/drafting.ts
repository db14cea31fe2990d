/**
 * The agency the bench drafts a proposal for (issue 7: "an agency of 2,000 officials with 200 candidates"), derived
 * from its size alone, so every run loads the same units, posts, officials and dates.
 *
 * Shaped like a provincial department (Sở): offices directly under it, branches (chi cục) and centres (trung tâm)
 * with their own offices; every unit has a head (headcount 1), deputies (1-3), specialist posts and support posts
 * of headcount 1-5. The posts hold a few more places than there are officials, and the empty places are spread over
 * the posts, so a few posts have a vacancy and most are full: rotation is mostly people exchanging duties.
 *
 * Who is a candidate is fixed by construction (as of AS_OF, with the 10-year limit: no post has a periodic-rotation
 * period): official i is
 *  - overdue      when i % 10 === 3  (the current post since 2008-2016, due before AS_OF): the candidates;
 *    half of them (i % 20 === 3) held a post in another unit before, which ended the day before;
 *  - approaching  when i % 50 === 7  (since Jul-Dec 2016, due Jul-Dec 2026): flagged, not candidates;
 *  - ok otherwise (since 2017-02-01 or later).
 * Nobody is within 18 months of retirement, so nobody is exempt. Leaders past the limit are drafted as the
 * proposal rules say (a secondment, or a transfer to another agency when too close to retirement); with this one
 * agency in scope a transfer has nowhere to go, so those few are unarranged.
 */
import { addDays } from '../../shared/domain/dates';
import type { Gender, IsoDate, PositionCategory } from '../../shared/domain/types';
import type { OfficialInput } from '../../shared/use-cases/manage-officials';
import type { PositionInput } from '../../shared/use-cases/manage-positions';
import type { UnitInput } from '../../shared/use-cases/manage-units';
import type { AssignmentInput } from '../../shared/use-cases/record-assignment';
import { PROVINCE, type FlagExpectation } from './dataset';

/** The day the drafted moves take effect: the day after AS_OF. */
export const EFFECTIVE_DATE: IsoDate = '2026-07-01';

/** Share of the places left empty: "a few vacancies". */
const VACANT_SHARE = 0.025;

const SPECIALIST_DUTIES = [
  'tổng hợp',
  'kế hoạch',
  'tài chính',
  'pháp chế',
  'thanh tra',
  'tổ chức cán bộ',
  'cải cách hành chính',
  'thi đua - khen thưởng',
  'quản lý dự án',
  'thẩm định',
  'công nghệ thông tin',
  'hợp tác quốc tế',
  'quản lý chất lượng',
  'thống kê',
  'truyền thông',
  'đầu tư',
];
const SUPPORT_POSTS = ['Văn thư', 'Kế toán', 'Thủ quỹ', 'Lưu trữ', 'Nhân viên lái xe', 'Nhân viên phục vụ'];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô'];
const MIDDLE = ['Văn', 'Hữu', 'Minh', 'Thanh', 'Ngọc', 'Quốc', 'Đức', 'Công'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Khánh', 'Lan', 'Long', 'Mai', 'Nam', 'Phúc', 'Quân', 'Tâm', 'Trang', 'Tuấn', 'Vy', 'Yến', 'Sơn'];

export interface DraftingOfficial {
  official: OfficialInput & { id: string; unitId: string };
  /** An earlier post in another unit, closed the day before `assignment` starts (some candidates only). */
  previous?: AssignmentInput & { id: string };
  assignment: AssignmentInput & { id: string };
  expected: FlagExpectation;
}

export interface DraftingPlan {
  agencyId: string;
  /** Parents before children. */
  units: UnitInput[];
  positions: PositionInput[];
  officials: DraftingOfficial[];
  places: number;
  vacantPlaces: number;
  /** Posts with at least one empty place. */
  postsWithVacancy: number;
  expectedCandidates: number;
  expectedApproaching: number;
  /** Candidates in leadership posts (secondment or transfer: no other agency in scope). */
  leaderCandidates: number;
}

interface UnitShape {
  id: string;
  name: string;
  kind: UnitInput['kind'];
  parentId: string;
  /** Specialist posts in the unit; 0 for a branch or centre whose staff sit in its offices. */
  specialistPosts: number;
}

/** mulberry32: a fixed stream of numbers in [0, 1) for a seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The department's units: 8 offices of its own, 4 branches of 5 offices each, 3 centres of 3 offices each. */
function unitShapes(agencyId: string, random: () => number): UnitShape[] {
  const shapes: UnitShape[] = [];
  const officeNames = [
    'Văn phòng Sở',
    'Thanh tra Sở',
    'Phòng Tổ chức cán bộ',
    'Phòng Kế hoạch - Tài chính',
    'Phòng Pháp chế',
    'Phòng Quản lý chuyên ngành',
    'Phòng Cải cách hành chính',
    'Phòng Hợp tác quốc tế',
  ];
  const specialists = () => 7 + Math.floor(random() * 6); // 7-12 specialist posts in an office
  officeNames.forEach((name, k) =>
    shapes.push({ id: `${agencyId}-P${k + 1}`, name, kind: 'office', parentId: agencyId, specialistPosts: specialists() }),
  );
  for (let b = 1; b <= 4; b++) {
    const branchId = `${agencyId}-CC${b}`;
    shapes.push({ id: branchId, name: `Chi cục ${b}`, kind: 'office', parentId: agencyId, specialistPosts: 0 });
    for (let o = 1; o <= 5; o++)
      shapes.push({ id: `${branchId}-P${o}`, name: `Phòng ${o} - Chi cục ${b}`, kind: 'office', parentId: branchId, specialistPosts: specialists() });
  }
  for (let c = 1; c <= 3; c++) {
    const centreId = `${agencyId}-TT${c}`;
    shapes.push({ id: centreId, name: `Trung tâm ${c}`, kind: 'center', parentId: agencyId, specialistPosts: 0 });
    for (let o = 1; o <= 3; o++)
      shapes.push({ id: `${centreId}-P${o}`, name: `Phòng ${o} - Trung tâm ${c}`, kind: 'office', parentId: centreId, specialistPosts: specialists() });
  }
  return shapes;
}

/** Headcount 1-5, mostly 2-4. */
function specialistHeadcount(random: () => number): number {
  const r = random();
  return r < 0.15 ? 1 : r < 0.4 ? 2 : r < 0.7 ? 3 : r < 0.88 ? 4 : 5;
}

/**
 * An agency of `size` officials with about size / 10 candidates. Posts are added (a few more specialist posts per
 * office, round the offices) until the places exceed `size` by VACANT_SHARE; the empty places are spread evenly
 * over all places.
 */
export function draftingPlan(size: number, agencyId = `BENCH-D${size}`): DraftingPlan {
  const random = seededRandom(size * 7919 + 17);
  const shapes = unitShapes(agencyId, random);
  const units: UnitInput[] = [
    { id: agencyId, name: `Sở thử nghiệm đề xuất (${size} công chức)`, kind: 'department', parentId: PROVINCE.id, hrEmails: [] },
    ...shapes.map((s) => ({ id: s.id, name: s.name, kind: s.kind, parentId: s.parentId, hrEmails: [] })),
  ];

  const positions: PositionInput[] = [];
  const add = (unit: UnitShape, title: string, category: PositionCategory, headcount: number) =>
    positions.push({
      id: `${unit.id}-V${String(positions.filter((p) => p.unitId === unit.id).length + 1).padStart(2, '0')}`,
      unitId: unit.id,
      title,
      category,
      headcount,
    });
  const head = (u: UnitShape) => (u.kind === 'center' ? 'Giám đốc' : u.specialistPosts === 0 ? 'Chi cục trưởng' : 'Trưởng phòng');
  for (const u of shapes) {
    add(u, head(u), 'leadership', 1);
    add(u, `Phó ${head(u).toLowerCase()}`, 'leadership', 1 + Math.floor(random() * 3));
    for (let k = 0; k < u.specialistPosts; k++)
      add(u, `Chuyên viên ${SPECIALIST_DUTIES[k % SPECIALIST_DUTIES.length]}`, 'specialist', specialistHeadcount(random));
    const supportPosts = u.specialistPosts === 0 ? 1 : 1 + Math.floor(random() * 3);
    for (let k = 0; k < supportPosts; k++) add(u, SUPPORT_POSTS[k], 'support', 1 + Math.floor(random() * 3));
  }
  const wanted = Math.ceil(size / (1 - VACANT_SHARE));
  const offices = shapes.filter((s) => s.specialistPosts > 0);
  for (let k = 0; positions.reduce((n, p) => n + p.headcount, 0) < wanted; k++) {
    const u = offices[k % offices.length];
    add(u, `Chuyên viên ${SPECIALIST_DUTIES[(u.specialistPosts + Math.floor(k / offices.length)) % SPECIALIST_DUTIES.length]}`, 'specialist', specialistHeadcount(random));
  }
  // Group posts by unit again (the extra posts were appended at the end), so the places run unit by unit.
  const unitOrder = new Map(shapes.map((s, i) => [s.id, i]));
  positions.sort((a, b) => unitOrder.get(a.unitId)! - unitOrder.get(b.unitId)! || a.id!.localeCompare(b.id!));

  const places = positions.flatMap((p) => Array.from({ length: p.headcount }, () => p));
  const vacantPlaces = places.length - size;
  if (vacantPlaces < 0) throw new Error(`drafting plan: ${places.length} places for ${size} officials`);
  const vacant = new Set(Array.from({ length: vacantPlaces }, (_, k) => Math.floor(((k + 0.5) * places.length) / vacantPlaces)));
  const filled = places.filter((_, j) => !vacant.has(j));
  const postsWithVacancy = new Set(places.filter((_, j) => vacant.has(j)).map((p) => p.id)).size;

  const officials: DraftingOfficial[] = filled.map((position, i) => {
    const id = `${agencyId}-O${String(i).padStart(5, '0')}`;
    const expected = expectationFor(i);
    const startDate = startDateFor(i);
    const gender = genderFor(i);
    const earlier = i % 20 === 3 ? filled[(i + Math.floor(size / 2) + 11) % size] : undefined;
    const previousPost = earlier && earlier.unitId !== position.unitId ? earlier : undefined;
    return {
      official: {
        id,
        employeeCode: id,
        fullName: nameFor(i, gender),
        gender,
        dateOfBirth:
          expected === 'overdue'
            ? addDays(gender === 'male' ? '1972-01-10' : '1976-01-10', (i * 131) % 3000) // in post since 2008-2016
            : addDays('1976-03-01', (i * 131) % 7300),
        unitId: position.unitId,
      },
      previous: previousPost
        ? {
            id: `${id}-A0`,
            positionId: previousPost.id!,
            startDate: addDays(startDate, -(1500 + ((i * 17) % 1200))),
            endDate: addDays(startDate, -1),
            kind: 'appointment',
            decisionNo: `${100 + (i % 900)}/QĐ-BENCH-D`,
            primary: true,
          }
        : undefined,
      assignment: {
        id: `${id}-A1`,
        positionId: position.id!,
        startDate,
        kind: previousPost ? 'rotation' : 'appointment',
        decisionNo: `${200 + (i % 800)}/QĐ-BENCH-D`,
        primary: true,
      },
      expected,
    };
  });
  const leadership = new Set(positions.filter((p) => p.category === 'leadership').map((p) => p.id));
  return {
    agencyId,
    units,
    positions,
    officials,
    places: places.length,
    vacantPlaces,
    postsWithVacancy,
    expectedCandidates: officials.filter((o) => o.expected === 'overdue').length,
    expectedApproaching: officials.filter((o) => o.expected === 'approaching').length,
    leaderCandidates: officials.filter((o) => o.expected === 'overdue' && leadership.has(o.assignment.positionId)).length,
  };
}

function expectationFor(i: number): FlagExpectation {
  if (i % 10 === 3) return 'overdue';
  if (i % 50 === 7) return 'approaching';
  return 'ok';
}

/** Overdue: 2008-01-07 to 2016-03 (due 2018-2026, before AS_OF); approaching: due Jul-Dec 2026; ok: 2017 on. */
function startDateFor(i: number): IsoDate {
  switch (expectationFor(i)) {
    case 'overdue':
      return addDays('2008-01-07', (i * 53) % 3000);
    case 'approaching':
      return addDays('2016-07-04', (i * 29) % 150);
    case 'ok':
      return addDays('2017-02-01', (i * 37) % 3000);
  }
}

function genderFor(i: number): Gender {
  return (i * 7) % 3 === 0 ? 'female' : 'male';
}

function nameFor(i: number, gender: Gender): string {
  const middle = gender === 'female' ? 'Thị' : MIDDLE[i % MIDDLE.length];
  return `${FAMILY[i % FAMILY.length]} ${middle} ${GIVEN[(i * 7) % GIVEN.length]}`;
}
