/**
 * A synthetic country slice for the national-scale figures: one province of agencies (departments) with four offices
 * and twenty posts each, and N officials with assignment histories, written straight to the table as fully formed
 * aggregates (shared/adapters/dynamo/bulk-load.ts: the stores' own item builders, no API round trips), so that
 * 100,000 officials load in minutes.
 *
 * Who is flagged as of AS_OF is fixed by construction (10-year limit, 6-month warning, no periodic-rotation post):
 *  - i % 100 in {0, 1}    overdue: the current chain started 2012-2016 (due 2022-2026, before AS_OF); every other
 *                         one of them was reappointed to the same post in 2019, which continues the chain;
 *  - i % 100 in {2, 3, 4} approaching: the chain started 2016-07-04 .. 2016-11-30 (due within the warning window);
 *  - otherwise ok:        the chain started 2017-02-01 or later.
 * About half of the officials also held an earlier post in another office, ended more than a month before the current
 * one began (a gap restarts the chain). That is 2% overdue and 3% approaching: 5% of the staff flagged.
 *
 * The measured agency Q has a fixed size whatever N is, so the flag query it runs returns the same number of flags at
 * every N; the rest of N fills agencies of AGENCY_SIZE officials (1,000 agencies at N = 100,000).
 */
import { createBulkLoader } from '../../shared/adapters/dynamo/bulk-load';
import type { DynamoClient } from '../../shared/adapters/dynamo/client';
import { addDays } from '../../shared/domain/dates';
import type { Assignment, Gender, IsoDate, Official, Position, Unit } from '../../shared/domain/types';
import type { AggregateWrite } from '../../shared/ports';
import { stampStatus } from '../../shared/use-cases/mail-stamp';
import { buildStatus } from '../../shared/use-cases/official-aggregate';
import { AS_OF } from './dataset';

export const NATION_PROVINCE = 'NAT';
export const MEASURED_AGENCY = 'NAT-Q';
/** Officials of the measured agency: 5% flagged, so 100 flags at every N. */
export const MEASURED_SIZE = 2000;
export const AGENCY_SIZE = 100;
const OFFICES = 4;
const POSTS = [
  { title: 'Trưởng phòng', category: 'leadership' },
  { title: 'Chuyên viên tổng hợp', category: 'specialist' },
  { title: 'Chuyên viên pháp chế', category: 'specialist' },
  { title: 'Chuyên viên kế hoạch', category: 'specialist' },
  { title: 'Văn thư', category: 'support' },
] as const;
const STAMP = `${AS_OF}T02:00:00.000Z`;
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Hữu', 'Minh', 'Thanh', 'Ngọc', 'Quốc'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Khánh', 'Lan', 'Long', 'Mai', 'Nam', 'Phúc', 'Tâm', 'Vy'];

export interface NationPlan {
  officials: number;
  agencies: string[];
  units: number;
  /** Flagged by construction in the measured agency, and in the whole country. */
  measuredFlagged: number;
  flagged: number;
  /** An official of the measured agency with a chain (the tenure endpoint's subject). */
  sampleOfficialIds: string[];
}

export type Expectation = 'overdue' | 'approaching' | 'ok';

export function expectationOf(i: number): Expectation {
  const r = i % 100;
  if (r < 2) return 'overdue';
  if (r < 5) return 'approaching';
  return 'ok';
}

/** Agency ids and sizes for N officials: the measured agency first. */
export function agencySizes(n: number, measuredSize = MEASURED_SIZE): { id: string; size: number }[] {
  const measured = Math.min(measuredSize, n);
  const rest = n - measured;
  const sizes = [{ id: MEASURED_AGENCY, size: measured }];
  const count = Math.ceil(rest / AGENCY_SIZE);
  for (let a = 0; a < count; a++)
    sizes.push({ id: `NAT-A${String(a).padStart(4, '0')}`, size: Math.min(AGENCY_SIZE, rest - a * AGENCY_SIZE) });
  return sizes;
}

