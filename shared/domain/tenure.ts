/**
 * Tenure in one duty (docs/rules.md, "Tenure in one duty", "Tenure limit", "Periodic rotation").
 *
 * Tenure is counted from the start of the official's current continuous chain of primary assignments. The limit is
 * 10 years (Directive 10/CT-UBND clause 1a) unless a non-leadership post carries a shorter periodic-rotation period
 * (Law on Anti-corruption 2018 art. 25; Decree 59/2019/NĐ-CP art. 36).
 */
import { addDays, addMonths, compareDates, diffYearsMonthsDays, formatDateVi, fullMonthsBetween } from './dates';
import { RuleViolationError } from './errors';
import type {
  AssignmentKind,
  IsoDate,
  PositionCategory,
  Reason,
  Tenure,
  TenureStatus,
} from './types';

/** The parts of an assignment the tenure rules read. */
export interface AssignmentFact {
  id: string;
  positionId: string;
  startDate: IsoDate;
  endDate?: IsoDate;
  kind: AssignmentKind;
  primary: boolean;
}

/** The parts of a position the tenure rules read. */
export interface PositionFact {
  id: string;
  unitId: string;
  title: string;
  category: PositionCategory;
  rotationPeriodMonths?: number;
}

/**
 * The periodic-rotation period a sensitive post may carry, in months: 2 to 5 years (Decree 59/2019/NĐ-CP art. 36).
 */
export const ROTATION_PERIOD_MONTHS = { min: 24, max: 60 } as const;

/** Throws 422 unless `months` is a whole number of months within the periodic-rotation bounds. */
export function checkRotationPeriod(months: number): void {
  const { min, max } = ROTATION_PERIOD_MONTHS;
  if (!Number.isInteger(months) || months < min || months > max)
    throw new RuleViolationError(
      'ROTATION_PERIOD_OUT_OF_RANGE',
      `Thời hạn định kỳ chuyển đổi vị trí công tác phải từ ${min} đến ${max} tháng (Nghị định 59/2019/NĐ-CP điều 36), ` +
        `không phải ${months} / The rotation period must be ${min}-${max} months`,
      [{ path: 'rotationPeriodMonths', message: `Must be a whole number from ${min} to ${max}` }],
    );
}

/** Ten years in one duty (Directive 10/CT-UBND clause 1a). */
export const DEFAULT_LIMIT_MONTHS = 120;
/** An official is "approaching" this many months before the due date unless configured otherwise. */
export const DEFAULT_WARN_MONTHS = 6;

export const TENURE_LIMIT_RULE = 'Chỉ thị 10/CT-UBND, mục 1a';
export const PERIODIC_ROTATION_RULE = 'Luật Phòng, chống tham nhũng 2018, Điều 25; Nghị định 59/2019/NĐ-CP, Điều 36';

export type TenureLimitCode = 'TENURE_OVER_LIMIT' | 'PERIODIC_ROTATION_DUE';

/** The code of the "approaching" reason that goes with each limit code. */
export const APPROACHING_CODES: Record<TenureLimitCode, 'TENURE_APPROACHING_LIMIT' | 'PERIODIC_ROTATION_APPROACHING'> =
  {
    TENURE_OVER_LIMIT: 'TENURE_APPROACHING_LIMIT',
    PERIODIC_ROTATION_DUE: 'PERIODIC_ROTATION_APPROACHING',
  };

/** A chain: the assignment in force and the day its continuous run of the same duty began. */
export interface Chain {
  current: AssignmentFact;
  chainStart: IsoDate;
}

