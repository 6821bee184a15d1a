/**
 * `serve` over a real build of two fixture records (layout 2, written by src/build/): the replicas load every part,
 * and the whole-dataset dumps it streams are the parts' concatenations, with the sizes the build put in the manifest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import { runBuild } from '../src/build/index.js';
import { startServer, type RunningServer } from '../src/cli/serve.js';
import { loadConfig } from '../src/config/index.js';
import { parse } from '../src/rdf/index.js';
import { rootPath } from '../src/paths.js';

const FIXTURES = readdirSync(rootPath('tests', 'fixtures', 'records'))
  .filter((n) => n.endsWith('.txt') && !n.startsWith('invalid'))
  .sort()
  .slice(0, 2);

interface Manifest {
  layout: number;
  parts: string[];
  counts: { quads: number };
  dumps: Array<{ name: string; bytes?: number }>;
}

let data: string;
let out: string;
let manifest: Manifest;
let server: RunningServer;

const get = async (path: string, headers: Record<string, string> = {}): Promise<{ res: Response; body: Buffer }> => {
  const res = await fetch(`${server.url}${path}`, { headers: { 'Accept-Encoding': 'identity', ...headers } });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
};

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'serve-build-data-'));
  out = mkdtempSync(join(tmpdir(), 'serve-build-out-'));
  mkdirSync(join(data, 'records'));
  for (const f of FIXTURES) copyFileSync(rootPath('tests', 'fixtures', 'records', f), join(data, 'records', f));
  const config = loadConfig({ dataDir: data, outDir: out, port: 0, logLevel: 'silent' }, {});
  await runBuild({ config, logger: pino({ level: 'silent' }), version: '0.0.0-test', progress: false, allowInvalid: true });
  manifest = JSON.parse(readFileSync(join(out, 'dumps', 'manifest.json'), 'utf8')) as Manifest;
  server = await startServer(config);
}, 240_000);
afterAll(async () => {
  await server?.stop();
  rmSync(data, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe('serve over a real parts build', () => {
  it('was built in the parts layout', () => {
    expect(manifest.layout).toBe(2);
    expect(manifest.parts.filter((p) => p.startsWith('records/'))).toHaveLength(FIXTURES.length);
  });

  it('loads every quad of every part', async () => {
    const q = encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }');
    const { body } = await get(`sparql?query=${q}`, { Accept: 'application/sparql-results+json' });
    const n = (JSON.parse(body.toString('utf8')) as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0]?.n.value;
    expect(Number(n)).toBe(manifest.counts.quads);
  });

  it('streams every assembled dump with the exact size the build wrote in the manifest', async () => {
    const concatenated = manifest.parts.map((p) => readFileSync(join(out, 'dumps', `${p}.nq`))).reduce((a, b) => Buffer.concat([a, b]));
    const nq = await get('dumps/dataset.nq');
    expect(nq.body.equals(concatenated)).toBe(true);
    for (const d of manifest.dumps) {
      const { res, body } = await get(`dumps/${d.name}`);
      expect(res.status, d.name).toBe(200);
      if (d.bytes !== undefined) expect(body.length, d.name).toBe(d.bytes);
      if (d.name.endsWith('.gz')) expect(gunzipSync(body).length, d.name).toBeGreaterThan(0);
    }
  });

  it('gives dumps that read back as the same dataset in every format', async () => {
    const quads = parse((await get('dumps/dataset.nq')).body.toString('utf8'), 'nquads');
    expect(quads).toHaveLength(manifest.counts.quads);
    expect(parse(gunzipSync((await get('dumps/dataset.trig.gz')).body).toString('utf8'), 'trig')).toHaveLength(quads.length);
    expect(parse((await get('dumps/union.nt')).body.toString('utf8'), 'ntriples')).toHaveLength(quads.length);
    const jsonld = JSON.parse((await get('dumps/dataset.jsonld')).body.toString('utf8')) as unknown[];
    expect(jsonld).toHaveLength(manifest.parts.length);
  });
});
