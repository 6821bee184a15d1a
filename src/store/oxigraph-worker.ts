/**
 * A store replica in a worker thread: loads N-Quads in bulk, replays the update journal, then answers queries.
 * Oxigraph's query() is synchronous and cannot be cancelled; running it here keeps the main thread free and lets
 * the pool enforce a deadline by terminating this thread.
 */
import { parentPort } from 'node:worker_threads';
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type * as Oxigraph from 'oxigraph';
import sparqljs from 'sparqljs';
import { countJsonBindings, serialiseResults, SPARQL_JSON, type JsonBindingsResult, type JsonBooleanResult } from './results.js';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { plainToTerm, type FromWorker, type PlainQuad, type PlainTerm, type ToWorker } from './worker-messages.js';
import type { QueryShape } from './types.js';
import { binaryKey, findImage, imageDelta, imageKey, inlineKey, readImageInto, stampSources, writeImage, type ImageInputs, type ImageMeta } from './store-image.js';
import { firstGraphOfSync } from './publication-diff.js';

/** What a snapshot needs of the WebAssembly instance behind Oxigraph's bindings (wasm-bindgen's exports). */
interface WasmParts {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  table: { length: number; get(index: number): unknown; set(index: number, value: unknown): void; grow(delta: number): number };
}

/**
 * Oxigraph's bindings, loaded with their WebAssembly instance in view: the bindings create it privately, so
 * WebAssembly.Instance is wrapped for the length of the require() to see the instance being made. When the
 * bindings do not instantiate that way (another version), `wasm` is undefined and snapshots are off.
 */
function loadOxigraph(): { ox: typeof Oxigraph; wasm: WasmParts | undefined } {
  type InstanceClass = new (module: unknown, imports: unknown) => { exports: Record<string, unknown> };
  const wa = (globalThis as unknown as { WebAssembly: { Instance: InstanceClass } }).WebAssembly;
  const Original = wa.Instance;
  let made: { exports: Record<string, unknown> } | undefined;
  function Watching(module: unknown, imports: unknown): { exports: Record<string, unknown> } {
    const instance = new Original(module, imports);
    made ??= instance;
    return instance;
  }
  Watching.prototype = Original.prototype;
  wa.Instance = Watching as unknown as InstanceClass;
  let ox: typeof Oxigraph;
  try {
    ox = createRequire(import.meta.url)('oxigraph') as typeof Oxigraph;
  } finally {
    wa.Instance = Original;
  }
  const memory = made?.exports.memory as WasmParts['memory'] | undefined;
  const table = made?.exports.__wbindgen_externrefs as WasmParts['table'] | undefined;
  const usable = memory?.buffer instanceof ArrayBuffer && typeof memory.grow === 'function' && typeof table?.get === 'function' && typeof table.grow === 'function';
  return { ox, wasm: usable ? { memory, table } : undefined };
}

const { ox: oxigraph, wasm } = loadOxigraph();
/** The replica's store: made by the load message, from a snapshot or empty, before any query runs. */
let store: Oxigraph.Store;
const NQUADS = 'application/n-quads';
const TRIPLE_FORMATS = new Set(['text/turtle', 'application/n-triples', 'application/rdf+xml', 'application/ld+json']);
/** Graph results written by the project's serialiser (with prefixes) instead of Oxigraph's. */
const READABLE_FORMATS: Readonly<Record<string, 'turtle' | 'trig'>> = { 'text/turtle': 'turtle', 'application/trig': 'trig' };

function send(msg: FromWorker): void {
  parentPort?.postMessage(msg);
}

/**
 * Bulk-load calls of at most this many bytes (cut at line ends). Oxigraph's loader gets much slower and bigger
 * when one call carries a whole dataset (measured on 970k quads: ~5.5 s in 1 MiB calls against 19-50 s in one
 * call of the same bytes, RSS 450 MB against 1 GB), so every file goes in as pieces of this size.
 */
const LOAD_CHUNK = 1024 * 1024;
const LOAD_OPTIONS = { format: NQUADS, lenient: true, no_transaction: true } as const;

/** Load N-Quads bytes in calls of about LOAD_CHUNK bytes, each ending at a line end. */
function loadBytes(bytes: Uint8Array): void {
  let from = 0;
  while (from < bytes.length) {
    let to = Math.min(bytes.length, from + LOAD_CHUNK);
    if (to < bytes.length) {
      const nl = bytes.lastIndexOf(10, to - 1);
      // A line longer than the chunk: go on to its end.
      to = nl >= from ? nl + 1 : bytes.indexOf(10, to) + 1 || bytes.length;
    }
    store.load(bytes.subarray(from, to), LOAD_OPTIONS);
    from = to;
  }
}

