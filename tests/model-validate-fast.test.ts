/**
 * validate() feeds rdf-validate-shacl a GraphPointer over a GraphView (src/validate/graph.ts) and its own
 * environment (src/validate/factory.ts) instead of an n3 Store and the package defaults. These tests run both
 * paths on valid and on broken graphs and require the same report, result for result.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DataFactory, Store } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { validate, GraphView, checksCannotRepeat, loadShapes } from '../src/validate/index.js';
import { GraphPointer } from '../src/validate/graph.js';
import { validatorFactory } from '../src/validate/factory.js';
import { generateCorpus, loadSynthLists } from '../src/synth/index.js';
import { parse } from '../src/rdf/index.js';
import { validateReference } from '../src/validate/reference.js';
import { extractRecord } from '../src/extract/index.js';
import { toQuads, iris, DEFAULT_BASE } from '../src/model/index.js';
import { quadToLine } from '../src/rdf/index.js';
import { ALD, OA, RDF, RDFS, SCHEMA, XSD } from '../src/vocab/index.js';
import type { RecordExtraction } from '../src/extract/types.js';
import { fixtureExtraction, spanOf } from './model-fixture.js';

const { quad, literal, namedNode } = DataFactory;
const OPTS = { base: DEFAULT_BASE, version: '0.1.0' };
const I = iris(DEFAULT_BASE);
const ID = 'wcda-900001';
const G = I.graph(ID);

function build(change?: (ext: RecordExtraction) => void): Quad[] {
  const ext = fixtureExtraction();
  change?.(ext);
  return toQuads(ext, OPTS);
}
const without = (quads: Quad[], pred: (q: Quad) => boolean) => quads.filter((q) => !pred(q));
const replaceObject = (quads: Quad[], s: Term, p: Term, o: Quad['object']) =>
  quads.map((q) => (q.subject.equals(s) && q.predicate.equals(p) ? quad(q.subject, q.predicate, o, q.graph) : q));

const mentionSpan = spanOf('趙林');
const target = namedNode(`${I.mention(ID, mentionSpan.start, mentionSpan.end).value}/target`);
const quoteNode = namedNode(`${target.value}/quote`);
const positionNode = namedNode(`${target.value}/position`);

/** Broken graphs, each with what makes it fail. */
const BROKEN: Array<[string, () => Quad[]]> = [
  ['a person without its required rdfs:label', () => without(build(), (q) => q.subject.equals(I.person('ivan-petrov')) && q.predicate.equals(RDFS.label))],
  ['a turn whose speaker is not an ald:Person (sh:class)', () => build((e) => (e.turnSpeakers[0] = 'nobody-known'))],
  ['a record with neither identifier nor URL (node-level sh:or)', () => build((e) => ((e.identifiers = []), delete e.record.sourceUrl))],
  ['a record date that is a plain string (wrong datatype, sh:or of datatypes)', () =>
    replaceObject(build(), I.record(ID), SCHEMA.dateCreated, literal('March 3, 1963'))],
  ['an ill-typed xsd:date (code check and sh:datatype)', () => replaceObject(build(), I.record(ID), SCHEMA.dateCreated, literal('1963-13-45', XSD.date))],
  ['a position offset typed xsd:string', () => replaceObject(build(), positionNode, OA.start, literal(String(mentionSpan.start)))],
  ['a quote whose text disagrees with the record text', () => build((e) => (e.people[0]!.mentions[1]!.span = { ...mentionSpan, text: '趙X' }))],
  ['a quote whose length disagrees with its offsets', () => build((e) => (e.people[0]!.mentions[1]!.span = { ...mentionSpan, text: '趙林副' }))],
  ['a quote prefix that is not the text before it', () => replaceObject(build(), quoteNode, OA.prefix, literal('not the prefix'))],
  ['an empty span (start not before end)', () => build((e) => (e.dates[0]!.span = { start: 5, end: 5, text: '' }))],
  ['a target without its position selector', () =>
    without(build(), (q) => q.subject.equals(target) && q.predicate.equals(OA.hasSelector) && q.object.equals(positionNode))],
  ['a target with two quote selectors', () => replaceObject(build(), positionNode, RDF.type, OA.TextQuoteSelector)],
  ['two rdfs:labels in one language (sh:uniqueLang)', () => [...build(), quad(I.person('zhao-lin'), RDFS.label, literal('Chao Lin', 'en'), G)]],
  ['two untagged name variants (two results differing only in value)', () => [
    ...build(),
    quad(I.person('zhao-lin'), RDFS.label, literal('Zhao'), G),
    quad(I.person('zhao-lin'), namedNode('http://www.w3.org/2004/02/skos/core#altLabel'), literal('Zhao L.'), G),
    quad(I.person('zhao-lin'), namedNode('http://www.w3.org/2004/02/skos/core#altLabel'), literal('Z. Lin'), G),
  ]],
  ['an unknown date role (sh:in)', () => replaceObject(build(), I.date(ID, spanOf('March 3, 1963').start, spanOf('March 3, 1963').end), ALD.dateRole, literal('whenever'))],
  ['a quote with two oa:exact values (maxCount)', () => [...build(), quad(quoteNode, OA.exact, literal('趙'), G)]],
  ['a blank-node subject with a selector but no source', () => [...build(), quad(DataFactory.blankNode('t1'), OA.hasSelector, quoteNode, G)]],
  ['the same broken graph twice, in two named graphs', () => {
    const a = build((e) => (e.turnSpeakers[2] = 'nobody-known'));
    const b = build((e) => ((e.recordId = 'wcda-900002'), (e.turnSpeakers[0] = 'nobody-known')));
    return [...a, ...b];
  }],
  ['quads in the default graph', () => build((e) => (e.turnSpeakers[2] = 'nobody-known')).map((q) => quad(q.subject, q.predicate, q.object))],
];

