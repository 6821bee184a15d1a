/**
 * The part writer's fast paths (src/build/part-writer.ts): N-Quads of a canonical graph without a set of lines,
 * TriG and Turtle from one n3 pass, JSON-LD without sorting again. Each is checked against the general way (or the
 * n3 stream writer the parts were written with before) on a real record graph and on awkward input.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { partNquads, partNquadsInOrder, writePart } from '../src/build/part-writer.js';
import { PART_EXTENSIONS } from '../src/build/parts.js';
import { extractRecord } from '../src/extract/index.js';
import { DEFAULT_BASE, toCanonicalQuads, toQuads } from '../src/model/index.js';
import { canonicalQuads, graphToJsonLd, parse, quadToLine, serialize, sortQuads, trigAndTurtle, writeQuadsStream } from '../src/rdf/index.js';
import { XSD } from '../src/vocab/index.js';

const { quad, namedNode, blankNode, literal, defaultGraph } = DataFactory;
const ex = (s: string) => namedNode(`http://example.org/${s}`);
const G = ex('graph');

function seedQuads(): Quad[] {
  const file = 'data/records/000_2dbcfce8bcb06762.txt';
  return toQuads(extractRecord(file, readFileSync(file)), { base: DEFAULT_BASE, version: '0.1.0' });
}

/** What n3's stream writer writes for the quads in the order given (how the parts' TriG and Turtle were made). */
async function streamed(quads: readonly Quad[], format: 'trig' | 'turtle'): Promise<string> {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  await writeQuadsStream(quads, format, sink);
  return text;
}

const awkward = [
  quad(ex('s'), ex('p'), literal('tab\tquote " backslash \\ newline\n', 'en'), G),
  quad(ex('s'), ex('p'), literal('U+FFFE \ufffe astral 😀 CJK 趙林'), G),
  quad(ex('s'), ex('q'), literal('12', XSD.integer), G),
  quad(ex('s'), namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), ex('T'), G),
  quad(blankNode('b1'), ex('p'), ex('s'), G),
  quad(ex('x?a=1&b'), ex('p'), blankNode('b1'), G),
];

