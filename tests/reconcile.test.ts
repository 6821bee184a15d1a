/**
 * The reconciliation service, driven with requests in the shapes of the W3C Entity Reconciliation API 0.2
 * (manifest, batch queries with type and property constraints, suggest, preview, data extension) over a real
 * store holding invented records in the model's shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadConfig } from '../src/config/index.js';
import type { ServerContext } from '../src/server/context.js';
import { reconcileRoutes } from '../src/server/reconcile.js';
import { createApp } from '../src/server/app.js';
import { WorkerPool } from '../src/store/pool.js';

const BASE = 'http://localhost:3030/';
const TRIG = `
@prefix ald: <http://localhost:3030/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix wd: <http://www.wikidata.org/entity/> .

<${BASE}graph/t-1> {
  <${BASE}record/t-1> a ald:Record ; ald:records <${BASE}record/t-1/event> .
  <${BASE}record/t-1/event> a ald:Meeting ; ald:participant <${BASE}person/kang-wei>, <${BASE}person/pavel-zorinov> .
  <${BASE}person/kang-wei> a ald:Person ; rdfs:label "Kang Wei"@en, "康威"@zh-Hant ; skos:altLabel "康副部長"@zh-Hant ;
    ald:side <${BASE}place/china> ; ald:hasRoleAttestation <${BASE}record/t-1/role/kang-wei/0> .
  <${BASE}record/t-1/role/kang-wei/0> schema:roleName "Vice Minister"@en .
  <${BASE}person/pavel-zorinov> a ald:Person ; rdfs:label "Pavel Zorinov"@en ; skos:altLabel "Zorinov"@en, "Зоринов"@ru ;
    ald:side <${BASE}place/soviet-union> .
  <${BASE}place/china> a ald:Place ; rdfs:label "China"@en .
  <${BASE}place/soviet-union> a ald:Place ; rdfs:label "Soviet Union"@en ; skos:altLabel "蘇聯"@zh-Hant .
  <${BASE}org/ministry-of-waterways> a ald:Institution ; rdfs:label "Ministry of Waterways"@en .
  <${BASE}record/t-1/mention/10-14> a ald:Mention ; oa:hasBody <${BASE}person/kang-wei> ; oa:hasTarget <${BASE}record/t-1/mention/10-14/target> .
  <${BASE}record/t-1/mention/10-14/target> oa:hasSource <${BASE}record/t-1/text> .
}
<${BASE}graph/t-2> {
  <${BASE}person/kang-wei-2> a ald:Person ; rdfs:label "Kang Wei"@en, "康維"@zh-Hant ; ald:side <${BASE}place/soviet-union> .
}
<${BASE}graph/links> {
  <${BASE}person/pavel-zorinov> skos:exactMatch wd:Q9000031 .
}
`;

let pool: WorkerPool;
let ctx: ServerContext;

beforeAll(async () => {
  pool = await WorkerPool.start({ inline: [{ text: TRIG, format: 'application/trig' }], workers: 1, timeoutMs: 20_000 });
  ctx = { config: loadConfig({}, {}), base: BASE, store: pool, dumpsDir: '/nonexistent', logger: pino({ level: 'silent' }) };
});
afterAll(async () => {
  await pool?.close();
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
type Results = Record<string, { result: Array<{ id: string; name: string; score: number; match: boolean; type: Array<{ id: string }> }> }>;

describe('GET /reconcile (manifest)', () => {
  it('describes the service: versions, identifier space, types, view, preview, suggest and extend', async () => {
    const res = await reconcileRoutes(ctx).request('http://localhost:3030/');
    expect(res.status).toBe(200);
    const m = (await res.json()) as Record<string, unknown>;
    expect(m).toMatchObject({
      versions: ['0.2'],
      identifierSpace: BASE,
      defaultTypes: [{ id: 'person', name: 'Person' }, { id: 'institution', name: 'Institution' }, { id: 'place', name: 'Place' }],
      view: { url: `${BASE}{{id}}` },
      preview: { url: 'http://localhost:3030/reconcile/preview?id={{id}}' },
      suggest: { entity: { service_url: 'http://localhost:3030/reconcile', service_path: '/suggest/entity' } },
      extend: { propose_properties: { service_path: '/properties' } },
    });
  });

  it('answers JSONP when given a callback, and refuses a callback that is not an identifier', async () => {
    const ok = await reconcileRoutes(ctx).request('/?callback=jsonp123');
    expect(await ok.text()).toMatch(/^jsonp123\(\{"versions":\["0\.2"\]/);
    const bad = await reconcileRoutes(ctx).request('/?callback=alert(1)');
    expect(bad.status).toBe(400);
  });

  it('is mounted by the server app at /reconcile', async () => {
    const res = await createApp(ctx).request('/reconcile', form({ queries: JSON.stringify({ q0: { query: 'Ministry of Waterways' } }) }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Results;
    expect(body['q0']?.result[0]?.id).toBe('org/ministry-of-waterways');
  });
});

describe('POST /reconcile queries=', () => {
  it('returns one result list per query key, best first, with an auto-match only for a clear winner', async () => {
    const queries = { q0: { query: 'Pavel Zorinov', type: 'person', limit: 3 }, q1: { query: 'Soviet Union' } };
    const res = await reconcileRoutes(ctx).request('/', form({ queries: JSON.stringify(queries) }));
    const body = (await res.json()) as Results;
    expect(Object.keys(body).sort()).toEqual(['q0', 'q1']);
    expect(body['q0']?.result[0]).toMatchObject({ id: 'person/pavel-zorinov', name: 'Pavel Zorinov', score: 100, match: true, type: [{ id: 'person', name: 'Person' }] });
    expect(body['q1']?.result[0]).toMatchObject({ id: 'place/soviet-union', match: true });
  });

  it('matches across scripts: Cyrillic, traditional/simplified Chinese', async () => {
    const queries = { a: { query: 'Зоринов' }, b: { query: '苏联' } };
    const body = (await (await reconcileRoutes(ctx).request('/', form({ queries: JSON.stringify(queries) }))).json()) as Results;
    expect(body['a']?.result[0]?.id).toBe('person/pavel-zorinov');
    expect(body['b']?.result[0]?.id).toBe('place/soviet-union');
  });

  it('does not auto-match two namesakes, and separates them with a property constraint', async () => {
    const plain = (await (await reconcileRoutes(ctx).request('/', form({ queries: JSON.stringify({ q: { query: 'Kang Wei', type: 'person' } }) }))).json()) as Results;
    expect(plain['q']?.result.map((r) => r.id).sort()).toEqual(['person/kang-wei', 'person/kang-wei-2']);
    expect(plain['q']?.result.some((r) => r.match)).toBe(false);
    const withRole = { q: { query: 'Kang Wei', type: 'person', properties: [{ pid: 'role', v: 'Vice Minister' }] } };
    const body = (await (await reconcileRoutes(ctx).request('/', form({ queries: JSON.stringify(withRole) }))).json()) as Results;
    expect(body['q']?.result[0]).toMatchObject({ id: 'person/kang-wei', score: 100, match: true });
    expect(body['q']?.result[1]).toMatchObject({ id: 'person/kang-wei-2', score: 50, match: false, features: [{ id: 'name', value: 100 }, { id: 'property:role', value: 0 }] });
  });

  it('honours a side constraint given as a reconciled value and the record a person appears in', async () => {
    const q = { q: { query: 'Kang Wei', properties: [{ pid: 'side', v: { id: 'place/soviet-union', name: 'Soviet Union' } }] }, r: { query: 'Kang Wei', properties: [{ pid: 'record', v: 't-1' }] } };
    const body = (await (await reconcileRoutes(ctx).request('/', form({ queries: JSON.stringify(q) }))).json()) as Results;
    expect(body['q']?.result[0]?.id).toBe('person/kang-wei-2');
    expect(body['r']?.result[0]?.id).toBe('person/kang-wei');
  });

  it('filters by type and rejects an unknown type or property with a 400 naming the known ones', async () => {
    const body = (await (await reconcileRoutes(ctx).request('/', form({ queries: JSON.stringify({ q: { query: 'Soviet Union', type: 'person' } }) }))).json()) as Results;
    expect(body['q']?.result).toEqual([]);
    const badType = await reconcileRoutes(ctx).request('/', form({ queries: JSON.stringify({ q: { query: 'x', type: 'ship' } }) }));
    expect(badType.status).toBe(400);
    expect(await badType.text()).toMatch(/unknown type "ship". Known: person, institution, place/);
    const badProp = await reconcileRoutes(ctx).request('/', form({ queries: JSON.stringify({ q: { query: 'Kang Wei', properties: [{ pid: 'P999', v: 'x' }] } }) }));
    expect(badProp.status).toBe(400);
  });

  it('rejects queries that are not JSON, saying what to send', async () => {
    const res = await reconcileRoutes(ctx).request('/', form({ queries: '{q0:' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/The "queries" parameter is not valid JSON .*Send e\.g\. \{"q0":\{"query":"Li Wenming"\}\}/);
  });
});

describe('suggest and preview', () => {
  it('suggests entities by name prefix (any script), types and properties', async () => {
    const e = (await (await reconcileRoutes(ctx).request('/suggest/entity?prefix=Zor')).json()) as { result: Array<{ id: string }> };
    expect(e.result.map((x) => x.id)).toEqual(['person/pavel-zorinov']);
    const zh = (await (await reconcileRoutes(ctx).request(`/suggest/entity?prefix=${encodeURIComponent('康')}&type=person`)).json()) as { result: Array<{ id: string }> };
    expect(zh.result.map((x) => x.id).sort()).toEqual(['person/kang-wei', 'person/kang-wei-2']);
    const t = (await (await reconcileRoutes(ctx).request('/suggest/type?prefix=pl')).json()) as { result: Array<{ id: string }> };
    expect(t.result).toEqual([{ id: 'place', name: 'Place' }]);
    const p = (await (await reconcileRoutes(ctx).request('/suggest/property?prefix=wiki')).json()) as { result: Array<{ id: string }> };
    expect(p.result.map((x) => x.id)).toEqual(['qid']);
  });

  it('previews an entity as escaped HTML with its Wikidata link', async () => {
    const res = await reconcileRoutes(ctx).request('/preview?id=person/pavel-zorinov');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<b>Pavel Zorinov</b>');
    expect(html).toContain('https://www.wikidata.org/wiki/Q9000031');
    const missing = await reconcileRoutes(ctx).request('/preview?id=%3Cscript%3E');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('&#60;script&#62;');
  });
});

describe('data extension', () => {
  it('proposes properties per type', async () => {
    const body = (await (await reconcileRoutes(ctx).request('/properties?type=place')).json()) as { properties: Array<{ id: string }> };
    expect(body.properties.map((p) => p.id)).toEqual(['qid', 'record', 'altLabel']);
  });

  it('returns meta and rows for the requested ids and properties', async () => {
    const extend = { ids: ['person/pavel-zorinov', 'person/kang-wei'], properties: [{ id: 'qid' }, { id: 'side' }, { id: 'role' }] };
    const body = (await (await reconcileRoutes(ctx).request('/', form({ extend: JSON.stringify(extend) }))).json()) as { meta: unknown; rows: Record<string, Record<string, unknown>> };
    expect(body.meta).toEqual([{ id: 'qid', name: 'Wikidata QID' }, { id: 'side', name: 'Side' }, { id: 'role', name: 'Role' }]);
    expect(body.rows['person/pavel-zorinov']).toEqual({ qid: [{ str: 'Q9000031' }], side: [{ id: 'place/soviet-union', name: 'Soviet Union' }], role: [] });
    expect(body.rows['person/kang-wei']).toEqual({ qid: [], side: [{ id: 'place/china', name: 'China' }], role: [{ str: 'Vice Minister' }] });
  });
});

describe('entity names under a small result cap', () => {
  it('pages through the store so every entity can be reconciled', async () => {
    const small: ServerContext = { ...ctx, config: loadConfig({ resultCap: 3 }, {}) };
    const queries = { a: { query: 'Soviet Union' }, b: { query: 'Ministry of Waterways' }, c: { query: 'Зоринов' } };
    const body = (await (await reconcileRoutes(small).request('/', form({ queries: JSON.stringify(queries) }))).json()) as Results;
    expect([body['a']?.result[0]?.id, body['b']?.result[0]?.id, body['c']?.result[0]?.id]).toEqual(['place/soviet-union', 'org/ministry-of-waterways', 'person/pavel-zorinov']);
  });
});