/** Load one N-Quads file (a .gz one is gunzipped as it streams); errors name the file. */
async function loadFile(path: string): Promise<void> {
  try {
    if (!path.endsWith('.gz')) {
      // Parts are small (one graph each): read whole, synchronously (this thread does nothing else meanwhile).
      loadBytes(readFileSync(path));
      return;
    }
    let pending: Buffer[] = [];
    let size = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: LOAD_CHUNK }).pipe(createGunzip())) {
      pending.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size < LOAD_CHUNK) continue;
      const joined = Buffer.concat(pending);
      const cut = joined.lastIndexOf(10) + 1;
      if (cut === 0) continue;
      store.load(joined.subarray(0, cut), LOAD_OPTIONS);
      pending = [joined.subarray(cut)];
      size = joined.length - cut;
    }
    if (size > 0) loadBytes(Buffer.concat(pending));
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

type OxTerm = { termType: string; value: string; language?: string; datatype?: { value: string } };

function plain(t: OxTerm): PlainTerm {
  const p: PlainTerm = { termType: t.termType as PlainTerm['termType'], value: t.value };
  if (t.termType === 'Literal') {
    if (t.language) p.language = t.language;
    if (t.datatype) p.datatype = t.datatype.value;
  }
  return p;
}

type OxQuad = { subject: OxTerm; predicate: OxTerm; object: OxTerm; graph: OxTerm };

interface Prepared {
  text: string;
  /** The query names its own dataset (FROM / FROM NAMED), which the union default must not override. */
  ownDataset: boolean;
}

/**
 * Look at the query once (sparqljs): does it name its own dataset, and may a LIMIT be added so that Oxigraph
 * never builds a result far beyond the cap (its results are whole arrays and strings, not streams)?
 */
function prepare(query: string, kind: 'bindings' | 'boolean' | 'graph', cap: number, shape?: QueryShape): Prepared {
  if (shape) return { text: shape.limitable ? `${query}\nLIMIT ${cap + 1}` : query, ownDataset: shape.ownDataset };
  let parsed: sparqljs.SparqlQuery;
  try {
    // Any base will do: only the query's shape is read here, relative IRIs just must not stop the parser.
    parsed = new sparqljs.Parser({ sparqlStar: true, baseIRI: 'http://base.invalid/' }).parse(query);
  } catch {
    return { text: query, ownDataset: false };
  }
  if (parsed.type !== 'query') return { text: query, ownDataset: false };
  const ownDataset = parsed.from !== undefined && (parsed.from.default.length > 0 || parsed.from.named.length > 0);
  // One row more than the cap tells whether the cap cut the result. A trailing VALUES block must stay last,
  // so such queries are left alone.
  const { limit, values } = parsed as { limit?: number; values?: unknown };
  const limitable = kind !== 'boolean' && limit === undefined && values === undefined;
  return { text: limitable ? `${query}\nLIMIT ${cap + 1}` : query, ownDataset };
}

let rdf: Promise<typeof import('../rdf/index.js')> | undefined;

/**
 * The serialiser's module, loaded on first use (most replicas never write Turtle, and its modules cost start-up
 * time) and kept: every import() call goes through the module loader's hooks (tsx's run in another thread).
 */
function rdfModule(): Promise<typeof import('../rdf/index.js')> {
  rdf ??= import('../rdf/index.js');
  return rdf;
}

