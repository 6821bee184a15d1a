/**
 * What changed between two publications (layout 2, docs/publication.md), as named graphs: the parts whose
 * N-Quads differ or are new (to load) and the graphs of the parts changed or gone (to drop). `serve` uses it to
 * follow a rebuild by replacing those graphs in its running store instead of loading every part again.
 *
 * @example
 *   const diff = await diffPublications(before, after, 'out/dumps');
 *   if (diff) await pool.replaceGraphs(diff.drop, diff.load.map((path) => ({ path })), allParts);
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { PublicationManifest } from '../build/assemble.js';
import { graphIri, normaliseBase } from '../model/iri.js';


export interface PublicationDiff {
  /** Graph IRIs to drop: of parts removed or changed. */
  drop: string[];
  /** N-Quads files (in the dumps folder) to load: parts changed or added, in the publication's order. */
  load: string[];
  /** Parts of the new publication. */
  parts: number;
}

/** The graph IRI of part `part` ("records/<id>" or "graphs/<name>") under `base`, as the build names it. */
export function partGraph(base: string, part: string): string | undefined {
  if (part.startsWith('records/')) return graphIri(base, part.slice('records/'.length)).value;
  if (part.startsWith('graphs/')) return `${normaliseBase(base)}graph/${part.slice('graphs/'.length)}`;
  return undefined;
}

/** The graph term of the first line of an N-Quads file ("<s> <p> <o> <g> ."), or undefined (also if unreadable). */
export function firstGraphOfSync(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(64 * 1024);
    const text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    const line = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
    return /<([^<>]*)>\s*\.\s*$/.exec(line)?.[1];
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The graphs to drop and part files to load to go from publication `before` to `after` (in `dumpsDir`);
 * undefined when they cannot be compared that way (another layout or base, a part whose graph is not the one
 * its name gives): then the store is loaded whole.
 */
export async function diffPublications(before: PublicationManifest, after: PublicationManifest, dumpsDir: string): Promise<PublicationDiff | undefined> {
  if (before.layout !== 2 || after.layout !== 2 || !before.parts || !after.parts || !before.files || !after.files) return undefined;
  if (!before.base || before.base !== after.base) return undefined;
  const base = after.base;
  const nqHash = (m: PublicationManifest): Map<string, string> => new Map((m.files ?? []).filter((f) => f.name.endsWith('.nq')).map((f) => [f.name.slice(0, -3), f.sha256]));
  const old = nqHash(before);
  const now = nqHash(after);
  // A part whose N-Quads file is not listed with its hash cannot be compared: load everything.
  if (before.parts.some((p) => !old.has(p)) || after.parts.some((p) => !now.has(p))) return undefined;
  const inBefore = new Set(before.parts);
  const inAfter = new Set(after.parts);
  const drop: string[] = [];
  const load: string[] = [];
  for (const part of before.parts) {
    if (inAfter.has(part) && now.get(part) === old.get(part)) continue;
    const graph = partGraph(base, part);
    if (!graph) return undefined;
    drop.push(graph);
  }
  for (const part of after.parts) {
    if (inBefore.has(part) && old.get(part) === now.get(part)) continue;
    const path = join(dumpsDir, `${part}.nq`);
    // The file must hold the graph its name gives: else dropping by name would leave its old content behind.
    if (firstGraphOfSync(path) !== partGraph(base, part)) return undefined;
    load.push(path);
  }
  return { drop, load, parts: after.parts.length };
}
