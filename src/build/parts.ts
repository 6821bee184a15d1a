/**
 * The publication layout shared by the build (which writes parts) and `serve` / `archive-ld dump` (which assemble
 * whole-dataset dumps from them): part file extensions, the assembled dumps and how each is made, the JSON-LD
 * separators, and the exact byte size of every assembled dump computed from the part sizes alone.
 * See docs/publication.md.
 *
 * @example
 *   partFile(dumpsDir, 'records/abc', 'nq.gz'); // <dumpsDir>/records/abc.nq.gz
 *   assembledDumps(sizes); // [{ name: 'dataset.nq', mediaType: 'application/n-quads', bytes: 1234 }, ...]
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Version of the layout written in the manifest (`layout`). Dumps folders without it are of the old layout. */
export const LAYOUT_VERSION = 2;

/** The serialisations every part is written in. */
export const PART_FORMATS = ['nq', 'trig', 'ttl', 'jsonld'] as const;
export type PartFormat = (typeof PART_FORMATS)[number];

/** Every file of a part: each format and its gzip twin. */
export const PART_EXTENSIONS = ['nq', 'nq.gz', 'trig', 'trig.gz', 'ttl', 'ttl.gz', 'jsonld', 'jsonld.gz'] as const;
export type PartExtension = (typeof PART_EXTENSIONS)[number];

/** Media type of each part format (also of the dump assembled from it). */
export const PART_MEDIA_TYPES: Readonly<Record<PartFormat, string>> = {
  nq: 'application/n-quads',
  trig: 'application/trig',
  ttl: 'text/turtle',
  jsonld: 'application/ld+json',
};

/**
 * Gzip level of every part's .gz twin and of the separator members. 3, not gzip's default 6: on record parts it
 * takes less than half the time (about 8 instead of 18 ms per record for the four files) for files about a quarter
 * larger (174 instead of 136 KB per record), so a build stays fast while the downloads keep an exact size and
 * a compression ratio of 12-19 (docs/publication.md).
 */
export const GZIP_LEVEL = 3;

/** JSON-LD dataset = OPEN + part1 + SEPARATOR + part2 ... + CLOSE (a JSON array of graph objects). */
export const JSONLD_OPEN = Buffer.from('[');
export const JSONLD_SEPARATOR = Buffer.from(',');
export const JSONLD_CLOSE = Buffer.from(']');
/** The same separators, each as one gzip member, for dataset.jsonld.gz (a multi-member gzip stream). */
export const JSONLD_OPEN_GZ = gzipSync(JSONLD_OPEN, { level: GZIP_LEVEL });
export const JSONLD_SEPARATOR_GZ = gzipSync(JSONLD_SEPARATOR, { level: GZIP_LEVEL });
export const JSONLD_CLOSE_GZ = gzipSync(JSONLD_CLOSE, { level: GZIP_LEVEL });

/** Path of one file of part `part` ("records/<id>" or "graphs/<name>") in a dumps folder. */
export function partFile(dumpsDir: string, part: string, ext: PartExtension): string {
  return join(dumpsDir, `${part}.${ext}`);
}

/** Byte sizes of one part's files, plus `nt`: the size of its N-Quads lines with the graph term dropped. */
export type PartSizes = Record<PartExtension | 'nt', number>;

/** One whole-dataset dump as listed in the manifest; `bytes` is absent when it is compressed on the fly. */
export interface AssembledDump {
  name: string;
  mediaType: string;
  bytes?: number;
  compress?: 'gzip';
}

/** How each assembled dump is made: which part files, concatenated, with which separators. */
export interface DumpRecipe {
  name: string;
  mediaType: string;
  /** Part file concatenated; 'nt' = the lines of each part's .nq with the graph term dropped. */
  from: PartExtension | 'nt';
  /** Separators around and between parts (JSON-LD only). */
  separators?: { open: Buffer; between: Buffer; close: Buffer };
  compress?: 'gzip';
  /** Compressed while it is sent: no size known in advance. */
  onTheFly?: boolean;
}

/** The assembled dumps, in the order the manifest lists them. */
export const DUMP_RECIPES: readonly DumpRecipe[] = [
  { name: 'dataset.nq', mediaType: PART_MEDIA_TYPES.nq, from: 'nq' },
  { name: 'dataset.nq.gz', mediaType: PART_MEDIA_TYPES.nq, from: 'nq.gz', compress: 'gzip' },
  { name: 'dataset.trig', mediaType: PART_MEDIA_TYPES.trig, from: 'trig' },
  { name: 'dataset.trig.gz', mediaType: PART_MEDIA_TYPES.trig, from: 'trig.gz', compress: 'gzip' },
  { name: 'union.ttl', mediaType: PART_MEDIA_TYPES.ttl, from: 'ttl' },
  { name: 'union.ttl.gz', mediaType: PART_MEDIA_TYPES.ttl, from: 'ttl.gz', compress: 'gzip' },
  { name: 'union.nt', mediaType: 'application/n-triples', from: 'nt' },
  { name: 'union.nt.gz', mediaType: 'application/n-triples', from: 'nt', compress: 'gzip', onTheFly: true },
  {
    name: 'dataset.jsonld',
    mediaType: PART_MEDIA_TYPES.jsonld,
    from: 'jsonld',
    separators: { open: JSONLD_OPEN, between: JSONLD_SEPARATOR, close: JSONLD_CLOSE },
  },
  {
    name: 'dataset.jsonld.gz',
    mediaType: PART_MEDIA_TYPES.jsonld,
    from: 'jsonld.gz',
    separators: { open: JSONLD_OPEN_GZ, between: JSONLD_SEPARATOR_GZ, close: JSONLD_CLOSE_GZ },
    compress: 'gzip',
  },
];

/**
 * The manifest's `dumps`: every assembled dump with its exact size, the sum of its parts' sizes plus separators
 * (none for union.nt.gz, compressed on the fly). `parts` in the manifest's `parts` order.
 */
export function assembledDumps(parts: readonly PartSizes[]): AssembledDump[] {
  return DUMP_RECIPES.map((r) => {
    const d: AssembledDump = { name: r.name, mediaType: r.mediaType };
    if (r.compress) d.compress = r.compress;
    if (r.onTheFly) return d;
    let bytes = 0;
    for (const p of parts) bytes += p[r.from];
    if (r.separators) bytes += r.separators.open.length + r.separators.close.length + Math.max(0, parts.length - 1) * r.separators.between.length;
    d.bytes = bytes;
    return d;
  });
}
