/**
 * bin/compiled.js: the command runs from a bundle in dist/<version>/ made from the current sources, with its worker
 * threads started from their compiled entries, and gives the same results as the sources run through tsx.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { rootPath } from '../src/paths.js';
// Plain JS beside the CLI: no type declarations.
// @ts-expect-error -- bin/compiled.js is JavaScript without types
import { ENTRIES, compiledMain } from '../bin/compiled.js';

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
