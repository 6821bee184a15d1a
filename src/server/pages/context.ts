import type { QueryService } from '../../store/types.js';

/**
 * What the page renderers need from the server: the data base IRI (e.g. "http://localhost:3030/") and a
 * store to query. The server's `ServerContext` (src/server/context.ts) satisfies it structurally; tests
 * can pass just these two.
 */
export interface PageContext {
  base: string;
  store: QueryService;
}
