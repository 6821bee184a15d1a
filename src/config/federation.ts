/**
 * The `--federation` setting: which remote SPARQL endpoints a query's SERVICE clause may call. Parsed with the
 * rest of the configuration; src/server/federation.ts enforces it (and holds the SPARQL machinery, which the
 * configuration does not need to load).
 *
 * @example
 *   parseAllowlist('wikidata, http://127.0.0.1:8890/sparql'); // [WIKIDATA_SPARQL, 'http://127.0.0.1:8890/sparql']
 */

/** Wikidata's public SPARQL service, what `wikidata` stands for in the allowlist. */
export const WIKIDATA_SPARQL = 'https://query.wikidata.org/sparql';

/** Parse the `--federation` value: comma-separated endpoint IRIs; `wikidata` stands for Wikidata's service. */
export function parseAllowlist(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '' || raw.trim() === 'off') return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.toLowerCase() === 'wikidata' ? WIKIDATA_SPARQL : s));
}
