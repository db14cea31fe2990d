/**
 * The demo data set behind `npm run seed`: fixed tables of units, posts, careers, circumstances and the ratings
 * that differ from the default pattern. ./plan.ts turns them into the requests the seed sends, placed against a
 * reference date.
 *
 * Only the recent part of each career is placed relative to the reference date ("today"), so the mix of overdue /
 * approaching / ok officials stays the same whenever the demo is loaded. Dates are anchored to the first day of
 * today's month, so every day of one month yields the same data set, and each status keeps at least a month of
 * margin from its threshold.
 *
 * Organisation: Thành phố Hồ Chí Minh, its Sở Khoa học và Công nghệ with seven offices, and three district economic
 * offices of the former Bà Rịa - Vũng Tàu that ceased on 2025-06-30 when the district level was abolished, each
 * succeeded on 2025-07-01 by an office of a new ward or commune. Names are synthetic.
 */
import type {
  AssignmentKind,
  CircumstanceType,
  Gender,
  IsoDate,
  PositionCategory,
  Rating,
  UnitKind,
} from '../../../shared/domain/types';
import type { UnitInput } from '../../../shared/use-cases/manage-units';

/** The day the district level was abolished; district offices end the day before. */
export const REORGANIZATION_DATE = '2025-07-01';
export const DISTRICT_LAST_DAY = '2025-06-30';

// ---------------------------------------------------------------------------------------------------------------
// Organisation

/** The body of POST /v1/units, with the fixed id that makes re-running the seed safe. */
export type SeedUnit = UnitInput & { id: string };

export const MAIL = 'tphcm.example'; // RFC 2606 reserved TLD: the demo can never mail a real inbox.

/**
 * Parents come before children and successors before the units they succeed: the API checks both exist.
 */
export const UNITS: readonly SeedUnit[] = [
  { id: 'HCM', name: 'Thành phố Hồ Chí Minh', kind: 'province', hrEmails: [`sonoivu@${MAIL}`] },
  {
    id: 'SKHCN',
    name: 'Sở Khoa học và Công nghệ',
    kind: 'department',
    parentId: 'HCM',
    hrEmails: [`tccb.skhcn@${MAIL}`],
    // The director's office: the monthly alert digest goes here.
    leaderEmails: [`giamdoc.skhcn@${MAIL}`],
  },
  office('SKHCN-VP', 'Văn phòng Sở', 'office', 'vanphong'),
  office('SKHCN-TT', 'Thanh tra Sở', 'office', 'thanhtra'),
  office('SKHCN-KHTC', 'Phòng Kế hoạch - Tài chính', 'office', 'khtc'),
  office('SKHCN-QLKH', 'Phòng Quản lý khoa học', 'office', 'qlkh'),
  office('SKHCN-QLCN', 'Phòng Quản lý công nghệ', 'office', 'qlcn'),
  office('SKHCN-CCTDC', 'Chi cục Tiêu chuẩn Đo lường Chất lượng', 'office', 'cctdc'),
  office('SKHCN-TTUD', 'Trung tâm Ứng dụng tiến bộ khoa học và công nghệ', 'center', 'ttud'),
  // The ward and communes that took over on 2025-07-01 (created first: the districts name them as successors).
  newCommune('PBR', 'Phường Bà Rịa', 'phuongbaria'),
  newOffice('PBR-KT', 'Phòng Kinh tế, Hạ tầng và Đô thị phường Bà Rịa', 'PBR', 'phuongbaria'),
  newCommune('NGGIAO', 'Xã Ngãi Giao', 'xangaigiao'),
  newOffice('NG-KT', 'Phòng Kinh tế xã Ngãi Giao', 'NGGIAO', 'xangaigiao'),
  newCommune('XXMOC', 'Xã Xuyên Mộc', 'xaxuyenmoc'),
  newOffice('XXM-KT', 'Phòng Kinh tế xã Xuyên Mộc', 'XXMOC', 'xaxuyenmoc'),
  // The former districts and their economic offices, closed on 2025-06-30.
  formerDistrict('BR', 'Thành phố Bà Rịa', 'PBR', 'baria'),
  formerOffice('BR-KT', 'Phòng Kinh tế thành phố Bà Rịa', 'BR', 'PBR-KT', 'baria'),
  formerDistrict('CD', 'Huyện Châu Đức', 'NGGIAO', 'chauduc'),
  formerOffice('CD-KT', 'Phòng Kinh tế huyện Châu Đức', 'CD', 'NG-KT', 'chauduc'),
  formerDistrict('XM', 'Huyện Xuyên Mộc', 'XXMOC', 'xuyenmoc'),
  formerOffice('XM-KT', 'Phòng Kinh tế huyện Xuyên Mộc', 'XM', 'XXM-KT', 'xuyenmoc'),
];

