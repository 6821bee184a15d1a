/**
 * RDF input and output: the only module that drives n3's parser and writer and jsonld.
 *
 * - `serialize(quads, format)` writes Turtle, TriG, N-Triples, N-Quads or JSON-LD. N-Quads and N-Triples come out
 *   canonical: one line per statement, sorted by code point, duplicates removed, so the same quads always give
 *   byte-identical text.
 * - `parse(text, format)` reads Turtle, TriG, N-Triples, N-Quads; `parseAsync` also reads JSON-LD.
 * - `isomorphic(a, b)` compares two blank-node-free datasets (the model mints no blank nodes).
 * - `writeQuadsStream(quads, format, stream)` streams a dump with back-pressure.
 *
 * @example
 *   const text = await serialize(quads, 'nquads');
 *   const back = parse(text, 'nquads');
 *   isomorphic(quads, back) // true
 */
import { DataFactory, Parser, StreamWriter, Writer } from 'n3';
import jsonld from 'jsonld';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Quad, Term } from '@rdfjs/types';
import { NS } from '../vocab/index.js';

export type RdfFormat = 'turtle' | 'trig' | 'nquads' | 'ntriples' | 'jsonld';

export const RDF_FORMATS: readonly RdfFormat[] = ['turtle', 'trig', 'nquads', 'ntriples', 'jsonld'];

/** Media type and file extension of each format. */
export const FORMAT_INFO: Record<RdfFormat, { mediaType: string; extension: string; datasets: boolean }> = {
  turtle: { mediaType: 'text/turtle', extension: 'ttl', datasets: false },
  trig: { mediaType: 'application/trig', extension: 'trig', datasets: true },
  nquads: { mediaType: 'application/n-quads', extension: 'nq', datasets: true },
  ntriples: { mediaType: 'application/n-triples', extension: 'nt', datasets: false },
  jsonld: { mediaType: 'application/ld+json', extension: 'jsonld', datasets: true },
};

/** Prefixes written in Turtle/TriG output and used as the JSON-LD context. */
export const PREFIXES: Readonly<Record<string, string>> = {
  ald: NS.ald,
  rdf: NS.rdf,
  rdfs: NS.rdfs,
  owl: NS.owl,
  xsd: NS.xsd,
  skos: NS.skos,
  dcterms: NS.dcterms,
  schema: NS.schema,
  rico: NS.rico,
  prov: NS.prov,
  oa: NS.oa,
  cito: NS.cito,
  aldt: NS.aldt,
  alds: NS.alds,
  wd: NS.wd,
};

/** Turn a user-given format name or file extension into an RdfFormat; throws naming the accepted values. */
export function formatFromName(name: string, where = 'format'): RdfFormat {
  const n = name.toLowerCase().replace(/^\./, '');
  const aliases: Record<string, RdfFormat> = {
    turtle: 'turtle',
    ttl: 'turtle',
    trig: 'trig',
    nquads: 'nquads',
    nq: 'nquads',
    'n-quads': 'nquads',
    ntriples: 'ntriples',
    nt: 'ntriples',
    'n-triples': 'ntriples',
    jsonld: 'jsonld',
    'json-ld': 'jsonld',
    json: 'jsonld',
  };
  const f = aliases[n];
  if (!f) throw new Error(`Unknown RDF ${where} "${name}". Use one of: ${RDF_FORMATS.join(', ')}.`);
  return f;
}

/** Guess the format of a file from its extension (.ttl, .trig, .nq, .nt, .jsonld); undefined when unknown. */
export function formatFromPath(path: string): RdfFormat | undefined {
  const m = /\.([a-z-]+)$/i.exec(path);
  if (!m?.[1]) return undefined;
  try {
    return formatFromName(m[1]);
  } catch {
    return undefined;
  }
}

const lineWriter = new Writer({ format: 'N-Quads' });

/** One statement as an N-Quads line without the newline (the graph dropped when `withGraph` is false). */
export function quadToLine(q: Quad, withGraph = true): string {
  const g = withGraph && q.graph.termType !== 'DefaultGraph' ? q.graph : DataFactory.defaultGraph();
  return lineWriter.quadToString(q.subject, q.predicate, q.object, g).replace(/\n$/, '');
}

