/**
 * The raw SPARQL 1.1 Protocol side of a store: what the HTTP endpoint needs beyond `QueryService`
 * (results already serialised in the negotiated format, updates). Implemented by `WorkerPool`
 * (src/store/pool.ts); any other store (a remote SPARQL endpoint) can implement it too.
 */
import type { QueryOptions, QueryService } from './types.js';

/** What kind of result a query form gives: it decides the formats a client may ask for. */
export type ResultKind = 'bindings' | 'boolean' | 'graph';

/** A query result serialised by the store, ready to send. */
export interface RawResult {
  /** Serialised results in the requested media type. */
  body: string;
  /** The media type of `body` (without parameters). */
  mediaType: string;
  /** Rows (bindings) or triples (graph) in `body`; 1 for a boolean. */
  count: number;
  /** True when the result cap cut the result. */
  truncated: boolean;
  /** The cap that applied. */
  cap: number;
}

export interface SparqlStore extends QueryService {
  /**
   * Run a query and serialise its result in `mediaType` (one of the store's supported types for `kind`).
   * Rejects with QueryTimeoutError past the deadline, QueryQueueFullError when the queue is full,
   * and StoreQueryError when the store refuses the query.
   */
  queryRaw(query: string, kind: ResultKind, mediaType: string, options?: QueryOptions): Promise<RawResult>;
  /** Apply a SPARQL Update to every replica and to the persisted data. */
  update(update: string, options?: { timeoutMs?: number }): Promise<void>;
  /** Number of quads in the store (all graphs). */
  size(): Promise<number>;
  /** Stop the workers; pending queries are rejected. */
  close(): Promise<void>;
}

/** The store refused or failed to run a query (bad IRI, unsupported feature...). Message is the store's, prefixed. */
export class StoreQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreQueryError';
  }
}

/** No store replica is available (all are loading or failed to load). */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}
