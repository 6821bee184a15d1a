/**
 * `archive-ld bench` (npm run bench): one run that builds a synthetic corpus and measures, side by side,
 * extraction on 1 and 2 worker threads, the full build, loading into the in-process store against Oxigraph's own
 * bulk load, every named query over HTTP at 1 and 16 clients against the same query on a raw in-process Oxigraph,
 * entity-page lookups, dump writing per format, start-up time and peak RSS. Prints a table and writes
 * bench/results.json.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import sparqljs from 'sparqljs';
import { DataFactory } from 'n3';
import { writeCorpus } from '../src/synth/index.js';
import { findRecordFiles } from '../src/build/discover.js';
import { runBuild } from '../src/build/index.js';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/config/logger.js';
import { startServer } from '../src/cli/serve.js';
import { WorkerPool } from '../src/store/pool.js';
import { loadNamedQueries } from '../src/server/pages/named-queries.js';
import { parse, RDF_FORMATS, writeQuadsStream, FORMAT_INFO } from '../src/rdf/index.js';
import { rootPath } from '../src/paths.js';
import { measureExtraction, type ExtractionFigures } from './extract.js';
import { loadRaw, timeRawQuery } from './oxigraph-baseline.js';
import { pushDataset, RemoteSparqlStore } from '../src/store/remote.js';
import { startVirtuoso, type RunningVirtuoso } from '../tests/helpers/virtuoso.js';

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
  http1: Latency;
  http16: Latency;
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

/** Quads the JSON-LD dump is timed on. */
const JSONLD_SAMPLE = 50_000;

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

