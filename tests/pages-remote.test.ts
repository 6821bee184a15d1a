/**
 * The pages over the remote store (a throwaway Virtuoso): the same SPARQL must work there as in Oxigraph
 * (property paths, GRAPH, aggregates, language tags that Virtuoso does not lower-case).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { extractRecord } from '../src/extract/index.js';
import { toQuads } from '../src/model/index.js';
import { rootPath } from '../src/paths.js';
import { entityPage, homePage, loadNamedQueries, ontologyPage } from '../src/server/pages/index.js';
import { pushDataset, RemoteSparqlStore } from '../src/store/remote.js';
import { SKIP_MESSAGE, startVirtuoso, virtuosoAvailable, type RunningVirtuoso } from './helpers/virtuoso.js';
import { BASE, FIXTURE_TRIG, ontologyQuads, SECOND_TRIG, trig } from './pages-store.js';

const available = virtuosoAvailable();
if (!available) console.warn(SKIP_MESSAGE);

describe.skipIf(!available)('pages over a remote Virtuoso store', () => {
  let v: RunningVirtuoso;
  let store: RemoteSparqlStore;
  const ctx = () => ({ base: BASE, store });

  beforeAll(async () => {
    const started = await startVirtuoso();
    if (!started) throw new Error(SKIP_MESSAGE);
    v = started;
    store = RemoteSparqlStore.fromUrl(v.storeUrl, { credentials: v.credentials, baseIri: BASE, timeoutMs: 20_000 });
    const seed = rootPath('data', 'records', '000_2dbcfce8bcb06762.txt');
    const seedQuads = toQuads(extractRecord(seed, readFileSync(seed)), { base: BASE, version: '0.0.0-test' });
    await pushDataset(store, [...ontologyQuads(), ...trig(FIXTURE_TRIG), ...trig(SECOND_TRIG), ...seedQuads], `${BASE}graph/`);
  }, 180_000);
  afterAll(async () => {
    await v?.stop();
  }, 30_000);

  it('home page counts and lists the three records by date', async () => {
    const page = (await homePage(ctx()))!;
    expect(page).toMatch(/<span class="n">3<\/span> <span class="what">records<\/span>/);
    expect(Number(/<span class="n">(\d+)<\/span> <span class="what">institutions/.exec(page)?.[1])).toBeGreaterThan(10);
    const order = ['test-1', 'test-2', 'wcda-118206'].map((id) => page.indexOf(`href="/record/${id}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[0]).toBeGreaterThan(0);
  });

  it('person page shows names with language tags, roles and the marked passage', async () => {
    const page = (await entityPage(ctx(), `${BASE}person/lin-tao`))!;
    expect(page).toContain('<h1>Lin Tao</h1>');
    expect(page).toMatch(/<span lang="zh-hant">林濤<\/span>/i);
    expect(page).toContain('<td>Minister</td><td>部长</td>');
    expect(page).toContain('…Minister <mark>Lin Tao</mark> received the &lt;Ambassador&gt;…');
  });

  it('record page pairs the turns and marks the claim and mention', async () => {
    const page = (await entityPage(ctx(), `${BASE}record/test-1`))!;
    expect(page).toContain('<h2>Participants</h2>');
    expect(page).toContain('<a class="mention" href="/person/karl-vogt" title="Karl Vogt"><mark>Vogt</mark></a>');
    expect(page).toContain('<mark class="claim" data-claim="http://localhost:3030/record/test-1/claim/1">');
  });

  it('the named queries of this area run there too and find the seed', async () => {
    // links-*, review-* and claims-* queries belong to other areas and are tested there.
    const mine = (await loadNamedQueries()).filter((q) => !/^(links|review|claims)-/.test(q.name));
    expect(mine.length).toBeGreaterThanOrEqual(10);
    for (const q of mine) {
      const result = await store.select(q.text);
      expect(result.rows.length, q.name).toBeGreaterThan(0);
    }
  });

  it('ontology page documents the classes', async () => {
    expect(await ontologyPage(ctx())).toContain('<section class="term" id="Person">');
  });
});
