import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../src/store/pool.js';
import { QueryQueueFullError, QueryTimeoutError } from '../src/store/types.js';
import { pageStore } from '../src/server/pages/sparql.js';
import { StoreQueryError } from '../src/store/sparql-store.js';
import { serialize } from '../src/rdf/index.js';

const EX = 'http://example.org/';
// 200 subjects spread over 4 named graphs: small enough to load instantly, big enough for a slow cross product.
const NQ = Array.from({ length: 200 }, (_, i) => `<${EX}s${i}> <${EX}p> "v${i}"@en <${EX}g${i % 4}> .`).join('\n') + '\n';
const SLOW = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';

describe('WorkerPool', () => {
  let dir: string;
  let pool: WorkerPool;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'store-pool-'));
    writeFileSync(join(dir, 'data.nq.gz'), gzipSync(NQ));
    pool = await WorkerPool.start({
      sources: [{ path: join(dir, 'data.nq.gz') }],
      journalPath: join(dir, 'updates.jsonl'),
      workers: 2,
      timeoutMs: 1000,
      resultCap: 50,
      maxQueue: 4,
    });
  });
  afterAll(async () => pool?.close());

  it('loads gzipped N-Quads into named graphs and queries their union as the default graph', async () => {
    const r = await pool.select('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    expect(r.rows[0]?.n?.value).toBe('200');
    const g = await pool.select(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${EX}g1> { ?s ?p ?o } }`);
    expect(g.rows[0]?.n?.value).toBe('50');
  });

  it('returns RDF/JS terms with language tags in select()', async () => {
    const r = await pool.select(`SELECT ?o WHERE { <${EX}s7> <${EX}p> ?o }`);
    const o = r.rows[0]?.o;
    expect(o?.termType).toBe('Literal');
    expect(o?.value).toBe('v7');
    expect(o && 'language' in o ? o.language : '').toBe('en');
  });

  it('restricts the default graph to default-graph-uri when given', async () => {
    const r = await pool.select('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', { defaultGraphUris: [`${EX}g2`] });
    expect(r.rows[0]?.n?.value).toBe('50');
  });

  it('cuts SELECT results at the cap and says so', async () => {
    const r = await pool.select('SELECT ?s WHERE { ?s ?p ?o }');
    expect(r.rows).toHaveLength(50);
    expect(r.truncated).toBe(true);
    const raw = await pool.queryRaw('SELECT ?s WHERE { ?s ?p ?o }', 'bindings', 'application/sparql-results+xml');
    expect(raw.truncated).toBe(true);
    expect(raw.cap).toBe(50);
    expect(raw.body).toContain('result cap');
    expect(raw.body.match(/<result>/g)).toHaveLength(50);
  });

  it('answers ask() and construct()', async () => {
    expect(await pool.ask(`ASK { <${EX}s1> ?p ?o }`)).toBe(true);
    expect(await pool.ask(`ASK { <${EX}nothing> ?p ?o }`)).toBe(false);
    const quads = await pool.construct(`CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <${EX}s3>) }`);
    expect(quads).toHaveLength(1);
    expect(quads[0]?.subject.value).toBe(`${EX}s3`);
  });

  it('serialises CONSTRUCT results as Turtle and JSON-LD', async () => {
    const ttl = await pool.queryRaw(`CONSTRUCT WHERE { <${EX}s3> ?p ?o }`, 'graph', 'text/turtle');
    expect(ttl.body).toContain(`<${EX}s3>`);
    const jsonld = await pool.queryRaw(`CONSTRUCT WHERE { <${EX}s3> ?p ?o }`, 'graph', 'application/ld+json');
    expect(JSON.parse(jsonld.body)).toEqual([{ '@id': `${EX}s3`, [`${EX}p`]: [{ '@value': 'v3', '@language': 'en' }] }]);
  });

  it('writes graph results with the project serialiser in every format when asked for readable output', async () => {
    const query = `CONSTRUCT { ?s <${EX}p> ?o } WHERE { ?s <${EX}p> ?o FILTER(?s IN (<${EX}s5>, <${EX}s3>)) }`;
    const quads = await pool.construct(query);
    for (const [mediaType, format] of [['text/turtle', 'turtle'], ['application/n-triples', 'ntriples'], ['application/ld+json', 'jsonld']] as const) {
      const raw = await pool.queryRaw(query, 'graph', mediaType, { readable: true });
      // The same bytes the server wrote on its own thread before the store did it (canonical order, prefixes).
      expect(raw.body).toBe(await serialize(quads, format));
      expect(raw.count).toBe(2);
    }
    // Without the option, N-Triples come from Oxigraph's own writer (no order promised); the triples are the same.
    const plainNt = await pool.queryRaw(query, 'graph', 'application/n-triples');
    expect(plainNt.body.trim().split('\n').sort()).toEqual((await serialize(quads, 'ntriples')).trim().split('\n'));
  });

  it('rejects a query the store refuses with StoreQueryError carrying its message', async () => {
    await expect(pool.select('SELECT * WHERE { ?s ?p }')).rejects.toThrow(StoreQueryError);
  });

  it('stops a query past its deadline while the other worker keeps answering', async () => {
    const started = Date.now();
    let slowSettledAt = 0;
    const slow = pool.select(SLOW).then(
      () => 'finished',
      (e: unknown) => {
        slowSettledAt = Date.now();
        return e;
      },
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(await pool.ask('ASK { ?s ?p ?o }')).toBe(true);
    const quickAt = Date.now();
    const outcome = await slow;
    expect(outcome).toBeInstanceOf(QueryTimeoutError);
    // The quick query did not wait for the slow one: it was answered by the other replica before the deadline.
    expect(quickAt).toBeLessThan(slowSettledAt);
    expect(slowSettledAt - started).toBeLessThan(1000 + 1000);
    // The replaced worker comes back with the data.
    const r = await pool.select('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    expect(r.rows[0]?.n?.value).toBe('200');
  });

  /** A one-replica pool with a queue of one, its replica busy with SLOW until the deadline stops it. */
  async function withBusyPool(use: (small: WorkerPool) => Promise<void>): Promise<void> {
    const small = await WorkerPool.start({ inline: [{ text: NQ, format: 'application/n-quads' }], workers: 1, timeoutMs: 800, maxQueue: 1 });
    try {
      const running = small.select(SLOW).catch((e: unknown) => e);
      await use(small);
      expect(await running).toBeInstanceOf(QueryTimeoutError);
    } finally {
      await small.close();
    }
  }

  it('refuses queries with QueryQueueFullError once the queue is full, but lets a query of an admitted request wait', () =>
    withBusyPool(async (small) => {
      const waiting = small.ask('ASK {}').catch((e: unknown) => e);
      await expect(small.ask('ASK {}')).rejects.toBeInstanceOf(QueryQueueFullError);
      const admitted = small.ask('ASK {}', { admitted: true });
      expect(await waiting).toBe(true);
      expect(await admitted).toBe(true);
    }));

  it("serves a page's later queries once its first got into the queue, and refuses other requests", () =>
    withBusyPool(async (small) => {
      const page = pageStore(small);
      // The page's first query takes the last place in the queue; its next ones still get in, another request not.
      const first = page.ask('ASK {}');
      const second = page.select('SELECT ?s WHERE { ?s ?p ?o } LIMIT 1');
      await expect(small.ask('ASK {}')).rejects.toBeInstanceOf(QueryQueueFullError);
      await expect(pageStore(small).ask('ASK {}')).rejects.toBeInstanceOf(QueryQueueFullError);
      expect(await first).toBe(true);
      expect((await second).rows).toHaveLength(1);
    }));

  it('applies an update to every replica, journals it, and replays it in a fresh pool', async () => {
    await pool.update(`INSERT DATA { GRAPH <${EX}g9> { <${EX}new> <${EX}p> "added" } }`);
    // Ask several times so both replicas answer.
    const answers = await Promise.all([1, 2, 3, 4].map(() => pool.ask(`ASK { <${EX}new> ?p "added" }`)));
    expect(answers).toEqual([true, true, true, true]);
    expect(readFileSync(join(dir, 'updates.jsonl'), 'utf8')).toContain('INSERT DATA');
    const again = await WorkerPool.start({ sources: [{ path: join(dir, 'data.nq.gz') }], journalPath: join(dir, 'updates.jsonl'), workers: 1 });
    try {
      expect(await again.ask(`ASK { GRAPH <${EX}g9> { <${EX}new> ?p "added" } }`)).toBe(true);
      expect(await again.size()).toBe(201);
    } finally {
      await again.close();
    }
  });

  it('rejects a failing update without journalling it', async () => {
    const before = readFileSync(join(dir, 'updates.jsonl'), 'utf8');
    await expect(pool.update('INSERT DATA { <bad iri> <p> <o> }')).rejects.toThrow(/could not apply the update/);
    expect(readFileSync(join(dir, 'updates.jsonl'), 'utf8')).toBe(before);
  });

  it('fails to start with a message naming the problem when the data cannot load', async () => {
    writeFileSync(join(dir, 'broken.nq'), 'this is not n-quads\n');
    await expect(WorkerPool.start({ sources: [{ path: join(dir, 'missing.nq') }], workers: 1 })).rejects.toThrow(/could not load|fail/);
  });
});
