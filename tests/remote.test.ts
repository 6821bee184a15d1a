import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { extractRecord } from '../src/extract/index.js';
import { toQuads } from '../src/model/index.js';
import { isomorphic, parse } from '../src/rdf/index.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { startServer } from '../src/cli/serve.js';
import { createApp } from '../src/server/app.js';
import { byGraph, parseStoreUrl, publishToRemote, pushDataset, RemoteSparqlStore } from '../src/store/remote.js';
import { StoreQueryError } from '../src/store/sparql-store.js';
import { QueryTimeoutError } from '../src/store/types.js';
import { generateCorpus, loadSynthLists } from '../src/synth/index.js';
import { SKIP_MESSAGE, startVirtuoso, virtuosoAvailable, type RunningVirtuoso } from './helpers/virtuoso.js';

const BASE = 'http://localhost:3030/';

describe('parseStoreUrl', () => {
  it('reads the query endpoint and the Virtuoso Graph Store and update endpoints on the same host', () => {
    expect(parseStoreUrl('sparql+http://127.0.0.1:8890/sparql')).toEqual({
      queryUrl: 'http://127.0.0.1:8890/sparql',
      graphStoreUrl: 'http://127.0.0.1:8890/sparql-graph-crud-auth',
      updateUrl: 'http://127.0.0.1:8890/sparql-auth',
    });
  });

  it('takes other Graph Store and update paths from gsp= and update=', () => {
    const urls = parseStoreUrl('sparql+https://store.example.org/ds/query?gsp=/ds/data&update=/ds/update');
    expect(urls).toEqual({ queryUrl: 'https://store.example.org/ds/query', graphStoreUrl: 'https://store.example.org/ds/data', updateUrl: 'https://store.example.org/ds/update' });
  });

  it('refuses a URL without the sparql+ scheme, naming the expected form', () => {
    expect(() => parseStoreUrl('http://127.0.0.1:8890/sparql')).toThrow(/sparql\+http:\/\/host:port\/sparql/);
  });

  it('refuses credentials in the URL and points at the configuration', () => {
    expect(() => parseStoreUrl('sparql+http://dba:secret@127.0.0.1:8890/sparql')).toThrow(/STORE_USER and STORE_PASSWORD/);
  });
});

describe('--store configuration', () => {
  it('accepts a sparql+http URL from the flag or STORE_URL', () => {
    expect(loadConfig({ store: 'sparql+http://127.0.0.1:8890/sparql' }).store).toBe('sparql+http://127.0.0.1:8890/sparql');
    expect(loadConfig({}, { STORE_URL: 'sparql+https://store.example.org/sparql' }).store).toBe('sparql+https://store.example.org/sparql');
    expect(loadConfig({}).store).toBeUndefined();
  });

  it('refuses another scheme or credentials in the URL, naming the option', () => {
    expect(() => loadConfig({ store: 'http://127.0.0.1:8890/sparql' })).toThrow(/--store must be a remote SPARQL endpoint/);
    expect(() => loadConfig({ store: 'sparql+http://dba:pw@127.0.0.1:8890/sparql' })).toThrow(/STORE_USER/);
  });
});

describe('byGraph', () => {
  it('groups quads by named graph and leaves default-graph quads out', () => {
    const quads = parse(`<${BASE}graph/a> { <${BASE}s> <${BASE}p> "1" . <${BASE}s> <${BASE}p> "2" . } <${BASE}graph/b> { <${BASE}s> <${BASE}p> "3" . } <${BASE}x> <${BASE}p> "4" .`, 'trig');
    const groups = byGraph(quads);
    expect([...groups.keys()]).toEqual([`${BASE}graph/a`, `${BASE}graph/b`]);
    expect(groups.get(`${BASE}graph/a`)).toHaveLength(2);
  });
});

const available = virtuosoAvailable();
if (!available) console.warn(SKIP_MESSAGE);