describe('validate (GraphView) against validateReference (n3 Store)', () => {
  it('gives the same empty report on the fixture record', async () => {
    const quads = build();
    const fast = await validate(quads);
    expect(fast).toEqual(await validateReference(quads));
    expect(fast.conforms).toBe(true);
  });

  it('gives the same report on the seed record and on real fixture records', async () => {
    const files = ['data/records/000_2dbcfce8bcb06762.txt', 'tests/fixtures/records/cable-ru-1956.txt', 'tests/fixtures/records/plain-export-minutes-ru-1958.txt'];
    for (const file of files) {
      const quads = toQuads(extractRecord(file, readFileSync(file)), OPTS);
      expect(await validate(quads), file).toEqual(await validateReference(quads));
    }
  });

  it('gives the same report on synthetic records of every layout and kind', async () => {
    const seen = new Set<string>();
    for (const r of generateCorpus(40, 7, loadSynthLists())) {
      const kind = `${r.layout}/${r.kind}/${r.translationOnly}`;
      if (seen.has(kind) || seen.size >= 8) continue;
      seen.add(kind);
      const quads = toQuads(extractRecord(r.fileName, Buffer.from(r.text)), OPTS);
      expect(await validate(quads), r.fileName).toEqual(await validateReference(quads));
    }
    expect(seen.size).toBeGreaterThan(4);
  });

  it('gives the same warning, and no violation, for a turn whose speaker was not identified', async () => {
    const quads = build((e) => (e.turnSpeakers[2] = undefined));
    const fast = await validate(quads);
    expect(fast.results.map((r) => r.severity)).toEqual(['Warning']);
    expect(fast).toEqual(await validateReference(quads));
  });

  for (const [name, make] of BROKEN) {
    it(`gives the same failing report for ${name}`, async () => {
      const quads = make();
      const fast = await validate(quads);
      expect(fast.conforms).toBe(false);
      expect(fast.results.length).toBeGreaterThan(0);
      expect(fast).toEqual(await validateReference(quads));
    });
  }

  it('reports each text-position problem once, although the target has both a source and selectors', async () => {
    const fast = await validate(build((e) => (e.people[0]!.mentions[1]!.span = { ...mentionSpan, text: '趙X' })));
    const coded = fast.results.filter((r) => r.source === 'code:text-position');
    expect(coded).toHaveLength(1);
  });
});

