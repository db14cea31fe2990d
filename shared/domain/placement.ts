/**
 * Placement of proposal candidates into new posts: optimal, exact, deterministic and swap-aware (docs/rules.md,
 * "Proposals").
 *
 * Two steps, kept apart so each can be tested on its own:
 * 1. {@link feasibleTargets} (and {@link targetRuleViolations} for one position) applies the rules that make a post a
 *    possible target for one candidate: same category (a strictly lower one for a demotion), a unit the candidate has
 *    not served in during the 5 years before the effective date, an agency allowed for the action, not the current
 *    post.
 * 2. {@link placeCandidates} chooses, among those feasible targets, where each candidate goes. A post is free for a
 *    candidate when it has a vacancy on the effective date (headcount minus holders) or when another candidate placed
 *    in the same proposal leaves it, so two candidates may swap posts and chains (A into B's post, B into C's, C into
 *    a vacancy) are found. The placement maximises the number of candidates placed and, among placements of that
 *    size, takes the most overdue: a more overdue candidate is never left out for a less overdue one when a placement
 *    of the same size places them.
 *
 * Pure: no clock, no I/O, no environment. Same input, in any order, gives the same output.
 */
import { addDays, addYears, compareDates, isIsoDate } from './dates';
import type { IsoDate, PositionCategory } from './types';

// ---------------------------------------------------------------------------------------------------------------
// Input and output
// ---------------------------------------------------------------------------------------------------------------

/** A post as the placement reads it, with its occupancy on the effective date. */
export interface PlacementPosition {
  id: string;
  unitId: string;
  agencyId: string;
  category: PositionCategory;
  headcount: number;
  /** Officials holding this post as their primary duty on the effective date, candidates of the proposal included. */
  holders: number;
  title: string;
  unitName: string;
}

/**
 * Which posts a candidate may be placed in: the ids computed by {@link feasibleTargets}, or a predicate. Ids of
 * posts that are not in the input, and the candidate's current post, are ignored.
 */
export type AllowedTargets = ReadonlySet<string> | readonly string[] | ((position: PlacementPosition) => boolean);

/** An official the proposal would move. */
export interface PlacementCandidate {
  officialId: string;
  fullName: string;
  currentPositionId: string;
  /**
   * How overdue the official is: larger is more overdue (for example days past the due date). Ties are broken by
   * `officialId` ascending, so candidates are always in one total order.
   */
  urgency: number;
  allowedTargets: AllowedTargets;
}

export interface PlacementInput {
  effectiveDate: IsoDate;
  positions: readonly PlacementPosition[];
  candidates: readonly PlacementCandidate[];
}

/** The place a candidate takes in the target post: a vacancy, or the post another placed candidate leaves. */
export type PlacementSlot = 'vacancy' | { vacatedBy: string };

export interface Placement {
  officialId: string;
  targetPositionId: string;
  via: PlacementSlot;
}

/**
 * Why a candidate is not placed: no post passes the rules for them at all (`NO_FEASIBLE_TARGET`), or some do but
 * none is free in an optimal placement (`NO_FREE_PLACE`).
 */
export type UnarrangedReason = 'NO_FEASIBLE_TARGET' | 'NO_FREE_PLACE';

export interface Unarranged {
  officialId: string;
  why: UnarrangedReason;
}

export interface PlacementResult {
  /** Most overdue first (urgency descending, then officialId ascending). */
  placements: Placement[];
  /** Most overdue first, as `placements`. */
  unarranged: Unarranged[];
}

// ---------------------------------------------------------------------------------------------------------------
// Ordering and vacancies
// ---------------------------------------------------------------------------------------------------------------

/** Plain code-unit comparison of ids: independent of any locale, so the order is the same on every machine. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order of candidates the placement prefers: the more overdue first (larger `urgency`), ties by `officialId`
 * ascending. Negative when `a` comes first.
 */
export function compareByUrgency(
  a: Pick<PlacementCandidate, 'urgency' | 'officialId'>,
  b: Pick<PlacementCandidate, 'urgency' | 'officialId'>,
): number {
  if (a.urgency !== b.urgency) return b.urgency > a.urgency ? 1 : -1;
  return compareIds(a.officialId, b.officialId);
}

/** Vacancies of a post on the effective date: `max(0, headcount - holders)`. */
export function vacanciesOf(position: Pick<PlacementPosition, 'headcount' | 'holders'>): number {
  return Math.max(0, position.headcount - position.holders);
}