describe.skipIf(!available)('RemoteSparqlStore against a real Virtuoso', () => {
  let v: RunningVirtuoso;
  let store: RemoteSparqlStore;
  const lists = loadSynthLists();
  const records = [...generateCorpus(3, 21, lists)].map((r) => toQuads(extractRecord(r.fileName, Buffer.from(r.text)), { base: BASE, version: 'test' }));

  beforeAll(async () => {
    const started = await startVirtuoso();
    if (!started) throw new Error(SKIP_MESSAGE);
    v = started;
    store = RemoteSparqlStore.fromUrl(v.storeUrl, { credentials: v.credentials, baseIri: BASE, timeoutMs: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await v?.stop();
  }, 30_000);

  it('replaces a record graph as a whole: a second PUT with fewer triples leaves only those', async () => {
    const graph = `${BASE}graph/replace-test`;
    const first = parse(`<${graph}> { <${BASE}s> <${BASE}p> "a", "b", "c" . }`, 'trig');
    await store.replaceGraph(graph, first);
    expect((await store.select(`SELECT ?o WHERE { GRAPH <${graph}> { ?s ?p ?o } }`)).rows).toHaveLength(3);
    await store.replaceGraph(graph, parse(`<${graph}> { <${BASE}s> <${BASE}p> "z" . }`, 'trig'));
    const { rows } = await store.select(`SELECT ?o WHERE { GRAPH <${graph}> { ?s ?p ?o } }`);
    expect(rows.map((r) => r.o?.value)).toEqual(['z']);
  });

  it('keeps language tags, datatypes and non-Latin text of a real record graph (CONSTRUCT gives back the same graph)', async () => {
    const quads = records[0] ?? [];
    const [[graph, qs]] = [...byGraph(quads).entries()] as [[string, typeof quads]];
    await store.replaceGraph(graph, qs);
    const back = await store.construct(`CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${graph}> { ?s ?p ?o } }`);
    const expected = parse((await import('../src/rdf/index.js')).canonicalLines(qs, false).join('\n'), 'ntriples');
    // Blank nodes are renamed by the store; compare as graphs.
    expect(isomorphic(back, expected)).toBe(true);
  });

  it('pushes a dataset, then drops the graph of a record no longer in it', async () => {
    const all = records.flat();
    const first = await pushDataset(store, all, `${BASE}graph/wcda-`);
    expect(first.graphs).toBe(3);
    const graphs = await store.graphs(`${BASE}graph/wcda-`);
    expect(graphs).toHaveLength(3);
    const second = await pushDataset(store, records.slice(1).flat(), `${BASE}graph/wcda-`);
    expect(second.dropped).toHaveLength(1);
    expect(await store.graphs(`${BASE}graph/wcda-`)).toHaveLength(2);
  });

  it('answers SELECT in every result format, ASK as a boolean, with relative IRIs against the data base', async () => {
    const q = `SELECT ?o WHERE { GRAPH <graph/replace-test> { ?s ?p ?o } }`;
    const json = await store.queryRaw(q, 'bindings', 'application/sparql-results+json');
    expect(JSON.parse(json.body).results.bindings[0].o).toEqual({ type: 'literal', value: 'z' });
    const csv = await store.queryRaw(q, 'bindings', 'text/csv');
    expect(csv.body.trim().split(/\r?\n/)).toEqual(['o', 'z']);
    expect(await store.ask(`ASK { GRAPH <graph/replace-test> { ?s ?p "z" } }`)).toBe(true);
    expect(await store.ask(`ASK { GRAPH <graph/replace-test> { ?s ?p "nothing" } }`)).toBe(false);
  });

  it('cuts results at the cap and says so', async () => {
    const capped = RemoteSparqlStore.fromUrl(v.storeUrl, { credentials: v.credentials, resultCap: 5 });
    const res = await capped.select('SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }');
    expect(res.rows).toHaveLength(5);
    expect(res.truncated).toBe(true);
  });

  it('reports a syntax error as the store refusing the query, with its message', async () => {
    await expect(store.select('SELECT WHERE {')).rejects.toBeInstanceOf(StoreQueryError);
  });

  it('stops waiting at the deadline', async () => {
    await expect(store.select('SELECT * WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?x ?y ?z } GRAPH ?c { ?u ?v ?w } }', { timeoutMs: 1 })).rejects.toBeInstanceOf(
      QueryTimeoutError,
    );
  });

  it('refuses writes with a wrong password and names the settings to check', async () => {
    const wrong = RemoteSparqlStore.fromUrl(v.storeUrl, { credentials: { user: 'dba', password: 'not-the-password' } });
    await expect(wrong.replaceGraph(`${BASE}graph/x`, [])).rejects.toThrow(/STORE_USER and STORE_PASSWORD/);
  });

  it('build --store: publishes the dumps to the store, and serve --store answers from it over HTTP', async () => {
    const dumpsDir = join(v.dir, 'out', 'dumps');
    mkdirSync(dumpsDir, { recursive: true });
    const { serialize } = await import('../src/rdf/index.js');
    writeFileSync(join(dumpsDir, 'dataset.nq'), await serialize(records.flat(), 'nquads'));
    const config = loadConfig({ store: v.storeUrl, outDir: join(v.dir, 'out'), port: 0, logLevel: 'silent' });
    const env = { STORE_USER: v.credentials.user, STORE_PASSWORD: v.credentials.password };
    await expect(publishToRemote(config, dumpsDir, {})).rejects.toThrow(/STORE_USER and STORE_PASSWORD/);
    const report = await publishToRemote(config, dumpsDir, env);
    expect(report.graphs).toBe(3);
    // Graphs under the data's graph/ prefix that the build did not publish are gone (removed records).
    expect(report.dropped).toContain(`${BASE}graph/replace-test`);
    const server = await startServer(config);
    try {
      const q = `SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${BASE}graph/wcda-")) }`;
      const res = await fetch(`${server.url}sparql?query=${encodeURIComponent(q)}`, { headers: { accept: 'text/csv' } });
      expect(res.status).toBe(200);
      expect((await res.text()).trim().split(/\r?\n/)[1]).toBe('3');
    } finally {
      await server.stop();
    }
  });

  it('serves the archive-ld /sparql endpoint from the remote store', async () => {
    await store.replaceGraph(`${BASE}graph/replace-test`, parse(`<${BASE}graph/replace-test> { <${BASE}s> <${BASE}p> "z" . }`, 'trig'));
    const config = loadConfig({ logLevel: 'silent' });
    const app = createApp({ config, base: BASE, store, dumpsDir: v.dir, logger: pino({ level: 'silent' }) });
    const res = await app.request(`/sparql?query=${encodeURIComponent(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${BASE}graph/replace-test> { ?s ?p ?o } }`)}`, {
      headers: { accept: 'application/sparql-results+json' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { bindings: { n: { value: string } }[] } };
    expect(body.results.bindings[0]?.n.value).toBe('1');
  });
});
