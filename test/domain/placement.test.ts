import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareByUrgency,
  feasibleTargets,
  groupDependentPlacements,
  placeCandidates,
  recentServiceWindow,
  targetRuleViolations,
  unitsServedRecently,
  vacanciesOf,
  type CandidateFacts,
  type Placement,
  type PlacementCandidate,
  type PlacementInput,
  type PlacementPosition,
} from '../../shared/domain/placement';
import type { PositionCategory } from '../../shared/domain/types';
import { bruteForcePlacement, placementProblems } from './placement-brute-force';

const EFFECTIVE = '2026-07-01';

function post(
  id: string,
  occupancy: { headcount: number; holders: number },
  more: Partial<PlacementPosition> = {},
): PlacementPosition {
  return {
    id,
    unitId: `unit-${id}`,
    agencyId: 'agency-1',
    category: 'specialist',
    title: `Chuyên viên ${id}`,
    unitName: `Phòng ${id}`,
    ...occupancy,
    ...more,
  };
}
/** A post with `n` vacancies and nobody in it. */
const vacant = (id: string, n = 1) => post(id, { headcount: n, holders: 0 });
/** A full post of one, held by a candidate (or anyone). */
const held = (id: string) => post(id, { headcount: 1, holders: 1 });

function candidate(officialId: string, currentPositionId: string, urgency: number, targets: string[]): PlacementCandidate {
  return { officialId, fullName: `Nguyễn Văn ${officialId}`, currentPositionId, urgency, allowedTargets: targets };
}

function place(positions: PlacementPosition[], candidates: PlacementCandidate[]) {
  const input: PlacementInput = { effectiveDate: EFFECTIVE, positions, candidates };
  const result = placeCandidates(input);
  expect(placementProblems(input, result)).toEqual([]);
  return result;
}
const placedIds = (r: { placements: Placement[] }) => r.placements.map((p) => p.officialId);
const targetsOf = (r: { placements: Placement[] }) =>
  Object.fromEntries(r.placements.map((p) => [p.officialId, p.targetPositionId]));

/**
 * First-fit greedy, for comparison only: most overdue first, each candidate takes the first allowed target (in the
 * order given) that has a vacancy or a place freed by a candidate already moved.
 */
function firstFitGreedyCount(input: PlacementInput): number {
  const free = new Map(input.positions.map((p) => [p.id, vacanciesOf(p)]));
  let placed = 0;
  for (const c of [...input.candidates].sort(compareByUrgency)) {
    const target = [...(c.allowedTargets as string[])].find((t) => (free.get(t) ?? 0) > 0);
    if (target === undefined) continue;
    free.set(target, free.get(target)! - 1);
    free.set(c.currentPositionId, (free.get(c.currentPositionId) ?? 0) + 1);
    placed++;
  }
  return placed;
}

describe('placement beats first-fit greedy', () => {
  it.each<{ name: string; positions: PlacementPosition[]; candidates: PlacementCandidate[]; greedy: number; targets: Record<string, string> }>([
    {
      // Greedy: A takes V1 (its first choice), B finds V1 full: 1 placed. Optimum: 2.
      name: 'two candidates, two vacancies, the urgent one flexible',
      positions: [held('PA'), held('PB'), vacant('V1'), vacant('V2')],
      candidates: [candidate('A', 'PA', 30, ['V1', 'V2']), candidate('B', 'PB', 10, ['V1'])],
      greedy: 1,
      targets: { A: 'V2', B: 'V1' },
    },
    {
      // Greedy: A takes V1, B finds V1 full and stays, so B's post never frees: 1 placed. Optimum: B into V1 and A
      // into the post B leaves, 2.
      name: 'a chain greedy does not see',
      positions: [held('PA'), held('PB'), vacant('V1')],
      candidates: [candidate('A', 'PA', 30, ['V1', 'PB']), candidate('B', 'PB', 10, ['V1'])],
      greedy: 1,
      targets: { A: 'PB', B: 'V1' },
    },
    {
      // Greedy: A -> V1, B -> V2, C finds V1 full: 2 placed. Optimum: A -> V2, B -> V3, C -> V1, 3.
      name: 'three candidates on a path of choices',
      positions: [held('PA'), held('PB'), held('PC'), vacant('V1'), vacant('V2'), vacant('V3')],
      candidates: [
        candidate('A', 'PA', 30, ['V1', 'V2']),
        candidate('B', 'PB', 20, ['V2', 'V3']),
        candidate('C', 'PC', 10, ['V1']),
      ],
      greedy: 2,
      targets: { A: 'V2', B: 'V3', C: 'V1' },
    },
  ])('$name', ({ positions, candidates, greedy, targets }) => {
    const result = place(positions, candidates);
    expect(firstFitGreedyCount({ effectiveDate: EFFECTIVE, positions, candidates })).toBe(greedy);
    expect(result.placements.length).toBeGreaterThan(greedy);
    expect(targetsOf(result)).toEqual(targets);
    expect(result.unarranged).toEqual([]);
  });
});

