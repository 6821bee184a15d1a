/**
 * Classify SPARQL text before running it (sparqljs): the query form picks the result formats, an update is told
 * apart from a query, and a syntax error becomes a 400 carrying the parser's message and position.
 */
import sparqljs from 'sparqljs';
import type { ResultKind } from '../store/sparql-store.js';
import type { QueryShape } from '../store/types.js';
import { badRequest } from './errors.js';

export type Classified =
  | { type: 'query'; form: 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE'; kind: ResultKind; shape: QueryShape }
  | { type: 'update' };

/**
 * Parse `text` and say what it is.
 * @param what 'query' or 'update', for the message ("the query has a syntax error ...")
 * @throws HttpError 400 with the parser's message (line and column) on a syntax error
 */
export function classify(text: string, base: string, what: 'query' | 'update'): Classified {
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = new sparqljs.Parser({ baseIRI: base, sparqlStar: true }).parse(text);
  } catch (err) {
    const e = err as Error & { hash?: { loc?: { first_line?: number; first_column?: number } } };
    const loc = e.hash?.loc;
    const where = loc?.first_line !== undefined ? ` at line ${loc.first_line}, column ${(loc.first_column ?? 0) + 1}` : '';
    throw badRequest(`The ${what} has a syntax error${where}:\n${e.message}\nFix the ${what} and send it again.`);
  }
  if (parsed.type === 'update') return { type: 'update' };
  const form = parsed.queryType;
  const kind: ResultKind = form === 'SELECT' ? 'bindings' : form === 'ASK' ? 'boolean' : 'graph';
  const { limit, values } = parsed as { limit?: number; values?: unknown };
  const shape: QueryShape = {
    ownDataset: parsed.from !== undefined && (parsed.from.default.length > 0 || parsed.from.named.length > 0),
    // A trailing VALUES block must stay last, so no LIMIT can be appended after it.
    limitable: kind !== 'boolean' && limit === undefined && values === undefined,
  };
  return { type: 'query', form, kind, shape };
}
