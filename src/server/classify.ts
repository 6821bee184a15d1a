/**
 * Classify SPARQL text before running it (sparqljs): the query form picks the result formats, an update is told
 * apart from a query, and a syntax error becomes a 400 carrying the parser's message and position.
 */
import sparqljs from 'sparqljs';
import type { ResultKind } from '../store/sparql-store.js';
import type { QueryShape } from '../store/types.js';
import { badRequest } from './errors.js';

export type Classified =
  | {
      type: 'query';
      form: 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';
      kind: ResultKind;
      shape: QueryShape;
      /** The query has a SERVICE block (another endpoint is asked first). */
      service: boolean;
      /** The answer depends on more than the data: NOW(), RAND(), UUID(), STRUUID(), BNODE() or SERVICE. */
      volatile: boolean;
    }
  | { type: 'update' };

/**
 * Answers for texts seen recently. Parsing with sparqljs takes 1-3 ms of the main thread (more than a small query
 * takes to run), and clients send the same texts again and again (named queries, pages, polling tools).
 * Bounded in entries and in the length of the texts kept, least recently used first out.
 */
const seen = new Map<string, Classified>();
const SEEN_ENTRIES = 512;
const SEEN_TEXT_CHARS = 32 * 1024;

/**
 * Parse `text` and say what it is (remembered for texts seen recently; syntax errors are not remembered).
 * @param what 'query' or 'update', for the message ("the query has a syntax error ...")
 * @throws HttpError 400 with the parser's message (line and column) on a syntax error
 * @example
 *   classify('ASK {}', 'http://localhost:3030/', 'query'); // { type: 'query', form: 'ASK', kind: 'boolean', ... }
 */
export function classify(text: string, base: string, what: 'query' | 'update'): Classified {
  if (text.length > SEEN_TEXT_CHARS) return parseAndClassify(text, base, what);
  const key = `${what}\n${base}\n${text}`;
  const hit = seen.get(key);
  if (hit) {
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    seen.delete(key);
    seen.set(key, hit);
    return hit;
  }
  // Frozen: every later request with this text gets the same object.
  const answer = Object.freeze(parseAndClassify(text, base, what));
  if (seen.size >= SEEN_ENTRIES) seen.delete(seen.keys().next().value as string);
  seen.set(key, answer);
  return answer;
}

function parseAndClassify(text: string, base: string, what: 'query' | 'update'): Classified {
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
  const found = { service: false, volatile: false };
  scan(parsed, found);
  return { type: 'query', form, kind, shape: Object.freeze(shape), service: found.service, volatile: found.volatile || found.service };
}

/** Functions whose value changes from one evaluation to the next. */
const VOLATILE_FUNCTIONS = new Set(['now', 'rand', 'uuid', 'struuid', 'bnode']);

/** Walk sparqljs's tree for SERVICE patterns and volatile function calls (comments and strings are not in it). */
function scan(node: unknown, found: { service: boolean; volatile: boolean }): void {
  if (Array.isArray(node)) {
    for (const item of node) scan(item, found);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as { type?: unknown; operator?: unknown; termType?: unknown };
  // Terms (IRIs, literals, variables) hold nothing to find.
  if (typeof o.termType === 'string') return;
  if (o.type === 'service') found.service = true;
  if (o.type === 'operation' && typeof o.operator === 'string' && VOLATILE_FUNCTIONS.has(o.operator.toLowerCase())) found.volatile = true;
  for (const value of Object.values(node)) scan(value, found);
}
