/**
 * Writing one part (one named graph) of the publication: its N-Quads, TriG, Turtle and JSON-LD files, each with a
 * one-member gzip twin, plus the part's sizes, file hashes and VoID statistics. Used by the build workers for
 * record graphs and by the main thread for the small extra graphs (ontology, links, gazetteer).
 *
 * Each file is written to a temporary name and renamed, so a reader (or a hard link made later) never sees half
 * a file, and a file is never modified after it is in place.
 *
 * @example
 *   const part = await writePart('/out/cache/parts/abc-1f2e', quads, 'http://localhost:3030/');
 *   part.sizes['nq.gz']; part.stats.triples;
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import { graphToJsonLd, quadToLine, sortedGraphToJsonLd, TermEncoder, trigAndTurtle } from '../rdf/index.js';
import { GZIP_LEVEL, PART_FORMATS, type PartExtension, type PartSizes } from './parts.js';
import { DatasetStats, type GraphStats } from './void.js';

/** One written file: its size and SHA-256 (for the manifest, without reading the file again). */
export interface PartFileInfo {
  bytes: number;
  sha256: string;
}

/** What writing a part gives back: small, kept in the build cache entry. */
export interface WrittenPart {
  files: Record<PartExtension, PartFileInfo>;
  sizes: PartSizes;
  stats: GraphStats;
}