function office(id: string, name: string, kind: UnitKind, mailbox: string): SeedUnit {
  return { id, name, kind, parentId: 'SKHCN', hrEmails: [`${mailbox}.skhcn@${MAIL}`, `tccb.skhcn@${MAIL}`] };
}

function newCommune(id: string, name: string, domain: string): SeedUnit {
  return {
    id,
    name,
    kind: 'commune',
    parentId: 'HCM',
    validFrom: REORGANIZATION_DATE,
    hrEmails: [`vanphong@${domain}.${MAIL}`],
    leaderEmails: [`chutich@${domain}.${MAIL}`],
  };
}

function newOffice(id: string, name: string, parentId: string, domain: string): SeedUnit {
  return { id, name, kind: 'office', parentId, validFrom: REORGANIZATION_DATE, hrEmails: [`kinhte@${domain}.${MAIL}`] };
}

function formerDistrict(id: string, name: string, successorId: string, domain: string): SeedUnit {
  return {
    id,
    name,
    kind: 'district',
    parentId: 'HCM',
    validTo: DISTRICT_LAST_DAY,
    successorId,
    hrEmails: [`noivu@${domain}.${MAIL}`],
  };
}

function formerOffice(id: string, name: string, parentId: string, successorId: string, domain: string): SeedUnit {
  return {
    id,
    name,
    kind: 'office',
    parentId,
    validTo: DISTRICT_LAST_DAY,
    successorId,
    hrEmails: [`kinhte@${domain}.${MAIL}`],
  };
}

export interface SeedPosition {
  id: string;
  unitId: string;
  title: string;
  category: PositionCategory;
  headcount: number;
  rotationPeriodMonths?: number;
}

type PostRow = [suffix: string, title: string, category: PositionCategory, headcount?: number, rotation?: number];

