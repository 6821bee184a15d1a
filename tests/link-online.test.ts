/**
 * Online mode through recorded responses (tests/fixtures/wikidata/*.json, invented items in the API's JSON
 * shape) and an injected fetch: no test touches the network.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGazetteer } from '../src/link/gazetteer.js';
import { entityToQuads, refreshGazetteer, refreshQuery } from '../src/link/refresh.js';
import { WikidataClient, WikidataRequestError, type FetchLike, type WbEntity } from '../src/link/wikidata-client.js';
import { linkExtraction } from '../src/link/reconcile.js';
import { extraction, mention, person } from './link-helpers.js';

const FIX = join(import.meta.dirname, 'fixtures', 'wikidata');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIX, name), 'utf8'));

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  at: number;
}

/** A fake clock, sleep and fetch that answers from fixtures, optionally failing the first answers. */
function harness(failures: Array<{ status: number; retryAfter?: string }> = []) {
  let clock = 0;
  const calls: Call[] = [];
  const sleeps: number[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, method: init?.method ?? 'GET', headers: init?.headers ?? {}, ...(init?.body ? { body: init.body } : {}), at: clock });
    const fail = failures.shift();
    const body: unknown = fail
      ? { error: 'busy' }
      : url.includes('wbsearchentities')
        ? fixture('wbsearchentities-zorinov.json')
        : url.includes('wbgetentities')
          ? fixture('wbgetentities-zorinov.json')
          : fixture('sparql-refresh.json');
    return {
      ok: !fail,
      status: fail?.status ?? 200,
      headers: { get: (n: string) => (n.toLowerCase() === 'retry-after' ? (fail?.retryAfter ?? null) : null) },
      json: async () => body,
      text: async () => JSON.stringify(body),
    };
  };
  const client = new WikidataClient({
    fetch,
    userAgent: 'archive-ld-test/0.1 (tests; nobody@example.org)',
    minIntervalMs: 1000,
    backoffMs: 500,
    maxRetries: 2,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
  return { client, calls, sleeps };
}

describe('WikidataClient', () => {
  it('searches with wbsearchentities and sends a descriptive User-Agent', async () => {
    const { client, calls } = harness();
    const hits = await client.searchEntities('Zorinov', 'en');
    expect(hits.map((h) => h.id)).toEqual(['Q9000031', 'Q9000032']);
    const url = new URL(calls[0]?.url ?? '');
    expect(url.searchParams.get('action')).toBe('wbsearchentities');
    expect(url.searchParams.get('search')).toBe('Zorinov');
    expect(calls[0]?.headers['User-Agent']).toBe('archive-ld-test/0.1 (tests; nobody@example.org)');
  });

  it('waits the minimum interval between requests', async () => {
    const { client, calls } = harness();
    await client.searchEntities('Zorinov', 'en');
    await client.getEntities(['Q9000031']);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('retries 429 after Retry-After and 503 with exponential backoff, then succeeds', async () => {
    const { client, calls, sleeps } = harness([{ status: 429, retryAfter: '3' }, { status: 503 }]);
    const hits = await client.searchEntities('Zorinov', 'en');
    expect(hits).toHaveLength(2);
    expect(calls).toHaveLength(3);
    expect(sleeps).toContain(3000);
    expect(sleeps).toContain(1000);
  });

  it('gives up after the retries with a message naming the URL and status', async () => {
    const { client } = harness([{ status: 503 }, { status: 503 }, { status: 503 }]);
    await expect(client.searchEntities('Zorinov', 'en')).rejects.toThrow(/Wikidata request failed \(503\) for https:\/\/www\.wikidata\.org\/w\/api\.php\?action=wbsearchentities.*gave up after 3 attempts/);
  });

  it('does not retry a 400', async () => {
    const { client, calls } = harness([{ status: 400 }]);
    await expect(client.searchEntities('Zorinov', 'en')).rejects.toBeInstanceOf(WikidataRequestError);
    expect(calls).toHaveLength(1);
  });

  it('posts the refresh query to the Query Service and reads SPARQL JSON', async () => {
    const { client, calls } = harness();
    const r = await client.sparqlSelect(refreshQuery(['Q9000091']));
    expect(r.results.bindings.length).toBeGreaterThan(0);
    expect(calls[0]?.method).toBe('POST');
    expect(new URLSearchParams(calls[0]?.body ?? '').get('query')).toContain('VALUES ?item { wd:Q9000091 }');
  });
});

describe('entityToQuads', () => {
  it('writes labels, aliases, life dates and non-deprecated positions with qualifiers in Wikidata shape', () => {
    const e = (fixture('wbgetentities-zorinov.json') as { entities: Record<string, WbEntity> }).entities['Q9000031'];
    if (!e) throw new Error('fixture wbgetentities-zorinov.json lacks Q9000031');
    const quads = entityToQuads(e, undefined, 'test');
    const p = (s: string) => quads.filter((q) => q.predicate.value.endsWith(s)).map((q) => q.object.value);
    expect(p('#label')).toEqual(['Pavel Ivanovich Zorinov', 'Павел Иванович Зоринов']);
    expect(p('direct/P570')).toEqual(['1990-01-01T00:00:00Z']);
    expect(p('prop/statement/P39')).toEqual(['http://www.wikidata.org/entity/Q9000050']);
    expect(p('qualifier/P580')).toEqual(['1959-01-01T00:00:00Z']);
    expect(p('#entityType')).toEqual(['person']);
  });
});

describe('refreshGazetteer', () => {
  it('merges refreshed and searched items into the file, keeping every local entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ald-refresh-'));
    const path = join(dir, 'gazetteer.ttl');
    copyFileSync(join(FIX, 'ambiguous-gazetteer.ttl'), path);
    const before = loadGazetteer(path);
    const { client } = harness();
    const summary = await refreshGazetteer({ path, search: ['Zorinov'], client });
    expect(summary).toMatch(/none removed/);
    const after = loadGazetteer(path);
    for (const e of before.entries) expect(after.byIri.has(e.iri), e.iri).toBe(true);
    expect(after.byIri.get('http://www.wikidata.org/entity/Q9000091')?.labels.map((l) => l.value)).toEqual(expect.arrayContaining(['Harbin', 'Kharbin', 'Харбин']));
    expect(after.byIri.get('http://www.wikidata.org/entity/Q9000001')?.positions.map((p) => p.label)).toContain('ambassador to Freedonia');
    expect(after.byIri.get('http://localhost:3030/authority/person/liang-qi')).toBeDefined();
  });

  it('feeds the reconciler: a searched item links with its Wikidata offices as evidence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ald-refresh-'));
    const path = join(dir, 'gazetteer.ttl');
    copyFileSync(join(FIX, 'ambiguous-gazetteer.ttl'), path);
    const { client } = harness();
    await refreshGazetteer({ path, search: ['Zorinov'], client });
    const ext = extraction('t', '1961-01-01', { people: [person('zorinov', 'Pavel Zorinov', [['Pavel Zorinov', 'full']], { mentions: [mention('header')] })] });
    const l = linkExtraction(ext, loadGazetteer(path)).links[0];
    expect(l?.decision).toBe('linked');
    expect(l?.best?.entry.qid).toBe('Q9000031');
  });
});
