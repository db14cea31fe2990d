/** Small measuring helpers for the bench: percentiles, timing and a plain-text table. */

/**
 * The p-th percentile (0-100) of `samples` by the nearest-rank method, so a reported p95 is a latency that was
 * actually observed rather than an interpolation between two.
 */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export interface LatencySummary {
  runs: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/** p50 / p95 / min / max in milliseconds, rounded to 0.01 ms. */
export function summarize(samplesMs: number[]): LatencySummary {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    runs: samplesMs.length,
    p50: round(percentile(samplesMs, 50)),
    p95: round(percentile(samplesMs, 95)),
    min: round(Math.min(...samplesMs)),
    max: round(Math.max(...samplesMs)),
  };
}

/** Milliseconds that `work` took, with its result. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** A left-aligned first column and right-aligned figures, separated by two spaces, with a rule under the head. */
export function formatTable(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