const stored = { version: 1, createdAt: STAMP, updatedAt: STAMP };

/** A unit; `mail` its HR and leadership addresses (none by default: its HR mail then goes to the nearest ancestor's). */
function unit(id: string, name: string, kind: Unit['kind'], parent?: Unit, mail: { hr?: string[]; leaders?: string[] } = {}): Unit {
  return {
    id,
    name,
    kind,
    parentId: parent?.id,
    hrEmails: mail.hr ?? [],
    leaderEmails: mail.leaders ?? [],
    ancestors: parent ? [...parent.ancestors, parent.id] : [],
    agencyId: parent && parent.kind !== 'province' ? parent.agencyId : id,
    ...stored,
  };
}

/**
 * Addresses as a province's agencies keep them: each agency's personnel office (tổ chức cán bộ) and its director on
 * the agency, and in every other agency the first office's own HR address; the other offices have none, so their
 * mail goes to the agency's (the alert run then reads the office and, for those, the agency).
 */
function agencyMail(id: string) {
  const domain = `${id.toLowerCase()}.nat.gov.vn`;
  return { hr: [`tccb@${domain}`], leaders: [`giamdoc@${domain}`] };
}
function officeMail(agencyIndex: number, agencyId: string, office: number) {
  return agencyIndex % 2 === 0 && office === 1 ? { hr: [`vanphong@${agencyId.toLowerCase()}.nat.gov.vn`] } : {};
}

/** The history of official i: an optional earlier post, then the current chain. */
function history(i: number, posts: Position[]): { start: IsoDate; steps: { post: Position; start: IsoDate; end?: IsoDate; kind: Assignment['kind'] }[] } {
  const post = posts[i % posts.length];
  const cohort = Math.floor(i / 100);
  let start: IsoDate;
  switch (expectationOf(i)) {
    case 'overdue':
      start = addDays('2012-01-02', (cohort * 53 + i) % 1600);
      break;
    case 'approaching':
      start = addDays('2016-07-04', (cohort * 7 + i) % 140);
      break;
    default:
      start = addDays('2017-02-01', (i * 37) % 3300);
  }
  const steps: { post: Position; start: IsoDate; end?: IsoDate; kind: Assignment['kind'] }[] = [];
  if (i % 2 === 1) {
    const earlier = posts[(i + 7) % posts.length];
    steps.push({ post: earlier, start: addDays(start, -(1500 + (i % 900))), end: addDays(start, -40), kind: 'appointment' });
  }
  if (expectationOf(i) === 'overdue' && i % 4 === 0) {
    // Reappointed to the same post in 2019: the chain continues from `start`.
    const again = '2019-03-01';
    steps.push({ post, start, end: addDays(again, -1), kind: 'appointment' });
    steps.push({ post, start: again, kind: 'reappointment' });
  } else steps.push({ post, start, kind: steps.length ? 'transfer' : 'appointment' });
  return { start, steps };
}

/**
 * Writes the country to the table: units, positions (with their holder counts), and each official's aggregate
 * (official, assignments, status with its index entries and mail stamp, employee-code claim). No audit records: no
 * measured read touches them, and they would double the load time.
 */
