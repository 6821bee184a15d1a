/** Messages between the pool (main thread) and a store worker (src/store/oxigraph-worker.ts). Plain data only. */
import type { Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { JsonBindingsResult, JsonBooleanResult } from './results.js';
import type { QueryShape } from './types.js';

/** An RDF term as plain data (RDF/JS shape without methods), to cross the thread boundary. */
export interface PlainTerm {
  termType: 'NamedNode' | 'BlankNode' | 'Literal' | 'DefaultGraph';
  value: string;
  language?: string;
  datatype?: string;
}

export type PlainQuad = [PlainTerm, PlainTerm, PlainTerm, PlainTerm];

/** The RDF/JS term (n3's factory) of a plain term. */
export function plainToTerm(t: PlainTerm): Term {
  const { namedNode, blankNode, literal, defaultGraph } = DataFactory;
  switch (t.termType) {
    case 'NamedNode':
      return namedNode(t.value);
    case 'BlankNode':
      return blankNode(t.value);
    case 'DefaultGraph':
      return defaultGraph();
    case 'Literal':
      return literal(t.value, t.language ? t.language : t.datatype ? namedNode(t.datatype) : undefined);
  }
}

export interface LoadSource {
  /** File of N-Quads (may end in .gz). */
  path: string;
  /** The one named graph the file holds (a publication part), when known: lets a snapshot be updated by graphs. */
  graph?: string;
}

/** RDF text loaded as is: N-Quads or TriG (tests, small datasets). */
export interface InlineData {
  text: string;
  format: 'application/n-quads' | 'application/trig';
}

/** What a replica did with the store snapshot: restored it (and applied changed files), wrote one, or why neither. */
export interface SnapshotReport {
  restored?: true;
  /** Graphs dropped and files loaded to bring an older snapshot up to date. */
  applied?: { dropped: number; loaded: number };
  written?: { bytes: number; ms: number };
  reason?: string;
}

export type ToWorker =
  | {
      type: 'load';
      sources: LoadSource[];
      inline: InlineData[];
      journal: string[];
      /**
       * Start from the store snapshot in `dir` when it matches the sources (and `restore` is not false); else load
       * them and, if `write`, write a new snapshot.
       */
      snapshot?: {
        dir: string;
        write: boolean;
        restore?: boolean;
        /** After bringing an older snapshot up to date, always write the new one (else only past a few changes). */
        exact?: boolean;
      };
    }
  | {
      type: 'query';
      id: number;
      query: string;
      /** The query form's result kind, known to the caller (it decides how Oxigraph is asked for results). */
      kind: 'bindings' | 'boolean' | 'graph';
      /** 'plain': structured result; otherwise the media type to serialise to. */
      output: 'plain' | string;
      cap: number;
      /** Base IRI that relative IRIs in the query resolve against. */
      baseIri?: string;
      defaultGraphUris?: string[];
      namedGraphUris?: string[];
      /** Known shape of the query (the worker then skips parsing it). */
      shape?: QueryShape;
      /** Graph results in every RDF format by the project's serialiser (QueryOptions.readable). */
      readable?: boolean;
    }
  | { type: 'update'; id: number; update: string; baseIri?: string }
  /** Drop these named graphs, then load these files (a new publication's changed parts), in one go. */
  | { type: 'replace'; id: number; drop: string[]; sources: LoadSource[] }
  | { type: 'size'; id: number };

export type QueryOutcome =
  | { form: 'bindings'; plain: JsonBindingsResult; truncated: boolean; count: number }
  | { form: 'boolean'; plain: JsonBooleanResult; count: 1; truncated: false }
  | { form: 'graph'; quads: PlainQuad[]; truncated: boolean; count: number }
  | { form: 'serialised'; body: string; truncated: boolean; count: number };

export type FromWorker =
  | {
      type: 'ready';
      size: number;
      ms: number;
      /** What happened with the snapshot: restored from it, wrote one, or why neither. */
      snapshot?: SnapshotReport;
    }
  /** Restoring the snapshot failed after the instance's memory was touched; the worker exits next. */
  | { type: 'snapshotFailed'; message: string }
  | { type: 'loadFailed'; message: string }
  | { type: 'result'; id: number; outcome: QueryOutcome }
  /** An update, replace or size request finished; `size` (quads, costly to count) answers a size request only. */
  | { type: 'done'; id: number; size?: number }
  | { type: 'error'; id: number; message: string };
