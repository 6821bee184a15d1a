/**
 * Sending a layout-2 publication (per-graph parts, out/dumps/manifest.json) to a remote store: through the Graph
 * Store Protocol and through Virtuoso's own loader (bulk=isql://...), only what changed, graphs replaced whole.
 * The publication is made by the real build (runBuild) from synthetic records; the store is a throwaway Virtuoso.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { runBuild } from '../src/build/index.js';
import { loadConfig } from '../src/config/index.js';
import { isomorphic, parse } from '../src/rdf/index.js';
import { nquadsToNTriples, parseStoreUrl, publishToRemote, pushPublication, RemotePushError, RemoteSparqlStore, PUSH_STATE_FILE } from '../src/store/remote.js';
import { writeCorpus } from '../src/synth/index.js';
import { SKIP_MESSAGE, startVirtuoso, virtuosoAvailable, type RunningVirtuoso } from './helpers/virtuoso.js';

const BASE = 'http://localhost:3030/';
const PREFIX = `${BASE}graph/`;
const silent = pino({ level: 'silent' });

describe('parseStoreUrl bulk=', () => {
  it("reads Virtuoso's SQL port from bulk=isql://host:port and keeps it out of the query URL", () => {
    expect(parseStoreUrl('sparql+http://127.0.0.1:8890/sparql?bulk=isql://127.0.0.1:1111')).toEqual({
      queryUrl: 'http://127.0.0.1:8890/sparql',
      graphStoreUrl: 'http://127.0.0.1:8890/sparql-graph-crud-auth',
      updateUrl: 'http://127.0.0.1:8890/sparql-auth',
      bulk: { host: '127.0.0.1', port: 1111 },
    });
  });

  it('refuses a bulk= value that is not isql://host:port and says what to write', () => {
    expect(() => parseStoreUrl('sparql+http://127.0.0.1:8890/sparql?bulk=1111')).toThrow(/bulk='1111' is not Virtuoso's SQL port\. Use bulk=isql:\/\/127\.0\.0\.1:1111/);
  });

  it('is accepted by the configuration as a --store value', () => {
    expect(loadConfig({ store: 'sparql+http://127.0.0.1:8890/sparql?bulk=isql://127.0.0.1:1111' }).store).toContain('bulk=isql://');
  });
});

describe('nquadsToNTriples', () => {
  const g = `${BASE}graph/r1`;
  it('drops the graph term of every line, literals with spaces and angle brackets untouched', () => {
    const text = `<${BASE}s> <${BASE}p> "a <b> c" <${g}> .\n<${BASE}s> <${BASE}p> _:b0 <${g}> .\n`;
    expect(nquadsToNTriples(text, g, 'x.nq')).toEqual({ body: `<${BASE}s> <${BASE}p> "a <b> c" .\n<${BASE}s> <${BASE}p> _:b0 .\n`, lines: 2 });
  });

  it('names the file and line of a quad in another graph (a part holds one graph)', () => {
    const text = `<${BASE}s> <${BASE}p> "1" <${g}> .\n<${BASE}s> <${BASE}p> "2" <${BASE}graph/other> .\n`;
    expect(() => nquadsToNTriples(text, g, 'records/r1.nq')).toThrow(/^records\/r1\.nq:2: the line is not in graph/);
  });
});

const available = virtuosoAvailable();
if (!available) console.warn(SKIP_MESSAGE);

/** Quads per graph under PREFIX, from the store. */
async function countsPerGraph(store: RemoteSparqlStore): Promise<Record<string, number>> {
  const { rows } = await store.select(`SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${PREFIX}")) } GROUP BY ?g`);
  return Object.fromEntries(rows.map((r) => [r.g?.value ?? '', Number(r.n?.value)]));
}

/** Lines of the part files of a dumps folder, by graph: what the store must hold. */
function partLines(dumpsDir: string): Map<string, string[]> {
  const manifest = JSON.parse(readFileSync(join(dumpsDir, 'manifest.json'), 'utf8')) as { parts: string[] };
  const out = new Map<string, string[]>();
  for (const part of manifest.parts) {
    const lines = readFileSync(join(dumpsDir, `${part}.nq`), 'utf8').split('\n').filter((l) => l !== '');
    const graph = /<([^<>]*)> \.$/.exec(lines[0] ?? '')?.[1] ?? '';
    out.set(graph, lines);
  }
  return out;
}

