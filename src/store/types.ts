import type { Quad, Term } from '@rdfjs/types';

/** One solution of a SELECT: variable name (without '?') to RDF/JS term; unbound variables are absent. */
export type Bindings = Record<string, Term>;

export interface SelectResult {
  variables: string[];
  rows: Bindings[];
  /** True when the configured result cap cut the rows. */
  truncated: boolean;
}

/** What the store needs to know about a query's text, when the caller has parsed it already. */
export interface QueryShape {
  /** The query names its own dataset (FROM / FROM NAMED): the union default graph must not override it. */
  ownDataset: boolean;
  /** A LIMIT may be appended (none present, no trailing VALUES, not ASK) to stop results far beyond the cap. */
  limitable: boolean;
}

export interface QueryOptions {
  /** The query's shape from the caller's own parse (src/server/classify.ts); absent = the store parses it. */
  shape?: QueryShape;
  /** Deadline in milliseconds; defaults to the configured query timeout. */
  timeoutMs?: number;
  defaultGraphUris?: string[];
  namedGraphUris?: string[];
  /**
   * queryRaw of a graph result: write every RDF format with the project's serialiser (its prefixes, canonical
   * order: what the published files and entity descriptions look like) rather than the store's own writer.
   */
  readable?: boolean;
  /**
   * The query belongs to a request already admitted (a page's second and later queries): it waits for a replica
   * instead of being refused when the queue is full, so the queue bound counts requests, not a page's queries.
   */
  admitted?: boolean;
}

/**
 * What the HTTP layer, the linker and the page renderers need from a store, whichever store it is
 * (in-process Oxigraph in worker threads, or a remote SPARQL 1.1 store). Implementations live in src/store/.
 */
export interface QueryService {
  select(query: string, options?: QueryOptions): Promise<SelectResult>;
  ask(query: string, options?: QueryOptions): Promise<boolean>;
  /** CONSTRUCT and DESCRIBE. */
  construct(query: string, options?: QueryOptions): Promise<Quad[]>;
}

/** A query ran past its deadline and was stopped. */
export class QueryTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(
      `The query ran longer than ${timeoutMs} ms and was stopped. ` +
        'Simplify it, add LIMIT, or raise the limit with --query-timeout / QUERY_TIMEOUT_MS.',
    );
    this.name = 'QueryTimeoutError';
  }
}

/** Too many queries are waiting; try again after `retryAfterS` seconds. */
export class QueryQueueFullError extends Error {
  constructor(readonly retryAfterS: number) {
    super(`The query queue is full. Try again in ${retryAfterS} s.`);
    this.name = 'QueryQueueFullError';
  }
}
