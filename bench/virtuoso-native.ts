/**
 * Virtuoso's own bulk loader at its fastest, on this machine: the bound under any client's push (issue 6 asks for
 * 10,000 records built into Virtuoso in 10 minutes; this says how long Virtuoso alone needs for their quads).
 *
 * Starts a throwaway Virtuoso (tests/helpers/virtuoso.ts), registers the N-Quads files of a folder with `ld_dir`,
 * runs `rdf_loader_run()` in as many isql sessions at once as asked (Virtuoso's documented way to load in
 * parallel: no transaction log, no per-graph replace), then `checkpoint`, and prints files, quads, seconds and
 * quads/s, and the time 10,000 records would take at that rate.
 *
 *   npx tsx bench/virtuoso-native.ts --parts /var/tmp/vscale/out/dumps/records --files 2000
 *
 * Options: --parts DIR (N-Quads files, e.g. a publication's dumps/records), --files N (the first N in name order,
 * hard-linked into a folder of their own; default all), --loaders K (2), --buffers N (8 KB pages, 680,000).
 */
import { linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { VirtuosoSqlLoader } from '../src/store/remote.js';
import { startVirtuoso } from '../tests/helpers/virtuoso.js';

const { values: opts } = parseArgs({
  options: {
    parts: { type: 'string' },
    files: { type: 'string' },
    loaders: { type: 'string', default: '2' },
    buffers: { type: 'string', default: '680000' },
  },
});
if (!opts.parts) {
  console.error('Usage: npx tsx bench/virtuoso-native.ts --parts DIR [--files N] [--loaders K] [--buffers N]');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'archive-ld-vnative-'));
const dir = join(work, 'nq');
mkdirSync(dir);
const names = readdirSync(opts.parts).filter((n) => n.endsWith('.nq')).sort();
const chosen = opts.files ? names.slice(0, Number(opts.files)) : names;
for (const n of chosen) linkSync(join(opts.parts, n), join(dir, n));
const loaders = Number(opts.loaders);
const log = (msg: string): void => void process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

log(`${chosen.length} N-Quads files; starting Virtuoso (${opts.buffers} buffers)`);
const v = await startVirtuoso({ dirsAllowed: [dir], buffers: Number(opts.buffers), timeoutMs: 180_000 });
if (!v) {
  console.error('virtuoso-t not found: apt-get install virtuoso-opensource-7-bin');
  process.exit(1);
}
const sql = new VirtuosoSqlLoader({ host: '127.0.0.1', port: v.sqlPort }, v.credentials);
const countQuads = async (): Promise<number> => Number(/^\s*(\d+)\s*$/m.exec(await sql.exec('SELECT COUNT(*) FROM DB.DBA.RDF_QUAD;'))?.[1]);
try {
  // A new database already holds Virtuoso's own graphs: not counted as loaded.
  const before = await countQuads();
  // The graph argument only names a graph for triples without one: every line here has its own.
  await sql.exec(`ld_dir ('${dir}', '*.nq', 'urn:x-archive-ld:unused');`);
  log(`rdf_loader_run () in ${loaders} session(s)`);
  const started = performance.now();
  await Promise.all(Array.from({ length: loaders }, () => sql.exec('rdf_loader_run ();')));
  const loaded = (performance.now() - started) / 1000;
  await sql.exec('checkpoint;');
  const seconds = (performance.now() - started) / 1000;
  const quads = (await countQuads()) - before;
  const failed = await sql.exec("SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;");
  const errors = Number(/^\s*(\d+)\s*$/m.exec(failed)?.[1]);
  const rate = quads / seconds;
  const perFile = quads / chosen.length;
  const rows: Array<[string, string]> = [
    ['files (graphs)', `${chosen.length} (${errors} with a loader error)`],
    ['quads loaded', String(quads)],
    ['rdf_loader_run', `${loaded.toFixed(1)} s in ${loaders} session(s)`],
    ['with checkpoint', `${seconds.toFixed(1)} s: ${Math.round(rate)} quads/s`],
    ['10,000 such files at this rate', `${((10_000 * perFile) / rate / 60).toFixed(1)} min (a larger store loads more slowly, so this is a lower bound)`],
  ];
  for (const [k, val] of rows) console.log(`${k.padEnd(32)} ${val}`);
} finally {
  await v.stop();
  rmSync(work, { recursive: true, force: true });
}
