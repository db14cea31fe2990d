/**
 * Where a use case's time goes, without touching it: the deps it is given are wrapped so that every store call is
 * timed. Calls run concurrently (the aggregates are read 16 at a time), so each phase is reported as the wall-clock
 * time it covers (the union of its calls' intervals), not the sum of its calls; what no store call covers is the use
 * case's own work on the event loop (for the drafting: feasibility rules, placement, building the items).
 */
import type { UseCaseDeps } from '../../shared/use-cases/context';

interface Call {
  name: string;
  start: number;
  end: number;
}

export interface PhaseFigure {
  phase: string;
  calls: number;
  /** Wall-clock milliseconds covered by at least one of the phase's calls. */
  wallMs: number;
}

export interface Profile {
  /** The deps to pass to the use case: the same stores, every method timed. */
  deps: UseCaseDeps;
  /** Calls recorded since the last take(), grouped into `phases` (store.method -> phase), and starts afresh. */
  take(totalMs: number, phases: Record<string, string>, rest: string): PhaseFigure[];
}

/** The stores whose methods all return promises (the audit log is not read while drafting). */
const STORES = ['organisation', 'officials', 'proposals'] as const;

export function profileDeps(deps: UseCaseDeps): Profile {
  let calls: Call[] = [];
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  const wrap = <T extends object>(storeName: string, store: T): T =>
    new Proxy(store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        const name = `${storeName}.${String(key)}`;
        return async (...args: unknown[]) => {
          const start = now();
          try {
            return await (value as (...a: unknown[]) => unknown).apply(target, args);
          } finally {
            calls.push({ name, start, end: now() });
          }
        };
      },
    });
  const wrapped = { ...deps };
  for (const s of STORES) (wrapped as Record<string, unknown>)[s] = wrap(s, deps[s] as object);
  return {
    deps: wrapped,
    take(totalMs, phases, rest) {
      const recorded = calls;
      calls = [];
      const byPhase = new Map<string, Call[]>();
      for (const c of recorded) {
        const phase = phases[c.name] ?? c.name;
        byPhase.set(phase, [...(byPhase.get(phase) ?? []), c]);
      }
      const figures: PhaseFigure[] = [...byPhase].map(([phase, list]) => ({ phase, calls: list.length, wallMs: round(union(list)) }));
      figures.push({ phase: rest, calls: 0, wallMs: round(Math.max(0, totalMs - union(recorded))) });
      return figures;
    },
  };
}

/** Milliseconds covered by at least one interval. */
function union(intervals: Call[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let covered = 0;
  let start = -Infinity;
  let end = -Infinity;
  for (const c of sorted) {
    if (c.start > end) {
      covered += end - start > 0 && Number.isFinite(start) ? end - start : 0;
      start = c.start;
      end = c.end;
    } else end = Math.max(end, c.end);
  }
  if (Number.isFinite(start)) covered += end - start;
  return covered;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
