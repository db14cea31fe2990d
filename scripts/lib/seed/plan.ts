/**
 * The seed plan: everything `npm run seed` sends, computed from the tables in ./data.ts and a reference date. Pure
 * and deterministic: the same month gives the same plan. Impossible tables (an unknown post, a chain that starts
 * in the future, a post held in a unit that no longer exists) fail here, before anything is sent.
 */
import { addDays, addMonths, compareDates } from '../../../shared/domain/dates';
import { foldName } from '../../../shared/domain/names';
import type { AssignmentKind, CircumstanceType, Gender, IsoDate, Rating } from '../../../shared/domain/types';
import {
  CAREERS,
  CIRCUMSTANCES,
  DISTRICT_LAST_DAY,
  MAIL,
  MONTHLY_SCORED,
  POSITIONS,
  RATING_EXCEPTIONS,
  REORGANIZATION_DATE,
  UNITS,
  type CareerRow,
  type SeedPosition,
  type SeedUnit,
} from './data';

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

/** The circumstances of CIRCUMSTANCES that belong to this official, placed against the reference month. */
function planCircumstances(officialId: string, ctx: PlanContext): PlannedCircumstance[] {
  return CIRCUMSTANCES.filter((c) => c.code === officialId).map((c, i) => {
    const from = addMonths(ctx.monthStart, -c.monthsAgo);
    return { id: `${officialId}-C${i + 1}`, type: c.type, from, to: addDays(addMonths(from, c.months), -1), note: c.note };
  });
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
