/**
 * A store snapshot: the linear memory of a loaded Oxigraph-WASM instance written to disk, so a later replica
 * starts by copying it back (~1 GB/s) instead of parsing and indexing every N-Quads line again (~250k quads/s).
 *
 * Oxigraph's WebAssembly build keeps its whole in-memory store inside the instance's memory, so a copy taken while
 * no call is running is the complete state. Three things live outside that memory and are recorded beside it:
 * the pointer of the store object, the length of wasm-bindgen's table of JavaScript values, and that table's
 * contents (interned strings such as "termType"; a snapshot is refused when the table holds anything that is not
 * plain data). An image only fits the exact WebAssembly binary that wrote it and the exact input files it was
 * loaded from: both are part of its key. An image of earlier inputs can still be brought up to date when the inputs
 * are publication parts (one named graph each) and few changed: restored, then the changed graphs replaced.
 *
 * Files, in the snapshot folder (out/snapshot by default):
 *   store.img   the memory image without its all-zero 64 KiB blocks (the loader leaves much memory it reserved
 *               but never wrote: 96% of it for a small dataset), written as a temporary file, then renamed
 *   store.json  its description (written after the image; names the image's size and inode)
 *
 * This module does only the file work and the checks; src/store/oxigraph-worker.ts owns the instance.
 *
 * @example
 *   const inputs = { binary: binaryKey(wasmBytes, '0.5.11'), sources: stampSources([{ path: 'out/dumps/records/a.nq' }]), inline: inlineKey([]) };
 *   const found = findImage('out/snapshot'); // { meta } or { reason }
 *   if ('meta' in found && found.meta.key === imageKey(inputs)) ...restore
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statfsSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/** Bump when the image or description layout changes: older images are then ignored. */
const IMAGE_FORMAT = 2;
const IMAGE_FILE = 'store.img';
const META_FILE = 'store.json';
/** Bytes per read or write call. */
const IO_CHUNK = 64 * 1024 * 1024;
/** Granularity of the all-zero blocks left out of the image (one WebAssembly page). */
const BLOCK = 64 * 1024;
/** Free space left on the disk after writing an image; below it the snapshot is skipped. */
const SPARE_DISK_BYTES = 512 * 1024 * 1024;

/** A value of wasm-bindgen's JavaScript-value table that can be written as JSON and restored as is. */
export type TableValue = null | boolean | number | string;

/** An input file as the image remembers it: a rebuilt file is a new file (new inode or time). */
export interface InputStamp {
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
  /** The one named graph the file holds, when known (a publication part): a changed part replaces just it. */
  graph?: string;
}

/** What an image was made from: the WebAssembly binary, the input files, the inline RDF. */
export interface ImageInputs {
  /** binaryKey() of the instance. */
  binary: string;
  sources: InputStamp[];
  /** inlineKey() of the inline RDF texts. */
  inline: string;
}

export interface ImageMeta extends ImageInputs {
  format: number;
  /** imageKey() of the inputs it was made from. */
  key: string;
  /** Bytes of linear memory (a multiple of the 64 KiB WebAssembly page). */
  bytes: number;
  /** The runs of memory stored, as [offset in memory, length], in file order; the rest is zero. */
  extents: Array<[number, number]>;
  /** Bytes of store.img: the sum of the extents' lengths. */
  stored: number;
  /** CRC-32 of the stored bytes in file order: a damaged image is not restored (~0.4 s per GB to check). */
  crc32: number;
  /** Pointer of the Store object inside that memory. */
  store: number;
  /** Quads the store held: checked after restoring. */
  quads: number;
  /** Length of the JavaScript-value table and its defined entries as [index, value]. */
  table: number;
  tableValues: Array<[number, TableValue]>;
  /** Identity of store.img when it was written: a description never vouches for another image. */
  image: { size: number; ino: number; mtimeMs: number };
  writtenAt: string;
}

/** What writing needs from the instance, read while no call into it runs. */
export interface InstanceState {
  memory: Uint8Array;
  store: number;
  quads: number;
  table: { length: number; get(index: number): unknown };
}

/** The WebAssembly binary and package version an image fits (an image is memory laid out by that binary). */
export function binaryKey(wasm: Uint8Array, version: string): string {
  return createHash('sha256').update(`archive-ld store image ${IMAGE_FORMAT}\0oxigraph ${version}\0`).update(wasm).digest('hex');
}

/** The stamps of the input files now. */
export function stampSources(files: ReadonlyArray<{ path: string; graph?: string }>): InputStamp[] {
  return files.map(({ path, graph }) => {
    const s = statSync(path);
    return { path, size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, ...(graph ? { graph } : {}) };
  });
}

