/**
 * `archive-ld build`: every record file under the data folder -> extraction -> quads -> validation, plus the
 * ontology graph and the Wikidata link and gazetteer graphs, published to out/ (see publish.ts).
 * A record that fails is reported (file:line: reason) and skipped; the others are still built, and a record
 * published by an earlier build keeps its published graph.
 *
 * @example
 *   const result = await runBuild({ config, logger });
 *   result.manifest.counts.built; result.failures.map(formatFailure);
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, relative, sep } from 'node:path';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Logger } from 'pino';
import cliProgress from 'cli-progress';
import type { Config } from '../config/index.js';
// Only the gazetteer loader here: the linker's name matching (Chinese conversion, pinyin) and the RDF serialisers
// are loaded when a graph has to be made (lazy imports below), so a rebuild that reuses them starts faster.
import { loadGazetteer, DEFAULT_GAZETTEER, type Gazetteer } from '../link/gazetteer.js';
import type { LinkResult } from '../link/index.js';
import { rootPath } from '../paths.js';
import { findRecordFiles } from './discover.js';
import {
  buildFingerprint,
  cacheDir,
  filesIn,
  partStem,
  pruneCache,
  readCacheEntry,
  readCacheIndex,
  readGraphEntry,
  sourceHash,
  writeCacheIndex,
  writeGraphEntry,
  type CacheEntry,
  type CacheIndex,
} from './cache.js';
import { mapLimit } from '../concurrency.js';
import { BuildPool } from './pool.js';
import { lockOut } from './lock.js';
import { publish, recoverOut, type BuildFailure, type ExtraPart, type Manifest, type PublishedRecord } from './publish.js';
import type { RecordContext, RecordContextInput, RecordOutcome } from './record-job.js';
import { estimateStoreSize, formatBytes, storeSizeWarning, type StoreSizeEstimate } from './store-size.js';

export type { BuildFailure, Manifest } from './publish.js';

export interface BuildOptions {
  config: Config;
  logger: Logger;
  /** Package version, recorded in provenance. */
  version: string;
  /** Publish records whose graphs violate the SHACL shapes (reported as warnings) instead of skipping them. */
  allowInvalid?: boolean;
  /** Show a progress bar (default: when stderr is a terminal). */
  progress?: boolean;
  /** Folder of the ontology files (default ontology/). */
  ontologyDir?: string;
  /** Gazetteer for Wikidata links (default data/wikidata/gazetteer.ttl; absent file = no links). */
  gazetteerPath?: string;
  /** Build worker threads; default config.jobs. 1 builds in this thread. */
  jobs?: number;
  /** Figures of the in-process store size estimate (defaults: store-size.ts); tests shrink them. */
  storeEstimate?: { bytesPerQuad?: number; limitBytes?: number };
  /** Module the build workers run (file URL), for tests of worker crashes; default src/build/worker.ts. */
  workerEntry?: string;
}

export interface BuildResult {
  manifest: Manifest;
  failures: BuildFailure[];
  /** Estimated size of the graph in one in-process store replica. */
  storeEstimate: StoreSizeEstimate;
  /** Record files read and hashed this time; the others were known unchanged from the cache index. */
  hashed: number;
}

/** "file:line: reason", the one-line summary of a failed record. */
export function formatFailure(f: BuildFailure): string {
  return `${f.file}:${f.line}: ${f.reason}`;
}

/** The ontology graph: ontology/*.ttl except the SHACL shapes, in BASE graph/ontology. */
export async function ontologyQuads(dir: string, base: string): Promise<Quad[]> {
  const graph = DataFactory.namedNode(`${base}graph/ontology`);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.ttl') && n !== 'shapes.ttl').sort();
  const { parse } = await import('../rdf/index.js');
  const out: Quad[] = [];
  for (const name of names) {
    const path = join(dir, name);
    for (const q of parse(await readFile(path, 'utf8'), 'turtle', undefined, path)) {
      out.push(DataFactory.quad(q.subject, q.predicate, q.object, graph));
    }
  }
  return out;
}

