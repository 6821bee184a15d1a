/**
 * A running server following a rebuild (SIGHUP, `start --watch`): only the changed graphs are replaced in its
 * store, and what it then answers is exactly what a server started on the new publication answers. With an update
 * journalled it loads everything again, so the update is replayed on the new graphs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { runBuild } from '../src/build/index.js';
import { startServer, type RunningServer } from '../src/cli/serve.js';
import { loadConfig, type Config } from '../src/config/index.js';
import { diffPublications, partGraph } from '../src/store/publication-diff.js';
import type { PublicationManifest } from '../src/build/assemble.js';
import { inventedRecord } from './helpers/records.js';

const logger = pino({ level: 'silent' });
const TOKEN = 'reload-test-token';

let data: string;
let out: string;
let config: Config;
const servers: RunningServer[] = [];

const build = () => runBuild({ config, logger, version: '0.0.0-test', progress: false, allowInvalid: true });
const manifestOf = (): PublicationManifest => JSON.parse(readFileSync(join(out, 'dumps', 'manifest.json'), 'utf8')) as PublicationManifest;

/** Every quad the server holds, as sorted N-Quads-like lines (blank nodes as _:, their labels differ between loads). */
async function everything(server: RunningServer): Promise<string[]> {
  const query = encodeURIComponent('SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }');
  const res = await fetch(`${server.url}sparql?query=${query}`, { headers: { accept: 'application/sparql-results+json' } });
  const json = (await res.json()) as { results: { bindings: Array<Record<string, { type: string; value: string; 'xml:lang'?: string; datatype?: string }>> } };
  const term = (t: { type: string; value: string; 'xml:lang'?: string; datatype?: string } | undefined): string =>
    !t ? '' : t.type === 'bnode' ? '_:' : t.type === 'uri' ? `<${t.value}>` : `${JSON.stringify(t.value)}${t['xml:lang'] ? `@${t['xml:lang']}` : t.datatype ? `^^<${t.datatype}>` : ''}`;
  return json.results.bindings.map((b) => `${term(b.s)} ${term(b.p)} ${term(b.o)} ${term(b.g)}`).sort();
}

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'reload-data-'));
  out = mkdtempSync(join(tmpdir(), 'reload-out-'));
  writeFileSync(join(data, 'a.txt'), inventedRecord(960001, 'Minister Orvald Tesk', 'Bergholm', 3));
  writeFileSync(join(data, 'b.txt'), inventedRecord(960002, 'Ambassador Lina Varro', 'Kestrel Bay', 9));
  writeFileSync(join(data, 'c.txt'), inventedRecord(960003, 'Consul Piet Amarand', 'Oldgate', 17));
  config = loadConfig({ dataDir: data, outDir: out, port: 0, workers: 2, logLevel: 'silent', updateToken: TOKEN }, {});
  await build();
}, 120_000);

afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(data, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe('following a rebuild', () => {
  it('names the graphs to drop and the parts to load between two publications', async () => {
    const before = manifestOf();
    writeFileSync(join(data, 'a.txt'), inventedRecord(960001, 'Minister Orvald Tesk', 'Bergholm', 3, 'He added that the harbour would reopen in May.'));
    rmSync(join(data, 'b.txt'));
    writeFileSync(join(data, 'd.txt'), inventedRecord(960004, 'Envoy Mara Quell', 'Northwick', 21));
    await build();
    const after = manifestOf();
    const diff = await diffPublications(before, after, join(out, 'dumps'));
    const base = config.base;
    expect(diff).toBeDefined();
    const changed = ['960001', '960002'].map((id) => (before.parts ?? []).find((p) => p.endsWith(id)) as string);
    for (const part of changed) expect(diff?.drop).toContain(partGraph(base, part));
    // The unchanged record is neither dropped nor loaded again.
    const unchanged = (before.parts ?? []).find((p) => p.endsWith('960003')) as string;
    expect(diff?.drop).not.toContain(partGraph(base, unchanged));
    expect(diff?.load.some((f) => f.includes('960003'))).toBe(false);
    expect(diff?.load.filter((f) => f.includes('/records/')).map((f) => f.replace(/.*\//, ''))).toEqual(expect.arrayContaining(['wcda-960001.nq', 'wcda-960004.nq']));
    // Put the corpus back for the next test.
    writeFileSync(join(data, 'a.txt'), inventedRecord(960001, 'Minister Orvald Tesk', 'Bergholm', 3));
    writeFileSync(join(data, 'b.txt'), inventedRecord(960002, 'Ambassador Lina Varro', 'Kestrel Bay', 9));
    rmSync(join(data, 'd.txt'));
    await build();
  }, 120_000);

  it('replaces only the changed graphs and then answers as a server started on the new publication', async () => {
    const running = await startServer(config);
    servers.push(running);
    writeFileSync(join(data, 'a.txt'), inventedRecord(960001, 'Minister Orvald Tesk', 'Bergholm', 3, 'He added that the harbour would reopen in May.'));
    rmSync(join(data, 'b.txt'));
    await build();
    expect(await running.reload()).toBe('graphs');
    expect(await running.reload()).toBe('unchanged');
    const fresh = await startServer(config);
    servers.push(fresh);
    const [got, want] = [await everything(running), await everything(fresh)];
    expect(got.length).toBeGreaterThan(100);
    expect(got).toEqual(want);
    expect(got.some((l) => l.includes('reopen in May'))).toBe(true);
    expect(got.some((l) => l.includes('graph/wcda-960002'))).toBe(false);
  }, 180_000);

  it('loads everything again when an update is journalled, and the update survives the reload', async () => {
    const running = await startServer(config);
    servers.push(running);
    const res = await fetch(`${running.url}update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/sparql-update' },
      body: 'INSERT DATA { GRAPH <http://example.org/notes> { <http://example.org/n1> <http://example.org/says> "kept across reloads" } }',
    });
    expect(res.status).toBeLessThan(300);
    writeFileSync(join(data, 'c.txt'), inventedRecord(960003, 'Consul Piet Amarand', 'Oldgate', 17, 'The consul asked for a second meeting.'));
    await build();
    expect(await running.reload()).toBe('whole');
    const lines = await everything(running);
    expect(lines.some((l) => l.includes('kept across reloads'))).toBe(true);
    expect(lines.some((l) => l.includes('second meeting'))).toBe(true);
  }, 180_000);
});
