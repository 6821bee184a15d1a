/**
 * SPARQL 1.1 Federated Query for a store that has none (Oxigraph's WASM build ignores SERVICE).
 *
 * A SERVICE block is evaluated on its own, bottom-up, as the spec defines it: archive-ld sends
 * `SELECT * WHERE { <the block> }` to the remote endpoint, and puts the answers back into the query as a VALUES
 * block in the SERVICE block's place. The store then joins them with the rest of the query. Only endpoints on
 * the allowlist (`--federation`, off by default) are asked, within the same deadline as the query.
 */
import sparqljs from 'sparqljs';
import type { Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { badRequest, unavailable } from './errors.js';
import { WIKIDATA_SPARQL } from '../config/federation.js';

/** Wikidata's query service, the endpoint `--federation wikidata` allows (defined with the setting's parser). */
export { WIKIDATA_SPARQL };

export interface FederationOptions {
  /** Endpoint IRIs a SERVICE may name; empty = federation off. */
  allow: readonly string[];
  /** Milliseconds left of the query's deadline. */
  timeoutMs: number;
  /** Most rows taken from one SERVICE answer. */
  resultCap: number;
  /** The fetch to use (tests may pass one; the default is Node's). */
  fetch?: typeof fetch;
  userAgent?: string;
}

type Pattern = sparqljs.Pattern;

/** True when the query text names SERVICE at all (cheap test before parsing). */
export function mentionsService(query: string): boolean {
  return /\bSERVICE\b/i.test(query);
}

/**
 * The query with every SERVICE block replaced by the remote endpoint's answers as VALUES.
 * Throws 400 for an endpoint not on the allowlist, 503 when a non-SILENT endpoint fails or runs out of time.
 */
export async function resolveServices(query: string, options: FederationOptions): Promise<string> {
  const parsed = new sparqljs.Parser().parse(query);
  if (parsed.type !== 'query' || !parsed.where) return query;
  const deadline = Date.now() + options.timeoutMs;
  const prefixes = parsed.prefixes;
  const replaced = await rewrite(parsed.where, options, deadline, prefixes);
  if (!replaced) return query;
  return new sparqljs.Generator().stringify(parsed);
}

/** Replace SERVICE blocks in `patterns` (recursively, in place); true when any was replaced. */
async function rewrite(patterns: Pattern[], options: FederationOptions, deadline: number, prefixes: Record<string, string>): Promise<boolean> {
  let any = false;
  for (let i = 0; i < patterns.length; i++) {
    const p = patterns[i] as Pattern;
    if (p.type === 'service') {
      patterns[i] = await evaluateService(p, options, deadline, prefixes);
      any = true;
    } else if ('patterns' in p && Array.isArray(p.patterns)) {
      if (await rewrite(p.patterns as Pattern[], options, deadline, prefixes)) any = true;
    }
  }
  return any;
}

async function evaluateService(
  service: sparqljs.ServicePattern,
  options: FederationOptions,
  deadline: number,
  prefixes: Record<string, string>,
): Promise<Pattern> {
  const name = service.name;
  if (name.termType !== 'NamedNode') throw badRequest('SERVICE with a variable endpoint is not supported: name the endpoint IRI.');
  const endpoint = name.value;
  if (!options.allow.includes(endpoint)) {
    throw badRequest(
      options.allow.length === 0
        ? `SERVICE <${endpoint}>: federated queries are off. Start the server with --federation ${endpoint} (or FEDERATION=${endpoint}) to allow this endpoint.`
        : `SERVICE <${endpoint}> is not on the federation allowlist (${options.allow.join(', ')}). Add it with --federation.`,
    );
  }
  const sub = new sparqljs.Generator().stringify({
    type: 'query',
    queryType: 'SELECT',
    variables: [new sparqljs.Wildcard()],
    where: service.patterns,
    prefixes,
  } as sparqljs.SelectQuery);
  try {
    const rows = await askEndpoint(endpoint, sub, options, deadline);
    return { type: 'values', values: rows } as sparqljs.ValuesPattern;
  } catch (err) {
    // SILENT: a failed endpoint contributes one empty solution, as the spec says.
    if (service.silent) return { type: 'group', patterns: [] } as sparqljs.GroupPattern;
    const why = err instanceof Error ? err.message : String(err);
    throw unavailable(`SERVICE <${endpoint}> failed: ${why}. Use SERVICE SILENT to go on without it.`);
  }
}

interface JsonTerm {
  type: 'uri' | 'literal' | 'typed-literal' | 'bnode' | 'triple';
  value: string;
  'xml:lang'?: string;
  datatype?: string;
}

async function askEndpoint(endpoint: string, query: string, options: FederationOptions, deadline: number): Promise<sparqljs.ValuePatternRow[]> {
  const left = deadline - Date.now();
  if (left <= 0) throw new Error('no time left of the query deadline');
  const res = await (options.fetch ?? fetch)(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/sparql-results+json',
      'User-Agent': options.userAgent ?? 'archive-ld federation',
    },
    body: new URLSearchParams({ query }).toString(),
    signal: AbortSignal.timeout(left),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  const json = (await res.json()) as { head?: { vars?: string[] }; results?: { bindings?: Array<Record<string, JsonTerm>> } };
  const bindings = json.results?.bindings;
  if (!Array.isArray(bindings)) throw new Error('the answer is not SPARQL JSON results');
  const vars = json.head?.vars ?? [];
  return bindings.slice(0, options.resultCap).map((b) => {
    const row: sparqljs.ValuePatternRow = {};
    for (const v of vars) {
      const t = b[v];
      row[`?${v}`] = t === undefined ? undefined : (toTerm(t) as sparqljs.ValuePatternRow[string]);
    }
    return row;
  });
}

function toTerm(t: JsonTerm): Term {
  switch (t.type) {
    case 'uri':
      return DataFactory.namedNode(t.value);
    case 'bnode':
      // A remote blank node cannot be named here; a fresh one per row keeps it distinct.
      return DataFactory.blankNode();
    default:
      if (t['xml:lang']) return DataFactory.literal(t.value, t['xml:lang']);
      if (t.datatype) return DataFactory.literal(t.value, DataFactory.namedNode(t.datatype));
      return DataFactory.literal(t.value);
  }
}

// Parsing the setting belongs to the configuration (which must not load sparqljs); re-exported for callers here.
export { parseAllowlist } from '../config/federation.js';
