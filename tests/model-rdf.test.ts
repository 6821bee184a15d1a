import { describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import { PassThrough } from 'node:stream';
import type { Quad } from '@rdfjs/types';
import {
  RDF_FORMATS,
  RdfParseError,
  diffQuads,
  formatFromName,
  formatFromPath,
  isomorphic,
  parse,
  parseAsync,
  serialize,
  sortQuads,
  writeQuadsStream,
  type RdfFormat,
} from '../src/rdf/index.js';
import { toQuads, DEFAULT_BASE } from '../src/model/index.js';
import { fixtureExtraction } from './model-fixture.js';

const quads = toQuads(fixtureExtraction(), { base: DEFAULT_BASE, version: '0.1.0' });
const triplesOf = (qs: Quad[]) => qs.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
const keepsGraphs = (f: RdfFormat) => f === 'trig' || f === 'nquads' || f === 'jsonld';

describe('serialize / parse', () => {
  it.each(RDF_FORMATS.map((f) => [f]))('round-trips a record graph through %s', async (format) => {
    const text = await serialize(quads, format);
    const back = await parseAsync(text, format);
    const expected = keepsGraphs(format) ? quads : triplesOf(quads);
    expect(diffQuads(back, expected)).toEqual({ onlyInA: [], onlyInB: [] });
    expect(isomorphic(back, expected)).toBe(true);
  });

  it('writes byte-identical N-Quads whatever the input order, without duplicates', async () => {
    const shuffled = [...quads].reverse();
    const a = await serialize(quads, 'nquads');
    const b = await serialize([...shuffled, ...shuffled.slice(0, 10)], 'nquads');
    expect(b).toBe(a);
    expect(a.trimEnd().split('\n')).toHaveLength(quads.length);
  });

  it('sorts quads by their N-Quads line', () => {
    const sorted = sortQuads([...quads].reverse());
    expect(isomorphic(sorted, quads)).toBe(true);
    expect(sorted.map((q) => q.subject.value)).toEqual(quads.map((q) => q.subject.value));
  });

  it('writes Turtle and TriG with the project prefixes', async () => {
    const trig = await serialize(quads, 'trig');
    expect(trig).toMatch(/^@prefix ald: <http:\/\/localhost:3030\/ontology#>/m);
    expect(trig).toContain(`<${DEFAULT_BASE}graph/wcda-900001> {`);
    const ttl = await serialize(quads, 'turtle');
    expect(ttl).not.toContain('graph/wcda-900001> {');
  });

  it('reports a syntax error with the source and line', () => {
    const bad = '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n';
    expect(() => parse(bad, 'turtle', undefined, 'data/bad.ttl')).toThrow(RdfParseError);
    expect(() => parse(bad, 'turtle', undefined, 'data/bad.ttl')).toThrow(/^data\/bad\.ttl:3: /);
  });

  it('refuses JSON-LD in the synchronous parser and points to parseAsync', () => {
    expect(() => parse('{}', 'jsonld')).toThrow(/parseAsync/);
  });

  it('reports invalid JSON in JSON-LD input', async () => {
    await expect(parseAsync('{ nope', 'jsonld', undefined, 'x.jsonld')).rejects.toThrow(/^x\.jsonld: not valid JSON/);
  });
});

describe('isomorphic', () => {
  it('tells apart datasets that differ in one literal', () => {
    const changed = quads.map((q, i) => (i === 5 ? DataFactory.quad(q.subject, q.predicate, DataFactory.literal('changed'), q.graph) : q));
    expect(isomorphic(quads, changed)).toBe(false);
    expect(diffQuads(quads, changed).onlyInB).toHaveLength(1);
  });

  it('tells apart the same triples in different graphs', () => {
    expect(isomorphic(quads, triplesOf(quads))).toBe(false);
  });

  it('refuses blank nodes instead of answering wrongly', () => {
    const b = [DataFactory.quad(DataFactory.blankNode('x'), DataFactory.namedNode('http://e/p'), DataFactory.literal('1'))];
    expect(() => isomorphic(b, b)).toThrow(/blank nodes/);
  });
});

describe('writeQuadsStream', () => {
  async function collect(format: RdfFormat): Promise<string> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
    await writeQuadsStream(quads, format, out);
    return Buffer.concat(chunks).toString('utf8');
  }

  it.each(RDF_FORMATS.map((f) => [f]))('streams %s that parses back to the same statements', async (format) => {
    const text = await collect(format);
    const back = await parseAsync(text, format);
    expect(isomorphic(back, keepsGraphs(format) ? quads : triplesOf(quads))).toBe(true);
  });

  it('rejects when the destination stream fails', async () => {
    const { Writable } = await import('node:stream');
    const broken = new Writable({
      write(_chunk, _enc, cb) {
        cb(new Error('disk full'));
      },
    });
    await expect(writeQuadsStream(quads, 'nquads', broken)).rejects.toThrow('disk full');
  });

  it('streams N-Quads identical to serialize() for sorted input', async () => {
    expect(await collect('nquads')).toBe(await serialize(quads, 'nquads'));
  });
});

describe('format names', () => {
  it('accepts names, aliases and extensions', () => {
    expect(formatFromName('TTL')).toBe('turtle');
    expect(formatFromName('json-ld')).toBe('jsonld');
    expect(formatFromPath('out/x.nq')).toBe('nquads');
    expect(formatFromPath('x.txt')).toBeUndefined();
  });
  it('names the accepted formats when a name is unknown', () => {
    expect(() => formatFromName('rdfxml', '--format')).toThrow('Unknown RDF --format "rdfxml". Use one of: turtle, trig, nquads, ntriples, jsonld.');
  });
});
