/**
 * /dumps/ (listing of the published files, HTML or JSON, with sizes), /dumps/{file} (the file, with conditional
 * requests and gzip variants) and /.well-known/void (the VoID + DCAT description written by the build).
 *
 * In a publication of per-graph parts (layout 2) the whole-dataset dumps (dataset.nq, union.ttl, ...) are not
 * files: they are assembled from the parts while streaming (src/build/assemble.ts), with an ETag made from the
 * manifest (a new build, a new ETag) and Content-Length when the size is known without assembling.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { ASSEMBLED_DUMPS, assembledDump, assembledSize, assembleDump, isPartsLayout, type PublicationManifest } from '../build/assemble.js';
import type { ServerContext } from './context.js';
import { notFound } from './errors.js';
import { fileMediaType, fileResponse, notModified } from './files.js';
import { minimalPage } from './html.js';
import { escapeHtml } from './pages/index.js';
import { contentType, negotiate } from './negotiate.js';
import { parse, serialize } from '../rdf/index.js';

export interface DumpEntry {
  /** Path under /dumps/, e.g. "dataset.nq" or "records/wcda-1.trig". */
  name: string;
  url: string;
  mediaType: string;
  /** Absent for an assembled dump whose size is only known after assembling (union.nt). */
  bytes?: number;
  /** Size of the .gz twin, when there is one. */
  gzipBytes?: number;
  gzipUrl?: string;
  modified: string;
}

/** The published files under `dir` (recursively), each with its .gz twin folded in. */
export async function listDumps(dir: string, origin: string): Promise<DumpEntry[]> {
  const files: Array<{ rel: string; size: number; mtime: Date }> = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && !e.name.startsWith('.') && !e.name.includes('.tmp')) {
        const s = await stat(full);
        files.push({ rel: relative(dir, full).split(sep).join('/'), size: s.size, mtime: s.mtime });
      }
    }
  };
  await walk(dir);
  const byName = new Map(files.map((f) => [f.rel, f]));
  const out: DumpEntry[] = [];
  for (const f of files.sort((a, b) => a.rel.localeCompare(b.rel))) {
    if (f.rel.endsWith('.gz') && byName.has(f.rel.slice(0, -3))) continue;
    const entry: DumpEntry = {
      name: f.rel,
      url: `${origin}/dumps/${f.rel.split('/').map(encodeURIComponent).join('/')}`,
      mediaType: f.rel.endsWith('.gz') ? 'application/gzip' : fileMediaType(f.rel),
      bytes: f.size,
      modified: f.mtime.toISOString(),
    };
    const gz = byName.get(`${f.rel}.gz`);
    if (gz) {
      entry.gzipBytes = gz.size;
      entry.gzipUrl = `${entry.url}.gz`;
    }
    out.push(entry);
  }
  return out;
}

interface Publication {
  manifest: PublicationManifest;
  /** Identity of manifest.json when read (a rebuild swaps in a new one). */
  stamp: string;
  /** Hash of the manifest's text: the ETag of every assembled dump derives from it. */
  tag: string;
  modified: Date;
  /** Sizes of assembled dumps, computed once per publication (null: only known after assembling). */
  sizes: Map<string, number | null>;
}

/** The manifest of each dumps folder, re-read only when manifest.json changes (a build swaps the folder). */
const publications = new Map<string, Publication>();

