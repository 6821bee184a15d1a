import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import jsonld from 'jsonld';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import pino from 'pino';
import type { Hono } from 'hono';
import { assembledSize, assembleDump, dropGraph, readPublication, type PublicationManifest } from '../src/build/assemble.js';
import { writeDump } from '../src/cli/dump.js';
import { loadConfig } from '../src/config/index.js';
import { createApp } from '../src/server/app.js';
import type { ServerContext } from '../src/server/context.js';
import type { SparqlStore } from '../src/store/sparql-store.js';
import { isomorphic, parse, quadToLine } from '../src/rdf/index.js';
import { rootPath } from '../src/paths.js';
import { writePartsPublication, type PartsPublication } from './serve-parts-fixture.js';

let pub: PartsPublication;
let manifest: PublicationManifest;

async function bytesOf(name: string, old?: { dir: string }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = old ? assembleDump(old.dir, undefined, name) : assembleDump(pub.dumpsDir, manifest, name);
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const triplesOf = (quads: Quad[]): Quad[] => quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));

beforeAll(async () => {
  pub = await writePartsPublication();
  manifest = (await readPublication(pub.dumpsDir)) as PublicationManifest;
});
afterAll(() => rmSync(pub.outDir, { recursive: true, force: true }));

describe('assembleDump (parts layout)', () => {
  it('dataset.nq is the parts\' N-Quads in manifest order, the whole dataset', async () => {
    const text = (await bytesOf('dataset.nq')).toString('utf8');
    const expected = pub.parts.map((p) => readFileSync(join(pub.dumpsDir, `${p}.nq`), 'utf8')).join('');
    expect(text).toBe(expected);
    expect(isomorphic(parse(text, 'nquads'), pub.quads)).toBe(true);
  });

  it.each(['dataset.nq', 'dataset.trig', 'union.ttl', 'dataset.jsonld'])('the .gz twin of %s is a gzip stream of exactly its bytes', async (name) => {
    expect(gunzipSync(await bytesOf(`${name}.gz`)).equals(await bytesOf(name))).toBe(true);
  });

  it('dataset.trig reads back as the whole dataset (prefixes repeated per part)', async () => {
    expect(isomorphic(parse((await bytesOf('dataset.trig')).toString('utf8'), 'trig'), pub.quads)).toBe(true);
  });

  it('union.ttl and union.nt read back as the union of the graphs', async () => {
    const expected = triplesOf(pub.quads);
    expect(isomorphic(parse((await bytesOf('union.ttl')).toString('utf8'), 'turtle'), expected)).toBe(true);
    const nt = (await bytesOf('union.nt')).toString('utf8');
    expect(isomorphic(parse(nt, 'ntriples'), expected)).toBe(true);
    // A triple stated in two graphs appears twice (still the same RDF graph).
    expect(nt.split('\n').filter((l) => l.includes('/person/li-wenming> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>')).length).toBeGreaterThan(1);
    expect(gunzipSync(await bytesOf('union.nt.gz')).toString('utf8')).toBe(nt);
  });

  it('dataset.jsonld is a JSON-LD array of one graph object per part, the whole dataset', async () => {
    const doc = JSON.parse((await bytesOf('dataset.jsonld')).toString('utf8')) as Array<{ '@id': string }>;
    expect(doc.map((g) => g['@id'])).toEqual(pub.parts.map((p) => `http://localhost:3030/graph/${p.split('/')[1]}`));
    const back = (await jsonld.toRDF(doc as unknown as object, { format: 'application/n-quads' })) as unknown as string;
    expect(isomorphic(parse(back, 'nquads'), pub.quads)).toBe(true);
  });

  it('sizes match the manifest and the bytes (union.nt: unknown before assembling)', async () => {
    for (const d of manifest.dumps ?? []) {
      const size = await assembledSize(pub.dumpsDir, manifest, d.name);
      if (d.name.startsWith('union.nt')) {
        expect(size).toBeUndefined();
        continue;
      }
      expect(size, d.name).toBe((await bytesOf(d.name)).length);
      expect(size, d.name).toBe(d.bytes);
    }
  });

  it('names a missing part and refuses an unknown dump', async () => {
    const part = join(pub.dumpsDir, 'records/test-2.ttl');
    renameSync(part, `${part}.aside`);
    try {
      await expect(assembledSize(pub.dumpsDir, manifest, 'union.ttl')).rejects.toThrow(`${part} is listed in ${join(pub.dumpsDir, 'manifest.json')} (parts) but missing`);
    } finally {
      renameSync(`${part}.aside`, part);
    }
    expect(() => assembleDump(pub.dumpsDir, manifest, 'everything.xml')).toThrow("'everything.xml' is not a dump; the dumps are dataset.nq");
  });
});