/** Posts per unit; a position's id is `<unitId>-<suffix>`. */
const POSTS: Record<string, PostRow[]> = {
  SKHCN: [
    ['GD', 'Giám đốc Sở', 'leadership'],
    ['PGD', 'Phó Giám đốc Sở', 'leadership', 3],
  ],
  'SKHCN-VP': [
    ['CVP', 'Chánh Văn phòng', 'leadership'],
    ['PCVP', 'Phó Chánh Văn phòng', 'leadership', 2],
    ['CVTH', 'Chuyên viên tổng hợp', 'specialist', 3],
    ['CVHC', 'Chuyên viên hành chính - quản trị', 'specialist', 2],
    ['VT', 'Văn thư', 'support'],
    ['LT', 'Lưu trữ viên', 'support'],
  ],
  'SKHCN-TT': [
    ['CTT', 'Chánh Thanh tra', 'leadership'],
    ['PCTT', 'Phó Chánh Thanh tra', 'leadership'],
    ['TTV', 'Thanh tra viên', 'specialist', 3],
    // Direct contact with citizens: a periodic-rotation post (Decree 59/2019/NĐ-CP appendix).
    ['TCD', 'Thanh tra viên tiếp công dân, giải quyết khiếu nại, tố cáo', 'specialist', 2, 48],
  ],
  'SKHCN-KHTC': [
    ['TP', 'Trưởng phòng Kế hoạch - Tài chính', 'leadership'],
    ['PTP', 'Phó Trưởng phòng Kế hoạch - Tài chính', 'leadership'],
    // Public finance: rotated every 3 years (Decree 59/2019/NĐ-CP art. 36 and appendix).
    ['KT', 'Kế toán', 'specialist', 1, 36],
    ['CVKH', 'Chuyên viên kế hoạch - đầu tư', 'specialist', 2],
    ['TQ', 'Thủ quỹ', 'support'],
  ],
  'SKHCN-QLKH': [
    ['TP', 'Trưởng phòng Quản lý khoa học', 'leadership'],
    ['PTP', 'Phó Trưởng phòng Quản lý khoa học', 'leadership', 2],
    ['CV', 'Chuyên viên quản lý khoa học', 'specialist', 4],
  ],
  'SKHCN-QLCN': [
    ['TP', 'Trưởng phòng Quản lý công nghệ', 'leadership'],
    ['PTP', 'Phó Trưởng phòng Quản lý công nghệ', 'leadership', 2],
    ['CV', 'Chuyên viên quản lý công nghệ', 'specialist', 3],
    ['SHTT', 'Chuyên viên sở hữu trí tuệ', 'specialist', 2],
  ],
  'SKHCN-CCTDC': [
    ['CCT', 'Chi cục trưởng', 'leadership'],
    ['PCCT', 'Phó Chi cục trưởng', 'leadership', 2],
    ['DL', 'Chuyên viên đo lường', 'specialist', 3],
    ['TCCL', 'Chuyên viên tiêu chuẩn chất lượng', 'specialist', 3],
    ['VT', 'Văn thư', 'support'],
  ],
  'SKHCN-TTUD': [
    ['GD', 'Giám đốc Trung tâm', 'leadership'],
    ['PGD', 'Phó Giám đốc Trung tâm', 'leadership'],
    ['KS', 'Kỹ sư ứng dụng công nghệ', 'specialist', 4],
    ['HC', 'Nhân viên hành chính', 'support'],
  ],
  'BR-KT': [
    ['TP', 'Trưởng phòng Kinh tế', 'leadership'],
    ['PTP', 'Phó Trưởng phòng Kinh tế', 'leadership'],
    ['CV', 'Chuyên viên kinh tế', 'specialist', 4],
  ],
  'CD-KT': [
    ['TP', 'Trưởng phòng Kinh tế', 'leadership'],
    ['PTP', 'Phó Trưởng phòng Kinh tế', 'leadership'],
    ['CV', 'Chuyên viên kinh tế', 'specialist', 2],
  ],
  'XM-KT': [
    ['TP', 'Trưởng phòng Kinh tế', 'leadership'],
    ['CV', 'Chuyên viên kinh tế', 'specialist', 3],
  ],
  'PBR-KT': [
    ['TP', 'Trưởng phòng Kinh tế, Hạ tầng và Đô thị', 'leadership'],
    ['PTP', 'Phó Trưởng phòng Kinh tế, Hạ tầng và Đô thị', 'leadership', 2],
    ['CV', 'Chuyên viên kinh tế', 'specialist', 3],
  ],
  'NG-KT': [
    ['TP', 'Trưởng phòng Kinh tế', 'leadership'],
    ['PTP', 'Phó Trưởng phòng Kinh tế', 'leadership'],
    ['CV', 'Chuyên viên kinh tế', 'specialist', 3],
  ],
  'XXM-KT': [
    ['TP', 'Trưởng phòng Kinh tế', 'leadership'],
    ['PTP', 'Phó Trưởng phòng Kinh tế', 'leadership'],
    ['CV', 'Chuyên viên kinh tế', 'specialist', 3],
  ],
};

export const POSITIONS: readonly SeedPosition[] = Object.entries(POSTS).flatMap(([unitId, rows]) =>
  rows.map(([suffix, title, category, headcount = 1, rotationPeriodMonths]) => ({
    id: `${unitId}-${suffix}`,
    unitId,
    title,
    category,
    headcount,
    ...(rotationPeriodMonths === undefined ? {} : { rotationPeriodMonths }),
  })),
);

