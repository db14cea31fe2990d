/**
 * Properties of the domain rules, over generated inputs (fast-check, fixed seeds so a failure reproduces; fast-check
 * prints the seed and the shrunk counterexample). The table-driven tests in test/domain pin the examples; these pin
 * the laws that must hold for every input:
 * - tenure: the result does not depend on the order assignments are given in, and for one chain the status never
 *   goes back (ok -> approaching -> overdue) as the date moves forward;
 * - placement: feasible targets computed from an official's history, then placed: every placement passes the target
 *   rules and the headcounts, and no fewer candidates are placed than a brute-force optimum;
 * - retirement: a later birth never retires earlier, for each sex.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareDates } from '../../shared/domain/dates';
import {
  feasibleTargets,
  placeCandidates,
  targetRuleViolations,
  type CandidateFacts,
  type PlacementInput,
  type PlacementPosition,
} from '../../shared/domain/placement';
import { statutoryRetirementDate } from '../../shared/domain/retirement';
import { computeTenure, type AssignmentFact, type PositionFact } from '../../shared/domain/tenure';
import { ASSIGNMENT_KINDS, GENDERS, POSITION_CATEGORIES, type TenureStatus } from '../../shared/domain/types';
import { bruteForcePlacement, placementProblems } from '../domain/placement-brute-force';

const BASE = '2000-01-01';
const day = (offset: number) => addDays(BASE, offset);

// ------------------------------------------------------------------------------------------------------------
// Tenure chains
// ------------------------------------------------------------------------------------------------------------

const POSITIONS: ReadonlyMap<string, PositionFact> = new Map<string, PositionFact>([
  ['P1', { id: 'P1', unitId: 'U1', title: 'Chuyên viên', category: 'specialist' }],
  ['P2', { id: 'P2', unitId: 'U1', title: 'Kế toán', category: 'specialist', rotationPeriodMonths: 36 }],
  ['P3', { id: 'P3', unitId: 'U2', title: 'Trưởng phòng', category: 'leadership', rotationPeriodMonths: 24 }],
]);

/**
 * A history as HR records it: consecutive assignments, each starting after a gap of -3..400 days from the previous
 * end (negative: an overlap, which bad data can hold), some open-ended, some concurrent (not primary).
 */
