/**
 * The work of the build on one record, as run by a build worker (or in-process with --jobs 1): read the file,
 * hash it, extract, model (toQuads), validate (SHACL), link (gazetteer), and write its part files into the build
 * cache. Only small things go back to the caller; the record's quads stay here.
 *
 * @example
 *   const ctx = createRecordContext({ outDir, base, version, fingerprint, allowInvalid: false });
 *   const outcome = await buildRecord(ctx, '/data/a.txt');
 *   if (outcome.ok) outcome.entry.stats.triples;
 */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { extractRecord } from '../extract/index.js';
import { RecordError } from '../extract/types.js';
import { toCanonicalQuads, toQuads } from '../model/index.js';
import { validate } from '../validate/index.js';
import { linkExtraction, loadGazetteer, type Gazetteer } from '../link/index.js';
import { cacheDir, partStem, writeCacheEntry, type CacheEntry } from './cache.js';
import { partNquads, writePart } from './part-writer.js';

/** What every record job of one build shares (sent to each worker once). Plain data: it crosses threads. */
export interface RecordContextInput {
  outDir: string;
  base: string;
  version: string;
  fingerprint: string;
  allowInvalid: boolean;
  /** Gazetteer to link with; absent = no links. The main thread has already checked that it loads. */
  gazetteerPath?: string;
}

export interface RecordContext extends RecordContextInput {
  gazetteer?: Gazetteer;
}

/** Load what the jobs share (the gazetteer, once per worker). */
export function createRecordContext(input: RecordContextInput): RecordContext {
  return input.gazetteerPath ? { ...input, gazetteer: loadGazetteer(input.gazetteerPath, input.base) } : { ...input };
}

/** Result of one record job: a cache entry (part files written) or where and why it failed. */
export type RecordOutcome =
  | { ok: true; entry: CacheEntry; warnings: string[] }
  | { ok: false; sha256?: string; line: number; reason: string };

/** A failure as "line, reason" (RecordError keeps its line and hint; anything else is line 1). */
export function failureOutcome(err: unknown, sha256?: string): Extract<RecordOutcome, { ok: false }> {
  const base = sha256 ? { ok: false as const, sha256 } : { ok: false as const };
  if (err instanceof RecordError) return { ...base, line: err.line, reason: `${err.problem}. ${err.hint}` };
  const message = err instanceof Error ? err.message : String(err);
  return { ...base, line: 1, reason: message.replace(/\s+/g, ' ').trim() };
}

/**
 * Extract, model and validate `path` and throw the result away: loads the extractor's lexicons and the SHACL
 * shapes (both built on first use), so that the next record built in this thread does not pay for them.
 * `build --watch` calls it once before it waits for changes. Never throws.
 */
export async function warmUp(path: string): Promise<void> {
  try {
    const ext = extractRecord(path, await readFile(path));
    await validate(toQuads(ext, { base: 'http://localhost/', version: 'warm-up' }));
  } catch {
    // A record that fails here fails in the build too, where it is reported.
  }
}

/** Build one record file into the cache. Never throws: a failure is an outcome. */
export async function buildRecord(ctx: RecordContext, path: string): Promise<RecordOutcome> {
  let sha256: string | undefined;
  try {
    const bytes = await readFile(path);
    sha256 = createHash('sha256').update(bytes).digest('hex');
    const ext = extractRecord(path, bytes);
    const { quads, lines } = toCanonicalQuads(ext, { base: ctx.base, version: ctx.version });
    // The N-Quads lines the canonical sort made are the part's N-Quads: turned into its file's bytes now, so the
    // lines (a few MiB of strings) die young instead of living through validation into the old generation.
    const nquads = partNquads(quads, ctx.base, lines);
    const report = await validate(quads);
    const violations = report.results.filter((r) => r.severity === 'Violation');
    const warnings: string[] = [];
    if (violations.length > 0) {
      const first = violations[0];
      const summary = `${violations.length} SHACL violation(s); first: <${first?.focusNode}> ${first?.path ? `${first.path} ` : ''}${first?.message}`;
      if (!ctx.allowInvalid) throw new Error(`${summary}. Fix the extraction, or build with --allow-invalid to publish anyway`);
      warnings.push(`published with ${summary}`);
    }
    const link = ctx.gazetteer ? linkExtraction(ext, ctx.gazetteer) : undefined;
    const part = partStem(ext.recordId, sha256, ctx.fingerprint);
    const written = await writePart(join(cacheDir(ctx.outDir), part), quads, ctx.base, nquads);
    const entry: CacheEntry = { recordId: ext.recordId, sha256, fingerprint: ctx.fingerprint, quads: quads.length, part, ...written, ...(link ? { link } : {}) };
    try {
      await writeCacheEntry(ctx.outDir, entry);
    } catch (err) {
      // The cache only saves time: the record is published all the same, and extracted again next time.
      warnings.push(`cannot write the build cache entry in ${cacheDir(ctx.outDir)}: ${(err as Error).message}`);
    }
    return { ok: true, entry, warnings };
  } catch (err) {
    return failureOutcome(err, sha256);
  }
}