/**
 * True when a candidate who leaves this post frees a place another candidate may take: every post except an
 * over-filled one (`holders > headcount`). Leaving an over-filled post only brings it closer to its headcount, so
 * the placement never moves anyone into such a post by way of a vacated place: no post ends up holding more than its
 * headcount. (Exactly, `k` leavers would free `max(0, k - (holders - headcount))` places; that rule is not a network
 * flow constraint, and an over-filled post is an anomaly in the records, so the placement takes the safe side.)
 */
export function leaversFreePlaces(position: Pick<PlacementPosition, 'headcount' | 'holders'>): boolean {
  return position.holders <= position.headcount;
}

// ---------------------------------------------------------------------------------------------------------------
// Feasibility rules
// ---------------------------------------------------------------------------------------------------------------

/** A primary assignment in the candidate's history; `endDate` is the last day served (inclusive), open when absent. */
export interface ServedAssignment {
  unitId: string;
  startDate: IsoDate;
  endDate?: IsoDate;
}

/** What the feasibility rules need to know about one candidate. */
export interface CandidateFacts {
  currentPositionId: string;
  /** Category of the candidate's current post. */
  category: PositionCategory;
  /** A demotion (the two-of-three-years rule): the target must be of a strictly lower category. */
  demote?: boolean;
  /** Agencies the action allows: the candidate's own for a rotation, the others in scope for a transfer. */
  allowedAgencyIds: readonly string[];
  /** The candidate's primary assignments, any order; the current one included. */
  primaryAssignments: readonly ServedAssignment[];
}

export interface FeasibilityRules {
  effectiveDate: IsoDate;
  /** Years before the effective date in which a unit served in is excluded; 5 unless given. */
  lookbackYears?: number;
}

/** The rule a target breaks, as {@link targetRuleViolations} names it. */
export type TargetRule = 'CURRENT_POSITION' | 'CATEGORY' | 'UNIT_SERVED_RECENTLY' | 'AGENCY_NOT_ALLOWED';

/** Years before the effective date during which a unit the candidate served in is not a target. */
export const RECENT_SERVICE_YEARS = 5;

/** Rank of a category, higher is senior: leadership > specialist > support. */
export const CATEGORY_RANK: Record<PositionCategory, number> = { leadership: 3, specialist: 2, support: 1 };

/**
 * The days that count as "the 5 years before the effective date", both ends inclusive:
 * `from = effectiveDate - 5 years` (calendar years, 29 February clamped to 28 February), `to = effectiveDate - 1 day`.
 * For an effective date of 2026-07-01 that is 2021-07-01 to 2026-06-30.
 */
export function recentServiceWindow(
  effectiveDate: IsoDate,
  years: number = RECENT_SERVICE_YEARS,
): { from: IsoDate; to: IsoDate } {
  return { from: addYears(effectiveDate, -years), to: addDays(effectiveDate, -1) };
}

/**
 * Units the candidate served in during the {@link recentServiceWindow}: every unit of a primary assignment that
 * overlaps it by at least one day. So an assignment that ended exactly on `effectiveDate - 5 years` still counts,
 * one that ended the day before does not; one that starts on or after the effective date does not.
 */
export function unitsServedRecently(
  assignments: readonly ServedAssignment[],
  effectiveDate: IsoDate,
  years: number = RECENT_SERVICE_YEARS,
): Set<string> {
  const { from, to } = recentServiceWindow(effectiveDate, years);
  const units = new Set<string>();
  for (const a of assignments) {
    const startsInTime = compareDates(a.startDate, to) <= 0;
    const endsInTime = a.endDate === undefined || compareDates(a.endDate, from) >= 0;
    if (startsInTime && endsInTime) units.add(a.unitId);
  }
  return units;
}

/** The rules one position breaks as a target for one candidate: empty when it is feasible. */
export function targetRuleViolations(
  candidate: CandidateFacts,
  position: Pick<PlacementPosition, 'id' | 'unitId' | 'agencyId' | 'category'>,
  rules: FeasibilityRules,
): TargetRule[] {
  return violations(
    candidate,
    position,
    unitsServedRecently(candidate.primaryAssignments, rules.effectiveDate, rules.lookbackYears),
    new Set(candidate.allowedAgencyIds),
  );
}