describe('GraphView', () => {
  const quads = build();
  const view = new GraphView(quads);
  const store = new Store(quads);
  const lines = (it: Iterable<Quad>) => [...it].map((q) => quadToLine(q)).sort();
  const person = I.person('zhao-lin');

  it('matches what an n3 Store matches, for every pattern the validator uses', () => {
    const patterns: Array<[Term | null, Term | null, Term | null]> = [
      [person, null, null],
      [person, RDFS.label, null],
      [person, RDFS.label, literal('Zhao Lin', 'en')],
      [null, RDF.type, ALD.Person],
      [null, OA.hasSelector, null],
      [null, null, ALD.Person],
      [person, null, ALD.Person],
      [null, null, null],
      [namedNode('http://example.org/absent'), null, null],
      [null, RDFS.subClassOf, ALD.Person],
    ];
    for (const [s, p, o] of patterns) {
      const got = view.match(s, p, o);
      const want = store.match(s as never, p as never, o as never, null);
      expect(lines(got), `${s?.value} ${p?.value} ${o?.value}`).toEqual(lines(want));
      expect(got.size).toBe(want.size);
    }
  });

  it('keeps a repeated statement once and tells literals apart by language and datatype', () => {
    const v = new GraphView();
    const p = namedNode('http://example.org/p');
    const forms = [literal('1'), literal('1', 'en'), literal('1', XSD.integer), namedNode('1')];
    for (let i = 0; i < 12; i++) v.add(quad(person, p, literal(`v${i}`), G)); // past the linear-scan limit
    for (const f of [...forms, ...forms]) v.add(quad(person, p, f, G));
    v.add(quad(person, p, literal('v3'), G));
    expect(v.size).toBe(12 + forms.length);
    expect(v.has(quad(person, p, literal('1', 'en')))).toBe(true);
    expect(v.has(quad(person, p, literal('1', 'de')))).toBe(false);
    expect(v.match(null, p, literal('1', XSD.integer)).size).toBe(1);
  });

  it('indexes a statement added after its property was first looked up by object', () => {
    const v = new GraphView(quads);
    expect(v.subjects(RDF.type, ALD.Person)).toHaveLength(store.getSubjects(RDF.type, ALD.Person, null).length);
    const newcomer = namedNode('http://example.org/new');
    v.add(quad(newcomer, RDF.type, ALD.Person, G));
    expect(v.subjects(RDF.type, ALD.Person).map((t) => t.value)).toContain(newcomer.value);
  });

  it('refuses delete with a message saying what to do', () => {
    expect(() => view.delete()).toThrow(/build a new GraphView/);
  });
});

describe('GraphPointer (what rdf-validate-shacl reads of the data graph, without clownface)', () => {
  const quads = [
    ...build(),
    // a class hierarchy, a literal subject's neighbour and a node with two types, for in() and the "any" pointer
    quad(namedNode('http://example.org/Sub'), RDFS.subClassOf, ALD.Person, G),
    quad(namedNode('http://example.org/SubSub'), RDFS.subClassOf, namedNode('http://example.org/Sub'), G),
    quad(I.person('zhao-lin'), RDF.type, namedNode('http://example.org/Sub'), G),
  ];
  const view = new GraphView(quads);
  const ours = view.pointer();
  const theirs = validatorFactory().clownface({ dataset: new GraphView(quads) });
  const keys = (terms: Term[]) => terms.map((t) => `${t.termType} ${t.value}`);
  const person = I.person('zhao-lin');
  const steps: Array<[string, (p: any) => any]> = [
    ['node(s).out(p)', (p) => p.node(person).out(RDFS.label)],
    ['node(s).out([p, q])', (p) => p.node(person).out([RDFS.label, RDF.type])],
    ['node(s).out()', (p) => p.node(person).out()],
    ['node(o).in(p)', (p) => p.node(ALD.Person).in(RDF.type)],
    ['node(o).in(p) of a class with subclasses', (p) => p.node(ALD.Person).in(RDFS.subClassOf)],
    ['in().in() (subclasses of subclasses)', (p) => p.node(ALD.Person).in(RDFS.subClassOf).in(RDFS.subClassOf)],
    ['node(a literal).out(p)', (p) => p.node(literal('Zhao Lin', 'en')).out(RDFS.label)],
    ['node(absent).out(p)', (p) => p.node(namedNode('http://example.org/absent')).out(RDFS.label)],
    ['the any pointer, out(p)', (p) => p.out(OA.hasSelector)],
    ['the any pointer, in(p)', (p) => p.in(RDF.type)],
    ['node([a, b]).out(p)', (p) => p.node([person, I.person('ivan-petrov')]).out(RDF.type)],
    ['node(s).node(t) (a pointer moved to another node)', (p) => p.node(person).node(ALD.Person).in(RDF.type)],
    ['a variable as predicate', (p) => p.node(person).out(DataFactory.variable('x'))],
  ];
  for (const [name, step] of steps) {
    it(`gives the nodes clownface gives for ${name}`, () => {
      const a = step(ours);
      const b = step(theirs);
      expect(keys(a.terms)).toEqual(keys(b.terms));
      expect(a.term?.value).toBe(b.term?.value);
      expect(a.value).toBe(b.value);
      expect(a.toArray().map((x: GraphPointer) => keys(x.terms))).toEqual(b.toArray().map((x: any) => keys(x.terms)));
    });
  }

  it('points at no node, and at its dataset, until moved', () => {
    expect(ours.terms).toEqual([]);
    expect(ours.term).toBeUndefined();
    expect(ours.dataset).toBe(view);
  });
});

