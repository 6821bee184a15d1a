/**
 * Writing a build's publication into out/dumps (layout 2, docs/publication.md): every named graph is a *part*
 * with its N-Quads, TriG, Turtle and JSON-LD files (and gzip twins), hard-linked from the build cache (record
 * parts written there by the build workers, the extra graphs by the build itself); then the VoID/DCAT description and the manifest, which lists the parts in order and the whole-dataset
 * dumps assembled from them with their exact sizes. No whole-dataset file is written: `serve` and
 * `archive-ld dump` assemble them from the parts (src/build/assemble.ts).
 *
 * Atomicity: everything is put into a staging folder next to out/dumps and swapped in with renames only when all
 * of it is there, so a failed or interrupted build never leaves published files half-written.
 *
 * Cost: the publication swapped out is not deleted but kept as out/.spare, and the next build turns it into its
 * staging folder by relinking only the files whose content differs (it knows them from the spare's own
 * manifest). A rebuild after one changed record therefore touches a handful of files, not every part of every
 * record. Without a usable spare (first build, or an interrupted one) the staging folder is made from scratch.
 */
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serialize } from '../rdf/index.js';
import { mapLimit } from '../concurrency.js';
import { processAlive } from './lock.js';
import type { PartFileInfo } from './part-writer.js';
import { assembledDumps, GZIP_LEVEL, LAYOUT_VERSION, PART_EXTENSIONS, partFile, type AssembledDump, type PartExtension, type PartSizes } from './parts.js';
import { emptyStats, mergeStats, voidQuads, type GraphStats } from './void.js';

export interface PublishedRecord {
  recordId: string;
  /** Source file, relative to the data folder. */
  file: string;
  /** SHA-256 of the source bytes. */
  sha256: string;
  /** Quads in the record's graph. */
  quads: number;
  /** 'built' this time, 'reused' from the cache (unchanged since the last build), or 'kept' from the previous build because this time it failed. */
  status: 'built' | 'kept' | 'reused';
  /** Absolute path of the record's part files without extension (in the build cache): hard-linked into the publication. */
  stem: string;
  files: Record<PartExtension, PartFileInfo>;
  sizes: PartSizes;
  stats: GraphStats;
}

/** A graph other than the records' (ontology, links, gazetteer): part graphs/<name>, its files in the build cache. */
export interface ExtraPart {
  name: string;
  /** Absolute path of the part files without extension. */
  stem: string;
  files: Record<PartExtension, PartFileInfo>;
  sizes: PartSizes;
  stats: GraphStats;
}

export interface BuildFailure {
  file: string;
  line: number;
  reason: string;
}

export interface ManifestFile {
  name: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  software: string;
  version: string;
  base: string;
  builtAt: string;
  /** Publication layout (2: parts, see docs/publication.md). */
  layout: number;
  /** Fingerprint of the code and data the build ran with (build cache key; see src/build/cache.ts). */
  fingerprint: string;
  /**
   * Counts; `triples` and `entities` are summed over the named graphs (a triple stated in two graphs counts twice),
   * `quads` and `graphs` are exact.
   */
  counts: { records: number; built: number; reused: number; removed: number; kept: number; failed: number; quads: number; triples: number; graphs: number; entities: number };
  records: Array<{ recordId: string; file: string; sha256: string; quads: number; status: 'built' | 'kept' | 'reused' }>;
  /** Records of the previous build whose files are gone: their graphs are no longer published. */
  removed: Array<{ recordId: string; file: string }>;
  failures: BuildFailure[];
  /** Parts in order ("records/<id>" in record order, then "graphs/<name>"); each is one named graph. */
  parts: string[];
  /** Whole-dataset dumps assembled from the parts, with their exact sizes (none for those compressed on the fly). */
  dumps: AssembledDump[];
  /** Every file in the dumps folder. */
  files: ManifestFile[];
}

export interface PublishInput {
  outDir: string;
  base: string;
  version: string;
  builtAt: string;
  records: PublishedRecord[];
  /** Other graphs (ontology, links, gazetteer), after the records. */
  extraParts: ExtraPart[];
  failures: BuildFailure[];
  /** Records published by the previous build and gone now (listed in the manifest). */
  removed?: Array<{ recordId: string; file: string }>;
  /** Fingerprint of the code and data that made the parts (see cache.ts); parts of a build with another one are never reused. */
  fingerprint: string;
}