export async function loadNation(
  client: DynamoClient,
  tableName: string,
  n: number,
  progress: (message: string) => void,
  measuredSize = MEASURED_SIZE,
): Promise<NationPlan & { items: number; seconds: number }> {
  const started = performance.now();
  const loader = createBulkLoader(client, tableName, 8);
  const province = unit(NATION_PROVINCE, 'Tỉnh thử nghiệm quy mô quốc gia', 'province');
  const units: Unit[] = [province];
  const positions: Position[] = [];
  const writes: AggregateWrite[] = [];
  const plan: NationPlan = { officials: n, agencies: [], units: 0, measuredFlagged: 0, flagged: 0, sampleOfficialIds: [] };
  let items = 0;
  let written = 0;
  const flush = async () => {
    items += await loader.putAggregates(writes.splice(0));
  };
  const sizes = agencySizes(n, measuredSize);
  // Positions first (with the holder counts of the officials below), units with them.
  const perAgency: { agency: Unit; posts: Position[]; size: number }[] = [];
  for (const [index, { id, size }] of sizes.entries()) {
    const agency = unit(id, `Sở ${id}`, 'department', province, agencyMail(id));
    units.push(agency);
    const posts: Position[] = [];
    for (let o = 1; o <= OFFICES; o++) {
      const office = unit(`${id}-U${o}`, `Phòng ${o} (${id})`, 'office', agency, officeMail(index, id, o));
      units.push(office);
      POSTS.forEach((p, k) =>
        posts.push({
          id: `${office.id}-P${k + 1}`,
          unitId: office.id,
          title: p.title,
          category: p.category,
          headcount: 1000,
          holders: 0,
          unitPath: [...office.ancestors, office.id],
          agencyId: office.agencyId,
          ...stored,
        }),
      );
    }
    positions.push(...posts);
    perAgency.push({ agency, posts, size });
    plan.agencies.push(id);
  }
  // Status items carry the mail stamp of their unit, as the app's writes leave them (shared/use-cases/mail-stamp.ts).
  const unitsById = new Map(units.map((u) => [u.id, u]));
  for (const { agency, posts, size } of perAgency) {
    for (let i = 0; i < size; i++) {
      const id = `${agency.id}-O${String(i).padStart(5, '0')}`;
      const { steps } = history(i, posts);
      const current = steps[steps.length - 1].post;
      current.holders++;
      const official: Official = {
        id,
        employeeCode: id,
        fullName: `${FAMILY[i % FAMILY.length]} ${genderOf(i) === 'female' ? 'Thị' : MIDDLE[i % MIDDLE.length]} ${GIVEN[(i * 7) % GIVEN.length]}`,
        gender: genderOf(i),
        // Born 1975-1995: nobody has retired by AS_OF, so the flagged count is exactly the constructed one.
        dateOfBirth: addDays('1975-01-01', (i * 131) % 7300),
        unitId: current.unitId,
        unitPath: current.unitPath,
        agencyId: agency.id,
        ...stored,
      };
      const assignments: Assignment[] = steps.map((s, k) => ({
        id: `${id}-A${k + 1}`,
        officialId: id,
        positionId: s.post.id,
        unitId: s.post.unitId,
        startDate: s.start,
        endDate: s.end,
        kind: s.kind,
        decisionNo: `${100 + (i % 900)}/QĐ-${agency.id}`,
        primary: true,
        ...stored,
      }));
      const built = buildStatus({
        official,
        assignments,
        positions: new Map(steps.map((s) => [s.post.id, s.post])),
        circumstances: [],
        assessments: [],
        rev: 1 + assignments.length,
        today: AS_OF,
      });
      const status = stampStatus(built, unitsById);
      writes.push({
        officialId: id,
        expectedRev: 0,
        status,
        official: { item: official, create: true },
        assignments: assignments.map((item) => ({ item, create: true })),
        claimEmployeeCode: id,
        audit: [],
      });
      if (expectationOf(i) !== 'ok') {
        plan.flagged++;
        if (agency.id === MEASURED_AGENCY) plan.measuredFlagged++;
      }
      if (agency.id === MEASURED_AGENCY && plan.sampleOfficialIds.length < 1000) plan.sampleOfficialIds.push(id);
      if (writes.length >= 2000) {
        await flush();
        written += 2000;
        if (written % 20000 === 0) progress(`seeded ${written} of ${n} officials`);
      }
    }
  }
  await flush();
  await loader.putUnits(units);
  await loader.putPositions(positions);
  items += units.length + positions.length;
  plan.units = units.length;
  return { ...plan, items, seconds: (performance.now() - started) / 1000 };
}

function genderOf(i: number): Gender {
  return i % 2 === 0 ? 'male' : 'female';
}