async function runQuery(msg: Extract<ToWorker, { type: 'query' }>): Promise<void> {
  const prepared = prepare(msg.query, msg.kind, msg.cap, msg.shape);
  const options: Parameters<Oxigraph.Store['query']>[1] = {};
  // The default graph is the union of all graphs, unless the request or the query names a dataset.
  if (!msg.defaultGraphUris?.length && !msg.namedGraphUris?.length && !prepared.ownDataset) options.use_default_graph_as_union = true;
  if (msg.baseIri) options.base_iri = msg.baseIri;
  if (msg.defaultGraphUris?.length) options.default_graph = msg.defaultGraphUris.map((u) => oxigraph.namedNode(u));
  if (msg.namedGraphUris?.length) options.named_graphs = msg.namedGraphUris.map((u) => oxigraph.namedNode(u));
  // Ask Oxigraph for JSON: it gives the variable list (SELECT *) and plain terms in one go, for every result form
  // but graphs; a graph result comes back as quads.
  const raw = msg.kind === 'graph' ? store.query(prepared.text, options) : store.query(prepared.text, { ...options, results_format: SPARQL_JSON });
  if (typeof raw === 'string') {
    if (msg.output === SPARQL_JSON) {
      // Oxigraph's own text is the answer unless the cap cuts it: count its rows without parsing them.
      const count = countJsonBindings(raw);
      if (count !== undefined && count <= msg.cap) {
        send({ type: 'result', id: msg.id, outcome: { form: 'serialised', body: raw, count, truncated: false } });
        return;
      }
    }
    const parsed = JSON.parse(raw) as JsonBindingsResult | JsonBooleanResult;
    if ('boolean' in parsed) {
      if (msg.output === 'plain') send({ type: 'result', id: msg.id, outcome: { form: 'boolean', plain: parsed, count: 1, truncated: false } });
      else send({ type: 'result', id: msg.id, outcome: { form: 'serialised', body: serialiseResults(parsed, msg.output), count: 1, truncated: false } });
      return;
    }
    const total = parsed.results.bindings.length;
    const truncated = total > msg.cap;
    if (truncated) parsed.results.bindings = parsed.results.bindings.slice(0, msg.cap);
    const count = parsed.results.bindings.length;
    if (msg.output === 'plain') {
      send({ type: 'result', id: msg.id, outcome: { form: 'bindings', plain: parsed, truncated, count } });
    } else {
      const note = truncated ? `Result cut to the first ${msg.cap} rows (the server's result cap); page with LIMIT/OFFSET.` : undefined;
      const body = !truncated && msg.output === SPARQL_JSON ? raw : serialiseResults(parsed, msg.output, note);
      send({ type: 'result', id: msg.id, outcome: { form: 'serialised', body, count, truncated } });
    }
    return;
  }
  // A graph result (CONSTRUCT/DESCRIBE): an array of quads.
  const quads = (Array.isArray(raw) ? raw : []) as unknown as OxQuad[];
  const truncated = quads.length > msg.cap;
  const kept = truncated ? quads.slice(0, msg.cap) : quads;
  if (msg.output === 'plain') {
    const out: PlainQuad[] = kept.map((q) => [plain(q.subject), plain(q.predicate), plain(q.object), plain(q.graph)]);
    send({ type: 'result', id: msg.id, outcome: { form: 'graph', quads: out, truncated, count: kept.length } });
    return;
  }
  let body: string;
  const readable = READABLE_FORMATS[msg.output];
  if (readable || msg.readable) {
    // Turtle and TriG with the project's prefixes (Oxigraph's writer has none): what a person reads. Entity
    // descriptions ask for it in every format, written here rather than in the server's one main thread.
    const { FORMAT_INFO, RDF_FORMATS, serialize } = await rdfModule();
    const format = readable ?? RDF_FORMATS.find((f) => FORMAT_INFO[f].mediaType === msg.output);
    if (!format) throw new Error(`No RDF writer for '${msg.output}'; use one of ${RDF_FORMATS.map((f) => FORMAT_INFO[f].mediaType).join(', ')}.`);
    const asQuads = kept.map((q) =>
      DataFactory.quad(
        plainToTerm(plain(q.subject)) as Quad['subject'],
        plainToTerm(plain(q.predicate)) as Quad['predicate'],
        plainToTerm(plain(q.object)) as Quad['object'],
        readable === 'turtle' ? DataFactory.defaultGraph() : (plainToTerm(plain(q.graph)) as Quad['graph']),
      ),
    );
    body = await serialize(asQuads, format);
  } else {
    const tmp = new oxigraph.Store(kept as unknown as Oxigraph.Quad[]);
    body = TRIPLE_FORMATS.has(msg.output) ? tmp.dump({ format: msg.output, from_graph_name: oxigraph.defaultGraph() }) : tmp.dump({ format: msg.output });
  }
  if (truncated && (msg.output === 'text/turtle' || msg.output === 'application/n-triples' || msg.output === 'application/trig' || msg.output === NQUADS)) {
    body = `# Result cut to the first ${msg.cap} triples (the server's result cap); page with LIMIT/OFFSET.\n${body}`;
  }
  send({ type: 'result', id: msg.id, outcome: { form: 'serialised', body, truncated, count: kept.length } });
}

