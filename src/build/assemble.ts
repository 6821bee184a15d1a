/**
 * Whole-dataset dumps assembled from a publication's per-graph parts (layout 2, see docs/publication.md): no
 * build writes dataset.nq & co. any more; they are concatenations of the parts' files, streamed when someone
 * downloads one (`serve`'s /dumps routes) or writes one (`archive-ld dump NAME --out FILE`).
 *
 *   dataset.nq(.gz)      P.nq (P.nq.gz) in manifest `parts` order
 *   dataset.trig(.gz)    P.trig (P.trig.gz)
 *   union.ttl(.gz)       P.ttl (P.ttl.gz)
 *   union.nt             every line of every P.nq with its graph term dropped; union.nt.gz gzipped on the fly
 *   dataset.jsonld(.gz)  "[" P1.jsonld "," P2.jsonld ... "]" (the gzip members of the separators between the .gz parts)
 *
 * A dumps folder of the old layout (no `layout: 2`) holds these files for real: they are read as they are.
 *
 * @example
 *   const manifest = await readPublication('out/dumps');
 *   await pipeline(assembleDump('out/dumps', manifest, 'dataset.nq.gz'), createWriteStream('/tmp/dataset.nq.gz'));
 */
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { constants as zlibConstants, createGzip } from 'node:zlib';
import { DUMP_RECIPES, LAYOUT_VERSION, type DumpRecipe } from './parts.js';

/** The fields of manifest.json this module reads (the build writes more). */
/** Gzip level of dumps compressed as they are sent (union.nt.gz). */
const ON_THE_FLY_GZIP_LEVEL = zlibConstants.Z_BEST_SPEED;

export interface PublicationManifest {
  layout?: number;
  /** The base IRI the graphs were minted under. */
  base?: string;
  builtAt?: string;
  counts?: { quads?: number };
  /** Parts in order, e.g. "records/wcda-1", "graphs/ontology" (layout 2). */
  parts?: string[];
  /** The assembled dumps with their exact sizes (layout 2); `bytes` is absent when only known after assembling. */
  dumps?: Array<{ name: string; mediaType: string; bytes?: number }>;
  /** Every file of the publication with its SHA-256 (what a reload compares). */
  files?: Array<{ name: string; sha256: string }>;
}

export interface AssembledDumpInfo {
  name: string;
  mediaType: string;
  /** The bytes are gzip (served as application/gzip when asked for by the .gz name). */
  gzip: boolean;
}

/** Names and media types of every dump assembled from parts (the .gz variants included). */
export const ASSEMBLED_DUMPS: readonly AssembledDumpInfo[] = DUMP_RECIPES.map((r) => ({ name: r.name, mediaType: r.mediaType, gzip: r.compress === 'gzip' }));

/** Whether the folder uses per-graph parts (layout 2) rather than whole dump files. */
export function isPartsLayout(manifest: PublicationManifest | undefined): manifest is PublicationManifest & { parts: string[] } {
  return manifest?.layout === LAYOUT_VERSION && Array.isArray(manifest.parts);
}

/** The assembled dump called `name`, if it is one. */
export function assembledDump(name: string): AssembledDumpInfo | undefined {
  return ASSEMBLED_DUMPS.find((x) => x.name === name);
}

