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
}

/** Bulk-load an N-Quads file with Oxigraph's own loader. */
export function loadRaw(nquadsPath: string): RawStore {
  const text = readFileSync(nquadsPath, 'utf8');
  const store = new oxigraph.Store();
  const started = performance.now();
  store.load(text, { format: 'application/n-quads' });
  const loadMs = performance.now() - started;
  return { store, quads: store.size, loadMs };
}

/** Run a query `times` times on the raw store (union default graph, as the endpoint does); latencies in ms. */
export function timeRawQuery(raw: RawStore, query: string, baseIri: string, times: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    raw.store.query(query, { use_default_graph_as_union: true, base_iri: baseIri, results_format: 'application/sparql-results+json' });
    out.push(performance.now() - started);
  }
  return out;
}
