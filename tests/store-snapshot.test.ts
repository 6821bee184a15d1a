/**
 * The store snapshot (src/store/store-image.ts): replicas restored from the memory image answer exactly what
 * replicas loaded from the files answer; a stale, damaged or truncated image is never restored; the update journal
 * is replayed over a restored store; `serve` writes the snapshot into out/snapshot and `--no-snapshot` turns it off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerPool, type PoolEvent } from '../src/store/pool.js';
import { nonZeroExtents, tableValues, type ImageMeta } from '../src/store/store-image.js';
import { loadConfig } from '../src/config/index.js';
import { flagsToInput } from '../src/config/cli-options.js';
import { snapshotDir, startServer } from '../src/cli/serve.js';
import { writePartsPublication } from './serve-parts-fixture.js';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { rootPath } from '../src/paths.js';

const EX = 'http://example.org/';
const CAP = 100_000;
// Blank node labels are drawn afresh at every load from the files: blank nodes are compared by what they hold.
const ALL = 'SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(!isBlank(?s) && !isBlank(?o)) } ORDER BY ?g ?s ?p ?o';
const BLANKS = `SELECT ?s ?p ?q ?v ?g WHERE { GRAPH ?g { ?s ?p ?b . ?b ?q ?v } FILTER(isBlank(?b)) } ORDER BY ?g ?s ?p ?q ?v`;

/** N-Quads with the kinds of terms a record graph has: IRIs, blank nodes, language and typed literals, non-ASCII. */
function dataset(n: number, tag: string): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const g = `<${EX}graph/${i % 7}>`;
    lines.push(`<${EX}s${i}> <${EX}label> "${tag} ${i} 周恩来 Чжоу"@zh-Latn-pinyin ${g} .`);
    lines.push(`<${EX}s${i}> <${EX}n> "${i}"^^<http://www.w3.org/2001/XMLSchema#integer> ${g} .`);
    lines.push(`<${EX}s${i}> <${EX}span> _:b${i} ${g} .`);
    lines.push(`_:b${i} <${EX}start> "${i * 3}"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> ${g} .`);
    lines.push(`<${EX}s${i}> <${EX}next> <${EX}s${(i * 7919) % n}> ${g} .`);
  }
  return `${lines.join('\n')}\n`;
}

interface Started {
  pool: WorkerPool;
  events: PoolEvent[];
}

async function startPool(dir: string, snapshot: boolean, extra: { workers?: number; journal?: boolean } = {}): Promise<Started> {
  const events: PoolEvent[] = [];
  const pool = await WorkerPool.start({
    sources: [{ path: join(dir, 'a.nq') }, { path: join(dir, 'b.nq') }],
    workers: extra.workers ?? 1,
    staggered: true,
    resultCap: CAP,
    ...(extra.journal ? { journalPath: join(dir, 'updates.jsonl') } : {}),
    ...(snapshot ? { snapshotDir: join(dir, 'snapshot') } : {}),
    onEvent: (e) => events.push(e),
  });
  return { pool, events };
}

/** Every quad, sorted, as a SHA-256 of its JSON results (a short message when two differ). */
async function everything(pool: WorkerPool): Promise<string> {
  const h = createHash('sha256');
  for (const q of [ALL, BLANKS]) {
    const r = await pool.queryRaw(q, 'bindings', 'application/sparql-results+json');
    expect(r.truncated).toBe(false);
    h.update(r.body);
  }
  return h.digest('hex');
}

function readyEvents(events: PoolEvent[]): Array<Extract<PoolEvent, { kind: 'ready' }>> {
  return events.filter((e): e is Extract<PoolEvent, { kind: 'ready' }> => e.kind === 'ready');
}

/** Wait until `n` replicas have reported ready (staggered replicas start one after the other). */
async function untilReady(events: PoolEvent[], n: number): Promise<void> {
  for (let i = 0; i < 600 && readyEvents(events).length < n; i++) await new Promise((r) => setTimeout(r, 50));
  expect(readyEvents(events)).toHaveLength(n);
}

