import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { recoverOut, type Manifest } from '../src/build/publish.js';
import { rootPath } from '../src/paths.js';
import { parse } from '../src/rdf/index.js';

const BIN = rootPath('bin', 'archive-ld.js');
const FIXTURES = rootPath('tests', 'fixtures', 'records');

let data: string;
let out: string;

/** Run `archive-ld build`; with `killWhen`, SIGKILL it as soon as that resolves. Resolves with exit code/signal. */
function runBuildProcess(killWhen?: (child: ReturnType<typeof spawn>) => Promise<void>): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [BIN, 'build', '--data', data, '--out', out, '--allow-invalid', '--log-level', 'error'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  if (killWhen) {
    void killWhen(child).then(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
  }
  return done.then((r) => {
    if (!killWhen && r.code !== 0) throw new Error(`build failed (${r.code}): ${stderr}`);
    return r;
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves once a file or folder matching `test` exists under out/ (polling), or after `maxMs`. */
async function whenOut(test: (names: string[]) => boolean, maxMs = 60_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < maxMs) {
    if (existsSync(out) && test(readdirSync(out))) return;
    await sleep(10);
  }
}

const stagingHas = (file: string) => (names: string[]): boolean =>
  names.some((n) => n.startsWith('.staging-') && existsSync(join(out, n, file)));

/** The published state as readers see it (after the same recovery serve and build run), checked for consistency. */
async function publishedState(): Promise<{ records: string[]; graphs: string[] }> {
  await recoverOut(out);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
  const inside = JSON.parse(readFileSync(join(out, 'dumps', 'manifest.json'), 'utf8')) as Manifest;
  expect(inside).toEqual(manifest);
  // Every file the manifest lists is there, whole.
  for (const f of manifest.files) {
    const bytes = readFileSync(join(out, 'dumps', f.name));
    expect(bytes.length, f.name).toBe(f.bytes);
    expect(createHash('sha256').update(bytes).digest('hex'), f.name).toBe(f.sha256);
  }
  // dataset.nq.gz as the publication defines it: the parts' .nq.gz members in the manifest's order.
  const gz = Buffer.concat(manifest.parts.map((p) => readFileSync(join(out, 'dumps', `${p}.nq.gz`))));
  const quads = parse(gunzipSync(gz).toString('utf8'), 'nquads');
  expect(quads.length).toBe(manifest.counts.quads);
  return {
    records: manifest.records.map((r) => r.recordId).sort(),
    graphs: [...new Set(quads.map((q) => q.graph.value))].sort(),
  };
}

let baseline: { records: string[]; graphs: string[] };
const outcomes: Array<NodeJS.Signals | null> = [];

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'kill-data-'));
  out = mkdtempSync(join(tmpdir(), 'kill-out-'));
  copyFileSync(rootPath('data', 'records', '000_2dbcfce8bcb06762.txt'), join(data, 'seed.txt'));
  for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.txt') && !n.startsWith('invalid')).slice(0, 5)) {
    copyFileSync(join(FIXTURES, name), join(data, name));
  }
  await runBuildProcess();
  baseline = await publishedState();
}, 120_000);

// Moments: during start-up, during extraction, as publication starts, while the extra graphs' parts are written.
const moments: Array<[string, (child: ReturnType<typeof spawn>) => Promise<void>]> = [
  ['after 200 ms', () => sleep(200)],
  ['after 1.5 s', () => sleep(1500)],
  ['as the staging folder appears', () => whenOut((names) => names.some((n) => n.startsWith('.staging-')))],
  ['while the extra graphs are written', () => whenOut(stagingHas('graphs'))],
];

describe('build killed with SIGKILL', () => {
  it('has a published baseline with every record graph', () => {
    expect(baseline.records.length).toBe(6);
    for (const id of baseline.records) expect(baseline.graphs).toContain(`http://localhost:3030/graph/${id}`);
  });

  it.each(moments)('leaves the previous publication intact when killed %s, and the next build completes', async (_label, when) => {
    // A change the killed build would publish, so a half-published state would show.
    appendFileSync(join(data, 'seed.txt'), `\nNote added for the kill test.\n`);
    const killed = await runBuildProcess(when);
    // Either killed, or (a late moment on a fast machine) finished first: both must leave a usable publication.
    expect(killed.signal === 'SIGKILL' || killed.code === 0).toBe(true);
    outcomes.push(killed.signal);
    expect(await publishedState()).toEqual(baseline);
    const next = await runBuildProcess();
    expect(next.code).toBe(0);
    expect(await publishedState()).toEqual(baseline);
    // No temporary folders are left once a build has completed (.spare is the previous publication, kept on purpose).
    expect(readdirSync(out).filter((n) => n.startsWith('.') && n !== '.spare')).toEqual([]);
  }, 120_000);

  it('really killed the builds it meant to (not a test that cannot fail)', () => {
    expect(outcomes.filter((s) => s === 'SIGKILL').length).toBeGreaterThanOrEqual(3);
  });
});