/** Hard-link `from` to `to` (same file system: out/cache and out/dumps); copy when links are not possible. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK' && code !== 'ENOTSUP') {
      throw new Error(`cannot link ${from} into the publication as ${to}: ${(err as Error).message}. Check that ${dirname(to)} is writable.`);
    }
    await copyFile(from, to);
  }
}

/** Name of the previous publication kept inside the out folder to be recycled as the next staging folder. */
export const SPARE_DIR = '.spare';

/**
 * A staging folder for the next publication: the spare (the publication before the current one) moved to
 * `staging`, with the files it holds (name -> SHA-256, from its own manifest); or an empty folder when there is
 * no usable spare.
 */
async function makeStaging(outDir: string, staging: string): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  try {
    await rename(join(outDir, SPARE_DIR), staging);
  } catch {
    await mkdir(staging, { recursive: true });
    return held;
  }
  try {
    const spare = JSON.parse(await readFile(join(staging, 'manifest.json'), 'utf8')) as Partial<Manifest>;
    if (spare.layout !== LAYOUT_VERSION || !Array.isArray(spare.files)) throw new Error('not a publication of this layout');
    for (const f of spare.files) held.set(f.name, f.sha256);
    return held;
  } catch {
    // Not a publication this build can recycle (an older layout, or damaged): start from an empty folder.
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    return new Map();
  }
}