const history = fc
  .array(
    fc.record({
      positionId: fc.constantFrom('P1', 'P2', 'P3'),
      gap: fc.oneof(fc.constant(1), fc.integer({ min: -3, max: 400 })),
      length: fc.integer({ min: 1, max: 5000 }),
      open: fc.boolean(),
      kind: fc.constantFrom(...ASSIGNMENT_KINDS),
      primary: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
    { minLength: 1, maxLength: 7 },
  )
  .map((steps) => {
    let cursor = 0;
    return steps.map((s, i): AssignmentFact => {
      const start = cursor + s.gap;
      const end = start + s.length - 1;
      cursor = end;
      const last = i === steps.length - 1;
      return {
        id: `A${String(i).padStart(2, '0')}`,
        positionId: s.positionId,
        startDate: day(Math.max(0, start)),
        ...(s.open && last ? {} : { endDate: day(Math.max(0, end)) }),
        kind: s.kind,
        primary: s.primary,
      };
    });
  });

const RANK: Record<TenureStatus, number> = { ok: 0, approaching: 1, overdue: 2 };

describe('property: tenure chains', { timeout: 120_000 }, () => {
  it('the tenure does not depend on the order the assignments are given in', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 12000 }), fc.integer(), (assignments, asOfOffset, seed) => {
        const asOf = day(asOfOffset);
        const reference = computeTenure({ officialId: 'O1', asOf, assignments, positions: POSITIONS });
        const shuffled = shuffle(assignments, seed);
        expect(computeTenure({ officialId: 'O1', asOf, assignments: shuffled, positions: POSITIONS })).toEqual(reference);
      }),
      { seed: 1201, numRuns: 1500 },
    );
  });

  it('for one chain, the status never goes back as asOf moves forward', () => {
    let sameChainPairs = 0;
    let rose = 0;
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: 0, max: 12000 }),
        fc.integer({ min: 1, max: 4000 }),
        fc.integer({ min: 1, max: 24 }),
        (assignments, from, step, warnMonths) => {
          const earlier = computeTenure({ officialId: 'O1', asOf: day(from), assignments, positions: POSITIONS, warnMonths });
          const later = computeTenure({ officialId: 'O1', asOf: day(from + step), assignments, positions: POSITIONS, warnMonths });
          // The chain has not ended in between: same start, same post in force.
          if (earlier.chainStart === null || earlier.chainStart !== later.chainStart) return;
          if (earlier.positionId !== later.positionId) return;
          sameChainPairs++;
          if (RANK[later.status] > RANK[earlier.status]) rose++;
          expect(RANK[later.status], `${earlier.status} on ${day(from)} then ${later.status} on ${day(from + step)}`)
            .toBeGreaterThanOrEqual(RANK[earlier.status]);
          expect(later.years).toBeGreaterThanOrEqual(earlier.years);
          expect(later.dueDate).toBe(earlier.dueDate);
        },
      ),
      { seed: 1202, numRuns: 3000 },
    );
    // The generator must reach the interesting cases, not only pairs across chains.
    expect(sameChainPairs).toBeGreaterThan(300);
    expect(rose).toBeGreaterThan(50);
  });

  it('every day of an open chain: once overdue, overdue until the chain ends', () => {
    fc.assert(
      fc.property(history, (assignments) => {
        let previous: { status: TenureStatus; chainStart: string | null; positionId: string | null } | undefined;
        // Walk the whole history month by month (30-day steps) and a year past its end.
        for (let offset = 0; offset < 14000; offset += 30) {
          const t = computeTenure({ officialId: 'O1', asOf: day(offset), assignments, positions: POSITIONS });
          if (previous && previous.chainStart === t.chainStart && previous.positionId === t.positionId && t.chainStart)
            expect(RANK[t.status]).toBeGreaterThanOrEqual(RANK[previous.status]);
          previous = t;
        }
      }),
      { seed: 1203, numRuns: 200 },
    );
  });
});

// ------------------------------------------------------------------------------------------------------------
// Placement: feasibility from histories, then the solver
// ------------------------------------------------------------------------------------------------------------

const EFFECTIVE = '2026-07-01';

/** Up to 6 posts in 2 agencies and 4 units, up to 6 candidates with histories in those units. */
const placementCase = fc.integer({ min: 2, max: 6 }).chain((postCount) =>
  fc.record({
    posts: fc.array(
      fc.record({
        unit: fc.integer({ min: 0, max: 3 }),
        category: fc.constantFrom(...POSITION_CATEGORIES),
        headcount: fc.integer({ min: 0, max: 2 }),
        others: fc.integer({ min: 0, max: 1 }),
      }),
      { minLength: postCount, maxLength: postCount },
    ),
    candidates: fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: postCount - 1 }),
        urgency: fc.integer({ min: 0, max: 3 }),
        demote: fc.boolean(),
        // Earlier duties: a unit and how many days before the effective date it ended (some within 5 years).
        past: fc.array(fc.record({ unit: fc.integer({ min: 0, max: 3 }), endedDaysAgo: fc.integer({ min: 1, max: 3000 }) }), {
          maxLength: 2,
        }),
        transfer: fc.boolean(),
      }),
      { maxLength: 6 },
    ),
  }),
);

type RawCase = typeof placementCase extends fc.Arbitrary<infer T> ? T : never;

