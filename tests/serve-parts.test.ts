import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Hono } from 'hono';
import { replicaCount, startServer, storeSources, type RunningServer } from '../src/cli/serve.js';
import { loadConfig } from '../src/config/index.js';
import { createApp } from '../src/server/app.js';
import type { ServerContext } from '../src/server/context.js';
import { cachedResponse, ResponseCache } from '../src/server/response-cache.js';
import { WorkerPool } from '../src/store/pool.js';
import { BASE } from './server-fixture.js';
import { writePartsPublication, type PartsPublication } from './serve-parts-fixture.js';

const TOKEN = 'parts-token-123';
const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }';
let pub: PartsPublication;

beforeAll(async () => {
  pub = await writePartsPublication();
});
afterAll(() => rmSync(pub.outDir, { recursive: true, force: true }));

describe('serve from a parts publication', () => {
  it('loads the parts\' .nq files in manifest order', async () => {
    expect((await storeSources(pub.dumpsDir)).map((s) => s.path)).toEqual(pub.parts.map((p) => join(pub.dumpsDir, `${p}.nq`)));
  });

  it('names a part the manifest lists but the folder lacks', async () => {
    const nq = join(pub.dumpsDir, 'records/test-2.nq');
    renameSync(nq, `${nq}.aside`);
    renameSync(`${nq}.gz`, `${nq}.gz.aside`);
    try {
      await expect(storeSources(pub.dumpsDir)).rejects.toThrow(`${nq} is listed in ${join(pub.dumpsDir, 'manifest.json')} but missing`);
    } finally {
      renameSync(`${nq}.aside`, nq);
      renameSync(`${nq}.gz.aside`, `${nq}.gz`);
    }
  });

  it('answers over HTTP with every quad of every part', async () => {
    let server: RunningServer | undefined;
    try {
      server = await startServer(loadConfig({ outDir: pub.outDir, port: 0, workers: 2, logLevel: 'silent' }, {}));
      const res = await fetch(`${server.url}sparql?query=${encodeURIComponent(COUNT)}`);
      const body = (await res.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
      expect(Number(body.results.bindings[0]?.n.value)).toBe(pub.quads.length);
      const dump = await fetch(`${server.url}dumps/dataset.nq`);
      expect((await dump.text()).split('\n').filter(Boolean).length).toBe(pub.quads.length);
    } finally {
      await server?.stop();
    }
  }, 60_000);
});

describe('replicaCount', () => {
  const GiB = 2 ** 30;
  it('keeps the configured replicas when they fit in 60% of memory', () => {
    expect(replicaCount(2, 1_000_000, 8 * GiB)).toEqual({ workers: 2 });
    expect(replicaCount(3, undefined, 1 * GiB)).toEqual({ workers: 3 });
  });

  it('starts fewer, saying why, when every replica holding the dataset would not fit', () => {
    const r = replicaCount(2, 6_300_000, 8 * GiB);
    expect(r.workers).toBe(1);
    expect(r.reason).toMatch(/^starting 1 store replica\(s\) instead of 2 \(--workers\): each holds the whole dataset, about 3\.2 GiB for 6300000 quads/);
    expect(replicaCount(4, 6_300_000, 8 * GiB).workers).toBe(1);
    expect(replicaCount(4, 1_000_000, 2 * GiB).workers).toBe(2);
  });
});

describe('response cache over a real store', () => {
  let pool: WorkerPool;
  let ctx: ServerContext;
  let app: Hono;
  const PAGE = '/person/ivan-petrenko';

  beforeAll(async () => {
    const config = loadConfig({ outDir: pub.outDir, updateToken: TOKEN }, {});
    pool = await WorkerPool.start({ sources: await storeSources(pub.dumpsDir), workers: 2, baseIri: config.base });
    ctx = { config, base: config.base, store: pool, dumpsDir: pub.dumpsDir, logger: pino({ level: 'silent' }), responses: new ResponseCache(1024 * 1024) };
    app = createApp(ctx);
  });
  afterAll(async () => pool?.close());

  it('returns the identical bytes and ETag on a hit, and 304 for that ETag', async () => {
    const cache = ctx.responses as ResponseCache;
    cache.clear();
    const first = await app.request(PAGE, { headers: { Accept: 'text/turtle' } });
    const firstBody = await first.text();
    const misses = cache.misses;
    const second = await app.request(PAGE, { headers: { Accept: 'text/turtle' } });
    expect(cache.misses).toBe(misses);
    expect(cache.hits).toBeGreaterThan(0);
    expect(await second.text()).toBe(firstBody);
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(second.headers.get('etag')).toBe(etag);
    const notModified = await app.request(PAGE, { headers: { Accept: 'text/turtle', 'If-None-Match': etag } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    // Another negotiated type is another entry, with other bytes.
    const html = await app.request(PAGE, { headers: { Accept: 'text/html' } });
    expect(html.headers.get('etag')).not.toBe(etag);
  });

  it('caches SPARQL results by query, Accept and dataset, but not queries reading the clock', async () => {
    const cache = ctx.responses as ResponseCache;
    cache.clear();
    const url = `/sparql?query=${encodeURIComponent(COUNT)}`;
    const a = await (await app.request(url)).text();
    expect(cache.size).toBe(1);
    expect(await (await app.request(url)).text()).toBe(a);
    await app.request(url, { headers: { Accept: 'text/csv' } });
    expect(cache.size).toBe(2);
    await app.request(`/sparql?query=${encodeURIComponent('SELECT (NOW() AS ?t) WHERE {}')}`);
    expect(cache.size).toBe(2);
  });

  it('is emptied by an update, so the page shows the new triple', async () => {
    const before = await (await app.request(PAGE, { headers: { Accept: 'application/n-triples' } })).text();
    expect(before).not.toContain('Ivan the Navigator');
    const up = await app.request('/update', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/sparql-update' },
      body: `INSERT DATA { GRAPH <${BASE}graph/test-1> { <${BASE}person/ivan-petrenko> <http://www.w3.org/2004/02/skos/core#altLabel> "Ivan the Navigator"@en } }`,
    });
    expect(up.status).toBe(204);
    expect((ctx.responses as ResponseCache).size).toBe(0);
    const after = await (await app.request(PAGE, { headers: { Accept: 'application/n-triples' } })).text();
    expect(after).toContain('"Ivan the Navigator"@en');
  });
});

describe('ResponseCache', () => {
  const entry = (n: number) => ({ status: 200, headers: [['content-type', 'text/plain']] as Array<[string, string]>, body: new Uint8Array(n), etag: '"x"' });

  it('stays within its byte budget, dropping the least recently used first', () => {
    const cache = new ResponseCache(10_000);
    for (let i = 0; i < 40; i++) {
      cache.set(`k${i}`, entry(1000));
      if (i === 5) cache.get('k0');
      expect(cache.bytes).toBeLessThanOrEqual(10_000);
    }
    expect(cache.size).toBeGreaterThan(0);
    expect(cache.get('k39')).toBeDefined();
    expect(cache.get('k1')).toBeUndefined();
  });

  it('keeps a recently read entry over older ones', () => {
    const cache = new ResponseCache(10_000);
    for (let i = 0; i < 8; i++) cache.set(`k${i}`, entry(1000));
    cache.get('k0');
    cache.set('k8', entry(1000));
    cache.set('k9', entry(1000));
    expect(cache.get('k0')).toBeDefined();
    expect(cache.get('k1')).toBeUndefined();
  });

  it('does not store a response larger than an eighth of the budget', () => {
    const cache = new ResponseCache(10_000);
    cache.set('big', entry(2000));
    expect(cache.size).toBe(0);
  });

  it('does not store a response produced while the data changed', async () => {
    const cache = new ResponseCache(1024 * 1024);
    const req = new Request('http://x/a');
    await cachedResponse(req, cache, 'a', async () => {
      cache.clear();
      return new Response('old data');
    });
    expect(cache.size).toBe(0);
    await cachedResponse(req, cache, 'a', async () => new Response('new data'));
    expect(cache.size).toBe(1);
  });

  it('computes a response once for concurrent requests of the same key', async () => {
    const cache = new ResponseCache(1024 * 1024);
    let calls = 0;
    const produce = async (): Promise<Response> => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      return new Response(`page ${calls}`);
    };
    const bodies = await Promise.all(Array.from({ length: 5 }, () => cachedResponse(new Request('http://x/p'), cache, 'p', produce).then((r) => r.text())));
    expect(calls).toBe(1);
    expect(bodies).toEqual(Array(5).fill('page 1'));
  });

  it('does not hand a response computed before a clear to a request that came after it', async () => {
    const cache = new ResponseCache(1024 * 1024);
    let release: () => void = () => undefined;
    const slow = cachedResponse(new Request('http://x/p'), cache, 'p', async () => {
      await new Promise<void>((r) => {
        release = r;
      });
      return new Response('before the update');
    });
    await new Promise((r) => setTimeout(r, 5));
    cache.clear();
    const after = cachedResponse(new Request('http://x/p'), cache, 'p', async () => new Response('after the update'));
    release();
    expect(await (await slow).text()).toBe('before the update');
    expect(await (await after).text()).toBe('after the update');
  });

});