function violations(
  candidate: CandidateFacts,
  position: Pick<PlacementPosition, 'id' | 'unitId' | 'agencyId' | 'category'>,
  servedUnits: ReadonlySet<string>,
  allowedAgencies: ReadonlySet<string>,
): TargetRule[] {
  const broken: TargetRule[] = [];
  if (position.id === candidate.currentPositionId) broken.push('CURRENT_POSITION');
  const categoryFits = candidate.demote
    ? CATEGORY_RANK[position.category] < CATEGORY_RANK[candidate.category]
    : position.category === candidate.category;
  if (!categoryFits) broken.push('CATEGORY');
  if (servedUnits.has(position.unitId)) broken.push('UNIT_SERVED_RECENTLY');
  if (!allowedAgencies.has(position.agencyId)) broken.push('AGENCY_NOT_ALLOWED');
  return broken;
}

/**
 * Ids of the positions a candidate may be placed in, whether or not they are free: same category as the current post
 * (strictly lower when `demote`), in a unit not served in during the 5 years before the effective date (see
 * {@link unitsServedRecently} for the exact days), in an allowed agency, and not the current post.
 */
export function feasibleTargets(
  candidate: CandidateFacts,
  positions: readonly Pick<PlacementPosition, 'id' | 'unitId' | 'agencyId' | 'category'>[],
  rules: FeasibilityRules,
): Set<string> {
  const servedUnits = unitsServedRecently(candidate.primaryAssignments, rules.effectiveDate, rules.lookbackYears);
  const allowedAgencies = new Set(candidate.allowedAgencyIds);
  const feasible = new Set<string>();
  for (const position of positions)
    if (violations(candidate, position, servedUnits, allowedAgencies).length === 0) feasible.add(position.id);
  return feasible;
}

// ---------------------------------------------------------------------------------------------------------------
// The placement
// ---------------------------------------------------------------------------------------------------------------

/**
 * Places candidates into free posts: the most candidates possible and, among placements of that size, the
 * lexicographically most overdue set (candidates ordered by {@link compareByUrgency}; a more overdue candidate is
 * never left out for a less overdue one when a placement of the same size places them). Exact, not greedy, and
 * deterministic: the same input in any order gives the same output.
 *
 * A post takes `vacancies + leavers` movers in, where vacancies are `max(0, headcount - holders)` on the effective
 * date and leavers are the candidates placed elsewhere who leave it (see {@link leaversFreePlaces} for over-filled
 * posts). Each placement says which place it takes: a vacancy, or the post a named candidate leaves. Movers into a
 * post take its vacancies first, most overdue first; the rest take leavers' places in the same order.
 *
 * Method: a min-cost b-matching of candidates to posts, where every candidate is assigned either to its own post
 * (stays, cost 1) or to a feasible target (moves, cost 0) and a post takes at most `vacancies + candidates in it`.
 * (1) Successive shortest paths with potentials give the most candidates moved; (2) then, in urgency order, each
 * candidate still staying is moved if a zero-cost cycle through its move exists in the residual graph of that
 * optimum, without changing a decision already fixed for a more overdue candidate, and its decision is fixed.
 * O(n * E log V) for (1) and O(n * E) for (2), with n candidates, E feasible (candidate, post) pairs, V posts.
 *
 * Throws `RangeError` for input that breaks its own contract (duplicate ids, a non-finite urgency, holders fewer
 * than the candidates sitting in a post, an invalid date).
 */
