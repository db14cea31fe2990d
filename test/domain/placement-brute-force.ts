/**
 * A brute-force reference for the placement (shared/domain/placement.ts), written to be obviously right rather than
 * fast: for small instances only (up to ~8 candidates). It shares no code with the solver, on purpose.
 *
 * Rule, restated: a candidate either stays or moves to one of its allowed targets (never its current post); a
 * post `p` takes at most `max(0, headcount - holders) + (movers out of p)` movers in, where movers out count only
 * when `holders <= headcount` (an over-filled post frees no place). Preferred: the most movers, then the
 * lexicographically most urgent set of movers (candidates ordered by urgency descending, officialId ascending).
 */
import type { PlacementCandidate, PlacementInput, PlacementPosition, PlacementResult } from '../../shared/domain/placement';

function byUrgency(a: PlacementCandidate, b: PlacementCandidate): number {
  if (a.urgency !== b.urgency) return b.urgency - a.urgency;
  return a.officialId < b.officialId ? -1 : a.officialId > b.officialId ? 1 : 0;
}

/** The candidate's allowed targets that exist in the input, its current post excluded. */
export function allowedTargetIds(candidate: PlacementCandidate, positions: readonly PlacementPosition[]): string[] {
  const allowed = candidate.allowedTargets;
  const ok =
    typeof allowed === 'function' ? allowed : (p: PlacementPosition) => new Set<string>(allowed as Iterable<string>).has(p.id);
  return positions.filter((p) => p.id !== candidate.currentPositionId && ok(p)).map((p) => p.id);
}

function vacancies(p: PlacementPosition): number {
  return Math.max(0, p.headcount - p.holders);
}

/** How many movers post `p` may take in when `leaving` of its holders move out. */
function placesIn(p: PlacementPosition, leaving: number): number {
  return vacancies(p) + (p.holders <= p.headcount ? leaving : 0);
}

export interface BruteForceResult {
  /** Officials placed, most urgent first. */
  placed: string[];
  /** One assignment (officialId -> target position id) that achieves it. */
  targets: Map<string, string>;
}

/**
 * Tries every set of movers, best first (larger, then lexicographically more urgent), and for each every
 * assignment of its members to allowed targets: the first set with a valid assignment is the answer.
 */
export function bruteForcePlacement(input: PlacementInput): BruteForceResult {
  const candidates = [...input.candidates].sort(byUrgency);
  const positionsById = new Map(input.positions.map((p) => [p.id, p]));
  const options = candidates.map((c) => allowedTargetIds(c, input.positions));
  const n = candidates.length;

  // Subsets as bit masks, bit (n - 1 - rank) for the candidate of that rank: among sets of one size, a larger mask
  // holds the more urgent candidates first, which is exactly the lexicographic preference.
  const masks = Array.from({ length: 1 << n }, (_, m) => m);
  const size = (m: number): number => (m === 0 ? 0 : (m & 1) + size(m >>> 1));
  masks.sort((a, b) => size(b) - size(a) || b - a);

  for (const mask of masks) {
    const movers = candidates.map((_, rank) => rank).filter((rank) => mask & (1 << (n - 1 - rank)));
    if (movers.some((rank) => options[rank].length === 0)) continue;
    const room = new Map<string, number>();
    for (const p of input.positions) {
      const leaving = movers.filter((rank) => candidates[rank].currentPositionId === p.id).length;
      room.set(p.id, placesIn(p, leaving));
    }
    const chosen: string[] = [];
    const assign = (k: number): boolean => {
      if (k === movers.length) return true;
      for (const target of options[movers[k]]) {
        if (!positionsById.has(target) || room.get(target)! === 0) continue;
        room.set(target, room.get(target)! - 1);
        chosen.push(target);
        if (assign(k + 1)) return true;
        chosen.pop();
        room.set(target, room.get(target)! + 1);
      }
      return false;
    };
    if (assign(0))
      return {
        placed: movers.map((rank) => candidates[rank].officialId),
        targets: new Map(movers.map((rank, k) => [candidates[rank].officialId, chosen[k]])),
      };
  }
  return { placed: [], targets: new Map() }; // unreachable: the empty set is always valid
}