function buildPlacement(raw: RawCase) {
  const agencyOf = (unit: number) => (unit < 2 ? 'A1' : 'A2');
  const sitting = raw.posts.map((_, i) => raw.candidates.filter((c) => c.at === i).length);
  const positions: PlacementPosition[] = raw.posts.map((p, i) => ({
    id: `P${i}`,
    unitId: `U${p.unit}`,
    agencyId: agencyOf(p.unit),
    category: p.category,
    headcount: p.headcount,
    holders: p.others + sitting[i],
    title: `Vị trí ${i}`,
    unitName: `Phòng ${p.unit}`,
  }));
  const facts = raw.candidates.map((c): CandidateFacts => {
    const current = positions[c.at];
    const own = current.agencyId;
    return {
      currentPositionId: current.id,
      category: current.category,
      demote: c.demote,
      allowedAgencyIds: c.transfer ? ['A1', 'A2'].filter((a) => a !== own) : [own],
      primaryAssignments: [
        { unitId: current.unitId, startDate: '2015-01-01' },
        ...c.past.map((p) => ({
          unitId: `U${p.unit}`,
          startDate: addDays(EFFECTIVE, -p.endedDaysAgo - 400),
          endDate: addDays(EFFECTIVE, -p.endedDaysAgo),
        })),
      ],
    };
  });
  const rules = { effectiveDate: EFFECTIVE };
  const input: PlacementInput = {
    effectiveDate: EFFECTIVE,
    positions,
    candidates: raw.candidates.map((c, k) => ({
      officialId: `C${k}`,
      fullName: `Nguyễn Văn ${k}`,
      currentPositionId: positions[c.at].id,
      urgency: c.urgency,
      allowedTargets: feasibleTargets(facts[k], positions, rules),
    })),
  };
  return { input, facts, positions, rules };
}

describe('property: placement', { timeout: 120_000 }, () => {
  it('every placement passes the target rules and the headcounts, and places as many as the brute force', () => {
    let placedSomeone = 0;
    fc.assert(
      fc.property(placementCase, (raw) => {
        const { input, facts, positions, rules } = buildPlacement(raw);
        const result = placeCandidates(input);
        // Re-check each placement against the rules themselves, not against the solver's input.
        for (const p of result.placements) {
          const k = Number(p.officialId.slice(1));
          const target = positions.find((x) => x.id === p.targetPositionId)!;
          expect(targetRuleViolations(facts[k], target, rules), `${p.officialId} -> ${p.targetPositionId}`).toEqual([]);
        }
        // Headcounts: movers in never exceed vacancies plus the places leavers free; each place taken once.
        expect(placementProblems(input, result)).toEqual([]);
        expect(result.placements.length).toBe(bruteForcePlacement(input).placed.length);
        if (result.placements.length > 0) placedSomeone++;
      }),
      { seed: 1204, numRuns: 800 },
    );
    expect(placedSomeone).toBeGreaterThan(100);
  });
});

// ------------------------------------------------------------------------------------------------------------
// Retirement
// ------------------------------------------------------------------------------------------------------------

describe('property: retirement', { timeout: 120_000 }, () => {
  // Births from 1940 to 2010: from those retired before the roadmap to those under its caps.
  const birth = fc.integer({ min: 0, max: 70 * 366 }).map((n) => addDays('1940-01-01', n));

  it.each(GENDERS)('a later birth never retires earlier (%s)', (gender) => {
    fc.assert(
      fc.property(birth, birth, (a, b) => {
        const [earlier, later] = compareDates(a, b) <= 0 ? [a, b] : [b, a];
        const r1 = statutoryRetirementDate(gender, earlier);
        const r2 = statutoryRetirementDate(gender, later);
        expect(compareDates(r1, r2), `${earlier} -> ${r1}, ${later} -> ${r2}`).toBeLessThanOrEqual(0);
        // Retirement is after the birth by at least the 2021 age, and falls on the last day of a month.
        expect(compareDates(r1, earlier)).toBeGreaterThan(0);
        expect(addDays(r1, 1).endsWith('-01')).toBe(true);
      }),
      { seed: 1205, numRuns: 3000 },
    );
  });

  it.each(GENDERS)('consecutive days of birth: retirement never moves back (%s)', (gender) => {
    let previous = statutoryRetirementDate(gender, '1955-01-01');
    for (let d = addDays('1955-01-01', 1); compareDates(d, '1985-12-31') <= 0; d = addDays(d, 1)) {
      const next = statutoryRetirementDate(gender, d);
      if (compareDates(next, previous) < 0) expect.fail(`${gender} born ${d} retires ${next}, before the day before's ${previous}`);
      previous = next;
    }
  });
});

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
