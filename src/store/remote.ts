/**
 * A remote SPARQL 1.1 store (tested with Virtuoso Open Source 7) behind the same `SparqlStore` contract as the
 * in-process worker pool: queries go to its /sparql endpoint with the configured deadline and result cap, and
 * record graphs are replaced as a whole through the Graph Store Protocol (PUT per graph, HTTP Digest auth) or, for
 * a Virtuoso on the same machine configured for it, by Virtuoso's own loader reading the published part files
 * (one transaction per graph, through its SQL port). `pushPublication` sends only the graphs that changed.
 *
 * What Virtuoso 7.2 guarantees (tested in tests/remote-bulk.test.ts): through the SQL loader a graph is replaced in
 * one transaction, so a failed load leaves the old graph whole; its Graph Store PUT keeps the triples it parsed
 * before an error. Readers on its SPARQL endpoint never see triples of the old and the new version together, but
 * during the swap they may see the old graph partly deleted or empty (its read-committed mode shows the
 * uncommitted delete, not the uncommitted inserts): for readers, the replacement is not atomic.
 *
 * @example
 *   const store = RemoteSparqlStore.fromUrl('sparql+http://127.0.0.1:8890/sparql', { credentials: { user, password } });
 *   await store.replaceGraph('http://localhost:3030/graph/wcda-1', quads);
 *   const { rows } = await store.select('SELECT ?s WHERE { ?s a ?c } LIMIT 10');
 */
import type { Quad, Term } from '@rdfjs/types';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { DataFactory } from 'n3';
import { LAYOUT_VERSION, partFile } from '../build/parts.js';
import { FORMAT_INFO, parse, serialize, type RdfFormat } from '../rdf/index.js';
import { serialiseResults, SPARQL_JSON, type JsonBindingsResult, type JsonBooleanResult, type JsonTerm } from './results.js';
import { StoreQueryError, StoreUnavailableError, type RawResult, type ResultKind, type SparqlStore } from './sparql-store.js';
import { QueryTimeoutError, type Bindings, type QueryOptions, type SelectResult } from './types.js';
import { DigestClient, type Credentials } from './remote-http.js';
import { mapLimit } from '../concurrency.js';

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

/** The endpoints of a `--store` value. */
export interface StoreUrls {
  queryUrl: string;
  graphStoreUrl: string;
  updateUrl: string;
  /** Virtuoso's SQL port for the bulk path (`bulk=isql://host:port`); absent = Graph Store Protocol only. */
  bulk?: { host: string; port: number };
}

/**
 * Parse a `--store` value: `sparql+http://host:port/path` (or sparql+https) is the query endpoint
 * `http://host:port/path`. A `gsp` search parameter names the Graph Store endpoint path, `update` the update one;
 * `bulk=isql://host:port` names Virtuoso's SQL port, to load part files there directly (same machine only).
 *
 * @example
 *   parseStoreUrl('sparql+http://127.0.0.1:8890/sparql?bulk=isql://127.0.0.1:1111').bulk; // { host: '127.0.0.1', port: 1111 }
 */
