/**
 * The baseline archive-ld is compared against: Oxigraph used directly, in this thread, with no worker, no HTTP and
 * no archive-ld code in between. (The only module of archive-ld itself that imports oxigraph is src/store/; the
 * benchmark imports it here on purpose, to measure the engine alone.)
 */
import { readFileSync } from 'node:fs';
import oxigraph from 'oxigraph';

export interface RawStore {
  store: oxigraph.Store;
  quads: number;
  loadMs: number;
  /** Growth of the resident set while loading (the WASM heap the store took), in bytes. */
  rssGrowth: number;
}

const CHUNK = 1024 * 1024;

/**
 * Bulk-load an N-Quads file with Oxigraph's own loader at its fastest: the bytes (read first, not timed) in calls
 * of about 1 MiB cut at line ends, lenient parsing, no transaction. (One call with the whole file is several times
 * slower and needs about twice the memory, so it would flatter archive-ld.)
 */
export function loadRaw(nquadsPath: string): RawStore {
  const bytes = readFileSync(nquadsPath);
  const rssBefore = process.memoryUsage().rss;
  const store = new oxigraph.Store();
  const started = performance.now();
  for (let from = 0; from < bytes.length; ) {
    let to = Math.min(bytes.length, from + CHUNK);
    if (to < bytes.length) to = bytes.lastIndexOf(10, to - 1) + 1 || bytes.indexOf(10, to) + 1 || bytes.length;
    store.load(bytes.subarray(from, to), { format: 'application/n-quads', lenient: true, no_transaction: true });
    from = to;
  }
  const loadMs = performance.now() - started;
  return { store, quads: store.size, loadMs, rssGrowth: process.memoryUsage().rss - rssBefore };
}

/** Run a query up to `times` times (and past the budget only once) on the raw store (union default graph, as the endpoint does); latencies in ms. */
export function timeRawQuery(raw: RawStore, query: string, baseIri: string, times: number, budgetMs = Infinity): number[] {
  const out: number[] = [];
  const until = performance.now() + budgetMs;
  for (let i = 0; i < times && (i === 0 || performance.now() < until); i++) {
    const started = performance.now();
    raw.store.query(query, { use_default_graph_as_union: true, base_iri: baseIri, results_format: 'application/sparql-results+json' });
    out.push(performance.now() - started);
  }
  return out;
}
