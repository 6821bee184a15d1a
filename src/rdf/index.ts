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
import type jsonldTypes from 'jsonld';
import type * as jsonldNs from 'jsonld';

let jsonldModule: Promise<typeof jsonldTypes> | undefined;
/**
 * jsonld, loaded on first use: with its HTTP client (undici) it takes ~150 ms to load, which every command and
 * build worker paid at start although most JSON-LD here is written without it (graphToJsonLd's direct path).
 */
function loadJsonld(): Promise<typeof jsonldTypes> {
  return (jsonldModule ??= import('jsonld').then((m) => m.default));
}
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { NamedNode, Quad, Term } from '@rdfjs/types';
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

// Canonical N-Triples/N-Quads escaping, exactly as n3's Writer does it in line mode: U+0000-U+001F, `"`, `\`,
// U+007F, U+FFFE and U+FFFF are escaped (short escapes where they exist, else upper-case \uXXXX).
const CANONICAL_ESCAPE = /[^ !#-\[\]-~\u0080-\uFFFD]/;
const CANONICAL_ESCAPE_ALL = /[^ !#-\[\]-~\u0080-\uFFFD]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f' };
function canonicalReplacer(c: string): string {
  const short = SHORT_ESCAPES[c];
  if (short !== undefined) return short;
  const hex = c.charCodeAt(0).toString(16).toUpperCase();
  return `\\u${'0000'.slice(hex.length)}${hex}`;
}
function escapeCanonical(s: string): string {
  return CANONICAL_ESCAPE.test(s) ? s.replace(CANONICAL_ESCAPE_ALL, canonicalReplacer) : s;
}
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/**
 * A term in N-Quads, with `iri` writing each IRI (`<...>`, escaped), or undefined for terms this fast path leaves
 * to n3 (quoted triples, variables).
 */
function encodeTermWith(t: Term, iri: (value: string) => string): string | undefined {
  switch (t.termType) {
    case 'NamedNode':
      return iri(t.value);
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal': {
      const value = escapeCanonical(t.value);
      if (t.language) {
        const direction = (t as { direction?: string }).direction;
        return `"${value}"@${t.language}${direction ? `--${direction}` : ''}`;
      }
      return t.datatype.value === XSD_STRING ? `"${value}"` : `"${value}"^^${iri(t.datatype.value)}`;
    }
    default:
      return undefined;
  }
}

const escapedIri = (value: string): string => `<${escapeCanonical(value)}>`;

/** A term in N-Quads, or undefined for terms this fast path leaves to n3 (quoted triples, variables). */
function encodeTerm(t: Term): string | undefined {
  return encodeTermWith(t, escapedIri);
}

/**
 * N-Quads text of terms, each distinct IRI escaped once: a graph's lines repeat a few thousand IRIs (subjects,
 * predicates, classes, datatypes) tens of thousands of times. Same text as quadToLine. One encoder per graph or
 * dump (it keeps every IRI it has seen).
 *
 * @example
 *   const enc = new TermEncoder();
 *   const line = `${enc.term(q.subject)} ${enc.iri(q.predicate.value)} ${enc.term(q.object)} .`;
 */
export class TermEncoder {
  private readonly iris = new Map<string, string>();

  /** `<iri>`, escaped. */
  iri(value: string): string {
    let text = this.iris.get(value);
    if (text === undefined) this.iris.set(value, (text = `<${escapeCanonical(value)}>`));
    return text;
  }

  private readonly iriOf = (value: string): string => this.iri(value);

  /** A term in N-Quads, or undefined for terms quadToLine leaves to n3 (quoted triples, variables). */
  term(t: Term): string | undefined {
    return encodeTermWith(t, this.iriOf);
  }
}

/** One statement as an N-Quads line without the newline (the graph dropped when `withGraph` is false). */
export function quadToLine(q: Quad, withGraph = true): string {
  // Written here rather than by n3's Writer.quadToString (same bytes, checked in tests/model-rdf-fast.test.ts):
  // every serialisation sorts by these lines, so they are made for every quad several times over.
  const s = encodeTerm(q.subject);
  const p = q.predicate.termType === 'NamedNode' ? `<${escapeCanonical(q.predicate.value)}>` : undefined;
  const o = encodeTerm(q.object);
  if (s !== undefined && p !== undefined && o !== undefined) {
    if (!withGraph || q.graph.termType === 'DefaultGraph') return `${s} ${p} ${o} .`;
    if (q.graph.termType === 'NamedNode') return `${s} ${p} ${o} <${escapeCanonical(q.graph.value)}> .`;
    if (q.graph.termType === 'BlankNode') return `${s} ${p} ${o} _:${q.graph.value} .`;
  }
  return quadToLineN3(q, withGraph);
}

/** quadToLine through n3's Writer: the reference for the fast path, and the way for terms it does not handle. */
export function quadToLineN3(q: Quad, withGraph = true): string {
  const g = withGraph && q.graph.termType !== 'DefaultGraph' ? q.graph : DataFactory.defaultGraph();
  return lineWriter.quadToString(q.subject, q.predicate, q.object, g).replace(/\n$/, '');
}

function compareCodePoints(a: string, b: string): number {
  // Plain `<` compares UTF-16 code units, which is deterministic and all we need for a stable order.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sort strings by UTF-16 code units (what `<` and the default Array sort compare) and drop repeats, in place.
 * The default sort runs without a JavaScript comparator, which is what makes it fast.
 */
function sortUnique(lines: string[]): string[] {
  lines.sort();
  let n = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (n === 0 || line !== lines[n - 1]) lines[n++] = line;
  }
  lines.length = n;
  return lines;
}

/** Quads in canonical order (by their N-Quads line), duplicates removed (the first kept). Pure: returns a new array. */
export function sortQuads(quads: Iterable<Quad>): Quad[] {
  return canonicalQuads(quads).quads;
}

/** Quads in canonical order without repeats, with the N-Quads line of each: `lines[i]` is `quadToLine(quads[i])`. */
export interface CanonicalQuads {
  quads: Quad[];
  lines: string[];
}

/**
 * sortQuads, keeping the N-Quads lines the sort is made from, so that whoever writes the N-Quads next (the build's
 * part writer) does not encode every term again. A line is `subject rest`: statements are grouped by subject, the
 * groups sorted by the subject as written and each group by the rest of its lines, which is the order of the whole
 * lines (one subject as written is never the start of another, checked below) without comparing the long shared
 * subject again and again or writing it for every statement.
 *
 * @example
 *   const { quads, lines } = canonicalQuads(recordQuads);
 *   lines.join('\n') + '\n'; // serialize(recordQuads, 'nquads')
 */
export function canonicalQuads(quads: Iterable<Quad>): CanonicalQuads {
  const list = Array.isArray(quads) ? (quads as readonly Quad[]) : [...quads];
  const groups = new Map<string, Map<string, number[]>>(); // subject term type -> value -> statement indexes
  const rest: string[] = [];
  const enc = new TermEncoder();
  for (let i = 0; i < list.length; i++) {
    const q = list[i] as Quad;
    const p = q.predicate.termType === 'NamedNode' ? enc.iri(q.predicate.value) : undefined;
    const o = enc.term(q.object);
    const g = q.graph.termType === 'DefaultGraph' ? '' : enc.term(q.graph);
    // A subject with '>', a space or a control character could be the start of another subject as written.
    if (p === undefined || o === undefined || g === undefined || SUBJECT_UNSAFE.test(q.subject.value)) return sortWithLinesByKey(list);
    if (q.subject.termType !== 'NamedNode' && q.subject.termType !== 'BlankNode') return sortWithLinesByKey(list);
    rest.push(g ? `${p} ${o} ${g} .` : `${p} ${o} .`);
    let byValue = groups.get(q.subject.termType);
    if (!byValue) groups.set(q.subject.termType, (byValue = new Map()));
    const members = byValue.get(q.subject.value);
    if (members) members.push(i);
    else byValue.set(q.subject.value, [i]);
  }
  const ordered: Array<{ subject: string; members: number[] }> = [];
  for (const byValue of groups.values()) {
    for (const members of byValue.values()) ordered.push({ subject: encodeTerm((list[members[0] as number] as Quad).subject) as string, members });
  }
  ordered.sort((a, b) => compareCodePoints(a.subject, b.subject));
  const out: Quad[] = [];
  const lines: string[] = [];
  for (const { subject, members } of ordered) {
    members.sort((a, b) => compareCodePoints(rest[a] as string, rest[b] as string)); // stable: the first of equals stays first
    let previous: string | undefined;
    for (const k of members) {
      if (rest[k] === previous) continue;
      previous = rest[k];
      lines.push(`${subject} ${previous}`);
      out.push(list[k] as Quad);
    }
  }
  return { quads: out, lines };
}

const SUBJECT_UNSAFE = /[\u0000-\u0020>]/;

/** canonicalQuads by its definition: every line written whole and sorted. The reference, and the way for odd terms. */
export function sortWithLinesByKey(quads: Iterable<Quad>): CanonicalQuads {
  const list = Array.isArray(quads) ? (quads as readonly Quad[]) : [...quads];
  const width = String(list.length).length;
  // line + NUL + zero-padded index: NUL sorts below every character a line can hold (control characters are
  // escaped), so this orders by line first, then by input position, with the default comparator.
  const keys = list.map((q, i) => `${quadToLine(q)}\u0000${String(i).padStart(width, '0')}`);
  keys.sort();
  const out: Quad[] = [];
  const lines: string[] = [];
  let previous: string | undefined;
  for (const k of keys) {
    const at = k.length - width - 1;
    const line = k.slice(0, at);
    if (line === previous) continue;
    previous = line;
    lines.push(line);
    out.push(list[Number(k.slice(at + 1))] as Quad);
  }
  return { quads: out, lines };
}

/** Canonical N-Quads (or N-Triples when `withGraph` is false): sorted, de-duplicated, one line each. */
export function canonicalLines(quads: Iterable<Quad>, withGraph = true): string[] {
  const lines: string[] = [];
  for (const q of quads) lines.push(quadToLine(q, withGraph));
  return sortUnique(lines);
}

/** Turtle or TriG of quads in the order given, through n3's Writer. */
function writeWithN3(quads: readonly Quad[], format: 'Turtle' | 'TriG'): Promise<string> {
  try {
    return Promise.resolve(writeWithN3Sync(quads, format));
  } catch (err) {
    return Promise.reject(toError(err));
  }
}

/** writeWithN3 without a promise: with no output stream n3's Writer collects a string and calls back before end() returns. */
function writeWithN3Sync(quads: readonly Quad[], format: 'Turtle' | 'TriG'): string {
  const writer = new Writer({ format, prefixes: { ...PREFIXES } });
  const defaultGraph = DataFactory.defaultGraph();
  for (const q of quads) writer.addQuad(q.subject, q.predicate, q.object, format === 'Turtle' ? defaultGraph : q.graph);
  let out: string | undefined;
  let failure: unknown;
  writer.end((err: unknown, result: string) => {
    failure = err;
    out = result;
  });
  if (failure) throw toError(failure);
  if (out === undefined) throw new Error('n3 Writer did not return its text synchronously. Report this as a bug in src/rdf (n3 upgrade?).');
  return out;
}

/**
 * TriG and Turtle of quads in the order given, byte for byte what writeQuadsStream(quads, 'trig' / 'turtle')
 * writes. When every quad is in one named graph, n3 is run once: the Turtle is cut out of the TriG (n3 writes the
 * statements the same way in both), which halves the work for a part of the publication.
 *
 * @example
 *   const { trig, ttl } = trigAndTurtle(recordQuads);
 */
export function trigAndTurtle(quads: readonly Quad[]): { trig: string; ttl: string } {
  const trig = writeWithN3Sync(quads, 'TriG');
  const g = quads[0]?.graph;
  if (g?.termType === 'NamedNode' && quads.every((q) => q.graph === g || (q.graph.termType === 'NamedNode' && q.graph.value === g.value))) {
    return { trig, ttl: turtleFromTrig(trig, prefixHeaderSync()) };
  }
  return { trig, ttl: writeWithN3Sync(quads, 'Turtle') };
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
  switch (format) {
    case 'turtle':
      return writeWithN3(readableOrder(quads, false), 'Turtle');
    case 'trig':
      return writeWithN3(readableOrder(quads, true), 'TriG');
    case 'jsonld': {
      const expanded = await expandedJsonLd(sortQuads(quads));
      const jsonld = await loadJsonld();
      const compacted = await jsonld.compact(expanded, { ...PREFIXES }, {
        documentLoader: noRemoteLoader as never,
      } as jsonldNs.Options.Compact);
      return `${JSON.stringify(compacted, null, 2)}\n`;
    }
    default: {
      const never: never = format;
      throw new Error(`Unknown RDF format ${String(never)}. Use one of: ${RDF_FORMATS.join(', ')}.`);
    }
  }
}

/** A term as jsonld's fromRDF reads it: blank nodes carry their `_:` label, as its own N-Quads parser gives them. */
function jsonLdTerm<T extends Term>(t: T): T {
  return t.termType === 'BlankNode' ? ({ termType: 'BlankNode', value: `_:${t.value}` } as unknown as T) : t;
}

/**
 * Expanded JSON-LD of quads already in canonical order, through jsonld's fromRDF. The quads are handed over as
 * RDF/JS terms: going through an N-Quads string instead would run jsonld's own N-Quads parser, whose duplicate
 * check compares every statement with every other of its graph (seconds for a record graph).
 */
async function expandedJsonLd(sorted: readonly Quad[], graph?: NamedNode): Promise<jsonldNs.NodeObject[]> {
  const dataset = sorted.map((q) => ({
    subject: jsonLdTerm(q.subject),
    predicate: q.predicate,
    object: jsonLdTerm(q.object),
    graph: graph ?? jsonLdTerm(q.graph),
  }));
  const jsonld = await loadJsonld();
  return (await jsonld.fromRDF(dataset as never, { useNativeTypes: false })) as unknown as jsonldNs.NodeObject[];
}

/**
 * One graph as an expanded JSON-LD graph object, `{"@id": graphIri, "@graph": [...]}` (full IRIs, no context, no
 * trailing newline): a part of the JSON-LD dataset dump, which is `[` part `,` part ... `]`
 * (docs/publication.md). Every statement is put in `graphIri`, whatever graph it came in. Deterministic: the
 * statements are taken in canonical order, so the same quads always give the same text.
 *
 * @example
 *   const part = await graphToJsonLd(recordQuads, 'http://localhost:3030/graph/abc');
 *   JSON.parse(part)['@graph'].length; // the nodes of the graph
 */
export async function graphToJsonLd(quads: Iterable<Quad>, graphIri: string): Promise<string> {
  if (!graphIri) throw new Error('graphToJsonLd(): graphIri is empty. Pass the IRI of the named graph the quads are published in.');
  const graph = DataFactory.namedNode(graphIri);
  const triples = sortQuads([...quads].map((q) => (q.graph.equals(graph) ? q : DataFactory.quad(q.subject, q.predicate, q.object, graph))));
  return sortedGraphToJsonLd(triples, graphIri);
}

/**
 * graphToJsonLd for statements already in canonical order without repeats (sortQuads order) and all in
 * `graphIri`, such as a record graph from toQuads: the same text, without sorting again.
 *
 * @example
 *   const part = await sortedGraphToJsonLd(toQuads(extraction, options), graphIri);
 */
export async function sortedGraphToJsonLd(sorted: readonly Quad[], graphIri: string): Promise<string> {
  const direct = graphObjectJson(sorted, graphIri);
  if (direct !== undefined) return direct;
  const nodes = await expandedJsonLd(sorted, DataFactory.namedNode(graphIri));
  return JSON.stringify(nodes[0] ?? { '@id': graphIri, '@graph': [] });
}

const RDF_NIL = `${NS.rdf}nil`;
const RDF_JSON = `${NS.rdf}JSON`;

/**
 * The text JSON.stringify gives for jsonld's fromRDF (useNativeTypes and useRdfType off) of ONE graph's statements
 * in canonical order without repeats, built directly: fromRDF's generic machinery was most of the cost of a
 * record's JSON-LD part. Nodes in code-unit order of their ids, each `{"@id", "@type"?, properties in the order
 * the statements give them}`, values as `{"@id"}` or `{"@value", "@language" | "@type"}`, nodes that are only
 * referenced left out. Undefined when a statement holds what only jsonld handles (an rdf:nil list end, which
 * fromRDF turns into @list; an rdf:JSON literal; a quoted triple): the caller then goes through jsonld.
 * tests/model-rdf-fast.test.ts checks it against fromRDF.
 */
function graphObjectJson(sorted: readonly Quad[], graphIri: string): string | undefined {
  const nodes = new Map<string, Record<string, unknown[] | string>>();
  for (const q of sorted) {
    const { subject: s, predicate, object: o } = q;
    if ((s.termType !== 'NamedNode' && s.termType !== 'BlankNode') || predicate.termType !== 'NamedNode') return undefined;
    const sid = s.termType === 'BlankNode' ? `_:${s.value}` : s.value;
    let node = nodes.get(sid);
    if (!node) nodes.set(sid, (node = { '@id': sid }));
    const p = predicate.value;
    let value: unknown;
    if (o.termType === 'NamedNode' || o.termType === 'BlankNode') {
      const oid = o.termType === 'BlankNode' ? `_:${o.value}` : o.value;
      if (oid === RDF_NIL) return undefined;
      if (!nodes.has(oid)) nodes.set(oid, { '@id': oid });
      if (p === RDF_TYPE) {
        pushValue(node, '@type', oid);
        continue;
      }
      value = { '@id': oid };
    } else if (o.termType === 'Literal') {
      if (o.language) value = { '@value': o.value, '@language': o.language };
      else {
        const type = o.datatype.value || XSD_STRING;
        if (type === RDF_JSON) return undefined;
        value = type === XSD_STRING ? { '@value': o.value } : { '@value': o.value, '@type': type };
      }
    } else {
      return undefined;
    }
    pushValue(node, p, value);
  }
  const graph: unknown[] = [];
  for (const id of [...nodes.keys()].sort()) {
    const node = nodes.get(id) as Record<string, unknown>;
    // A node that is only referenced (its one key is @id) is left out, as fromRDF does.
    for (const key in node) {
      if (key !== '@id') {
        graph.push(node);
        break;
      }
    }
  }
  return JSON.stringify({ '@id': graphIri, '@graph': graph });
}

function pushValue(node: Record<string, unknown[] | string>, property: string, value: unknown): void {
  const values = node[property];
  if (Array.isArray(values)) values.push(value);
  else node[property] = [value];
}

/** The serialisations of one graph that the build publishes as its parts (docs/publication.md). */
export interface GraphParts {
  /** Canonical N-Quads, as serialize(quads, 'nquads'). */
  nq: string;
  /** TriG, as serialize(quads, 'trig'). */
  trig: string;
  /** Turtle (graph dropped), as serialize(quads, 'turtle'). */
  ttl: string;
  /** Expanded JSON-LD graph object, as graphToJsonLd(quads, graphIri). */
  jsonld: string;
}

/**
 * All four part serialisations of one named graph at once, byte for byte what serialize() and graphToJsonLd()
 * give one at a time, for about half the work: the N-Quads lines, the canonical sort and the Turtle/TriG statement
 * order are made once. Every quad must be in `graphIri`.
 *
 * @example
 *   const { nq, trig, ttl, jsonld } = await graphParts(recordQuads, iris(base).graph(recordId).value);
 */
export async function graphParts(quads: Iterable<Quad>, graphIri: string): Promise<GraphParts> {
  if (!graphIri) throw new Error('graphParts(): graphIri is empty. Pass the IRI of the named graph the quads are in.');
  const list = Array.isArray(quads) ? (quads as readonly Quad[]) : [...quads];
  for (const [i, q] of list.entries()) {
    if (q.graph.termType !== 'NamedNode' || q.graph.value !== graphIri) {
      throw new Error(
        `graphParts(): quad ${i} (${quadToLine(q)}) is not in the graph <${graphIri}>. Pass one graph's quads at a time (group them by graph first).`,
      );
    }
  }
  const { quads: sorted, lines } = canonicalQuads(list);
  // One graph: the TriG and the Turtle statement orders are the same (the graph key is the same for all).
  const order = readableOrder(sorted, true);
  const [trig, header, jsonldText] = await Promise.all([writeWithN3(order, 'TriG'), prefixHeader(), sortedGraphToJsonLd(sorted, graphIri)]);
  return {
    nq: lines.length ? `${lines.join('\n')}\n` : '',
    trig,
    ttl: turtleFromTrig(trig, header),
    jsonld: jsonldText,
  };
}

let header: string | undefined;
/** The prefix block n3 writes at the top of every Turtle and TriG document. */
function prefixHeaderSync(): string {
  header ??= writeWithN3Sync([], 'TriG');
  return header;
}
function prefixHeader(): Promise<string> {
  return Promise.resolve(prefixHeaderSync());
}

/**
 * The Turtle n3 writes for the statements of ONE named graph, cut out of the TriG it wrote for them: n3 writes the
 * statements the same way in both, TriG wraps them in `<g> {` ... `\n}\n` where Turtle ends them with `.\n`.
 */
function turtleFromTrig(trig: string, prefixes: string): string {
  if (trig === prefixes) return trig; // no statements
  const open = trig.indexOf(' {\n', prefixes.length);
  if (!trig.startsWith(prefixes) || open < 0 || !trig.endsWith('\n}\n')) {
    throw new Error('graphParts(): the TriG of one graph is not one graph block after the prefixes. Report this as a bug in src/rdf.');
  }
  return `${prefixes}${trig.slice(open + 3, -3)}.\n`;
}

/**
 * Order for Turtle/TriG: each graph's quads together (n3 opens a new graph block each time the graph changes),
 * then by subject, with rdf:type first so a reader sees what a node is before its properties; statements equal
 * in all that by their N-Quads line. Duplicates (same N-Quads line) are written once.
 *
 * That is the order of the key `graph NUL subject NUL type-first NUL triple-line`, then the N-Quads line. Rather
 * than sort all statements by that long key with a comparator, statements are grouped by graph and subject and
 * each group is sorted on its own by type-first + triple line (the same order, as no term holds a NUL);
 * readableOrderByKey is the direct way, taken when a graph or subject IRI does hold one.
 */
export function readableOrder(quads: Iterable<Quad>, withGraph: boolean): Quad[] {
  const all = Array.isArray(quads) ? (quads as readonly Quad[]) : [...quads];
  // graph -> subject term type -> subject value -> statement indexes: sorting each level's keys gives the key order
  // (term types differ in their first letter), with no long keys built.
  const groups = new Map<string, Map<string, Map<string, number[]>>>();
  const rest: string[] = []; // "predicate object ." of each statement: its triple line after the shared subject
  const typeFirst: boolean[] = [];
  for (let i = 0; i < all.length; i++) {
    const q = all[i] as Quad;
    const g = !withGraph || q.graph.termType === 'DefaultGraph' ? '' : q.graph.value;
    const s = q.subject.value;
    const p = q.predicate.termType === 'NamedNode' ? `<${escapeCanonical(q.predicate.value)}>` : undefined;
    const o = encodeTerm(q.object);
    if (g.includes('\u0000') || s.includes('\u0000') || p === undefined || o === undefined) return readableOrderByKey(all, withGraph);
    rest.push(`${p} ${o} .`);
    typeFirst.push(q.predicate.value === RDF_TYPE);
    let byType = groups.get(g);
    if (!byType) groups.set(g, (byType = new Map()));
    let byValue = byType.get(q.subject.termType);
    if (!byValue) byType.set(q.subject.termType, (byValue = new Map()));
    const list = byValue.get(s);
    if (list) list.push(i);
    else byValue.set(s, [i]);
  }
  const lines = new Map<number, string>();
  const lineOf = (k: number): string => {
    let line = lines.get(k);
    if (line === undefined) lines.set(k, (line = quadToLine(all[k] as Quad)));
    return line;
  };
  const out: Quad[] = [];
  for (const g of [...groups.keys()].sort()) {
    const byType = groups.get(g) as Map<string, Map<string, number[]>>;
    for (const type of [...byType.keys()].sort()) {
      const byValue = byType.get(type) as Map<string, number[]>;
      for (const value of [...byValue.keys()].sort()) {
        const list = byValue.get(value) as number[];
        list.sort((a, b) => Number(typeFirst[b]) - Number(typeFirst[a]) || compareCodePoints(rest[a] as string, rest[b] as string) || compareCodePoints(lineOf(a), lineOf(b)));
        let previous = -1;
        for (const k of list) {
          // Equal statements are neighbours now; keep the first of each.
          if (previous >= 0 && rest[k] === rest[previous] && lineOf(k) === lineOf(previous)) continue;
          previous = k;
          out.push(all[k] as Quad);
        }
      }
    }
  }
  return out;
}

/** readableOrder by its definition: one sort by the whole key, then the N-Quads line. */
export function readableOrderByKey(quads: Iterable<Quad>, withGraph: boolean): Quad[] {
  const keyed: Array<{ q: Quad; key: string; line: string }> = [];
  for (const q of quads) {
    const triple = quadToLine(q, false);
    const g = !withGraph || q.graph.termType === 'DefaultGraph' ? '' : q.graph.value;
    const typeFirst = q.predicate.value === RDF_TYPE ? '0' : '1';
    keyed.push({ q, key: `${g}\u0000${q.subject.termType}${q.subject.value}\u0000${typeFirst}\u0000${triple}`, line: fullLine(q, triple) });
  }
  keyed.sort((a, b) => compareCodePoints(a.key, b.key) || compareCodePoints(a.line, b.line));
  const out: Quad[] = [];
  let previous: string | undefined;
  for (const k of keyed) {
    if (k.line === previous) continue;
    previous = k.line;
    out.push(k.q);
  }
  return out;
}

/** quadToLine(q) from quadToLine(q, false), without encoding the triple again. */
function fullLine(q: Quad, triple: string): string {
  if (q.graph.termType === 'DefaultGraph') return triple;
  if (q.graph.termType === 'NamedNode') return `${triple.slice(0, -1)}<${escapeCanonical(q.graph.value)}> .`;
  return quadToLine(q);
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
    const jsonld = await loadJsonld();
    const nquads = (await jsonld.toRDF(doc as jsonldNs.JsonLdDocument, {
      format: 'application/n-quads',
      documentLoader: noRemoteLoader as never,
      ...(baseIri !== undefined ? { base: baseIri } : {}),
    } as jsonldNs.Options.ToRdf)) as unknown as string;
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
    // Lines go out in chunks of about 64 KiB: one stream write per line made the stream machinery cost more than
    // writing the lines.
    function* chunks() {
      let chunk = '';
      for (const q of quads) {
        chunk += `${quadToLine(q, withGraph)}\n`;
        if (chunk.length >= 65536) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }
    await pipeline(Readable.from(chunks()), stream);
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