/**
 * After a WebAssembly trap (e.g. out of memory) the store is unusable: end the thread so the pool replaces it
 * with a fresh replica instead of answering every later query with errors.
 */
function exitIfTrapped(err: unknown): void {
  // WebAssembly.RuntimeError, looked up at run time: the project's TypeScript lib has no WebAssembly values.
  const RuntimeError = (globalThis as { WebAssembly?: { RuntimeError?: abstract new () => Error } }).WebAssembly?.RuntimeError;
  if (RuntimeError && err instanceof RuntimeError) process.exit(70);
}

/** Could not restore a snapshot after memory was touched: the worker must end (the pool starts one without it). */
class RestoreError extends Error {}

type SnapshotReport = NonNullable<Extract<FromWorker, { type: 'ready' }>['snapshot']>;

/** Changed files at most for which an older snapshot is brought up to date without writing a new one. */
const APPLY_WITHOUT_WRITING = 10;

type Plan =
  | { kind: 'restore'; dir: string; meta: ImageMeta; inputs: ImageInputs; drop: string[]; load: string[] }
  | { kind: 'load'; dir: string; inputs: ImageInputs; reason: string }
  | { kind: 'off'; reason: string };

/**
 * Where this load stands with snapshots: an image to restore (with the graphs to drop and files to load when it is
 * of earlier inputs and few changed), or the inputs a new image describes and why none was used.
 */