/** Run the whole benchmark; resolves with the results object also written to results.json. */
export async function runBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const { log } = options;
  const work = options.workDir ?? join(tmpdir(), `archive-ld-bench-${process.pid}`);
  const dataDir = join(work, 'data');
  const outDir = join(work, 'out');
  await rm(work, { recursive: true, force: true });
  await mkdir(join(dataDir, 'records'), { recursive: true });
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version },
    records: options.records,
    seed: options.seed,
  };

  // Corpus.
  const [corpus, synthS] = await timed(() => writeCorpus(options.records, join(dataDir, 'records'), { seed: options.seed }));
  results.corpus = { records: corpus.files.length, megabytes: +(corpus.bytes / 1e6).toFixed(2), averageBytes: Math.round(corpus.bytes / Math.max(1, corpus.files.length)), seconds: +synthS.toFixed(2) };
  log(`corpus: ${corpus.files.length} records, ${(corpus.bytes / 1e6).toFixed(1)} MB in ${work}`);

  // Extraction on 1 and 2 threads. The build itself extracts on one thread (no worker support yet).
  const files = await findRecordFiles(dataDir);
  const extraction: ExtractionFigures[] = [];
  for (const threads of [1, 2]) {
    const fig = await measureExtraction(files, threads);
    extraction.push(fig);
    log(`extraction, ${threads} thread(s): ${f1(fig.recordsPerSecond)} records/s, ${f2(fig.mbPerSecond)} MB/s (${fig.failed} failed)`);
  }
  results.extraction = extraction.map((e) => ({ ...e, seconds: +e.seconds.toFixed(2), recordsPerSecond: +e.recordsPerSecond.toFixed(2), mbPerSecond: +e.mbPerSecond.toFixed(3) }));
  results.extractionNote = 'measured with worker threads started by the benchmark; archive-ld build extracts on one thread';

  // Full build: extract, validate, link, publish dumps.
  const config = loadConfig({ dataDir, outDir, port: 0, logLevel: 'silent', workers: 2 });
  const logger = createLogger('silent');
  const rssBefore = peakRssMb();
  const [build, buildS] = await timed(() => runBuild({ config, logger, version: 'bench', progress: false, allowInvalid: true }));
  results.build = { seconds: +buildS.toFixed(2), built: build.manifest.counts.built, failed: build.failures.length, triples: build.manifest.counts.triples, graphs: build.manifest.counts.graphs, peakRssMb: Math.round(peakRssMb()), peakRssBeforeBuildMb: Math.round(rssBefore) };
  log(`build: ${build.manifest.counts.built} records (${build.failures.length} failed), ${build.manifest.counts.triples} triples in ${buildS.toFixed(1)} s`);

  // Load: the in-process store (a worker replica loading the gzipped dump) against Oxigraph's own bulk load.
  const dumps = join(outDir, 'dumps');
  const nq = join(dumps, 'dataset.nq');
  if (!existsSync(nq)) await pipeline(createReadStream(`${nq}.gz`), createGunzip(), createWriteStream(nq));
  const raw = loadRaw(nq);
  let workerLoadMs = NaN;
  const [pool, poolS] = await timed(() =>
    WorkerPool.start({ sources: [{ path: `${nq}.gz` }], workers: 1, onEvent: (e) => (e.kind === 'ready' ? (workerLoadMs = e.ms) : undefined) }),
  );
  const poolQuads = await pool.size();
  await pool.close();
  const load = {
    quads: raw.quads,
    storeQuads: poolQuads,
    oxigraphBulkSeconds: +(raw.loadMs / 1000).toFixed(3),
    oxigraphQuadsPerSecond: Math.round(raw.quads / (raw.loadMs / 1000)),
    archiveLdSeconds: +poolS.toFixed(3),
    archiveLdQuadsPerSecond: Math.round(poolQuads / poolS),
    archiveLdInWorkerSeconds: +(workerLoadMs / 1000).toFixed(3),
    overheadRatio: +(poolS / (raw.loadMs / 1000)).toFixed(2),
  };
  results.load = load;
  // Know the limit: the WASM store lives in at most 4 GiB per replica.
  const bytesPerQuad = raw.rssGrowth / Math.max(1, raw.quads);
  const quadsPerRecord = raw.quads / Math.max(1, build.manifest.counts.built);
  results.wasmLimit = {
    bytesPerQuad: Math.round(bytesPerQuad),
    quadsPerRecord: Math.round(quadsPerRecord),
    estimatedQuadsIn4GiB: Math.round(4 * 2 ** 30 / Math.max(1, bytesPerQuad)),
    estimatedRecordsIn4GiB: Math.round(4 * 2 ** 30 / Math.max(1, bytesPerQuad) / Math.max(1, quadsPerRecord)),
    note: 'resident-set growth while Oxigraph loads, per quad; a rough figure',
  };
  log(`WASM limit: ~${Math.round(bytesPerQuad)} bytes/quad, ~${Math.round(quadsPerRecord)} quads/record -> ~${(results.wasmLimit as { estimatedRecordsIn4GiB: number }).estimatedRecordsIn4GiB} records in 4 GiB`);
  log(`load: archive-ld ${load.archiveLdQuadsPerSecond} quads/s, Oxigraph bulk ${load.oxigraphQuadsPerSecond} quads/s, ratio ${load.overheadRatio}x`);

  // Dumps: write the dataset in every format.
  const quads = parse(await readFile(nq, 'utf8'), 'nquads', undefined, nq);
  const dumpFigures: Record<string, unknown>[] = [];
  for (const format of RDF_FORMATS) {
    const path = join(work, `dump.${FORMAT_INFO[format].extension}`);
    // Triple formats get the union of the graphs, as the build's union.ttl. JSON-LD is built in memory (the build
    // publishes no JSON-LD dump), so it is timed on a sample to keep the run short and bounded.
    const source = format === 'jsonld' ? quads.slice(0, JSONLD_SAMPLE) : quads;
    const input = FORMAT_INFO[format].datasets ? source : source.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
    const [, s] = await timed(() => writeQuadsStream(input, format, createWriteStream(path)));
    const bytes = (await stat(path)).size;
    dumpFigures.push({ format, quads: input.length, megabytes: +(bytes / 1e6).toFixed(2), seconds: +s.toFixed(3), mbPerSecond: +(bytes / 1e6 / s).toFixed(2) });
    log(`dump ${format}: ${(bytes / 1e6 / s).toFixed(1)} MB/s`);
  }
  results.dumps = dumpFigures;

  // Virtuoso loaded with the same graphs (Graph Store PUT per graph), for the query comparison.
  let virtuoso: RunningVirtuoso | undefined;
  if (options.virtuoso) {
    virtuoso = await startVirtuoso();
    if (!virtuoso) {
      results.virtuoso = { note: 'virtuoso-t not found (apt-get install virtuoso-opensource-7-bin)' };
      log('virtuoso: not installed, skipped');
    } else {
      const remote = RemoteSparqlStore.fromUrl(virtuoso.storeUrl, { credentials: virtuoso.credentials, baseIri: config.base, timeoutMs: 60_000 });
      const pushed = await pushDataset(remote, quads, `${config.base}graph/`);
      const inStore = await remote.size();
      results.virtuoso = { graphs: pushed.graphs, quads: pushed.quads, quadsInStore: inStore, loadSeconds: +pushed.seconds.toFixed(2), quadsPerSecond: Math.round(pushed.quads / pushed.seconds), method: 'Graph Store Protocol PUT per graph, 4 at a time' };
      log(`virtuoso: loaded ${inStore} quads in ${pushed.seconds.toFixed(1)} s (${Math.round(pushed.quads / pushed.seconds)} quads/s)`);
    }
  }

  // Serve: start-up, named queries over HTTP against the raw store, entity lookups.
  const [server, startS] = await timed(() => startServer(config));
  results.startup = { seconds: +startS.toFixed(3), from: 'dumps/dataset.nq.gz (no snapshot yet)' };
  log(`start-up: ${startS.toFixed(2)} s`);
  const queryFigures: QueryFigures[] = [];
  try {
    const named = await loadNamedQueries(rootPath('queries'));
    const parser = new sparqljs.Parser({ baseIRI: config.base });
    for (const q of named) {
      let form = 'SELECT';
      try {
        const parsed = parser.parse(q.text);
        form = parsed.type === 'query' ? parsed.queryType : 'UPDATE';
      } catch {
        form = 'UNPARSED';
      }
      const times = timeRawQuery(raw, q.text, config.base, options.requests, options.seconds * 1000);
      const rawLat: Latency = { p50: percentile(times, 50), p99: percentile(times, 99), requests: times.length, errors: 0 };
      const url = `${server.url}sparql?query=${encodeURIComponent(q.text)}`;
      const http1 = await httpLatency(url, acceptFor(form), 1, options.seconds);
      const http16 = await httpLatency(url, acceptFor(form), 16, options.seconds * 2);
      await waitIdle(`${server.url}sparql`);
      const fig: QueryFigures = { name: q.name, form, rawInProcess: rawLat, http1, http16, medianRatio: +(http1.p50 / Math.max(rawLat.p50, 0.001)).toFixed(2) };
      if (virtuoso) {
        const vurl = `${virtuoso.sparqlUrl}?query=${encodeURIComponent(q.text)}`;
        fig.virtuoso1 = await httpLatency(vurl, acceptFor(form), 1, options.seconds);
        fig.virtuoso16 = await httpLatency(vurl, acceptFor(form), 16, options.seconds * 2);
        await waitIdle(virtuoso.sparqlUrl);
      }
      queryFigures.push(fig);
      log(`query ${q.name}: raw p50 ${f1(rawLat.p50)} ms, http p50 ${f1(http1.p50)} / p99 ${f1(http1.p99)} ms (1 client), p50 ${f1(http16.p50)} / p99 ${f1(http16.p99)} ms (16)`);
    }
    // Entity lookups: the pages of people, as a client dereferencing IRIs would ask for them.
    const people = raw.store.query(
      'SELECT DISTINCT ?p WHERE { GRAPH ?g { ?p a <http://schema.org/Person> } } LIMIT 200',
      { use_default_graph_as_union: false },
    ) as Map<string, { value: string }>[];
    const paths = people.map((b) => b.get('p')?.value ?? '').filter((iri) => iri.startsWith(config.base)).map((iri) => `/${iri.slice(config.base.length)}`);
    let entity: Record<string, unknown> = { note: 'no person IRIs under the base' };
    if (paths.length > 0) {
      const base = server.url.replace(/\/$/, '');
      const requests = paths.slice(0, 50).map((path) => ({ method: 'GET' as const, path, headers: { accept: 'text/turtle' } }));
      const res = await autocannon({ url: base, connections: 16, duration: options.seconds * 2, requests, timeout: 60 });
      entity = { entities: requests.length, clients: 16, p50: res.latency.p50, p99: res.latency.p99, requests: res.requests.total, errors: res.errors + res.timeouts + res.non2xx };
      log(`entity lookups (16 clients): p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms`);
    }
    results.entityLookups = entity;
  } finally {
    await server.stop();
    await virtuoso?.stop();
  }
  results.queries = queryFigures;
  results.peakRssMb = Math.round(peakRssMb());

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
  const ex = results.extraction as ExtractionFigures[];
  const load = results.load as Record<string, number>;
  const build = results.build as Record<string, number>;
  lines.push(`${'measure'.padEnd(44)} value`);
  for (const e of ex) lines.push(`${`extraction, ${e.threads} thread(s)`.padEnd(44)} ${f1(e.recordsPerSecond)} records/s, ${f2(e.mbPerSecond)} MB/s`);
  lines.push(`${'full build (extract+validate+link+dumps)'.padEnd(44)} ${f1(build.seconds ?? NaN)} s, ${build.triples} triples, peak RSS ${build.peakRssMb} MB`);
  lines.push(`${'load, archive-ld worker replica'.padEnd(44)} ${load.archiveLdQuadsPerSecond} quads/s`);
  lines.push(`${'load, Oxigraph bulk load (same N-Quads)'.padEnd(44)} ${load.oxigraphQuadsPerSecond} quads/s (ratio ${load.overheadRatio}x)`);
  for (const d of results.dumps as { format: string; mbPerSecond: number }[]) lines.push(`${`dump ${d.format}`.padEnd(44)} ${f1(d.mbPerSecond)} MB/s`);
  lines.push(`${'start-up (serve, from dumps)'.padEnd(44)} ${f2((results.startup as { seconds: number }).seconds)} s`);
  const ent = results.entityLookups as { p50?: number; p99?: number };
  if (ent.p50 !== undefined) lines.push(`${'entity lookups, 16 clients'.padEnd(44)} p50 ${ent.p50} ms, p99 ${ent.p99} ms`);
  lines.push(`${'peak RSS (whole run)'.padEnd(44)} ${results.peakRssMb} MB`);
  lines.push('');
  const vload = results.virtuoso as { quadsPerSecond?: number; loadSeconds?: number } | undefined;
  if (vload?.quadsPerSecond) lines.push(`${'load, Virtuoso (Graph Store PUT per graph)'.padEnd(44)} ${vload.quadsPerSecond} quads/s`);
  lines.push('');
  lines.push('query latency in ms (p50/p99): raw = Oxigraph in-process without HTTP; http1/http16 = archive-ld /sparql at 1/16 clients; virt1/virt16 = Virtuoso /sparql');
  lines.push(`${'query'.padEnd(34)} ${'raw'.padStart(12)} ${'http1'.padStart(12)} ${'http16'.padStart(13)} ${'ratio'.padStart(6)} ${'virt1'.padStart(12)} ${'virt16'.padStart(13)}`);
  for (const q of queries) {
    const pair = (l: Latency | undefined): string => (l ? `${f1(l.p50)}/${f1(l.p99)}${l.errors ? '!' : ''}` : '-');
    lines.push(
      `${q.name.padEnd(34)} ${pair(q.rawInProcess).padStart(12)} ${pair(q.http1).padStart(12)} ${pair(q.http16).padStart(13)} ${f2(q.medianRatio).padStart(6)} ${pair(q.virtuoso1).padStart(12)} ${pair(q.virtuoso16).padStart(13)}`,
    );
  }
  lines.push("('!' after a figure: some requests failed or answered non-2xx; see results.json)");
  return lines.join('\n');
}
