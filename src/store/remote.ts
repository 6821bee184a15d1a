/**
 * A remote SPARQL 1.1 store (tested with Virtuoso Open Source 7) behind the same `SparqlStore` contract as the
 * in-process worker pool: queries go to its /sparql endpoint with the configured deadline and result cap, and
 * record graphs are replaced as a whole through the Graph Store Protocol (PUT per graph, HTTP Digest auth).
 *
 * @example
 *   const store = RemoteSparqlStore.fromUrl('sparql+http://127.0.0.1:8890/sparql', { credentials: { user, password } });
 *   await store.replaceGraph('http://localhost:3030/graph/wcda-1', quads);
 *   const { rows } = await store.select('SELECT ?s WHERE { ?s a ?c } LIMIT 10');
 */
import type { Quad, Term } from '@rdfjs/types';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataFactory } from 'n3';
import { FORMAT_INFO, parse, serialize, type RdfFormat } from '../rdf/index.js';
import { serialiseResults, SPARQL_JSON, type JsonBindingsResult, type JsonBooleanResult, type JsonTerm } from './results.js';
import { StoreQueryError, StoreUnavailableError, type RawResult, type ResultKind, type SparqlStore } from './sparql-store.js';
import { QueryTimeoutError, type Bindings, type QueryOptions, type SelectResult } from './types.js';
import { DigestClient, type Credentials } from './remote-http.js';

export type { Credentials } from './remote-http.js';

export interface RemoteStoreOptions {
  /** User and password for writes (Graph Store Protocol, updates); from configuration, never from code. */
  credentials?: Credentials;
  /** Graph Store Protocol endpoint; default: the Virtuoso one, /sparql-graph-crud-auth on the same host. */
  graphStoreUrl?: string;
  /** SPARQL Update endpoint; default: the query endpoint (Virtuoso takes updates there with auth at /sparql-auth). */
  updateUrl?: string;
  /** Default deadline per query (ms). */
  timeoutMs?: number;
  /** Row/triple cap of one result. */
  resultCap?: number;
  /** Base IRI relative IRIs in queries resolve against. */
  baseIri?: string;
}

const { namedNode, blankNode, literal, quad, defaultGraph } = DataFactory;
const NTRIPLES = 'application/n-triples';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/**
 * Parse a `--store` value: `sparql+http://host:port/path` (or sparql+https) is the query endpoint
 * `http://host:port/path`. A `gsp` search parameter names the Graph Store endpoint path, `update` the update one.
 */
export function parseStoreUrl(value: string): { queryUrl: string; graphStoreUrl: string; updateUrl: string } {
  const m = /^sparql\+(https?):\/\/(.+)$/.exec(value);
  if (!m) {
    throw new Error(`--store '${value}' is not a remote store URL. Use sparql+http://host:port/sparql (a SPARQL 1.1 endpoint), e.g. sparql+http://127.0.0.1:8890/sparql.`);
  }
  let url: URL;
  try {
    url = new URL(`${m[1]}://${m[2]}`);
  } catch {
    throw new Error(`--store '${value}': '${m[1]}://${m[2]}' is not a valid URL. Use sparql+http://host:port/sparql.`);
  }
  if (url.username || url.password) {
    throw new Error(`--store '${value}' holds credentials; put them in STORE_USER and STORE_PASSWORD (configuration) instead of the URL.`);
  }
  const gsp = url.searchParams.get('gsp') ?? '/sparql-graph-crud-auth';
  const update = url.searchParams.get('update') ?? '/sparql-auth';
  url.searchParams.delete('gsp');
  url.searchParams.delete('update');
  return { queryUrl: url.href, graphStoreUrl: new URL(gsp, url).href, updateUrl: new URL(update, url).href };
}

function toTerm(t: JsonTerm | { type: 'typed-literal'; value: string; datatype?: string }): Term {
  switch (t.type) {
    case 'uri':
      return namedNode(t.value);
    case 'bnode':
      return blankNode(t.value);
    default: {
      const lang = (t as { 'xml:lang'?: string })['xml:lang'];
      const dt = (t as { datatype?: string }).datatype;
      // RDF-star triple terms do not occur in archive-ld data (Virtuoso has none); read their text as a literal.
      const value = typeof t.value === 'string' ? t.value : JSON.stringify(t.value);
      return literal(value, lang ? lang : dt && dt !== XSD_STRING ? namedNode(dt) : undefined);
    }
  }
}