function snapshotPlan(msg: Extract<ToWorker, { type: 'load' }>): Plan {
  const dir = msg.snapshot?.dir as string;
  if (!wasm) return { kind: 'off', reason: "snapshots are off: this Oxigraph's bindings do not show their WebAssembly instance" };
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('oxigraph/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
  const inputs: ImageInputs = {
    binary: binaryKey(readFileSync(join(dirname(pkgPath), 'node_bg.wasm')), pkg.version),
    sources: stampSources(msg.sources),
    inline: inlineKey(msg.inline.map((d) => d.text)),
  };
  if (msg.snapshot?.restore === false) return { kind: 'load', dir, inputs, reason: 'restoring the snapshot failed before' };
  const found = findImage(dir);
  if ('reason' in found) return { kind: 'load', dir, inputs, reason: found.reason };
  const { meta } = found;
  // A fresh instance is smaller than any image of a loaded store; one that is not cannot take the image.
  if (wasm.memory.buffer.byteLength > meta.bytes || wasm.table.length > meta.table) return { kind: 'load', dir, inputs, reason: 'the snapshot is smaller than an empty store' };
  if (meta.key === imageKey(inputs)) return { kind: 'restore', dir, meta, inputs, drop: [], load: [] };
  const delta = imageDelta(meta, inputs);
  if ('reason' in delta) return { kind: 'load', dir, inputs, reason: delta.reason };
  // Past this many changes loading everything is about as quick (the same bound as a server's reload by graphs).
  const limit = Math.max(20, inputs.sources.length / 4);
  if (delta.drop.length + delta.load.length > limit) return { kind: 'load', dir, inputs, reason: `the snapshot is of an earlier build and ${delta.load.length} files changed` };
  // A changed file must hold just the graph its name gives, or dropping that graph would not replace its content.
  for (const path of delta.load) {
    const graph = inputs.sources.find((s) => s.path === path)?.graph;
    if (firstGraphOfSync(path) !== graph) return { kind: 'load', dir, inputs, reason: `${path} does not hold the graph ${graph ?? '?'} its name gives` };
  }
  return { kind: 'restore', dir, meta, inputs, ...delta };
}

/** Put the image in this instance's memory and wrap its store; throws RestoreError once memory was touched. */
function restore(dir: string, meta: ImageMeta): void {
  const parts = wasm as WasmParts;
  const written = parts.memory.buffer.byteLength;
  try {
    parts.memory.grow((meta.bytes - written) / 65_536);
    if (parts.table.length < meta.table) parts.table.grow(meta.table - parts.table.length);
    readImageInto(dir, meta, new Uint8Array(parts.memory.buffer), written);
    const values = new Map(meta.tableValues);
    for (let i = 0; i < parts.table.length; i++) parts.table.set(i, values.get(i));
    // The bindings' Store is a pointer into the instance's memory; this one points at the restored store.
    store = Object.create(oxigraph.Store.prototype) as Oxigraph.Store;
    (store as unknown as { __wbg_ptr: number }).__wbg_ptr = meta.store;
    // A cheap look inside (counting the quads would take ~1 s per 5 M): the checksum already vouches for the bytes.
    const holds = store.query('ASK { GRAPH ?g { ?s ?p ?o } }') === true || store.query('ASK { ?s ?p ?o }') === true;
    if (holds !== meta.quads > 0) throw new Error(`the restored store ${holds ? 'holds quads' : 'is empty'}, its description says ${meta.quads} quads`);
  } catch (err) {
    throw new RestoreError(`${join(dir, 'store.img')}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Write an image of the loaded store (synchronously: no call runs in the instance meanwhile). */
function snapshotNow(dir: string, inputs: ImageInputs, parts: WasmParts, quads: number): SnapshotReport {
  const ptr = (store as unknown as { __wbg_ptr?: unknown }).__wbg_ptr;
  if (typeof ptr !== 'number') return { reason: "snapshots are off: this Oxigraph's Store is not a plain pointer" };
  const written = writeImage(dir, inputs, { memory: new Uint8Array(parts.memory.buffer), store: ptr, quads, table: parts.table });
  return 'skipped' in written ? { reason: written.skipped } : { written };
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'load': {
      const started = Date.now();
      try {
        const snapshot = msg.snapshot ? snapshotPlan(msg) : undefined;
        let report: SnapshotReport | undefined = snapshot && snapshot.kind !== 'restore' ? { reason: snapshot.reason } : undefined;
        /** Quads in the store before the journal, once counted or known (store.size walks every quad: ~1 s per 5 M). */
        let known: number | undefined;
        if (snapshot?.kind === 'restore') {
          restore(snapshot.dir, snapshot.meta);
          report = { restored: true };
          if (snapshot.load.length + snapshot.drop.length === 0) known = snapshot.meta.quads;
          else {
            // An image of an earlier build: replace the graphs of the files that changed since.
            for (const graph of snapshot.drop) store.update(`DROP SILENT GRAPH <${graph}>`);
            for (const path of snapshot.load) await loadFile(path);
            report.applied = { dropped: snapshot.drop.length, loaded: snapshot.load.length };
            const rewrite = msg.snapshot?.exact === true || snapshot.load.length > APPLY_WITHOUT_WRITING;
            if (rewrite && msg.snapshot?.write && wasm) {
              known = store.size;
              report = { ...report, ...snapshotNow(snapshot.dir, snapshot.inputs, wasm, known) };
            }
          }
        } else {
          store = new oxigraph.Store();
          for (const source of msg.sources) await loadFile(source.path);
          for (const data of msg.inline) store.load(data.text, { format: data.format, lenient: true, no_transaction: true });
          // Taken before the journal is replayed: the image is of the published files alone, like its key.
          if (snapshot?.kind === 'load' && msg.snapshot?.write && wasm) {
            known = store.size;
            report = { ...report, ...snapshotNow(snapshot.dir, snapshot.inputs, wasm, known) };
          }
        }
        for (const update of msg.journal) store.update(update);
        const size = known !== undefined && msg.journal.length === 0 ? known : store.size;
        send({ type: 'ready', size, ms: Date.now() - started, ...(report ? { snapshot: report } : {}) });
      } catch (err) {
        if (err instanceof RestoreError) {
          // Part of the image may be in memory already: this instance cannot be trusted any more.
          send({ type: 'snapshotFailed', message: err.message });
          process.exit(75);
        }
        send({ type: 'loadFailed', message: err instanceof Error ? err.message : String(err) });
      }
      return;
    }
    case 'query':
      try {
        await runQuery(msg);
      } catch (err) {
        send({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) });
        exitIfTrapped(err);
      }
      return;
    case 'update':
      try {
        store.update(msg.update, msg.baseIri ? { base_iri: msg.baseIri } : {});
        send({ type: 'done', id: msg.id });
      } catch (err) {
        send({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) });
        exitIfTrapped(err);
      }
      return;
    case 'size':
      send({ type: 'done', id: msg.id, size: store.size });
      return;
    case 'replace':
      // One message: no query of this replica runs between the drops and the loads.
      try {
        for (const graph of msg.drop) store.update(`DROP SILENT GRAPH <${graph}>`);
        for (const source of msg.sources) await loadFile(source.path);
        send({ type: 'done', id: msg.id });
      } catch (err) {
        send({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) });
        exitIfTrapped(err);
      }
      return;
  }
}

// Messages are handled strictly in order (a load finishes before the first query runs).
let chain: Promise<void> = Promise.resolve();
parentPort?.on('message', (msg: ToWorker) => {
  chain = chain.then(() => handle(msg));
});