function meta(dir: string): ImageMeta {
  return JSON.parse(readFileSync(join(dir, 'snapshot', 'store.json'), 'utf8')) as ImageMeta;
}

/** Make the description name store.img as it now is (as if the disk had changed its bytes under it). */
function vouchForImageAsItIs(dir: string): void {
  const m = meta(dir);
  const s = statSync(join(dir, 'snapshot', 'store.img'));
  m.image = { size: s.size, ino: s.ino, mtimeMs: s.mtimeMs };
  writeFileSync(join(dir, 'snapshot', 'store.json'), JSON.stringify(m));
}

/** A new pool over `dir` starts from its snapshot and holds `truth`. */
async function expectRestored(dir: string, truth: string): Promise<void> {
  const again = await startPool(dir, true);
  expect(readyEvents(again.events)[0]?.snapshot?.restored).toBe(true);
  expect(await everything(again.pool)).toBe(truth);
  await again.pool.close();
}

describe('store snapshot', () => {
  let dir: string;
  let truth: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'store-snapshot-'));
    writeFileSync(join(dir, 'a.nq'), dataset(3000, 'first'));
    writeFileSync(join(dir, 'b.nq'), `<${EX}x> <${EX}label> "b file" <${EX}graph/b> .\n`);
    const plain = await startPool(dir, false);
    truth = await everything(plain.pool);
    await plain.pool.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is written by the first replica after loading the files, and later replicas start from it with the same data', async () => {
    const first = await startPool(dir, true);
    expect(readyEvents(first.events)[0]?.snapshot?.written?.bytes).toBeGreaterThan(0);
    expect(readyEvents(first.events)[0]?.snapshot?.restored).toBeUndefined();
    expect(await everything(first.pool)).toBe(truth);
    await first.pool.close();
    const m = meta(dir);
    expect(m.quads).toBe(15_001);
    expect(statSync(join(dir, 'snapshot', 'store.img')).size).toBe(m.stored);
    // Only the blocks that hold something are stored.
    expect(m.stored).toBeLessThan(m.bytes);

    const second = await startPool(dir, true, { workers: 2 });
    await untilReady(second.events, 2);
    expect(readyEvents(second.events).map((e) => e.snapshot?.restored)).toEqual([true, true]);
    expect(await everything(second.pool)).toBe(truth);
    expect(await everything(second.pool)).toBe(truth);
    // Terms handed from JavaScript into the store (a request's dataset, a CONSTRUCT's result written out) use the
    // bindings' interned strings, restored with the image.
    const inGraph = await second.pool.select('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', { defaultGraphUris: [`${EX}graph/b`] });
    expect(inGraph.rows[0]?.n?.value).toBe('1');
    const built = await second.pool.queryRaw(`CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${EX}graph/b> { ?s ?p ?o } }`, 'graph', 'application/n-triples');
    expect(built.body.trim()).toBe(`<${EX}x> <${EX}label> "b file" .`);
    // The restored store is a working store: it takes updates and answers over them.
    await second.pool.update(`INSERT DATA { GRAPH <${EX}graph/new> { <${EX}y> <${EX}label> "after the restore" } }`);
    const n = await second.pool.select('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    expect(n.rows[0]?.n?.value).toBe('15002');
    await second.pool.close();
  }, 120_000);

  it('replays the update journal over the restored store; the image holds the published files only', async () => {
    const journalled = await startPool(dir, true, { journal: true });
    expect(readyEvents(journalled.events)[0]?.snapshot?.restored).toBe(true);
    await journalled.pool.update(`INSERT DATA { GRAPH <${EX}graph/j> { <${EX}j> <${EX}label> "journalled" } }`);
    await journalled.pool.close();
    const again = await startPool(dir, true, { journal: true });
    expect(readyEvents(again.events)[0]?.snapshot?.restored).toBe(true);
    const r = await again.pool.select(`SELECT ?o WHERE { <${EX}j> <${EX}label> ?o }`);
    expect(r.rows.map((row) => row.o?.value)).toEqual(['journalled']);
    await again.pool.close();
    expect(meta(dir).quads).toBe(15_001);
    rmSync(join(dir, 'updates.jsonl'));
  }, 120_000);

  it('is not restored when a file changed: the files are loaded and a new snapshot written', async () => {
    const before = meta(dir).key;
    writeFileSync(join(dir, 'b.nq'), `<${EX}x> <${EX}label> "b file, rebuilt" <${EX}graph/b> .\n`);
    const changed = await startPool(dir, true);
    const ready = readyEvents(changed.events)[0];
    expect(ready?.snapshot?.restored).toBeUndefined();
    expect(ready?.snapshot?.written).toBeDefined();
    const r = await changed.pool.select(`SELECT ?o WHERE { <${EX}x> <${EX}label> ?o }`);
    expect(r.rows.map((row) => row.o?.value)).toEqual(['b file, rebuilt']);
    await changed.pool.close();
    expect(meta(dir).key).not.toBe(before);
    writeFileSync(join(dir, 'b.nq'), `<${EX}x> <${EX}label> "b file" <${EX}graph/b> .\n`);
    const back = await startPool(dir, true);
    expect(await everything(back.pool)).toBe(truth);
    await back.pool.close();
  }, 120_000);

  it('is not restored when damaged: the checksum fails, the replica is replaced by one that loads the files', async () => {
    // Damage inside the stored bytes, with the description updated to the file's new identity (as if the disk
    // had changed the bytes under it): only the checksum can tell.
    const imagePath = join(dir, 'snapshot', 'store.img');
    const image = readFileSync(imagePath);
    const at = Math.floor(image.length / 2);
    image.fill(0xa5, at, at + 4096);
    writeFileSync(imagePath, image);
    vouchForImageAsItIs(dir);

    const damaged = await startPool(dir, true);
    await untilReady(damaged.events, 1);
    const failed = damaged.events.find((e) => e.kind === 'snapshotFailed');
    expect(failed && 'message' in failed ? failed.message : '').toMatch(/store\.img is damaged/);
    // The replacement loaded the files and wrote a sound snapshot in place of the damaged one.
    expect(readyEvents(damaged.events)[0]?.snapshot?.reason).toBe('restoring the snapshot failed before');
    expect(readyEvents(damaged.events)[0]?.snapshot?.written).toBeDefined();
    expect(await everything(damaged.pool)).toBe(truth);
    await damaged.pool.close();
    await expectRestored(dir, truth);
  }, 120_000);

  it('is not restored when shorter than its description says, and is then written again', async () => {
    const imagePath = join(dir, 'snapshot', 'store.img');
    truncateSync(imagePath, 65_536);
    vouchForImageAsItIs(dir);
    const short = await startPool(dir, true);
    const ready = readyEvents(short.events)[0];
    expect(ready?.snapshot?.reason).toMatch(/store\.img is not the image its description was written for/);
    expect(ready?.snapshot?.written).toBeDefined();
    expect(await everything(short.pool)).toBe(truth);
    await short.pool.close();
    await expectRestored(dir, truth);
  }, 120_000);
});

