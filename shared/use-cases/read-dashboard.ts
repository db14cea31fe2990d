/**
 * The dashboard of the caller's scope as of a date: per unit (each covering its subtree, as the flags list filtered
 * by that unit does) the number of flagged officials overdue, approaching, due for periodic rotation, not meeting
 * requirements and exempt, the totals, and the tenure due dates of the next 24 months by month.
 *
 * Reads the unit list (pattern 2) and the sparse indexes only: the flagged officials (patterns 6, 7 and 16, as the
 * flags list) and the due-date index between `asOf` and the end of the 24th month (pattern 19, on pattern 6's
 * index), so its cost grows with what it reports, never with the whole staff.
 */
import {
  bucketByDueMonth,
  dueHorizon,
  emptyCounts,
  flagMeasures,
  rollUpByUnit,
  type MeasureCounts,
} from '../domain/dashboard';
import { addDays } from '../domain/dates';
import { NotFoundError } from '../domain/errors';
import { hasLeft } from '../domain/leaving';
import type { IsoDate } from '../domain/types';
import { today, type Actor, type UseCaseDeps } from './context';
import { flaggedAsOf } from './flagged';
import { tenureFromStatus } from './official-aggregate';
import { authorize } from './policy';
import { canSee, unitPath, visibleAgencies } from './scope';

/** Months the due-date chart covers, the month of `asOf` first. */
export const DASHBOARD_MONTHS = 24;

export interface DashboardUnitRow {
  unitId: string;
  unitName: string;
  /** The nearest unit above it that is also a row, or null: rows nest as the units do. */
  parentRowId: string | null;
  /** Rows above it (0 for a top row). */
  depth: number;
  counts: MeasureCounts;
}

export interface DueOfficial {
  officialId: string;
  fullName: string;
  unitId: string | null;
  unitName: string | null;
  positionTitle: string | null;
  dueDate: IsoDate;
  limitMonths: number | null;
}

export interface Dashboard {
  asOf: IsoDate;
  unitId?: string;
  /** Units with at least one flagged official in their subtree (and the unit asked for), in tree order. */
  units: DashboardUnitRow[];
  totals: MeasureCounts;
  /** The first and last day the due-date buckets cover. */
  horizon: { from: IsoDate; through: IsoDate };
  /** One bucket per month `YYYY-MM`, empty months included, in order. */
  dueByMonth: { month: string; count: number; officials: DueOfficial[] }[];
}

export async function readDashboard(
  deps: UseCaseDeps,
  actor: Actor,
  query: { asOf?: IsoDate; unitId?: string },
): Promise<Dashboard> {
  authorize(actor, 'readDashboard');
  const asOf = query.asOf ?? today(deps);
  const { agencyIds, keep, loadUnits } = await visibleAgencies(deps.organisation, actor.principal, query.unitId);
  // A row per unit of the scope: the agencies' units (pattern 29), which grow with the organisation, not the staff.
  const units = await loadUnits();
  if (query.unitId) {
    const unit = units.get(query.unitId);
    // A unit outside the scope is answered as one that does not exist.
    if (!unit || !canSee(actor.principal, unitPath(unit))) throw new NotFoundError('Đơn vị', query.unitId);
  }
  const horizon = dueHorizon(asOf, DASHBOARD_MONTHS);
  const [flags, due] = await Promise.all([
    flaggedAsOf(deps, agencyIds, asOf),
    deps.officials.queryDueBetween(agencyIds, { after: addDays(horizon.from, -1), through: horizon.through }),
  ]);

  const shown = flags.filter((f) => keep(f.unitPath));
  const includeUnit = (id: string) => {
    const unit = units.get(id);
    return unit !== undefined && keep(unitPath(unit));
  };
  const { byUnit, totals } = rollUpByUnit(
    shown.map((f) => ({ unitPath: f.unitPath, measures: flagMeasures(f.tenure) })),
    includeUnit,
  );
  if (query.unitId && !byUnit.has(query.unitId)) byUnit.set(query.unitId, emptyCounts());

  const unitName = (id: string | null | undefined) => (id && units.get(id)?.name) || null;
  const dueOfficials: DueOfficial[] = [];
  for (const status of due) {
    if (!keep(status.unitPath)) continue;
    if (hasLeft({ leftOn: status.left?.on, retirementDate: status.retirementDate }, asOf)) continue;
    const tenure = tenureFromStatus(status, asOf, deps.warnMonths);
    if (!tenure.dueDate) continue;
    // Whoever leaves service before the due date never reaches it: not a rotation to plan.
    if (hasLeft({ leftOn: status.left?.on, retirementDate: status.retirementDate }, tenure.dueDate)) continue;
    dueOfficials.push({
      officialId: status.officialId,
      fullName: status.fullName,
      unitId: tenure.unitId,
      unitName: unitName(tenure.unitId),
      positionTitle: status.chain?.positionTitle ?? null,
      dueDate: tenure.dueDate,
      limitMonths: tenure.limitMonths,
    });
  }
  const dueByMonth = bucketByDueMonth(asOf, dueOfficials, DASHBOARD_MONTHS).map(({ month, items }) => ({
    month,
    count: items.length,
    officials: items,
  }));

  return {
    asOf,
    ...(query.unitId ? { unitId: query.unitId } : {}),
    units: treeRows(byUnit, (id) => units.get(id)),
    totals,
    horizon: { from: horizon.from, through: horizon.through },
    dueByMonth,
  };
}

/** Rows in tree order (a unit under its nearest row above it, siblings by Vietnamese name). */
function treeRows(
  byUnit: Map<string, MeasureCounts>,
  unitOf: (id: string) => { id: string; name: string; ancestors: string[] } | undefined,
): DashboardUnitRow[] {
  const collator = new Intl.Collator('vi');
  const rows = [...byUnit.keys()]
    .map((id) => unitOf(id))
    .filter((u): u is NonNullable<typeof u> => u !== undefined)
    .map((unit) => {
      const rowAncestors = unit.ancestors.filter((a) => byUnit.has(a));
      const path = [...rowAncestors, unit.id].map((id) => ({ id, name: unitOf(id)?.name ?? id }));
      return { unit, rowAncestors, path };
    });
  rows.sort((a, b) => {
    const n = Math.min(a.path.length, b.path.length);
    for (let i = 0; i < n; i++) {
      const c = collator.compare(a.path[i].name, b.path[i].name) || a.path[i].id.localeCompare(b.path[i].id);
      if (c !== 0) return c;
    }
    return a.path.length - b.path.length;
  });
  return rows.map(({ unit, rowAncestors }) => ({
    unitId: unit.id,
    unitName: unit.name,
    parentRowId: rowAncestors.at(-1) ?? null,
    depth: rowAncestors.length,
    counts: byUnit.get(unit.id)!,
  }));
}
