import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pino from 'pino';
import { formatFailure, runBuild, type BuildResult } from '../src/build/index.js';
import { loadConfig } from '../src/config/index.js';
import { rootPath } from '../src/paths.js';
import { parse } from '../src/rdf/index.js';

const SEED = rootPath('data', 'records', '000_2dbcfce8bcb06762.txt');
const logger = pino({ level: 'silent' });

let data: string;
let out: string;
let first: BuildResult;

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'build-data-'));
  out = mkdtempSync(join(tmpdir(), 'build-out-'));
  mkdirSync(join(data, 'records', 'nested'), { recursive: true });
  mkdirSync(join(data, 'lexicon'));
  copyFileSync(SEED, join(data, 'records', 'nested', 'seed.txt'));
  writeFileSync(join(data, 'records', 'empty.txt'), '');
  writeFileSync(join(data, 'lexicon', 'not-a-record.txt'), 'lexicon notes, not a record\n');
  const config = loadConfig({ dataDir: data, outDir: out }, {});
  // allowInvalid: these tests are about publishing; whether the seed's graph conforms to the shapes is the
  // model's tests' business, and a violation there must not hide a publishing bug here.
  first = await runBuild({ config, logger, version: '0.0.0-test', progress: false, allowInvalid: true });
}, 180_000);

