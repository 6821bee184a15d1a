/**
 * `archive-ld bench` (npm run bench): one run that builds a synthetic corpus and measures, side by side,
 * extraction on 1 and 2 worker threads, the full build and an incremental rebuild (as child processes, with their
 * own peak RSS), loading into the in-process store against Oxigraph's own loader, every named query over HTTP at 1
 * and 16 clients against the same query on a raw in-process Oxigraph (and on Virtuoso), entity-page lookups,
 * assembled dumps per format, start-up of `serve` from the published parts and its peak RSS. Prints a table and
 * writes bench/results.json.
 */
import http from 'node:http';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import sparqljs from 'sparqljs';
import { writeCorpus } from '../src/synth/index.js';
import { findRecordFiles } from '../src/build/discover.js';
import type { Manifest } from '../src/build/index.js';
import { ASSEMBLED_DUMPS, assembleDump, readPublication, type PublicationManifest } from '../src/build/assemble.js';
import { storeSources } from '../src/cli/serve.js';
import { WorkerPool } from '../src/store/pool.js';
import { loadNamedQueries } from '../src/server/pages/named-queries.js';
import { rootPath } from '../src/paths.js';
import { loadConfig } from '../src/config/index.js';
import { measureExtraction, type ExtractionFigures } from './extract.js';
import { loadRaw, timeRawQuery } from './oxigraph-baseline.js';
import { runCli, startCli, watchCli } from './child.js';
import { freePort } from '../tests/helpers/net.js';
import { pushPublication, RemoteSparqlStore } from '../src/store/remote.js';
import { startVirtuoso, type RunningVirtuoso } from '../tests/helpers/virtuoso.js';

/** IRI base of the benchmark's build (the default). */
const BASE = 'http://localhost:3030/';

export interface BenchOptions {
  records: number;
  seed: number;
  /** Work folder (corpus, build output); default a fresh folder under the system temp dir. */
  workDir?: string;
  /** Where results.json goes (default bench/results.json). */
  resultsPath?: string;
  /** Most in-process runs per query. */
  requests: number;
  /** Seconds each query is sent for at 1 client (twice as long at 16 clients). */
  seconds: number;
  /** Keep the work folder afterwards. */
  keep: boolean;
  /** Also load the data into a throwaway Virtuoso (when virtuoso-t is installed) and time the queries there. */
  virtuoso: boolean;
  /** Build worker threads (archive-ld build --jobs). */
  jobs: number;
  /** Store replicas of the server (archive-ld serve --workers). */
  workers: number;
  log: (line: string) => void;
}

interface Latency {
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

interface QueryFigures {
  name: string;
  form: string;
  rawInProcess: Latency;
  /** archive-ld's /sparql with the response cache off. */
  http1: Latency;
  http16: Latency;
  /** The same at 1 client with the response cache on (every request after the first answered from it). */
  http1Cached?: Latency;
  /** The same query sent to Virtuoso's own /sparql (no archive-ld in between), when --virtuoso. */
  virtuoso1?: Latency;
  virtuoso16?: Latency;
  /** HTTP median at 1 client over the raw in-process median. */
  medianRatio: number;
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
}

function peakRssMb(): number {
  // maxRSS is in kilobytes and covers the worker threads too (same process).
  return process.resourceUsage().maxRSS / 1024;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await f();
  return [value, (performance.now() - started) / 1000];
}

function acceptFor(form: string): string {
  return form === 'CONSTRUCT' || form === 'DESCRIBE' ? 'application/n-triples' : 'application/sparql-results+json';
}

/** Latency of `connections` clients sending the request back to back for `seconds` (at least one request each). */
async function httpLatency(url: string, accept: string, connections: number, seconds: number): Promise<Latency> {
  const result = await autocannon({ url, connections, duration: seconds, timeout: 60, headers: { accept } });
  return { p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total, errors: result.errors + result.timeouts + result.non2xx };
}

/**
 * Latency of one client sending the request back to back for `seconds` (at least `minRequests`), timed to the
 * microsecond from sending to the last byte of the answer, over one kept-alive connection. autocannon rounds
 * latencies to whole milliseconds, which makes the ratio of a sub-millisecond query meaningless (0 or 3x).
 */
async function sequentialLatency(url: string, accept: string, seconds: number, minRequests = 5): Promise<Latency> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  let errors = 0;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const started = performance.now();
      const req = http.get(url, { agent, headers: { accept } }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          times.push(performance.now() - started);
          if ((res.statusCode ?? 0) >= 300) errors++;
          resolve();
        });
      });
      req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const until = performance.now() + seconds * 1000;
  while (times.length + errors < minRequests || performance.now() < until) await one();
  agent.destroy();
  return { p50: +percentile(times, 50).toFixed(2), p99: +percentile(times, 99).toFixed(2), requests: times.length, errors };
}