export function placeCandidates(input: PlacementInput): PlacementResult {
  if (!isIsoDate(input.effectiveDate)) throw new RangeError(`effectiveDate is not a date: '${input.effectiveDate}'`);
  const positions = [...input.positions].sort((a, b) => compareIds(a.id, b.id));
  const positionIndexById = new Map<string, number>();
  positions.forEach((p, i) => {
    if (positionIndexById.has(p.id)) throw new RangeError(`Duplicate position id '${p.id}'`);
    if (!Number.isInteger(p.headcount) || p.headcount < 0 || !Number.isInteger(p.holders) || p.holders < 0)
      throw new RangeError(`Position '${p.id}' needs whole, non-negative headcount and holders`);
    positionIndexById.set(p.id, i);
  });

  const candidates = [...input.candidates].sort(compareByUrgency);
  const candidatesPerPosition = new Map<string, number>();
  const officialIds = new Set<string>();
  for (const c of candidates) {
    if (!Number.isFinite(c.urgency)) throw new RangeError(`Candidate '${c.officialId}' has no finite urgency`);
    if (officialIds.has(c.officialId)) throw new RangeError(`Duplicate candidate '${c.officialId}'`);
    officialIds.add(c.officialId);
    candidatesPerPosition.set(c.currentPositionId, (candidatesPerPosition.get(c.currentPositionId) ?? 0) + 1);
  }
  for (const [positionId, count] of candidatesPerPosition) {
    const index = positionIndexById.get(positionId);
    if (index !== undefined && positions[index].holders < count)
      throw new RangeError(`Position '${positionId}' has ${positions[index].holders} holders but ${count} candidates`);
  }

  // Rule-feasible targets of each candidate, as position indexes in ascending id order.
  const feasible: number[][] = candidates.map((c) => resolveTargets(c, positions, positionIndexById));

  // Prune what can never be used: a post receives someone only through a vacancy or a place freed by a candidate
  // who can move; a candidate can move only into a post that may receive. Shrinks to a fixpoint.
  const vacancies = positions.map(vacanciesOf);
  const mayMove = feasible.map((targets) => targets.length > 0);
  const targets: number[][] = feasible.map((t) => t);
  for (let changed = true; changed; ) {
    changed = false;
    const mayReceive = vacancies.map((v) => v > 0);
    candidates.forEach((c, i) => {
      const current = positionIndexById.get(c.currentPositionId);
      if (mayMove[i] && current !== undefined && leaversFreePlaces(positions[current])) mayReceive[current] = true;
    });
    targets.forEach((t, i) => {
      if (!mayMove[i]) return;
      const kept = t.filter((p) => mayReceive[p]);
      if (kept.length !== t.length) targets[i] = kept;
      if (kept.length === 0) {
        mayMove[i] = false;
        changed = true;
      }
    });
  }

  // Posts outside the input (a candidate's current post out of scope) get an index after the input's posts: they
  // hold their own candidates and receive nobody.
  const outsideIndexById = new Map<string, number>();
  const movable: number[] = [];
  const stayIndexes: number[] = [];
  mayMove.forEach((ok, i) => {
    if (!ok) return;
    const id = candidates[i].currentPositionId;
    let index = positionIndexById.get(id) ?? outsideIndexById.get(id);
    if (index === undefined) outsideIndexById.set(id, (index = positions.length + outsideIndexById.size));
    movable.push(i);
    stayIndexes.push(index);
  });
  const targetOf = solve(
    stayIndexes,
    movable.map((i) => targets[i]),
    [...vacancies, ...Array.from(outsideIndexById, () => 0)],
  );

  const placedTarget = new Map<number, string>();
  movable.forEach((candidateIndex, k) => {
    if (targetOf[k] >= 0) placedTarget.set(candidateIndex, positions[targetOf[k]].id);
  });

  return {
    placements: assignSlots(candidates, placedTarget, positions, positionIndexById),
    unarranged: candidates.flatMap((c, i): Unarranged[] =>
      placedTarget.has(i)
        ? []
        : [{ officialId: c.officialId, why: feasible[i].length === 0 ? 'NO_FEASIBLE_TARGET' : 'NO_FREE_PLACE' }],
    ),
  };
}

/** The candidate's allowed targets among the input's positions, minus its current post, as sorted indexes. */
function resolveTargets(
  candidate: PlacementCandidate,
  positions: readonly PlacementPosition[],
  positionIndexById: ReadonlyMap<string, number>,
): number[] {
  const allowed = candidate.allowedTargets;
  const indexes: number[] = [];
  if (typeof allowed === 'function') {
    positions.forEach((p, i) => {
      if (p.id !== candidate.currentPositionId && allowed(p)) indexes.push(i);
    });
    return indexes;
  }
  for (const id of allowed) {
    const index = positionIndexById.get(id);
    if (index !== undefined && id !== candidate.currentPositionId) indexes.push(index);
  }
  indexes.sort((a, b) => a - b);
  return indexes.filter((index, k) => k === 0 || index !== indexes[k - 1]);
}

/**
 * Says which place each mover takes: in each target post, the vacancies go to the most overdue movers in, and the
 * others take, in the same order, the places of the most overdue leavers of that post. Placements come out in
 * urgency order.
 */
