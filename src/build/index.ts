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
import { extractRecord } from '../extract/index.js';
import { RecordError } from '../extract/types.js';
import { toQuads } from '../model/index.js';
import { parse } from '../rdf/index.js';
import { validate } from '../validate/index.js';
import { gazetteerGraphQuads, linkExtraction, linkQuads, loadGazetteer, DEFAULT_GAZETTEER, type Gazetteer, type LinkResult } from '../link/index.js';
import { rootPath } from '../paths.js';
import { findRecordFiles } from './discover.js';
import { buildFingerprint, filesIn, pruneCache, readCacheEntry, writeCacheEntry } from './cache.js';
import { publish, recoverOut, type BuildFailure, type Manifest, type PublishedRecord } from './publish.js';

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
}

export interface BuildResult {
  manifest: Manifest;
  failures: BuildFailure[];
}

/** "file:line: reason", the one-line summary of a failed record. */
export function formatFailure(f: BuildFailure): string {
  return `${f.file}:${f.line}: ${f.reason}`;
}

/** The ontology graph: ontology/*.ttl except the SHACL shapes, in BASE graph/ontology. */
export async function ontologyQuads(dir: string, base: string): Promise<Quad[]> {
  const graph = DataFactory.namedNode(`${base}graph/ontology`);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.ttl') && n !== 'shapes.ttl').sort();
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

function failureOf(file: string, err: unknown): BuildFailure {
  if (err instanceof RecordError) return { file, line: err.line, reason: `${err.problem}. ${err.hint}` };
  const message = err instanceof Error ? err.message : String(err);
  return { file, line: 1, reason: message.replace(/\s+/g, ' ').trim() };
}

/** Run the build. Throws only when nothing can be published (unreadable data folder, unwritable out folder). */
export async function runBuild(options: BuildOptions): Promise<BuildResult> {
  const { config, logger } = options;
  const started = Date.now();
  const files = await findRecordFiles(config.dataDir);
  logger.info({ dataDir: config.dataDir, files: files.length }, 'building');
  // A build killed while publishing may have left out/ mid-swap: put the last published state back first.
  for (const what of await recoverOut(config.outDir)) logger.warn({ out: config.outDir }, `recovered from an interrupted build: ${what}`);
  const previous = await previousRecords(config.outDir);
  const records: PublishedRecord[] = [];
  // Link each record as it is built (keeping link results, not whole extractions, in memory).
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
  const linkResults: LinkResult[] = [];
  const failures: BuildFailure[] = [];
  const seenIds = new Map<string, string>();

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
      gazetteerPath,
    ],
  });

  for (const path of files) {
    const file = relative(config.dataDir, path).split(sep).join('/');
    bar?.increment(0, { file });
    let bytes: Buffer | undefined;
    try {
      bytes = await readFile(path);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // Unchanged since the last build: reuse its cached graph and links instead of extracting again.
      const prev = previous.get(file);
      const cached = prev && prev.sha256 === sha256 && !seenIds.has(prev.recordId)
        ? await readCacheEntry(config.outDir, prev.recordId, sha256, fingerprint)
        : undefined;
      if (cached && (cached.entry.link || !gazetteer)) {
        seenIds.set(prev!.recordId, file);
        if (gazetteer && cached.entry.link) linkResults.push(cached.entry.link);
        records.push({ recordId: prev!.recordId, file, sha256, quads: cached.quads, status: 'reused', dumpsFrom: join(config.outDir, 'dumps') });
        bar?.increment(1, { file });
        continue;
      }
      const ext = extractRecord(path, bytes);
      const other = seenIds.get(ext.recordId);
      if (other) throw new Error(`record id '${ext.recordId}' is also the id of ${other}; rename one of the files or fix its archive URL`);
      const quads = toQuads(ext, { base: config.base, version: options.version });
      const report = await validate(quads);
      const violations = report.results.filter((r) => r.severity === 'Violation');
      if (violations.length > 0) {
        const first = violations[0];
        const summary = `${violations.length} SHACL violation(s); first: <${first?.focusNode}> ${first?.path ? `${first.path} ` : ''}${first?.message}`;
        if (!options.allowInvalid) throw new Error(`${summary}. Fix the extraction, or build with --allow-invalid to publish anyway`);
        logger.warn({ file }, `published with ${summary}`);
      }
      seenIds.set(ext.recordId, file);
      const link = gazetteer ? linkExtraction(ext, gazetteer) : undefined;
      if (link) linkResults.push(link);
      records.push({ recordId: ext.recordId, file, sha256, quads, status: 'built' });
      try {
        await writeCacheEntry(config.outDir, { recordId: ext.recordId, sha256, fingerprint, ...(link ? { link } : {}) }, quads);
      } catch (err) {
        // The cache only saves time: the build goes on, and the record is extracted again next time.
        logger.warn({ file, cache: config.outDir }, `cannot write the build cache entry: ${(err as Error).message}`);
      }
    } catch (err) {
      const failure = failureOf(file, err);
      failures.push(failure);
      // Nothing already published is lost: a record that built before keeps its last published graph.
      const prev = previous.get(file);
      const prevNq = prev ? join(config.outDir, 'dumps', 'records', `${prev.recordId}.nq`) : undefined;
      if (prev && prevNq && existsSync(prevNq) && !seenIds.has(prev.recordId)) {
        const quads = parse(await readFile(prevNq, 'utf8'), 'nquads', undefined, prevNq);
        records.push({ recordId: prev.recordId, file, sha256: prev.sha256, quads, status: 'kept' });
        seenIds.set(prev.recordId, file);
        failure.reason += ` (kept the graph published by the previous build)`;
      }
    }
    bar?.increment(1, { file });
  }
  bar?.stop();
  for (const f of failures) process.stderr.write(`${formatFailure(f)}\n`);

  const extraQuads = await ontologyQuads(options.ontologyDir ?? rootPath('ontology'), config.base);
  if (gazetteer) {
    extraQuads.push(...linkQuads(linkResults, config.base, { softwareVersion: options.version }), ...gazetteerGraphQuads(gazetteer, config.base));
    logger.info({ links: linkResults.reduce((n, r) => n + r.links.length, 0) }, 'linked to the gazetteer');
  } else {
    logger.warn({ gazetteerPath }, 'no gazetteer: the links graph is not built (archive-ld gazetteer build makes one)');
  }

  // Records of the previous build whose files are gone (or now carry another id) leave the graph and the dumps.
  const published = new Set(records.map((r) => r.recordId));
  const removed = [...previous.entries()].filter(([, p]) => !published.has(p.recordId)).map(([file, p]) => ({ recordId: p.recordId, file }));

  const manifest = await publish({
    outDir: config.outDir,
    base: config.base,
    version: options.version,
    builtAt: new Date().toISOString(),
    records,
    extraQuads,
    failures,
    removed,
  });
  // Only after the new publication is in place: entries of records no longer published go.
  await pruneCache(config.outDir, new Set(records.map((r) => r.recordId)));
  logger.info(
    { ...manifest.counts, ms: Date.now() - started, out: join(config.outDir, 'dumps') },
    `built ${manifest.counts.built} record(s), reused ${manifest.counts.reused}, removed ${manifest.counts.removed}, ${manifest.counts.failed} failed`,
  );
  return { manifest, failures };
}
