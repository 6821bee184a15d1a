/**
 * bin/compiled.js: the command runs from a bundle in dist/<version>/ made from the current sources, with its worker
 * threads started from their compiled entries, and gives the same results as the sources run through tsx.
 */
import { describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { rootPath } from '../src/paths.js';
// Plain JS beside the CLI: no type declarations.
// @ts-expect-error -- bin/compiled.js is JavaScript without types
import { ENTRIES, compiledMain, prune } from '../bin/compiled.js';

const run = promisify(execFile);
const BIN = rootPath('bin', 'archive-ld.js');

describe('the compiled command', () => {
  it('is a bundle of the current sources with every worker entry the code starts', async () => {
    const main = (await compiledMain()) as string | undefined;
    expect(main).toMatch(/\/dist\/[0-9a-f]{16}\/main\.js$/);
    const dir = new URL('.', main as string).pathname;
    for (const name of Object.keys(ENTRIES as Record<string, string>)) expect(existsSync(join(dir, `${name}.js`)), name).toBe(true);
    // Asked again with nothing changed: the same bundle, not a new one.
    expect(await compiledMain()).toBe(main);
    // Every worker the sources start by name (src/paths.ts workerStart) is an entry of the bundle.
    const started = new Set<string>();
    for (const file of ['src/build/pool.ts', 'src/store/pool.ts', 'bench/extract.ts']) {
      for (const m of readFileSync(rootPath(file), 'utf8').matchAll(/workerStart\([^)]*\)\s*,\s*'([^']+)'\)/g)) started.add(m[1] as string);
    }
    expect([...started].sort()).toEqual(Object.keys(ENTRIES as Record<string, string>).filter((n) => n !== 'main').sort());
  }, 120_000);

  it('builds with worker threads and publishes the same N-Quads as the sources run through tsx', async () => {
    const work = mkdtempSync(join(tmpdir(), 'compiled-'));
    try {
      const nquads = async (out: string, env: NodeJS.ProcessEnv): Promise<string> => {
        await run(process.execPath, [BIN, 'build', '--data', rootPath('tests', 'fixtures', 'records'), '--out', out, '--jobs', '2', '--allow-invalid', '--log-level', 'warn'], { env: { ...process.env, ...env } }).catch((err: { code?: number }) => {
          // Exit code 2 = some fixture records are invalid on purpose; anything else is a failure.
          if (err.code !== 2) throw err;
        });
        const dir = join(out, 'dumps', 'records');
        return readdirSync(dir)
          .filter((n) => n.endsWith('.nq'))
          .sort()
          .map((n) => readFileSync(join(dir, n), 'utf8'))
          .join('');
      };
      const compiled = await nquads(join(work, 'compiled'), {});
      const tsx = await nquads(join(work, 'tsx'), { ARCHIVE_LD_TSX: '1' });
      expect(compiled.length).toBeGreaterThan(10_000);
      expect(compiled).toBe(tsx);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('pruning old bundles', () => {
  it('keeps the newest versions and any version a running process uses, and drops the rest', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'dist-'));
    try {
      // Eight versions, the oldest first; each a folder with a main.js, one minute apart.
      const names = Array.from({ length: 8 }, (_, i) => `${'0'.repeat(15)}${i.toString(16)}`);
      // The oldest is used by this (running) process; the second oldest was used by a process that has exited.
      const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid as number;
      const users = [[process.pid], [gone]];
      names.forEach((name, i) => {
        mkdirSync(join(dist, name));
        writeFileSync(join(dist, name, 'main.js'), '');
        for (const pid of users[i] ?? []) {
          mkdirSync(join(dist, name, '.in-use'), { recursive: true });
          writeFileSync(join(dist, name, '.in-use', String(pid)), '');
        }
        // Modification times last: writing a marker moves the folder's.
        const t = new Date(Date.UTC(2026, 0, 1, 0, i));
        utimesSync(join(dist, name), t, t);
      });
      const current = names[7] as string;
      const pruneDist = prune as (dist: string, current: string) => void;
      pruneDist(dist, current);
      // Kept: the current one, the 4 newest besides it, and the one in use; dropped: the dead process's and one more.
      expect(readdirSync(dist).sort()).toEqual([names[0], names[3], names[4], names[5], names[6], names[7]]);
      // Once no process uses it, the old version goes too.
      rmSync(join(dist, names[0] as string, '.in-use', String(process.pid)));
      pruneDist(dist, current);
      expect(readdirSync(dist).sort()).toEqual(names.slice(3));
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('marks the version this process runs from as in use', async () => {
    const main = (await compiledMain()) as string;
    const dir = new URL('.', main).pathname;
    expect(existsSync(join(dir, '.in-use', String(process.pid)))).toBe(true);
  }, 120_000);
});
