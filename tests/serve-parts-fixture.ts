/**
 * A tiny publication of the parts layout (layout 2, docs/publication.md) written the way the build writes one:
 * per graph P.nq, P.trig, P.ttl, P.jsonld (expanded graph object from jsonld's fromRDF) and a .gz twin of each,
 * plus a manifest with `layout: 2`, `parts` and the assembled `dumps` sizes. For the dumps and serve tests until
 * they can run over a real build of a few fixtures.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import jsonld from 'jsonld';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { parse, quadToLine, serialize } from '../src/rdf/index.js';
import { BASE, TRIG } from './server-fixture.js';

export interface PartsPublication {
  /** The out folder (config.outDir). */
  outDir: string;
  dumpsDir: string;
  parts: string[];
  /** Every quad of the publication. */
  quads: Quad[];
}

/** Graph IRI of each part of the fixture. */
export const FIXTURE_PARTS: ReadonlyArray<[string, string]> = [
  ['records/test-1', `${BASE}graph/test-1`],
  ['records/test-2', `${BASE}graph/test-2`],
  ['graphs/ontology', `${BASE}graph/ontology`],
];

async function jsonldGraphObject(quads: Quad[], graph: string): Promise<string> {
  const doc = (await jsonld.fromRDF(quads as unknown as object)) as Array<{ '@id': string }>;
  const obj = doc.find((o) => o['@id'] === graph);
  if (!obj) throw new Error(`fromRDF gave no graph object for ${graph}`);
  return JSON.stringify(obj);
}

/** Write the fixture dataset (server-fixture's TRIG, plus `extra` N-Quads lines in their graphs) as parts. */
export async function writePartsPublication(extra = ''): Promise<PartsPublication> {
  const outDir = mkdtempSync(join(tmpdir(), 'serve-parts-'));
  const dumpsDir = join(outDir, 'dumps');
  const all = [...parse(TRIG, 'trig', undefined, 'server-fixture TRIG'), ...(extra ? parse(extra, 'nquads', undefined, 'extra') : [])];
  const sizes: Record<string, number> = {};
  const add = (ext: string, n: number): void => {
    sizes[ext] = (sizes[ext] ?? 0) + n;
  };
  const write = (rel: string, text: string | Buffer): void => {
    const path = join(dumpsDir, rel);
    mkdirSync(dirname(path), { recursive: true });
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    writeFileSync(path, bytes);
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  };
  let ntBytes = 0;
  for (const [part, graph] of FIXTURE_PARTS) {
    const quads = all.filter((q) => q.graph.value === graph);
    const nq = quads.map((q) => `${quadToLine(q)}\n`).join('');
    const triples = quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
    const files: Record<string, string> = {
      '.nq': nq,
      '.trig': await serialize(quads, 'trig'),
      '.ttl': await serialize(triples, 'turtle'),
      '.jsonld': await jsonldGraphObject(quads, graph),
    };
    for (const [ext, text] of Object.entries(files)) {
      write(`${part}${ext}`, text);
      add(ext, Buffer.byteLength(text));
      add(`${ext}.gz`, gzipSync(Buffer.from(text), { level: 9 }).length);
    }
    ntBytes += Buffer.byteLength(triples.map((q) => `${quadToLine(q, false)}\n`).join(''));
  }
  const n = FIXTURE_PARTS.length;
  const sep = (s: string): number => gzipSync(Buffer.from(s), { level: 9 }).length;
  const manifest = {
    software: 'archive-ld',
    layout: 2,
    builtAt: '2026-01-01T00:00:00.000Z',
    parts: FIXTURE_PARTS.map(([p]) => p),
    dumps: [
      { name: 'dataset.nq', mediaType: 'application/n-quads', bytes: sizes['.nq'] },
      { name: 'dataset.nq.gz', mediaType: 'application/n-quads', bytes: sizes['.nq.gz'] },
      { name: 'dataset.trig', mediaType: 'application/trig', bytes: sizes['.trig'] },
      { name: 'dataset.trig.gz', mediaType: 'application/trig', bytes: sizes['.trig.gz'] },
      { name: 'union.ttl', mediaType: 'text/turtle', bytes: sizes['.ttl'] },
      { name: 'union.ttl.gz', mediaType: 'text/turtle', bytes: sizes['.ttl.gz'] },
      { name: 'union.nt', mediaType: 'application/n-triples', bytes: ntBytes },
      { name: 'union.nt.gz', mediaType: 'application/n-triples' },
      { name: 'dataset.jsonld', mediaType: 'application/ld+json', bytes: (sizes['.jsonld'] ?? 0) + 2 + (n - 1) },
      { name: 'dataset.jsonld.gz', mediaType: 'application/ld+json', bytes: (sizes['.jsonld.gz'] ?? 0) + sep('[') + sep(']') + (n - 1) * sep(',') },
    ],
  };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(join(dumpsDir, 'manifest.json'), text);
  writeFileSync(join(outDir, 'manifest.json'), text);
  write('void.ttl', `<${BASE}void> a <http://rdfs.org/ns/void#Dataset> .\n`);
  return { outDir, dumpsDir, parts: manifest.parts, quads: all };
}
