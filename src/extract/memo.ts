/**
 * A per-process answer cache for pure functions of a string (script conversion, spelling keys, word classes) that
 * the extractor asks about the same words many times. Bounded: past `limit` entries it starts afresh, so a long run
 * of distinct words cannot grow it without end.
 *
 * @example
 *   const keyOf = memoized(computeKey, 50_000);
 *   keyOf('Varro') === keyOf('Varro'); // computed once
 */
export function memoized<T>(compute: (key: string) => T, limit = 20_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string): T => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    if (cache.size > limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}
