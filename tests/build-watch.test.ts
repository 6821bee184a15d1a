/**
 * `build --watch` (src/build/watch.ts) and the out folder's build lock (src/build/lock.ts): a change to a record
 * is published by the watching process, changes outside the records are ignored, and a second build on the same
 * out folder is refused while the first one runs but not after it was killed.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { runBuild, type BuildResult } from '../src/build/index.js';
import { LOCK_NAME } from '../src/build/lock.js';
import { concernsRecords, watchRecords } from '../src/build/watch.js';
import { loadConfig } from '../src/config/index.js';
import { inventedRecord } from './helpers/records.js';

const logger = pino({ level: 'silent' });

const build = (data: string, out: string): Promise<BuildResult> =>
  runBuild({ config: loadConfig({ dataDir: data, outDir: out }, {}), logger, version: '0.0.0-test', progress: false, allowInvalid: true });

describe('which changes concern the records', () => {
  it('takes record files and folders, and leaves reference data, hidden files and other files alone', () => {
    expect(concernsRecords('a.txt')).toBe(true);
    expect(concernsRecords('1962/cables/b.HTML')).toBe(true);
    expect(concernsRecords('1962')).toBe(true);
    expect(concernsRecords('lexicon/roles.json')).toBe(false);
    expect(concernsRecords('wikidata/gazetteer.ttl')).toBe(false);
    expect(concernsRecords('.a.txt.swp')).toBe(false);
    expect(concernsRecords('notes/.git/index')).toBe(false);
    expect(concernsRecords('notes.md')).toBe(false);
  });
});

describe('build --watch', () => {
  it('publishes a changed record, a new one and a removal without being asked, one build at a time', async () => {
    const data = mkdtempSync(join(tmpdir(), 'watch-data-'));
    const out = mkdtempSync(join(tmpdir(), 'watch-out-'));
    writeFileSync(join(data, 'a.txt'), inventedRecord(940001, 'Minister Orvald Tesk', 'Bergholm', 3));
    await build(data, out);
    const results: BuildResult[] = [];
    let running = 0;
    let overlapped = false;
    let next: (() => void) | undefined;
    const watcher = watchRecords({
      dataDir: data,
      logger,
      debounceMs: 100,
      rebuild: async () => {
        running++;
        overlapped ||= running > 1;
        results.push(await build(data, out));
        running--;
        next?.();
      },
    });
    const rebuilt = (): Promise<void> => new Promise((resolve) => (next = resolve));
    try {
      let done = rebuilt();
      writeFileSync(join(data, 'a.txt'), inventedRecord(940001, 'Minister Orvald Tesk', 'Bergholm', 3, 'He added that the harbour would reopen in May.'));
      await done;
      expect(results.at(-1)?.manifest.counts).toMatchObject({ built: 1, records: 1 });
      const id = results.at(-1)?.manifest.records[0]?.recordId as string;
      expect(readFileSync(join(out, 'dumps', 'records', `${id}.nq`), 'utf8')).toContain('reopen in May');

      done = rebuilt();
      mkdirSync(join(data, 'more'));
      writeFileSync(join(data, 'more', 'b.txt'), inventedRecord(940002, 'Ambassador Lina Varro', 'Kestrel Bay', 9));
      await done;
      // Both events may fall into one quiet period or two: wait until the new record is in.
      while (results.at(-1)?.manifest.counts.records !== 2) await rebuilt();
      expect(results.at(-1)?.manifest.counts).toMatchObject({ records: 2, reused: 1 });

      done = rebuilt();
      rmSync(join(data, 'more', 'b.txt'));
      await done;
      expect(results.at(-1)?.manifest.counts).toMatchObject({ records: 1, removed: 1 });

      // Not a record: no build.
      const before = results.length;
      writeFileSync(join(data, 'notes.md'), 'not a record');
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(results.length).toBe(before);
    } finally {
      await watcher.close();
    }
    expect(overlapped).toBe(false);
  }, 120_000);
});

describe('build lock', () => {
  it('refuses a second build while another live process holds the out folder, naming it', async () => {
    const data = mkdtempSync(join(tmpdir(), 'lock-data-'));
    const out = mkdtempSync(join(tmpdir(), 'lock-out-'));
    writeFileSync(join(data, 'a.txt'), inventedRecord(950001, 'Minister Orvald Tesk', 'Bergholm', 3));
    // The test runner's parent process is alive and is not this one.
    writeFileSync(join(out, LOCK_NAME), `${process.ppid}\n`);
    await expect(build(data, out)).rejects.toThrow(new RegExp(`Another build \\(process ${process.ppid}\\) is publishing into .*${LOCK_NAME}`, 's'));
    expect(existsSync(join(out, 'dumps'))).toBe(false);
  });

  it('takes over the lock of a build that was killed, and releases it when done', async () => {
    const data = mkdtempSync(join(tmpdir(), 'lock-data-'));
    const out = mkdtempSync(join(tmpdir(), 'lock-out-'));
    writeFileSync(join(data, 'a.txt'), inventedRecord(950002, 'Minister Orvald Tesk', 'Bergholm', 3));
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(out, LOCK_NAME), `${gone.stdout}\n`);
    const result = await build(data, out);
    expect(result.manifest.counts.built).toBe(1);
    expect(existsSync(join(out, LOCK_NAME))).toBe(false);
  }, 60_000);
});
