/**
 * /dumps/ (listing of the published files, HTML or JSON, with sizes), /dumps/{file} (the file, with conditional
 * requests and gzip variants) and /.well-known/void (the VoID + DCAT description written by the build).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { Hono } from 'hono';
import type { ServerContext } from './context.js';
import { notFound } from './errors.js';
import { fileMediaType, fileResponse } from './files.js';
import { minimalPage } from './html.js';
import { escapeHtml } from './pages/index.js';
import { contentType, negotiate } from './negotiate.js';
import { parse, serialize } from '../rdf/index.js';

export interface DumpEntry {
  /** Path under /dumps/, e.g. "dataset.nq" or "records/wcda-1.trig". */
  name: string;
  url: string;
  mediaType: string;
  bytes: number;
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

function humanSize(n: number): string {
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
    const entries = await listDumps(ctx.dumpsDir, origin);
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