describe('validatorFactory', () => {
  const env = validatorFactory();
  const base = 'http://www.w3.org/ns/shacl#';

  it('hands out one named node per IRI from a namespace, in every call form', () => {
    const sh = env.namespace(base);
    expect(env.namespace(base)).toBe(sh);
    expect(sh.minCount).toBe(sh.minCount);
    expect(sh.minCount.value).toBe(`${base}minCount`);
    expect(sh('minCount')).toBe(sh.minCount);
    expect(sh`minCount`).toBe(sh.minCount);
    expect(sh().value).toBe(base);
    expect(sh.minCount.equals(namedNode(`${base}minCount`))).toBe(true);
  });

  it('keeps namespaces of other base IRIs apart', () => {
    expect(env.namespace('http://example.org/a#').x.value).toBe('http://example.org/a#x');
    expect(env.namespace('http://example.org/b#').x.value).toBe('http://example.org/b#x');
  });

  it('makes datasets as GraphViews, which clownface can add to and read back', () => {
    const ds = env.dataset();
    expect(ds).toBeInstanceOf(GraphView);
    const ptr = env.clownface({ dataset: ds }).blankNode().addOut(RDF.type, SCHEMA.text);
    expect(ptr.out(RDF.type).terms.map((t: Term) => t.value)).toEqual([SCHEMA.text.value]);
  });
});

describe('checksCannotRepeat (whether the maxNodeChecks bookkeeping can be switched off)', () => {
  const PREFIXES = '@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n';
  const shapes = (ttl: string) => parse(PREFIXES + ttl, 'turtle');

  it('holds for ontology/shapes.ttl', () => {
    expect(checksCannotRepeat(loadShapes())).toBe(true);
  });

  it('holds for a node shape with its own property shapes', () => {
    expect(checksCannotRepeat(shapes('ex:A sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .'))).toBe(true);
  });

  it('fails for shapes that refer to each other in a cycle', () => {
    expect(checksCannotRepeat(shapes('ex:A sh:targetClass ex:C ; sh:node ex:B . ex:B sh:or ( ex:A ) .'))).toBe(false);
  });

  it('fails for a property shape shared by two shapes', () => {
    expect(checksCannotRepeat(shapes('ex:A sh:targetClass ex:C ; sh:property ex:P . ex:B sh:targetClass ex:D ; sh:property ex:P . ex:P sh:path ex:p .'))).toBe(false);
  });

  it('fails for a property shape with property shapes of its own', () => {
    expect(checksCannotRepeat(shapes('ex:A sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:property [ sh:path ex:q ; sh:minCount 1 ] ] .'))).toBe(false);
  });

  it('fails for a property shape with targets of its own', () => {
    expect(checksCannotRepeat(shapes('ex:A sh:targetClass ex:C ; sh:property ex:P . ex:P sh:path ex:p ; sh:targetClass ex:D .'))).toBe(false);
  });
});
