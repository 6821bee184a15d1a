import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/server/app.js';
import { parseAllowlist, resolveServices, WIKIDATA_SPARQL } from '../src/server/federation.js';
import { BASE, startTestServer, type TestServer } from './server-fixture.js';

// A second archive-ld endpoint on a real loopback port stands in for the remote SPARQL service.
let remote: TestServer;
let remoteHttp: ServerType;
let endpoint: string;
let local: TestServer;

beforeAll(async () => {
  remote = await startTestServer();
  remoteHttp = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: createApp(remote.ctx).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  endpoint = `http://127.0.0.1:${(remoteHttp.address() as AddressInfo).port}/sparql`;
  local = await startTestServer({ federation: endpoint });
});

afterAll(async () => {
  remoteHttp?.close();
  await remote?.pool.close();
  await local?.pool.close();
});

const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';

async function select(app: ReturnType<typeof createApp>, query: string): Promise<Response> {
  return app.request('/sparql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' },
    body: query,
  });
}

describe('SERVICE on an allowed endpoint', () => {
  it('joins the remote answers with the local data', async () => {
    const app = createApp(local.ctx);
    const res = await select(
      app,
      `SELECT ?label WHERE {
         <${BASE}record/test-1> <${BASE.replace(/\/$/, '')}/ontology#records> ?event .
         SERVICE <${endpoint}> { <${BASE}person/li-wenming> <${RDFS}label> ?label }
       } ORDER BY ?label`,
    );
    expect(res.status).toBe(200);
    const json = (await res.json()) as { results: { bindings: Array<{ label: { value: string; 'xml:lang'?: string } }> } };
    expect(json.results.bindings.map((b) => b.label.value)).toEqual(['Li Wenming', 'Li Wenming', '李文明']);
  });

  it('keeps language tags and datatypes of the remote terms', async () => {
    const text = await resolveServices(
      `SELECT * WHERE { SERVICE <${endpoint}> { <${BASE}person/li-wenming> <${RDFS}label> ?l FILTER(lang(?l) = "zh-hant") } }`,
      { allow: [endpoint], timeoutMs: 5000, resultCap: 100 },
    );
    expect(text).toMatch(/VALUES/);
    expect(text.toLowerCase()).toContain('"李文明"@zh-hant');
    expect(text).not.toMatch(/SERVICE/);
  });
});

describe('SERVICE refused or failing', () => {
  it('answers 400 naming the allowlist for an endpoint not on it', async () => {
    const res = await select(createApp(local.ctx), `SELECT * WHERE { SERVICE <http://127.0.0.9:9/sparql> { ?s ?p ?o } }`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/not on the federation allowlist .*--federation/);
  });

  it('answers 400 saying federation is off when no endpoint is allowed', async () => {
    const res = await select(createApp(remote.ctx), `SELECT * WHERE { SERVICE <${endpoint}> { ?s ?p ?o } }`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/federated queries are off/);
  });

  it('treats a failing SILENT service as one empty solution, and a failing plain one as 503', async () => {
    const dead = 'http://127.0.0.1:9/sparql';
    const ctx = { ...local.ctx, config: { ...local.ctx.config, federation: [dead] } };
    const silent = await select(createApp(ctx), `SELECT (COUNT(*) AS ?n) WHERE { SERVICE SILENT <${dead}> { ?s ?p ?o } }`);
    expect(silent.status).toBe(200);
    const json = (await silent.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
    expect(json.results.bindings[0]?.n.value).toBe('1');
    const loud = await select(createApp(ctx), `SELECT * WHERE { SERVICE <${dead}> { ?s ?p ?o } }`);
    expect(loud.status).toBe(503);
    expect(await loud.text()).toMatch(/SERVICE <http:\/\/127\.0\.0\.1:9\/sparql> failed.*SILENT/);
  });
});

describe('parseAllowlist', () => {
  it('reads a comma-separated list, with wikidata as a shorthand, and off as empty', () => {
    expect(parseAllowlist('wikidata, http://127.0.0.1:8890/sparql')).toEqual([WIKIDATA_SPARQL, 'http://127.0.0.1:8890/sparql']);
    expect(parseAllowlist('off')).toEqual([]);
    expect(parseAllowlist(undefined)).toEqual([]);
  });
});