describe('swaps, chains and cycles', () => {
  it('two officials swap posts with no vacancy anywhere', () => {
    const result = place([held('P1'), held('P2')], [candidate('A', 'P1', 10, ['P2']), candidate('B', 'P2', 5, ['P1'])]);
    expect(result.placements).toEqual([
      { officialId: 'A', targetPositionId: 'P2', via: { vacatedBy: 'B' } },
      { officialId: 'B', targetPositionId: 'P1', via: { vacatedBy: 'A' } },
    ]);
    expect(groupDependentPlacements(result.placements).map((g) => g.map((p) => p.officialId))).toEqual([['A', 'B']]);
  });

  it('a three-post chain ends in a vacancy: A into B’s post, B into C’s, C into the vacancy', () => {
    const result = place(
      [held('P1'), held('P2'), held('P3'), vacant('V')],
      [candidate('A', 'P1', 30, ['P2']), candidate('B', 'P2', 20, ['P3']), candidate('C', 'P3', 10, ['V'])],
    );
    expect(result.placements).toEqual([
      { officialId: 'A', targetPositionId: 'P2', via: { vacatedBy: 'B' } },
      { officialId: 'B', targetPositionId: 'P3', via: { vacatedBy: 'C' } },
      { officialId: 'C', targetPositionId: 'V', via: 'vacancy' },
    ]);
    expect(groupDependentPlacements(result.placements)).toHaveLength(1);
  });

  it('a three-cycle with no vacancy: each takes the next one’s post', () => {
    const result = place(
      [held('P1'), held('P2'), held('P3')],
      [candidate('A', 'P1', 1, ['P2']), candidate('B', 'P2', 1, ['P3']), candidate('C', 'P3', 1, ['P1'])],
    );
    expect(result.placements).toEqual([
      { officialId: 'A', targetPositionId: 'P2', via: { vacatedBy: 'B' } },
      { officialId: 'B', targetPositionId: 'P3', via: { vacatedBy: 'C' } },
      { officialId: 'C', targetPositionId: 'P1', via: { vacatedBy: 'A' } },
    ]);
  });

  it('a chain cut short: without anyone to take B’s post, nobody moves into it', () => {
    const result = place(
      [held('P1'), held('P2'), held('P3')],
      [candidate('A', 'P1', 30, ['P2']), candidate('B', 'P2', 20, ['P3'])],
    );
    expect(result.placements).toEqual([]);
    expect(result.unarranged).toEqual([
      { officialId: 'A', why: 'NO_FREE_PLACE' },
      { officialId: 'B', why: 'NO_FREE_PLACE' },
    ]);
  });
});

