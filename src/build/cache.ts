/**
 * The per-record build cache in out/cache/:
 * - `parts/<record>-<key>.{nq,trig,ttl,jsonld}[.gz]`: the record's part files as published, written by a build
 *   worker; `<key>` hashes the source bytes and the build fingerprint, so new content always gets new files and a
 *   published hard link to an older file is never changed underneath.
 * - `<record>.json`: a small entry (source SHA-256, fingerprint, quad count, Wikidata link result, VoID statistics,
 *   part file sizes and hashes, the part's stem).
 * - `@index.json`: a snapshot written at the end of each build: every published record's entry, and each source
 *   file's size, times, inode and SHA-256 (as git's index does), so a rebuild reads neither unchanged record
 *   files nor their entries one by one. A build that changed only a few of them writes just those changes, into
 *   `@index.delta.json`, which names the full index it applies to; the full index is written again once the
 *   changes add up.
 * A record whose bytes and fingerprint are unchanged reuses its entry and part files (hard-linked into the
 * publication) instead of being extracted, validated, linked and serialised again.
 *
 * Entries and part files are written to a temporary name and renamed into place, so a killed build leaves either
 * the old file or the new one, never half of one; an unreadable entry, or one whose part files are missing, is
 * treated as absent (the record is rebuilt).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { LinkResult } from '../link/index.js';
import { mapLimit } from '../concurrency.js';
import { PART_EXTENSIONS } from './parts.js';
import type { WrittenPart } from './part-writer.js';

/** One cached record. */
export interface CacheEntry extends WrittenPart {
  recordId: string;
  /** SHA-256 of the source bytes. */
  sha256: string;
  /** Fingerprint of the build context the entry was made in (see buildFingerprint). */
  fingerprint: string;
  /** Quads in the record's graph. */
  quads: number;
  /** Stem of the part files, relative to the cache folder ("parts/<record>-<key>"). */
  part: string;
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
 * Stem (relative to the cache folder) of the part files of `recordId` made from source `sha256` under
 * `fingerprint`: the same inputs always give the same stem, other inputs another one.
 */
export function partStem(recordId: string, sha256: string, fingerprint: string): string {
  const key = createHash('sha256').update(`${sha256}\n${fingerprint}`).digest('hex').slice(0, 16);
  return `parts/${encodeURIComponent(recordId)}-${key}`;
}

/**
 * Fingerprint of the build context: a change to any of these inputs invalidates every cache entry.
 * `files` are read whole (lexicons, gazetteer); missing files count as absent.
 */
export async function buildFingerprint(parts: { version: string; base: string; allowInvalid: boolean; files: string[] }): Promise<string> {
  const hash = createHash('sha256');
  // "layout=2": entries of the cache before part files existed never match.
  hash.update(`layout=2\nv=${parts.version}\nbase=${parts.base}\ninvalid=${parts.allowInvalid}\n`);
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
 * The cached entry for `recordId` when it was made from the same bytes (and, unless `fingerprint` is undefined,
 * in the same context) and all its part files are there; else undefined.
 */
export async function readCacheEntry(
  outDir: string,
  recordId: string,
  sha256: string,
  fingerprint: string | undefined,
  known?: CacheEntry,
): Promise<CacheEntry | undefined> {
  // The entry in the cache index when it matches (one file read per build instead of one per record).
  const fromIndex = usableEntry(outDir, known, recordId, sha256, fingerprint);
  if (fromIndex) return fromIndex;
  try {
    return usableEntry(outDir, JSON.parse(await readFile(entryPath(outDir, recordId), 'utf8')) as CacheEntry, recordId, sha256, fingerprint);
  } catch {
    // Absent, written by an older version, or corrupt: rebuild the record.
    return undefined;
  }
}

/** `entry` when it is for `recordId` and `sha256` (and `fingerprint` unless undefined) and its part files are all there. */
function usableEntry(outDir: string, entry: CacheEntry | undefined, recordId: string, sha256: string, fingerprint: string | undefined): CacheEntry | undefined {
  if (!entry || entry.recordId !== recordId || entry.sha256 !== sha256 || typeof entry.part !== 'string' || !entry.stats || !entry.sizes) return undefined;
  if (fingerprint !== undefined && entry.fingerprint !== fingerprint) return undefined;
  const stem = join(cacheDir(outDir), entry.part);
  return PART_EXTENSIONS.every((ext) => existsSync(`${stem}.${ext}`)) ? entry : undefined;
}

/** A cached extra graph (ontology, links, gazetteer): its part files, keyed by a hash of what it is made from. */
export interface GraphCacheEntry extends WrittenPart {
  name: string;
  /** Hash of the graph's inputs and the build fingerprint. */
  key: string;
  /** Stem of the part files, relative to the cache folder ("parts/graph-<name>-<key>"). */
  part: string;
}

function graphEntryPath(outDir: string, name: string): string {
  return join(cacheDir(outDir), 'graphs', `${encodeURIComponent(name)}.json`);
}

/** The cached extra graph `name` when it was made from inputs with hash `key` and its part files are there. */
export async function readGraphEntry(outDir: string, name: string, key: string): Promise<GraphCacheEntry | undefined> {
  try {
    const entry = JSON.parse(await readFile(graphEntryPath(outDir, name), 'utf8')) as GraphCacheEntry;
    if (entry.name !== name || entry.key !== key || typeof entry.part !== 'string' || !entry.stats || !entry.sizes) return undefined;
    const stem = join(cacheDir(outDir), entry.part);
    return PART_EXTENSIONS.every((ext) => existsSync(`${stem}.${ext}`)) ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** Write (atomically) the cache entry of an extra graph; its part files are already in place. */
export async function writeGraphEntry(outDir: string, entry: GraphCacheEntry): Promise<void> {
  const path = graphEntryPath(outDir, entry.name);
  await mkdir(join(cacheDir(outDir), 'graphs'), { recursive: true });
  await writeAtomically(path, JSON.stringify(entry));
}

/**
 * Write (atomically) the cache entry of one record; its part files are already in place. Build workers call it
 * as each record is done, so a build that is stopped half-way does not extract those records again.
 */
export async function writeCacheEntry(outDir: string, entry: CacheEntry): Promise<void> {
  await mkdir(cacheDir(outDir), { recursive: true });
  // Two workers may write the entry of the same record id (two files claiming it) at once: writeAtomically's
  // temporary names are unique per thread.
  await writeAtomically(entryPath(outDir, entry.recordId), JSON.stringify(entry));
}

/**
 * Delete the entries of records not in `keep` (record id -> stem of the part files still used), part files of
 * stems neither there nor in `keepStems` (the extra graphs'), and stray temporary files. Published hard links to
 * deleted part files stay valid (same inode). Returns how many record entries went.
 */
export async function pruneCache(outDir: string, keep: Map<string, string>, keepStems: string[] = [], previous?: CacheIndex): Promise<number> {
  const dir = cacheDir(outDir);
  const targeted = previous ? changedSince(previous, keep, keepStems) : undefined;
  if (targeted) {
    // A few records changed since the last build: remove just what they leave behind, without listing the
    // thousands of files of the cache (parts left by a build killed midway wait for the next full sweep).
    await mapLimit(targeted, 16, async ([recordId, entry]) => {
      if (!keep.has(recordId)) await rm(join(dir, `${encodeURIComponent(recordId)}.json`), { force: true });
      await Promise.all(PART_EXTENSIONS.map((ext) => rm(join(dir, `${entry.part}.${ext}`), { force: true })));
    });
    return targeted.filter(([recordId]) => !keep.has(recordId)).length;
  }
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const keepNames = new Set([...keep.keys()].map((id) => `${encodeURIComponent(id)}.json`));
  const gone = names.filter((name) => !(name === 'parts' || name === 'graphs' || name === INDEX_NAME || name === DELTA_NAME || keepNames.has(name)));
  // Thousands of small deletions after a full rebuild: several in flight at once.
  await mapLimit(gone, 32, (name) => rm(join(dir, name), { recursive: true, force: true }));
  const removed = gone.filter((name) => name.endsWith('.json')).length;
  const stems = new Set([...keep.values(), ...keepStems].map((s) => s.replace(/^parts\//, '')));
  let parts: string[] = [];
  try {
    parts = await readdir(join(dir, 'parts'));
  } catch {
    return removed;
  }
  const unused = parts.filter((name) => {
    const ext = PART_EXTENSIONS.find((e) => name.endsWith(`.${e}`));
    return !(ext && stems.has(name.slice(0, -(ext.length + 1))));
  });
  await mapLimit(unused, 32, (name) => rm(join(dir, 'parts', name), { force: true }));
  return removed;
}

/** Past this many changed records the cache is swept whole (listing it costs ~0.1-0.2 s at 1,000 records). */
const TARGETED_PRUNE_MAX = 10;

/**
 * The entries of the previous build whose parts are no longer kept (record gone, or rebuilt under another stem),
 * when they are few and the graphs' parts are the same as then; else undefined (sweep the whole cache).
 */
function changedSince(previous: CacheIndex, keep: Map<string, string>, keepStems: string[]): Array<[string, CacheEntry]> | undefined {
  const before = previous.extraStems;
  if (!before || before.length !== keepStems.length || before.some((stem, i) => stem !== keepStems[i])) return undefined;
  const changed = Object.entries(previous.entries).filter(([recordId, entry]) => keep.get(recordId) !== entry.part);
  return changed.length <= TARGETED_PRUNE_MAX ? changed : undefined;
}

/** What the cache index remembers of one source file. */
export interface SourceStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  sha256: string;
}

/** out/cache/@index.json with the changes of @index.delta.json applied (see the top of this file). */
export interface CacheIndex {
  version: 1;
  /** Source file (absolute path) -> its stamp when it was last read. */
  sources: Record<string, SourceStamp>;
  /** Record id -> its cache entry. */
  entries: Record<string, CacheEntry>;
  /** Stems of the graphs' parts (ontology, vocabularies) kept by that build; absent in older indexes. */
  extraStems?: string[];
}

/** "@" is never left as is by encodeURIComponent, so no record's entry can have these names. */
const INDEX_NAME = '@index.json';
const DELTA_NAME = '@index.delta.json';

/**
 * What the builds since the full index was written changed in it: sources and entries set (or removed: null), and
 * the graphs' stems. It names the full index it applies to by the `id` written in that file; any other is stale.
 */
interface IndexDelta {
  version: 1;
  base: string;
  sources: Record<string, SourceStamp | null>;
  entries: Record<string, CacheEntry | null>;
  extraStems?: string[];
}

/**
 * Past this many changed sources and entries since the full index, the full index is written again (and the delta
 * dropped). Below it a build writes only the delta: rewriting the full index (12 MB at 1,000 records, mostly
 * entries nobody changed) was a tenth of a one-record rebuild.
 */
const DELTA_MAX = 64;

/** For each index this module read or wrote: the full index on disk it derives from, and the delta applied to it. */
const origins = new WeakMap<CacheIndex, { outDir: string; base: string; delta: IndexDelta }>();

/**
 * The index this process wrote last, with the identity of the files it wrote: `build --watch` builds again and again
 * in one process, and parsing the index back (12 MB at 1,000 records) was a good part of each rebuild. Used only
 * while the files on disk are still those (same inode, size and modification time). Builds only read an index.
 */
let lastWritten: { outDir: string; files: string; index: CacheIndex } | undefined;

/** Identity of the index files as they are on disk (inode, size, modification time of each; absent = "-"). */
async function filesStamp(outDir: string): Promise<string> {
  const one = async (name: string): Promise<string> => {
    try {
      const s = await stat(join(cacheDir(outDir), name));
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return '-';
    }
  };
  return `${await one(INDEX_NAME)} ${await one(DELTA_NAME)}`;
}

const emptyDelta = (base: string): IndexDelta => ({ version: 1, base, sources: {}, entries: {} });

/** The cache index of the last build, or an empty one (absent, unreadable, another version). */
export async function readCacheIndex(outDir: string): Promise<CacheIndex> {
  try {
    if (lastWritten?.outDir === outDir && (await filesStamp(outDir)) === lastWritten.files) return lastWritten.index;
    const full = JSON.parse(await readFile(join(cacheDir(outDir), INDEX_NAME), 'utf8')) as CacheIndex & { id?: string };
    if (full.version === 1 && full.sources && full.entries) {
      const { id, ...index } = full;
      if (typeof id !== 'string') return index;
      let delta = emptyDelta(id);
      try {
        const read = JSON.parse(await readFile(join(cacheDir(outDir), DELTA_NAME), 'utf8')) as IndexDelta;
        // A delta of another full index (a build killed between writing the full index and removing the delta).
        if (read.version === 1 && read.base === id && read.sources && read.entries) delta = read;
      } catch {
        // No delta: the full index is the whole of it.
      }
      applyDelta(index, delta);
      origins.set(index, { outDir, base: id, delta });
      return index;
    }
  } catch {
    // Absent or damaged: every file is read and hashed, as without an index.
  }
  return { version: 1, sources: {}, entries: {} };
}

function applyDelta(index: CacheIndex, delta: IndexDelta): void {
  for (const [path, stamp] of Object.entries(delta.sources)) {
    if (stamp) index.sources[path] = stamp;
    else delete index.sources[path];
  }
  for (const [id, entry] of Object.entries(delta.entries)) {
    if (entry) index.entries[id] = entry;
    else delete index.entries[id];
  }
  if (delta.extraStems) index.extraStems = delta.extraStems;
}

/**
 * `previous`'s delta with the changes from `previous` to `next` added, or undefined when `previous` was not read
 * from (or written to) `outDir`'s index or the delta would grow past DELTA_MAX. Unchanged sources and entries are
 * the very objects of `previous` (a build reuses them), so they are told apart without comparing their contents.
 */
function nextDelta(outDir: string, next: CacheIndex, previous: CacheIndex | undefined): { delta: IndexDelta; changed: boolean } | undefined {
  const origin = previous ? origins.get(previous) : undefined;
  if (!previous || !origin || origin.outDir !== outDir) return undefined;
  const delta: IndexDelta = { ...origin.delta, sources: { ...origin.delta.sources }, entries: { ...origin.delta.entries } };
  let changed = false;
  const diff = <T>(before: Record<string, T>, after: Record<string, T>, into: Record<string, T | null>): void => {
    for (const [key, value] of Object.entries(after)) {
      if (before[key] !== value) {
        into[key] = value;
        changed = true;
      }
    }
    for (const key of Object.keys(before)) {
      if (!(key in after)) {
        into[key] = null;
        changed = true;
      }
    }
  };
  diff(previous.sources, next.sources, delta.sources);
  diff(previous.entries, next.entries, delta.entries);
  if ((next.extraStems ?? []).join('\n') !== (previous.extraStems ?? []).join('\n')) {
    delta.extraStems = next.extraStems ?? [];
    changed = true;
  }
  if (Object.keys(delta.sources).length + Object.keys(delta.entries).length > DELTA_MAX) return undefined;
  return { delta, changed };
}

/**
 * Write (atomically) the cache index `next`. With `previous`, the index this build started from, only what changed
 * is written, into the delta file, unless the changes since the full index are many; nothing at all when nothing
 * changed.
 */
export async function writeCacheIndex(outDir: string, next: CacheIndex, previous?: CacheIndex): Promise<void> {
  await mkdir(cacheDir(outDir), { recursive: true });
  const step = nextDelta(outDir, next, previous);
  if (step) {
    if (step.changed) await writeAtomically(join(cacheDir(outDir), DELTA_NAME), JSON.stringify(step.delta));
    origins.set(next, { outDir, base: step.delta.base, delta: step.delta });
  } else {
    const id = randomBytes(8).toString('hex');
    await writeAtomically(join(cacheDir(outDir), INDEX_NAME), JSON.stringify({ ...next, id }));
    // A delta left now names the previous full index: stale, ignored by readCacheIndex even if this rm is missed.
    await rm(join(cacheDir(outDir), DELTA_NAME), { force: true });
    origins.set(next, { outDir, base: id, delta: emptyDelta(id) });
  }
  lastWritten = { outDir, files: await filesStamp(outDir), index: next };
}

/** Write `text` to a temporary name unique to this process and thread, then rename it to `path`. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}-${threadId}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/**
 * Modification times closer than this to the moment a file was looked at are not trusted: a file written twice
 * within one tick of a coarse file-system clock would keep its time (git calls such entries "racily clean").
 */
const RACY_MS = 2000;

/**
 * The SHA-256 of `path`'s bytes: the remembered one when the file's size, times and inode are those of the last
 * build (and its time not racily close to that look), else read and hashed. Also returns the stamp to remember.
 *
 * @example
 *   const { sha256, stamp } = await sourceHash(path, index.sources[path]);
 */
export async function sourceHash(path: string, known: SourceStamp | undefined): Promise<{ sha256: string; stamp: SourceStamp | undefined; read: boolean }> {
  const lookedAt = Date.now();
  const st = await stat(path);
  if (
    known &&
    known.size === st.size &&
    known.mtimeMs === st.mtimeMs &&
    known.ctimeMs === st.ctimeMs &&
    known.ino === st.ino &&
    st.mtimeMs < lookedAt - RACY_MS &&
    st.ctimeMs < lookedAt - RACY_MS
  ) {
    return { sha256: known.sha256, stamp: known, read: false };
  }
  const sha256 = createHash('sha256').update(await readFile(path)).digest('hex');
  // Stamped with the times seen before reading: a change while reading gives other times next build, so a re-read.
  const racy = st.mtimeMs >= lookedAt - RACY_MS || st.ctimeMs >= lookedAt - RACY_MS;
  return { sha256, stamp: racy ? undefined : { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, sha256 }, read: true };
}
