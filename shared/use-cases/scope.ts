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

export interface VisibleScope {
  /** The agencies whose partitions may hold items the caller can see, sorted. */
  agencyIds: string[];
  /** The filter each item must pass (by its unit path). */
  keep: (path: string[]) => boolean;
  /** Agencies the caller sees whole: only their agency-wide figures (the excellent quota) may be shown. */
  wholeAgencies: Set<string>;
  /** Every unit of those agencies (pattern 29, one query per agency), read when a caller needs names or validity. */
  loadUnits(): Promise<Map<string, Unit>>;
}

/**
 * Resolves the caller's scope, optionally narrowed to a unit's subtree, reading only what the scope covers: the
 * scope's (or the narrowing) units by id (patterns 1, 27), and for a unit at or above agency level the agencies in its
 * subtree (pattern 28); a unit inside an agency names its agency itself. Never the country's unit list: a caller
 * scoped to one agency reads two items, however many agencies there are. A `*` caller reads the agency list.
 */
export async function visibleAgencies(
  organisation: OrganisationStore,
  principal: Principal,
  unitId?: string,
): Promise<VisibleScope> {
  const keep = (path: string[]) => (!unitId || path.includes(unitId)) && canSee(principal, path);
  let roots: Unit[] | '*';
  if (unitId !== undefined) {
    const unit = await organisation.getUnit(unitId);
    if (!unit) roots = [];
    else if (canSee(principal, unitPath(unit))) roots = [unit];
    else if (principal.scope === '*') roots = [];
    // Narrowed to a unit above the caller's scope: the caller's own units inside that subtree.
    else roots = (await organisation.getUnits(principal.scope)).filter((u) => unitPath(u).includes(unitId));
  } else roots = principal.scope === '*' ? '*' : await organisation.getUnits(principal.scope);

  const agencyIds = new Set<string>();
  const wholeAgencies = new Set<string>();
  const agencyLists = await Promise.all(
    roots === '*'
      ? [organisation.listAgencies()]
      : roots.map((root) => {
          // A unit inside an agency names its agency, and so does an agency below a province: a province never sits
          // inside an agency (PROVINCE_UNDER_AGENCY), so no agency does either. Only a province has agencies below it.
          agencyIds.add(root.agencyId);
          // The agency's own path is a prefix of the root's: whether the caller sees it whole needs no read.
          const path = unitPath(root);
          if (canSee(principal, path.slice(0, path.indexOf(root.agencyId) + 1))) wholeAgencies.add(root.agencyId);
          return root.kind === 'province' ? organisation.listAgencies(unitPath(root)) : [];
        }),
  );
  for (const agency of agencyLists.flat()) {
    agencyIds.add(agency.id);
    if (canSee(principal, unitPath(agency))) wholeAgencies.add(agency.id);
  }
  const sorted = [...agencyIds].sort();
  let units: Promise<Map<string, Unit>> | undefined;
  return {
    agencyIds: sorted,
    keep,
    wholeAgencies,
    loadUnits: () =>
      (units ??= organisation.listAgencyUnits(sorted).then((list) => new Map(list.map((u) => [u.id, u])))),
  };
}