// ---------------------------------------------------------------------------------------------------------------
// Officials and their careers

/** An earlier post: held `months` months, then `gap` months without a post (study, leave) before the next one. */
export interface Earlier {
  post: string;
  months: number;
  gap?: number;
  kind?: AssignmentKind;
}

export interface CareerRow {
  code: string;
  name: string;
  gender: Gender;
  dob: IsoDate;
  /** The post whose continuous chain is current (or was, until the 2025 reorganization). */
  post: string;
  /**
   * When that chain began: months from the first day of the reference month (negative), or a fixed date. Rows whose
   * status is the point (overdue, approaching) are relative; the reorganized officials who are simply `ok` are
   * fixed, since the merger they went through is a fixed event.
   */
  since: number | IsoDate;
  /** Kind of the chain's first assignment; by default derived from the post held before. */
  kind?: AssignmentKind;
  /** Closed terms within the chain, in months, each renewed by a reappointment (5-year terms for leaders). */
  terms?: number[];
  /** Carried over on 2025-07-01 into this post of the successor unit (kind reorganization: the chain continues). */
  reorgTo?: string;
  /** Posts held before the chain, oldest first. */
  before?: Earlier[];
}

/**
 * One row per official. The comment after a row says what it demonstrates as of the reference date; unmarked rows
 * are `ok`. Overdue: 10 (one on the 36-month period of Kế toán), approaching: 5.
 */
