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
const PART_FILES = ['nq', 'trig', 'ttl', 'jsonld'] as const;

/** The published manifest (out/dumps/manifest.json). */
const published = (out: string): BuildResult['manifest'] => JSON.parse(readFileSync(join(out, 'dumps', 'manifest.json'), 'utf8')) as BuildResult['manifest'];

/** dataset.nq as the publication defines it: the parts' .nq files in the manifest's order. */
function datasetNq(out: string): string {
  return published(out).parts.map((p) => readFileSync(join(out, 'dumps', `${p}.nq`), 'utf8')).join('');
}
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

  it('writes every part (record and extra graphs) in four formats, each with an identical gzip twin, and no whole-dataset file', () => {
    const dumps = join(out, 'dumps');
    const id = first.manifest.records[0]?.recordId as string;
    expect(first.manifest.layout).toBe(2);
    expect(first.manifest.parts).toEqual([`records/${id}`, 'graphs/ontology', 'graphs/links', 'graphs/gazetteer']);
    const names = [...first.manifest.parts.flatMap((p) => PART_FILES.map((f) => `${p}.${f}`)), 'void.ttl'];
    for (const name of names) {
      const plain = readFileSync(join(dumps, name));
      expect(plain.length, name).toBeGreaterThan(0);
      expect(gunzipSync(readFileSync(join(dumps, `${name}.gz`))).equals(plain), name).toBe(true);
    }
    for (const whole of ['dataset.nq', 'dataset.nq.gz', 'dataset.trig', 'union.ttl', 'union.nt']) expect(existsSync(join(dumps, whole)), whole).toBe(false);
    // A part's JSON-LD is one expanded graph object of its named graph.
    const graph = JSON.parse(readFileSync(join(dumps, `records/${id}.jsonld`), 'utf8')) as { '@id': string; '@graph': unknown[] };
    expect(graph['@id']).toBe(`http://localhost:3030/graph/${id}`);
    expect(graph['@graph'].length).toBeGreaterThan(0);
  });

  it('puts the record graph, the ontology graph and the link graphs in the dataset', () => {
    const quads = parse(datasetNq(out), 'nquads');
    const graphs = new Set(quads.map((q) => q.graph.value));
    const id = first.manifest.records[0]?.recordId as string;
    expect(graphs).toContain(`http://localhost:3030/graph/${id}`);
    expect(graphs).toContain('http://localhost:3030/graph/ontology');
    expect(graphs).toContain('http://localhost:3030/graph/links');
    expect(first.manifest.counts.quads).toBe(quads.length);
    // Triples are counted per graph and summed (a triple stated in two graphs counts twice).
    const perGraph = new Map<string, Set<string>>();
    for (const q of quads) {
      const set = perGraph.get(q.graph.value) ?? new Set<string>();
      set.add(`${q.subject.value} ${q.predicate.value} ${q.object.termType}${q.object.value}${q.object.termType === 'Literal' ? `@${q.object.language}^${q.object.datatype.value}` : ''}`);
      perGraph.set(q.graph.value, set);
    }
    expect(first.manifest.counts.triples).toBe([...perGraph.values()].reduce((n, s) => n + s.size, 0));
    expect(first.manifest.counts.graphs).toBe(perGraph.size);
  });

  it('records sizes and checksums of every file in the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as typeof first.manifest;
    // 4 parts x 8 files + void.ttl(.gz)
    expect(manifest.files.length).toBe(34);
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
    const partsGz = first.manifest.parts.reduce((n, p) => n + statSync(join(out, 'dumps', `${p}.nq.gz`)).size, 0);
    expect(Number(value(dist, 'http://www.w3.org/ns/dcat#byteSize'))).toBe(partsGz);
    expect(first.manifest.dumps.find((d) => d.name === 'dataset.nq.gz')?.bytes).toBe(partsGz);
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
    expect(datasetNq(out)).toContain(`<http://localhost:3030/graph/${id}>`);
    expect(second.manifest.parts).toContain(`records/${id}`);
    copyFileSync(SEED, join(data, 'records', 'nested', 'seed.txt'));
  }, 120_000);
});

describe('archive-ld serve (end to end over a real port)', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.pid && child.exitCode === null) child.kill('SIGTERM');
  });

  it('serves the built dataset: SPARQL, entity descriptions and dumps', async () => {
    expect(published(out).layout).toBe(2);
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
    const gzBytes = Buffer.from(await dump.arrayBuffer());
    expect(gzBytes.length).toBe(published(out).dumps.find((d) => d.name === 'dataset.nq.gz')?.bytes);
    expect(gunzipSync(gzBytes).toString('utf8')).toBe(datasetNq(out));

    // SIGHUP loads a new build without stopping: publish a one-triple dataset (one part) and wait for it.
    const line = '<urn:x:s> <urn:x:p> "reloaded" <urn:x:g> .\n';
    writeFileSync(join(out, 'dumps', 'graphs', 'reload.nq'), line);
    writeFileSync(join(out, 'dumps', 'graphs', 'reload.nq.gz'), gzipSync(line));
    writeFileSync(join(out, 'dumps', 'manifest.json'), JSON.stringify({ ...published(out), parts: ['graphs/reload'] }));
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
