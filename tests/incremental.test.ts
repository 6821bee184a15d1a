import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { runBuild, type BuildResult } from '../src/build/index.js';
import { loadConfig } from '../src/config/index.js';
import { parse } from '../src/rdf/index.js';
import { inventedRecord } from './helpers/records.js';

const logger = pino({ level: 'silent' });


const GRAPH = (id: string): string => `http://localhost:3030/graph/${id}`;

/** dataset.nq as the publication defines it: the parts' .nq files in the manifest's order. */
function datasetNq(out: string): string {
  const manifest = JSON.parse(readFileSync(join(out, 'dumps', 'manifest.json'), 'utf8')) as { parts: string[] };
  return manifest.parts.map((p) => readFileSync(join(out, 'dumps', `${p}.nq`), 'utf8')).join('');
}

/** Entries (one .json per record) in the build cache; @index.json (and its @index.delta.json) is the snapshot of them all. */
const cacheEntries = (out: string): string[] => readdirSync(join(out, 'cache')).filter((n) => n.endsWith('.json') && !n.startsWith('@index'));

function datasetGraphs(out: string): Set<string> {
  const quads = parse(datasetNq(out), 'nquads');
  return new Set(quads.map((q) => q.graph.value));
}

let data: string;
let out: string;
let first: BuildResult;
let second: BuildResult;
let third: BuildResult;
let firstCacheEntries = 0;
let firstDumpOfB = '';
let linksAfterSecond: string[] = [];
const GRAPH_LINKS = 'http://localhost:3030/graph/links>';
/** The links graph's lines of the published dataset, without time stamps (they differ from build to build). */
function linkLines(out: string): string[] {
  return datasetNq(out)
    .split('\n')
    .filter((l) => l.includes(GRAPH_LINKS) && !/"\d{4}-\d\d-\d\dT/.test(l))
    .sort();
}
const build = (): Promise<BuildResult> =>
  runBuild({ config: loadConfig({ dataDir: data, outDir: out }, {}), logger, version: '0.0.0-test', progress: false, allowInvalid: true });

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'incr-data-'));
  out = mkdtempSync(join(tmpdir(), 'incr-out-'));
  writeFileSync(join(data, 'a.txt'), inventedRecord(910001, 'Minister Orvald Tesk', 'Bergholm', 3));
  writeFileSync(join(data, 'b.txt'), inventedRecord(910002, 'Ambassador Lina Varro', 'Kestrel Bay', 9));
  writeFileSync(join(data, 'c.txt'), inventedRecord(910003, 'Consul Piet Amarand', 'Oldgate', 17));
  first = await build();
  firstCacheEntries = cacheEntries(out).length;
  const bId = first.manifest.records.find((r) => r.file === 'b.txt')?.recordId as string;
  firstDumpOfB = readFileSync(join(out, 'dumps', 'records', `${bId}.trig`), 'utf8');
  // Change one record, remove one, keep one.
  writeFileSync(join(data, 'a.txt'), inventedRecord(910001, 'Minister Orvald Tesk', 'Bergholm', 3, 'He added that the harbour would reopen in May.'));
  rmSync(join(data, 'c.txt'));
  second = await build();
  linksAfterSecond = linkLines(out);
  third = await build();
}, 180_000);