export const CAREERS: readonly CareerRow[] = [
  // ---- Sở Khoa học và Công nghệ: directors
  { code: 'SKHCN-0001', name: 'Nguyễn Văn Hùng', gender: 'male', dob: '1969-03-14', post: 'SKHCN-GD', since: -40,
    before: [{ post: 'SKHCN-QLKH-CV', months: 48 }, { post: 'SKHCN-QLKH-TP', months: 60 }, { post: 'SKHCN-PGD', months: 84 }] },
  { code: 'SKHCN-0002', name: 'Trần Thị Thu Hà', gender: 'female', dob: '1972-08-22', post: 'SKHCN-PGD', since: -134,
    terms: [60, 60], before: [{ post: 'SKHCN-QLCN-CV', months: 36 }, { post: 'SKHCN-QLCN-TP', months: 60 }] }, // overdue, reappointed twice
  { code: 'SKHCN-0003', name: 'Lê Minh Tuấn', gender: 'male', dob: '1976-11-02', post: 'SKHCN-PGD', since: -70,
    terms: [60], before: [{ post: 'SKHCN-TTUD-PGD', months: 40 }, { post: 'SKHCN-TTUD-GD', months: 60 }] },
  // ---- Văn phòng
  { code: 'SKHCN-0004', name: 'Phạm Quốc Bảo', gender: 'male', dob: '1974-05-19', post: 'SKHCN-VP-CVP', since: -50,
    before: [{ post: 'SKHCN-VP-CVTH', months: 48 }, { post: 'SKHCN-VP-PCVP', months: 60 }] },
  { code: 'SKHCN-0005', name: 'Hoàng Thị Mai', gender: 'female', dob: '1975-01-30', post: 'SKHCN-VP-PCVP', since: -128,
    terms: [60, 60], before: [{ post: 'SKHCN-VP-CVTH', months: 48 }] }, // overdue
  { code: 'SKHCN-0006', name: 'Võ Thanh Sơn', gender: 'male', dob: '1985-07-07', post: 'SKHCN-VP-PCVP', since: -20,
    before: [{ post: 'SKHCN-VP-CVTH', months: 96 }] },
  { code: 'SKHCN-0007', name: 'Đặng Ngọc Anh', gender: 'female', dob: '1990-12-12', post: 'SKHCN-VP-CVTH', since: '2023-09-11',
    kind: 'transfer', before: [{ post: 'XM-KT-CV', months: 70 }] },
  { code: 'SKHCN-0008', name: 'Bùi Văn Nam', gender: 'male', dob: '1982-04-25', post: 'SKHCN-VP-CVTH', since: -96,
    before: [{ post: 'SKHCN-TTUD-KS', months: 30 }] },
  { code: 'SKHCN-0009', name: 'Đỗ Thị Hạnh', gender: 'female', dob: '1997-06-18', post: 'SKHCN-VP-CVHC', since: -14 },
  { code: 'SKHCN-0010', name: 'Huỳnh Văn Phúc', gender: 'male', dob: '1979-09-09', post: 'SKHCN-VP-CVHC', since: -80,
    before: [{ post: 'SKHCN-VP-VT', months: 60 }] },
  { code: 'SKHCN-0011', name: 'Ngô Thị Lan', gender: 'female', dob: '1980-02-28', post: 'SKHCN-VP-VT', since: -80 },
  // ---- Thanh tra
  { code: 'SKHCN-0012', name: 'Dương Văn Thắng', gender: 'male', dob: '1971-10-05', post: 'SKHCN-TT-CTT', since: -36,
    before: [{ post: 'SKHCN-TT-TTV', months: 72 }, { post: 'SKHCN-TT-PCTT', months: 60 }] },
  { code: 'SKHCN-0013', name: 'Lý Thị Ngọc Bích', gender: 'female', dob: '1978-03-03', post: 'SKHCN-TT-PCTT', since: -36,
    before: [{ post: 'SKHCN-TT-TTV', months: 84 }] },
  { code: 'SKHCN-0014', name: 'Phan Văn Long', gender: 'male', dob: '1973-12-20', post: 'SKHCN-TT-TTV', since: -150 }, // overdue
  { code: 'SKHCN-0015', name: 'Vũ Thị Phương', gender: 'female', dob: '1988-08-08', post: 'SKHCN-TT-TTV', since: -28,
    before: [{ post: 'SKHCN-TTUD-KS', months: 60 }] },
  { code: 'SKHCN-0016', name: 'Nguyễn Thị Kim Oanh', gender: 'female', dob: '1984-04-14', post: 'SKHCN-TT-TCD', since: -45,
    before: [{ post: 'SKHCN-TT-TTV', months: 50 }] }, // approaching its 48-month rotation period
  { code: 'SKHCN-0017', name: 'Trần Quốc Việt', gender: 'male', dob: '1987-01-21', post: 'SKHCN-TT-TCD', since: -20,
    before: [{ post: 'SKHCN-CCTDC-TCCL', months: 40 }] },
  // ---- Phòng Kế hoạch - Tài chính
  { code: 'SKHCN-0018', name: 'Lê Thị Thanh Hương', gender: 'female', dob: '1976-06-06', post: 'SKHCN-KHTC-TP', since: -117,
    terms: [60], before: [{ post: 'SKHCN-KHTC-CVKH', months: 72 }] }, // approaching
  { code: 'SKHCN-0019', name: 'Phạm Văn Dũng', gender: 'male', dob: '1977-09-30', post: 'SKHCN-KHTC-PTP', since: -64,
    terms: [60], before: [{ post: 'SKHCN-KHTC-CVKH', months: 60 }] },
  { code: 'SKHCN-0020', name: 'Trần Thị Yến', gender: 'female', dob: '1986-11-11', post: 'SKHCN-KHTC-KT', since: -51,
    before: [{ post: 'SKHCN-QLCN-CV', months: 60 }] }, // overdue on the 36-month period: PERIODIC_ROTATION_DUE
  { code: 'SKHCN-0021', name: 'Nguyễn Hữu Khoa', gender: 'male', dob: '1989-02-17', post: 'SKHCN-KHTC-CVKH', since: -24,
    before: [{ post: 'SKHCN-KHTC-KT', months: 36 }, { post: 'SKHCN-QLCN-CV', months: 28 }] }, // rotated out of Kế toán on time
  { code: 'SKHCN-0022', name: 'Hồ Thị Nhung', gender: 'female', dob: '1991-05-05', post: 'SKHCN-KHTC-CVKH', since: -40,
    before: [{ post: 'SKHCN-CCTDC-VT', months: 24, gap: 10 }] }, // a gap restarts the count
  { code: 'SKHCN-0023', name: 'Võ Văn Toàn', gender: 'male', dob: '1983-07-27', post: 'SKHCN-KHTC-TQ', since: -44,
    before: [{ post: 'SKHCN-VP-LT', months: 50 }] },
  // ---- Phòng Quản lý khoa học
  { code: 'SKHCN-0024', name: 'Đặng Minh Quang', gender: 'male', dob: '1975-10-10', post: 'SKHCN-QLKH-TP', since: -86,
    terms: [60], before: [{ post: 'SKHCN-QLKH-PTP', months: 60 }] },
  { code: 'SKHCN-0025', name: 'Bùi Thị Thảo', gender: 'female', dob: '1985-03-19', post: 'SKHCN-QLKH-PTP', since: -30,
    before: [{ post: 'SKHCN-QLKH-CV', months: 90 }] },
  { code: 'SKHCN-0026', name: 'Đỗ Văn Hải', gender: 'male', dob: '1978-12-01', post: 'SKHCN-QLKH-CV', since: -126,
    before: [{ post: 'SKHCN-TTUD-KS', months: 36, gap: 14 }] }, // overdue
  { code: 'SKHCN-0027', name: 'Huỳnh Thị Trang', gender: 'female', dob: '1986-09-24', post: 'SKHCN-QLKH-CV', since: -100 },
  { code: 'SKHCN-0028', name: 'Ngô Quốc Cường', gender: 'male', dob: '1981-01-08', post: 'SKHCN-QLKH-CV', since: -66,
    before: [{ post: 'SKHCN-QLKH-CV', months: 48, gap: 14 }] }, // same post after full-time study: the chain restarted
  { code: 'SKHCN-0029', name: 'Dương Thị Uyên', gender: 'female', dob: '1998-02-14', post: 'SKHCN-QLKH-CV', since: -9 },
  // ---- Phòng Quản lý công nghệ
  { code: 'SKHCN-0030', name: 'Lý Văn Trung', gender: 'male', dob: '1970-07-15', post: 'SKHCN-QLCN-TP', since: -134,
    terms: [60, 60], before: [{ post: 'SKHCN-QLCN-CV', months: 60 }] }, // overdue
  { code: 'SKHCN-0031', name: 'Phan Thị Vân', gender: 'female', dob: '1982-10-29', post: 'SKHCN-QLCN-PTP', since: -58,
    before: [{ post: 'SKHCN-QLCN-SHTT', months: 70 }] },
  { code: 'SKHCN-0032', name: 'Vũ Đức Minh', gender: 'male', dob: '1979-04-04', post: 'SKHCN-QLCN-CV', since: -108 },
  { code: 'SKHCN-0033', name: 'Nguyễn Thị Linh', gender: 'female', dob: '1993-08-16', post: 'SKHCN-QLCN-CV', since: '2023-07-17',
    kind: 'transfer', before: [{ post: 'BR-KT-CV', months: 36 }] },
  { code: 'SKHCN-0034', name: 'Trần Văn Bình', gender: 'male', dob: '1995-11-27', post: 'SKHCN-QLCN-CV', since: -18 },
  { code: 'SKHCN-0035', name: 'Lê Thị Quyên', gender: 'female', dob: '1991-01-09', post: 'SKHCN-QLCN-SHTT', since: -118 }, // approaching, exempt (maternity)
  { code: 'SKHCN-0036', name: 'Phạm Hoàng Nam', gender: 'male', dob: '1984-06-13', post: 'SKHCN-QLCN-SHTT', since: -56,
    before: [{ post: 'SKHCN-QLCN-CV', months: 30 }] },
  // ---- Chi cục Tiêu chuẩn Đo lường Chất lượng
  { code: 'SKHCN-0037', name: 'Hoàng Minh Đức', gender: 'male', dob: '1971-02-02', post: 'SKHCN-CCTDC-CCT', since: -119,
    terms: [60], before: [{ post: 'SKHCN-CCTDC-PCCT', months: 60 }] }, // approaching
  { code: 'SKHCN-0038', name: 'Võ Thị Hồng', gender: 'female', dob: '1977-05-25', post: 'SKHCN-CCTDC-PCCT', since: -90,
    terms: [60] },
  { code: 'SKHCN-0039', name: 'Đặng Văn Khánh', gender: 'male', dob: '1983-08-31', post: 'SKHCN-CCTDC-PCCT', since: -34,
    before: [{ post: 'SKHCN-CCTDC-DL', months: 84 }] },
  { code: 'SKHCN-0040', name: 'Bùi Văn Tâm', gender: 'male', dob: '1966-01-15', post: 'SKHCN-CCTDC-DL', since: -160 }, // overdue, retires within 18 months
  { code: 'SKHCN-0041', name: 'Đỗ Thị Mỹ Linh', gender: 'female', dob: '1989-12-03', post: 'SKHCN-CCTDC-DL', since: -70 },
  { code: 'SKHCN-0042', name: 'Huỳnh Minh Khang', gender: 'male', dob: '1994-03-22', post: 'SKHCN-CCTDC-DL', since: -33 },
  { code: 'SKHCN-0043', name: 'Ngô Văn Phong', gender: 'male', dob: '1980-11-19', post: 'SKHCN-CCTDC-TCCL', since: -124 }, // overdue, exempt (long training)
  { code: 'SKHCN-0044', name: 'Dương Thị Hoa', gender: 'female', dob: '1981-07-07', post: 'SKHCN-CCTDC-TCCL', since: -104 },
  // ---- Trung tâm Ứng dụng tiến bộ khoa học và công nghệ
  { code: 'SKHCN-0045', name: 'Lý Quốc Huy', gender: 'male', dob: '1973-04-16', post: 'SKHCN-TTUD-GD', since: -62,
    terms: [60], before: [{ post: 'SKHCN-TTUD-PGD', months: 50 }] },
  { code: 'SKHCN-0046', name: 'Phan Thị Diệu', gender: 'female', dob: '1984-09-09', post: 'SKHCN-TTUD-PGD', since: -45,
    before: [{ post: 'SKHCN-TTUD-KS', months: 72 }] },
  { code: 'SKHCN-0047', name: 'Vũ Văn Hiếu', gender: 'male', dob: '1986-02-26', post: 'SKHCN-TTUD-KS', since: -110 },
  { code: 'SKHCN-0048', name: 'Nguyễn Thị Thúy', gender: 'female', dob: '1992-10-10', post: 'SKHCN-TTUD-KS', since: -50 },
  { code: 'SKHCN-0049', name: 'Trần Minh Hiển', gender: 'male', dob: '1996-05-31', post: 'SKHCN-TTUD-KS', since: -22 },
  { code: 'SKHCN-0050', name: 'Lê Văn Lộc', gender: 'male', dob: '1979-08-19', post: 'SKHCN-TTUD-HC', since: -84 },
  // ---- Phường Bà Rịa (from Thành phố Bà Rịa)
  { code: 'PBR-0001', name: 'Nguyễn Thành Lực', gender: 'male', dob: '1972-03-12', post: 'BR-KT-TP', since: '2021-01-19',
    reorgTo: 'PBR-KT-TP', before: [{ post: 'BR-KT-PTP', months: 60 }] },
  { code: 'PBR-0002', name: 'Trần Thị Bảo Ngọc', gender: 'female', dob: '1983-06-21', post: 'BR-KT-PTP', since: '2023-07-02',
    reorgTo: 'PBR-KT-PTP', before: [{ post: 'BR-KT-CV', months: 80 }] },
  { code: 'PBR-0003', name: 'Lê Văn Hòa', gender: 'male', dob: '1974-10-14', post: 'BR-KT-CV', since: -142,
    reorgTo: 'PBR-KT-CV' }, // overdue: the chain runs on through the reorganization
  { code: 'PBR-0004', name: 'Phạm Thị Kiều', gender: 'female', dob: '1985-01-26', post: 'BR-KT-CV', since: '2018-11-24',
    reorgTo: 'PBR-KT-CV' },
  { code: 'PBR-0005', name: 'Hoàng Gia Bảo', gender: 'male', dob: '1998-09-05', post: 'PBR-KT-CV', since: -12 },
  // ---- Xã Ngãi Giao (from Huyện Châu Đức, and one from Huyện Xuyên Mộc)
  { code: 'NG-0001', name: 'Võ Văn Tài', gender: 'male', dob: '1970-12-08', post: 'CD-KT-TP', since: -125,
    terms: [60], reorgTo: 'NG-KT-TP' }, // overdue
  { code: 'NG-0002', name: 'Đặng Thị Thu', gender: 'female', dob: '1980-05-17', post: 'CD-KT-PTP', since: '2022-09-01',
    reorgTo: 'NG-KT-PTP', before: [{ post: 'CD-KT-CV', months: 60 }] },
  { code: 'NG-0003', name: 'Bùi Quang Vinh', gender: 'male', dob: '1982-02-11', post: 'CD-KT-CV', since: '2020-03-12',
    reorgTo: 'NG-KT-CV' },
  { code: 'NG-0004', name: 'Đỗ Thị Ánh', gender: 'female', dob: '1990-07-29', post: 'CD-KT-CV', since: '2024-05-23',
    reorgTo: 'NG-KT-CV' },
  { code: 'NG-0005', name: 'Huỳnh Văn Lợi', gender: 'male', dob: '1987-04-03', post: 'XM-KT-CV', since: '2023-03-06',
    reorgTo: 'NG-KT-CV' },
  // ---- Xã Xuyên Mộc (from Huyện Xuyên Mộc)
  { code: 'XXM-0001', name: 'Ngô Thanh Tùng', gender: 'male', dob: '1975-06-30', post: 'XM-KT-TP', since: -115,
    reorgTo: 'XXM-KT-TP' }, // approaching
  { code: 'XXM-0002', name: 'Dương Thị Hằng', gender: 'female', dob: '1984-11-16', post: 'XXM-KT-PTP',
    since: REORGANIZATION_DATE, before: [{ post: 'XM-KT-CV', months: 100 }] }, // promoted at the merger: a new duty, a new chain
  { code: 'XXM-0003', name: 'Lý Minh Thông', gender: 'male', dob: '1992-08-23', post: 'XM-KT-CV', since: '2023-11-11',
    reorgTo: 'XXM-KT-CV' },
];

