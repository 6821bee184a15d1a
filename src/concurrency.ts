/**
 * Run `fn` over `items` with at most `limit` calls in flight, results in input order. For many small I/O operations
 * (hashing record files, reading cache entries, hard-linking parts, sending graphs to a remote store) that would
 * otherwise wait on each other one by one. After the first failure no new item is started; the calls in flight
 * finish, then that first error is thrown.
 *
 * @example
 *   const sizes = await mapLimit(paths, 32, async (p) => (await stat(p)).size);
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const run = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T, i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, run));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return out;
}