async function putFile(path: string, bytes: Buffer, sha256?: string): Promise<PartFileInfo> {
  // Unique per process and thread: two workers may write the same (identical) content at once.
  const tmp = `${path}.${process.pid}-${threadId}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
  return { bytes: bytes.length, sha256: sha256 ?? createHash('sha256').update(bytes).digest('hex') };
}

/** A part's N-Quads text with what can be counted in the same pass (cheap next to the other serialisations). */
export interface PartNquads {
  nq: Buffer;
  /** SHA-256 of `nq`: the same graph gives the same lines, so an unchanged part can be recognised by it. */
  sha256: string;
  /** Size of the lines with the graph term dropped (union.nt). */
  nt: number;
  stats: GraphStats;
  /** The quads without repeats (JSON-LD input). */
  distinct: readonly Quad[];
  /** True when `distinct` is in canonical order (sortQuads) and all in `graphIri`: JSON-LD need not sort it again. */
  canonical: boolean;
  graphIri: string;
}

/**
 * The N-Quads of one part (the quads' lines in the order given, as the per-record dumps always had them).
 * `known` are the quads' N-Quads lines when the caller has them (canonicalQuads / toCanonicalQuads: `known[i]`
 * is quadToLine(quads[i])); then no term is encoded again.
 */
export function partNquads(quads: readonly Quad[], base: string, known?: readonly string[]): PartNquads {
  return canonicalPartNquads(quads, base, known?.length === quads.length ? known : undefined) ?? partNquadsInOrder(quads, base);
}

/**
 * partNquads for the usual part: every quad in one named graph, in canonical order without repeats (what toQuads
 * gives). Then each line is a new triple, so no set of lines is kept to find repeats, and each IRI is escaped once
 * (or never, with the lines `known`). Undefined as soon as a quad breaks that: the caller takes the general way.
 */
function canonicalPartNquads(quads: readonly Quad[], base: string, known: readonly string[] | undefined): PartNquads | undefined {
  const first = quads[0];
  if (first?.graph.termType !== 'NamedNode') return undefined;
  const graph = first.graph;
  const graphIri = graph.value;
  const enc = new TermEncoder();
  const g = enc.iri(graphIri);
  // Every line ends with the graph term: the union.nt size below is computed from that.
  const ending = ` ${g} .`;
  const stats = new DatasetStats(base);
  const lines = known ?? new Array<string>(quads.length);
  let previous = '';
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i] as Quad;
    if (q.graph !== graph && (q.graph.termType !== 'NamedNode' || q.graph.value !== graphIri)) return undefined;
    let line: string;
    if (known) {
      line = known[i] as string;
      if (!line.endsWith(ending)) return undefined;
    } else {
      const s = enc.term(q.subject);
      const p = q.predicate.termType === 'NamedNode' ? enc.iri(q.predicate.value) : undefined;
      const o = enc.term(q.object);
      if (s === undefined || p === undefined || o === undefined) return undefined;
      line = `${s} ${p} ${o}${ending}`;
      (lines as string[])[i] = line;
    }
    // Strictly ascending lines: sorted, and no line repeats an earlier one.
    if (!(line > previous)) return undefined;
    previous = line;
    stats.addDistinct(q);
  }
  return canonicalResult(lines, quads, g, stats, graphIri);
}

function canonicalResult(lines: readonly string[], quads: readonly Quad[], g: string, stats: DatasetStats, graphIri: string): PartNquads {
  const nq = linesToBuffer(lines);
  // union.nt drops " <graph>" from every line.
  const nt = nq.length - quads.length * (Buffer.byteLength(g) + 1);
  return { nq, sha256: createHash('sha256').update(nq).digest('hex'), nt, stats: stats.result(), distinct: quads, canonical: true, graphIri };
}

/**
 * `lines.join('\n') + '\n'` as UTF-8, each line encoded into one buffer: about half the time of joining first,
 * as most lines are ASCII and one non-Latin-1 character makes the whole joined text a two-byte string.
 */
function linesToBuffer(lines: readonly string[]): Buffer {
  let capacity = 0;
  for (const line of lines) capacity += line.length;
  // A UTF-16 code unit takes at most 3 bytes in UTF-8; + 1 newline per line.
  const buf = Buffer.allocUnsafe(capacity * 3 + lines.length);
  let at = 0;
  for (const line of lines) {
    at += buf.write(line, at);
    buf[at++] = 0x0a;
  }
  return buf.subarray(0, at);
}

/**
 * partNquads for any quads: lines in the order given, a repeated quad written (and counted) once, found with a set
 * of lines (also the reference in tests/part-writer.test.ts).
 */
export function partNquadsInOrder(quads: readonly Quad[], base: string): PartNquads {
  // A part is one named graph: the graph of its quads.
  const graphIri = quads.find((q) => q.graph.termType === 'NamedNode')?.graph.value ?? `${base}graph/`;
  const stats = new DatasetStats(base);
  const lines: string[] = [];
  const seen = new Set<string>();
  const distinct: Quad[] = [];
  let nt = 0;
  // "S P O G ." is "S P O ." with " G" inserted: the graph term is encoded once per graph, not once per quad.
  const graphTerms = new Map<string, string>();
  for (const q of quads) {
    const tripleLine = quadToLine(q, false);
    let line = tripleLine;
    if (q.graph.termType !== 'DefaultGraph') {
      let g = graphTerms.get(q.graph.value);
      if (g === undefined) {
        g = quadToLine(q).slice(tripleLine.length - 2, -2);
        graphTerms.set(q.graph.value, g);
      }
      line = `${tripleLine.slice(0, -2)}${g} .`;
    }
    // A quad stated twice is one quad (the links graph states a link once per record that makes it).
    if (seen.has(line)) continue;
    seen.add(line);
    distinct.push(q);
    lines.push(line);
    nt += Buffer.byteLength(tripleLine) + 1;
    stats.add(q, tripleLine);
  }
  const nq = Buffer.from(lines.length ? `${lines.join('\n')}\n` : '');
  return { nq, sha256: createHash('sha256').update(nq).digest('hex'), nt, stats: stats.result(), distinct, canonical: false, graphIri };
}

/**
 * Write the part files `<stem>.nq`, `.trig`, `.ttl`, `.jsonld` and their `.gz` twins for the quads of one named
 * graph. `pre` is partNquads(quads) when the caller already has it.
 */
export async function writePart(stem: string, quads: readonly Quad[], base: string, pre: PartNquads = partNquads(quads, base)): Promise<WrittenPart> {
  await mkdir(dirname(stem), { recursive: true });
  const { nt, stats, distinct, graphIri } = pre;
  // TriG and Turtle in the order given, each quad once (one n3 pass when the part is one named graph).
  const { trig, ttl } = trigAndTurtle(distinct);
  const plain: Record<(typeof PART_FORMATS)[number], Buffer> = {
    nq: pre.nq,
    trig: Buffer.from(trig),
    ttl: Buffer.from(ttl),
    // One expanded JSON-LD graph object {"@id": graph, "@graph": [...]} (fromRDF, no compaction), no newline.
    jsonld: Buffer.from(pre.canonical ? await sortedGraphToJsonLd(distinct, graphIri) : await graphToJsonLd(distinct, graphIri)),
  };
  const files = {} as Record<PartExtension, PartFileInfo>;
  const sizes = { nt } as PartSizes;
  for (const f of PART_FORMATS) {
    // The N-Quads' hash is known from partNquads.
    files[f] = await putFile(`${stem}.${f}`, plain[f], f === 'nq' ? pre.sha256 : undefined);
    files[`${f}.gz`] = await putFile(`${stem}.${f}.gz`, gzipSync(plain[f], { level: GZIP_LEVEL }));
    sizes[f] = files[f].bytes;
    sizes[`${f}.gz`] = files[`${f}.gz`].bytes;
  }
  return { files, sizes, stats };
}