function compareCodePoints(a: string, b: string): number {
  // Plain `<` compares UTF-16 code units, which is deterministic and all we need for a stable order.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Quads in canonical order (by their N-Quads line), duplicates removed. Pure: returns a new array. */
export function sortQuads(quads: Iterable<Quad>): Quad[] {
  const seen = new Map<string, Quad>();
  for (const q of quads) {
    const line = quadToLine(q);
    if (!seen.has(line)) seen.set(line, q);
  }
  return [...seen.keys()].sort(compareCodePoints).map((k) => seen.get(k) as Quad);
}

/** Canonical N-Quads (or N-Triples when `withGraph` is false): sorted, de-duplicated, one line each. */
export function canonicalLines(quads: Iterable<Quad>, withGraph = true): string[] {
  const lines = new Set<string>();
  for (const q of quads) lines.add(quadToLine(q, withGraph));
  return [...lines].sort(compareCodePoints);
}

function writeWithN3(quads: Quad[], format: 'Turtle' | 'TriG'): Promise<string> {
  return new Promise((resolve, reject) => {
    const writer = new Writer({ format, prefixes: { ...PREFIXES } });
    for (const q of quads) {
      writer.addQuad(q.subject, q.predicate, q.object, format === 'Turtle' ? DataFactory.defaultGraph() : q.graph);
    }
    writer.end((err: unknown, result: string) => (err ? reject(toError(err)) : resolve(result)));
  });
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** JSON-LD never fetches remote contexts here: the model only writes our own inline context. */
const noRemoteLoader = async (url: string): Promise<never> => {
  throw new Error(`JSON-LD: refusing to load remote context ${url}. Inline the context in the document instead.`);
};

/**
 * Serialise quads. Turtle and N-Triples hold triples only: graph names are dropped (use TriG or N-Quads to keep
 * them). Output is deterministic: quads are sorted canonically first.
 */
export async function serialize(quads: Iterable<Quad>, format: RdfFormat): Promise<string> {
  // Line formats sort their own lines; only the others need the quads in canonical order first.
  if (format === 'nquads' || format === 'ntriples') {
    const lines = canonicalLines(quads, format === 'nquads');
    return lines.length ? `${lines.join('\n')}\n` : '';
  }
  const sorted = sortQuads(quads);
  switch (format) {
    case 'turtle':
      return writeWithN3(readableOrder(sorted, false), 'Turtle');
    case 'trig':
      return writeWithN3(readableOrder(sorted, true), 'TriG');
    case 'jsonld': {
      const nquads = canonicalLines(sorted, true).join('\n');
      const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads', useNativeTypes: false });
      const compacted = await jsonld.compact(expanded, { ...PREFIXES }, {
        documentLoader: noRemoteLoader as never,
      } as jsonld.Options.Compact);
      return `${JSON.stringify(compacted, null, 2)}\n`;
    }
    default: {
      const never: never = format;
      throw new Error(`Unknown RDF format ${String(never)}. Use one of: ${RDF_FORMATS.join(', ')}.`);
    }
  }
}

/**
 * Order for Turtle/TriG: each graph's quads together (n3 opens a new graph block each time the graph changes),
 * then by subject, with rdf:type first so a reader sees what a node is before its properties.
 */
function readableOrder(sorted: Quad[], withGraph: boolean): Quad[] {
  const keyed = sorted.map((q) => {
    const g = !withGraph || q.graph.termType === 'DefaultGraph' ? '' : q.graph.value;
    const typeFirst = q.predicate.value === RDF_TYPE ? '0' : '1';
    return { q, key: `${g}\u0000${q.subject.termType}${q.subject.value}\u0000${typeFirst}\u0000${quadToLine(q, false)}` };
  });
  keyed.sort((a, b) => compareCodePoints(a.key, b.key));
  return keyed.map((k) => k.q);
}

const RDF_TYPE = `${NS.rdf}type`;

/** Thrown when RDF text cannot be parsed; the message names the source, the line and the parser's complaint. */
export class RdfParseError extends Error {
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(
      `${source}${line !== undefined ? `:${line}` : ''}: ${problem}. Check the file is valid RDF in the format given (or named by its extension).`,
    );
    this.name = 'RdfParseError';
  }
}

const N3_FORMAT: Record<Exclude<RdfFormat, 'jsonld'>, string> = {
  turtle: 'Turtle',
  trig: 'TriG',
  nquads: 'N-Quads',
  ntriples: 'N-Triples',
};

/**
 * Parse Turtle, TriG, N-Triples or N-Quads synchronously. JSON-LD needs `parseAsync`.
 * @param source name used in error messages (a file path).
 */
export function parse(text: string, format: RdfFormat, baseIri?: string, source = '<input>'): Quad[] {
  if (format === 'jsonld') {
    throw new Error(`${source}: JSON-LD cannot be parsed synchronously. Call parseAsync(text, 'jsonld') instead.`);
  }
  const parser = new Parser({ format: N3_FORMAT[format], ...(baseIri !== undefined ? { baseIRI: baseIri } : {}) });
  try {
    return parser.parse(text) as Quad[];
  } catch (err) {
    const e = toError(err);
    const ctx = (e as { context?: { line?: number } }).context;
    const problem = e.message.replace(/ on line \d+\.?$/, '');
    throw new RdfParseError(source, ctx?.line, problem);
  }
}

/** Parse any supported format, JSON-LD included. */
export async function parseAsync(text: string, format: RdfFormat, baseIri?: string, source = '<input>'): Promise<Quad[]> {
  if (format !== 'jsonld') return parse(text, format, baseIri, source);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new RdfParseError(source, undefined, `not valid JSON (${toError(err).message})`);
  }
  try {
    const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
      format: 'application/n-quads',
      documentLoader: noRemoteLoader as never,
      ...(baseIri !== undefined ? { base: baseIri } : {}),
    } as jsonld.Options.ToRdf)) as unknown as string;
    return parse(nquads, 'nquads', undefined, source);
  } catch (err) {
    if (err instanceof RdfParseError) throw err;
    throw new RdfParseError(source, undefined, `JSON-LD could not be read (${toError(err).message})`);
  }
}