/** Annual ratings that differ from the default pattern: the cases the requirement rules are about. */
export const RATING_EXCEPTIONS: Record<string, Record<number, Rating>> = {
  'SKHCN-0027': { [-2]: 'unsatisfactory', [-1]: 'unsatisfactory' }, // two years running: dismissal review
  'SKHCN-0041': { [-3]: 'unsatisfactory', [-1]: 'unsatisfactory' }, // two of the last three years: lower position
  'SKHCN-0014': { [-1]: 'unsatisfactory' }, // latest year: not meeting requirements, and overdue as well
};

/** Officials scored monthly in the reference year (Decree 335/2025), with the level their scores move around. */
export const MONTHLY_SCORED: Record<string, number> = {
  'SKHCN-0008': 93,
  'SKHCN-0015': 86,
  'SKHCN-0028': 79,
  'SKHCN-0034': 66,
  'SKHCN-0047': 55,
};


export interface CircumstanceRow {
  code: string;
  type: CircumstanceType;
  /** It began this many months before the first day of the reference month... */
  monthsAgo: number;
  /** ...and lasts this many months (it ends the day before). */
  months: number;
  note: string;
}

/** One maternity and one long-training circumstance, both in force on the reference date. */
export const CIRCUMSTANCES: readonly CircumstanceRow[] = [
  // Raising a child under 36 months: from the birth until the day before the third birthday.
  { code: 'SKHCN-0035', type: 'maternity', monthsAgo: 10, months: 36, note: 'Nuôi con dưới 36 tháng tuổi' },
  { code: 'SKHCN-0043', type: 'long_training', monthsAgo: 8, months: 18, note: 'Học thạc sĩ tập trung 18 tháng' },
];