describe('assembleDump (old layout)', () => {
  it('reads a real dataset.nq.gz as it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dump-old-'));
    writeFileSync(join(dir, 'dataset.nq.gz'), Buffer.from([1, 2, 3]));
    expect([...(await bytesOf('dataset.nq.gz', { dir }))]).toEqual([1, 2, 3]);
    expect(await assembledSize(dir, {}, 'dataset.nq.gz')).toBe(3);
    expect(() => assembleDump(dir, undefined, 'dataset.trig')).toThrow(`${join(dir, 'dataset.trig')} does not exist`);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('dropGraph', () => {
  it.each([
    ['<s> <p> <o> <g> .', '<s> <p> <o> .'],
    ['_:b1 <p> "a \\" quoted <x> string" <g> .', '_:b1 <p> "a \\" quoted <x> string" .'],
    ['<s> <p> "tag"@en-GB <g> .', '<s> <p> "tag"@en-GB .'],
    ['<s> <p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:g .', '<s> <p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'],
    ['<s> <p> "default graph" .', '<s> <p> "default graph" .'],
    ['', ''],
    ['# a comment', ''],
  ])('%s -> %s', (line, expected) => {
    expect(dropGraph(line, 'x.nq', 1)).toBe(expected);
  });

  it('names the file and line of a line it cannot read', () => {
    expect(() => dropGraph('<s> <p> "unterminated <g> .', 'records/r.nq', 7)).toThrow('records/r.nq:7: cannot read term 3 of this N-Quads line');
  });
});

describe('/dumps routes over parts', () => {
  let app: Hono;
  beforeAll(() => {
    const config = loadConfig({ outDir: pub.outDir }, {});
    const ctx: ServerContext = { config, base: config.base, store: {} as SparqlStore, dumpsDir: pub.dumpsDir, logger: pino({ level: 'silent' }) };
    app = createApp(ctx);
  });

  it('streams dataset.nq with the exact Content-Length, an ETag from the manifest, and HEAD', async () => {
    const res = await app.request('/dumps/dataset.nq');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/n-quads; charset=utf-8');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(await bytesOf('dataset.nq'))).toBe(true);
    expect(res.headers.get('content-length')).toBe(String(body.length));
    const head = await app.request('/dumps/dataset.nq', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(body.length));
    expect(head.headers.get('etag')).toBe(res.headers.get('etag'));
  });

  it('answers If-None-Match with 304 until the manifest changes', async () => {
    const etag = (await app.request('/dumps/dataset.trig')).headers.get('etag') as string;
    expect((await app.request('/dumps/dataset.trig', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const path = join(pub.dumpsDir, 'manifest.json');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'));
    try {
      const after = await app.request('/dumps/dataset.trig', { headers: { 'If-None-Match': etag } });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
    } finally {
      writeFileSync(path, text);
    }
  });

  it('sends the plain dump as it is to a client accepting gzip (multi-member gzip is not a safe Content-Encoding)', async () => {
    const res = await app.request('/dumps/dataset.nq', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await res.arrayBuffer()).equals(await bytesOf('dataset.nq'))).toBe(true);
  });

  it('serves .gz names as application/gzip, union.nt without a length, parts from disk', async () => {
    const gz = await app.request('/dumps/dataset.jsonld.gz');
    expect(gz.headers.get('content-type')).toBe('application/gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(await bytesOf('dataset.jsonld'))).toBe(true);
    const nt = await app.request('/dumps/union.nt');
    expect(nt.headers.get('content-length')).toBeNull();
    expect(await nt.text()).toBe((await bytesOf('union.nt')).toString('utf8'));
    const part = await app.request('/dumps/records/test-1.nq');
    expect(await part.text()).toBe(readFileSync(join(pub.dumpsDir, 'records/test-1.nq'), 'utf8'));
  });

  it('lists the assembled dumps (sizes from the manifest) and the part files', async () => {
    const res = await app.request('/dumps/', { headers: { Accept: 'application/json' } });
    const body = (await res.json()) as { dumps: Array<{ name: string; bytes?: number; gzipBytes?: number; gzipUrl?: string }> };
    const byName = new Map(body.dumps.map((d) => [d.name, d]));
    for (const d of manifest.dumps ?? []) {
      if (d.name.endsWith('.gz')) continue;
      expect(byName.get(d.name)?.bytes, d.name).toBe(d.bytes);
      expect(byName.get(d.name)?.gzipUrl, d.name).toMatch(/\.gz$/);
    }
    expect(byName.get('dataset.nq')?.gzipBytes).toBe(manifest.dumps?.find((d) => d.name === 'dataset.nq.gz')?.bytes);
    expect(byName.has('records/test-1.nq')).toBe(true);
    expect(byName.has('graphs/ontology.jsonld')).toBe(true);
    const html = await (await app.request('/dumps/', { headers: { Accept: 'text/html' } })).text();
    expect(html).toContain('dataset.jsonld');
  });
});

describe('archive-ld dump', () => {
  it('writes a dump to a file through a temporary name, leaving nothing else behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dump-out-'));
    await writeDump(pub.dumpsDir, 'union.ttl.gz', join(dir, 'u.ttl.gz'));
    expect(readdirSync(dir)).toEqual(['u.ttl.gz']);
    expect(gunzipSync(readFileSync(join(dir, 'u.ttl.gz'))).equals(await bytesOf('union.ttl'))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes to stdout without --out, and refuses an unknown name with the list', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeDump(pub.dumpsDir, 'dataset.nq', undefined, out);
    expect(Buffer.concat(chunks).equals(await bytesOf('dataset.nq'))).toBe(true);
    await expect(writeDump(pub.dumpsDir, 'dataset.xml')).rejects.toThrow("'dataset.xml' is not a dump. The dumps are: dataset.nq, dataset.nq.gz");
  });

  it('runs from the command line on an out folder', async () => {
    const file = join(pub.outDir, 'cli-dataset.nq');
    await promisify(execFile)(process.execPath, [rootPath('bin', 'archive-ld.js'), 'dump', 'dataset.nq', '--out-dir', pub.outDir, '--out', file]);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).equals(await bytesOf('dataset.nq'))).toBe(true);
    expect(parse(readFileSync(file, 'utf8'), 'nquads').map((q) => quadToLine(q)).length).toBe(pub.quads.length);
  }, 30_000);
});