/** The inline RDF texts, as one hash. */
export function inlineKey(inline: readonly string[]): string {
  const h = createHash('sha256');
  for (const text of inline) h.update(`${createHash('sha256').update(text).digest('hex')}\n`);
  return h.digest('hex');
}

/**
 * The key of an image: the binary, each input file's path, size, modification time and inode (a rebuilt part is a
 * new file), and the inline RDF. Any change gives a new key.
 */
export function imageKey(inputs: ImageInputs): string {
  const h = createHash('sha256').update(inputs.binary);
  for (const s of inputs.sources) h.update(`\0file\0${s.path}\0${s.size}\0${s.mtimeMs}\0${s.ino}`);
  return h.update(`\0inline\0${inputs.inline}`).digest('hex');
}

/**
 * How to bring an image of other inputs up to date: the graphs to drop (of input files changed or gone) and the
 * files to load (changed or new, in input order). A reason instead when it cannot be done that way: another binary
 * or inline RDF, or a changed file whose graph is not known.
 */
export function imageDelta(meta: ImageInputs, now: ImageInputs): { drop: string[]; load: string[] } | { reason: string } {
  if (meta.binary !== now.binary) return { reason: 'the snapshot was made by another Oxigraph' };
  if (meta.inline !== now.inline) return { reason: 'the snapshot holds other inline data' };
  const before = new Map(meta.sources.map((s) => [s.path, s]));
  const current = new Set(now.sources.map((s) => s.path));
  const drop = new Set<string>();
  const load: string[] = [];
  for (const s of now.sources) {
    const old = before.get(s.path);
    if (old && old.size === s.size && old.mtimeMs === s.mtimeMs && old.ino === s.ino) continue;
    if (!s.graph || (old && !old.graph)) return { reason: `${s.path} changed and the graph it holds is not known` };
    if (old?.graph) drop.add(old.graph);
    drop.add(s.graph);
    load.push(s.path);
  }
  for (const old of meta.sources) {
    if (current.has(old.path)) continue;
    if (!old.graph) return { reason: `${old.path} is gone and the graph it held is not known` };
    drop.add(old.graph);
  }
  return { drop: [...drop], load };
}

/**
 * The defined entries of the JavaScript-value table, or the index of the first one that is not plain data
 * (a function or object cannot be written to disk, so no snapshot is taken then).
 */
export function tableValues(table: InstanceState['table']): { values: Array<[number, TableValue]> } | { unsupported: number } {
  const values: Array<[number, TableValue]> = [];
  for (let i = 0; i < table.length; i++) {
    const v = table.get(i);
    if (v === undefined) continue;
    if (v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) values.push([i, v]);
    else return { unsupported: i };
  }
  return { values };
}

/**
 * The description of the image in `dir` when the image is the one it describes, or why there is none. Reads only
 * the small JSON file and the image's file status; whether it fits the inputs is the caller's question (its key).
 */
export function findImage(dir: string): { meta: ImageMeta } | { reason: string } {
  let meta: ImageMeta;
  try {
    meta = JSON.parse(readFileSync(join(dir, META_FILE), 'utf8')) as ImageMeta;
  } catch {
    return { reason: 'no snapshot yet' };
  }
  if (meta.format !== IMAGE_FORMAT) return { reason: `snapshot format ${meta.format}, this version writes ${IMAGE_FORMAT}` };
  try {
    const s = statSync(join(dir, IMAGE_FILE));
    if (s.size !== meta.stored || s.size !== meta.image.size || s.ino !== meta.image.ino || s.mtimeMs !== meta.image.mtimeMs) {
      return { reason: `${join(dir, IMAGE_FILE)} is not the image its description was written for` };
    }
  } catch {
    return { reason: `${join(dir, IMAGE_FILE)} is missing` };
  }
  return { meta };
}

/** Runs of BLOCK-sized blocks of `memory` that are not all zero, as [offset, length]. */
export function nonZeroExtents(memory: Uint8Array): Array<[number, number]> {
  const extents: Array<[number, number]> = [];
  const zero = new Uint8Array(BLOCK);
  const buf = Buffer.from(memory.buffer, memory.byteOffset, memory.byteLength);
  for (let off = 0; off < buf.length; off += BLOCK) {
    const end = Math.min(buf.length, off + BLOCK);
    if (buf.compare(zero, 0, end - off, off, end) === 0) continue;
    const last = extents[extents.length - 1];
    if (last && last[0] + last[1] === off) last[1] += end - off;
    else extents.push([off, end - off]);
  }
  return extents;
}

