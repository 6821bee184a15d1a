/**
 * Labels for IRIs shown on pages, fetched in one query per page. English or untagged labels are preferred,
 * then any other; the ontology's labels (loaded in its graph) label the properties.
 */
import type { QueryService } from '../../store/types.js';
import { RDFS, SCHEMA, SKOS } from '../../vocab/index.js';
import { iriRef, isQueryableIri } from './sparql.js';

const LABEL_PREDICATES = [RDFS.label, SKOS.prefLabel, SCHEMA.name].map((t) => t.value);
const LABEL_PATH = LABEL_PREDICATES.map(iriRef).join('|');

// Keep the VALUES block of one query to a reasonable size.
const MAX_IRIS = 800;

function rank(lang: string): number {
  if (lang === 'en' || lang.startsWith('en-')) return 0;
  if (lang === '') return 1;
  return 2;
}

/** Picks the label to show from candidates: English first, then untagged, then the first in code-point order. */
export function pickLabel(candidates: ReadonlyArray<{ value: string; lang: string }>): string | undefined {
  let best: { value: string; lang: string } | undefined;
  for (const c of candidates) {
    if (!best) best = c;
    else {
      const r = rank(c.lang) - rank(best.lang);
      if (r < 0 || (r === 0 && c.value < best.value)) best = c;
    }
  }
  return best?.value;
}

/** Fetches one display label per IRI (IRIs without a label are absent from the map). */
export async function fetchLabels(store: QueryService, iris: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(iris)].filter(isQueryableIri).slice(0, MAX_IRIS);
  const out = new Map<string, string>();
  if (wanted.length === 0) return out;
  // One path of alternatives, not VALUES ?p: the store then looks each IRI up instead of reading every triple
  // (400-750 ms -> ~20 ms for a record page's 240 IRIs), and a label stated in several graphs comes back once.
  const query = `SELECT ?x ?label WHERE {
  VALUES ?x { ${wanted.map(iriRef).join(' ')} }
  ?x ${LABEL_PATH} ?label .
}`;
  const result = await store.select(query);
  const candidates = new Map<string, Array<{ value: string; lang: string }>>();
  for (const row of result.rows) {
    const x = row['x'];
    const label = row['label'];
    if (!x || !label || label.termType !== 'Literal') continue;
    const list = candidates.get(x.value) ?? [];
    list.push({ value: label.value, lang: label.language });
    candidates.set(x.value, list);
  }
  for (const [iri, list] of candidates) {
    const label = pickLabel(list);
    if (label !== undefined) out.set(iri, label);
  }
  return out;
}

/** Fetches the English (or untagged) rdfs:comment of each IRI that has one, e.g. to explain properties. */
export async function fetchComments(store: QueryService, iris: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(iris)].filter(isQueryableIri).slice(0, MAX_IRIS);
  const out = new Map<string, string>();
  if (wanted.length === 0) return out;
  const result = await store.select(`SELECT ?x ?comment WHERE {
  VALUES ?x { ${wanted.map(iriRef).join(' ')} }
  ?x ${iriRef(RDFS.comment.value)} ?comment .
  FILTER(LANGMATCHES(LANG(?comment), "en") || LANG(?comment) = "")
}`);
  for (const row of result.rows) {
    const x = row['x'];
    const c = row['comment'];
    if (x && c && !out.has(x.value)) out.set(x.value, c.value);
  }
  return out;
}