/** Virtuoso writes typed literals the SPARQL 1.0-draft way ("typed-literal"); the standard form is "literal". */
function normaliseJson(parsed: Record<string, unknown>): JsonBindingsResult | JsonBooleanResult {
  if (typeof parsed.boolean === 'boolean') return { head: {}, boolean: parsed.boolean } as JsonBooleanResult;
  const result = parsed as unknown as JsonBindingsResult;
  const vars = result.head?.vars ?? [];
  // Virtuoso answers some ASK forms as one row with __ASK_RETVAL.
  if (vars.length === 1 && vars[0] === '__ASK_RETVAL') {
    const v = result.results.bindings[0]?.__ASK_RETVAL?.value;
    return { head: {}, boolean: v === '1' || v === 'true' } as JsonBooleanResult;
  }
  for (const row of result.results.bindings) {
    for (const [k, term] of Object.entries(row)) {
      if ((term as { type: string }).type === 'typed-literal') row[k] = { ...term, type: 'literal' } as JsonTerm;
    }
  }
  return { head: { vars }, results: { bindings: result.results.bindings } } as JsonBindingsResult;
}

function formatOfMediaType(mediaType: string): RdfFormat {
  const found = (Object.entries(FORMAT_INFO) as [RdfFormat, { mediaType: string }][]).find(([, info]) => info.mediaType === mediaType);
  if (!found) throw new StoreQueryError(`The remote store cannot give a graph result as ${mediaType}; ask for text/turtle or application/n-triples.`);
  return found[0];
}

/** A remote SPARQL 1.1 store behind the `SparqlStore` contract. */
export class RemoteSparqlStore implements SparqlStore {
  private readonly http: DigestClient;
  private readonly timeoutMs: number;
  private readonly cap: number;

  constructor(
    readonly queryUrl: string,
    private readonly options: RemoteStoreOptions = {},
  ) {
    this.http = new DigestClient(options.credentials);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.cap = options.resultCap ?? 10_000;
  }

  /** A store from a `--store sparql+http://...` value (see parseStoreUrl). */
  static fromUrl(value: string, options: RemoteStoreOptions = {}): RemoteSparqlStore {
    const urls = parseStoreUrl(value);
    return new RemoteSparqlStore(urls.queryUrl, { graphStoreUrl: urls.graphStoreUrl, updateUrl: urls.updateUrl, ...options });
  }

  private get graphStoreUrl(): string {
    return this.options.graphStoreUrl ?? new URL('/sparql-graph-crud-auth', this.queryUrl).href;
  }

  /** POST a query; the response if it is 2xx, else a StoreQueryError/QueryTimeoutError/StoreUnavailableError. */
  private async post(query: string, accept: string, options: QueryOptions = {}): Promise<Response> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const body = new URLSearchParams();
    body.set('query', this.options.baseIri && !/^\s*BASE\s/im.test(query) ? `BASE <${this.options.baseIri}>\n${query}` : query);
    for (const g of options.defaultGraphUris ?? []) body.append('default-graph-uri', g);
    for (const g of options.namedGraphUris ?? []) body.append('named-graph-uri', g);
    let res: Response;
    try {
      res = await fetch(this.queryUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new QueryTimeoutError(timeoutMs);
      throw new StoreUnavailableError(`The remote store at ${this.queryUrl} did not answer: ${e.message}. Check that it is running and that --store points at its SPARQL endpoint.`);
    }
    // Virtuoso answers a query cut by its own timeout with 200 and partial results, marked only by this header.
    if (res.headers.get('x-sql-state') === 'S1TAT') {
      await res.arrayBuffer();
      throw new QueryTimeoutError(timeoutMs);
    }
    if (!res.ok) {
      const text = (await res.text()).replace(/\s+/g, ' ').trim().slice(0, 500);
      if (res.status >= 500 && /timed out|timeout/i.test(text)) throw new QueryTimeoutError(timeoutMs);
      throw new StoreQueryError(`The remote store refused the query (HTTP ${res.status}): ${text}`);
    }
    return res;
  }

  private async json(query: string, options?: QueryOptions): Promise<JsonBindingsResult | JsonBooleanResult> {
    const res = await this.post(query, SPARQL_JSON, options);
    return normaliseJson((await res.json()) as Record<string, unknown>);
  }