/**
 * Copy the image into `memory`, already grown to meta.bytes; its first `written` bytes are the fresh instance's
 * own and are zeroed where the image has none. Throws, before copying anything, when the file is no longer the
 * described image, and when it is shorter than described.
 */
export function readImageInto(dir: string, meta: ImageMeta, memory: Uint8Array, written: number): void {
  const path = join(dir, IMAGE_FILE);
  const fd = openSync(path, 'r');
  try {
    // The description was read before opening: make sure a writer has not put another image in place since.
    if (fstatSync(fd).ino !== meta.image.ino) throw new Error(`${path} was replaced while it was being opened`);
    let from = 0;
    let at = 0;
    let crc = 0;
    for (const [offset, length] of meta.extents) {
      if (from < written) memory.fill(0, from, Math.min(offset, written));
      for (let done = 0; done < length; ) {
        const n = readSync(fd, memory, offset + done, Math.min(IO_CHUNK, length - done), at);
        if (n <= 0) throw new Error(`${path} ended after ${at} of ${meta.stored} bytes`);
        crc = crc32(memory.subarray(offset + done, offset + done + n), crc);
        done += n;
        at += n;
      }
      from = offset + length;
    }
    if (from < written) memory.fill(0, from, written);
    if (crc !== meta.crc32) throw new Error(`${path} is damaged (its checksum does not match); it will be written again`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Write an image of `state`, made from `inputs`, into `dir`: image first (temporary name, renamed), description last, so a
 * description only ever names a complete image. Skipped, with the reason returned, when the disk would be left
 * with less than 512 MiB or the table holds values that cannot be written.
 */
export function writeImage(dir: string, inputs: ImageInputs, state: InstanceState): { bytes: number; ms: number } | { skipped: string } {
  const started = Date.now();
  const table = tableValues(state.table);
  if ('unsupported' in table) return { skipped: `the WebAssembly instance holds a JavaScript object (table slot ${table.unsupported}) that cannot be saved` };
  mkdirSync(dir, { recursive: true });
  const fs = statfsSync(dir);
  let reusable = 0;
  try {
    reusable = statSync(join(dir, IMAGE_FILE)).size;
  } catch {
    reusable = 0;
  }
  const extents = nonZeroExtents(state.memory);
  const stored = extents.reduce((sum, [, length]) => sum + length, 0);
  const free = fs.bavail * fs.bsize + reusable;
  if (free - stored < SPARE_DISK_BYTES) {
    return { skipped: `${dir} has ${(free / 2 ** 30).toFixed(1)} GiB free for a ${(stored / 2 ** 30).toFixed(1)} GiB snapshot` };
  }
  const tmpImage = join(dir, `.${IMAGE_FILE}.${process.pid}.${Date.now()}.tmp`);
  const tmpMeta = join(dir, `.${META_FILE}.${process.pid}.${Date.now()}.tmp`);
  try {
    // The old description goes first: from here until the new one is in place no description names an image.
    try {
      unlinkSync(join(dir, META_FILE));
    } catch {
      // none yet
    }
    const fd = openSync(tmpImage, 'w');
    let crc = 0;
    try {
      for (const [offset, length] of extents) {
        crc = crc32(state.memory.subarray(offset, offset + length), crc);
        for (let done = 0; done < length; ) done += writeSync(fd, state.memory, offset + done, Math.min(IO_CHUNK, length - done));
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmpImage, join(dir, IMAGE_FILE));
    const s = statSync(join(dir, IMAGE_FILE));
    const meta: ImageMeta = {
      format: IMAGE_FORMAT,
      key: imageKey(inputs),
      ...inputs,
      bytes: state.memory.length,
      extents,
      stored,
      crc32: crc,
      store: state.store,
      quads: state.quads,
      table: state.table.length,
      tableValues: table.values,
      image: { size: s.size, ino: s.ino, mtimeMs: s.mtimeMs },
      writtenAt: new Date().toISOString(),
    };
    writeFileSync(tmpMeta, `${JSON.stringify(meta)}\n`);
    renameSync(tmpMeta, join(dir, META_FILE));
  } catch (err) {
    for (const p of [tmpImage, tmpMeta]) {
      try {
        unlinkSync(p);
      } catch {
        // not written
      }
    }
    return { skipped: `could not write the snapshot in ${dir}: ${(err as Error).message}` };
  }
  return { bytes: stored, ms: Date.now() - started };
}
