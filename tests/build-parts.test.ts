import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import type { Quad } from '@rdfjs/types';
import { runBuild, type BuildResult } from '../src/build/index.js';
import { JSONLD_CLOSE_GZ, JSONLD_OPEN_GZ, JSONLD_SEPARATOR_GZ } from '../src/build/parts.js';
import { estimateStoreSize, storeSizeWarning } from '../src/build/store-size.js';
import { loadConfig } from '../src/config/index.js';
import { canonicalLines, isomorphic, parse, parseAsync } from '../src/rdf/index.js';
import { inventedRecord } from './helpers/records.js';

const silent = pino({ level: 'silent' });


function corpus(): string {
  const data = mkdtempSync(join(tmpdir(), 'parts-data-'));
  writeFileSync(join(data, 'a.txt'), inventedRecord(920001, 'Minister Orvald Tesk', 'Bergholm', 3));
  writeFileSync(join(data, 'b.txt'), inventedRecord(920002, 'Ambassador Lina Varro', 'Kestrel Bay', 9));
  writeFileSync(join(data, 'c.txt'), inventedRecord(920003, 'Consul Piet Amarand', 'Oldgate', 17));
  return data;
}

function build(data: string, out: string, extra: Partial<Parameters<typeof runBuild>[0]> = {}): Promise<BuildResult> {
  return runBuild({ config: loadConfig({ dataDir: data, outDir: out }, {}), logger: silent, version: '0.0.0-test', progress: false, allowInvalid: true, ...extra });
}

const manifestOf = (out: string): BuildResult['manifest'] => JSON.parse(readFileSync(join(out, 'dumps', 'manifest.json'), 'utf8')) as BuildResult['manifest'];
const part = (out: string, p: string, ext: string): Buffer => readFileSync(join(out, 'dumps', `${p}.${ext}`));

/** Every assembled dump, made by the rules of docs/publication.md from the parts alone. */
function assemble(out: string): Record<string, Buffer> {
  const { parts } = manifestOf(out);
  const cat = (ext: string) => Buffer.concat(parts.map((p) => part(out, p, ext)));
  const nt = parts
    .flatMap((p) => part(out, p, 'nq').toString('utf8').split('\n').filter(Boolean))
    .map((l) => `${l.replace(/ <[^>]*> \.$/, ' .')}\n`)
    .join('');
  const between = (sep: Buffer, ext: string) => parts.flatMap((p, i) => (i === 0 ? [part(out, p, ext)] : [sep, part(out, p, ext)]));
  return {
    'dataset.nq': cat('nq'),
    'dataset.nq.gz': cat('nq.gz'),
    'dataset.trig': cat('trig'),
    'dataset.trig.gz': cat('trig.gz'),
    'union.ttl': cat('ttl'),
    'union.ttl.gz': cat('ttl.gz'),
    'union.nt': Buffer.from(nt),
    'dataset.jsonld': Buffer.concat([Buffer.from('['), ...between(Buffer.from(','), 'jsonld'), Buffer.from(']')]),
    'dataset.jsonld.gz': Buffer.concat([JSONLD_OPEN_GZ, ...between(JSONLD_SEPARATOR_GZ, 'jsonld.gz'), JSONLD_CLOSE_GZ]),
  };
}

