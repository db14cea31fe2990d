/**
 * The demo data set behind `npm run seed`, and the loader that writes it THROUGH THE API, so every rule (overlap
 * 409s, scope, derived units and agencies), every audit record and every index is exercised exactly as a user
 * would exercise them.
 *
 * The tables below are fixed; only the recent part of each career is placed relative to the reference date
 * ("today"), so the mix of overdue / approaching / ok officials stays the same whenever the demo is loaded.
 * Dates are anchored to the first day of today's month, so every day of one month yields the same data set, and
 * each status keeps at least a month of margin from its threshold.
 *
 * Organisation: Thành phố Hồ Chí Minh, its Sở Khoa học và Công nghệ with seven offices, and three district economic
 * offices of the former Bà Rịa - Vũng Tàu that ceased on 2025-06-30 when the district level was abolished, each
 * succeeded on 2025-07-01 by an office of a new ward or commune. Names are synthetic.
 */
import { addDays, addMonths, compareDates } from '../../shared/domain/dates';
import { foldName } from '../../shared/domain/names';
import type {
  AssignmentKind,
  CircumstanceType,
  Gender,
  IsoDate,
  PositionCategory,
  Rating,
  UnitKind,
} from '../../shared/domain/types';
import type { UnitInput } from '../../shared/use-cases/manage-units';

/** The day the district level was abolished; district offices end the day before. */
export const REORGANIZATION_DATE = '2025-07-01';
const DISTRICT_LAST_DAY = '2025-06-30';

// ---------------------------------------------------------------------------------------------------------------
// Organisation

/** The body of POST /v1/units, with the fixed id that makes re-running the seed safe. */
export type SeedUnit = UnitInput & { id: string };

const MAIL = 'tphcm.example'; // RFC 2606 reserved TLD: the demo can never mail a real inbox.

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
  return { id, name, kind: 'commune', parentId: 'HCM', validFrom: REORGANIZATION_DATE, hrEmails: [`vanphong@${domain}.${MAIL}`] };
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
interface Earlier {
  post: string;
  months: number;
  gap?: number;
  kind?: AssignmentKind;
}