/** Distinct triples per graph (a store keeps a triple stated twice in a graph once). */
function expectedCounts(dumpsDir: string): Record<string, number> {
  return Object.fromEntries([...partLines(dumpsDir)].filter(([g]) => g.startsWith(PREFIX)).map(([g, ls]) => [g, new Set(ls).size]));
}

describe.skipIf(!available)('pushing a layout-2 publication to a real Virtuoso', () => {
  let v: RunningVirtuoso;
  let store: RemoteSparqlStore;
  let dataDir: string;
  let outDir: string;
  let dumpsDir: string;
  const env = (): NodeJS.ProcessEnv => ({ STORE_USER: v.credentials.user, STORE_PASSWORD: v.credentials.password });
  const build = (): ReturnType<typeof runBuild> =>
    runBuild({ config: loadConfig({ dataDir, outDir, jobs: 1 }, {}), logger: silent, version: '0.0.0-test', progress: false, allowInvalid: true });

  beforeAll(async () => {
    const started = await startVirtuoso();
    if (!started) throw new Error(SKIP_MESSAGE);
    v = started;
    store = RemoteSparqlStore.fromUrl(v.storeUrl, { credentials: v.credentials, baseIri: BASE, timeoutMs: 30_000 });
    // Data and out inside Virtuoso's own folder: in its DirsAllowed, so the bulk path may read the parts.
    dataDir = join(v.dir, 'data');
    outDir = join(v.dir, 'out');
    dumpsDir = join(outDir, 'dumps');
    await writeCorpus(3, dataDir, { seed: 5 });
    await build();
  }, 240_000);

  afterAll(async () => {
    await v?.stop();
  }, 30_000);

  it('Graph Store Protocol and the Virtuoso loader give the same graphs: quads per graph, an ASK, a whole graph', async () => {
    const config = loadConfig({ store: v.storeUrl, outDir }, {});
    const gsp = await publishToRemote(config, dumpsDir, env(), { statePath: join(v.dir, 'state-gsp.json') });
    expect(gsp.method).toBe('graph-store-protocol');
    const expected = expectedCounts(dumpsDir);
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(4); // 3 records + ontology/links/gazetteer
    expect(gsp.graphs).toBe(JSON.parse(readFileSync(join(dumpsDir, 'manifest.json'), 'utf8')).parts.length);
    const afterGsp = await countsPerGraph(store);
    expect(afterGsp).toEqual(expected);

    // The same publication again, through Virtuoso's loader this time (its own state file: it sends everything).
    const bulkConfig = loadConfig({ store: v.bulkStoreUrl, outDir }, {});
    const sql = await publishToRemote(bulkConfig, dumpsDir, env(), { statePath: join(v.dir, 'state-sql.json') });
    expect(sql.method).toBe('virtuoso-sql');
    expect(sql.graphs).toBe(gsp.graphs);
    expect(sql.quads).toBe(gsp.quads);
    expect(await countsPerGraph(store)).toEqual(afterGsp);

    const [graph, lines] = [...partLines(dumpsDir)].find(([g]) => g.startsWith(`${PREFIX}`) && !g.endsWith('/ontology')) as [string, string[]];
    const someLine = nquadsToNTriples(lines[lines.length - 1] ?? '', graph, 'part').body.trim();
    expect(await store.ask(`ASK { GRAPH <${graph}> { ${someLine} } }`)).toBe(true);
    expect(await store.ask(`ASK { GRAPH <${graph}> { <${BASE}no-such-thing> ?p ?o } }`)).toBe(false);
    // Language tags, datatypes, blank nodes and non-Latin text survive the loader: the same graph comes back.
    const back = await store.construct(`CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${graph}> { ?s ?p ?o } }`);
    expect(isomorphic(back, parse(nquadsToNTriples(lines.join('\n'), graph, 'part').body, 'ntriples'))).toBe(true);
  }, 180_000);

  it('sends only what changed: nothing on a second push, one record after it changed, its old triples gone; a removed record is dropped', async () => {
    const config = loadConfig({ store: v.bulkStoreUrl, outDir }, {});
    const statePath = join(outDir, PUSH_STATE_FILE);
    const first = await publishToRemote(config, dumpsDir, env());
    expect(existsSync(statePath)).toBe(true);
    expect(first.graphs).toBeGreaterThan(0);
    const again = await publishToRemote(config, dumpsDir, env());
    expect(again).toMatchObject({ graphs: 0, dropped: [] });
    expect(again.unchanged).toBe(first.graphs + first.unchanged);

    // Change one record's text: a new build gives it a new part (and new links), the other records are unchanged.
    const before = partLines(dumpsDir);
    const manifest = JSON.parse(readFileSync(join(dumpsDir, 'manifest.json'), 'utf8')) as { records: Array<{ recordId: string; file: string }> };
    const changed = manifest.records[0] as { recordId: string; file: string };
    const path = join(dataDir, changed.file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n([^\n]*[.!?])\n/, '\n$1 The delegation postponed the visit.\n'));
    await build();
    const after = partLines(dumpsDir);
    const graph = `${PREFIX}${encodeURIComponent(changed.recordId)}`;
    const gone = (before.get(graph) ?? []).filter((l) => !(after.get(graph) ?? []).includes(l));
    expect(gone.length).toBeGreaterThan(0);

    const third = await publishToRemote(config, dumpsDir, env());
    const changedParts = [...after].filter(([g, ls]) => (before.get(g) ?? []).join('\n') !== ls.join('\n')).length;
    expect(third.graphs).toBe(changedParts);
    expect(third.graphs).toBeLessThan(after.size);
    for (const line of gone.slice(0, 3)) {
      expect(await store.ask(`ASK { GRAPH <${graph}> { ${nquadsToNTriples(line, graph, 'part').body.trim()} } }`)).toBe(false);
    }
    expect(await countsPerGraph(store)).toEqual(expectedCounts(dumpsDir));

    // Remove a record: its graph leaves the store.
    const removed = manifest.records[1] as { recordId: string; file: string };
    unlinkSync(join(dataDir, removed.file));
    await build();
    const fourth = await publishToRemote(config, dumpsDir, env());
    expect(fourth.dropped).toEqual([`${PREFIX}${encodeURIComponent(removed.recordId)}`]);
    expect(await countsPerGraph(store)).toEqual(expectedCounts(dumpsDir));
  }, 300_000);

  it('resends a graph the store lost even when the state says it was pushed', async () => {
    const config = loadConfig({ store: v.bulkStoreUrl, outDir }, {});
    await publishToRemote(config, dumpsDir, env());
    const victim = Object.keys(expectedCounts(dumpsDir)).find((g) => !g.endsWith('/ontology')) as string;
    await store.dropGraph(victim);
    const report = await publishToRemote(config, dumpsDir, env());
    expect(report.graphs).toBe(1);
    expect(await countsPerGraph(store)).toEqual(expectedCounts(dumpsDir));
  }, 120_000);

  it('a part the loader cannot parse: names the graph, the file and the line, keeps the old graph, loads the others', async () => {
    const copy = join(v.dir, 'broken-out');
    rmSync(copy, { recursive: true, force: true });
    cpSync(dumpsDir, join(copy, 'dumps'), { recursive: true });
    const dumps = join(copy, 'dumps');
    const lines = partLines(dumps);
    const [graph] = [...lines].find(([g]) => g.startsWith(PREFIX) && !g.endsWith('/ontology')) as [string, string[]];
    const manifest = JSON.parse(readFileSync(join(dumps, 'manifest.json'), 'utf8')) as { parts: string[] };
    const part = manifest.parts.find((p) => readFileSync(join(dumps, `${p}.nq`), 'utf8').includes(`<${graph}> .`)) as string;
    const file = join(dumps, `${part}.nq`);
    // A new version of the graph whose 3rd line is broken: nothing of it may reach the store.
    const kept = (await countsPerGraph(store))[graph];
    writeFileSync(file, [lines.get(graph)?.[0], lines.get(graph)?.[1], `<${BASE}s> <${BASE}p> "unterminated <${graph}> .`, `<${BASE}new> <${BASE}p> "new" <${graph}> .`].join('\n') + '\n');

    const push = pushPublication(store, dumps, PREFIX, {
      bulk: { host: '127.0.0.1', port: v.sqlPort },
      credentials: v.credentials,
      statePath: join(copy, 'state.json'),
    });
    const err = (await push.catch((e: unknown) => e)) as RemotePushError;
    expect(err).toBeInstanceOf(RemotePushError);
    expect(err.message).toContain(`graph <${graph}> from ${file}`);
    expect(err.message).toMatch(/line 3/);
    expect(err.message).toMatch(/kept its previous content/);
    expect(err.failures.map((f) => f.graph)).toEqual([graph]);
    expect((await countsPerGraph(store))[graph]).toBe(kept);
    expect(await store.ask(`ASK { GRAPH <${graph}> { <${BASE}new> ?p ?o } }`)).toBe(false);
    // The others were loaded and recorded: a second try sends only the broken one again.
    const state = JSON.parse(readFileSync(join(copy, 'state.json'), 'utf8')) as { graphs: Record<string, string> };
    expect(Object.keys(state.graphs)).not.toContain(graph);
    expect(Object.keys(state.graphs).length).toBe(lines.size - 1);

    // The same broken part through the Graph Store Protocol: the store refuses it, the message names the file.
    // (Virtuoso's Graph Store PUT is not atomic: it keeps the lines it parsed before the error. Hence the SQL path.)
    const gsp = pushPublication(store, dumps, PREFIX, { statePath: join(copy, 'state.json') });
    await expect(gsp).rejects.toThrow(`(part ${part}, file ${file};`);
  }, 180_000);

  it('a part outside the DirsAllowed of Virtuoso: says to add the folder to DirsAllowed or drop bulk=', async () => {
    // Not under /tmp: Virtuoso lets every file under its temp folder (/tmp) be read, whatever DirsAllowed says.
    const outside = mkdtempSync(join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), 'archive-ld-outside-'));
    try {
      cpSync(dumpsDir, join(outside, 'dumps'), { recursive: true });
      const push = pushPublication(store, join(outside, 'dumps'), PREFIX, {
        bulk: { host: '127.0.0.1', port: v.sqlPort },
        credentials: v.credentials,
        statePath: join(outside, 'state.json'),
      });
      await expect(push).rejects.toThrow(/add it to DirsAllowed in virtuoso\.ini .* or remove bulk= from --store/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  }, 120_000);

  it('wrong credentials for the SQL port: names STORE_USER and STORE_PASSWORD', async () => {
    const push = pushPublication(store, dumpsDir, PREFIX, {
      bulk: { host: '127.0.0.1', port: v.sqlPort },
      credentials: { user: 'dba', password: 'not-the-password' },
      statePath: join(v.dir, 'state-wrong.json'),
    });
    await expect(push).rejects.toThrow(/Could not log in to Virtuoso's SQL port 127\.0\.0\.1:\d+: .*Check STORE_USER and STORE_PASSWORD/);
  }, 60_000);

  it('readers never see two versions of a graph mixed while the loader replaces it', async () => {
    // Two versions of one big graph, replaced back and forth while a reader looks at which versions it sees.
    const dir = join(v.dir, 'swap');
    mkdirSync(join(dir, 'records'), { recursive: true });
    const graph = `${PREFIX}swap-test`;
    const version = (n: number, tag: string): string =>
      Array.from({ length: n }, (_, i) => `<${BASE}swap/${i}> <${BASE}p> "${tag} ${i}" <${graph}> .`).join('\n') + '\n';
    const sizes = [20_000, 12_000];
    const write = (i: number): void => {
      writeFileSync(join(dir, 'records', 'swap.nq'), version(sizes[i % 2] as number, `v${i}`));
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ layout: 2, parts: ['records/swap'], files: [{ name: 'records/swap.nq', sha256: `v${i}` }] }));
    };
    const opts = { bulk: { host: '127.0.0.1', port: v.sqlPort }, credentials: v.credentials, statePath: join(dir, 'state.json') };
    write(0);
    await pushPublication(store, dir, `${PREFIX}swap-`, opts);
    const views: string[][] = [];
    let done = false;
    const reader = (async () => {
      while (!done) {
        const { rows } = await store.select(`SELECT DISTINCT ?v WHERE { GRAPH <${graph}> { ?s ?p ?o } BIND(STRBEFORE(STR(?o), " ") AS ?v) }`);
        // (Virtuoso sometimes leaves ?v unbound in a row read mid-swap; only the version tags count.)
        views.push(rows.map((r) => r.v?.value ?? '').filter((tag) => tag !== '').sort());
      }
    })();
    for (let i = 1; i <= 4; i++) {
      write(i);
      await pushPublication(store, dir, `${PREFIX}swap-`, opts);
    }
    done = true;
    await reader;
    // Each read sees one version (or, while Virtuoso deletes the old one, part of it or nothing: its read-committed
    // mode shows the uncommitted delete), never triples of two versions together.
    expect(views.filter((tags) => tags.length > 1)).toEqual([]);
    expect(new Set(views.flat()).size).toBeGreaterThan(1);
    expect(await store.ask(`ASK { GRAPH <${graph}> { ?s ?p "v4 0" } }`)).toBe(true);
    await store.dropGraph(graph);
  }, 180_000);
});