  private async graph(query: string, options?: QueryOptions): Promise<Quad[]> {
    const res = await this.post(query, NTRIPLES, options);
    return parse(await res.text(), 'ntriples', undefined, this.queryUrl);
  }

  async queryRaw(query: string, kind: ResultKind, mediaType: string, options?: QueryOptions): Promise<RawResult> {
    if (kind === 'graph') {
      const all = await this.graph(query, options);
      const truncated = all.length > this.cap;
      const kept = truncated ? all.slice(0, this.cap) : all;
      let body = await serialize(kept, formatOfMediaType(mediaType));
      if (truncated && (mediaType === 'text/turtle' || mediaType === NTRIPLES)) {
        body = `# Result cut to the first ${this.cap} triples (the server's result cap); page with LIMIT/OFFSET.\n${body}`;
      }
      return { body, mediaType, count: kept.length, truncated, cap: this.cap };
    }
    const result = await this.json(query, options);
    if ('boolean' in result) return { body: serialiseResults(result, mediaType), mediaType, count: 1, truncated: false, cap: this.cap };
    const truncated = result.results.bindings.length > this.cap;
    if (truncated) result.results.bindings = result.results.bindings.slice(0, this.cap);
    const note = truncated ? `Result cut to the first ${this.cap} rows (the server's result cap); page with LIMIT/OFFSET.` : undefined;
    return { body: serialiseResults(result, mediaType, note), mediaType, count: result.results.bindings.length, truncated, cap: this.cap };
  }

  async select(query: string, options?: QueryOptions): Promise<SelectResult> {
    const result = await this.json(query, options);
    if ('boolean' in result) throw new StoreQueryError('select() was given an ASK query; use ask().');
    const rows: Bindings[] = result.results.bindings.slice(0, this.cap).map((row) => Object.fromEntries(Object.entries(row).map(([k, t]) => [k, toTerm(t)])));
    return { variables: result.head.vars ?? [], rows, truncated: result.results.bindings.length > this.cap };
  }

  async ask(query: string, options?: QueryOptions): Promise<boolean> {
    const result = await this.json(query, options);
    if (!('boolean' in result)) throw new StoreQueryError('ask() was given a query that is not ASK; use select().');
    return result.boolean;
  }

  async construct(query: string, options?: QueryOptions): Promise<Quad[]> {
    return (await this.graph(query, options)).slice(0, this.cap);
  }