describe('partNquads', () => {
  it('gives the same text, sizes, counts and statements for a canonical record graph as the general way', () => {
    const quads = seedQuads();
    const fast = partNquads(quads, DEFAULT_BASE);
    expect(fast.canonical).toBe(true);
    const general = partNquadsInOrder(quads, DEFAULT_BASE);
    expect(fast.nq.equals(general.nq)).toBe(true);
    expect({ ...fast, nq: undefined, canonical: undefined }).toEqual({ ...general, nq: undefined, canonical: undefined });
  });

  it('takes the general way for quads out of order, repeated or in several graphs, with the same result as before', async () => {
    const sorted = sortQuads(awkward);
    expect(partNquads(sorted, DEFAULT_BASE).canonical).toBe(true);
    const cases = [[...sorted].reverse(), [...sorted, sorted[0]!], [...sorted, quad(ex('z'), ex('p'), ex('o'))], [...sorted, quad(ex('z'), ex('p'), ex('o'), ex('h'))]];
    for (const quads of cases) {
      const got = partNquads(quads, DEFAULT_BASE);
      expect(got.canonical).toBe(false);
      expect(got).toEqual(partNquadsInOrder(quads, DEFAULT_BASE));
    }
    // A repeated quad is written and counted once.
    const repeated = partNquads([...sorted, sorted[0]!], DEFAULT_BASE);
    expect(repeated.nq.toString('utf8').trimEnd().split('\n')).toHaveLength(sorted.length);
    expect(repeated.stats.quads).toBe(sorted.length);
    expect(repeated.distinct).toHaveLength(sorted.length);
  });

  it('encodes lines as Buffer.from would, non-Latin-1 text, astral characters and lone surrogates included', async () => {
    const quads = sortQuads([...awkward, quad(ex('t'), ex('p'), literal('lone \ud800 surrogate, é, 趙, 😀'), G)]);
    const got = partNquads(quads, DEFAULT_BASE);
    expect(got.canonical).toBe(true);
    expect(got.nq.equals(Buffer.from(await serialize(quads, 'nquads')))).toBe(true);
    expect(got.nq.equals(partNquadsInOrder(quads, DEFAULT_BASE).nq)).toBe(true);
  });

  it('gives the same result from the lines the canonical sort made (toCanonicalQuads) as from the quads alone', () => {
    const file = 'data/records/000_2dbcfce8bcb06762.txt';
    const { quads, lines } = toCanonicalQuads(extractRecord(file, readFileSync(file)), { base: DEFAULT_BASE, version: '0.1.0' });
    expect(lines).toEqual(quads.map((q) => quadToLine(q)));
    const withLines = partNquads(quads, DEFAULT_BASE, lines);
    const without = partNquads(quads, DEFAULT_BASE);
    expect(withLines.canonical).toBe(true);
    // Field by field: a deep comparison of thousands of n3 terms takes the test runner most of a minute.
    expect(withLines.nq.equals(without.nq)).toBe(true);
    expect(withLines.distinct).toBe(quads);
    expect({ ...withLines, nq: undefined, distinct: undefined }).toEqual({ ...without, nq: undefined, distinct: undefined });
    const awk = canonicalQuads(awkward);
    expect(partNquads(awk.quads, DEFAULT_BASE, awk.lines)).toEqual(partNquads(awk.quads, DEFAULT_BASE));
  });

  it('does not trust lines that are not the canonical lines of the quads: out of order, or of another graph', () => {
    const { quads, lines } = canonicalQuads(awkward);
    const reversed = partNquads(quads, DEFAULT_BASE, [...lines].reverse());
    expect(reversed.canonical).toBe(false);
    expect(reversed).toEqual(partNquadsInOrder(quads, DEFAULT_BASE));
    const otherGraph = partNquads(quads, DEFAULT_BASE, lines.map((l) => l.replace(`<${G.value}> .`, '<http://example.org/other> .')));
    expect(otherGraph).toEqual(partNquadsInOrder(quads, DEFAULT_BASE));
    // Lines of another length are ignored.
    expect(partNquads(quads, DEFAULT_BASE, lines.slice(1))).toEqual(partNquads(quads, DEFAULT_BASE));
  });

  it('counts the N-Triples size exactly', async () => {
    for (const quads of [seedQuads(), sortQuads(awkward)]) {
      expect(partNquads(quads, DEFAULT_BASE).nt).toBe(Buffer.byteLength(await serialize(quads, 'ntriples')));
    }
  });
});

describe('trigAndTurtle', () => {
  it('writes what the n3 stream writer writes, for one named graph (Turtle cut out of the TriG) and for several', async () => {
    const seed = seedQuads();
    const mixed = [...sortQuads(awkward), quad(ex('z'), ex('p'), ex('o')), quad(ex('z'), ex('p'), ex('o'), ex('h'))];
    for (const quads of [seed, sortQuads(awkward), [...awkward].reverse(), mixed, [quad(ex('d'), ex('p'), ex('o'), defaultGraph())], []]) {
      const { trig, ttl } = trigAndTurtle(quads);
      expect(trig).toBe(await streamed(quads, 'trig'));
      expect(ttl).toBe(await streamed(quads, 'turtle'));
    }
  });
});

describe('writePart', () => {
  it('writes files that say the same in every format, each .gz the gzip of its plain twin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ald-part-'));
    try {
      const quads = sortQuads(awkward);
      const part = await writePart(join(dir, 'p'), quads, DEFAULT_BASE);
      const file = (ext: string) => readFileSync(join(dir, `p.${ext}`));
      for (const ext of PART_EXTENSIONS) expect(part.sizes[ext]).toBe(file(ext).length);
      for (const f of ['nq', 'trig', 'ttl', 'jsonld']) expect(gunzipSync(file(`${f}.gz`)).equals(file(f))).toBe(true);
      expect(file('nq').toString()).toBe(await serialize(quads, 'nquads'));
      expect(file('jsonld').toString()).toBe(await graphToJsonLd(quads, G.value));
      expect(parse(file('trig').toString(), 'trig')).toHaveLength(quads.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
