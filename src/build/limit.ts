/**
 * Run `fn` over `items` with at most `limit` calls in flight, results in input order. For the many small file
 * operations of a build (hashing record files, reading cache entries, hard-linking parts), which would otherwise
 * wait on each other one by one.
 *
 * @example
 *   const sizes = await mapLimit(paths, 32, async (p) => (await stat(p)).size);
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, run));
  return out;
}