/** Remove `path`; absent is fine. */
async function unlinkIfThere(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

async function putText(path: string, bytes: Buffer): Promise<ManifestFile & { name: string }> {
  await writeFile(path, bytes);
  return { name: '', bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Write the publication into out/dumps (swapped in atomically) and out/manifest.json. Returns the manifest.
 */
export async function publish(input: PublishInput): Promise<Manifest> {
  const dumpsDir = join(input.outDir, 'dumps');
  const staging = join(input.outDir, `.staging-${process.pid}-${Date.now()}`);
  const held = await makeStaging(input.outDir, staging);
  await mkdir(join(staging, 'records'), { recursive: true });
  try {
    const files: ManifestFile[] = [];
    const parts: string[] = [];
    const sizes: PartSizes[] = [];
    const stats = emptyStats();
    for (const r of input.records) {
      const part = `records/${r.recordId}`;
      if (r.recordId.includes('/')) await mkdir(dirname(partFile(staging, part, 'nq')), { recursive: true });
      for (const ext of PART_EXTENSIONS) files.push({ name: `${part}.${ext}`, ...r.files[ext] });
      parts.push(part);
      sizes.push(r.sizes);
      mergeStats(stats, r.stats);
    }
    for (const g of input.extraParts) {
      const part = `graphs/${g.name}`;
      for (const ext of PART_EXTENSIONS) files.push({ name: `${part}.${ext}`, ...g.files[ext] });
      parts.push(part);
      sizes.push(g.sizes);
      mergeStats(stats, g.stats);
    }
    await mkdir(join(staging, 'graphs'), { recursive: true });
    const wanted = [
      ...input.records.map((r) => ({ stem: r.stem, part: `records/${r.recordId}`, files: r.files })),
      ...input.extraParts.map((g) => ({ stem: g.stem, part: `graphs/${g.name}`, files: g.files })),
    ].flatMap(({ stem, part, files: info }) => PART_EXTENSIONS.map((ext) => ({ from: `${stem}.${ext}`, name: `${part}.${ext}`, sha256: info[ext].sha256 })));
    // A recycled spare already holds most files: link only those it lacks or holds with other content.
    const wantedNames = new Set(wanted.map((w) => w.name));
    const stale = [...held.keys()].filter((name) => !wantedNames.has(name));
    const links = wanted.filter((w) => held.get(w.name) !== w.sha256);
    // Many small calls: several in flight at once instead of one after the other.
    await mapLimit(stale, 32, (name) => unlinkIfThere(join(staging, name)));
    await mapLimit(links, 32, async ({ from, name }) => {
      const to = join(staging, name);
      if (held.has(name)) await unlinkIfThere(to);
      await linkOrCopy(from, to);
    });
    const dumps = assembledDumps(sizes);
    const voidTtl = Buffer.from(
      await serialize(voidQuads(stats, dumps, { base: input.base, version: input.version, builtAt: input.builtAt, records: input.records.length }), 'turtle'),
    );
    files.push({ ...(await putText(join(staging, 'void.ttl'), voidTtl)), name: 'void.ttl' });
    files.push({ ...(await putText(join(staging, 'void.ttl.gz'), gzipSync(voidTtl, { level: GZIP_LEVEL }))), name: 'void.ttl.gz' });

    const manifest: Manifest = {
      software: 'archive-ld',
      version: input.version,
      base: input.base,
      builtAt: input.builtAt,
      layout: LAYOUT_VERSION,
      fingerprint: input.fingerprint,
      counts: {
        records: input.records.length + input.failures.filter((f) => !input.records.some((r) => r.file === f.file)).length,
        built: input.records.filter((r) => r.status === 'built').length,
        reused: input.records.filter((r) => r.status === 'reused').length,
        removed: input.removed?.length ?? 0,
        kept: input.records.filter((r) => r.status === 'kept').length,
        failed: input.failures.length,
        quads: stats.quads,
        triples: stats.triples,
        graphs: stats.graphs,
        entities: stats.entities,
      },
      records: input.records.map((r) => ({ recordId: r.recordId, file: r.file, sha256: r.sha256, quads: r.quads, status: r.status })),
      removed: input.removed ?? [],
      failures: input.failures,
      parts,
      dumps,
      files,
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(join(staging, 'manifest.json'), manifestText);

    // Swap: the old dumps move aside, the new ones take their place, then the old ones become the spare.
    const previous = join(input.outDir, `.previous-${process.pid}-${Date.now()}`);
    let moved = false;
    try {
      await rename(dumpsDir, previous);
      moved = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    try {
      await rename(staging, dumpsDir);
    } catch (err) {
      if (moved) await rename(previous, dumpsDir);
      throw err;
    }
    if (moved) {
      try {
        await rename(previous, join(input.outDir, SPARE_DIR));
      } catch {
        // A spare only saves time: without one the next build stages from scratch.
        await rm(previous, { recursive: true, force: true });
      }
    }
    const tmp = join(input.outDir, `.manifest-${process.pid}.json`);
    await writeFile(tmp, manifestText);
    await rename(tmp, join(input.outDir, 'manifest.json'));
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Whether the process whose id is in a temporary name (.staging-<pid>-..., .previous-<pid>-..., .manifest-<pid>.json) still runs. */
function ownerAlive(name: string): boolean {
  const pid = Number(/^\.(?:staging|previous|manifest)-(\d+)/.exec(name)?.[1]);
  return pid !== process.pid && processAlive(pid);
}

/**
 * Repair what a build killed during publication can leave behind: the swap moves the old dumps aside before the
 * new ones take their place, so a kill between the two renames leaves no out/dumps but a .previous-* folder
 * (moved back here); a kill after the swap but before out/manifest.json was replaced leaves that manifest
 * describing the old dumps (replaced here by the copy inside out/dumps). Leftover staging folders are removed.
 * Call before reading or replacing out/ (build, serve). Returns what was repaired, for the log.
 */
export async function recoverOut(outDir: string): Promise<string[]> {
  const repaired: string[] = [];
  let names: string[];
  try {
    names = await readdir(outDir);
  } catch {
    return repaired;
  }
  const dumpsDir = join(outDir, 'dumps');
  // Only leftovers of processes that are gone: a build running now owns its own staging and swap.
  names = names.filter((n) => n === 'dumps' || n === 'manifest.json' || !ownerAlive(n));
  const previous = names.filter((n) => n.startsWith('.previous-')).sort();
  if (!names.includes('dumps') && previous.length > 0) {
    const last = previous.pop() as string;
    await rename(join(outDir, last), dumpsDir);
    repaired.push(`restored out/dumps from ${last}`);
  }
  for (const n of [...previous, ...names.filter((x) => x.startsWith('.staging-') || /^\.manifest-\d+\.json$/.test(x))]) {
    if (n === 'dumps') continue;
    await rm(join(outDir, n), { recursive: true, force: true });
    repaired.push(`removed ${n}`);
  }
  try {
    const inside = await readFile(join(dumpsDir, 'manifest.json'), 'utf8');
    let outside = '';
    try {
      outside = await readFile(join(outDir, 'manifest.json'), 'utf8');
    } catch {
      // Absent: written below.
    }
    if (outside !== inside) {
      const tmp = join(outDir, `.manifest-${process.pid}.json`);
      await writeFile(tmp, inside);
      await rename(tmp, join(outDir, 'manifest.json'));
      repaired.push('replaced out/manifest.json by the one of the published dumps');
    }
  } catch {
    // No published dumps (first build, or an older layout without dumps/manifest.json): nothing to match.
  }
  return repaired;
}