/** Primary assignments by start date; the id breaks ties so the order never depends on input order. */
function sortedPrimaries(assignments: AssignmentFact[]): AssignmentFact[] {
  return assignments
    .filter((a) => a.primary)
    .sort((a, b) => compareDates(a.startDate, b.startDate) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * True when `next` continues the duty held under `prev`: it starts no later than the day after `prev` ended, and it
 * is the same position or a reorganization (same duty under a new unit or position id after a merger).
 * A `prev` without an end date never ended, so it leaves no gap.
 */
function continues(prev: AssignmentFact, next: AssignmentFact): boolean {
  const noGap = prev.endDate === undefined || compareDates(next.startDate, addDays(prev.endDate, 1)) <= 0;
  return noGap && (next.positionId === prev.positionId || next.kind === 'reorganization');
}

/** Walks back from `sorted[index]` while each predecessor continues into its successor. */
function chainFrom(sorted: AssignmentFact[], index: number): Chain {
  let start = index;
  while (start > 0 && continues(sorted[start - 1], sorted[start])) start -= 1;
  return { current: sorted[index], chainStart: sorted[start].startDate };
}

/**
 * The primary assignment held on `asOf` and the start of its continuous chain, or undefined when none is held.
 * Only primary assignments count. If bad data makes two primaries overlap `asOf`, the later-starting one is current.
 */
export function findChain(assignments: AssignmentFact[], asOf: IsoDate): Chain | undefined {
  const sorted = sortedPrimaries(assignments);
  for (let i = sorted.length - 1; i >= 0; i -= 1) {
    const a = sorted[i];
    const held =
      compareDates(a.startDate, asOf) <= 0 && (a.endDate === undefined || compareDates(a.endDate, asOf) >= 0);
    if (held) return chainFrom(sorted, i);
  }
  return undefined;
}

/**
 * The chain ending at the official's latest primary assignment (by startDate), whatever `asOf`; undefined if the
 * official has no primary assignment. Used where the last known duty matters even after it ended.
 */
export function latestChain(assignments: AssignmentFact[]): Chain | undefined {
  const sorted = sortedPrimaries(assignments);
  return sorted.length === 0 ? undefined : chainFrom(sorted, sorted.length - 1);
}

/**
 * Limit and reason for a position: leadership posts, and posts without rotationPeriodMonths, get 120 months and
 * code TENURE_OVER_LIMIT (rule "Chỉ thị 10/CT-UBND, mục 1a"); a non-leadership post with rotationPeriodMonths gets that
 * period and code PERIODIC_ROTATION_DUE (rule "Luật Phòng, chống tham nhũng 2018, Điều 25; Nghị định 59/2019/NĐ-CP, Điều 36").
 * A rotation period of 120 months or more is no shorter than the Directive's limit, so the Directive applies.
 */
export function tenureLimit(position: PositionFact): { months: number; code: TenureLimitCode; rule: string } {
  const period = position.rotationPeriodMonths;
  if (
    position.category !== 'leadership' &&
    period !== undefined &&
    Number.isInteger(period) &&
    period > 0 &&
    period < DEFAULT_LIMIT_MONTHS
  ) {
    return { months: period, code: 'PERIODIC_ROTATION_DUE', rule: PERIODIC_ROTATION_RULE };
  }
  return { months: DEFAULT_LIMIT_MONTHS, code: 'TENURE_OVER_LIMIT', rule: TENURE_LIMIT_RULE };
}

/** The day the limit is reached: `chainStart` plus `limitMonths` calendar months (2016-02-29 + 120 = 2026-02-28). */
export function dueDateFor(chainStart: IsoDate, limitMonths: number): IsoDate {
  return addMonths(chainStart, limitMonths);
}

/**
 * `overdue` when asOf >= dueDate; `approaching` when asOf >= addMonths(dueDate, -warnMonths); else `ok`.
 * With due date 2021-08-16 and 6 warning months: approaching from 2021-02-16, overdue from 2021-08-16.
 */
export function tenureStatus(asOf: IsoDate, dueDate: IsoDate, warnMonths: number = DEFAULT_WARN_MONTHS): TenureStatus {
  if (compareDates(asOf, dueDate) >= 0) return 'overdue';
  if (compareDates(asOf, addMonths(dueDate, -warnMonths)) >= 0) return 'approaching';
  return 'ok';
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * English duration of completed years and months, e.g. "10 years 4 months", "1 year", "7 months"; a zero part is
 * dropped, and "0 months" is said only when both parts are zero.
 */
export function formatYearsMonths(years: number, months: number): string {
  const parts: string[] = [];
  if (years > 0) parts.push(plural(years, 'year'));
  if (months > 0 || years === 0) parts.push(plural(months, 'month'));
  return parts.join(' ');
}

/**
 * Vietnamese duration of completed years and months, e.g. "10 năm 4 tháng", "1 năm", "7 tháng" (Vietnamese has no
 * plural); a zero part is dropped, and "0 tháng" is said only when both parts are zero.
 */
export function formatYearsMonthsVi(years: number, months: number): string {
  const parts: string[] = [];
  if (years > 0) parts.push(`${years} năm`);
  if (months > 0 || years === 0) parts.push(`${months} tháng`);
  return parts.join(' ');
}

/**
 * Full tenure of one official as of a date, with reasons. `exemptions` is [] here (the caller adds them).
 * Each reason's detail is read by an HR officer, so it is Vietnamese first (dates dd/mm/yyyy) with the English in
 * parentheses: "10 năm 4 tháng ở vị trí Phó Chánh Văn phòng (10 years 4 months in Phó Chánh Văn phòng)" when
 * overdue, "Đến hạn 16/08/2021; 9 năm 6 tháng ở vị trí Phó Chánh Văn phòng (due 2021-08-16; 9 years 6 months in
 * Phó Chánh Văn phòng)" when approaching.
 * Throws when the current assignment's position is missing from `positions`: the caller must load it.
 */
export function computeTenure(input: {
  officialId: string;
  asOf: IsoDate;
  assignments: AssignmentFact[];
  positions: ReadonlyMap<string, PositionFact>;
  warnMonths?: number;
}): Tenure {
  const { officialId, asOf, assignments, positions } = input;
  const warnMonths = input.warnMonths ?? DEFAULT_WARN_MONTHS;
  const chain = findChain(assignments, asOf);
  if (!chain) {
    return {
      officialId,
      positionId: null,
      unitId: null,
      chainStart: null,
      dueDate: null,
      limitMonths: null,
      years: 0,
      status: 'ok',
      reasons: [],
      exemptions: [],
    };
  }

  const position = positions.get(chain.current.positionId);
  if (!position) {
    throw new Error(
      `computeTenure: position '${chain.current.positionId}' of assignment '${chain.current.id}' was not loaded`,
    );
  }
  const limit = tenureLimit(position);
  const dueDate = dueDateFor(chain.chainStart, limit.months);
  const status = tenureStatus(asOf, dueDate, warnMonths);
  // months * 100 is an exact integer, so dividing once and flooring cannot land on x.99999 by rounding error.
  const years = Math.floor((fullMonthsBetween(chain.chainStart, asOf) * 100) / 12) / 100;

  const held = diffYearsMonthsDays(chain.chainStart, asOf);
  const inPostVi = `${formatYearsMonthsVi(held.years, held.months)} ở vị trí ${position.title}`;
  const inPostEn = `${formatYearsMonths(held.years, held.months)} in ${position.title}`;
  const reasons: Reason[] = [];
  if (status === 'overdue') {
    reasons.push({ code: limit.code, rule: limit.rule, detail: `${inPostVi} (${inPostEn})` });
  } else if (status === 'approaching') {
    reasons.push({
      code: APPROACHING_CODES[limit.code],
      rule: limit.rule,
      detail: `Đến hạn ${formatDateVi(dueDate)}; ${inPostVi} (due ${dueDate}; ${inPostEn})`,
    });
  }

  return {
    officialId,
    positionId: chain.current.positionId,
    unitId: position.unitId,
    chainStart: chain.chainStart,
    dueDate,
    limitMonths: limit.months,
    years,
    status,
    reasons,
    exemptions: [],
  };
}

/** Most overdue first: ascending dueDate (officials holding no post last), then officialId. */
export function compareByUrgency(a: Tenure, b: Tenure): number {
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return compareDates(a.dueDate, b.dueDate);
  }
  return a.officialId < b.officialId ? -1 : a.officialId > b.officialId ? 1 : 0;
}