describe('store snapshot of an earlier build', () => {
  // Publication-like inputs: one file per named graph, each source naming its graph.
  let dir: string;
  const graph = (name: string): string => `${EX}graph/${name}`;
  const part = (name: string, n: number, tag: string): void =>
    writeFileSync(join(dir, `${name}.nq`), Array.from({ length: n }, (_, i) => `<${EX}${name}/s${i}> <${EX}label> "${tag} ${i}" <${graph(name)}> .\n`).join(''));
  const sources = (names: string[]) => names.map((name) => ({ path: join(dir, `${name}.nq`), graph: graph(name) }));
  const start = async (names: string[], snapshot: boolean, exact = false): Promise<Started> => {
    const events: PoolEvent[] = [];
    const pool = await WorkerPool.start({
      sources: sources(names),
      workers: 1,
      resultCap: CAP,
      ...(snapshot ? { snapshotDir: join(dir, 'snapshot') } : {}),
      ...(exact ? { snapshotExact: true } : {}),
      onEvent: (e) => events.push(e),
    });
    return { pool, events };
  };
  /** What a replica that loads the files from scratch holds. */
  const fresh = async (names: string[]): Promise<string> => {
    const plain = await start(names, false);
    const all = await everything(plain.pool);
    await plain.pool.close();
    return all;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'store-snapshot-delta-'));
    part('g1', 500, 'one');
    part('g2', 500, 'two');
    part('g3', 500, 'three');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is brought up to date by replacing the graphs of changed, removed and new files', async () => {
    const first = await start(['g1', 'g2', 'g3'], true);
    expect(readyEvents(first.events)[0]?.snapshot?.written).toBeDefined();
    await first.pool.close();
    const written = meta(dir).writtenAt;

    part('g2', 300, 'two, rebuilt');
    const changed = await start(['g1', 'g2', 'g3'], true);
    const ready = readyEvents(changed.events)[0]?.snapshot;
    expect(ready?.restored).toBe(true);
    expect(ready?.applied).toEqual({ dropped: 1, loaded: 1 });
    // A few changed files are applied at every start rather than written into a new image.
    expect(ready?.written).toBeUndefined();
    expect(await everything(changed.pool)).toBe(await fresh(['g1', 'g2', 'g3']));
    await changed.pool.close();
    expect(meta(dir).writtenAt).toBe(written);

    rmSync(join(dir, 'g3.nq'));
    part('g4', 200, 'four');
    const moved = await start(['g1', 'g2', 'g4'], true);
    expect(readyEvents(moved.events)[0]?.snapshot?.applied).toEqual({ dropped: 3, loaded: 2 });
    expect(await everything(moved.pool)).toBe(await fresh(['g1', 'g2', 'g4']));
    await moved.pool.close();
  }, 120_000);

  it('writes the brought-up-to-date store when asked for an exact snapshot (build --snapshot)', async () => {
    const exact = await start(['g1', 'g2', 'g4'], true, true);
    const report = readyEvents(exact.events)[0]?.snapshot;
    expect(report?.applied).toEqual({ dropped: 3, loaded: 2 });
    expect(report?.written).toBeDefined();
    await exact.pool.close();
    const again = await start(['g1', 'g2', 'g4'], true);
    expect(readyEvents(again.events)[0]?.snapshot).toEqual({ restored: true });
    expect(await everything(again.pool)).toBe(await fresh(['g1', 'g2', 'g4']));
    await again.pool.close();
  }, 120_000);

  it('loads everything when a changed file does not hold the graph its source names', async () => {
    // g1.nq now holds g2's graph: dropping g1's graph and loading the file would leave g2 with two versions.
    writeFileSync(join(dir, 'g1.nq'), `<${EX}stray> <${EX}label> "stray" <${graph('g2')}> .\n`);
    const wrong = await start(['g1', 'g2', 'g4'], true);
    const report = readyEvents(wrong.events)[0]?.snapshot;
    expect(report?.restored).toBeUndefined();
    expect(report?.reason).toMatch(/g1\.nq does not hold the graph .*graph\/g1 its name gives/);
    expect(await everything(wrong.pool)).toBe(await fresh(['g1', 'g2', 'g4']));
    await wrong.pool.close();
  }, 120_000);
});