describe('the most overdue first, but never at the cost of the count', () => {
  it('two candidates compete for one place: the more overdue wins', () => {
    const result = place(
      [held('P1'), held('P2'), vacant('V')],
      [candidate('LESS', 'P1', 100, ['V']), candidate('MORE', 'P2', 400, ['V'])],
    );
    expect(placedIds(result)).toEqual(['MORE']);
    expect(result.unarranged).toEqual([{ officialId: 'LESS', why: 'NO_FREE_PLACE' }]);
  });

  it('equal urgency: the smaller officialId wins, whatever the input order', () => {
    const positions = [held('P1'), held('P2'), vacant('V')];
    const a = candidate('off-a', 'P1', 7, ['V']);
    const b = candidate('off-b', 'P2', 7, ['V']);
    expect(placedIds(place(positions, [a, b]))).toEqual(['off-a']);
    expect(placedIds(place(positions, [b, a]))).toEqual(['off-a']);
  });

  it('placing the most overdue would cost a place: the count wins', () => {
    // A into V alone places 1; B into V with C into B's post places 2.
    const result = place(
      [held('PA'), held('PB'), held('PC'), vacant('V')],
      [candidate('A', 'PA', 300, ['V']), candidate('B', 'PB', 200, ['V']), candidate('C', 'PC', 100, ['PB'])],
    );
    expect(targetsOf(result)).toEqual({ B: 'V', C: 'PB' });
    expect(result.unarranged).toEqual([{ officialId: 'A', why: 'NO_FREE_PLACE' }]);
  });

  it('at equal size the set with the most overdue is kept, even if the others are many and also overdue', () => {
    // Size-2 placements: {A, D} (A -> V1, D -> V2) or {B, C} (B -> V1, C -> V2). Not both, one vacancy each.
    const result = place(
      [held('PA'), held('PB'), held('PC'), held('PD'), vacant('V1'), vacant('V2')],
      [
        candidate('A', 'PA', 40, ['V1']),
        candidate('B', 'PB', 30, ['V1']),
        candidate('C', 'PC', 20, ['V2']),
        candidate('D', 'PD', 10, ['V2']),
      ],
    );
    expect(placedIds(result)).toEqual(['A', 'C']);
  });
});

