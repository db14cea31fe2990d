/** Bounded concurrency for the loaders (the seed, an import, the bench). */

/**
 * Runs `work` for every item with at most `concurrency` in flight. The first failure stops new work and is
 * rethrown once the calls already in flight have settled, so nothing is left running behind the caller's back.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await work(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}
