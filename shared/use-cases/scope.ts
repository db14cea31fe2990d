/**
 * Scope rules: a scope is a set of unit ids, or '*', and covers each unit's subtree. Out of scope: single reads are
 * 404 (existence is not leaked), lists are filtered, writes are 403. A write checks every unit it touches.
 */
import { ForbiddenError } from '../domain/errors';
import type { Unit } from '../domain/types';
import type { OrganisationStore, Principal } from '../ports';

export function unitPath(unit: Pick<Unit, 'id' | 'ancestors'>): string[] {
  return [...unit.ancestors, unit.id];
}

/** True when the caller's scope covers a unit path (root first, the unit last). */
export function canSee(principal: Principal, path: string[]): boolean {
  if (principal.scope === '*') return true;
  return principal.scope.some((id) => path.includes(id));
}

export function assertCanWrite(principal: Principal, path: string[], what: string): void {
  if (!canSee(principal, path)) throw new ForbiddenError(`${what} nằm ngoài phạm vi đơn vị bạn được giao`);
}

/**
 * The agencies whose partitions may hold items the caller can see, optionally narrowed to a unit's subtree,
 * and the filter each item must pass. Reads the unit list once (pattern 2).
 */
export async function visibleAgencies(
  organisation: OrganisationStore,
  principal: Principal,
  unitId?: string,
): Promise<{ agencyIds: string[]; keep: (path: string[]) => boolean; units: Map<string, Unit>; wholeAgencies: Set<string> }> {
  const units = await organisation.listAllUnits();
  const agencyIds = new Set<string>();
  for (const unit of units) {
    const path = unitPath(unit);
    if (unitId && !path.includes(unitId)) continue;
    if (canSee(principal, path)) agencyIds.add(unit.agencyId);
  }
  return {
    agencyIds: [...agencyIds].sort(),
    keep: (path) => (!unitId || path.includes(unitId)) && canSee(principal, path),
    units: new Map(units.map((u) => [u.id, u])),
    // Agencies the caller sees whole: only their agency-wide figures (the excellent quota) may be shown.
    wholeAgencies: new Set(units.filter((u) => u.id === u.agencyId && canSee(principal, unitPath(u))).map((u) => u.id)),
  };
}