  /** Apply a SPARQL Update at the update endpoint (authenticated). */
  async update(update: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const url = this.options.updateUrl ?? new URL('/sparql-auth', this.queryUrl).href;
    const body = new URLSearchParams({ update: this.options.baseIri && !/^\s*BASE\s/im.test(update) ? `BASE <${this.options.baseIri}>\n${update}` : update });
    const res = await this.http.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      signal: AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs),
    });
    if (!res.ok) throw new StoreQueryError(`The remote store refused the update at ${url} (HTTP ${res.status}): ${(await res.text()).replace(/\s+/g, ' ').slice(0, 300)}`);
    await res.arrayBuffer();
  }

  /**
   * Replace one named graph as a whole (Graph Store Protocol PUT of N-Triples). Throws with the graph IRI and the
   * store's answer when the store refuses it (e.g. 401: wrong STORE_USER / STORE_PASSWORD).
   */
  async replaceGraph(graphIri: string, quads: Iterable<Quad>, timeoutMs = 120_000): Promise<void> {
    const triples = [...quads].map((q) => quad(q.subject, q.predicate, q.object, defaultGraph()));
    const url = `${this.graphStoreUrl}?graph=${encodeURIComponent(graphIri)}`;
    const res = await this.http.fetch(url, {
      method: 'PUT',
      headers: { 'content-type': NTRIPLES },
      body: await serialize(triples, 'ntriples'),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) {
      const hint = res.status === 401 || res.status === 403 ? ' Check STORE_USER and STORE_PASSWORD.' : '';
      throw new StoreQueryError(`The remote store refused graph <${graphIri}> at ${this.graphStoreUrl} (HTTP ${res.status}).${hint} ${(await res.text()).replace(/\s+/g, ' ').slice(0, 300)}`);
    }
    await res.arrayBuffer();
  }

  /** Remove one named graph (Graph Store Protocol DELETE); a graph that is not there is not an error. */
  async dropGraph(graphIri: string): Promise<void> {
    const url = `${this.graphStoreUrl}?graph=${encodeURIComponent(graphIri)}`;
    const res = await this.http.fetch(url, { method: 'DELETE', signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok && res.status !== 404) throw new StoreQueryError(`The remote store refused to drop graph <${graphIri}> (HTTP ${res.status}): ${(await res.text()).slice(0, 300)}`);
    await res.arrayBuffer();
  }

  /** IRIs of the named graphs in the store whose IRI starts with `prefix`. */
  async graphs(prefix: string): Promise<string[]> {
    const { rows } = await this.select(`SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ${JSON.stringify(prefix)})) }`);
    return rows.map((r) => r.g?.value).filter((g): g is string => g !== undefined);
  }

  async size(): Promise<number> {
    const { rows } = await this.select('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }');
    return Number(rows[0]?.n?.value ?? 0);
  }

  /** Nothing to stop: the remote store keeps running. */
  async close(): Promise<void> {}
}

/** Quads grouped by named graph (default-graph quads are skipped: a published dataset has none). */
export function byGraph(quads: Iterable<Quad>): Map<string, Quad[]> {
  const out = new Map<string, Quad[]>();
  for (const q of quads) {
    if (q.graph.termType !== 'NamedNode') continue;
    let list = out.get(q.graph.value);
    if (!list) out.set(q.graph.value, (list = []));
    list.push(q);
  }
  return out;
}

export interface PushReport {
  graphs: number;
  quads: number;
  dropped: string[];
  seconds: number;
}

/**
 * Make the remote store hold exactly `quads`' graphs under `graphPrefix`: each graph is replaced as a whole (PUT),
 * and graphs under the prefix that are no longer in the dataset (removed records) are dropped.
 */
export async function pushDataset(store: RemoteSparqlStore, quads: Iterable<Quad>, graphPrefix: string, concurrency = 4): Promise<PushReport> {
  const started = performance.now();
  const graphs = byGraph(quads);
  const existing = await store.graphs(graphPrefix);
  const entries = [...graphs.entries()];
  let next = 0;
  let count = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const [iri, qs] = entries[next++] as [string, Quad[]];
      await store.replaceGraph(iri, qs);
      count += qs.length;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker));
  const dropped = existing.filter((g) => !graphs.has(g));
  for (const g of dropped) await store.dropGraph(g);
  return { graphs: entries.length, quads: count, dropped, seconds: (performance.now() - started) / 1000 };
}

/** What the CLI needs from the configuration to reach a remote store. */
export interface RemoteConfig {
  store?: string;
  base: string;
  queryTimeoutMs: number;
  resultCap: number;
}

/**
 * The remote store named by `config.store`, with credentials from the environment (STORE_USER, STORE_PASSWORD):
 * configuration, never code or the URL.
 */
export function remoteStoreFromConfig(config: RemoteConfig, env: NodeJS.ProcessEnv = process.env): RemoteSparqlStore {
  if (!config.store) throw new Error('No remote store configured: pass --store sparql+http://host:port/sparql (or STORE_URL).');
  const user = env.STORE_USER;
  const password = env.STORE_PASSWORD;
  return RemoteSparqlStore.fromUrl(config.store, {
    ...(user !== undefined && password !== undefined ? { credentials: { user, password } } : {}),
    baseIri: config.base,
    timeoutMs: config.queryTimeoutMs,
    resultCap: config.resultCap,
  });
}

/**
 * Send a published build (dumps/dataset.nq[.gz]) to the remote store: every graph under `${base}graph/` is
 * replaced as a whole and graphs of removed records are dropped.
 */
export async function publishToRemote(config: RemoteConfig, dumpsDir: string, env: NodeJS.ProcessEnv = process.env): Promise<PushReport> {
  if (!env.STORE_USER || !env.STORE_PASSWORD) {
    throw new Error(`Sending graphs to ${config.store} needs credentials: set STORE_USER and STORE_PASSWORD (for Virtuoso, a user with SPARQL_UPDATE, e.g. dba).`);
  }
  const plain = join(dumpsDir, 'dataset.nq');
  const path = existsSync(plain) ? plain : `${plain}.gz`;
  if (!existsSync(path)) throw new Error(`No dataset to send to the remote store in ${dumpsDir} (dataset.nq). Run 'archive-ld build' first.`);
  const bytes = await readFile(path);
  const text = path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return pushDataset(remoteStoreFromConfig(config, env), parse(text, 'nquads', undefined, path), `${config.base}graph/`);
}