interface CareerRow {
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
const CAREERS: readonly CareerRow[] = [
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
const RATING_EXCEPTIONS: Record<string, Record<number, Rating>> = {
  'SKHCN-0027': { [-2]: 'unsatisfactory', [-1]: 'unsatisfactory' }, // two years running: dismissal review
  'SKHCN-0041': { [-3]: 'unsatisfactory', [-1]: 'unsatisfactory' }, // two of the last three years: lower position
  'SKHCN-0014': { [-1]: 'unsatisfactory' }, // latest year: not meeting requirements, and overdue as well
};

/** Officials scored monthly in the reference year (Decree 335/2025), with the level their scores move around. */
const MONTHLY_SCORED: Record<string, number> = {
  'SKHCN-0008': 93,
  'SKHCN-0015': 86,
  'SKHCN-0028': 79,
  'SKHCN-0034': 66,
  'SKHCN-0047': 55,
};

// ---------------------------------------------------------------------------------------------------------------
// The plan: everything the loader will send, computed from the tables and the reference date

export interface PlannedAssignment {
  id: string;
  positionId: string;
  startDate: IsoDate;
  endDate?: IsoDate;
  kind: AssignmentKind;
  decisionNo: string;
}

export interface PlannedCircumstance {
  id: string;
  type: CircumstanceType;
  from: IsoDate;
  to?: IsoDate;
  note: string;
}

export interface PlannedAssessment {
  period: string;
  body: { rating?: Rating; score?: number; assessedOn: IsoDate };
}

export interface PlannedOfficial {
  official: {
    id: string;
    employeeCode: string;
    fullName: string;
    gender: Gender;
    dateOfBirth: IsoDate;
    email: string;
    unitId: string;
  };
  assignments: PlannedAssignment[];
  circumstances: PlannedCircumstance[];
  assessments: PlannedAssessment[];
}

export interface SeedPlan {
  /** The reference date the careers are placed against. */
  today: IsoDate;
  units: readonly SeedUnit[];
  positions: readonly SeedPosition[];
  officials: PlannedOfficial[];
}

/** Thrown when the tables describe something impossible (a bad post id, a chain that starts in the future...). */
export class SeedDataError extends Error {
  override readonly name = 'SeedDataError';
}

/**
 * Everything the loader sends, derived from the fixed tables and `today` (YYYY-MM-DD). Pure and deterministic:
 * the same month gives the same plan.
 */
export function buildSeedPlan(today: IsoDate): SeedPlan {
  const monthStart = `${today.slice(0, 8)}01`;
  const positions = new Map(POSITIONS.map((p) => [p.id, p]));
  const units = new Map(UNITS.map((u) => [u.id, u]));
  const officials = CAREERS.map((row, index) => planOfficial(row, index, { today, monthStart, positions, units }));
  return { today, units: UNITS, positions: POSITIONS, officials };
}

interface PlanContext {
  today: IsoDate;
  monthStart: IsoDate;
  positions: Map<string, SeedPosition>;
  units: Map<string, SeedUnit>;
}

function planOfficial(row: CareerRow, index: number, ctx: PlanContext): PlannedOfficial {
  const post = (id: string) => {
    const p = ctx.positions.get(id);
    if (!p) throw new SeedDataError(`${row.code}: unknown position ${id}`);
    return p;
  };
  const agency = (positionId: string) => agencyOf(post(positionId).unitId, ctx.units);
  // Decisions take effect on varied days of the month; at most the 28th so no month-end clamping shifts a chain.
  const day = 1 + ((index * 11) % 28);
  const chainStart =
    typeof row.since === 'number'
      ? addDays(addMonths(ctx.monthStart, row.since), day - 1)
      : row.since;

  type Draft = Omit<PlannedAssignment, 'id' | 'decisionNo'>;
  const drafts: Draft[] = [];

  // Earlier posts, laid out backwards from the chain start.
  const earlier: Draft[] = [];
  let nextStart = chainStart;
  for (const e of [...(row.before ?? [])].reverse()) {
    post(e.post);
    const endDate = addDays(addMonths(nextStart, -(e.gap ?? 0)), -1);
    const startDate = addMonths(nextStart, -((e.gap ?? 0) + e.months));
    earlier.unshift({ positionId: e.post, startDate, endDate, kind: e.kind ?? 'appointment' });
    nextStart = startDate;
  }
  // `gap` is the pause after a post, so it decides the kind of the assignment that follows it.
  const gapAfter = (i: number) => (row.before ?? [])[i]?.gap ?? 0;
  earlier.forEach((a, i) => {
    if (i === 0 || row.before![i].kind) return;
    a.kind = followingKind(earlier[i - 1].positionId, post(a.positionId), gapAfter(i - 1), agency);
  });
  drafts.push(...earlier);

  const last = earlier.at(-1);
  const lastGap = gapAfter(earlier.length - 1);
  if (last && last.positionId === row.post && lastGap === 0)
    throw new SeedDataError(`${row.code}: the post before the chain is the same post without a gap`);
  const firstKind = row.kind ?? (last ? followingKind(last.positionId, post(row.post), lastGap, agency) : 'appointment');

  // The chain: terms renewed by reappointment, then the open one (or closed by the reorganization).
  let start = chainStart;
  const terms = row.terms ?? [];
  terms.forEach((months, i) => {
    const endDate = addDays(addMonths(start, months), -1);
    drafts.push({ positionId: row.post, startDate: start, endDate, kind: i === 0 ? firstKind : 'reappointment' });
    start = addDays(endDate, 1);
  });
  const openKind = terms.length === 0 ? firstKind : 'reappointment';
  if (row.reorgTo) {
    post(row.reorgTo);
    if (compareDates(start, DISTRICT_LAST_DAY) > 0)
      throw new SeedDataError(`${row.code}: the chain's last term starts after the district offices closed`);
    drafts.push({ positionId: row.post, startDate: start, endDate: DISTRICT_LAST_DAY, kind: openKind });
    drafts.push({ positionId: row.reorgTo, startDate: REORGANIZATION_DATE, kind: 'reorganization' });
  } else {
    drafts.push({ positionId: row.post, startDate: start, kind: openKind });
  }
  for (const d of drafts) {
    if (compareDates(d.startDate, ctx.today) > 0)
      throw new SeedDataError(`${row.code}: an assignment would start on ${d.startDate}, after ${ctx.today}`);
    const unit = ctx.units.get(post(d.positionId).unitId)!;
    if (unit.validFrom && compareDates(d.startDate, unit.validFrom) < 0)
      throw new SeedDataError(`${row.code}: ${d.positionId} from ${d.startDate}, before ${unit.id} existed`);
    if (unit.validTo && (!d.endDate || compareDates(d.endDate, unit.validTo) > 0))
      throw new SeedDataError(`${row.code}: ${d.positionId} held after ${unit.id} closed on ${unit.validTo}`);
  }

  const officialId = row.code;
  const currentPost = post(drafts.at(-1)!.positionId);
  const assignments = drafts.map((d, i) => ({
    ...d,
    id: `${officialId}-A${i + 1}`,
    decisionNo: decisionNo(index, i, d, ctx),
  }));
  return {
    official: {
      id: officialId,
      employeeCode: row.code,
      fullName: row.name,
      gender: row.gender,
      dateOfBirth: row.dob,
      email: `${foldName(row.name).replace(/ /g, '.')}@${mailDomain(currentPost.unitId, ctx.units)}`,
      unitId: currentPost.unitId,
    },
    assignments,
    circumstances: planCircumstances(officialId, ctx),
    assessments: planAssessments(row, index, assignments[0].startDate, ctx),
  };
}

/**
 * The kind of an assignment that follows another: back after a gap, or into a leadership post, is an appointment
 * (bổ nhiệm); otherwise a same-agency move is a rotation and a move between agencies a transfer.
 */
function followingKind(
  prevPost: string,
  nextPost: SeedPosition,
  gap: number,
  agency: (positionId: string) => string,
): AssignmentKind {
  if (prevPost === nextPost.id) return gap > 0 ? 'appointment' : 'reappointment';
  if (gap > 0 || nextPost.category === 'leadership') return 'appointment';
  return agency(prevPost) === agency(nextPost.id) ? 'rotation' : 'transfer';
}

/** The unit directly below the province (same rule as the API's agencyOf). */
function agencyOf(unitId: string, units: Map<string, SeedUnit>): string {
  let unit = units.get(unitId)!;
  while (unit.parentId && units.get(unit.parentId)!.kind !== 'province') unit = units.get(unit.parentId)!;
  return unit.id;
}

function mailDomain(unitId: string, units: Map<string, SeedUnit>): string {
  const agency = agencyOf(unitId, units);
  return agency === 'SKHCN' ? `skhcn.${MAIL}` : `${agency.toLowerCase()}.${MAIL}`;
}

/**
 * Decision numbers like `137/QĐ-SKHCN`: the Sở's own posts are decided by its director, its directors and the
 * district and commune posts by the People's Committee (UBND) that appoints them.
 */
function decisionNo(row: number, step: number, a: Omit<PlannedAssignment, 'id' | 'decisionNo'>, ctx: PlanContext): string {
  const number = 1 + ((row * 37 + step * 101) % 950);
  const position = ctx.positions.get(a.positionId)!;
  const issuer = position.unitId !== 'SKHCN' && agencyOf(position.unitId, ctx.units) === 'SKHCN' ? 'SKHCN' : 'UBND';
  return `${number}/QĐ-${issuer}`;
}

/** One maternity and one long-training circumstance, both in force on the reference date. */
function planCircumstances(officialId: string, ctx: PlanContext): PlannedCircumstance[] {
  if (officialId === 'SKHCN-0035') {
    const from = addMonths(ctx.monthStart, -10);
    return [
      {
        id: `${officialId}-C1`,
        type: 'maternity',
        from,
        // Raising a child under 36 months: from the birth until the day before the third birthday.
        to: addDays(addMonths(from, 36), -1),
        note: 'Nuôi con dưới 36 tháng tuổi',
      },
    ];
  }
  if (officialId === 'SKHCN-0043') {
    const from = addMonths(ctx.monthStart, -8);
    return [
      {
        id: `${officialId}-C1`,
        type: 'long_training',
        from,
        to: addDays(addMonths(from, 18), -1),
        note: 'Học thạc sĩ tập trung 18 tháng',
      },
    ];
  }
  return [];
}

/**
 * Annual ratings for the three years before the reference year, for officials who had started by mid-year (a
 * rating needs six months' work); a few excellent ones in the Sở, kept under its 20% quota; the exceptions above.
 * Monthly scores for the reference year's finished months for a few officials.
 */
function planAssessments(row: CareerRow, index: number, firstStart: IsoDate, ctx: PlanContext): PlannedAssessment[] {
  const year = Number(ctx.today.slice(0, 4));
  const inSo = row.code.startsWith('SKHCN-');
  const out: PlannedAssessment[] = [];
  for (const back of [-3, -2, -1]) {
    const y = year + back;
    if (compareDates(firstStart, `${y}-06-30`) > 0) continue;
    const rating: Rating =
      RATING_EXCEPTIONS[row.code]?.[back] ??
      (inSo && (index + y) % 8 === 0 ? 'excellent' : (index * 3 + y) % 11 === 0 ? 'satisfactory' : 'good');
    out.push({ period: String(y), body: { rating, assessedOn: `${y}-12-15` } });
  }
  const level = MONTHLY_SCORED[row.code];
  if (level !== undefined) {
    const thisMonth = Number(ctx.today.slice(5, 7));
    for (let m = 1; m < thisMonth; m++) {
      const month = `${year}-${String(m).padStart(2, '0')}`;
      const score = level + ((m * 7 + index) % 5) - 2;
      out.push({ period: month, body: { score, assessedOn: addDays(addMonths(`${month}-01`, 1), 4) } });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The loader

export type SeedRole = 'admin' | 'hr';

/** One API call: JSON body in, status and parsed JSON body out. Tokens for the role are the caller's business. */
export type SeedCall = (
  method: string,
  path: string,
  body: unknown,
  role: SeedRole,
) => Promise<{ status: number; body: any }>;

export interface Tally {
  created: number;
  skipped: number;
}

export interface SeedReport {
  today: IsoDate;
  units: Tally;
  positions: Tally;
  officials: Tally;
  assignments: Tally;
  /** `undefined` when the API has no such endpoint yet (nothing was sent). */
  circumstances?: Tally;
  assessments?: Tally;
  flags: {
    overdue: number;
    approaching: number;
    /** Overdue on a periodic-rotation period (PERIODIC_ROTATION_DUE). */
    periodicRotationDue: number;
    /** Flagged officials with a NOT_MEETING_REQUIREMENTS reason. */
    notMeetingRequirements: number;
    /** Flagged officials with at least one exemption. */
    exempt: number;
  };
}

/** An answer the loader did not expect; carries the problem the API returned. */
export class SeedCallError extends Error {
  override readonly name = 'SeedCallError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly problem: unknown,
  ) {
    const detail = (problem as { detail?: string } | undefined)?.detail ?? JSON.stringify(problem);
    super(`${method} ${path} answered ${status}: ${detail}`);
  }
}

/** 409 codes that mean "this client-chosen id is already there", i.e. an earlier seed run wrote it. */
const ALREADY_THERE = new Set([
  'UNIT_EXISTS',
  'POSITION_EXISTS',
  'OFFICIAL_EXISTS',
  'ASSIGNMENT_EXISTS',
  'CIRCUMSTANCE_EXISTS',
  'ASSESSMENT_EXISTS',
]);
/** Officials are loaded this many at a time; each official's own history is written in order. */
const CONCURRENCY = 8;

/**
 * Loads the plan through the API. Re-running creates nothing twice: every resource has a fixed id, and a 409
 * saying it already exists counts as skipped. Circumstances and assessments are sent only when the API's OpenAPI
 * document lists their endpoints.
 */
export async function seedThrough(
  call: SeedCall,
  options: { today: IsoDate; log?: (line: string) => void },
): Promise<SeedReport> {
  const plan = buildSeedPlan(options.today);
  const log = options.log ?? (() => {});
  const features = await availableFeatures(call);
  const tally = () => ({ created: 0, skipped: 0 });
  const report: Omit<SeedReport, 'flags'> = {
    today: plan.today,
    units: tally(),
    positions: tally(),
    officials: tally(),
    assignments: tally(),
    circumstances: features.circumstances ? tally() : undefined,
    assessments: features.assessments ? tally() : undefined,
  };

  for (const unit of plan.units)
    await write(call, report.units, { role: 'admin', path: '/v1/units', body: unit });
  log(`units: ${report.units.created} created, ${report.units.skipped} skipped`);
  for (const position of plan.positions)
    await write(call, report.positions, { role: 'admin', path: '/v1/positions', body: position });
  log(`positions: ${report.positions.created} created, ${report.positions.skipped} skipped`);

  const loadOfficial = async (o: PlannedOfficial) => {
    const base = `/v1/officials/${o.official.id}`;
    await write(call, report.officials, { role: 'hr', path: '/v1/officials', body: o.official });
    // In date order: each earlier assignment already carries its end date, so none overlaps the next.
    for (const a of o.assignments) await write(call, report.assignments, { role: 'hr', path: `${base}/assignments`, body: a });
    if (report.circumstances)
      for (const c of o.circumstances)
        await write(call, report.circumstances, { role: 'hr', path: `${base}/circumstances`, body: c });
    if (report.assessments)
      for (const a of o.assessments) {
        const path = `${base}/assessments/${a.period}`;
        await write(call, report.assessments, { role: 'hr', method: 'PUT', path, body: a.body });
      }
  };
  // On the first failure the queue is emptied and the other workers finish their current official, so nothing is
  // still writing when the caller stops the database.
  const queue = [...plan.officials];
  const results = await Promise.allSettled(
    Array.from({ length: CONCURRENCY }, async () => {
      try {
        for (let o = queue.shift(); o; o = queue.shift()) await loadOfficial(o);
      } catch (error) {
        queue.length = 0;
        throw error;
      }
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  log(`officials: ${report.officials.created} created, ${report.officials.skipped} skipped`);

  return { ...report, flags: await flagSummary(call, plan.today) };
}

/** One create, counted as created or skipped: a 409 naming an existing id is "already there". */
async function write(
  call: SeedCall,
  tally: Tally,
  request: { role: SeedRole; method?: string; path: string; body: unknown },
): Promise<void> {
  const { role, method = 'POST', path, body } = request;
  const res = await call(method, path, body, role);
  if (res.status === 200 || res.status === 201) {
    tally.created++;
    return;
  }
  const code = (res.body as { code?: string } | undefined)?.code;
  if (res.status === 409 && code !== undefined && ALREADY_THERE.has(code)) {
    tally.skipped++;
    return;
  }
  throw new SeedCallError(method, path, res.status, res.body);
}

async function availableFeatures(call: SeedCall): Promise<{ circumstances: boolean; assessments: boolean }> {
  const res = await call('GET', '/v1/openapi.json', undefined, 'hr');
  if (res.status !== 200) throw new SeedCallError('GET', '/v1/openapi.json', res.status, res.body);
  const paths = Object.keys((res.body as { paths?: Record<string, unknown> }).paths ?? {});
  return {
    circumstances: paths.some((p) => /^\/v1\/officials\/\{[^}]+\}\/circumstances$/.test(p)),
    assessments: paths.some((p) => /^\/v1\/officials\/\{[^}]+\}\/assessments\/\{[^}]+\}$/.test(p)),
  };
}

interface FlagItem {
  officialId: string;
  status: 'ok' | 'approaching' | 'overdue';
  reasons: { code: string }[];
  exemptions: unknown[];
}

/** Counts from GET /v1/tenure/flags as of the reference date, read page by page. */
async function flagSummary(call: SeedCall, asOf: IsoDate): Promise<SeedReport['flags']> {
  const items: FlagItem[] = [];
  let cursor: string | undefined;
  do {
    const query = `asOf=${asOf}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await call('GET', `/v1/tenure/flags?${query}`, undefined, 'hr');
    if (res.status !== 200) throw new SeedCallError('GET', '/v1/tenure/flags', res.status, res.body);
    items.push(...(res.body.items as FlagItem[]));
    cursor = res.body.nextCursor;
  } while (cursor);
  const has = (f: FlagItem, code: string) => f.reasons.some((r) => r.code === code);
  return {
    overdue: items.filter((f) => f.status === 'overdue').length,
    approaching: items.filter((f) => f.status === 'approaching').length,
    periodicRotationDue: items.filter((f) => has(f, 'PERIODIC_ROTATION_DUE')).length,
    notMeetingRequirements: items.filter((f) => has(f, 'NOT_MEETING_REQUIREMENTS')).length,
    exempt: items.filter((f) => f.exemptions.length > 0).length,
  };
}

/** The closing summary, Vietnamese first. */
export function formatSummary(report: SeedReport, target: string): string {
  const t = (x: Tally | undefined) =>
    x ? `${x.created} tạo mới / created, ${x.skipped} đã có / skipped` : 'bỏ qua: API chưa có / skipped: endpoint not available';
  const f = report.flags;
  return [
    `Đã nạp dữ liệu mẫu / Demo data loaded (${target})`,
    `  Đơn vị / units:                      ${t(report.units)}`,
    `  Vị trí việc làm / positions:         ${t(report.positions)}`,
    `  Công chức / officials:               ${t(report.officials)}`,
    `  Quá trình công tác / assignments:    ${t(report.assignments)}`,
    `  Hoàn cảnh / circumstances:           ${t(report.circumstances)}`,
    `  Đánh giá / assessments:              ${t(report.assessments)}`,
    `Cảnh báo tính đến / flags as of ${report.today} (GET /v1/tenure/flags):`,
    `  Quá hạn / overdue:                   ${f.overdue} (định kỳ chuyển đổi / periodic rotation due: ${f.periodicRotationDue})`,
    `  Sắp đến hạn / approaching:           ${f.approaching}`,
    `  Không hoàn thành nhiệm vụ / not meeting requirements: ${f.notMeetingRequirements}`,
    `  Có lý do miễn, hoãn / exempt:        ${f.exempt}`,
  ].join('\n');
}
