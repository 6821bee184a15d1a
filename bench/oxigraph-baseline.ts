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

/** Bulk-load an N-Quads file with Oxigraph's own loader. */
export function loadRaw(nquadsPath: string): RawStore {
  const text = readFileSync(nquadsPath, 'utf8');
  const rssBefore = process.memoryUsage().rss;
  const store = new oxigraph.Store();
  const started = performance.now();
  store.load(text, { format: 'application/n-quads' });
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