function assignSlots(
  candidates: readonly PlacementCandidate[],
  placedTarget: ReadonlyMap<number, string>,
  positions: readonly PlacementPosition[],
  positionIndexById: ReadonlyMap<string, number>,
): Placement[] {
  const moversIn = new Map<string, number[]>();
  const leavers = new Map<string, number[]>();
  const ordered = [...placedTarget.keys()].sort((a, b) => a - b);
  for (const i of ordered) {
    const target = placedTarget.get(i)!;
    moversIn.set(target, [...(moversIn.get(target) ?? []), i]);
    const from = candidates[i].currentPositionId;
    leavers.set(from, [...(leavers.get(from) ?? []), i]);
  }
  const slotOf = new Map<number, PlacementSlot>();
  for (const [positionId, movers] of moversIn) {
    const free = vacanciesOf(positions[positionIndexById.get(positionId)!]);
    const freed = leavers.get(positionId) ?? [];
    movers.forEach((mover, k) => {
      if (k < free) slotOf.set(mover, 'vacancy');
      else if (k - free < freed.length) slotOf.set(mover, { vacatedBy: candidates[freed[k - free]].officialId });
      else throw new Error(`Placement overfills position '${positionId}'`); // the solver's invariant broke
    });
  }
  return ordered.map((i) => ({
    officialId: candidates[i].officialId,
    targetPositionId: placedTarget.get(i)!,
    via: slotOf.get(i)!,
  }));
}

/**
 * Groups placements that must be applied together: a placement that takes the post another candidate leaves depends
 * on that candidate's placement, so each group is a connected component of the `vacatedBy` relation (a swap, a
 * cycle, a chain ending in a vacancy); a placement into a vacancy that nobody takes the place of is a group of one.
 * Groups keep the order of `placements` (a group sits where its first member does), and so do the members of each
 * group. A `vacatedBy` naming an official with no placement in the list is ignored.
 */
export function groupDependentPlacements<P extends Pick<Placement, 'officialId' | 'via'>>(placements: readonly P[]): P[][] {
  const indexById = new Map<string, number>();
  placements.forEach((p, i) => indexById.set(p.officialId, i));
  const parent = placements.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  placements.forEach((p, i) => {
    if (p.via === 'vacancy') return;
    const other = indexById.get(p.via.vacatedBy);
    if (other === undefined) return;
    const [a, b] = [root(i), root(other)];
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b); // the smaller index is the root: first member first
  });
  const groups = new Map<number, P[]>();
  placements.forEach((p, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), p]);
  });
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, members]) => members);
}

// ---------------------------------------------------------------------------------------------------------------
// The solver: min-cost b-matching, then lexicographic fixing by urgency
// ---------------------------------------------------------------------------------------------------------------

const STAY_COST = 1;
const MOVE_COST = 0;

/**
 * Solves the b-matching for the movable candidates, given in urgency order with the index of their current post and
 * the (pruned, non-empty, ascending) indexes of their targets; `vacancies` is indexed by post. Returns, per
 * candidate, the index of the post it moves to, or -1 if it stays.
 *
 * Nodes: candidates `0..n-1`, posts `n..n+q-1`, the sink `n+q`. Arcs: candidate -> post (capacity 1; cost 0 to a
 * target, 1 to its own post), post -> sink (capacity `vacancies + candidates sitting in the post`). Every candidate
 * sends one unit, so each is assigned to exactly one post and a post takes at most its capacity: movers in <=
 * vacancies + movers out. Minimising the cost minimises the number of stayers.
 */