/** Records of the previous build, by source file, to keep their graphs when they fail this time. */
async function previousRecords(outDir: string): Promise<Map<string, { recordId: string; sha256: string }>> {
  // Read from the published manifest only: it is replaced atomically, after the dumps it describes.
  const map = new Map<string, { recordId: string; sha256: string }>();
  try {
    const manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
    for (const r of manifest.records) map.set(r.file, { recordId: r.recordId, sha256: r.sha256 });
  } catch {
    // No previous build (or an unreadable manifest): nothing to keep.
  }
  return map;
}

/** SHA-256 over the names and bytes of `files` (sorted). */
async function hashFiles(files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const f of [...files].sort()) hash.update(`${f}\n`).update(existsSync(f) ? await readFile(f) : '<absent>').update('\n');
  return hash.digest('hex');
}

/**
 * Extra graph `name` as a part in the build cache: the cached one when it was made from inputs with hash
 * `inputs` under the same fingerprint, else made (`make`) and written. Undefined for an empty graph.
 */
async function extraPart(
  outDir: string,
  base: string,
  name: string,
  inputs: string,
  make: () => Quad[] | Promise<Quad[]>,
  fingerprint: string,
): Promise<ExtraPart | undefined> {
  const key = createHash('sha256').update(`${name}\n${base}\n${fingerprint}\n${inputs}`).digest('hex');
  let entry = await readGraphEntry(outDir, name, key);
  if (!entry) {
    const quads = await make();
    if (quads.length === 0) return undefined;
    const part = `parts/graph-${encodeURIComponent(name)}-${key.slice(0, 16)}`;
    const { writePart } = await import('./part-writer.js');
    entry = { name, key, part, ...(await writePart(join(cacheDir(outDir), part), quads, base)) };
    await writeGraphEntry(outDir, entry);
  }
  return { name, stem: join(cacheDir(outDir), entry.part), files: entry.files, sizes: entry.sizes, stats: entry.stats };
}

/** What became of one input file before the records are put in order. */
type Slot = { kind: 'reused'; entry: CacheEntry } | { kind: 'done'; outcome: RecordOutcome };

/**
 * The previously published graph of a record that failed this time, as a cache entry: its own cache entry when
 * still there, else its published .nq (an older layout) written out as a part again. Undefined when neither exists.
 */
async function keptEntry(outDir: string, prev: { recordId: string; sha256: string }, base: string): Promise<CacheEntry | undefined> {
  const entry = await readCacheEntry(outDir, prev.recordId, prev.sha256, undefined);
  if (entry) return entry;
  const prevNq = join(outDir, 'dumps', 'records', `${prev.recordId}.nq`);
  if (!existsSync(prevNq)) return undefined;
  // Rare (the cache was deleted, or the last build wrote the old layout): one record's quads in this thread.
  const { parse } = await import('../rdf/index.js');
  const quads = parse(await readFile(prevNq, 'utf8'), 'nquads', undefined, prevNq);
  const part = partStem(prev.recordId, prev.sha256, 'kept');
  const { writePart } = await import('./part-writer.js');
  const written = await writePart(join(cacheDir(outDir), part), quads, base);
  return { recordId: prev.recordId, sha256: prev.sha256, fingerprint: 'kept', quads: quads.length, part, ...written };
}

/** Run the build. Throws only when nothing can be published (unreadable data folder, unwritable out folder). */
export async function runBuild(options: BuildOptions): Promise<BuildResult> {
  // One build at a time per out folder: a second one would race this one's publication.
  const release = await lockOut(options.config.outDir);
  try {
    return await buildLocked(options);
  } finally {
    await release();
  }
}

