/**
 * What every HTTP handler gets: the configuration, the store and where the published files are.
 * Route modules (src/server/*, src/server/pages/*, src/server/reconcile.ts) take a `ServerContext`
 * and never reach for globals, so tests can build one over a small in-memory dataset.
 *
 * @example
 *   const ctx: ServerContext = { config, base: config.base, store, dumpsDir: join(config.outDir, 'dumps'), logger };
 *   const rows = await ctx.store.select('SELECT ?s WHERE { ?s ?p ?o } LIMIT 1');
 */
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { SparqlStore } from '../store/sparql-store.js';
import type { ResponseCache } from './response-cache.js';

export interface ServerContext {
  config: Config;
  /** Base IRI data IRIs are minted under (config.base), ends with '/'. A request path maps to `base + path`. */
  base: string;
  /** The store: `QueryService` (select/ask/construct) plus the raw protocol methods. */
  store: SparqlStore;
  /** Folder holding the published dump files and void.ttl (out/dumps). */
  dumpsDir: string;
  logger: Logger;
  /** Cache of GET responses (pages, query results); empty it whenever the data changes. Absent = no caching. */
  responses?: ResponseCache;
}