describe('runBuild', () => {
  it('builds the good record and reports the bad one as file:line: reason', () => {
    expect(first.manifest.counts.built).toBe(1);
    expect(first.failures.map(formatFailure)).toEqual([expect.stringMatching(/^records\/empty\.txt:1: the record is empty/)]);
    expect(first.manifest.records.map((r) => r.file)).toEqual(['records/nested/seed.txt']);
  });

  it('skips the lexicon folder', () => {
    expect(JSON.stringify(first.manifest)).not.toContain('not-a-record');
  });

  it('writes per-record and whole-dataset dumps, each with an identical gzip twin', () => {
    const dumps = join(out, 'dumps');
    const id = first.manifest.records[0]?.recordId as string;
    for (const name of [`records/${id}.trig`, `records/${id}.nq`, 'dataset.nq', 'dataset.trig', 'union.ttl', 'union.nt', 'void.ttl']) {
      const plain = readFileSync(join(dumps, name));
      expect(plain.length).toBeGreaterThan(0);
      expect(gunzipSync(readFileSync(join(dumps, `${name}.gz`))).equals(plain)).toBe(true);
    }
  });

  it('puts the record graph, the ontology graph and the link graphs in the dataset', () => {
    const quads = parse(readFileSync(join(out, 'dumps', 'dataset.nq'), 'utf8'), 'nquads');
    const graphs = new Set(quads.map((q) => q.graph.value));
    const id = first.manifest.records[0]?.recordId as string;
    expect(graphs).toContain(`http://localhost:3030/graph/${id}`);
    expect(graphs).toContain('http://localhost:3030/graph/ontology');
    expect(graphs).toContain('http://localhost:3030/graph/links');
    expect(first.manifest.counts.quads).toBe(quads.length);
    // The union has each triple once.
    const union = readFileSync(join(out, 'dumps', 'union.nt'), 'utf8').trim().split('\n');
    expect(new Set(union).size).toBe(union.length);
    expect(union.length).toBe(first.manifest.counts.triples);
  });

  it('records sizes and checksums of every file in the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as typeof first.manifest;
    expect(manifest.files.length).toBeGreaterThanOrEqual(14);
    for (const f of manifest.files) {
      const bytes = readFileSync(join(out, 'dumps', f.name));
      expect(bytes.length).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
    }
  });

  it('describes the dataset in VoID and DCAT with the real counts and dump sizes', () => {
    const quads = parse(readFileSync(join(out, 'dumps', 'void.ttl'), 'utf8'), 'turtle');
    const value = (s: string, p: string) => quads.find((q) => q.subject.value === s && q.predicate.value === p)?.object.value;
    const ds = 'http://localhost:3030/void';
    expect(Number(value(ds, 'http://rdfs.org/ns/void#triples'))).toBe(first.manifest.counts.triples);
    expect(Number(value(ds, 'http://rdfs.org/ns/void#entities'))).toBeGreaterThan(0);
    expect(value(ds, 'http://rdfs.org/ns/void#sparqlEndpoint')).toBe('http://localhost:3030/sparql');
    const dist = 'http://localhost:3030/dumps/dataset.nq.gz#distribution';
    expect(Number(value(dist, 'http://www.w3.org/ns/dcat#byteSize'))).toBe(statSync(join(out, 'dumps', 'dataset.nq.gz')).size);
    expect(value(dist, 'http://www.w3.org/ns/dcat#downloadURL')).toBe('http://localhost:3030/dumps/dataset.nq.gz');
    expect(quads.some((q) => q.predicate.value === 'http://rdfs.org/ns/void#classPartition')).toBe(true);
    expect(quads.some((q) => q.predicate.value === 'http://rdfs.org/ns/void#propertyPartition')).toBe(true);
  });

  it('leaves no staging folders behind', () => {
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('keeps the published graph of a record that fails in a later build', async () => {
    writeFileSync(join(data, 'records', 'nested', 'seed.txt'), Buffer.from([0, 1, 2, 3]));
    const config = loadConfig({ dataDir: data, outDir: out }, {});
    const second = await runBuild({ config, logger, version: '0.0.0-test', progress: false });
    expect(second.manifest.counts.built).toBe(0);
    expect(second.manifest.counts.kept).toBe(1);
    const failure = second.failures.find((f) => f.file === 'records/nested/seed.txt');
    expect(failure?.reason).toContain('kept the graph published by the previous build');
    const id = first.manifest.records[0]?.recordId as string;
    expect(readFileSync(join(out, 'dumps', 'dataset.nq'), 'utf8')).toContain(`<http://localhost:3030/graph/${id}>`);
    copyFileSync(SEED, join(data, 'records', 'nested', 'seed.txt'));
  }, 120_000);
});

describe('archive-ld serve (end to end over a real port)', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.pid && child.exitCode === null) child.kill('SIGTERM');
  });

  it('serves the built dataset: SPARQL, entity descriptions and dumps', async () => {
    expect(existsSync(join(out, 'dumps', 'dataset.nq.gz'))).toBe(true);
    child = spawn(process.execPath, [rootPath('bin', 'archive-ld.js'), 'serve', '--port', '0', '--out', out, '--workers', '1', '--log-level', 'warn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not print its URL in time; stderr: ${stderr}`)), 60_000);
      child?.stdout?.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child?.once('exit', (code) => reject(new Error(`serve exited with ${code}; stderr: ${stderr}`)));
    });
    expect(stdout).toContain(`${url}sparql`);

    const res = await fetch(`${url}sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
    const current = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as typeof first.manifest;
    expect(Number(body.results.bindings[0]?.n.value)).toBe(current.counts.triples);

    const id = first.manifest.records[0]?.recordId as string;
    const entity = await fetch(`${url}record/${id}`, { headers: { Accept: 'text/turtle' } });
    expect(entity.status).toBe(200);
    expect(await entity.text()).toContain(`<http://localhost:3030/record/${id}>`);

    const dump = await fetch(`${url}dumps/dataset.nq.gz`);
    expect(dump.status).toBe(200);
    expect(Number(dump.headers.get('content-length'))).toBe(statSync(join(out, 'dumps', 'dataset.nq.gz')).size);

    // SIGHUP loads a new build without stopping: replace the dataset with a one-triple one and wait for it.
    writeFileSync(join(out, 'dumps', 'dataset.nq.gz'), gzipSync('<urn:x:s> <urn:x:p> "reloaded" <urn:x:g> .\n'));
    child.kill('SIGHUP');
    const countQuery = `${url}sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')}`;
    let n = -1;
    for (let i = 0; i < 120 && n !== 1; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const r = await fetch(countQuery);
      if (r.status === 200) n = Number(((await r.json()) as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0]?.n.value);
    }
    expect(n).toBe(1);

    const stopped = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await stopped).toBe(0);
  }, 120_000);
});