describe('vacancy arithmetic', () => {
  it.each([
    [3, 2, 1],
    [2, 2, 0],
    [5, 0, 5],
    [1, 3, 0],
  ])('headcount %i, holders %i: %i vacancies', (headcount, holders, expected) => {
    expect(vacanciesOf({ headcount, holders })).toBe(expected);
  });

  it('headcount 3 with 2 holders takes one of two candidates', () => {
    const result = place(
      [held('P1'), held('P2'), post('T', { headcount: 3, holders: 2 })],
      [candidate('X', 'P1', 1, ['T']), candidate('Y', 'P2', 2, ['T'])],
    );
    expect(result.placements).toEqual([{ officialId: 'Y', targetPositionId: 'T', via: 'vacancy' }]);
  });

  it('two candidates leaving a full headcount-2 post free two places', () => {
    const result = place(
      [post('P', { headcount: 2, holders: 2 }), vacant('V1'), vacant('V2'), held('Q1'), held('Q2')],
      [
        candidate('A', 'P', 40, ['V1']),
        candidate('B', 'P', 30, ['V2']),
        candidate('C', 'Q1', 20, ['P']),
        candidate('D', 'Q2', 10, ['P']),
      ],
    );
    expect(result.placements).toEqual([
      { officialId: 'A', targetPositionId: 'V1', via: 'vacancy' },
      { officialId: 'B', targetPositionId: 'V2', via: 'vacancy' },
      { officialId: 'C', targetPositionId: 'P', via: { vacatedBy: 'A' } },
      { officialId: 'D', targetPositionId: 'P', via: { vacatedBy: 'B' } },
    ]);
    expect(groupDependentPlacements(result.placements).map((g) => g.map((p) => p.officialId))).toEqual([
      ['A', 'C'],
      ['B', 'D'],
    ]);
  });

  it('a post with a vacancy and a leaver: the vacancy goes to the most overdue mover in, the leaver’s place next', () => {
    const result = place(
      [post('P', { headcount: 2, holders: 1 }), vacant('V'), held('Q1'), held('Q2')],
      [candidate('A', 'P', 10, ['V']), candidate('C', 'Q1', 30, ['P']), candidate('D', 'Q2', 20, ['P'])],
    );
    expect(result.placements).toEqual([
      { officialId: 'C', targetPositionId: 'P', via: 'vacancy' },
      { officialId: 'D', targetPositionId: 'P', via: { vacatedBy: 'A' } },
      { officialId: 'A', targetPositionId: 'V', via: 'vacancy' },
    ]);
  });

  it('leaving an over-filled post frees no place: it would stay above its headcount', () => {
    // Headcount 1, 2 holders (A among them): if A leaves, 1 holder remains and the post is full.
    const result = place(
      [post('P', { headcount: 1, holders: 2 }), vacant('V'), held('Q')],
      [candidate('A', 'P', 20, ['V']), candidate('C', 'Q', 10, ['P'])],
    );
    expect(result.placements).toEqual([{ officialId: 'A', targetPositionId: 'V', via: 'vacancy' }]);
    expect(result.unarranged).toEqual([{ officialId: 'C', why: 'NO_FREE_PLACE' }]);
  });

  it('candidates with no feasible target and with targets but no free place are told apart', () => {
    const result = place([held('P1'), held('P2'), held('P3')], [
      candidate('NONE', 'P1', 5, []),
      candidate('FULL', 'P2', 4, ['P3']),
      candidate('SELF', 'P3', 3, ['P3']), // only its own post: nothing feasible
    ]);
    expect(result.unarranged).toEqual([
      { officialId: 'NONE', why: 'NO_FEASIBLE_TARGET' },
      { officialId: 'FULL', why: 'NO_FREE_PLACE' },
      { officialId: 'SELF', why: 'NO_FEASIBLE_TARGET' },
    ]);
  });

  it('a candidate whose current post is not in the input can still move; nobody can take its place', () => {
    const result = place([vacant('V'), held('Q')], [candidate('A', 'ELSEWHERE', 2, ['V']), candidate('B', 'Q', 1, ['ELSEWHERE'])]);
    expect(result.placements).toEqual([{ officialId: 'A', targetPositionId: 'V', via: 'vacancy' }]);
    expect(result.unarranged).toEqual([{ officialId: 'B', why: 'NO_FEASIBLE_TARGET' }]);
  });

  it('a predicate and a set of ids give the same placement', () => {
    const positions = [held('P1'), held('P2'), vacant('V')];
    const bySet = place(positions, [candidate('A', 'P1', 2, ['P2']), candidate('B', 'P2', 1, ['V', 'P1'])]);
    const byPredicate = place(positions, [
      { ...candidate('A', 'P1', 2, []), allowedTargets: (p) => p.id === 'P2' },
      { ...candidate('B', 'P2', 1, []), allowedTargets: (p) => p.id !== 'P2' },
    ]);
    expect(byPredicate).toEqual(bySet);
  });

  it('refuses input that breaks its contract', () => {
    const positions = [held('P1'), vacant('V')];
    const a = candidate('A', 'P1', 1, ['V']);
    expect(() => placeCandidates({ effectiveDate: EFFECTIVE, positions, candidates: [a, a] })).toThrow(RangeError);
    expect(() => placeCandidates({ effectiveDate: EFFECTIVE, positions: [...positions, held('P1')], candidates: [] })).toThrow(
      RangeError,
    );
    expect(() =>
      placeCandidates({ effectiveDate: EFFECTIVE, positions, candidates: [a, candidate('B', 'P1', 2, ['V'])] }),
    ).toThrow(/1 holders but 2 candidates/);
    expect(() => placeCandidates({ effectiveDate: EFFECTIVE, positions, candidates: [{ ...a, urgency: NaN }] })).toThrow(
      RangeError,
    );
    expect(() => placeCandidates({ effectiveDate: '2026-02-30', positions, candidates: [] })).toThrow(RangeError);
  });
});

describe('groupDependentPlacements', () => {
  it('keeps independent placements alone and a chain together, in the order given', () => {
    const placements: Placement[] = [
      { officialId: 'X', targetPositionId: 'V1', via: 'vacancy' },
      { officialId: 'A', targetPositionId: 'P2', via: { vacatedBy: 'B' } },
      { officialId: 'Y', targetPositionId: 'V2', via: 'vacancy' },
      { officialId: 'C', targetPositionId: 'V3', via: 'vacancy' },
      { officialId: 'B', targetPositionId: 'P3', via: { vacatedBy: 'C' } },
    ];
    expect(groupDependentPlacements(placements).map((g) => g.map((p) => p.officialId))).toEqual([
      ['X'],
      ['A', 'C', 'B'],
      ['Y'],
    ]);
    expect(groupDependentPlacements([])).toEqual([]);
  });
});

