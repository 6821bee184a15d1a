/**
 * A bounded in-memory cache of whole GET responses (entity pages, SPARQL results), keyed by what determines
 * the bytes: path, negotiated media type, query text and dataset. Least recently used entries go first once the
 * bodies pass the byte budget. The data changing (an update through /update, a reload after a build) empties
 * it; a response computed while the data changed is not stored (the generation moved on).
 * Every cacheable response gets a strong ETag (hash of the body) and answers If-None-Match with 304.
 *
 * @example
 *   const cache = new ResponseCache(64 * 1024 * 1024);
 *   const res = await cachedResponse(req, cache, `page ${path} ${type}`, () => renderPage());
 *   cache.clear(); // after an update
 */
import { createHash } from 'node:crypto';

interface Entry {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array;
  etag: string;
  bytes: number;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  /** Responses being computed, by key: concurrent misses of one key wait for the first instead of computing it again. */
  readonly pending = new Map<string, Promise<Entry | undefined>>();
  private used = 0;
  private gen = 0;
  hits = 0;
  misses = 0;

  /** @param maxBytes budget of bodies plus keys; 0 switches the cache off. */
  constructor(readonly maxBytes: number) {}

  /** Bumped by clear(): a response started under an older generation is not stored. */
  get generation(): number {
    return this.gen;
  }

  /** Bytes held (bodies, headers and keys). */
  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Re-insert: a Map iterates in insertion order, so the first key is always the least recently used.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  /** Store `entry` unless it would take more than an eighth of the budget (a few huge results must not flush the rest). */
  set(key: string, entry: Omit<Entry, 'bytes'>): void {
    const bytes = entry.body.byteLength + key.length * 2 + entry.headers.reduce((n, [k, v]) => n + (k.length + v.length) * 2, 0) + 64;
    if (bytes > this.maxBytes / 8) return;
    const old = this.entries.get(key);
    if (old) {
      this.used -= old.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, { ...entry, bytes });
    this.used += bytes;
    for (const [k, e] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(k);
      this.used -= e.bytes;
    }
  }

  /** Forget everything (the data changed). */
  clear(): void {
    this.entries.clear();
    // Requests arriving from now on must not wait for an answer computed from the old data.
    this.pending.clear();
    this.used = 0;
    this.gen++;
  }
}

/** Weak comparison of If-None-Match with `etag` (RFC 9110 13.1.2). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

function fromEntry(req: Request, e: Entry): Response {
  const headers = new Headers(e.headers);
  headers.set('ETag', e.etag);
  if (matches(req.headers.get('If-None-Match'), e.etag)) {
    headers.delete('Content-Length');
    return new Response(null, { status: 304, headers });
  }
  // The length lets the compress middleware leave small bodies alone (compressing 1 KB costs more than it saves).
  headers.set('Content-Length', String(e.body.byteLength));
  // A copy: the runtime may transfer (detach) the buffer it is given while writing it out.
  return new Response(e.body.slice(), { status: e.status, headers });
}

/**
 * The response for `key` from `cache`, or `produce()`'s, stored when it is a 200 (and the data did not change
 * meanwhile). Either way the response carries an ETag and honours If-None-Match. Without a cache (undefined or
 * budget 0) it is `produce()` as it is.
 */
export async function cachedResponse(req: Request, cache: ResponseCache | undefined, key: string, produce: () => Promise<Response>): Promise<Response> {
  if (!cache || cache.maxBytes <= 0) return produce();
  const hit = cache.get(key);
  if (hit) {
    cache.hits++;
    return fromEntry(req, hit);
  }
  const inflight = cache.pending.get(key);
  if (inflight) {
    // The same response is being computed for another client (16 clients asking for one page at once).
    const shared = await inflight;
    if (shared) {
      cache.hits++;
      return fromEntry(req, shared);
    }
    return produce();
  }
  cache.misses++;
  const generation = cache.generation;
  let settle: (e: Entry | undefined) => void = () => undefined;
  const promise = new Promise<Entry | undefined>((resolve) => {
    settle = resolve;
  });
  cache.pending.set(key, promise);
  let entry: Entry | undefined;
  try {
    const res = await produce();
    if (res.status !== 200 || res.headers.has('Content-Encoding')) return res;
    const body = new Uint8Array(await res.arrayBuffer());
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
    entry = { status: res.status, headers: [...res.headers.entries()], body, etag, bytes: 0 };
    if (cache.generation === generation) cache.set(key, entry);
    return fromEntry(req, entry);
  } finally {
    // Waiters get the entry, or (error, not a 200) compute their own response.
    settle(entry);
    if (cache.pending.get(key) === promise) cache.pending.delete(key);
  }
}