async function buildLocked(options: BuildOptions): Promise<BuildResult> {
  const { config, logger } = options;
  const started = Date.now();
  const files = await findRecordFiles(config.dataDir);
  logger.info({ dataDir: config.dataDir, files: files.length }, 'building');
  // A build killed while publishing may have left out/ mid-swap: put the last published state back first.
  for (const what of await recoverOut(config.outDir)) logger.warn({ out: config.outDir }, `recovered from an interrupted build: ${what}`);
  const previous = await previousRecords(config.outDir);
  const gazetteerPath = options.gazetteerPath ?? DEFAULT_GAZETTEER;
  let gazetteer: Gazetteer | undefined;
  if (existsSync(gazetteerPath)) {
    try {
      gazetteer = loadGazetteer(gazetteerPath, config.base);
    } catch (err) {
      // Records are still worth publishing without Wikidata links.
      logger.error({ gazetteerPath }, `the gazetteer cannot be read, building without links: ${(err as Error).message}`);
    }
  }

  const showBar = options.progress ?? Boolean(process.stderr.isTTY);
  const bar = showBar
    ? new cliProgress.SingleBar({ format: 'build [{bar}] {value}/{total} {file}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(files.length, 0, { file: '' });
  // Everything besides a record's bytes that its extraction and links depend on: a change rebuilds all records.
  const fingerprint = await buildFingerprint({
    version: options.version,
    base: config.base,
    allowInvalid: options.allowInvalid === true,
    files: [
      ...(await filesIn(rootPath('data', 'lexicon'), ['.json'])),
      ...(await filesIn(rootPath('data', 'annotations'), ['.json'])),
      ...(await filesIn(rootPath('ontology'), ['.ttl'])),
      ...(await filesIn(rootPath('src', 'extract'), ['.ts'])),
      ...(await filesIn(rootPath('src', 'model'), ['.ts'])),
      ...(await filesIn(rootPath('src', 'link'), ['.ts'])),
      // What turns quads into part files and decides whether a graph passes: a change there changes the parts.
      ...(await filesIn(rootPath('src', 'rdf'), ['.ts'])),
      ...(await filesIn(rootPath('src', 'vocab'), ['.ts'])),
      ...(await filesIn(rootPath('src', 'validate'), ['.ts'])),
      ...(await filesIn(rootPath('src', 'build'), ['.ts'])),
      gazetteerPath,
    ],
  });

  // Milliseconds spent in each phase, in the summary log line (where a rebuild's time goes).
  const phases: Record<string, number> = {};
  let mark = Date.now();
  const phase = (name: string): void => {
    const now = Date.now();
    phases[name] = now - mark;
    mark = now;
  };
  phase('startup');
  const rel = (path: string): string => relative(config.dataDir, path).split(sep).join('/');
  const slots: Array<Slot | undefined> = new Array<Slot | undefined>(files.length);
  const pending: number[] = [];
  // What the last build knew: files whose size, times and inode are unchanged are not read again.
  const index = await readCacheIndex(config.outDir);
  const nextIndex: CacheIndex = { version: 1, sources: {}, entries: {} };
  let hashed = 0;
  /**
   * The record job's module, asked for as soon as a record turns out to need building: loading it (~0.3 s) then
   * overlaps the rest of the scan, which mostly waits on the file system. Only this thread's builds use it.
   */
  let recordJob: Promise<typeof import('./record-job.js')> | undefined;
  // Unchanged since the last build (same bytes, same fingerprint): reuse the cached parts, no worker needed.
  await mapLimit(files, 16, async (path, i) => {
    const file = rel(path);
    let sha256: string;
    try {
      const seen = await sourceHash(path, index.sources[path]);
      sha256 = seen.sha256;
      if (seen.stamp) nextIndex.sources[path] = seen.stamp;
      if (seen.read) hashed++;
    } catch (err) {
      slots[i] = { kind: 'done', outcome: { ok: false, line: 1, reason: `cannot read the record file: ${(err as Error).message}` } };
      bar?.increment(1, { file });
      return;
    }
    const prev = previous.get(file);
    const cached = prev && prev.sha256 === sha256 ? await readCacheEntry(config.outDir, prev.recordId, sha256, fingerprint, index.entries[prev.recordId]) : undefined;
    if (cached && (cached.link || !gazetteer)) {
      slots[i] = { kind: 'reused', entry: cached };
      bar?.increment(1, { file });
    } else if (!recordJob) {
      recordJob = import('./record-job.js');
      // Awaited below only when records are built in this thread; a failure then is reported there.
      recordJob.catch(() => undefined);
    }
  });
  // Input order, whatever order the reads above finished in.
  for (let i = 0; i < files.length; i++) if (!slots[i]) pending.push(i);

  phase('scan');
  const context: RecordContextInput = {
    outDir: config.outDir,
    base: config.base,
    version: options.version,
    fingerprint,
    allowInvalid: options.allowInvalid === true,
    ...(gazetteer ? { gazetteerPath } : {}),
  };
  const jobs = Math.min(options.jobs ?? config.jobs, Math.max(1, pending.length));
  const finish = (i: number, outcome: RecordOutcome): void => {
    slots[i] = { kind: 'done', outcome };
    bar?.increment(1, { file: rel(files[i] as string) });
  };
  if (pending.length > 0 && jobs === 1) {
    // One job: in this thread, sharing the gazetteer already loaded.
    const ctx: RecordContext = { ...context, ...(gazetteer ? { gazetteer } : {}) };
    // Loaded only when a record is built in this thread: the extractor, validator and their lexicons take about a
    // second to load, which a rebuild with nothing changed (or with workers doing the work) does not need.
    const { buildRecord } = await (recordJob ?? import('./record-job.js'));
    for (const i of pending) finish(i, await buildRecord(ctx, files[i] as string));
  } else if (pending.length > 0) {
    const pool = new BuildPool({ size: jobs, context, ...(options.workerEntry ? { entry: options.workerEntry } : {}) });
    try {
      await Promise.all(pending.map(async (i) => finish(i, await pool.run(files[i] as string, rel(files[i] as string)))));
    } finally {
      await pool.close();
    }
  }
  bar?.stop();
  phase('records');

  // In input order, so which of two files with the same record id wins does not depend on timing.
  const records: PublishedRecord[] = [];
  const linkResults: LinkResult[] = [];
  const failures: BuildFailure[] = [];
  const seenIds = new Map<string, string>();
  const keep = new Map<string, string>();
  const accept = (entry: CacheEntry, file: string, status: PublishedRecord['status']): void => {
    seenIds.set(entry.recordId, file);
    nextIndex.entries[entry.recordId] = entry;
    keep.set(entry.recordId, entry.part);
    if (gazetteer && entry.link) linkResults.push(entry.link);
    records.push({
      recordId: entry.recordId,
      file,
      sha256: entry.sha256,
      quads: entry.quads,
      status,
      stem: join(cacheDir(config.outDir), entry.part),
      files: entry.files,
      sizes: entry.sizes,
      stats: entry.stats,
    });
  };
  for (const [i, path] of files.entries()) {
    const file = rel(path);
    const slot = slots[i];
    let failure: BuildFailure | undefined;
    if (!slot) {
      failure = { file, line: 1, reason: 'the record was not built (internal error: no outcome); build again' };
    } else {
      const entry = slot.kind === 'reused' ? slot.entry : slot.outcome.ok ? slot.outcome.entry : undefined;
      if (entry) {
        const other = seenIds.get(entry.recordId);
        if (other) {
          failure = { file, line: 1, reason: `record id '${entry.recordId}' is also the id of ${other}; rename one of the files or fix its archive URL` };
        } else {
          accept(entry, file, slot.kind === 'reused' ? 'reused' : 'built');
          if (slot.kind === 'done' && slot.outcome.ok) for (const w of slot.outcome.warnings) logger.warn({ file }, w);
        }
      } else if (slot.kind === 'done' && !slot.outcome.ok) {
        failure = { file, line: slot.outcome.line, reason: slot.outcome.reason };
      }
    }
    if (!failure) continue;
    failures.push(failure);
    // Nothing already published is lost: a record that built before keeps its last published graph.
    const prev = previous.get(file);
    if (prev && !seenIds.has(prev.recordId)) {
      const kept = await keptEntry(config.outDir, prev, config.base);
      if (kept) {
        accept(kept, file, 'kept');
        failure.reason += ' (kept the graph published by the previous build)';
      }
    }
  }
  for (const f of failures) process.stderr.write(`${formatFailure(f)}\n`);

  // The extra graphs are cached parts too, keyed by what they are made from: unchanged ones are only linked.
  const ontologyDir = options.ontologyDir ?? rootPath('ontology');
  const extraParts: ExtraPart[] = [];
  const ontology = await extraPart(config.outDir, config.base, 'ontology', await hashFiles(await filesIn(ontologyDir, ['.ttl'])), () => ontologyQuads(ontologyDir, config.base), fingerprint);
  if (ontology) extraParts.push(ontology);
  if (gazetteer) {
    const linksKey = createHash('sha256').update(`${options.version}\n${JSON.stringify(linkResults)}`).digest('hex');
    const links = await extraPart(config.outDir, config.base, 'links', linksKey, async () => (await import('../link/quads.js')).linkQuads(linkResults, config.base, { softwareVersion: options.version }), fingerprint);
    const gaz = await extraPart(config.outDir, config.base, 'gazetteer', await hashFiles([gazetteerPath]), async () => (await import('../link/graph.js')).gazetteerGraphQuads(gazetteer as Gazetteer, config.base), fingerprint);
    for (const g of [links, gaz]) if (g) extraParts.push(g);
    logger.info({ links: linkResults.reduce((n, r) => n + r.links.length, 0) }, 'linked to the gazetteer');
  } else {
    logger.warn({ gazetteerPath }, 'no gazetteer: the links graph is not built (archive-ld gazetteer build makes one)');
  }

  // Records of the previous build whose files are gone (or now carry another id) leave the graph and the dumps.
  const published = new Set(records.map((r) => r.recordId));
  const removed = [...previous.entries()].filter(([, p]) => !published.has(p.recordId)).map(([file, p]) => ({ recordId: p.recordId, file }));

  phase('order');
  const manifest = await publish({
    outDir: config.outDir,
    base: config.base,
    version: options.version,
    builtAt: new Date().toISOString(),
    records,
    extraParts,
    failures,
    removed,
    fingerprint,
  });
  phase('publish');
  // Only after the new publication is in place: entries and part files of records no longer published go.
  const extraStems = extraParts.map((g) => relative(cacheDir(config.outDir), g.stem).split(sep).join('/'));
  await pruneCache(config.outDir, keep, extraStems, index);
  nextIndex.extraStems = extraStems;
  try {
    await writeCacheIndex(config.outDir, nextIndex, index);
  } catch (err) {
    // The index only saves time: without it the next build reads and hashes every file.
    logger.warn({ cache: cacheDir(config.outDir) }, `cannot write the build cache index: ${(err as Error).message}`);
  }
  phase('prune');
  const estimate = estimateStoreSize(manifest.counts.quads, options.storeEstimate?.bytesPerQuad, options.storeEstimate?.limitBytes);
  // Only the in-process store lives in WASM memory; a remote store has its own limits.
  if (estimate.overHalf && !config.store) logger.warn({ quads: estimate.quads, estimate: formatBytes(estimate.bytes) }, storeSizeWarning(estimate));
  logger.info(
    { ...manifest.counts, ms: Date.now() - started, phases, jobs, hashed, storeEstimate: formatBytes(estimate.bytes), out: join(config.outDir, 'dumps') },
    `built ${manifest.counts.built} record(s), reused ${manifest.counts.reused}, removed ${manifest.counts.removed}, ${manifest.counts.failed} failed; in-process store about ${formatBytes(estimate.bytes)}`,
  );
  return { manifest, failures, storeEstimate: estimate, hashed };
}