describe('parts: written once, hard-linked after', () => {
  let data: string;
  let out: string;
  let first: BuildResult;
  let second: BuildResult;
  const inodes: Record<string, number> = {};
  beforeAll(async () => {
    data = corpus();
    out = mkdtempSync(join(tmpdir(), 'parts-out-'));
    first = await build(data, out, { jobs: 2 });
    for (const r of first.manifest.records) inodes[r.file] = statSync(join(out, 'dumps', 'records', `${r.recordId}.nq`)).ino;
    for (const ext of ['nq', 'jsonld.gz']) inodes[`ontology.${ext}`] = statSync(join(out, 'dumps', 'graphs', `ontology.${ext}`)).ino;
    writeFileSync(join(data, 'a.txt'), inventedRecord(920001, 'Minister Orvald Tesk', 'Bergholm', 3, 'He added that the harbour would reopen in May.'));
    second = await build(data, out, { jobs: 2 });
  }, 180_000);

  it('publishes an unchanged record as the same file (same inode) and a changed one as a new file', () => {
    expect(first.failures).toEqual([]);
    expect(second.manifest.counts).toMatchObject({ built: 1, reused: 2 });
    for (const r of second.manifest.records) {
      const ino = statSync(join(out, 'dumps', 'records', `${r.recordId}.nq`)).ino;
      if (r.file === 'a.txt') expect(ino, r.file).not.toBe(inodes[r.file]);
      else expect(ino, r.file).toBe(inodes[r.file]);
    }
  });

  it('links an unchanged extra graph (the ontology) from the previous publication instead of writing it again', () => {
    for (const ext of ['nq', 'jsonld.gz']) expect(statSync(join(out, 'dumps', 'graphs', `ontology.${ext}`)).ino, ext).toBe(inodes[`ontology.${ext}`]);
    expect(second.manifest.fingerprint).toBe(first.manifest.fingerprint);
  });

  it('keeps each record part in the build cache as a hard link of the published file, under a content-hashed name', () => {
    const parts = readdirSync(join(out, 'cache', 'parts'));
    for (const r of second.manifest.records) {
      const published = statSync(join(out, 'dumps', 'records', `${r.recordId}.trig.gz`));
      const cached = parts.filter((n) => n.startsWith(`${encodeURIComponent(r.recordId)}-`) && n.endsWith('.trig.gz'));
      expect(cached, r.recordId).toHaveLength(1);
      expect(statSync(join(out, 'cache', 'parts', cached[0] as string)).ino).toBe(published.ino);
      expect(published.nlink).toBeGreaterThanOrEqual(2);
    }
  });

  it("lists in the manifest the exact byte size of every assembled dump, and the gzip dumps unpack to the plain ones", () => {
    const manifest = manifestOf(out);
    const dumps = assemble(out);
    for (const [name, bytes] of Object.entries(dumps)) {
      expect(manifest.dumps.find((d) => d.name === name)?.bytes, name).toBe(bytes.length);
      if (name.endsWith('.gz')) expect(gunzipSync(bytes).equals(dumps[name.slice(0, -3)] as Buffer), name).toBe(true);
    }
    expect(manifest.dumps.find((d) => d.name === 'union.nt.gz')).toEqual({ name: 'union.nt.gz', mediaType: 'application/n-triples', compress: 'gzip' });
    for (const name of Object.keys(dumps)) expect(existsSync(join(out, 'dumps', name)), name).toBe(false);
  });

  it('assembles dumps that say the same in every format', async () => {
    const dumps = assemble(out);
    // isomorphic() compares blank-node-free data: the ontology's OWL axioms have blank nodes, so they are counted only.
    const named = (quads: Quad[]) => quads.filter((q) => q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode');
    const nq = parse((dumps['dataset.nq'] as Buffer).toString('utf8'), 'nquads');
    expect(nq.length).toBe(manifestOf(out).counts.quads);
    const trig = parse((dumps['dataset.trig'] as Buffer).toString('utf8'), 'trig');
    // Quads stated twice in a graph are one statement: compare the distinct ones.
    const distinct = canonicalLines(nq).length;
    expect(canonicalLines(trig).length).toBe(distinct);
    expect(isomorphic(named(trig), named(nq))).toBe(true);
    const jsonld = await parseAsync((dumps['dataset.jsonld'] as Buffer).toString('utf8'), 'jsonld');
    expect(canonicalLines(jsonld).length).toBe(distinct);
    expect(isomorphic(named(jsonld), named(nq))).toBe(true);
    const graphs = JSON.parse((dumps['dataset.jsonld'] as Buffer).toString('utf8')) as Array<{ '@id': string }>;
    expect(graphs.map((g) => g['@id'])).toEqual(manifestOf(out).parts.map((p) => `http://localhost:3030/graph/${p.replace(/^(records|graphs)\//, '')}`));
    const triples = new Set(named(nq).map((q) => `${q.subject.value} ${q.predicate.value} ${JSON.stringify(q.object)}`));
    const union = parse((dumps['union.ttl'] as Buffer).toString('utf8'), 'turtle');
    expect(union.length).toBe(nq.length);
    expect(new Set(named(union).map((q) => `${q.subject.value} ${q.predicate.value} ${JSON.stringify(q.object)}`))).toEqual(triples);
  });
});

describe('build workers', () => {
  it('give byte-identical parts with --jobs 1 and --jobs 2', async () => {
    const data = corpus();
    const one = mkdtempSync(join(tmpdir(), 'parts-j1-'));
    const two = mkdtempSync(join(tmpdir(), 'parts-j2-'));
    const a = await build(data, one, { jobs: 1 });
    const b = await build(data, two, { jobs: 2 });
    expect(a.manifest.parts).toEqual(b.manifest.parts);
    expect(a.manifest.records).toEqual(b.manifest.records);
    const files = readdirSync(join(one, 'dumps', 'records')).sort();
    expect(files).toHaveLength(3 * 8);
    expect(readdirSync(join(two, 'dumps', 'records')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(one, 'dumps', 'records', f)).equals(readFileSync(join(two, 'dumps', 'records', f))), f).toBe(true);
  }, 180_000);

  it('fail only the record whose worker died, replace the worker and build the rest', async () => {
    const data = corpus();
    writeFileSync(join(data, 'b-crash-me.txt'), inventedRecord(920009, 'Envoy Dara Quell', 'Marrow Point', 21));
    writeFileSync(join(data, 'd-empty.txt'), '');
    writeFileSync(join(data, 'e.txt'), inventedRecord(920005, 'Attaché Ivo Stren', 'Larkmoor', 24));
    const out = mkdtempSync(join(tmpdir(), 'parts-crash-'));
    const result = await build(data, out, { jobs: 2, workerEntry: new URL('./build-crash-worker.mjs', import.meta.url).href });
    expect(result.manifest.records.map((r) => r.file)).toEqual(['a.txt', 'b.txt', 'c.txt', 'e.txt']);
    expect(result.failures.map((f) => f.file)).toEqual(['b-crash-me.txt', 'd-empty.txt']);
    expect(result.failures[0]?.reason).toMatch(/^the build worker died while building this record \(exit code 3\); the other records went on\. Run 'archive-ld extract b-crash-me\.txt'/);
    expect(result.failures[1]?.reason).toMatch(/^the record is empty/);
  }, 180_000);

  it('report a second file with the same record id as a failure of that file', async () => {
    const data = corpus();
    writeFileSync(join(data, 'z-copy.txt'), `${readFileSync(join(data, 'b.txt'), 'utf8')}\nA different last line.\n`);
    const out = mkdtempSync(join(tmpdir(), 'parts-dup-'));
    const result = await build(data, out, { jobs: 2 });
    expect(result.manifest.records.map((r) => r.file)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(result.failures).toEqual([{ file: 'z-copy.txt', line: 1, reason: expect.stringMatching(/^record id '.+' is also the id of b\.txt; rename one of the files/) }]);
  }, 180_000);
});

describe('store size estimate', () => {
  it('warns once, naming the remote store, when the estimate passes half of the limit', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) });
    const logger = pino({ level: 'info' }, sink);
    const data = corpus();
    const out = mkdtempSync(join(tmpdir(), 'parts-size-'));
    const small = await build(data, out, { jobs: 1, logger });
    expect(lines.filter((l) => l.includes('"level":40') && l.includes('store replica'))).toEqual([]);
    expect(small.storeEstimate.bytes).toBe(small.manifest.counts.quads * 550);
    const summary = lines.find((l) => l.includes('in-process store about'));
    expect(summary).toBeDefined();
    lines.length = 0;
    // 4 GiB limit, but each quad counted as 1 MB: a small corpus is over half of it.
    const big = await build(data, out, { jobs: 1, logger, storeEstimate: { bytesPerQuad: 1_000_000 } });
    const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40 && l.msg.includes('store replica'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain('--store sparql+http://');
    expect(big.storeEstimate.overHalf).toBe(true);
  }, 180_000);

  it('says how full a replica would be', () => {
    const e = estimateStoreSize(4_000_000);
    expect(e).toEqual({ quads: 4_000_000, bytes: 2_200_000_000, limitBytes: 4 * 1024 ** 3, overHalf: true });
    expect(storeSizeWarning(e)).toMatch(/^the graph \(4,000,000 quads\) needs about 2\.05 GiB in each in-process store replica, 51% of the 4\.00 GiB/);
    expect(estimateStoreSize(3_000_000).overHalf).toBe(false);
  });
});
