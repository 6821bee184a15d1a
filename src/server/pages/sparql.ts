/**
 * Writing IRIs into the SPARQL the pages send. Only IRIs that are valid IRIREFs get in; anything else is
 * refused, so a request path cannot inject query text.
 */
import type { Bindings, QueryOptions, QueryService, QueryShape } from '../../store/types.js';

/** The pages' own queries: no FROM / FROM NAMED, and no LIMIT added (they bound their own results). */
const PAGE_QUERY_SHAPE: QueryShape = Object.freeze({ ownDataset: false, limitable: false });

/**
 * `store` for the pages' own queries (make one per request): each goes with its shape, known here, so the store
 * does not parse it with sparqljs to find out (1-3 ms of a store worker per query, and a page sends 8-17). A
 * shape already given (a user's query on the results page) is kept. The page's first query is admitted or refused
 * by the store's queue bound like any other; the queries after it are `admitted` (they wait instead of being
 * refused), so the bound counts pages rather than a page's queries: 16 clients on pages of 17 queries each no
 * longer fill a queue of 64 and get 503 for most pages.
 *
 * @example
 *   const rows = await pageStore(ctx.store).select(`SELECT ?p ?o WHERE { ${iriRef(iri)} ?p ?o } LIMIT 10`);
 */
export function pageStore(store: QueryService): QueryService {
  let first = true;
  const shaped = (options?: QueryOptions): QueryOptions => {
    const admitted = !first;
    first = false;
    const withShape = options?.shape ? options : { ...options, shape: PAGE_QUERY_SHAPE };
    return admitted ? { ...withShape, admitted: true } : withShape;
  };
  return {
    select: (query, options) => store.select(query, shaped(options)),
    ask: (query, options) => store.ask(query, shaped(options)),
    construct: (query, options) => store.construct(query, shaped(options)),
  };
}

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