describe('feasibleTargets', () => {
  const positions: PlacementPosition[] = [
    post('CURRENT', { headcount: 1, holders: 1 }, { unitId: 'unit-now' }),
    post('SAME-UNIT', { headcount: 1, holders: 0 }, { unitId: 'unit-now' }),
    post('OLD-UNIT', { headcount: 1, holders: 0 }, { unitId: 'unit-old' }),
    post('FRESH', { headcount: 1, holders: 0 }, { unitId: 'unit-fresh' }),
    post('LEAD', { headcount: 1, holders: 0 }, { unitId: 'unit-fresh', category: 'leadership' }),
    post('SUPPORT', { headcount: 1, holders: 0 }, { unitId: 'unit-fresh', category: 'support' }),
    post('OTHER-AGENCY', { headcount: 1, holders: 0 }, { unitId: 'unit-far', agencyId: 'agency-2' }),
  ];
  const facts = (oldUnitEnd: string, more: Partial<CandidateFacts> = {}): CandidateFacts => ({
    currentPositionId: 'CURRENT',
    category: 'specialist',
    allowedAgencyIds: ['agency-1'],
    primaryAssignments: [
      { unitId: 'unit-old', startDate: '2015-03-01', endDate: oldUnitEnd },
      { unitId: 'unit-now', startDate: '2026-01-01' },
    ],
    ...more,
  });
  const rules = { effectiveDate: EFFECTIVE };

  it('the window is effectiveDate - 5 years to the day before the effective date', () => {
    expect(recentServiceWindow('2026-07-01')).toEqual({ from: '2021-07-01', to: '2026-06-30' });
    expect(recentServiceWindow('2028-02-29')).toEqual({ from: '2023-02-28', to: '2028-02-28' });
  });

  it.each([
    ['2021-06-30', true], // ended the day before the window opens: more than 5 years ago
    ['2021-07-01', false], // ended exactly on effectiveDate - 5 years: served in the window
    ['2021-07-02', false],
  ])('a unit left on %s is a target: %s', (end, allowed) => {
    expect(feasibleTargets(facts(end), positions, rules).has('OLD-UNIT')).toBe(allowed);
  });

  it('an assignment that starts on the effective date is not service before it; the day before is', () => {
    const planned = (start: string) => ({
      ...facts('2019-01-01'),
      primaryAssignments: [{ unitId: 'unit-fresh', startDate: start }],
    });
    expect(unitsServedRecently(planned('2026-07-01').primaryAssignments, EFFECTIVE).has('unit-fresh')).toBe(false);
    expect(unitsServedRecently(planned('2026-06-30').primaryAssignments, EFFECTIVE).has('unit-fresh')).toBe(true);
  });

  it('same category, other units, allowed agency, never the current post', () => {
    expect([...feasibleTargets(facts('2019-12-31'), positions, rules)].sort()).toEqual(['FRESH', 'OLD-UNIT']);
  });

  it('a demotion takes a strictly lower category only', () => {
    const cases: [PositionCategory, string[]][] = [
      ['leadership', ['FRESH', 'SUPPORT']],
      ['specialist', ['SUPPORT']],
      ['support', []],
    ];
    for (const [category, expected] of cases)
      expect([...feasibleTargets(facts('2025-12-31', { category, demote: true }), positions, rules)].sort()).toEqual(
        expected,
      );
  });

  it('only the agencies the action allows', () => {
    const transfer = facts('2019-12-31', { allowedAgencyIds: ['agency-2'] });
    expect([...feasibleTargets(transfer, positions, rules)]).toEqual(['OTHER-AGENCY']);
    expect([...feasibleTargets(facts('2019-12-31', { allowedAgencyIds: [] }), positions, rules)]).toEqual([]);
  });

  it('names every rule a target breaks', () => {
    const f = facts('2025-12-31');
    const byId = (id: string) => positions.find((p) => p.id === id)!;
    expect(targetRuleViolations(f, byId('CURRENT'), rules)).toEqual(['CURRENT_POSITION', 'UNIT_SERVED_RECENTLY']);
    expect(targetRuleViolations(f, byId('OLD-UNIT'), rules)).toEqual(['UNIT_SERVED_RECENTLY']);
    expect(targetRuleViolations(f, byId('LEAD'), rules)).toEqual(['CATEGORY']);
    expect(targetRuleViolations(f, byId('OTHER-AGENCY'), rules)).toEqual(['AGENCY_NOT_ALLOWED']);
    expect(targetRuleViolations(f, byId('FRESH'), rules)).toEqual([]);
    expect(targetRuleViolations(f, byId('FRESH'), { effectiveDate: EFFECTIVE, lookbackYears: 0 })).toEqual([]);
  });
});