describe('incremental build', () => {
  it('extracts every record on the first build and caches each one', () => {
    expect(first.failures).toEqual([]);
    expect(first.manifest.counts).toMatchObject({ built: 3, reused: 0, removed: 0 });
    expect(firstCacheEntries).toBe(3);
  });

  it('re-extracts only the changed record, reuses the unchanged one and reports the removed one', () => {
    expect(second.failures).toEqual([]);
    expect(second.manifest.counts).toMatchObject({ built: 1, reused: 1, removed: 1, records: 2 });
    const byFile = Object.fromEntries(second.manifest.records.map((r) => [r.file, r.status]));
    expect(byFile).toEqual({ 'a.txt': 'built', 'b.txt': 'reused' });
    const gone = first.manifest.records.find((r) => r.file === 'c.txt')?.recordId as string;
    expect(second.manifest.removed).toEqual([{ recordId: gone, file: 'c.txt' }]);
  });

  it('publishes exactly the current records graphs: the removed record leaves the dataset, its dumps and the cache', () => {
    const ids = first.manifest.records.map((r) => r.recordId);
    const gone = first.manifest.records.find((r) => r.file === 'c.txt')?.recordId as string;
    const graphs = datasetGraphs(out);
    const recordGraphs = [...graphs].filter((g) => ids.some((id) => g === GRAPH(id))).sort();
    expect(recordGraphs).toEqual(second.manifest.records.map((r) => GRAPH(r.recordId)).sort());
    expect(graphs).not.toContain(GRAPH(gone));
    expect(existsSync(join(out, 'dumps', 'records', `${gone}.nq`))).toBe(false);
    expect(cacheEntries(out).length).toBe(2);
  });

  it('replaces the changed record graph as a whole with its new content', () => {
    const a = second.manifest.records.find((r) => r.file === 'a.txt')?.recordId as string;
    const nq = readFileSync(join(out, 'dumps', 'records', `${a}.nq`), 'utf8');
    expect(nq).toContain('reopen in May');
    const dataset = parse(datasetNq(out), 'nquads').filter((q) => q.graph.value === GRAPH(a));
    expect(dataset.length).toBe(second.manifest.records.find((r) => r.file === 'a.txt')?.quads);
  });

  it('gives a reused record the same graph and the same Wikidata links as a fresh extraction', () => {
    expect(third.manifest.counts).toMatchObject({ built: 0, reused: 2, removed: 0 });
    const b = second.manifest.records.find((r) => r.file === 'b.txt')?.recordId as string;
    const firstB = first.manifest.records.find((r) => r.file === 'b.txt');
    expect(third.manifest.records.find((r) => r.recordId === b)?.quads).toBe(firstB?.quads);
    expect(readFileSync(join(out, 'dumps', 'records', `${b}.trig`), 'utf8')).toBe(firstDumpOfB);
    expect(firstDumpOfB).toContain('Kestrel Bay');
    // The links graph of a build that reused every record equals the one of the build that extracted record a.
    expect(linksAfterSecond.length).toBeGreaterThan(0);
    expect(linkLines(out)).toEqual(linksAfterSecond);
    expect(second.manifest.counts.quads).toBe(third.manifest.counts.quads);
  });

  it('rebuilds every record when the cache entry is corrupt instead of failing', async () => {
    const b = second.manifest.records.find((r) => r.file === 'b.txt')?.recordId as string;
    writeFileSync(join(out, 'cache', `${encodeURIComponent(b)}.json`), '{"recordId": "half');
    // The cache index holds a copy of every entry: damaged too, so neither copy can be used.
    writeFileSync(join(out, 'cache', '@index.json'), '{"version": 1, "sour');
    const fourth = await build();
    expect(fourth.failures).toEqual([]);
    expect(fourth.manifest.counts).toMatchObject({ built: 1, reused: 1 });
    expect(fourth.manifest.counts.quads).toBe(third.manifest.counts.quads);
  }, 60_000);
});

describe('cache fingerprint', () => {
  it('covers the extractor code in sub-folders, so a changed rule invalidates the cache', async () => {
    const { filesIn, buildFingerprint } = await import('../src/build/cache.js');
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'fingerprint-'));
    mkdirSync(join(dir, 'reader'));
    writeFileSync(join(dir, 'reader', 'rule.ts'), 'export const rule = 1;');
    writeFileSync(join(dir, 'notes.md'), 'not code');
    const files = await filesIn(dir, ['.ts']);
    expect(files).toEqual([join(dir, 'reader', 'rule.ts')]);
    const before = await buildFingerprint({ version: '1', base: 'http://x/', allowInvalid: false, files });
    writeFileSync(join(dir, 'reader', 'rule.ts'), 'export const rule = 2;');
    const after = await buildFingerprint({ version: '1', base: 'http://x/', allowInvalid: false, files });
    expect(after).not.toBe(before);
  });
});
