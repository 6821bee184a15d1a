/**
 * Serving published files (dumps, VoID) with Content-Length, ETag, Last-Modified, 304 on If-None-Match /
 * If-Modified-Since, and the pre-built .gz variant when the client accepts gzip. Bodies are streamed.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { FORMAT_INFO } from '../rdf/index.js';

/** Media type of a published file by its extension (without .gz). */
export function fileMediaType(name: string): string {
  const base = name.replace(/\.gz$/, '');
  const ext = base.slice(base.lastIndexOf('.') + 1).toLowerCase();
  const rdf = Object.values(FORMAT_INFO).find((f) => f.extension === ext);
  if (rdf) return rdf.mediaType;
  const types: Record<string, string> = {
    json: 'application/json',
    rdf: 'application/rdf+xml',
    html: 'text/html',
    txt: 'text/plain',
  };
  return types[ext] ?? 'application/octet-stream';
}

interface FileInfo {
  path: string;
  size: number;
  mtime: Date;
}

async function info(path: string): Promise<FileInfo | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? { path, size: s.size, mtime: s.mtime } : undefined;
  } catch {
    return undefined;
  }
}

function etagOf(f: FileInfo, variant: string): string {
  return `"${f.size.toString(16)}-${Math.floor(f.mtime.getTime()).toString(16)}${variant}"`;
}

/** Whether an Accept-Encoding header accepts gzip (q > 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding?.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** Whether the conditional headers of `req` (If-None-Match, else If-Modified-Since) make a 304. */
export function notModified(req: Request, etag: string, mtime: Date): boolean {
  const inm = req.headers.get('If-None-Match');
  if (inm !== null) {
    // If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2); weak comparison.
    const tags = inm.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  const ims = req.headers.get('If-Modified-Since');
  if (ims !== null) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

/**
 * A response for the file at `path`, or undefined when there is no such file.
 * @param contentTypeOverride Content-Type to send instead of the one guessed from the name
 */
export async function fileResponse(req: Request, path: string, contentTypeOverride?: string): Promise<Response | undefined> {
  const plain = await info(path);
  if (!plain) return undefined;
  const isGz = path.endsWith('.gz');
  const gz = !isGz && acceptsGzip(req.headers.get('Accept-Encoding') ?? undefined) ? await info(`${path}.gz`) : undefined;
  // Serve the pre-compressed twin only when it is at least as new as the file (never a stale build's bytes).
  const chosen = gz && gz.mtime.getTime() >= plain.mtime.getTime() ? gz : plain;
  const encoded = chosen !== plain;
  const etag = etagOf(chosen, encoded ? '-gz' : '');
  const headers: Record<string, string> = {
    'Content-Type': contentTypeOverride ?? (isGz ? 'application/gzip' : `${fileMediaType(path)}; charset=utf-8`),
    ETag: etag,
    'Last-Modified': chosen.mtime.toUTCString(),
    'Cache-Control': 'public, max-age=60, no-transform',
    'Accept-Ranges': 'none',
  };
  if (!isGz) headers.Vary = 'Accept-Encoding';
  if (encoded) headers['Content-Encoding'] = 'gzip';
  if (notModified(req, etag, chosen.mtime)) return new Response(null, { status: 304, headers });
  headers['Content-Length'] = String(chosen.size);
  if (req.method === 'HEAD') return new Response(null, { status: 200, headers });
  const body = Readable.toWeb(createReadStream(chosen.path)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}
