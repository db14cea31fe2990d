/**
 * `npx tsx bench/placement.ts`: times the pure placement solver (shared/domain/placement.ts) alone, on synthetic
 * agencies shaped like a real draft: every post full but a few, candidates sitting in distinct posts, each with a
 * large set of feasible targets, so most placements are swaps and chains. It asserts nothing; not part of
 * `npm run bench` (bench/run.ts times the whole drafting through the API).
 *
 * Env: PLACEMENT_RUNS (timed runs per shape, 15).
 */
import { performance } from 'node:perf_hooks';
import {
  groupDependentPlacements,
  placeCandidates,
  type PlacementCandidate,
  type PlacementInput,
  type PlacementPosition,
} from '../shared/domain/placement';

interface Shape {
  candidates: number;
  positions: number;
  vacancies: number;
  targetsEach: number;
}

/** mulberry32: the same instance on every run. */
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

function instance(shape: Shape, seed: number): PlacementInput {
  const random = seededRandom(seed);
  const positions: PlacementPosition[] = Array.from({ length: shape.positions }, (_, i) => ({
    id: `pos-${String(i).padStart(4, '0')}`,
    unitId: `unit-${i % 40}`,
    agencyId: 'agency-1',
    category: 'specialist',
    headcount: 1,
    holders: i < shape.vacancies ? 0 : 1, // the first `vacancies` posts are empty, the rest full
    title: `Chuyên viên ${i}`,
    unitName: `Phòng ${i % 40}`,
  }));
  const candidates: PlacementCandidate[] = Array.from({ length: shape.candidates }, (_, k) => {
    const current = positions[shape.vacancies + k].id; // distinct, held posts
    const targets = new Set<string>();
    while (targets.size < shape.targetsEach) {
      const p = positions[Math.floor(random() * positions.length)];
      if (p.id !== current) targets.add(p.id);
    }
    return {
      officialId: `off-${String(k).padStart(4, '0')}`,
      fullName: `Nguyễn Văn ${k}`,
      currentPositionId: current,
      urgency: Math.floor(random() * 400), // days overdue, with ties
      allowedTargets: targets,
    };
  });
  return { effectiveDate: '2026-07-01', positions, candidates };
}

const runs = Number(process.env.PLACEMENT_RUNS ?? 15);
const shapes: Shape[] = [
  { candidates: 200, positions: 400, vacancies: 60, targetsEach: 100 },
  { candidates: 200, positions: 400, vacancies: 60, targetsEach: 10 },
  { candidates: 200, positions: 400, vacancies: 20, targetsEach: 2 },
  { candidates: 200, positions: 400, vacancies: 10, targetsEach: 300 },
  { candidates: 500, positions: 1000, vacancies: 100, targetsEach: 200 },
];
for (const shape of shapes) {
  const input = instance(shape, 42);
  placeCandidates(input); // warm-up: JIT
  const times: number[] = [];
  let result = placeCandidates(input);
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    result = placeCandidates(input);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const groups = groupDependentPlacements(result.placements);
  console.log(
    `${shape.candidates} candidates, ${shape.positions} posts, ${shape.vacancies} vacancies, ${shape.targetsEach} targets each: ` +
      `median ${times[Math.floor(times.length / 2)].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms; ` +
      `placed ${result.placements.length}, via a vacated post ${result.placements.filter((p) => p.via !== 'vacancy').length}, ` +
      `${groups.length} groups (largest ${Math.max(0, ...groups.map((g) => g.length))})`,
  );
}