/** A small deterministic generator (mulberry32), so the shuffles below are the same on every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

describe('determinism', () => {
  it('shuffled candidates, positions and target lists give an identical result', () => {
    const random = seededRandom(7);
    const positions = Array.from({ length: 40 }, (_, i) =>
      post(`P${String(i).padStart(2, '0')}`, { headcount: 1 + (i % 3), holders: 1 + (i % 3) - (i % 7 === 0 ? 1 : 0) }),
    );
    const seatsLeft = new Map(positions.map((p) => [p.id, p.holders]));
    const candidates: PlacementCandidate[] = [];
    for (let i = 0; candidates.length < 45 && i < 1000; i++) {
      const current = positions[Math.floor(random() * positions.length)];
      if (seatsLeft.get(current.id)! === 0) continue;
      seatsLeft.set(current.id, seatsLeft.get(current.id)! - 1);
      const targets = positions.filter((p) => p.id !== current.id && random() < 0.12).map((p) => p.id);
      // Urgency ties on purpose: only officialId orders them.
      candidates.push(candidate(`O${String(candidates.length).padStart(3, '0')}`, current.id, Math.floor(random() * 5), targets));
    }
    const reference = place(positions, candidates);
    expect(reference.placements.length).toBeGreaterThan(10);
    expect(reference.placements.some((p) => p.via !== 'vacancy')).toBe(true);
    for (let round = 0; round < 20; round++) {
      const again = place(
        shuffled(positions, random),
        shuffled(candidates, random).map((c) => ({ ...c, allowedTargets: shuffled(c.allowedTargets as string[], random) })),
      );
      expect(again).toEqual(reference);
    }
  });
});

describe('property: the solver finds the brute force optimum', () => {
  /** Up to 6 posts and 7 candidates; holders = others + the candidates sitting there, so some posts are over-filled. */
  const instance = fc.integer({ min: 1, max: 6 }).chain((postCount) =>
    fc.record({
      // Small headcounts and few other holders: most posts full, so swaps and chains are common.
      posts: fc.array(fc.record({ headcount: fc.integer({ min: 0, max: 2 }), others: fc.integer({ min: 0, max: 1 }) }), {
        minLength: postCount,
        maxLength: postCount,
      }),
      candidates: fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: postCount - 1 }),
          urgency: fc.integer({ min: 0, max: 4 }),
          targets: fc.array(fc.boolean(), { minLength: postCount, maxLength: postCount }),
          asPredicate: fc.boolean(),
        }),
        { maxLength: 7 },
      ),
      seed: fc.integer(),
    }),
  );

  type RawInstance = typeof instance extends fc.Arbitrary<infer T> ? T : never;
  const build = ({ posts, candidates, seed }: RawInstance): PlacementInput => {
    const ids = posts.map((_, i) => `P${i}`);
    const sitting = ids.map((_, i) => candidates.filter((c) => c.at === i).length);
    const random = seededRandom(seed);
    return {
      effectiveDate: EFFECTIVE,
      positions: shuffled(
        posts.map((p, i) => post(ids[i], { headcount: p.headcount, holders: p.others + sitting[i] })),
        random,
      ),
      candidates: candidates.map((c, k) => {
        const targets = ids.filter((_, i) => c.targets[i]);
        return {
          ...candidate(`C${k}`, ids[c.at], c.urgency, shuffled(targets, random)),
          ...(c.asPredicate ? { allowedTargets: (p: PlacementPosition) => targets.includes(p.id) } : {}),
        };
      }),
    };
  };

  it('same placed set as brute force, and a valid placement, on 1000 random instances', () => {
    let nonTrivial = 0;
    fc.assert(
      fc.property(instance, (raw) => {
        const input = build(raw);
        const result = placeCandidates(input);
        expect(placementProblems(input, result)).toEqual([]);
        const best = bruteForcePlacement(input);
        expect(placedIds(result)).toEqual(best.placed);
        if (result.placements.some((p) => p.via !== 'vacancy')) nonTrivial++;
      }),
      { seed: 20260701, numRuns: 1000 },
    );
    // The generator must exercise swaps and chains, not only vacancies.
    expect(nonTrivial).toBeGreaterThan(80);
  });
});
