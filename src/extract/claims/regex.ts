/**
 * Compiled patterns shared across sentences and records. The claim stages build patterns from lexicon words
 * (the same for every sentence) and from person names (the same for every sentence of a record); compiling
 * them once is most of their cost.
 */
const cache = new Map<string, RegExp>();

/**
 * The RegExp for a source and flags, compiled once. Callers must not keep a global ('g'/'y') pattern's lastIndex
 * across calls: String.prototype.replace/match/matchAll leave it usable; with exec loops set lastIndex = 0 first.
 */
export function cachedRegExp(source: string, flags: string): RegExp {
  const k = `${flags}/${source}`;
  let re = cache.get(k);
  if (!re) {
    if (cache.size >= 5000) cache.clear(); // a bound: some sources come from record text (names)
    re = new RegExp(source, flags);
    cache.set(k, re);
  }
  return re;
}

/** Escapes a string for use inside a RegExp. */
export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A value derived from the claim lexicon once (the lexicon is read once per process; tests may pass another).
 * @example const pattern = perLexicon((lex) => new RegExp(lex.reportingVerbsEn.join('|')));
 */
export function perLexicon<L extends object, T>(build: (lex: L) => T): (lex: L) => T {
  const memo = new WeakMap<L, T>();
  return (lex) => {
    let v = memo.get(lex);
    if (v === undefined) {
      v = build(lex);
      memo.set(lex, v);
    }
    return v;
  };
}
