/**
 * Scale run against Virtuoso (issue 6: 10,000 seed-sized records built into Virtuoso in at most 10 minutes and
 * queried through archive-ld's endpoint). Each stage is the real CLI in its own process:
 *
 *   1. `archive-ld synth N --out WORK/data --seed S`
 *   2. `archive-ld build --data WORK/data --out WORK/out --store <virtuoso>?bulk=isql://... --jobs J`
 *      (the build sends the parts to a throwaway Virtuoso: its SQL loader, or the Graph Store Protocol with --gsp)
 *   3. `archive-ld serve --store ...`, then named queries from queries/ through archive-ld's /sparql
 *
 * and prints wall time per stage, quads/s of the push, peak RSS of build, serve and Virtuoso, and the answers'
 * row counts, as a table and as WORK/results.json.
 *
 *   npx tsx bench/virtuoso-scale.ts --records 500
 *   nohup npx tsx bench/virtuoso-scale.ts --records 10000 --work /var/tmp/vscale > /tmp/vscale.log 2>&1 &
 *
 * Options: --records N (500), --seed S (1), --jobs J (2), --work DIR (a temp folder), --keep (keep WORK and the
 * Virtuoso database), --gsp (Graph Store Protocol instead of Virtuoso's loader), --buffers N (Virtuoso 8 KB pages,
 * default 680,000 = 5.2 GiB), --queries a,b,c (named queries to run), --query-timeout MS (60,000), --no-rebuild
 * (skip the second, nothing-changed build that shows the incremental push), --copies K (after the build, push
 * K-1 more copies of every record graph, each record's id suffixed -c<k> in every line, to measure Virtuoso's load
 * at K times the corpus when building that many records does not fit the time; the copies share the literals of
 * their original, so the store's dictionaries grow less than with K times as many different records),
 * --target-records T (instead of --copies: enough copies for T record graphs).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { linkSync, readdirSync } from 'node:fs';
import { loadConfig } from '../src/config/index.js';
import { rootPath } from '../src/paths.js';
import { publishToRemote, PUSH_STATE_FILE } from '../src/store/remote.js';
import { startVirtuoso } from '../tests/helpers/virtuoso.js';
import { freePort } from '../tests/helpers/net.js';

const { values: opts } = parseArgs({
  options: {
    records: { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    jobs: { type: 'string', default: '2' },
    work: { type: 'string' },
    keep: { type: 'boolean', default: false },
    gsp: { type: 'boolean', default: false },
    buffers: { type: 'string', default: '680000' },
    queries: { type: 'string', default: 'records,record-dates,meeting-participants,people-in-several-records,records-per-year-and-type,record-by-identifier' },
    'query-timeout': { type: 'string', default: '60000' },
    'no-rebuild': { type: 'boolean', default: false },
    copies: { type: 'string', default: '1' },
    'target-records': { type: 'string' },
  },
});

const N = Number(opts.records);
const work = opts.work ?? mkdtempSync(join(tmpdir(), 'archive-ld-vscale-'));
mkdirSync(work, { recursive: true });
const CLI = rootPath('bin', 'archive-ld.js');
const log = (msg: string): void => {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
};

interface Run {
  code: number | null;
  seconds: number;
  /** Peak resident set of the process (GNU time), MB. */
  peakRssMb?: number;
  stdout: string;
  stderr: string;
}

/** Run a CLI command under GNU time (for its peak RSS), echoing stderr lines that look like progress. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const timeFile = join(work, `time-${Date.now()}.txt`);
    const useTime = existsSync('/usr/bin/time');
    const [cmd, argv] = useTime ? ['/usr/bin/time', ['-f', '%M', '-o', timeFile, process.execPath, CLI, ...args]] : [process.execPath, [CLI, ...args]];
    const child = spawn(cmd as string, argv as string[], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.length > 4_000_000) stdout = stdout.slice(-2_000_000);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (stderr.length > 4_000_000) stderr = stderr.slice(-2_000_000);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const r: Run = { code, seconds: (performance.now() - started) / 1000, stdout, stderr };
      if (useTime && existsSync(timeFile)) {
        const kb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(kb)) r.peakRssMb = Math.round(kb / 1024);
        rmSync(timeFile, { force: true });
      }
      resolve(r);
    });
  });
}

/** Peak and current resident set of a process (VmHWM / VmRSS), MB. */
function rssOf(pid: number): { peakMb: number; nowMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { peakMb: Math.round(kb('VmHWM') / 1024), nowMb: Math.round(kb('VmRSS') / 1024) };
  } catch {
    return undefined;
  }
}

