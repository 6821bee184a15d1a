import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import type { Hono } from 'hono';
import { createApp } from '../src/server/app.js';
import { BASE, startTestServer, type TestServer } from './server-fixture.js';

const q = (query: string): string => `/sparql?query=${encodeURIComponent(query)}`;
const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
const TOKEN = 'secret-token-123';

let server: TestServer;
let app: Hono;

beforeAll(async () => {
  server = await startTestServer({ updateToken: TOKEN, resultCap: 5 });
  app = createApp(server.ctx);
});
afterAll(async () => server?.pool.close());

describe('GET /sparql result formats', () => {
  it('answers SELECT in SPARQL JSON by default', async () => {
    const res = await app.request(q('SELECT ?l WHERE { <http://localhost:3030/person/ivan-petrenko> <http://www.w3.org/2000/01/rdf-schema#label> ?l }'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
    const body = (await res.json()) as { head: { vars: string[] }; results: { bindings: Array<{ l: { value: string } }> } };
    expect(body.head.vars).toEqual(['l']);
    expect(body.results.bindings[0]?.l.value).toBe('Ivan Petrenko');
  });

  it.each([
    ['application/sparql-results+xml', /<sparql xmlns="http:\/\/www.w3.org\/2005\/sparql-results#">/],
    ['text/csv', /^n\r\n\d+\r\n$/],
    ['text/tab-separated-values', /^\?n\n"\d+"\^\^<http:\/\/www.w3.org\/2001\/XMLSchema#integer>\n$/],
  ])('answers SELECT as %s when asked', async (type, pattern) => {
    const res = await app.request(q(COUNT), { headers: { Accept: type } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(await res.text()).toMatch(pattern);
  });

  it('answers ASK as JSON and XML booleans', async () => {
    const json = await app.request(q('ASK { ?s ?p ?o }'));
    expect(await json.json()).toEqual({ head: {}, boolean: true });
    const xml = await app.request(q('ASK { <urn:x:none> ?p ?o }'), { headers: { Accept: 'application/sparql-results+xml' } });
    expect(await xml.text()).toContain('<boolean>false</boolean>');
  });

  it.each([
    ['text/turtle', 'Ivan Petrenko'],
    ['application/n-triples', '<http://localhost:3030/person/ivan-petrenko> <http://www.w3.org/2000/01/rdf-schema#label> "Ivan Petrenko"@en .'],
    ['application/ld+json', '"@value":"Ivan Petrenko"'],
    ['application/rdf+xml', '<rdf:RDF'],
    ['application/trig', 'Ivan Petrenko'],
    ['application/n-quads', '"Ivan Petrenko"@en .'],
  ])('answers CONSTRUCT as %s', async (type, expected) => {
    const res = await app.request(q(`CONSTRUCT WHERE { <${BASE}person/ivan-petrenko> ?p ?o }`), { headers: { Accept: type } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(await res.text()).toContain(expected);
  });

  it('answers DESCRIBE as Turtle by default', async () => {
    const res = await app.request(q(`DESCRIBE <${BASE}org/ministry-of-waterways>`));
    expect(res.headers.get('content-type')).toMatch(/^text\/turtle/);
    expect(await res.text()).toContain('Ministry of Waterways');
  });
});

describe('Accept negotiation', () => {
  it('follows q-values', async () => {
    const res = await app.request(q(COUNT), { headers: { Accept: 'application/sparql-results+json;q=0.5, text/csv;q=0.9' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  });

  it('gives the default format for */*', async () => {
    const res = await app.request(q(COUNT), { headers: { Accept: '*/*' } });
    expect(res.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
  });

  it('matches a type wildcard such as text/*', async () => {
    const res = await app.request(q(COUNT), { headers: { Accept: 'text/*' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/(csv|tab-separated-values)/);
  });

  it('serves application/json as SPARQL JSON', async () => {
    const res = await app.request(q(COUNT), { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
  });

  it('answers 406 naming the alternatives for an unknown type', async () => {
    const res = await app.request(q(COUNT), { headers: { Accept: 'image/png' } });
    expect(res.status).toBe(406);
    const text = await res.text();
    expect(text).toContain('application/sparql-results+json');
    expect(text).toContain('text/csv');
  });

  it('answers 406 for a graph format asked of a SELECT', async () => {
    const res = await app.request(q(COUNT), { headers: { Accept: 'text/turtle' } });
    expect(res.status).toBe(406);
  });

  it('shows SELECT results as an HTML page to a browser that ranks text/html first', async () => {
    const res = await app.request(q(COUNT), { headers: { Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<table/);
  });

  it('keeps SPARQL JSON when text/html ranks below a results format', async () => {
    const res = await app.request(q(COUNT), { headers: { Accept: 'application/sparql-results+json, text/html;q=0.5' } });
    expect(res.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
  });

  it('lets ?format= override Accept', async () => {
    const res = await app.request(`${q(COUNT)}&format=tsv`, { headers: { Accept: 'application/sparql-results+xml' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/tab-separated-values/);
    const bad = await app.request(`${q(COUNT)}&format=yaml`);
    expect(bad.status).toBe(406);
    expect(await bad.text()).toContain('csv (text/csv)');
  });
});

describe('errors', () => {
  it('answers a syntax error with 400, the parser message and the position', async () => {
    const res = await app.request(q('SELECT * WHERE {\n  ?s ?p }'));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('line 2');
    expect(text).toMatch(/Parse error/);
  });

  it('refuses an update on the query endpoint with 400 pointing at /update', async () => {
    const res = await app.request(q('INSERT DATA { <urn:a> <urn:b> <urn:c> }'));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('/update');
  });

  it('answers 405 with Allow for other methods on /sparql', async () => {
    const res = await app.request('/sparql', { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('POST');
  });

  it('answers 415 for a POST with an unsupported content type', async () => {
    const res = await app.request('/sparql', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'ASK {}' });
    expect(res.status).toBe(415);
  });

  it('answers 413 to a request body over 10 MiB', async () => {
    const body = `query=${'x'.repeat(10 * 1024 * 1024 + 1)}`;
    const res = await app.request('/sparql', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(body.length) }, body });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('10 MiB');
  });

  it('never leaks internals in a 500', async () => {
    const broken = createApp({ ...server.ctx, store: { ...server.pool, queryRaw: () => Promise.reject(new Error('secret stack detail')) } as never });
    const res = await broken.request(q('ASK {}'));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret');
    expect(text).toContain('reference');
  });
});

describe('result cap', () => {
  it('cuts results at the cap and states it in headers and the body', async () => {
    const res = await app.request(q('SELECT ?s ?p ?o WHERE { ?s ?p ?o }'), { headers: { Accept: 'application/sparql-results+xml' } });
    expect(res.headers.get('x-result-cap')).toBe('5');
    expect(res.headers.get('x-result-truncated')).toBe('true');
    const text = await res.text();
    expect(text.match(/<result>/g)).toHaveLength(5);
    expect(text).toContain('<!-- Result cut to the first 5 rows');
  });
});

describe('service description', () => {
  it('describes the service in Turtle on GET /sparql without a query', async () => {
    const res = await app.request('/sparql', { headers: { Accept: 'text/turtle' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('sd:Service');
    expect(text).toContain('sd:SPARQL11Update');
    expect(text).toContain('<http://www.w3.org/ns/formats/SPARQL_Results_JSON>');
  });

  it('gives a browser an HTML page', async () => {
    const res = await app.request('/sparql', { headers: { Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<html/i);
  });
});

describe('CORS and compression', () => {
  it('answers a preflight for /sparql', async () => {
    const res = await app.request('/sparql', {
      method: 'OPTIONS',
      headers: { Origin: 'https://example.net', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('adds CORS headers to reads but not to /update', async () => {
    const read = await app.request(q('ASK {}'), { headers: { Origin: 'https://example.net' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    const upd = await app.request('/update', { method: 'OPTIONS', headers: { Origin: 'https://example.net', 'Access-Control-Request-Method': 'POST' } });
    expect(upd.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gzips a large response when asked', async () => {
    const long = 'archive '.repeat(400);
    const query = `CONSTRUCT { <${BASE}x> <${BASE}p> ?o } WHERE { VALUES ?o { "${long}" } }`;
    const res = await app.request(q(query), { headers: { Accept: 'application/n-triples', 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const text = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
    expect(text).toContain(long);
    const plain = await app.request(q(query), { headers: { Accept: 'application/n-triples' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    // Both variants say they vary by Accept-Encoding, so a shared cache keeps them apart.
    expect(res.headers.get('vary')).toMatch(/Accept, Accept-Encoding/);
    expect(plain.headers.get('vary')).toMatch(/Accept, Accept-Encoding/);
    expect(await plain.text()).toContain(long);
  });
});

describe('POST /update', () => {
  const update = (auth?: string, body = `INSERT DATA { GRAPH <${BASE}graph/test-3> { <${BASE}person/new-one> <http://www.w3.org/2000/01/rdf-schema#label> "New One"@en } }`) =>
    app.request('/update', {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-update', ...(auth ? { Authorization: auth } : {}) },
      body,
    });

  it('asks for a Bearer token with 401 when none is sent', async () => {
    const res = await update();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses a wrong token with 403', async () => {
    expect((await update('Bearer wrong-token-000')).status).toBe(403);
  });

  it('applies an update with the right token and the change is visible to queries', async () => {
    const res = await update(`Bearer ${TOKEN}`);
    expect(res.status).toBe(204);
    const ask = await app.request(q(`ASK { <${BASE}person/new-one> ?p ?o }`));
    expect(await ask.json()).toEqual({ head: {}, boolean: true });
  });

  it('refuses a query sent to /update with 400', async () => {
    expect((await update(`Bearer ${TOKEN}`, 'SELECT * WHERE { ?s ?p ?o }')).status).toBe(400);
  });

  it('says updates are off when no token is configured', async () => {
    const off = createApp({ ...server.ctx, config: { ...server.config, updateToken: undefined } as never });
    const res = await off.request('/update', { method: 'POST', headers: { 'Content-Type': 'application/sparql-update', Authorization: 'Bearer x' }, body: 'CLEAR ALL' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('switched off');
  });

  it('answers 405 to GET /update', async () => {
    expect((await app.request('/update')).status).toBe(405);
  });
});

describe('dumps', () => {
  it('lists dump files as JSON with sizes and gzip variants', async () => {
    const res = await app.request('/dumps/', { headers: { Accept: 'application/json' } });
    const body = (await res.json()) as { dumps: Array<{ name: string; bytes: number; gzipBytes?: number }> };
    const ds = body.dumps.find((d) => d.name === 'dataset.nq');
    expect(ds?.bytes).toBe(4000);
    expect(ds?.gzipBytes).toBeGreaterThan(0);
    expect(body.dumps.map((d) => d.name)).toContain('records/test-1.trig');
  });

  it('redirects /dumps to /dumps/', async () => {
    const res = await app.request('/dumps');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/dumps/');
  });

  it('lists dump files as HTML for a browser', async () => {
    const res = await app.request('/dumps/', { headers: { Accept: 'text/html' } });
    expect(await res.text()).toContain('dataset.nq');
  });

  it('serves a dump with Content-Length, ETag and Last-Modified', async () => {
    const res = await app.request('/dumps/dataset.nq');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('4000');
    expect(res.headers.get('etag')).toMatch(/^"/);
    expect(res.headers.get('last-modified')).toBeTruthy();
    expect(res.headers.get('content-type')).toMatch(/^application\/n-quads/);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await app.request('/dumps/dataset.nq', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('4000');
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers 304 to If-None-Match and If-Modified-Since', async () => {
    const first = await app.request('/dumps/dataset.nq');
    const etag = first.headers.get('etag') as string;
    const lm = first.headers.get('last-modified') as string;
    expect((await app.request('/dumps/dataset.nq', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await app.request('/dumps/dataset.nq', { headers: { 'If-Modified-Since': lm } })).status).toBe(304);
    expect((await app.request('/dumps/dataset.nq', { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
  });

  it('serves the pre-built gzip variant when the client accepts gzip', async () => {
    const res = await app.request('/dumps/dataset.nq', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')).toContain('record/test-1');
  });

  it('refuses paths that climb out of the dumps folder', async () => {
    expect((await app.request('/dumps/..%2Fupdates.jsonl')).status).toBe(404);
    expect((await app.request('/dumps/nope.nq')).status).toBe(404);
  });

  it('serves the VoID description at /.well-known/void', async () => {
    const res = await app.request('/.well-known/void');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/turtle/);
    expect(await res.text()).toContain('void#Dataset');
  });

  it('converts the VoID description to JSON-LD and N-Triples on request', async () => {
    const jsonld = await app.request('/.well-known/void', { headers: { Accept: 'application/ld+json' } });
    expect(jsonld.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    expect(JSON.stringify(await jsonld.json())).toContain('void#Dataset');
    const nt = await app.request('/.well-known/void?format=nt');
    expect(await nt.text()).toBe('<http://localhost:3030/void> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://rdfs.org/ns/void#Dataset> .\n');
    expect((await app.request('/.well-known/void', { headers: { Accept: 'image/png' } })).status).toBe(406);
  });
});

describe('reconciliation service', () => {
  it('mounts the reconciliation routes at /reconcile', async () => {
    const res = await app.request('/reconcile');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/json/);
  });
});

describe('linked-data dereferencing', () => {
  it('gives an entity its triples and its neighbours labels in Turtle', async () => {
    const res = await app.request('/person/ivan-petrenko', { headers: { Accept: 'text/turtle' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('Ivan Petrenko');
    expect(text).toContain('Ministry of Waterways');
  });

  it.each([
    ['jsonld', 'application/ld+json'],
    ['nt', 'application/n-triples'],
    ['ttl', 'text/turtle'],
  ])('honours ?format=%s', async (format, type) => {
    const res = await app.request(`/person/li-wenming?format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(await res.text()).toContain('李文明');
  });

  it('gives the content of a named graph for a graph IRI', async () => {
    const res = await app.request('/graph/test-2?format=nt');
    const text = await res.text();
    expect(text).toContain('Cable on a trade delegation');
    expect(text).not.toContain('Ivan Petrenko');
  });

  it('answers 404 for an unknown IRI in RDF and in HTML', async () => {
    expect((await app.request('/person/nobody-at-all', { headers: { Accept: 'text/turtle' } })).status).toBe(404);
    const html = await app.request('/person/nobody-at-all', { headers: { Accept: 'text/html' } });
    expect(html.status).toBe(404);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('renders HTML for a browser through the pages module', async () => {
    const res = await app.request('/person/ivan-petrenko', { headers: { Accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Ivan Petrenko');
  });

  it('serves the ontology graph at /ontology as Turtle and as HTML', async () => {
    const ttl = await app.request('/ontology', { headers: { Accept: 'text/turtle' } });
    expect(ttl.status).toBe(200);
    const text = await ttl.text();
    expect(text).toContain('@prefix ald: <http://localhost:3030/ontology#>');
    expect(text).toContain('ald:Record');
    const html = await app.request('/ontology', { headers: { Accept: 'text/html' } });
    expect(html.status).toBe(200);
  });

  it('serves the home page as HTML and redirects RDF clients to the VoID', async () => {
    const html = await app.request('/', { headers: { Accept: 'text/html' } });
    expect(html.status).toBe(200);
    const rdf = await app.request('/', { headers: { Accept: 'text/turtle' } });
    expect(rdf.status).toBe(303);
    expect(rdf.headers.get('location')).toBe('/.well-known/void');
  });
});