/**
 * Wait until the endpoint answers a trivial query promptly: queries queued by a load run keep the store busy after
 * the clients stop (a running query cannot be cancelled), and would otherwise be charged to the next measurement.
 */
async function waitIdle(sparqlUrl: string, maxMs = 120_000): Promise<void> {
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    const started = performance.now();
    try {
      const res = await fetch(`${sparqlUrl}?query=${encodeURIComponent('ASK {}')}`, { headers: { accept: 'application/sparql-results+json' } });
      await res.arrayBuffer();
      if (res.ok && performance.now() - started < 100) return;
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '-');
const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '-');

/** Change one record the way an archivist would (a corrected line at the end), so the next build re-extracts it. */
async function touchRecord(path: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  await writeFile(path, `${text.replace(/\s*$/, '')}\n\n[Corrected by the benchmark at ${new Date().toISOString()}.]\n`);
}

/** Stream an assembled dump into a file; bytes and seconds. */
async function writeAssembled(dumpsDir: string, manifest: PublicationManifest, name: string, path: string): Promise<{ bytes: number; seconds: number }> {
  const [, seconds] = await timed(() => pipeline(assembleDump(dumpsDir, manifest, name), createWriteStream(path)));
  return { bytes: (await stat(path)).size, seconds };
}

/** Run the whole benchmark; resolves with the results object also written to results.json. */
export async function runBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const { log } = options;
  const work = options.workDir ?? join(tmpdir(), `archive-ld-bench-${process.pid}`);
  const dataDir = join(work, 'data');
  const outDir = join(work, 'out');
  const dumpsDir = join(outDir, 'dumps');
  await rm(work, { recursive: true, force: true });
  await mkdir(join(dataDir, 'records'), { recursive: true });
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, loadAverageAtStart: loadavg().map((l) => +l.toFixed(2)) },
    records: options.records,
    seed: options.seed,
  };

  // Corpus.
  const [corpus, synthS] = await timed(() => writeCorpus(options.records, join(dataDir, 'records'), { seed: options.seed }));
  results.corpus = { records: corpus.files.length, megabytes: +(corpus.bytes / 1e6).toFixed(2), averageBytes: Math.round(corpus.bytes / Math.max(1, corpus.files.length)), seconds: +synthS.toFixed(2) };
  log(`corpus: ${corpus.files.length} records, ${(corpus.bytes / 1e6).toFixed(1)} MB in ${work}`);

  // Extraction alone on 1 and 2 worker threads.
  const files = await findRecordFiles(dataDir);
  const extraction: ExtractionFigures[] = [];
  for (const threads of [1, 2]) {
    const fig = await measureExtraction(files, threads);
    extraction.push(fig);
    log(`extraction, ${threads} thread(s): ${f1(fig.recordsPerSecond)} records/s, ${f2(fig.mbPerSecond)} MB/s (${fig.failed} failed)`);
  }
  results.extraction = extraction.map((e) => ({ ...e, seconds: +e.seconds.toFixed(2), recordsPerSecond: +e.recordsPerSecond.toFixed(2), mbPerSecond: +e.mbPerSecond.toFixed(3) }));

  // Full build, as a user runs it (its own process: wall time and peak RSS are the build's alone).
  const buildArgs = ['build', '--data', dataDir, '--out', outDir, '--jobs', String(options.jobs), '--allow-invalid'];
  const build = await runCli(buildArgs);
  if (build.code !== 0 && build.code !== 2) throw new Error(`archive-ld build failed (exit ${build.code}):\n${build.stderr.slice(-3000)}`);
  const manifest = JSON.parse(await readFile(join(dumpsDir, 'manifest.json'), 'utf8')) as Manifest;
  results.build = {
    command: `archive-ld ${buildArgs.join(' ')}`,
    jobs: options.jobs,
    seconds: +build.seconds.toFixed(2),
    recordsPerSecond: +(manifest.counts.built / build.seconds).toFixed(2),
    built: manifest.counts.built,
    failed: manifest.counts.failed,
    quads: manifest.counts.quads,
    graphs: manifest.counts.graphs,
    peakRssMb: Math.round(build.peakRssMb),
  };
  log(`build: ${manifest.counts.built} records (${manifest.counts.failed} failed), ${manifest.counts.quads} quads in ${build.seconds.toFixed(1)} s with ${options.jobs} jobs, peak RSS ${Math.round(build.peakRssMb)} MB`);

  // Incremental rebuild after one changed record.
  const changed = files[Math.floor(files.length / 2)] as string;
  await touchRecord(changed);
  const rebuild = await runCli(buildArgs);
  const after = JSON.parse(await readFile(join(dumpsDir, 'manifest.json'), 'utf8')) as Manifest;
  const unchanged = await runCli(buildArgs);
  // The same change picked up by `build --watch` (extractor already loaded, no start-up): time from the file's
  // change to the build's summary line, over three changes of three other records.
  const watching = watchCli(buildArgs.slice(1));
  const watchSeconds: number[] = [];
  try {
    await watching.nextBuild();
    for (let k = 1; k <= 3; k++) {
      const t0 = performance.now();
      await touchRecord(files[(Math.floor(files.length / 2) + k) % files.length] as string);
      const line = await watching.nextBuild();
      if (!/^Built 1 record/.test(line)) throw new Error(`build --watch did not rebuild just the changed record: ${line}`);
      watchSeconds.push((performance.now() - t0) / 1000);
    }
  } finally {
    await watching.stop();
  }
  const medianWatch = [...watchSeconds].sort((a, b) => a - b)[1] as number;
  results.rebuild = {
    seconds: +rebuild.seconds.toFixed(2),
    built: after.counts.built,
    reused: after.counts.reused,
    records: after.counts.records,
    peakRssMb: Math.round(rebuild.peakRssMb),
    nothingChangedSeconds: +unchanged.seconds.toFixed(2),
    watchSeconds: watchSeconds.map((s) => +s.toFixed(2)),
    watchMedianSeconds: +medianWatch.toFixed(2),
    note: 'seconds: `archive-ld build` run again after one changed record, process start included; watch: from the change of one record to the summary of the build `build --watch` made of it (includes its 200 ms quiet period)',
  };
  log(
    `rebuild after changing one record: ${rebuild.seconds.toFixed(2)} s (${after.counts.built} re-extracted, ${after.counts.reused} reused); nothing changed: ${unchanged.seconds.toFixed(2)} s; ` +
      `build --watch: ${watchSeconds.map((s) => s.toFixed(2)).join(', ')} s`,
  );

  // Load: a store worker replica as serve loads it (the parts' N-Quads) against Oxigraph's own loader on the same quads.
  const publication = await readPublication(dumpsDir);
  if (!publication) throw new Error(`no publication manifest in ${dumpsDir}`);
  const nq = join(work, 'dataset.nq');
  await writeAssembled(dumpsDir, publication, 'dataset.nq', nq);
  const raw = loadRaw(nq);
  let workerLoadMs = NaN;
  const sources = await storeSources(dumpsDir);
  const [pool, poolS] = await timed(() =>
    WorkerPool.start({ sources, workers: 1, onEvent: (e) => (e.kind === 'ready' ? (workerLoadMs = e.ms) : undefined) }),
  );
  const poolQuads = await pool.size();
  await pool.close();
  const rawS = raw.loadMs / 1000;
  const load = {
    quads: raw.quads,
    storeQuads: poolQuads,
    oxigraphSeconds: +rawS.toFixed(3),
    oxigraphQuadsPerSecond: Math.round(raw.quads / rawS),
    archiveLdSeconds: +poolS.toFixed(3),
    archiveLdQuadsPerSecond: Math.round(poolQuads / poolS),
    archiveLdInWorkerSeconds: +(workerLoadMs / 1000).toFixed(3),
    files: sources.length,
    overheadRatio: +(poolS / rawS).toFixed(2),
    note: "ratio = archive-ld's replica (worker start, reading every part, loading) over Oxigraph's own loader at its fastest on the whole assembled file in this thread (1 MiB calls, lenient, no transaction)",
  };
  results.load = load;
  // Know the limit: the WASM store lives in at most 4 GiB per replica.
  const bytesPerQuad = raw.rssGrowth / Math.max(1, raw.quads);
  const quadsPerRecord = raw.quads / Math.max(1, manifest.counts.built);
  results.wasmLimit = {
    bytesPerQuad: Math.round(bytesPerQuad),
    quadsPerRecord: Math.round(quadsPerRecord),
    estimatedQuadsIn4GiB: Math.round((4 * 2 ** 30) / Math.max(1, bytesPerQuad)),
    estimatedRecordsIn4GiB: Math.round((4 * 2 ** 30) / Math.max(1, bytesPerQuad) / Math.max(1, quadsPerRecord)),
    note: 'resident-set growth while Oxigraph loads, per quad; a rough figure',
  };
  log(`WASM limit: ~${Math.round(bytesPerQuad)} bytes/quad, ~${Math.round(quadsPerRecord)} quads/record -> ~${(results.wasmLimit as { estimatedRecordsIn4GiB: number }).estimatedRecordsIn4GiB} records in 4 GiB`);
  log(`load: archive-ld ${load.archiveLdQuadsPerSecond} quads/s, Oxigraph ${load.oxigraphQuadsPerSecond} quads/s, ratio ${load.overheadRatio}x`);

  // Dumps: each whole-dataset dump assembled from the parts, as a download gets it.
  const dumpFigures: Record<string, unknown>[] = [];
  for (const d of ASSEMBLED_DUMPS) {
    const path = join(work, `assembled-${d.name}`);
    const { bytes, seconds } = await writeAssembled(dumpsDir, publication, d.name, path);
    await rm(path, { force: true });
    dumpFigures.push({ name: d.name, megabytes: +(bytes / 1e6).toFixed(2), seconds: +seconds.toFixed(3), mbPerSecond: +(bytes / 1e6 / seconds).toFixed(1) });
    log(`dump ${d.name}: ${(bytes / 1e6).toFixed(1)} MB at ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`);
  }
  results.dumps = dumpFigures;

  // Virtuoso loaded with the same graphs, for the query comparison.
  let virtuoso: RunningVirtuoso | undefined;
  if (options.virtuoso) {
    virtuoso = await startVirtuoso();
    if (!virtuoso) {
      results.virtuoso = { note: 'virtuoso-t not found (apt-get install virtuoso-opensource-7-bin)' };
      log('virtuoso: not installed, skipped');
    } else {
      const remote = RemoteSparqlStore.fromUrl(virtuoso.storeUrl, { credentials: virtuoso.credentials, baseIri: BASE, timeoutMs: 120_000 });
      const [pushed, pushS] = await timed(() => pushPublication(remote, dumpsDir, `${BASE}graph/`));
      const inStore = await remote.size();
      results.virtuoso = { graphs: pushed.graphs, quads: inStore, loadSeconds: +pushS.toFixed(2), quadsPerSecond: Math.round(inStore / pushS), method: 'pushPublication: the parts, Graph Store Protocol PUT per graph' };
      log(`virtuoso: loaded ${inStore} quads in ${pushS.toFixed(1)} s (${Math.round(inStore / pushS)} quads/s)`);
    }
  }

  // Serve, as a user starts it: start-up from the published parts (nothing re-extracted), then queries. First with
  // the response cache off (what every query costs), then with it on (what repeated requests cost).
  const serveArgs = (port: number): string[] => ['serve', '--out', outDir, '--port', String(port), '--workers', String(options.workers)];
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const people = raw.store.query('SELECT DISTINCT ?p WHERE { GRAPH ?g { ?p a <http://schema.org/Person> } } LIMIT 200', { use_default_graph_as_union: false }) as Map<string, { value: string }>[];
  const paths = people.map((b) => b.get('p')?.value ?? '').filter((iri) => iri.startsWith(BASE)).map((iri) => `/${iri.slice(BASE.length)}`);
  const lookups = paths.slice(0, 50).map((path) => ({ method: 'GET' as const, path, headers: { accept: 'text/turtle' } }));
  const entityLookups = async (base: string): Promise<Record<string, unknown>> => {
    if (lookups.length === 0) return { note: 'no person IRIs under the base' };
    const res = await autocannon({ url: base.replace(/\/$/, ''), connections: 16, duration: options.seconds * 2, requests: lookups, timeout: 60 });
    return { entities: lookups.length, clients: 16, p50: res.latency.p50, p99: res.latency.p99, requests: res.requests.total, errors: res.errors + res.timeouts + res.non2xx };
  };
  const named = await loadNamedQueries(rootPath('queries'));
  const parser = new sparqljs.Parser({ baseIRI: BASE });
  const formOf = (text: string): string => {
    try {
      const parsed = parser.parse(text);
      return parsed.type === 'query' ? parsed.queryType : 'UPDATE';
    } catch {
      return 'UNPARSED';
    }
  };
  // The endpoint never returns more than the result cap: to an unbounded SELECT/CONSTRUCT it adds LIMIT cap+1
  // (src/store/oxigraph-worker.ts). Raw runs the query the same way, so a query with more rows than the cap is not
  // compared against a raw run producing all of them.
  const cap = loadConfig({}, process.env).resultCap;
  const asEndpointRuns = (text: string): string => {
    try {
      const parsed = parser.parse(text) as { type: string; queryType?: string; limit?: number; values?: unknown };
      const limitable = parsed.type === 'query' && parsed.queryType !== 'ASK' && parsed.limit === undefined && parsed.values === undefined;
      return limitable ? `${text}\nLIMIT ${cap + 1}` : text;
    } catch {
      return text;
    }
  };
  const queryFigures: QueryFigures[] = [];
  const uncached = await startCli(serveArgs(port), url, 'sparql?query=ASK%7B%7D', { RESPONSE_CACHE_MB: '0' });
  // This first start loads the N-Quads files (there is no store snapshot yet) and writes the snapshot; the second
  // start, below, restores it.
  const startup: Record<string, unknown> = {
    filesSeconds: +uncached.startSeconds.toFixed(3),
    from: `the parts' N-Quads listed in out/dumps/manifest.json (${sources.length} files), ${options.workers} replica(s), first replica answering; the first start also writes out/snapshot`,
  };
  results.startup = startup;
  log(`start-up from the N-Quads files (writing the snapshot): ${uncached.startSeconds.toFixed(2)} s`);
  let servePeak = 0;
  try {
    for (const q of named) {
      const form = formOf(q.text);
      const times = timeRawQuery(raw, asEndpointRuns(q.text), BASE, options.requests, options.seconds * 1000);
      const rawLat: Latency = { p50: percentile(times, 50), p99: percentile(times, 99), requests: times.length, errors: 0 };
      const qurl = `${url}sparql?query=${encodeURIComponent(q.text)}`;
      const http1 = await sequentialLatency(qurl, acceptFor(form), options.seconds);
      const http16 = await httpLatency(qurl, acceptFor(form), 16, options.seconds * 2);
      await waitIdle(`${url}sparql`);
      const fig: QueryFigures = { name: q.name, form, rawInProcess: rawLat, http1, http16, medianRatio: +(http1.p50 / Math.max(rawLat.p50, 0.001)).toFixed(2) };
      if (virtuoso) {
        const vurl = `${virtuoso.sparqlUrl}?query=${encodeURIComponent(q.text)}`;
        fig.virtuoso1 = await sequentialLatency(vurl, acceptFor(form), options.seconds);
        fig.virtuoso16 = await httpLatency(vurl, acceptFor(form), 16, options.seconds * 2);
        await waitIdle(virtuoso.sparqlUrl);
      }
      queryFigures.push(fig);
      log(`query ${q.name}: raw p50 ${f1(rawLat.p50)} ms, http p50 ${f1(http1.p50)} / p99 ${f1(http1.p99)} ms (1 client), p50 ${f1(http16.p50)} / p99 ${f1(http16.p99)} ms (16), no response cache`);
    }
    const entityUncached = await entityLookups(url);
    log(`entity lookups, no response cache (16 clients): p50 ${entityUncached.p50} ms, p99 ${entityUncached.p99} ms`);
    results.entityLookupsUncached = entityUncached;
    servePeak = uncached.peakRssMb();
  } finally {
    await uncached.stop();
    await virtuoso?.stop();
  }
  const cached = await startCli(serveArgs(port), url, 'sparql?query=ASK%7B%7D');
  startup.snapshotSeconds = +cached.startSeconds.toFixed(3);
  log(`start-up from the store snapshot: ${cached.startSeconds.toFixed(2)} s`);
  try {
    for (const fig of queryFigures) {
      const q = named.find((n) => n.name === fig.name);
      if (!q) continue;
      fig.http1Cached = await sequentialLatency(`${url}sparql?query=${encodeURIComponent(q.text)}`, acceptFor(fig.form), options.seconds);
      await waitIdle(`${url}sparql`);
    }
    // Pages of people, as a client dereferencing IRIs asks for them: each computed once, then from the cache.
    const entityCached = await entityLookups(url);
    log(`entity lookups, response cache on (16 clients): p50 ${entityCached.p50} ms, p99 ${entityCached.p99} ms`);
    results.entityLookups = entityCached;
    servePeak = Math.max(servePeak, cached.peakRssMb());
  } finally {
    await cached.stop();
  }
  results.servePeakRssMb = Math.round(servePeak);
  results.queries = queryFigures;
  results.benchPeakRssMb = Math.round(peakRssMb());

  log('');
  log(table(results, queryFigures));
  const resultsPath = options.resultsPath ?? rootPath('bench', 'results.json');
  await writeFile(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to ${resultsPath}`);
  if (!options.keep) await rm(work, { recursive: true, force: true });
  return results;
}

function table(results: Record<string, unknown>, queries: QueryFigures[]): string {
  const lines: string[] = [];
  const row = (k: string, v: string): void => void lines.push(`${k.padEnd(46)} ${v}`);
  const ex = results.extraction as ExtractionFigures[];
  const load = results.load as Record<string, number>;
  const build = results.build as Record<string, number>;
  const rebuild = results.rebuild as Record<string, number>;
  row('measure', 'value');
  for (const e of ex) row(`extraction, ${e.threads} thread(s)`, `${f1(e.recordsPerSecond)} records/s, ${f2(e.mbPerSecond)} MB/s`);
  row(`full build, ${build.jobs} jobs`, `${f1(build.seconds ?? NaN)} s (${f1(build.recordsPerSecond ?? NaN)} records/s), ${build.quads} quads, peak RSS ${build.peakRssMb} MB`);
  row('rebuild after one changed record', `${f2(rebuild.seconds ?? NaN)} s (${rebuild.built} re-extracted, ${rebuild.reused} reused); nothing changed ${f2(rebuild.nothingChangedSeconds ?? NaN)} s`);
  row('the same with build --watch (median of 3)', `${f2(rebuild.watchMedianSeconds ?? NaN)} s from the change to the published build`);
  row('load, archive-ld worker replica', `${load.archiveLdQuadsPerSecond} quads/s`);
  row("load, Oxigraph's own loader (same quads)", `${load.oxigraphQuadsPerSecond} quads/s (ratio ${load.overheadRatio}x)`);
  for (const d of results.dumps as { name: string; megabytes: number; mbPerSecond: number }[]) row(`dump ${d.name} (assembled)`, `${f1(d.megabytes)} MB at ${f1(d.mbPerSecond)} MB/s`);
  const startup = results.startup as { filesSeconds: number; snapshotSeconds: number };
  row('start-up (serve), from the store snapshot', `${f2(startup.snapshotSeconds)} s`);
  row('start-up (serve), from the N-Quads files', `${f2(startup.filesSeconds)} s (first start: also writes the snapshot)`);
  const ent = results.entityLookups as { p50?: number; p99?: number };
  const entU = results.entityLookupsUncached as { p50?: number; p99?: number };
  if (entU.p50 !== undefined) row('entity lookups, 16 clients, no response cache', `p50 ${entU.p50} ms, p99 ${entU.p99} ms`);
  if (ent.p50 !== undefined) row('entity lookups, 16 clients, response cache', `p50 ${ent.p50} ms, p99 ${ent.p99} ms`);
  row('peak RSS: build / serve', `${build.peakRssMb} MB / ${results.servePeakRssMb} MB`);
  const vload = results.virtuoso as { quadsPerSecond?: number } | undefined;
  if (vload?.quadsPerSecond) row('load, Virtuoso', `${vload.quadsPerSecond} quads/s`);
  lines.push('');
  lines.push('query latency in ms (p50/p99): raw = Oxigraph in-process without HTTP, the query as the endpoint runs it (LIMIT cap+1 added to an unbounded one); http1/http16 = archive-ld /sparql at 1/16 clients, response cache off (1 client: timed to the microsecond over one kept-alive connection; 16: autocannon, whole milliseconds); ratio = http1 p50 / raw p50; cached1 = 1 client, cache on; virt1/virt16 = Virtuoso /sparql');
  lines.push(`${'query'.padEnd(34)} ${'raw'.padStart(12)} ${'http1'.padStart(12)} ${'http16'.padStart(13)} ${'ratio'.padStart(6)} ${'cached1'.padStart(10)} ${'virt1'.padStart(12)} ${'virt16'.padStart(13)}`);
  for (const q of queries) {
    const pair = (l: Latency | undefined): string => (l ? `${f1(l.p50)}/${f1(l.p99)}${l.errors ? '!' : ''}` : '-');
    lines.push(
      `${q.name.padEnd(34)} ${pair(q.rawInProcess).padStart(12)} ${pair(q.http1).padStart(12)} ${pair(q.http16).padStart(13)} ${f2(q.medianRatio).padStart(6)} ${pair(q.http1Cached).padStart(10)} ${pair(q.virtuoso1).padStart(12)} ${pair(q.virtuoso16).padStart(13)}`,
    );
  }
  lines.push("('!' after a figure: some requests failed or answered non-2xx; see results.json)");
  return lines.join('\n');
}
