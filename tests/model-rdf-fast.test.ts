/**
 * The fast paths of src/rdf: N-Quads lines written without n3's Writer, sorting without a comparator, and the
 * per-graph expanded JSON-LD. Each is checked against the straightforward way on awkward terms and on a real
 * record graph.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DataFactory, Writer } from 'n3';
import jsonld from 'jsonld';
import type { Quad } from '@rdfjs/types';
import {
  PREFIXES,
  canonicalLines,
  graphParts,
  graphToJsonLd,
  isomorphic,
  parseAsync,
  quadToLine,
  quadToLineN3,
  readableOrder,
  readableOrderByKey,
  serialize,
  sortQuads,
  sortWithLinesByKey,
} from '../src/rdf/index.js';
import { extractRecord } from '../src/extract/index.js';
import { toQuads, DEFAULT_BASE } from '../src/model/index.js';
import { NS, XSD } from '../src/vocab/index.js';

const { quad, namedNode, blankNode, literal, defaultGraph } = DataFactory;
const ex = (s: string) => namedNode(`http://example.org/${s}`);
const G = ex('graph');

/** Every character class the canonical escaping treats differently, in literals and IRIs. */
const AWKWARD = [
  'plain',
  '',
  'quote " and backslash \\',
  'tab\tnewline\nreturn\rbackspace\bformfeed\f',
  'NUL \u0000 and U+001F \u001f and DEL \u007f',
  'U+FFFE \ufffe U+FFFF \uffff U+FFFD \ufffd',
  'astral 😀 and lone surrogates \ud800 \udc00',
  'CJK 趙林 Cyrillic Петров',
  '<angle> {brace} |pipe| ^caret^ `tick`',
];

function awkwardQuads(): Quad[] {
  const quads: Quad[] = [];
  for (const text of AWKWARD) {
    const iri = namedNode(`http://example.org/x?${text}`);
    for (const o of [literal(text), literal(text, 'en'), literal(text, 'zh-Hant'), literal(text, XSD.integer), literal(text, namedNode(`http://example.org/dt#${text}`)), iri]) {
      quads.push(quad(iri, ex('p'), o, G), quad(ex('s'), ex('p'), o), quad(blankNode('b1'), ex('p'), o, blankNode('g1')));
    }
  }
  return quads;
}

function seedQuads(): Quad[] {
  const file = 'data/records/000_2dbcfce8bcb06762.txt';
  return toQuads(extractRecord(file, readFileSync(file)), { base: DEFAULT_BASE, version: '0.1.0' });
}