/**
 * What is wrong with a placement result for this input, as readable lines: empty when every placed candidate goes
 * to an allowed target, each post receives no more than its vacancies plus the places its leavers free, each
 * `via` names a vacancy of the target or the place of a candidate who leaves the target, no place is taken twice, and
 * every candidate appears exactly once (placed or unarranged, with the right reason).
 */
export function placementProblems(input: PlacementInput, result: PlacementResult): string[] {
  const problems: string[] = [];
  const positionsById = new Map(input.positions.map((p) => [p.id, p]));
  const candidatesById = new Map(input.candidates.map((c) => [c.officialId, c]));
  const placedById = new Map(result.placements.map((p) => [p.officialId, p]));

  const seen = new Set<string>();
  for (const id of [...result.placements.map((p) => p.officialId), ...result.unarranged.map((u) => u.officialId)]) {
    if (seen.has(id)) problems.push(`${id} appears twice`);
    seen.add(id);
  }
  for (const c of input.candidates) if (!seen.has(c.officialId)) problems.push(`${c.officialId} is missing`);

  const vacancyUse = new Map<string, number>();
  const vacatedUse = new Set<string>();
  const movedIn = new Map<string, number>();
  for (const p of result.placements) {
    const candidate = candidatesById.get(p.officialId);
    if (!candidate) {
      problems.push(`${p.officialId} is not a candidate`);
      continue;
    }
    if (!allowedTargetIds(candidate, input.positions).includes(p.targetPositionId))
      problems.push(`${p.officialId} -> ${p.targetPositionId} is not an allowed target`);
    movedIn.set(p.targetPositionId, (movedIn.get(p.targetPositionId) ?? 0) + 1);
    if (p.via === 'vacancy') {
      vacancyUse.set(p.targetPositionId, (vacancyUse.get(p.targetPositionId) ?? 0) + 1);
    } else {
      const leaver = placedById.get(p.via.vacatedBy);
      const leaverPost = candidatesById.get(p.via.vacatedBy)?.currentPositionId;
      if (!leaver) problems.push(`${p.officialId} takes the place of ${p.via.vacatedBy}, who is not placed`);
      else if (leaverPost !== p.targetPositionId)
        problems.push(`${p.officialId} takes the place of ${p.via.vacatedBy}, who does not leave ${p.targetPositionId}`);
      if (vacatedUse.has(p.via.vacatedBy)) problems.push(`the place of ${p.via.vacatedBy} is taken twice`);
      vacatedUse.add(p.via.vacatedBy);
      const post = positionsById.get(p.targetPositionId);
      if (post && post.holders > post.headcount)
        problems.push(`${p.officialId} takes a vacated place in over-filled ${p.targetPositionId}`);
    }
  }
  for (const [positionId, used] of vacancyUse) {
    const post = positionsById.get(positionId);
    if (post && used > vacancies(post)) problems.push(`${positionId}: ${used} vacancies used of ${vacancies(post)}`);
  }
  for (const [positionId, count] of movedIn) {
    const post = positionsById.get(positionId);
    if (!post) continue;
    const leaving = result.placements.filter(
      (p) => candidatesById.get(p.officialId)?.currentPositionId === positionId,
    ).length;
    if (count > placesIn(post, leaving)) problems.push(`${positionId}: ${count} movers in, room for ${placesIn(post, leaving)}`);
  }
  for (const u of result.unarranged) {
    const candidate = candidatesById.get(u.officialId);
    if (!candidate) continue;
    const expected = allowedTargetIds(candidate, input.positions).length === 0 ? 'NO_FEASIBLE_TARGET' : 'NO_FREE_PLACE';
    if (u.why !== expected) problems.push(`${u.officialId}: why ${u.why}, expected ${expected}`);
  }
  return problems;
}
