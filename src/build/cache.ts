/**
 * The per-record build cache (out/cache/<recordId>.json): a record's quads (N-Quads) and its Wikidata link
 * result, keyed by the SHA-256 of the source bytes and a fingerprint of everything else extraction and
 * linking read (software version, base IRI, lexicons, gazetteer). A record whose bytes and fingerprint are
 * unchanged reuses its entry instead of being extracted, validated and linked again.
 *
 * Entries are written to a temporary file and renamed into place, so a killed build leaves either the old
 * entry or the new one, never half of one; an unreadable entry is treated as absent (the record is rebuilt).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Quad } from '@rdfjs/types';
import type { LinkResult } from '../link/index.js';
import { parse, quadToLine } from '../rdf/index.js';

/** One cached record. */
export interface CacheEntry {
  recordId: string;
  /** SHA-256 of the source bytes. */
  sha256: string;
  /** Fingerprint of the build context the entry was made in (see buildFingerprint). */
  fingerprint: string;
  /** The record's graph as N-Quads. */
  nquads: string;
  /** The record's Wikidata link result, when the build had a gazetteer. */
  link?: LinkResult;
}

/** Folder of the cache inside the out folder. */
export function cacheDir(outDir: string): string {
  return join(outDir, 'cache');
}

function entryPath(outDir: string, recordId: string): string {
  return join(cacheDir(outDir), `${encodeURIComponent(recordId)}.json`);
}

/**
 * Fingerprint of the build context: a change to any of these inputs invalidates every cache entry.
 * `files` are read whole (lexicons, gazetteer); missing files count as absent.
 */
export async function buildFingerprint(parts: { version: string; base: string; allowInvalid: boolean; files: string[] }): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`v=${parts.version}\nbase=${parts.base}\ninvalid=${parts.allowInvalid}\n`);
  for (const file of [...parts.files].sort()) {
    hash.update(`file=${file}\n`);
    if (existsSync(file)) hash.update(await readFile(file));
    else hash.update('<absent>');
    hash.update('\n');
  }
  return hash.digest('hex');
}

/**
 * The files below `dir` (recursively) whose names end with one of `exts`, for the fingerprint: the lexicons and
 * annotations (.json), the ontology and gazetteer (.ttl), and the extractor's, model's and linker's own code
 * (.ts), so a changed rule invalidates the cache even when the version number did not move.
 */
export async function filesIn(dir: string, exts: string[]): Promise<string[]> {
  try {
    const names = await readdir(dir, { recursive: true });
    return names.filter((n) => exts.some((e) => n.endsWith(e))).map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/**
 * The cached entry for `recordId` when it was made from the same bytes in the same context, else undefined.
 * Returns the parsed quads with it.
 */
export async function readCacheEntry(
  outDir: string,
  recordId: string,
  sha256: string,
  fingerprint: string,
): Promise<{ entry: CacheEntry; quads: Quad[] } | undefined> {
  const path = entryPath(outDir, recordId);
  try {
    const entry = JSON.parse(await readFile(path, 'utf8')) as CacheEntry;
    if (entry.recordId !== recordId || entry.sha256 !== sha256 || entry.fingerprint !== fingerprint || typeof entry.nquads !== 'string') return undefined;
    return { entry, quads: parse(entry.nquads, 'nquads', undefined, path) };
  } catch {
    // Absent, half-written by an older version, or corrupt: rebuild the record.
    return undefined;
  }
}

/** Write (atomically) the cache entry of one record. */
export async function writeCacheEntry(outDir: string, entry: Omit<CacheEntry, 'nquads'>, quads: Quad[]): Promise<void> {
  await mkdir(cacheDir(outDir), { recursive: true });
  const full: CacheEntry = { ...entry, nquads: quads.map((q) => `${quadToLine(q)}\n`).join('') };
  const path = entryPath(outDir, entry.recordId);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(full));
  await rename(tmp, path);
}

/** Delete cache entries (and stray temporary files) of records not in `keep`. Returns how many entries went. */
export async function pruneCache(outDir: string, keep: Set<string>): Promise<number> {
  let names: string[];
  try {
    names = await readdir(cacheDir(outDir));
  } catch {
    return 0;
  }
  const keepNames = new Set([...keep].map((id) => `${encodeURIComponent(id)}.json`));
  let removed = 0;
  for (const name of names) {
    if (keepNames.has(name)) continue;
    await rm(join(cacheDir(outDir), name), { force: true });
    if (name.endsWith('.json')) removed++;
  }
  return removed;
}