/** The pino JSON line of the build's push ("sent N graph(s) to the remote store"), if logged. */
function pushLine(output: string): Record<string, unknown> | undefined {
  for (const line of output.split('\n').reverse()) {
    if (!line.includes('to the remote store')) continue;
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      // not JSON (pretty logs): no figures from it
    }
  }
  return undefined;
}

const results: Record<string, unknown> = { records: N, seed: Number(opts.seed), jobs: Number(opts.jobs), method: opts.gsp ? 'graph-store-protocol' : 'virtuoso-sql', work };
const printRows: Array<[string, string]> = [];

log(`work folder ${work}; starting Virtuoso (${opts.buffers} buffers)`);
const virtuoso = await startVirtuoso({ dirsAllowed: [work], buffers: Number(opts.buffers), keep: opts.keep });
if (!virtuoso) {
  console.error('virtuoso-t not found: apt-get install virtuoso-opensource-7-bin');
  process.exit(1);
}
const storeUrl = opts.gsp ? virtuoso.storeUrl : virtuoso.bulkStoreUrl;
const env = { STORE_USER: virtuoso.credentials.user, STORE_PASSWORD: virtuoso.credentials.password };
let exitCode = 0;
try {
  // 1. Corpus.
  const data = join(work, 'data');
  const out = join(work, 'out');
  log(`synth ${N} records`);
  const synth = await run(['synth', String(N), '--out', data, '--seed', String(opts.seed)]);
  if (synth.code !== 0) throw new Error(`synth failed (${synth.code}): ${synth.stderr.slice(-2000)}`);
  results.synth = { seconds: +synth.seconds.toFixed(1), note: synth.stdout.trim() };
  printRows.push(['synth', `${synth.seconds.toFixed(1)} s — ${synth.stdout.trim()}`]);

  // 2. Build into Virtuoso.
  log(`build --jobs ${opts.jobs} --store ${storeUrl}`);
  const build = await run(['build', '--data', data, '--out', out, '--store', storeUrl, '--jobs', String(opts.jobs), '--log-level', 'info'], { ...env, LOG_FORMAT: 'json' });
  // Exit code 2 = some records failed (reported, the others published); anything else is a failure of the run.
  if (build.code !== 0 && build.code !== 2) throw new Error(`build failed (${build.code}): ${build.stderr.slice(-3000)}${build.stdout.slice(-2000)}`);
  const manifest = JSON.parse(readFileSync(join(out, 'dumps', 'manifest.json'), 'utf8')) as { counts: Record<string, number>; failures: unknown[] };
  const pushed = pushLine(`${build.stdout}\n${build.stderr}`);
  const pushSeconds = typeof pushed?.seconds === 'number' ? pushed.seconds : undefined;
  const pushedQuads = typeof pushed?.quads === 'number' ? pushed.quads : undefined;
  const quadsInStore = await (async () => {
    const q = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }';
    const res = await fetch(`${virtuoso.sparqlUrl}?query=${encodeURIComponent(q)}`, { headers: { accept: 'application/sparql-results+json' }, signal: AbortSignal.timeout(600_000) });
    const body = (await res.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
    return Number(body.results.bindings[0]?.n.value);
  })();
  results.build = {
    seconds: +build.seconds.toFixed(1),
    exitCode: build.code,
    peakRssMb: build.peakRssMb,
    counts: manifest.counts,
    failedRecords: manifest.failures.length,
    push: pushed ? { seconds: pushSeconds, graphs: pushed.graphs, quads: pushedQuads, method: pushed.method, quadsPerSecond: pushSeconds && pushedQuads ? Math.round(pushedQuads / pushSeconds) : undefined } : 'no push log line found',
    quadsInStore,
  };
  printRows.push(['build (extract … publish + push)', `${build.seconds.toFixed(1)} s, exit ${build.code}, peak RSS ${build.peakRssMb ?? '?'} MB`]);
  printRows.push(['records', `${manifest.counts.built ?? 0} built, ${manifest.failures.length} failed, ${manifest.counts.quads} quads in ${manifest.counts.graphs} graphs`]);
  if (pushSeconds !== undefined && pushedQuads !== undefined) {
    printRows.push(['push to Virtuoso (inside build)', `${pushSeconds.toFixed(1)} s, ${pushedQuads} quads, ${Math.round(pushedQuads / pushSeconds)} quads/s (${String(pushed?.method)})`]);
    printRows.push(['build without the push', `${(build.seconds - pushSeconds).toFixed(1)} s`]);
  }
  printRows.push(['quads in Virtuoso', String(quadsInStore)]);
  log(`build done in ${build.seconds.toFixed(1)} s; ${quadsInStore} quads in Virtuoso`);

  // 2b. The same build again, nothing changed: every record reused, nothing sent (the push state says so).
  if (!opts['no-rebuild']) {
    log('rebuild, nothing changed');
    const again = await run(['build', '--data', data, '--out', out, '--store', storeUrl, '--jobs', String(opts.jobs), '--log-level', 'info'], { ...env, LOG_FORMAT: 'json' });
    const line = pushLine(`${again.stdout}\n${again.stderr}`);
    results.rebuild = { seconds: +again.seconds.toFixed(1), exitCode: again.code, peakRssMb: again.peakRssMb, push: line ?? 'no push log line found' };
    printRows.push([
      'rebuild, nothing changed (+ push)',
      `${again.seconds.toFixed(1)} s; push ${typeof line?.seconds === 'number' ? line.seconds.toFixed(1) : '?'} s, ${String(line?.graphs ?? '?')} graph(s) sent, ${String(line?.unchanged ?? '?')} unchanged`,
    ]);
  }

  // 2c. K-1 more copies of every record part, pushed the way the build pushes (publishToRemote, same store URL).
  // --target-records T: as many copies as it takes for T record graphs (records that failed the build are not in it).
  const builtRecords = (JSON.parse(readFileSync(join(out, 'dumps', 'manifest.json'), 'utf8')) as { records: unknown[] }).records.length;
  const copies = opts['target-records'] ? Math.ceil(Number(opts['target-records']) / Math.max(1, builtRecords)) : Number(opts.copies);
  if (copies > 1) {
    const big = join(work, `out-x${copies}`);
    const bigDumps = join(big, 'dumps');
    rmSync(big, { recursive: true, force: true });
    mkdirSync(join(bigDumps, 'records'), { recursive: true });
    const m = JSON.parse(readFileSync(join(out, 'dumps', 'manifest.json'), 'utf8')) as { parts: string[]; records: Array<{ recordId: string; quads: number }>; files: Array<{ name: string; sha256: string }> };
    const parts: string[] = [];
    const records: Array<{ recordId: string; quads: number }> = [];
    const files: Array<{ name: string; sha256: string }> = [];
    log(`writing ${copies - 1} more copies of ${m.records.length} record parts`);
    const t0 = performance.now();
    // Copy 0 is the build's own parts (hard links, same sha256: the push state says they are in the store already).
    for (const part of m.parts) {
      const target = join(bigDumps, `${part}.nq`);
      mkdirSync(join(target, '..'), { recursive: true });
      linkSync(join(out, 'dumps', `${part}.nq`), target);
      parts.push(part);
      const f = m.files.find((x) => x.name === `${part}.nq`);
      if (f) files.push(f);
    }
    records.push(...m.records);
    for (let k = 1; k < copies; k++) {
      for (const r of m.records) {
        const text = readFileSync(join(out, 'dumps', 'records', `${r.recordId}.nq`), 'utf8');
        const id = `${r.recordId}-c${k}`;
        writeFileSync(join(bigDumps, 'records', `${id}.nq`), text.split(encodeURIComponent(r.recordId)).join(encodeURIComponent(id)));
        parts.push(`records/${id}`);
        records.push({ recordId: id, quads: r.quads });
      }
    }
    writeFileSync(join(bigDumps, 'manifest.json'), JSON.stringify({ layout: 2, parts, records, files }));
    writeFileSync(join(big, PUSH_STATE_FILE), readFileSync(join(out, PUSH_STATE_FILE)));
    const writeSeconds = (performance.now() - t0) / 1000;
    log(`pushing ${parts.length} parts (${(copies - 1) * m.records.length} new) to Virtuoso`);
    const config = loadConfig({ store: storeUrl, outDir: big }, {});
    let lastLog = 0;
    const report = await publishToRemote(config, bigDumps, env, {
      onProgress: (p) => {
        if (performance.now() - lastLog > 30_000) {
          lastLog = performance.now();
          log(`  ${p.done}/${p.total} graphs, ${p.quads} quads`);
        }
      },
    });
    const qs = Math.round(report.quads / report.seconds);
    const vr = rssOf(virtuoso.pid);
    results.copies = { copies, writeSeconds: +writeSeconds.toFixed(1), push: report, quadsPerSecond: qs, virtuosoRssMb: vr?.nowMb, recordParts: readdirSync(join(bigDumps, "records")).length };
    printRows.push([`push of ${copies - 1} more copies (${report.graphs} graphs)`, `${report.seconds.toFixed(1)} s, ${report.quads} quads, ${qs} quads/s (${report.method}); writing the copies took ${writeSeconds.toFixed(1)} s`]);
    rmSync(big, { recursive: true, force: true });
  }

  // 3. Serve from Virtuoso and run named queries through archive-ld's /sparql.
  const port = await freePort();
  log(`serve --store on port ${port}`);
  const serveStarted = performance.now();
  const serve = spawn(process.execPath, [CLI, 'serve', '--out', out, '--store', storeUrl, '--port', String(port), '--log-level', 'warn', '--query-timeout', String(opts['query-timeout'])], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serveErr = '';
  let serveOut = '';
  serve.stderr.setEncoding('utf8').on('data', (d: string) => (serveErr += d));
  serve.stdout.setEncoding('utf8').on('data', (d: string) => (serveOut += d));
  try {
    const base = `http://127.0.0.1:${port}/`;
    // Ready when it says so (the home page itself queries the store, which may be slow right after a load).
    while (!serveOut.includes('is serving')) {
      if (serve.exitCode !== null) throw new Error(`serve exited with ${serve.exitCode}: ${serveErr.slice(-2000)}`);
      if (performance.now() - serveStarted > 300_000) throw new Error(`serve did not say it was serving within 300 s: ${serveErr.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const startup = (performance.now() - serveStarted) / 1000;
    printRows.push(['serve --store start-up', `${startup.toFixed(1)} s`]);
    const queries: Array<Record<string, unknown>> = [];
    for (const name of String(opts.queries).split(',').filter(Boolean)) {
      const text = readFileSync(rootPath('queries', `${name}.rq`), 'utf8');
      const timings: number[] = [];
      let rows = 0;
      let status = 0;
      let note = '';
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        const res = await fetch(`${base}sparql`, {
          method: 'POST',
          headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' },
          body: text,
          signal: AbortSignal.timeout(Number(opts['query-timeout']) + 30_000),
        });
        const body = await res.text();
        timings.push(performance.now() - t);
        status = res.status;
        if (res.ok) rows = (JSON.parse(body) as { results?: { bindings: unknown[] } }).results?.bindings.length ?? 1;
        else note = body.replace(/\s+/g, ' ').slice(0, 200);
      }
      const sorted = [...timings].sort((a, b) => a - b);
      const q = { name, status, rows, msFirst: Math.round(timings[0] ?? 0), msMedian: Math.round(sorted[1] ?? 0), ...(note ? { note } : {}) };
      queries.push(q);
      printRows.push([`query ${name}`, `HTTP ${status}, ${rows} rows, first ${q.msFirst} ms, median of 3 ${q.msMedian} ms${note ? ` (${note})` : ''}`]);
      log(`query ${name}: ${status}, ${rows} rows, ${q.msMedian} ms`);
    }
    const serveRss = serve.pid !== undefined ? rssOf(serve.pid) : undefined;
    results.serve = { startupSeconds: +startup.toFixed(2), peakRssMb: serveRss?.peakMb, queries };
    printRows.push(['serve peak RSS', `${serveRss?.peakMb ?? '?'} MB`]);
  } finally {
    serve.kill('SIGTERM');
  }
  const vRss = rssOf(virtuoso.pid);
  results.virtuoso = { peakRssMb: vRss?.peakMb, rssMb: vRss?.nowMb, buffers: Number(opts.buffers) };
  printRows.push(['Virtuoso peak RSS', `${vRss?.peakMb ?? '?'} MB`]);
  results.loadAverage = readFileSync('/proc/loadavg', 'utf8').trim();
} catch (err) {
  exitCode = 1;
  results.error = (err as Error).message;
  log(`FAILED: ${(err as Error).message}`);
} finally {
  await virtuoso.stop();
  writeFileSync(join(work, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nVirtuoso scale run: ${N} records, seed ${String(opts.seed)}, --jobs ${String(opts.jobs)}, ${String(results.method)}\n`);
  console.log('| stage | figure |\n|---|---|');
  for (const [k, v] of printRows) console.log(`| ${k} | ${v} |`);
  console.log(`\nload average at the end: ${String(results.loadAverage ?? readFileSync('/proc/loadavg', 'utf8').trim())}; results in ${join(work, 'results.json')}`);
  if (!opts.keep) for (const d of ['out', 'data']) rmSync(join(work, d), { recursive: true, force: true });
}
process.exit(exitCode);
