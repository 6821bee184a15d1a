/**
 * Writing IRIs into the SPARQL the pages send. Only IRIs that are valid IRIREFs get in; anything else is
 * refused, so a request path cannot inject query text.
 */
import type { Bindings } from '../../store/types.js';

// Characters SPARQL 1.1 forbids inside <...> (IRIREF production), plus controls and space.
const FORBIDDEN = /[\u0000-\u0020<>"{}|^`\\]/;

/** True when `iri` is absolute and can be written as <iri> in a query. */
export function isQueryableIri(iri: string): boolean {
  return !FORBIDDEN.test(iri) && /^[a-z][a-z0-9+.-]*:/i.test(iri);
}

/** `<iri>` for a query; throws naming the IRI when it cannot be written safely. */
export function iriRef(iri: string): string {
  if (!isQueryableIri(iri)) {
    throw new Error(`Cannot put the IRI ${JSON.stringify(iri)} into a SPARQL query: it is not absolute or holds a character IRIs forbid (space, <, >, ", {, }, |, ^, \`, \\). Percent-encode it.`);
  }
  return `<${iri}>`;
}

/** The value of a bound variable as a string (IRI or literal text), or undefined when unbound. */
export function str(row: Bindings, name: string): string | undefined {
  return row[name]?.value;
}

/** A SPARQL integer or decimal result as a number (0 when unbound or not a number). */
export function num(row: Bindings, name: string): number {
  const n = Number(row[name]?.value);
  return Number.isFinite(n) ? n : 0;
}
