/**
 * Modelled on the W3C SPARQL 1.1 Protocol test cases (query_get, query_post_form, query_post_direct, dataset
 * parameters, bad_* requests), run in-process against the app over the invented fixture dataset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../src/server/app.js';
import { BASE, startTestServer, type TestServer } from './server-fixture.js';

const TOKEN = 'protocol-token-42';
const RECORD_COUNT = 'SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <http://localhost:3030/ontology#Record> }';
let server: TestServer;
let app: Hono;

beforeAll(async () => {
  server = await startTestServer({ updateToken: TOKEN });
  app = createApp(server.ctx);
});
afterAll(async () => server?.pool.close());

async function count(res: Response): Promise<number> {
  expect(res.status).toBe(200);
  const body = (await res.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
  return Number(body.results.bindings[0]?.n.value);
}

const form = (fields: Array<[string, string]>): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('query operation', () => {
  it('query_get: runs a query sent by GET', async () => {
    expect(await count(await app.request(`/sparql?query=${encodeURIComponent(RECORD_COUNT)}`))).toBe(2);
  });

  it('query_post_form: runs a query sent as a URL-encoded form', async () => {
    expect(await count(await app.request('/sparql', form([['query', RECORD_COUNT]])))).toBe(2);
  });

  it('query_post_direct: runs a query sent as an application/sparql-query body', async () => {
    const res = await app.request('/sparql', { method: 'POST', headers: { 'Content-Type': 'application/sparql-query; charset=utf-8' }, body: RECORD_COUNT });
    expect(await count(res)).toBe(2);
  });

  it('query_dataset_default_graph: default-graph-uri restricts the default graph (GET)', async () => {
    const url = `/sparql?query=${encodeURIComponent(RECORD_COUNT)}&default-graph-uri=${encodeURIComponent(`${BASE}graph/test-2`)}`;
    expect(await count(await app.request(url))).toBe(1);
  });

  it('query_dataset_default_graphs_post: several default-graph-uri in a form are merged', async () => {
    const res = await app.request(
      '/sparql',
      form([
        ['query', RECORD_COUNT],
        ['default-graph-uri', `${BASE}graph/test-1`],
        ['default-graph-uri', `${BASE}graph/test-2`],
      ]),
    );
    expect(await count(res)).toBe(2);
  });

  it('query_dataset_named_graphs: named-graph-uri limits the graphs GRAPH ?g sees', async () => {
    const query = 'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }';
    expect(await count(await app.request(`/sparql?query=${encodeURIComponent(query)}`))).toBe(3);
    const url = `/sparql?query=${encodeURIComponent(query)}&named-graph-uri=${encodeURIComponent(`${BASE}graph/test-1`)}`;
    expect(await count(await app.request(url))).toBe(1);
  });

  it('query_dataset_full: dataset parameters with a direct POST come from the URL', async () => {
    const res = await app.request(`/sparql?default-graph-uri=${encodeURIComponent(`${BASE}graph/test-1`)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-query' },
      body: RECORD_COUNT,
    });
    expect(await count(res)).toBe(1);
  });

  it('query_multiple_dataset: protocol dataset parameters override FROM in the query', async () => {
    const query = `SELECT (COUNT(DISTINCT ?r) AS ?n) FROM <${BASE}graph/test-1> WHERE { ?r a <http://localhost:3030/ontology#Record> }`;
    expect(await count(await app.request(`/sparql?query=${encodeURIComponent(query)}`))).toBe(1);
    const url = `/sparql?query=${encodeURIComponent(query)}&default-graph-uri=${encodeURIComponent(`${BASE}graph/test-2`)}`;
    const res = await app.request(url);
    expect(await count(res)).toBe(1);
    // The record counted is the one of test-2, not test-1.
    const which = `SELECT ?r FROM <${BASE}graph/test-1> WHERE { ?r a <http://localhost:3030/ontology#Record> }`;
    const r2 = await app.request(`/sparql?query=${encodeURIComponent(which)}&default-graph-uri=${encodeURIComponent(`${BASE}graph/test-2`)}`);
    expect(await r2.text()).toContain('record/test-2');
  });

  it('resolves relative IRIs in a query against the data base IRI', async () => {
    const query = 'SELECT (COUNT(*) AS ?n) WHERE { <person/li-wenming> ?p ?o }';
    expect(await count(await app.request(`/sparql?query=${encodeURIComponent(query)}`))).toBeGreaterThan(0);
  });

  it.each([
    ['select', 'SELECT * WHERE { ?s ?p ?o } LIMIT 1', 'application/sparql-results+json'],
    ['ask', 'ASK { ?s ?p ?o }', 'application/sparql-results+json'],
    ['construct', 'CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1', 'text/turtle'],
    ['describe', `DESCRIBE <${BASE}record/test-2>`, 'text/turtle'],
  ])('query_content_type_%s: answers with a media type fit for the query form', async (_form, query, type) => {
    const res = await app.request(`/sparql?query=${encodeURIComponent(query)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')?.split(';')[0]).toBe(type);
  });
});

describe('graph results', () => {
  it('writes CONSTRUCT results as Turtle with the project prefixes, the same triples as N-Triples', async () => {
    const query = 'CONSTRUCT WHERE { ?s a <http://localhost:3030/ontology#Record> ; ?p ?o }';
    const ttl = await app.request(`/sparql?query=${encodeURIComponent(query)}`, { headers: { Accept: 'text/turtle' } });
    const nt = await app.request(`/sparql?query=${encodeURIComponent(query)}`, { headers: { Accept: 'application/n-triples' } });
    const turtle = await ttl.text();
    expect(turtle).toMatch(/^@prefix rdf: <http:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#>\./m);
    expect(turtle).toMatch(/\ba ald:Record\b/);
    const { Parser } = await import('n3');
    const fromTurtle = new Parser({ format: 'text/turtle' }).parse(turtle).map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.id}`).sort();
    const fromNt = new Parser({ format: 'application/n-triples' }).parse(await nt.text()).map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.id}`).sort();
    expect(fromTurtle.length).toBeGreaterThan(3);
    expect(fromTurtle).toEqual(fromNt);
  });
});

describe('bad requests', () => {
  it('bad_query_method: PUT is refused with 405', async () => {
    expect((await app.request('/sparql', { method: 'PUT', body: 'ASK {}' })).status).toBe(405);
  });

  it('bad_multiple_queries: two query parameters are refused with 400', async () => {
    const res = await app.request(`/sparql?query=${encodeURIComponent('ASK {}')}&query=${encodeURIComponent('ASK {}')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("2 'query' parameters");
  });

  it('bad_query_wrong_media_type: a POST with text/plain is refused with 415', async () => {
    expect((await app.request('/sparql', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'ASK {}' })).status).toBe(415);
  });

  it('bad_query_missing_form_type: a form without its Content-Type is refused', async () => {
    const res = await app.request('/sparql', { method: 'POST', body: 'query=ASK%20%7B%7D' });
    expect([400, 415]).toContain(res.status);
  });

  it('bad_query_missing_direct_type: a direct POST without its Content-Type is refused', async () => {
    const res = await app.request('/sparql', { method: 'POST', body: 'ASK {}' });
    expect([400, 415]).toContain(res.status);
  });

  it('bad_query_syntax: a syntax error is 400 with the position', async () => {
    const res = await app.request(`/sparql?query=${encodeURIComponent('SELECT ?s WHERE { ?s ?p }')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/syntax error at line 1, column \d+/);
  });

  it('bad_query_empty_post: a form POST without a query is 400', async () => {
    expect((await app.request('/sparql', form([['default-graph-uri', `${BASE}graph/test-1`]]))).status).toBe(400);
  });

  it('bad_update_on_query_endpoint: an update in the query parameter is 400', async () => {
    const res = await app.request(`/sparql?query=${encodeURIComponent('CLEAR ALL')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('/update');
  });

  it('bad_update_direct_on_query_endpoint: an application/sparql-update body on /sparql is 400', async () => {
    const res = await app.request('/sparql', { method: 'POST', headers: { 'Content-Type': 'application/sparql-update' }, body: 'CLEAR ALL' });
    expect(res.status).toBe(400);
  });

  it('bad_dataset_iri: a relative default-graph-uri is 400', async () => {
    const res = await app.request(`/sparql?query=${encodeURIComponent('ASK {}')}&default-graph-uri=not-absolute`);
    expect(res.status).toBe(400);
  });

  it('bad_update_get: GET /update is refused with 405', async () => {
    expect((await app.request(`/update?update=${encodeURIComponent('CLEAR ALL')}`)).status).toBe(405);
  });
});

describe('update operation', () => {
  const auth = { Authorization: `Bearer ${TOKEN}` };

  it('update_post_form: applies an update sent as a form', async () => {
    const res = await app.request('/update', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...auth },
      body: new URLSearchParams({ update: `INSERT DATA { GRAPH <${BASE}graph/test-9> { <${BASE}record/test-9> a <http://localhost:3030/ontology#Record> } }` }).toString(),
    });
    expect(res.status).toBe(204);
    expect(await count(await app.request(`/sparql?query=${encodeURIComponent(RECORD_COUNT)}`))).toBe(3);
  });

  it('update_post_direct: applies an update sent as application/sparql-update', async () => {
    const res = await app.request('/update', {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-update', ...auth },
      body: `DROP GRAPH <${BASE}graph/test-9>`,
    });
    expect(res.status).toBe(204);
    expect(await count(await app.request(`/sparql?query=${encodeURIComponent(RECORD_COUNT)}`))).toBe(2);
  });

  it('bad_update_syntax: a syntax error in an update is 400', async () => {
    const res = await app.request('/update', { method: 'POST', headers: { 'Content-Type': 'application/sparql-update', ...auth }, body: 'INSERT DATA { <a> ' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('update has a syntax error');
  });
});
