/**
 * What makes a rebuild cheap at scale, checked for correctness (its speed is in `npm run bench`):
 * - the cache index (out/cache/@index.json) lets a rebuild skip reading files whose size, times and inode are
 *   unchanged, but never hides a change, even one that keeps the size and puts the old modification time back;
 * - the previous publication kept as out/.spare is recycled into the next one, and what comes out is exactly
 *   what a build from scratch publishes: the same part files with the same bytes, and nothing stale.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pino from 'pino';
import { runBuild, type BuildResult } from '../src/build/index.js';
import { readCacheIndex, writeCacheIndex, type CacheIndex } from '../src/build/cache.js';
import { loadConfig } from '../src/config/index.js';
import { inventedRecord } from './helpers/records.js';

const logger = pino({ level: 'silent' });

const build = (data: string, out: string): Promise<BuildResult> =>
  runBuild({ config: loadConfig({ dataDir: data, outDir: out }, {}), logger, version: '0.0.0-test', progress: false, allowInvalid: true });

/** Modification times this close to a build are re-read whatever the index says (cache.ts RACY_MS); wait them out. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2_100));

/** Every file under `dir` as "relative path -> SHA-256 of its bytes". */
function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
  }
  return files;
}

/**
 * The part files of a publication, but for those whose bytes differ between any two builds of the same data: the
 * links graph, VoID and manifest carry the build's time; the gazetteer graph's blank-node labels are numbered
 * by the parser, which in one test process goes on counting from build to build.
 */
function partFiles(out: string): Map<string, string> {
  const varying = /^(graphs\/links|graphs\/gazetteer)\./;
  return new Map([...tree(join(out, 'dumps'))].filter(([name]) => (name.startsWith('records/') || name.startsWith('graphs/')) && !varying.test(name)));
}

describe('cache index', () => {
  let data: string;
  let out: string;
  beforeAll(() => {
    data = mkdtempSync(join(tmpdir(), 'index-data-'));
    out = mkdtempSync(join(tmpdir(), 'index-out-'));
    writeFileSync(join(data, 'a.txt'), inventedRecord(920001, 'Minister Orvald Tesk', 'Bergholm', 3));
    writeFileSync(join(data, 'b.txt'), inventedRecord(920002, 'Ambassador Lina Varro', 'Kestrel Bay', 9));
    writeFileSync(join(data, 'c.txt'), inventedRecord(920003, 'Consul Piet Amarand', 'Oldgate', 17));
  });

  it('does not read unchanged files again, and still sees a change that keeps the size and the modification time', async () => {
    await settle();
    const first = await build(data, out);
    expect(first.hashed).toBe(3);
    const second = await build(data, out);
    expect(second.hashed).toBe(0);
    expect(second.manifest.counts).toMatchObject({ built: 0, reused: 3 });

    // Same length, other day; the old modification time put back (as `touch -d` or a careless copy would).
    const path = join(data, 'b.txt');
    const reference = join(out, 'b-times');
    // touch -r copies the times to the nanosecond (Node's utimes rounds them).
    execFileSync('touch', ['-r', path, reference]);
    const before = statSync(path);
    const changed = inventedRecord(920002, 'Ambassador Lina Varro', 'Kestrel Bay', 8);
    expect(changed.length).toBe(readFileSync(path, 'utf8').length);
    writeFileSync(path, changed);
    execFileSync('touch', ['-r', reference, path]);
    expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
    await settle();
    const third = await build(data, out);
    expect(third.hashed).toBe(1);
    expect(third.manifest.counts).toMatchObject({ built: 1, reused: 2 });
  }, 60_000);

  it('falls back to reading every file when the index is damaged', async () => {
    writeFileSync(join(out, 'cache', '@index.json'), '{"version": 1, "sources": {"');
    const next = await build(data, out);
    expect(next.failures).toEqual([]);
    expect(next.hashed).toBe(3);
    // The per-record entries are still there: nothing is extracted again.
    expect(next.manifest.counts).toMatchObject({ built: 0, reused: 3 });
    expect(JSON.parse(readFileSync(join(out, 'cache', '@index.json'), 'utf8'))).toMatchObject({ version: 1 });
  }, 60_000);
});