async function publication(dumpsDir: string): Promise<Publication | undefined> {
  const path = join(dumpsDir, 'manifest.json');
  let s;
  try {
    s = await stat(path);
  } catch {
    publications.delete(dumpsDir);
    return undefined;
  }
  const stamp = `${s.ino}-${s.size}-${s.mtimeMs}`;
  const known = publications.get(dumpsDir);
  if (known && known.stamp === stamp) return known;
  const text = await readFile(path, 'utf8');
  let manifest: PublicationManifest;
  try {
    manifest = JSON.parse(text) as PublicationManifest;
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message}). Rebuild with 'archive-ld build'.`);
  }
  const pub: Publication = { manifest, stamp, tag: createHash('sha256').update(text).digest('hex').slice(0, 20), modified: s.mtime, sizes: new Map() };
  publications.set(dumpsDir, pub);
  return pub;
}

/** Size of an assembled dump (checking every part it reads exists), remembered for the publication. */
async function sizeOf(dumpsDir: string, pub: Publication, name: string): Promise<number | undefined> {
  const known = pub.sizes.get(name);
  if (known !== undefined) return known ?? undefined;
  const size = await assembledSize(dumpsDir, pub.manifest, name);
  pub.sizes.set(name, size ?? null);
  return size;
}

/** The response for an assembled dump (layout 2): streamed, conditional, HEAD. */
async function assembledResponse(req: Request, dumpsDir: string, pub: Publication, name: string): Promise<Response> {
  const asked = assembledDump(name);
  if (!asked) throw notFound(`No dump '${name}'. See /dumps/ for the list.`);
  // Never as Content-Encoding: the .gz twins are multi-member gzip streams, and clients such as curl --compressed
  // stop after the first member (checked: 1.27 MB of a 266 MB dataset.nq). Ask for the .gz name instead.
  const etag = `"${pub.tag}-${name}"`;
  const headers: Record<string, string> = {
    'Content-Type': asked.gzip ? 'application/gzip' : `${asked.mediaType}; charset=utf-8`,
    ETag: etag,
    'Last-Modified': pub.modified.toUTCString(),
    // no-transform: the compress middleware must not gzip a 200 MB stream on the fly.
    'Cache-Control': 'public, max-age=60, no-transform',
    'Accept-Ranges': 'none',
  };
  if (notModified(req, etag, pub.modified)) return new Response(null, { status: 304, headers });
  // Checks every part exists before any header goes out (a missing one is a 500 naming it, in the log).
  const size = await sizeOf(dumpsDir, pub, name);
  if (size !== undefined) headers['Content-Length'] = String(size);
  if (req.method === 'HEAD') return new Response(null, { status: 200, headers });
  const body = Readable.toWeb(assembleDump(dumpsDir, pub.manifest, name)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}

/** The assembled dumps of a parts publication as listing entries, with their sizes from the manifest. */
function assembledEntries(pub: Publication, origin: string): DumpEntry[] {
  const listed = new Map((pub.manifest.dumps ?? []).map((d) => [d.name, d]));
  const out: DumpEntry[] = [];
  for (const d of ASSEMBLED_DUMPS) {
    if (d.gzip) continue;
    // A manifest that lists its dumps is the authority on which exist; an older one gets them all.
    if (pub.manifest.dumps && !listed.has(d.name)) continue;
    const entry: DumpEntry = {
      name: d.name,
      url: `${origin}/dumps/${d.name}`,
      mediaType: d.mediaType,
      modified: pub.modified.toISOString(),
    };
    const bytes = listed.get(d.name)?.bytes;
    if (bytes !== undefined) entry.bytes = bytes;
    if (!pub.manifest.dumps || listed.has(`${d.name}.gz`)) {
      entry.gzipUrl = `${entry.url}.gz`;
      const gzBytes = listed.get(`${d.name}.gz`)?.bytes;
      if (gzBytes !== undefined) entry.gzipBytes = gzBytes;
    }
    out.push(entry);
  }
  return out;
}

function humanSize(n: number | undefined): string {
  if (n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Resolve a request path under the dumps folder, refusing anything that would climb out of it. */
function safePath(dir: string, rel: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return undefined;
  }
  const full = resolve(dir, decoded);
  return full.startsWith(resolve(dir) + sep) ? full : undefined;
}

/** The /dumps and /.well-known/void routes. */
export function dumpRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  app.get('/dumps', (c) => c.redirect('/dumps/', 301));
  app.get('/dumps/', async (c) => {
    const origin = new URL(c.req.url).origin;
    const pub = await publication(ctx.dumpsDir);
    const files = await listDumps(ctx.dumpsDir, origin);
    const entries = pub && isPartsLayout(pub.manifest) ? [...assembledEntries(pub, origin), ...files] : files;
    const type = negotiate('listing', c.req.header('Accept'), c.req.query('format'));
    if (type === 'application/json') {
      return new Response(JSON.stringify({ dumps: entries, void: `${origin}/.well-known/void` }, null, 2), {
        headers: { 'Content-Type': contentType('application/json'), Vary: 'Accept' },
      });
    }
    const rows = entries
      .map(
        (e) =>
          `<tr><td><a href="${escapeHtml(e.url)}">${escapeHtml(e.name)}</a></td><td>${escapeHtml(e.mediaType)}</td><td>${humanSize(e.bytes)}</td><td>${
            e.gzipUrl ? `<a href="${escapeHtml(e.gzipUrl)}">gzip</a> ${humanSize(e.gzipBytes ?? 0)}` : ''
          }</td><td>${escapeHtml(e.modified)}</td></tr>`,
      )
      .join('\n');
    const body =
      entries.length === 0
        ? "<p>No dumps published yet. Run <code>archive-ld build</code>.</p>"
        : `<table><thead><tr><th>file</th><th>type</th><th>size</th><th>compressed</th><th>modified</th></tr></thead><tbody>\n${rows}\n</tbody></table>\n<p>Dataset description: <a href="/.well-known/void">VoID / DCAT</a>.</p>`;
    return new Response(minimalPage('Dumps', body), { headers: { 'Content-Type': contentType('text/html'), Vary: 'Accept' } });
  });
  app.get('/dumps/*', async (c) => {
    const rel = new URL(c.req.url).pathname.slice('/dumps/'.length);
    const pub = await publication(ctx.dumpsDir);
    if (pub && isPartsLayout(pub.manifest) && assembledDump(rel)) return assembledResponse(c.req.raw, ctx.dumpsDir, pub, rel);
    const path = safePath(ctx.dumpsDir, rel);
    const res = path ? await fileResponse(c.req.raw, path) : undefined;
    if (!res) throw notFound(`No dump file '${rel}'. See /dumps/ for the list.`);
    return res;
  });
  app.get('/.well-known/void', async (c) => {
    const path = join(ctx.dumpsDir, 'void.ttl');
    const missing = () => notFound("No dataset description yet: run 'archive-ld build' to write it.");
    const type = negotiate('description', c.req.header('Accept'), c.req.query('format'));
    if (type === 'text/turtle') {
      const res = await fileResponse(c.req.raw, path, contentType('text/turtle'));
      if (!res) throw missing();
      return res;
    }
    // Other formats are converted from the Turtle the build wrote.
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw missing();
    }
    const format = type === 'application/ld+json' ? 'jsonld' : 'ntriples';
    return new Response(await serialize(parse(text, 'turtle', undefined, path), format), {
      headers: { 'Content-Type': contentType(type), Vary: 'Accept' },
    });
  });
  return app;
}