/** manifest.json of a dumps folder; undefined when there is none (an old folder or nothing built). */
export async function readPublication(dumpsDir: string): Promise<PublicationManifest | undefined> {
  const path = join(dumpsDir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as PublicationManifest;
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message}). Rebuild with 'archive-ld build'.`);
  }
}

/** Path of part `part`'s file with extension `ext` (".nq", ".trig.gz", ...). */
export function partPath(dumpsDir: string, part: string, ext: string): string {
  return join(dumpsDir, `${part}${ext}`);
}

function recipeOf(name: string): DumpRecipe {
  const d = DUMP_RECIPES.find((x) => x.name === name);
  if (!d) throw new Error(`'${name}' is not a dump; the dumps are ${DUMP_RECIPES.map((x) => x.name).join(', ')}.`);
  return d;
}

/** The files (and literal separators) a dump is the concatenation of, in order; undefined for union.nt(.gz). */
function pieces(dumpsDir: string, parts: string[], recipe: DumpRecipe): Array<string | Buffer> | undefined {
  const from = recipe.from;
  if (from === 'nt') return undefined;
  const sep = recipe.separators;
  if (!sep) return parts.map((p) => partPath(dumpsDir, p, `.${from}`));
  const out: Array<string | Buffer> = [sep.open];
  parts.forEach((p, i) => {
    if (i > 0) out.push(sep.between);
    out.push(partPath(dumpsDir, p, `.${from}`));
  });
  out.push(sep.close);
  return out;
}

/**
 * Every part file a dump reads, checked to exist: the exact size of the assembled bytes when it is a plain
 * concatenation (undefined for union.nt, whose size is only known after dropping the graphs). Throws, naming the
 * missing file, so that a server can answer with an error before sending any header.
 */
export async function assembledSize(dumpsDir: string, manifest: PublicationManifest, name: string): Promise<number | undefined> {
  if (!isPartsLayout(manifest)) {
    const path = join(dumpsDir, name);
    try {
      return (await stat(path)).size;
    } catch {
      throw new Error(`${path} does not exist. Rebuild with 'archive-ld build'.`);
    }
  }
  const recipe = recipeOf(name);
  const list = pieces(dumpsDir, manifest.parts, recipe) ?? manifest.parts.map((p) => partPath(dumpsDir, p, '.nq'));
  let total = 0;
  for (const piece of list) {
    if (typeof piece !== 'string') {
      total += piece.length;
      continue;
    }
    try {
      total += (await stat(piece)).size;
    } catch {
      throw new Error(`${piece} is listed in ${join(dumpsDir, 'manifest.json')} (parts) but missing. Rebuild with 'archive-ld build'.`);
    }
  }
  return recipe.from === 'nt' ? undefined : total;
}

/** End of the RDF term starting at `i` in an N-Quads line, or -1 when it is not a term this scanner knows. */
function termEnd(line: string, i: number): number {
  const c = line[i];
  if (c === '<') {
    if (line[i + 1] === '<') return -1; // RDF 1.2 triple term: left to the fallback
    const j = line.indexOf('>', i + 1);
    return j < 0 ? -1 : j + 1;
  }
  if (c === '_') {
    let j = i + 2;
    while (j < line.length && line[j] !== ' ' && line[j] !== '\t') j++;
    return j;
  }
  if (c === '"') {
    let j = i + 1;
    while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
    if (j >= line.length) return -1;
    j++;
    if (line[j] === '@') {
      while (j < line.length && line[j] !== ' ' && line[j] !== '\t' && line[j] !== '.') j++;
    } else if (line.startsWith('^^<', j)) {
      const k = line.indexOf('>', j + 3);
      return k < 0 ? -1 : k + 1;
    }
    return j;
  }
  return -1;
}

function skipSpace(line: string, i: number): number {
  while (line[i] === ' ' || line[i] === '\t') i++;
  return i;
}

/**
 * An N-Quads line as an N-Triples line (graph term dropped); blank lines and comments give ''. Throws, naming the
 * file and line, on a line that is not subject predicate object [graph] '.'.
 *
 * @example
 *   dropGraph('<s> <p> "o"@en <g> .', 'x.nq', 1) // '<s> <p> "o"@en .'
 */
export function dropGraph(line: string, file: string, lineNo: number): string {
  const start = skipSpace(line, 0);
  if (start >= line.length || line[start] === '#') return '';
  let i = start;
  for (let t = 0; t < 3; t++) {
    const end = termEnd(line, i);
    if (end < 0) throw new Error(`${file}:${lineNo}: cannot read term ${t + 1} of this N-Quads line for union.nt. Rebuild the part with 'archive-ld build'.`);
    i = skipSpace(line, end);
    if (t === 2) return `${line.slice(start, end)} .`;
  }
  return '';
}

async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) yield chunk as Buffer;
}

async function* concatenation(list: Array<string | Buffer>): AsyncGenerator<Buffer> {
  for (const piece of list) {
    if (typeof piece === 'string') yield* fileChunks(piece);
    else yield piece;
  }
}

async function* unionTriples(dumpsDir: string, parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) {
    const path = partPath(dumpsDir, part, '.nq');
    const text = await readFile(path, 'utf8');
    const out: string[] = [];
    let lineNo = 0;
    let from = 0;
    while (from < text.length) {
      let nl = text.indexOf('\n', from);
      if (nl < 0) nl = text.length;
      lineNo++;
      const triple = dropGraph(text.slice(from, nl), path, lineNo);
      if (triple !== '') out.push(triple);
      from = nl + 1;
    }
    if (out.length > 0) yield Buffer.from(`${out.join('\n')}\n`);
  }
}

/**
 * A stream of the dump `name` of the publication in `dumpsDir`. For the parts layout the dump is assembled from
 * the parts listed in `manifest`; for the old layout it is the file itself. A missing part makes the stream fail
 * with an error naming it (call assembledSize first to find out before sending anything).
 */
export function assembleDump(dumpsDir: string, manifest: PublicationManifest | undefined, name: string): Readable {
  if (!isPartsLayout(manifest)) {
    const path = join(dumpsDir, name);
    if (!existsSync(path)) throw new Error(`${path} does not exist. Rebuild with 'archive-ld build'.`);
    return createReadStream(path);
  }
  const recipe = recipeOf(name);
  if (recipe.from === 'nt') {
    const plain = Readable.from(unionTriples(dumpsDir, manifest.parts), { objectMode: false });
    if (recipe.compress !== 'gzip') return plain;
    // Compressed while it is sent: the fastest level keeps a download from waiting on the compressor (the stored
    // .gz parts use GZIP_LEVEL, written once).
    const gz = createGzip({ level: ON_THE_FLY_GZIP_LEVEL });
    plain.on('error', (err) => gz.destroy(err));
    return plain.pipe(gz);
  }
  return Readable.from(concatenation(pieces(dumpsDir, manifest.parts, recipe) ?? []), { objectMode: false });
}