function solve(stayIndexes: readonly number[], targetIndexes: readonly (readonly number[])[], vacancies: readonly number[]): number[] {
  const n = stayIndexes.length;
  if (n === 0) return [];
  const sink = n + vacancies.length;
  const nodeCount = sink + 1;

  const capacity = new Int32Array(nodeCount);
  vacancies.forEach((v, index) => (capacity[n + index] = v));
  const stayNode = Int32Array.from(stayIndexes, (index) => n + index);
  for (let u = 0; u < n; u++) capacity[stayNode[u]]++;

  // Arcs of candidate u: arcHead[arcStart[u] .. arcStart[u+1]-1]; the first is the stay arc.
  const arcStart = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) arcStart[u + 1] = arcStart[u] + 1 + targetIndexes[u].length;
  const arcHead = new Int32Array(arcStart[n]);
  const arcCost = new Int32Array(arcStart[n]);
  for (let u = 0; u < n; u++) {
    let a = arcStart[u];
    arcHead[a] = stayNode[u];
    arcCost[a++] = STAY_COST;
    for (const index of targetIndexes[u]) {
      arcHead[a] = n + index;
      arcCost[a++] = MOVE_COST;
    }
  }

  // Flow state: the post each candidate is assigned to (-1 before it is added) and the arc it uses; per post, its
  // load and the candidates assigned to it (swap-remove lists, with each candidate's slot in its post's list).
  const assignedNode = new Int32Array(n).fill(-1);
  const assignedArc = new Int32Array(n).fill(-1);
  const load = new Int32Array(nodeCount);
  const occupants: number[][] = Array.from({ length: nodeCount }, () => []);
  const slotInOccupants = new Int32Array(n);
  const reassign = (u: number, arc: number): void => {
    const from = assignedNode[u];
    if (from >= 0) {
      const list = occupants[from];
      const last = list.pop()!;
      if (last !== u) {
        list[slotInOccupants[u]] = last;
        slotInOccupants[last] = slotInOccupants[u];
      }
      load[from]--;
    }
    const to = arcHead[arc];
    slotInOccupants[u] = occupants[to].length;
    occupants[to].push(u);
    load[to]++;
    assignedNode[u] = to;
    assignedArc[u] = arc;
  };

  // Potentials: the reduced cost of a residual arc x -> y of cost c, c + potential[x] - potential[y], is never
  // negative; arcs that carry flow have reduced cost 0. All values are small integers, exact in a double.
  const potential = new Float64Array(nodeCount);

  // (1) Successive shortest paths, one candidate at a time (the Hungarian method on a b-matching).
  const dist = new Float64Array(nodeCount);
  const done = new Uint8Array(nodeCount);
  const parentNode = new Int32Array(nodeCount);
  const parentArc = new Int32Array(nodeCount);
  const heap = new MinHeap(nodeCount);
  for (let start = 0; start < n; start++) {
    // Lift the new candidate's potential so that its arcs have non-negative reduced costs.
    let lift = -Infinity;
    for (let a = arcStart[start]; a < arcStart[start + 1]; a++)
      lift = Math.max(lift, potential[arcHead[a]] - arcCost[a]);
    potential[start] = lift;

    dist.fill(Infinity);
    done.fill(0);
    dist[start] = 0;
    heap.clear();
    heap.push(start, 0);
    while (heap.size > 0) {
      const x = heap.pop();
      if (done[x]) continue;
      done[x] = 1;
      if (x === sink) break;
      const dx = dist[x];
      if (x < n) {
        for (let a = arcStart[x]; a < arcStart[x + 1]; a++) {
          const y = arcHead[a];
          if (a === assignedArc[x] || done[y]) continue;
          const d = dx + arcCost[a] + potential[x] - potential[y];
          if (d < dist[y]) {
            dist[y] = d;
            parentNode[y] = x;
            parentArc[y] = a;
            heap.push(y, d);
          }
        }
        continue;
      }
      if (load[x] < capacity[x]) {
        const d = dx + potential[x] - potential[sink];
        if (d < dist[sink]) {
          dist[sink] = d;
          parentNode[sink] = x;
          heap.push(sink, d);
        }
        if (d === dx) {
          // Nothing left in the heap is nearer than dx: the sink is final. Settle it now rather than after every
          // other node at the same distance.
          done[sink] = 1;
          break;
        }
      }
      for (const u of occupants[x]) {
        if (done[u]) continue;
        const d = dx - arcCost[assignedArc[u]] + potential[x] - potential[u];
        if (d < dist[u]) {
          dist[u] = d;
          parentNode[u] = x;
          heap.push(u, d);
        }
      }
    }
    if (!done[sink]) throw new Error('No augmenting path: a candidate cannot even stay'); // cannot happen
    // Settled nodes move by (their distance - the sink's), the others by 0: reduced costs stay non-negative and the
    // shortest path becomes tight.
    const shortest = dist[sink];
    for (let x = 0; x < nodeCount; x++) if (done[x]) potential[x] += dist[x] - shortest;
    // Augment: walk back from the sink; each candidate on the path takes the arc that reached the next post.
    for (let post = parentNode[sink]; ; ) {
      const u = parentNode[post];
      const previous = u === start ? -1 : parentNode[u];
      reassign(u, parentArc[post]);
      if (u === start) break;
      post = previous;
    }
  }

  // (2) Lexicographic fixing, most overdue first. The flow is optimal (fewest stayers) and the potentials prove it,
  // so a placement of the same size in which a staying candidate moves exists iff a zero-cost residual cycle goes
  // through its move: a path of tight arcs (reduced cost 0) from the candidate to its own post, closed by the
  // candidate leaving it. (Two optimal flows differ by residual cycles, each of cost >= 0 and together of cost 0.)
  // Augmenting along tight arcs keeps the potentials valid. Decisions already fixed for more overdue candidates are
  // kept by removing arcs: a fixed mover loses its stay arc, a fixed stayer its move arcs.
  const fixedMover = new Uint8Array(n);
  const fixedStayer = new Uint8Array(n);
  const seen = new Uint8Array(nodeCount);
  const queue = new Int32Array(nodeCount);
  for (let c = 0; c < n; c++) {
    if (assignedNode[c] !== stayNode[c]) {
      fixedMover[c] = 1;
      continue;
    }
    const goal = stayNode[c];
    seen.fill(0);
    seen[c] = 1;
    let head = 0;
    let tail = 0;
    queue[tail++] = c;
    while (head < tail && !seen[goal]) {
      const x = queue[head++];
      if (x < n) {
        if (fixedStayer[x]) continue;
        for (let a = arcStart[x]; a < arcStart[x + 1]; a++) {
          const y = arcHead[a];
          if (seen[y] || a === assignedArc[x] || (a === arcStart[x] && fixedMover[x])) continue;
          if (arcCost[a] + potential[x] - potential[y] !== 0) continue;
          seen[y] = 1;
          parentNode[y] = x;
          parentArc[y] = a;
          queue[tail++] = y;
        }
      } else if (x === sink) {
        for (let y = n; y < sink; y++) {
          if (seen[y] || load[y] === 0 || potential[sink] - potential[y] !== 0) continue;
          seen[y] = 1;
          parentNode[y] = x;
          queue[tail++] = y;
        }
      } else {
        if (!seen[sink] && load[x] < capacity[x] && potential[x] - potential[sink] === 0) {
          seen[sink] = 1;
          parentNode[sink] = x;
          queue[tail++] = sink;
        }
        for (const u of occupants[x]) {
          if (seen[u] || -arcCost[assignedArc[u]] + potential[x] - potential[u] !== 0) continue;
          seen[u] = 1;
          parentNode[u] = x;
          queue[tail++] = u;
        }
      }
    }
    if (!seen[goal]) {
      fixedStayer[c] = 1;
      continue;
    }
    // The cycle c -> ... -> own post -> c: each candidate on the path takes the arc that reached its successor.
    for (let y = goal; y !== c; y = parentNode[y]) if (parentNode[y] < n) reassign(parentNode[y], parentArc[y]);
    fixedMover[c] = 1;
  }

  return Array.from(assignedNode, (node, u) => (node === stayNode[u] ? -1 : node - n));
}