describe('cache index delta', () => {
  it('writes only what changed, nothing when nothing did, and the full index again once the changes add up', async () => {
    const root = mkdtempSync(join(tmpdir(), 'index-delta-'));
    try {
      const out = join(root, 'out');
      const full = join(out, 'cache', '@index.json');
      const delta = join(out, 'cache', '@index.delta.json');
      const stamp = (sha256: string): CacheIndex['sources'][string] => ({ size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, sha256 });
      const first: CacheIndex = { version: 1, sources: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`/r/${i}.txt`, stamp(`s${i}`)])), entries: {} };
      await writeCacheIndex(out, first);
      const fullText = readFileSync(full, 'utf8');
      expect(existsSync(delta)).toBe(false);
      // The next build reuses every stamp (the same objects): nothing is written.
      const same: CacheIndex = { version: 1, sources: { ...first.sources }, entries: {} };
      await writeCacheIndex(out, same, first);
      expect(existsSync(delta)).toBe(false);
      // One source changed and one gone: only they are written, to the delta.
      const second: CacheIndex = { version: 1, sources: { ...same.sources, '/r/0.txt': stamp('changed') }, entries: {} };
      delete second.sources['/r/1.txt'];
      await writeCacheIndex(out, second, same);
      expect(readFileSync(full, 'utf8')).toBe(fullText);
      expect(JSON.parse(readFileSync(delta, 'utf8')).sources).toEqual({ '/r/0.txt': stamp('changed'), '/r/1.txt': null });
      // Another process (another path: not this process's copy in memory) reads the full index with the delta applied.
      const other = join(root, 'other');
      mkdirSync(join(other, 'cache'), { recursive: true });
      copyFileSync(full, join(other, 'cache', '@index.json'));
      copyFileSync(delta, join(other, 'cache', '@index.delta.json'));
      expect(await readCacheIndex(other)).toEqual(second);
      // A delta naming another full index (left by a build killed after writing a new full index) is ignored.
      const stale = JSON.parse(readFileSync(delta, 'utf8')) as { base: string };
      writeFileSync(join(other, 'cache', '@index.delta.json'), JSON.stringify({ ...stale, base: 'another' }));
      expect(await readCacheIndex(other)).toEqual(first);
      // Changes past the delta's limit: the full index is written again and the delta removed.
      const third: CacheIndex = { version: 1, sources: Object.fromEntries(Object.keys(second.sources).map((k) => [k, stamp('new')])), entries: {} };
      await writeCacheIndex(out, third, second);
      expect(existsSync(delta)).toBe(false);
      expect(JSON.parse(readFileSync(full, 'utf8')).sources).toEqual(third.sources);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('recycled previous publication (out/.spare)', () => {
  it('publishes after every change exactly the part files a build from scratch publishes, and no stale file', async () => {
    const data = mkdtempSync(join(tmpdir(), 'spare-data-'));
    const out = mkdtempSync(join(tmpdir(), 'spare-out-'));
    const record = (doc: number, day: number, extra = ''): string => inventedRecord(doc, 'Minister Orvald Tesk', 'Bergholm', day, extra);
    writeFileSync(join(data, 'a.txt'), record(930001, 3));
    writeFileSync(join(data, 'b.txt'), record(930002, 4));
    writeFileSync(join(data, 'c.txt'), record(930003, 5));
    const steps: Array<[string, () => void]> = [
      ['first build', () => undefined],
      ['one record changed', () => writeFileSync(join(data, 'a.txt'), record(930001, 3, 'He added that the harbour would reopen in May.'))],
      ['one record removed, one added', () => {
        rmSync(join(data, 'b.txt'));
        writeFileSync(join(data, 'd.txt'), record(930004, 6));
      }],
      ['the change undone (content the spare held two builds ago)', () => writeFileSync(join(data, 'a.txt'), record(930001, 3))],
      ['nothing changed', () => undefined],
    ];
    let spareSeen = false;
    for (const [what, change] of steps) {
      change();
      const result = await build(data, out);
      expect(result.failures, what).toEqual([]);
      const fresh = mkdtempSync(join(tmpdir(), 'spare-fresh-'));
      await build(data, fresh);
      const [got, want] = [partFiles(out), partFiles(fresh)];
      expect([...got].filter(([k, v]) => want.get(k) !== v).map(([k]) => k), what).toEqual([]);
      expect(got, what).toEqual(want);
      // Every file in the folder is one the manifest lists (plus the manifest itself), with the bytes it lists.
      const listed = new Map((JSON.parse(readFileSync(join(out, 'dumps', 'manifest.json'), 'utf8')) as { files: Array<{ name: string; sha256: string }> }).files.map((f) => [f.name, f.sha256]));
      const onDisk = tree(join(out, 'dumps'));
      onDisk.delete('manifest.json');
      expect(onDisk, what).toEqual(listed);
      // The cache holds exactly what a build from scratch leaves there: the few changed records' old entries and
      // parts were removed without sweeping the whole cache.
      const cached = (root: string): string[] => [...tree(join(root, 'cache')).keys()].filter((name) => !name.startsWith('@index')).sort();
      expect(cached(out), what).toEqual(cached(fresh));
      rmSync(fresh, { recursive: true, force: true });
      spareSeen ||= existsSync(join(out, '.spare', 'manifest.json'));
    }
    // From the second build on there is a spare to recycle: the steps above went through that path.
    expect(spareSeen).toBe(true);
  }, 180_000);
});

describe('cache index kept in memory between builds of one process', () => {
  it('is reused while the file on disk is the one written, and read again once another process replaced it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'index-memo-'));
    try {
      const entry = (sha256: string): CacheIndex['sources'][string] => ({ size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, sha256 });
      const mine: CacheIndex = { version: 1, sources: { '/records/a.txt': entry('a'.repeat(64)) }, entries: {} };
      await writeCacheIndex(out, mine);
      expect(await readCacheIndex(out)).toBe(mine);
      // Another build (another process) writes its own index in its place.
      const theirs: CacheIndex = { version: 1, sources: { '/records/b.txt': entry('b'.repeat(64)) }, entries: {} };
      const path = join(out, 'cache', '@index.json');
      writeFileSync(`${path}.other`, JSON.stringify(theirs));
      renameSync(`${path}.other`, path);
      const read = await readCacheIndex(out);
      expect(read).not.toBe(mine);
      expect(read).toEqual(theirs);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