function hasBlankNode(quads: readonly Quad[]): boolean {
  const isBlank = (t: Term) => t.termType === 'BlankNode';
  return quads.some((q) => isBlank(q.subject) || isBlank(q.object) || isBlank(q.graph));
}

/**
 * True when the two datasets hold the same statements (graph names included). Exact for blank-node-free data,
 * which is all the model produces; throws on blank nodes rather than give a wrong answer.
 */
export function isomorphic(a: Iterable<Quad>, b: Iterable<Quad>): boolean {
  const qa = [...a];
  const qb = [...b];
  if (hasBlankNode(qa) || hasBlankNode(qb)) {
    throw new Error(
      'isomorphic(): blank nodes present; this comparison handles blank-node-free data only. Mint IRIs for the nodes (src/model/iri.ts).',
    );
  }
  const la = canonicalLines(qa);
  const lb = canonicalLines(qb);
  return la.length === lb.length && la.every((l, i) => l === lb[i]);
}

/** Lines only in `a` and only in `b`, for readable golden-test failures. */
export function diffQuads(a: Iterable<Quad>, b: Iterable<Quad>): { onlyInA: string[]; onlyInB: string[] } {
  const sa = new Set(canonicalLines(a));
  const sb = new Set(canonicalLines(b));
  return {
    onlyInA: [...sa].filter((l) => !sb.has(l)),
    onlyInB: [...sb].filter((l) => !sa.has(l)),
  };
}

/**
 * Stream quads to a writable stream with back-pressure; resolves when everything is written, rejects on a
 * stream error. N-Quads/N-Triples are written line by line in the order given (sort first for canonical
 * output); Turtle/TriG go through n3's stream writer (keep each graph's quads together for compact TriG);
 * JSON-LD is built in memory, since a compacted JSON-LD document cannot be written before it is complete.
 * The stream is ended when done.
 */
export async function writeQuadsStream(quads: Iterable<Quad>, format: RdfFormat, stream: Writable): Promise<void> {
  if (format === 'nquads' || format === 'ntriples') {
    const withGraph = format === 'nquads';
    async function* lines() {
      for (const q of quads) yield `${quadToLine(q, withGraph)}\n`;
    }
    await pipeline(Readable.from(lines()), stream);
    return;
  }
  if (format === 'jsonld') {
    const text = await serialize(quads, 'jsonld');
    await pipeline(Readable.from([text]), stream);
    return;
  }
  const triplesOnly = format === 'turtle';
  async function* source() {
    for (const q of quads) {
      yield triplesOnly ? DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.defaultGraph()) : q;
    }
  }
  const writer = new StreamWriter({ format: N3_FORMAT[format], prefixes: { ...PREFIXES } });
  await pipeline(Readable.from(source()), writer, stream);
}