/** Deterministic shuffle (no Math.random in tests). */
function shuffled<T>(list: readonly T[]): T[] {
  const out = [...list];
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('quadToLine', () => {
  it('writes the same line as n3 Writer for awkward literals, IRIs, blank nodes and graphs', () => {
    for (const q of awkwardQuads()) {
      expect(quadToLine(q), JSON.stringify(q.object.value)).toBe(quadToLineN3(q));
      expect(quadToLine(q, false)).toBe(quadToLineN3(q, false));
    }
  });

  it('writes the same lines as n3 Writer for every statement of the seed record', () => {
    const quads = seedQuads();
    expect(quads.length).toBeGreaterThan(10_000);
    const writer = new Writer({ format: 'N-Quads' });
    for (const q of quads) expect(quadToLine(q)).toBe(writer.quadToString(q.subject, q.predicate, q.object, q.graph).slice(0, -1));
  });
});

describe('sortQuads and canonicalLines', () => {
  const quads = [...awkwardQuads(), ...seedQuads().slice(0, 3000)];
  const input = shuffled([...quads, ...quads.slice(0, 500)]); // with duplicates
  /** The order by definition: by N-Quads line (code units), each line once. */
  const reference = [...new Set(input.map((q) => quadToLineN3(q)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  it('orders by N-Quads line and keeps each statement once', () => {
    expect(sortQuads(input).map((q) => quadToLineN3(q))).toEqual(reference);
    expect(canonicalLines(input)).toEqual(reference);
  });

  it('gives the same quads and lines as writing every line whole and sorting them', () => {
    const odd = [quad(namedNode('http://example.org/a>b'), ex('p'), literal('x'), G), quad(namedNode('http://example.org/a'), ex('p'), literal('x'), G)];
    for (const list of [input, [...input, ...odd]]) {
      const fast = sortQuads(list);
      const direct = sortWithLinesByKey(list);
      expect(fast).toEqual(direct.quads);
      expect(fast.map((q) => quadToLine(q))).toEqual(direct.lines);
    }
  });

  it('keeps the first of equal statements', () => {
    const a = quad(ex('s'), ex('p'), literal('x'), G);
    const b = quad(ex('s'), ex('p'), literal('x'), G);
    const filler = Array.from({ length: 12 }, (_, i) => quad(ex(`s${i}`), ex('p'), literal('y'), G));
    expect(sortQuads([...filler, a, b]).find((q) => q.subject.equals(ex('s')))).toBe(a);
  });

  it('drops the graph for N-Triples and merges statements made in several graphs', () => {
    const lines = canonicalLines([quad(ex('s'), ex('p'), ex('o'), G), quad(ex('s'), ex('p'), ex('o'), ex('other')), quad(ex('s'), ex('p'), ex('o'))], false);
    expect(lines).toEqual(['<http://example.org/s> <http://example.org/p> <http://example.org/o> .']);
  });
});

describe('serialize: Turtle and TriG', () => {
  it('gives the same text whatever the order and repetition of the input', async () => {
    const quads = seedQuads().slice(0, 4000);
    const again = shuffled([...quads, ...quads.slice(0, 100)]);
    for (const format of ['turtle', 'trig'] as const) expect(await serialize(again, format)).toBe(await serialize(quads, format));
  });

  it('writes a statement stated in two graphs once per graph in TriG and twice in Turtle, as n3 does', async () => {
    const quads = [quad(ex('s'), ex('p'), ex('o'), G), quad(ex('s'), ex('p'), ex('o'), ex('h'))];
    const trig = await serialize(quads, 'trig');
    expect(trig.match(/<http:\/\/example.org\/o>/g)).toHaveLength(2);
    const turtle = await serialize(quads, 'turtle');
    expect(turtle).toContain('<http://example.org/s> <http://example.org/p> <http://example.org/o>, <http://example.org/o>.');
  });
});

describe('readableOrder (Turtle/TriG statement order) against its definition', () => {
  const xsd = (t: string) => namedNode(`${NS.xsd}${t}`);
  /** Subjects that are prefixes of each other, statements in several graphs, repeats, rdf:type among others. */
  function mixedQuads(): Quad[] {
    const subjects = [ex('a'), ex('a/b'), ex('a-'), ex('ab'), blankNode('b0'), blankNode('b01'), namedNode('ald:looksPrefixed')];
    const graphs = [G, ex('other'), defaultGraph(), blankNode('g'), namedNode('http://example.org/graph')];
    const objects = [literal('1', xsd('integer')), literal('plain'), literal('tagged', 'ru'), ex('o'), blankNode('b1'), ...AWKWARD.map((t) => literal(t))];
    const quads: Quad[] = [];
    for (const [i, s] of subjects.entries()) {
      for (const g of [graphs[i % graphs.length]!, graphs[(i + 1) % graphs.length]!]) {
        quads.push(quad(s, namedNode(`${NS.rdf}type`), ex('T'), g));
        for (const o of objects) quads.push(quad(s, ex('p'), o, g), quad(s, ex('q'), o, g));
      }
    }
    return quads;
  }

  it('gives the same order as one sort by the whole key, with and without graphs', () => {
    const quads = [...mixedQuads(), ...seedQuads().slice(0, 3000)];
    const input = shuffled([...quads, ...quads.slice(0, 300)]);
    for (const withGraph of [true, false]) {
      const want = readableOrderByKey(input, withGraph).map((q) => quadToLine(q));
      expect(readableOrder(input, withGraph).map((q) => quadToLine(q))).toEqual(want);
    }
  });

  it('takes the direct way for IRIs holding a NUL, with the same result', () => {
    const quads = [quad(namedNode('http://example.org/a\u0000b'), ex('p'), literal('x'), G), quad(ex('a'), ex('p'), literal('y'), G)];
    expect(readableOrder(quads, true)).toEqual(readableOrderByKey(quads, true));
  });
});

describe('graphToJsonLd', () => {
  const quads = seedQuads();
  const graphIri = quads[0]!.graph.value;

  it('writes one expanded graph object, {"@id": graph, "@graph": [...]}, with no trailing newline', async () => {
    const text = await graphToJsonLd(quads, graphIri);
    expect(text.startsWith(`{"@id":${JSON.stringify(graphIri)},"@graph":[`)).toBe(true);
    expect(text.endsWith(']}')).toBe(true);
    const doc = JSON.parse(text) as { '@id': string; '@graph': Array<{ '@id': string }> };
    expect(new Set(doc['@graph'].map((n) => n['@id'])).size).toBe(doc['@graph'].length);
  });

  it('holds exactly the statements given, in the named graph', async () => {
    const back = await parseAsync(await graphToJsonLd(quads, graphIri), 'jsonld');
    expect(isomorphic(back, quads)).toBe(true);
  });

  it('is what jsonld.fromRDF makes of the canonical N-Quads (the straightforward way)', async () => {
    const part = quads.slice(0, 1500); // jsonld's own N-Quads parser is quadratic: keep the reference small
    const viaText = await jsonld.fromRDF(canonicalLines(part).join('\n'), { format: 'application/n-quads' });
    expect(await graphToJsonLd(part, graphIri)).toBe(JSON.stringify(viaText[0]));
  });

  it('gives the same text whatever the input order', async () => {
    expect(await graphToJsonLd(shuffled(quads), graphIri)).toBe(await graphToJsonLd(quads, graphIri));
  });

  /** jsonld's fromRDF over RDF/JS terms (blank nodes labelled `_:x`, as its own parser gives them): the reference. */
  async function viaFromRdf(list: readonly Quad[]): Promise<string> {
    const label = <T extends Quad['subject'] | Quad['object']>(t: T) => (t.termType === 'BlankNode' ? { termType: 'BlankNode', value: `_:${t.value}` } : t);
    const dataset = sortQuads(list.map((q) => quad(q.subject, q.predicate, q.object, G))).map((q) => ({ subject: label(q.subject), predicate: q.predicate, object: label(q.object), graph: G }));
    const nodes = (await jsonld.fromRDF(dataset as never, { useNativeTypes: false })) as unknown[];
    return JSON.stringify(nodes[0] ?? { '@id': G.value, '@graph': [] });
  }

  it('writes what jsonld.fromRDF makes of awkward literals, datatypes, blank nodes, rdf:type and nodes only referenced', async () => {
    const type = namedNode(`${NS.rdf}type`);
    const list = [
      ...awkwardQuads(),
      quad(ex('s'), type, ex('T'), G),
      quad(ex('s'), type, blankNode('t'), G),
      quad(ex('s'), type, literal('not a node'), G),
      quad(blankNode('b1'), type, ex('U'), G),
      quad(ex('only-referenced'), ex('p'), ex('nowhere'), G),
      quad(ex('s'), ex('p'), literal('', 'en'), G),
      quad(ex('s'), ex('p'), literal('x', namedNode('')), G),
    ];
    expect(await graphToJsonLd(list, G.value)).toBe(await viaFromRdf(list));
  });

  it('leaves lists (rdf:nil) and rdf:JSON literals to jsonld, with its result', async () => {
    const rdf = (t: string) => namedNode(`${NS.rdf}${t}`);
    const lists = [
      quad(ex('s'), ex('list'), blankNode('l1'), G),
      quad(blankNode('l1'), rdf('first'), literal('a'), G),
      quad(blankNode('l1'), rdf('rest'), blankNode('l2'), G),
      quad(blankNode('l2'), rdf('first'), literal('b'), G),
      quad(blankNode('l2'), rdf('rest'), rdf('nil'), G),
    ];
    const text = await graphToJsonLd(lists, G.value);
    expect(text).toContain('"@list"');
    expect(text).toBe(await viaFromRdf(lists));
    const json = [quad(ex('s'), ex('p'), literal('{"a":[1,2]}', rdf('JSON')), G)];
    expect(await graphToJsonLd(json, G.value)).toContain('"@type":"@json"');
  });

  it('puts statements of another or the default graph into the graph named', async () => {
    const text = await graphToJsonLd([quad(ex('s'), ex('p'), literal('v', 'en')), quad(ex('s'), ex('q'), blankNode('b'), ex('elsewhere'))], G.value);
    expect(JSON.parse(text)).toEqual({
      '@id': G.value,
      '@graph': [
        { '@id': '_:b' },
        { '@id': ex('s').value, [ex('p').value]: [{ '@value': 'v', '@language': 'en' }], [ex('q').value]: [{ '@id': '_:b' }] },
      ].filter((n) => Object.keys(n).length > 1),
    });
  });

  it('writes an empty graph object for no statements and refuses an empty graph IRI', async () => {
    expect(await graphToJsonLd([], G.value)).toBe(`{"@id":"${G.value}","@graph":[]}`);
    await expect(graphToJsonLd([], '')).rejects.toThrow(/graphIri is empty/);
  });

  it('keeps the compacted JSON-LD of serialize() the same as through an N-Quads string, blank nodes included', async () => {
    const part = [...quads.slice(0, 800), quad(blankNode('x'), ex('p'), literal('y')), quad(ex('s'), ex('p'), blankNode('x'))];
    const expanded = await jsonld.fromRDF(canonicalLines(part).join('\n'), { format: 'application/n-quads', useNativeTypes: false });
    const compacted = await jsonld.compact(expanded, { ...PREFIXES });
    expect(await serialize(part, 'jsonld')).toBe(`${JSON.stringify(compacted, null, 2)}\n`);
  });
});

describe('graphParts', () => {
  it('gives byte for byte what serialize() and graphToJsonLd() give one at a time', async () => {
    const quads = seedQuads();
    const graphIri = quads[0]!.graph.value;
    const input = shuffled([...quads, ...quads.slice(0, 200)]);
    const parts = await graphParts(input, graphIri);
    expect(parts.nq).toBe(await serialize(quads, 'nquads'));
    expect(parts.trig).toBe(await serialize(quads, 'trig'));
    expect(parts.ttl).toBe(await serialize(quads, 'turtle'));
    expect(parts.jsonld).toBe(await graphToJsonLd(quads, graphIri));
  });

  it('cuts the Turtle out of the TriG correctly for a prefixed graph name, blank nodes and awkward literals', async () => {
    const g = namedNode(`${NS.ald}someGraph`);
    const quads = [
      ...AWKWARD.map((t, i) => quad(i % 2 ? blankNode(`b${i}`) : ex(`s${i}`), ex('p'), literal(t, i % 3 ? 'en' : XSD.string), g)),
      quad(ex('s'), namedNode(`${NS.rdf}type`), ex('T'), g),
    ];
    const parts = await graphParts(quads, g.value);
    expect(parts.trig).toBe(await serialize(quads, 'trig'));
    expect(parts.ttl).toBe(await serialize(quads, 'turtle'));
    expect(parts.trig).toContain('ald:someGraph {');
  });

  it('writes empty parts for an empty graph', async () => {
    const parts = await graphParts([], G.value);
    expect(parts.nq).toBe('');
    expect(parts.jsonld).toBe(`{"@id":"${G.value}","@graph":[]}`);
    expect(parts.trig).toBe(await serialize([], 'trig'));
  });

  it('refuses quads of another graph, naming the quad and what to do', async () => {
    await expect(graphParts([quad(ex('s'), ex('p'), ex('o'), G), quad(ex('s'), ex('p'), ex('o'))], G.value)).rejects.toThrow(
      /quad 1 \(<http:\/\/example.org\/s> <http:\/\/example.org\/p> <http:\/\/example.org\/o> \.\) is not in the graph <http:\/\/example.org\/graph>\. Pass one graph's quads/,
    );
  });
});