describe('store image helpers', () => {
  it('keep only the runs of non-zero 64 KiB blocks', () => {
    const mem = new Uint8Array(6 * 65_536);
    mem[10] = 1;
    mem[65_536 + 5] = 2;
    mem[4 * 65_536] = 3;
    expect(nonZeroExtents(mem)).toEqual([
      [0, 2 * 65_536],
      [4 * 65_536, 65_536],
    ]);
    expect(nonZeroExtents(new Uint8Array(65_536))).toEqual([]);
  });

  it('refuse a JavaScript-value table holding anything but plain data', () => {
    const table = (values: unknown[]) => ({ length: values.length, get: (i: number) => values[i] });
    expect(tableValues(table([undefined, null, true, 'termType', 3]))).toEqual({
      values: [
        [1, null],
        [2, true],
        [3, 'termType'],
        [4, 3],
      ],
    });
    expect(tableValues(table([null, { a: 1 }]))).toEqual({ unsupported: 1 });
    expect(tableValues(table([() => 1]))).toEqual({ unsupported: 0 });
  });
});

describe('snapshot configuration', () => {
  it('is on by default, off with --no-snapshot or STORE_SNAPSHOT=off, and rejects other words', () => {
    expect(loadConfig({}, {}).snapshot).toBe(true);
    expect(loadConfig(flagsToInput({ snapshot: false }), { STORE_SNAPSHOT: 'on' }).snapshot).toBe(false);
    expect(loadConfig(flagsToInput({ snapshot: true }), { STORE_SNAPSHOT: 'off' }).snapshot).toBe(false);
    expect(loadConfig({}, { STORE_SNAPSHOT: '0' }).snapshot).toBe(false);
    expect(() => loadConfig({}, { STORE_SNAPSHOT: 'sometimes' })).toThrow(/STORE_SNAPSHOT must be on or off .* got 'sometimes'/);
  });

  it('serve writes out/snapshot, starts from it next time, and leaves it alone with --no-snapshot', async () => {
    const pub = await writePartsPublication();
    try {
      const off = await startServer(loadConfig({ outDir: pub.outDir, port: 0, workers: 1, logLevel: 'silent', snapshot: 'off' }, {}));
      await off.stop();
      expect(existsSync(join(pub.outDir, 'snapshot'))).toBe(false);
      const config = loadConfig({ outDir: pub.outDir, port: 0, workers: 1, logLevel: 'silent' }, {});
      const written: string[] = [];
      for (let i = 0; i < 2; i++) {
        const server = await startServer(config);
        try {
          const res = await fetch(`${server.url}sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')}`);
          const body = (await res.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
          expect(Number(body.results.bindings[0]?.n.value)).toBe(pub.quads.length);
        } finally {
          await server.stop();
        }
        expect(meta(config.outDir).quads).toBe(pub.quads.length);
        written.push(meta(config.outDir).writtenAt);
      }
      // The second start restored the first one's snapshot instead of writing another.
      expect(written[1]).toBe(written[0]);
      expect(snapshotDir(config)).toBe(join(pub.outDir, 'snapshot'));
    } finally {
      rmSync(pub.outDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('build --snapshot', () => {
  it('writes the snapshot of what it published, and leaves a matching one alone', async () => {
    const work = mkdtempSync(join(tmpdir(), 'build-snapshot-'));
    try {
      mkdirSync(join(work, 'data'));
      copyFileSync(rootPath('tests', 'fixtures', 'records', 'cable-ru-1956.txt'), join(work, 'data', 'cable-ru-1956.txt'));
      const run = (): Promise<{ stderr: string }> =>
        promisify(execFile)(process.execPath, [rootPath('bin', 'archive-ld.js'), 'build', '--snapshot', '--jobs', '1', '--data', join(work, 'data'), '--out', join(work, 'out'), '--log-level', 'info']);
      const first = await run();
      expect(first.stderr).toMatch(/wrote the store snapshot/);
      const m = meta(join(work, 'out'));
      const published = JSON.parse(readFileSync(join(work, 'out', 'dumps', 'manifest.json'), 'utf8')) as { counts: { quads: number } };
      expect(m.quads).toBe(published.counts.quads);
      const second = await run();
      expect(second.stderr).toMatch(/the store snapshot already matches the published files/);
      expect(meta(join(work, 'out')).writtenAt).toBe(m.writtenAt);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});
