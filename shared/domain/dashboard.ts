/**
 * The dashboard's figures, read from flags a use case has already computed: which of the five figures a flagged
 * official counts in, the per-unit roll-up (a unit's figure covers its subtree, as the flags list filtered by that
 * unit does), and the due dates of the coming months bucketed by month. Pure: `asOf` comes in, nothing reads a clock.
 */
import { addMonths, compareDates, endOfMonth } from './dates';
import type { IsoDate, Tenure } from './types';

/** The five figures of a unit, in the order the dashboard shows them. */
export const FLAG_MEASURES = ['overdue', 'approaching', 'rotationDue', 'notMeetingRequirements', 'exempt'] as const;
export type FlagMeasure = (typeof FLAG_MEASURES)[number];

export const FLAG_MEASURE_LABELS_VI: Record<FlagMeasure, string> = {
  overdue: 'Quá thời hạn',
  approaching: 'Sắp đến hạn',
  rotationDue: 'Đến kỳ chuyển đổi định kỳ',
  notMeetingRequirements: 'Không đáp ứng yêu cầu',
  exempt: 'Được hoãn, miễn',
};

/**
 * Groups of reasons a flags list can be narrowed to besides the tenure status: a sensitive post's rotation period
 * reached, a requirement reason (the latest annual rating unsatisfactory, a dismissal or demotion review), or an
 * exemption in force (Decree 59/2019 art. 38-39).
 */
export const FLAG_GROUPS = ['rotation', 'requirements', 'exempt'] as const;
export type FlagGroup = (typeof FLAG_GROUPS)[number];

export const FLAG_GROUP_LABELS_VI: Record<FlagGroup, string> = {
  rotation: 'Đến kỳ chuyển đổi vị trí định kỳ',
  requirements: 'Không đáp ứng yêu cầu nhiệm vụ',
  exempt: 'Thuộc trường hợp được hoãn, miễn',
};

/** The requirement reasons (the proposal's rearrangement candidates read the same three). */
const REQUIREMENT_CODES = new Set(['NOT_MEETING_REQUIREMENTS', 'DISMISSAL_REVIEW', 'DEMOTION_REVIEW']);

type FlagFacts = Pick<Tenure, 'status' | 'reasons' | 'exemptions'>;

/** True when a flagged official belongs to the group. */
export function inFlagGroup(flag: FlagFacts, group: FlagGroup): boolean {
  switch (group) {
    case 'rotation':
      return flag.reasons.some((r) => r.code === 'PERIODIC_ROTATION_DUE');
    case 'requirements':
      return flag.reasons.some((r) => REQUIREMENT_CODES.has(r.code));
    case 'exempt':
      return flag.exemptions.length > 0;
  }
}

/**
 * The figures a flagged official counts in. `overdue` and `approaching` are the tenure status (a sensitive post past
 * its period is overdue and also `rotationDue`); an official may count in several figures, and in none of the first
 * two when only a requirement reason flags them.
 */
export function flagMeasures(flag: FlagFacts): FlagMeasure[] {
  const measures: FlagMeasure[] = [];
  if (flag.status === 'overdue') measures.push('overdue');
  if (flag.status === 'approaching') measures.push('approaching');
  if (inFlagGroup(flag, 'rotation')) measures.push('rotationDue');
  if (inFlagGroup(flag, 'requirements')) measures.push('notMeetingRequirements');
  if (inFlagGroup(flag, 'exempt')) measures.push('exempt');
  return measures;
}

/** How a figure narrows the flags list: by status, or by a reason group. */
export function measureFilter(measure: FlagMeasure): { status: 'overdue' | 'approaching' } | { group: FlagGroup } {
  switch (measure) {
    case 'overdue':
    case 'approaching':
      return { status: measure };
    case 'rotationDue':
      return { group: 'rotation' };
    case 'notMeetingRequirements':
      return { group: 'requirements' };
    case 'exempt':
      return { group: 'exempt' };
  }
}

/** The five figures and the number of flagged officials they were read from. */
export type MeasureCounts = Record<FlagMeasure, number> & { flagged: number };

export function emptyCounts(): MeasureCounts {
  return { overdue: 0, approaching: 0, rotationDue: 0, notMeetingRequirements: 0, exempt: 0, flagged: 0 };
}

function addFlag(counts: MeasureCounts, measures: FlagMeasure[]): void {
  counts.flagged += 1;
  for (const m of measures) counts[m] += 1;
}

/**
 * Figures per unit and in total. Each flag counts in every unit of its path that `include` accepts (a unit's figure
 * covers its subtree, like the flags list filtered by that unit) and once in the totals.
 */
export function rollUpByUnit(
  flags: { unitPath: string[]; measures: FlagMeasure[] }[],
  include: (unitId: string) => boolean,
): { byUnit: Map<string, MeasureCounts>; totals: MeasureCounts } {
  const byUnit = new Map<string, MeasureCounts>();
  const totals = emptyCounts();
  for (const flag of flags) {
    addFlag(totals, flag.measures);
    for (const unitId of new Set(flag.unitPath)) {
      if (!include(unitId)) continue;
      const counts = byUnit.get(unitId) ?? emptyCounts();
      addFlag(counts, flag.measures);
      byUnit.set(unitId, counts);
    }
  }
  return { byUnit, totals };
}

/** The months the due-date chart covers: the month of `asOf` and the ones after it, `YYYY-MM` each. */
export function dueHorizon(asOf: IsoDate, months = 24): { months: string[]; from: IsoDate; through: IsoDate } {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`dueHorizon needs a positive month count, got ${months}`);
  const first = `${asOf.slice(0, 7)}-01`;
  const list = Array.from({ length: months }, (_, i) => addMonths(first, i).slice(0, 7));
  return { months: list, from: asOf, through: endOfMonth(addMonths(first, months - 1)) };
}

/**
 * Items bucketed by the month of their due date, one bucket per month of the horizon (empty months included, in
 * order). Only due dates from `asOf` (inclusive) to the end of the last month count: an earlier one is already
 * overdue, a later one beyond the chart. Each bucket keeps its items ordered by due date.
 */
export function bucketByDueMonth<T extends { dueDate: IsoDate }>(
  asOf: IsoDate,
  items: T[],
  months = 24,
): { month: string; items: T[] }[] {
  const horizon = dueHorizon(asOf, months);
  const buckets = new Map<string, T[]>(horizon.months.map((m) => [m, []]));
  for (const item of items) {
    if (compareDates(item.dueDate, horizon.from) < 0 || compareDates(item.dueDate, horizon.through) > 0) continue;
    buckets.get(item.dueDate.slice(0, 7))!.push(item);
  }
  return horizon.months.map((month) => ({
    month,
    items: buckets.get(month)!.sort((a, b) => compareDates(a.dueDate, b.dueDate)),
  }));
}

/** A month `YYYY-MM` as Vietnamese readers write it: `MM/yyyy`. */
export function formatMonthVi(month: string): string {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new RangeError(`Not a month (YYYY-MM): '${month}'`);
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}