/** A binary min-heap of (node, key) entries with lazy deletion (stale entries are skipped by the caller). */
class MinHeap {
  private nodes: Int32Array;
  private keys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(16, capacity));
    this.keys = new Float64Array(Math.max(16, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  push(node: number, key: number): void {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.size * 2);
      const keys = new Float64Array(this.size * 2);
      nodes.set(this.nodes);
      keys.set(this.keys);
      this.nodes = nodes;
      this.keys = keys;
    }
    let i = this.size++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!(key < this.keys[up] || (key === this.keys[up] && node < this.nodes[up]))) break;
      this.nodes[i] = this.nodes[up];
      this.keys[i] = this.keys[up];
      i = up;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }

  /** Removes and returns the node with the smallest key (ties: the smallest node). */
  pop(): number {
    const top = this.nodes[0];
    const lastNode = this.nodes[--this.size];
    const lastKey = this.keys[this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      const right = child + 1;
      if (
        right < this.size &&
        (this.keys[right] < this.keys[child] ||
          (this.keys[right] === this.keys[child] && this.nodes[right] < this.nodes[child]))
      )
        child = right;
      if (!(this.keys[child] < lastKey || (this.keys[child] === lastKey && this.nodes[child] < lastNode))) break;
      this.nodes[i] = this.nodes[child];
      this.keys[i] = this.keys[child];
      i = child;
    }
    this.nodes[i] = lastNode;
    this.keys[i] = lastKey;
    return top;
  }
}
