/**
 * Writing a build's output: per-record TriG and N-Quads, the whole dataset as N-Quads and TriG, the union of
 * all graphs as Turtle and N-Triples, each also gzipped, the VoID/DCAT description and the manifest.
 *
 * Atomicity: everything is written into a fresh staging folder next to out/dumps and swapped in with renames
 * only when all of it is written, so a failed or interrupted build never leaves published files half-written.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { FORMAT_INFO, quadToLine, serialize, writeQuadsStream, type RdfFormat } from '../rdf/index.js';
import { DatasetStats, voidQuads, type DumpFile } from './void.js';

export interface PublishedRecord {
  recordId: string;
  /** Source file, relative to the data folder. */
  file: string;
  /** SHA-256 of the source bytes. */
  sha256: string;
  quads: Quad[];
  /** 'built' this time, 'reused' from the cache (unchanged since the last build), or 'kept' from the previous build because this time it failed. */
  status: 'built' | 'kept' | 'reused';
  /** Published dumps folder holding this record's unchanged per-record files, copied instead of written again. */
  dumpsFrom?: string;
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
  counts: { records: number; built: number; reused: number; removed: number; kept: number; failed: number; quads: number; triples: number; graphs: number; entities: number };
  records: Array<{ recordId: string; file: string; sha256: string; quads: number; status: 'built' | 'kept' | 'reused' }>;
  /** Records of the previous build whose files are gone: their graphs are no longer published. */
  removed: Array<{ recordId: string; file: string }>;
  failures: BuildFailure[];
  files: ManifestFile[];
}

export interface PublishInput {
  outDir: string;
  base: string;
  version: string;
  builtAt: string;
  records: PublishedRecord[];
  /** Other graphs (ontology, links, gazetteer), quads already in their graphs. */
  extraQuads: Quad[];
  failures: BuildFailure[];
  /** Records published by the previous build and gone now (listed in the manifest). */
  removed?: Array<{ recordId: string; file: string }>;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

class Writer {
  readonly files: Array<DumpFile & { path: string }> = [];
  constructor(private readonly dir: string) {}

  /** Stream `quads` to `name` in `format`, then write its .gz twin. */
  async write(name: string, format: RdfFormat, quads: Iterable<Quad>): Promise<void> {
    const path = join(this.dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeQuadsStream(quads, format, createWriteStream(path));
    await this.gzip(name, FORMAT_INFO[format].mediaType, path);
  }

  async writeText(name: string, mediaType: string, text: string): Promise<void> {
    const path = join(this.dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    await this.gzip(name, mediaType, path);
  }

  /** Copy `name` and its .gz twin from the folder `from` (an unchanged file of the previous publication). */
  async copy(name: string, format: RdfFormat, from: string): Promise<void> {
    const path = join(this.dir, name);
    await mkdir(dirname(path), { recursive: true });
    await copyFile(join(from, name), path);
    await copyFile(join(from, `${name}.gz`), `${path}.gz`);
    const mediaType = FORMAT_INFO[format].mediaType;
    this.files.push({ name, path, mediaType, bytes: (await stat(path)).size });
    this.files.push({ name: `${name}.gz`, path: `${path}.gz`, mediaType, bytes: (await stat(`${path}.gz`)).size, compress: 'gzip' });
  }

  private async gzip(name: string, mediaType: string, path: string): Promise<void> {
    await pipeline(createReadStream(path), createGzip({ level: 9 }), createWriteStream(`${path}.gz`));
    this.files.push({ name, path, mediaType, bytes: (await stat(path)).size });
    this.files.push({ name: `${name}.gz`, path: `${path}.gz`, mediaType, bytes: (await stat(`${path}.gz`)).size, compress: 'gzip' });
  }
}

/** Quads with the graph dropped, each distinct triple once. */
function* unionTriples(quads: Iterable<Quad>): Generator<Quad> {
  const seen = new Set<string>();
  for (const q of quads) {
    const line = quadToLine(q, false);
    if (seen.has(line)) continue;
    seen.add(line);
    yield DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.defaultGraph());
  }
}

/** Keep a graph's quads together so TriG writes one block per graph. */
function* allQuads(input: PublishInput): Generator<Quad> {
  for (const r of input.records) yield* r.quads;
  yield* input.extraQuads;
}

/**
 * Write the publication into out/dumps (swapped in atomically) and out/manifest.json. Returns the manifest.
 */
export async function publish(input: PublishInput): Promise<Manifest> {
  const dumpsDir = join(input.outDir, 'dumps');
  const staging = join(input.outDir, `.staging-${process.pid}-${Date.now()}`);
  await mkdir(staging, { recursive: true });
  try {
    const w = new Writer(staging);
    const stats = new DatasetStats(input.base);
    for (const r of input.records) {
      const names = [`records/${r.recordId}.trig`, `records/${r.recordId}.nq`] as const;
      const from = r.dumpsFrom;
      // An unchanged record's files are byte-identical to the published ones: copying skips serialising and gzip.
      if (from && names.every((n) => existsSync(join(from, n)) && existsSync(join(from, `${n}.gz`)))) {
        await w.copy(names[0], 'trig', from);
        await w.copy(names[1], 'nquads', from);
      } else {
        await w.write(names[0], 'trig', r.quads);
        await w.write(names[1], 'nquads', r.quads);
      }
    }
    for (const q of allQuads(input)) stats.add(q, quadToLine(q, false));
    await w.write('dataset.nq', 'nquads', allQuads(input));
    await w.write('dataset.trig', 'trig', allQuads(input));
    await w.write('union.nt', 'ntriples', unionTriples(allQuads(input)));
    await w.write('union.ttl', 'turtle', unionTriples(allQuads(input)));
    const dumps = w.files.map(({ path: _p, ...d }) => d);
    const voidTtl = await serialize(
      voidQuads(stats, dumps, { base: input.base, version: input.version, builtAt: input.builtAt, records: input.records.length }),
      'turtle',
    );
    await w.writeText('void.ttl', 'text/turtle', voidTtl);

    const files: ManifestFile[] = [];
    for (const f of w.files) files.push({ name: f.name, bytes: f.bytes, sha256: await sha256File(f.path) });
    const manifest: Manifest = {
      software: 'archive-ld',
      version: input.version,
      base: input.base,
      builtAt: input.builtAt,
      counts: {
        records: input.records.length + input.failures.filter((f) => !input.records.some((r) => r.file === f.file)).length,
        built: input.records.filter((r) => r.status === 'built').length,
        reused: input.records.filter((r) => r.status === 'reused').length,
        removed: input.removed?.length ?? 0,
        kept: input.records.filter((r) => r.status === 'kept').length,
        failed: input.failures.length,
        quads: stats.quads,
        triples: stats.triples.size,
        graphs: stats.graphs.size,
        entities: stats.entities(),
      },
      records: input.records.map((r) => ({ recordId: r.recordId, file: r.file, sha256: r.sha256, quads: r.quads.length, status: r.status })),
      removed: input.removed ?? [],
      failures: input.failures,
      files,
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(join(staging, 'manifest.json'), manifestText);

    // Swap: the old dumps move aside, the new ones take their place, then the old ones go.
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
    if (moved) await rm(previous, { recursive: true, force: true });
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
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
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