export function parseStoreUrl(value: string): StoreUrls {
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
  const bulkValue = url.searchParams.get('bulk');
  url.searchParams.delete('gsp');
  url.searchParams.delete('update');
  url.searchParams.delete('bulk');
  const urls: StoreUrls = { queryUrl: url.href, graphStoreUrl: new URL(gsp, url).href, updateUrl: new URL(update, url).href };
  if (bulkValue !== null) {
    const b = /^isql:\/\/([^:/\s]+):(\d{1,5})\/?$/.exec(bulkValue);
    if (!b) throw new Error(`--store '${value}': bulk='${bulkValue}' is not Virtuoso's SQL port. Use bulk=isql://127.0.0.1:1111 ([Parameters] ServerPort in virtuoso.ini), or leave bulk= out to send graphs over HTTP.`);
    urls.bulk = { host: b[1] as string, port: Number(b[2]) };
  }
  return urls;
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
    await this.replaceGraphText(graphIri, await serialize(triples, 'ntriples'), timeoutMs);
  }

  /** Replace one named graph with N-Triples text (Graph Store Protocol PUT), e.g. a part's lines without their graph. */
  async replaceGraphText(graphIri: string, ntriples: string, timeoutMs = 120_000): Promise<void> {
    const url = `${this.graphStoreUrl}?graph=${encodeURIComponent(graphIri)}`;
    const res = await this.http.fetch(url, {
      method: 'PUT',
      headers: { 'content-type': NTRIPLES },
      body: ntriples,
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

  /** IRIs of the named graphs in the store whose IRI starts with `prefix` (paged: stores cap result rows). */
  async graphs(prefix: string, timeoutMs = 300_000): Promise<string[]> {
    const page = Math.min(5_000, this.cap);
    const out: string[] = [];
    for (let offset = 0; ; offset += page) {
      const { rows } = await this.select(
        `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ${JSON.stringify(prefix)})) } ORDER BY ?g LIMIT ${page} OFFSET ${offset}`,
        { timeoutMs },
      );
      for (const r of rows) if (r.g?.value !== undefined) out.push(r.g.value);
      if (rows.length < page) return out;
    }
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
  /** Graphs sent (replaced) this time. */
  graphs: number;
  /** Quads in the graphs sent. */
  quads: number;
  /** Graphs left as they were: unchanged since the last push and still in the store. */
  unchanged: number;
  /** Graphs removed from the store (records no longer published). */
  dropped: string[];
  /** How the graphs were sent. */
  method: 'graph-store-protocol' | 'virtuoso-sql';
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
  let count = 0;
  await mapLimit(entries, concurrency, async ([iri, qs]) => {
    await store.replaceGraph(iri, qs);
    count += qs.length;
  });
  const dropped = existing.filter((g) => !graphs.has(g));
  for (const g of dropped) await store.dropGraph(g);
  return { graphs: entries.length, quads: count, unchanged: 0, dropped, method: 'graph-store-protocol', seconds: (performance.now() - started) / 1000 };
}

// ---------------------------------------------------------------------------------------------------------------
// Virtuoso's own loader, through its SQL port (isql)
// ---------------------------------------------------------------------------------------------------------------

/** Where Virtuoso's SQL port is, for the bulk path (`bulk=isql://host:port` on the --store URL). */
export interface VirtuosoSqlTarget {
  host: string;
  port: number;
}

/** One graph for Virtuoso to load: an N-Quads file it can read (in its DirsAllowed) holding only that graph. */
export interface SqlLoadItem {
  graph: string;
  path: string;
}

/** A part the store could not load: which graph, which file, the store's message. */
export interface LoadFailure extends SqlLoadItem {
  message: string;
}

/** Name of the procedure archive-ld defines in Virtuoso (DB.DBA), replaced by each push. */
const REPLACE_PROC = 'DB.DBA.ARCHIVE_LD_REPLACE_GRAPH';

/**
 * One transaction per graph: delete the old triples, parse the file (N-Quads: flag 512), commit; any error rolls
 * the whole graph back, so a reader sees the old graph or the new one. log_enable(0) keeps the transaction but
 * skips the transaction log (the bulk loader's speed); the push runs `checkpoint` before it records anything.
 */
// SQL names are case-insensitive: a parameter called g would be the column G of RDF_QUAD (and match every row).
const REPLACE_PROC_SQL = `CREATE PROCEDURE ${REPLACE_PROC} (IN part_file VARCHAR, IN graph_iri VARCHAR)
{
  DECLARE EXIT HANDLER FOR SQLSTATE '*' {
    ROLLBACK WORK;
    RESIGNAL;
  };
  log_enable (0, 1);
  DELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id (graph_iri);
  DB.DBA.TTLP (file_to_string_output (part_file), '', graph_iri, 512);
  COMMIT WORK;
}`;

function sqlString(value: string, what: string): string {
  // Plain printable ASCII only: record graph IRIs are percent-encoded, and isql's character set never gets a say.
  if (!/^[\x20-\x7e]*$/.test(value) || value.includes('\\')) {
    throw new Error(`${what} '${value}' has characters the Virtuoso SQL loader cannot be given safely (non-ASCII or a backslash); remove bulk= from --store to send graphs over HTTP instead.`);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** The output of one isql run: the errors, each with the script line it came from. */
interface IsqlRun {
  errors: Array<{ line: number; message: string }>;
  output: string;
}

/**
 * Virtuoso's SQL side through its `isql` client (Debian: isql-vt, in virtuoso-opensource-7-bin): used to load
 * graphs straight from files on the machine Virtuoso runs on, several times faster than the Graph Store Protocol.
 *
 * @example
 *   const sql = new VirtuosoSqlLoader({ host: '127.0.0.1', port: 1111 }, { user: 'dba', password });
 *   const failures = await sql.load([{ graph: 'http://localhost:3030/graph/wcda-1', path: '/srv/out/dumps/records/wcda-1.nq' }]);
 *   await sql.checkpoint();
 */
export class VirtuosoSqlLoader {
  private prepared = false;

  constructor(
    readonly target: VirtuosoSqlTarget,
    private readonly credentials: Credentials,
    /** The isql binary: ISQL_BIN, else isql-vt (Debian's name) on the PATH. */
    readonly isqlBin: string = process.env.ISQL_BIN ?? 'isql-vt',
  ) {}

  private where(): string {
    return `Virtuoso's SQL port ${this.target.host}:${this.target.port}`;
  }

  /**
   * Run a script (one statement per line, each ending with ';') and collect the errors isql reports.
   *
   * The password is among isql's arguments, where other users of the machine can see it (`ps`): isql has no other
   * way to take it but a prompt, which it shows only after a failed login without a password, and under many
   * sessions Virtuoso then refuses logins altogether (tried with the concurrent loads of tests/remote-bulk.test.ts).
   * Give the push a Virtuoso user of its own on a shared machine.
   */
  private run(script: string, timeoutMs: number): Promise<IsqlRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.isqlBin, [`${this.target.host}:${this.target.port}`, this.credentials.user, this.credentials.password], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('error', (err) => {
        clearTimeout(timer);
        const e = err as NodeJS.ErrnoException;
        reject(
          new Error(
            e.code === 'ENOENT'
              ? `The Virtuoso loader needs the isql client, and '${this.isqlBin}' was not found. Install virtuoso-opensource-7-bin (isql-vt), set ISQL_BIN to its path, or remove bulk= from --store to send graphs over HTTP.`
              : `Could not run ${this.isqlBin}: ${e.message}`,
          ),
        );
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (signal) {
          reject(new Error(`${this.isqlBin} was stopped (${signal}) after ${timeoutMs} ms while loading into ${this.where()}; the graphs it had not committed keep their previous content. Run the build again to resume.`));
          return;
        }
        const errors: IsqlRun['errors'] = [];
        // isql prints "*** Error <state>: <message>" then "at line <n> of Top-Level:" (n counts from 1; 0 = connecting).
        for (const m of out.matchAll(/\*\*\* Error ([^:]+): (.*)\r?\n(?:[^\n]*\n)*?at line (\d+) of Top-Level:/g)) {
          errors.push({ line: Number(m[3]), message: `${m[1]}: ${(m[2] ?? '').replace(/\[Virtuoso Driver\]|\[Virtuoso Server\]/g, '').trim()}` });
        }
        if (code !== 0 && errors.length === 0) errors.push({ line: 0, message: `${this.isqlBin} exited with code ${code}: ${out.trim().slice(-500)}` });
        resolve({ errors, output: out });
      });
      child.stdin.on('error', () => undefined); // isql gone (bad login): its output says why
      child.stdin.end(`${script}\n`);
    });
  }

  /** Fail with what to do when isql could not even log in. */
  private checkConnected(run: IsqlRun): void {
    const first = run.errors[0];
    if (first && first.line === 0) {
      const hint = /28000|bad login|password/i.test(first.message)
        ? 'Check STORE_USER and STORE_PASSWORD (a Virtuoso SQL user such as dba).'
        : 'Check that Virtuoso runs and that bulk= on --store names its SQL port ([Parameters] ServerPort in virtuoso.ini).';
      throw new Error(`Could not log in to ${this.where()}: ${first.message}. ${hint}`);
    }
  }

  /** (Re)define the replace procedure; run once per loader. */
  async prepare(): Promise<void> {
    if (this.prepared) return;
    // isql reads a statement up to ';' at the end of a line: the procedure body is on one line.
    const run = await this.run(`${REPLACE_PROC_SQL.replace(/\n\s*/g, ' ')};`, 60_000);
    this.checkConnected(run);
    if (run.errors.length > 0) throw new Error(`${this.where()} refused archive-ld's load procedure: ${run.errors[0]?.message}. The user needs the right to create procedures (dba does).`);
    this.prepared = true;
  }

  /**
   * Replace each item's graph with its file's content, one transaction per graph. Returns the items that failed
   * (the others are loaded); throws only when Virtuoso cannot be reached at all.
   */
  async load(items: readonly SqlLoadItem[], timeoutMs = 30 * 60_000): Promise<LoadFailure[]> {
    if (items.length === 0) return [];
    await this.prepare();
    const lines = items.map((it) => `${REPLACE_PROC} (${sqlString(it.path, 'File')}, ${sqlString(it.graph, 'Graph IRI')});`);
    const run = await this.run(lines.join('\n'), timeoutMs);
    this.checkConnected(run);
    return run.errors.map((e) => {
      const item = items[e.line - 1];
      if (!item) throw new Error(`${this.where()} reported an error the loader cannot place: ${e.message}`);
      return { ...item, message: e.message };
    });
  }

  /** Run SQL statements (one per line, each ending with ';'); their output, or an error naming the first failure. */
  async exec(script: string, timeoutMs = 30 * 60_000): Promise<string> {
    const run = await this.run(script, timeoutMs);
    this.checkConnected(run);
    const first = run.errors[0];
    if (first) throw new Error(`${this.where()} refused line ${first.line} (${script.split('\n')[first.line - 1]?.slice(0, 200) ?? '?'}): ${first.message}`);
    return run.output;
  }

  /** Write everything to disk (the loads skip the transaction log): after this, loaded graphs survive a crash. */
  async checkpoint(): Promise<void> {
    await this.exec('checkpoint;');
  }
}

/** What to do about a file Virtuoso could not load, from its message. */
function loadFailureHint(message: string, dir: string): string {
  if (/FA0\d\d|access control|DirsAllowed/i.test(message)) {
    return `Virtuoso may not read ${dir}: add it to DirsAllowed in virtuoso.ini ([Parameters]) and restart Virtuoso, or remove bulk= from --store to send graphs over HTTP.`;
  }
  if (/FA\d\d\d|no such file|cannot open/i.test(message)) {
    return `Virtuoso cannot open the file: it must run on this machine and see ${dir} under the same path; otherwise remove bulk= from --store.`;
  }
  return 'The graph kept its previous content. Fix the file (rebuild the record) and run the build again; graphs already loaded are not sent again.';
}

// ---------------------------------------------------------------------------------------------------------------
// Pushing a publication
// ---------------------------------------------------------------------------------------------------------------

/** One graph of a publication, ready to send. */
interface GraphSource {
  graph: string;
  /** Part name ("records/<id>") or, in the old layout, the graph IRI. */
  part: string;
  /** Identifies the content: unchanged key = nothing to send. */
  key: string;
  /** Quads in the graph, when known without reading it. */
  quads?: number;
  /** The part's N-Quads file (layout 2); absent for the old layout, whose lines are in memory. */
  path?: string;
  lines?: string[];
}

/** What was pushed where, kept in out/.remote-state.json: graph IRI -> content key. */
interface PushState {
  store: string;
  graphs: Record<string, string>;
}

export const PUSH_STATE_FILE = '.remote-state.json';

async function readState(path: string, store: string): Promise<PushState> {
  try {
    const state = JSON.parse(await readFile(path, 'utf8')) as PushState;
    // Another store (or an unreadable file) knows nothing of ours: send everything.
    if (state.store === store && state.graphs && typeof state.graphs === 'object') return state;
  } catch {
    // no state yet
  }
  return { store, graphs: {} };
}

/** Write the state next to the dumps through a temp file and a rename, so a crash leaves the old or the new one. */
async function writeState(path: string, state: PushState): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(state)}\n`);
  await rename(tmp, path);
}

/** Lines in a file (the quads of a part whose count the manifest does not give: ontology, links, gazetteer). */
async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  }
  return n;
}

/** The graph of an N-Quads line: its last term (the line ends with "<graph> ."). */
function graphOfLine(line: string): string | undefined {
  const m = / <([^<>\s]*)> \.\s*$/.exec(line);
  return m?.[1];
}

/** The graph IRI a part file holds, from its first line; undefined for an empty part. */
async function graphOfPart(path: string): Promise<string | undefined> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    const end = text.indexOf('\n');
    if (bytesRead === 0) return undefined;
    const line = end >= 0 ? text.slice(0, end) : text;
    const g = graphOfLine(line);
    if (!g) throw new Error(`${path}:1: not an N-Quads line in a named graph; the part is damaged. Run 'archive-ld build' again.`);
    return g;
  } finally {
    await handle.close();
  }
}

/**
 * N-Triples of one graph's N-Quads: each line loses its graph term. Every line must be in `graph` (a part holds
 * one graph); a line that is not is an error naming the file and line.
 */
export function nquadsToNTriples(text: string, graph: string, file: string): { body: string; lines: number } {
  const suffix = ` <${graph}> .`;
  const out: string[] = [];
  let lineNo = 0;
  for (const raw of text.split('\n')) {
    lineNo++;
    const line = raw.trimEnd();
    if (line === '') continue;
    if (!line.endsWith(suffix)) throw new Error(`${file}:${lineNo}: the line is not in graph <${graph}> like the rest of the part; the part is damaged. Run 'archive-ld build' again.`);
    out.push(`${line.slice(0, line.length - suffix.length)} .`);
  }
  return { body: out.length ? `${out.join('\n')}\n` : '', lines: out.length };
}

interface ManifestView {
  layout?: number;
  parts?: string[];
  records?: Array<{ recordId: string; quads?: number }>;
  files?: Array<{ name: string; bytes?: number; sha256?: string }>;
}

/** The graphs of a published dumps folder: parts (layout 2) or the old layout's dataset.nq(.gz). */
async function publicationGraphs(dumpsDir: string): Promise<{ sources: GraphSource[]; layout: 1 | 2 }> {
  let manifest: ManifestView | undefined;
  try {
    manifest = JSON.parse(await readFile(join(dumpsDir, 'manifest.json'), 'utf8')) as ManifestView;
  } catch {
    manifest = undefined;
  }
  if (manifest && manifest.layout === LAYOUT_VERSION && Array.isArray(manifest.parts)) {
    const shaOf = new Map<string, string | undefined>((manifest.files ?? []).map((f) => [f.name, f.sha256]));
    const quadsOf = new Map<string, number | undefined>((manifest.records ?? []).map((r) => [`records/${r.recordId}`, r.quads]));
    const sources: GraphSource[] = [];
    for (const part of manifest.parts) {
      const path = partFile(dumpsDir, part, 'nq');
      const graph = await graphOfPart(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') throw new Error(`${join(dumpsDir, 'manifest.json')} lists part '${part}' but ${path} is missing; run 'archive-ld build' again.`);
        throw err;
      });
      if (!graph) continue;
      // The manifest's sha256 of the file; else size, mtime and inode (an unchanged part is the same hard-linked file).
      const sha = shaOf.get(`${part}.nq`);
      const key: string = sha ?? (await stat(path).then((s) => `${s.size}:${s.mtimeMs}:${s.ino}`));
      const quads = quadsOf.get(part);
      sources.push({ graph, part, key, path, ...(quads !== undefined ? { quads } : {}) });
    }
    return { sources, layout: 2 };
  }
  // Old layout: the whole dataset in one file, read line by line and grouped by graph.
  const plain = join(dumpsDir, 'dataset.nq');
  const path = existsSync(plain) ? plain : `${plain}.gz`;
  if (!existsSync(path)) throw new Error(`No publication to send to the remote store in ${dumpsDir} (no manifest.json with parts, no dataset.nq). Run 'archive-ld build' first.`);
  const groups = new Map<string, string[]>();
  const input = createReadStream(path);
  const lines = createInterface({ input: path.endsWith('.gz') ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const g = graphOfLine(line);
    if (!g) throw new Error(`${path}:${lineNo}: not an N-Quads line in a named graph; rebuild with 'archive-ld build'.`);
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(line);
  }
  const sources = [...groups.entries()].map(([graph, ls]) => ({
    graph,
    part: graph,
    key: createHash('sha256').update(ls.join('\n')).digest('hex'),
    quads: ls.length,
    lines: ls,
  }));
  return { sources, layout: 1 };
}

/** Progress of a push, for a log line or a bar. */
export interface PushProgress {
  done: number;
  total: number;
  quads: number;
}

export interface PushOptions {
  /** Graphs sent at the same time: parallel PUTs, or parallel isql sessions (default 2: the machine's cores). */
  concurrency?: number;
  /** Virtuoso's SQL port, to load part files there directly (same machine, out folder in DirsAllowed). */
  bulk?: VirtuosoSqlTarget;
  /** Credentials for the SQL loader (the same as the store's). */
  credentials?: Credentials;
  /** Where to keep what was pushed (default <dumpsDir>/../.remote-state.json). */
  statePath?: string;
  /** Graphs per isql run (default 200). */
  batchSize?: number;
  onProgress?: (p: PushProgress) => void;
}

/** A push that sent some graphs and failed on others: names each failed graph, its file and what to do. */
export class RemotePushError extends Error {
  constructor(
    message: string,
    readonly failures: LoadFailure[],
  ) {
    super(message);
    this.name = 'RemotePushError';
  }
}

/**
 * Make the remote store hold a publication's graphs under `graphPrefix`: every graph whose content changed since
 * the last push to this store (or that the store does not have) is replaced as a whole, the others are left
 * alone, and graphs under the prefix that the publication no longer has (removed records) are dropped. Reads the
 * parts one at a time (layout 2), never the whole dataset. What was pushed is kept in a small state file, written
 * atomically, so the next push sends only what changed.
 *
 * With `bulk`, Virtuoso loads each part file itself (one transaction per graph); otherwise each graph is PUT
 * through the Graph Store Protocol (any SPARQL 1.1 store).
 *
 * @example
 *   const report = await pushPublication(store, 'out/dumps', 'http://localhost:3030/graph/');
 *   // { graphs: 1, unchanged: 999, dropped: [], ... } after one record changed
 */
export async function pushPublication(store: RemoteSparqlStore, dumpsDir: string, graphPrefix: string, options: PushOptions = {}): Promise<PushReport> {
  const started = performance.now();
  const statePath = options.statePath ?? join(dirname(resolve(dumpsDir)), PUSH_STATE_FILE);
  const { sources, layout } = await publicationGraphs(dumpsDir);
  const state = await readState(statePath, store.queryUrl);
  const inStore = new Set(await store.graphs(graphPrefix));
  // A graph is sent when its content changed or the store lost it (a new or wiped store).
  const todo = sources.filter((s) => state.graphs[s.graph] !== s.key || (s.graph.startsWith(graphPrefix) && !inStore.has(s.graph)));
  const current = new Set(sources.map((s) => s.graph));
  const useSql = options.bulk !== undefined && layout === 2;
  const progress: PushProgress = { done: 0, total: todo.length, quads: 0 };
  let failures: LoadFailure[] = [];
  let lastSave = performance.now();

  if (useSql) {
    if (!options.credentials) throw new Error('The Virtuoso SQL loader (bulk= on --store) needs STORE_USER and STORE_PASSWORD.');
    const sql = new VirtuosoSqlLoader(options.bulk as VirtuosoSqlTarget, options.credentials);
    await sql.prepare();
    const batchSize = options.batchSize ?? 200;
    const batches: GraphSource[][] = [];
    for (let i = 0; i < todo.length; i += batchSize) batches.push(todo.slice(i, i + batchSize));
    let loadedSinceCheckpoint: GraphSource[] = [];
    let checkpointing: Promise<void> = Promise.resolve();
    const commit = async (): Promise<void> => {
      // Record only what a checkpoint made durable (the loads skip Virtuoso's transaction log).
      const loaded = loadedSinceCheckpoint;
      loadedSinceCheckpoint = [];
      await sql.checkpoint();
      for (const s of loaded) state.graphs[s.graph] = s.key;
      await writeState(statePath, state);
    };
    await mapLimit(batches, options.concurrency ?? 2, async (batch) => {
      const failed = await sql.load(batch.map((s) => ({ graph: s.graph, path: s.path as string })));
      const bad = new Set(failed.map((f) => f.graph));
      failures = failures.concat(failed);
      for (const s of batch) {
        if (bad.has(s.graph)) continue;
        loadedSinceCheckpoint.push(s);
        progress.quads += s.quads ?? (await countLines(s.path as string));
      }
      progress.done += batch.length;
      options.onProgress?.({ ...progress });
      if (performance.now() - lastSave > 120_000) {
        lastSave = performance.now();
        checkpointing = checkpointing.then(commit);
        await checkpointing;
      }
    });
    await checkpointing;
    await commit();
  } else {
    await mapLimit(todo, options.concurrency ?? 2, async (s) => {
      const { body, lines } = s.path
        ? nquadsToNTriples(await readFile(s.path, 'utf8'), s.graph, s.path)
        : nquadsToNTriples((s.lines ?? []).join('\n'), s.graph, `${dumpsDir} (graph <${s.graph}>)`);
      try {
        await store.replaceGraphText(s.graph, body);
      } catch (err) {
        const e = err as Error;
        const failure = { graph: s.graph, path: s.path ?? dumpsDir, message: e.message };
        throw new RemotePushError(
          // Virtuoso's Graph Store PUT keeps what it parsed before an error: the graph is not recorded as pushed,
          // so the next push sends it again.
          `${e.message}\n  (part ${s.part}, file ${failure.path}; the store may hold part of this graph until it accepts a whole one: it is sent again on the next push, graphs sent before it are not. Fix the cause and run the build again; with Virtuoso on this machine, bulk=isql://host:port on --store loads each graph in one transaction)`,
          [failure],
        );
      }
      state.graphs[s.graph] = s.key;
      progress.done++;
      progress.quads += lines;
      options.onProgress?.({ ...progress });
      if (performance.now() - lastSave > 30_000) {
        lastSave = performance.now();
        await writeState(statePath, state);
      }
    }).finally(() => writeState(statePath, state));
  }

  // Removed records: graphs under the prefix that the store or the last push had and the publication has not.
  const dropped = [...new Set([...inStore, ...Object.keys(state.graphs)])].filter((g) => g.startsWith(graphPrefix) && !current.has(g));
  for (const g of dropped) {
    await store.dropGraph(g);
    delete state.graphs[g];
  }
  await writeState(statePath, state);

  if (failures.length > 0) {
    const dir = dirname(failures[0]?.path ?? dumpsDir);
    const list = failures.slice(0, 5).map((f) => `  graph <${f.graph}> from ${f.path}: ${f.message}`).join('\n');
    throw new RemotePushError(
      `The remote store could not load ${failures.length} of ${todo.length} graph(s) (the others were loaded):\n${list}${failures.length > 5 ? `\n  ... and ${failures.length - 5} more` : ''}\n${loadFailureHint(failures[0]?.message ?? '', dir)}`,
      failures,
    );
  }
  return {
    graphs: todo.length,
    quads: progress.quads,
    unchanged: sources.length - todo.length,
    dropped,
    method: useSql ? 'virtuoso-sql' : 'graph-store-protocol',
    seconds: (performance.now() - started) / 1000,
  };
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
 * Send a published build (out/dumps: its parts, or an old layout's dataset.nq[.gz]) to the remote store: graphs
 * under `${base}graph/` that changed since the last push are replaced as a whole, graphs of removed records are
 * dropped. With `bulk=isql://host:port` on the --store URL (Virtuoso on this machine, the out folder in its
 * DirsAllowed), Virtuoso loads the part files itself; otherwise they go through the Graph Store Protocol.
 *
 * @example
 *   await publishToRemote(config, 'out/dumps', process.env, { onProgress: (p) => log(p) });
 */
export async function publishToRemote(config: RemoteConfig, dumpsDir: string, env: NodeJS.ProcessEnv = process.env, options: Omit<PushOptions, 'bulk' | 'credentials'> = {}): Promise<PushReport> {
  if (!env.STORE_USER || !env.STORE_PASSWORD) {
    throw new Error(`Sending graphs to ${config.store} needs credentials: set STORE_USER and STORE_PASSWORD (for Virtuoso, a user with SPARQL_UPDATE, e.g. dba).`);
  }
  const store = remoteStoreFromConfig(config, env);
  const { bulk } = parseStoreUrl(config.store as string);
  return pushPublication(store, dumpsDir, `${config.base}graph/`, {
    ...options,
    ...(bulk ? { bulk } : {}),
    credentials: { user: env.STORE_USER, password: env.STORE_PASSWORD },
  });
}
