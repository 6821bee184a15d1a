/**
 * The named queries queries/links-linked-entities.rq and queries/review-items.rq run against a real store holding
 * the links graph and the gazetteer graph of the seed's hand-built extraction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Writer } from 'n3';
import { WorkerPool } from '../src/store/pool.js';
import { rootPath } from '../src/paths.js';
import { loadGazetteer } from '../src/link/gazetteer.js';
import { gazetteerGraphQuads } from '../src/link/graph.js';
import { linkExtraction } from '../src/link/reconcile.js';
import { linkQuads } from '../src/link/quads.js';
import { copy, extraction, person, place } from './link-helpers.js';

const BASE = 'http://localhost:3030/';
let store: WorkerPool;

beforeAll(async () => {
  const gaz = loadGazetteer(undefined, BASE);
  const ext = extraction('wcda-1', '1962-08-09', {
    people: [person('xu-ming', 'Xu Ming', [['Xu Ming', 'full'], ['徐明', 'full']])],
    places: [place('soviet-union', 'Soviet Union', ['蘇聯'])],
    distribution: [copy('主席', { kind: 'person', key: 'mao-zedong', label: 'Mao Zedong' })],
  });
  const quads = [...linkQuads([linkExtraction(ext, gaz)], BASE), ...gazetteerGraphQuads(gaz, BASE)];
  store = await WorkerPool.start({ inline: [{ text: new Writer({ format: 'application/n-quads' }).quadsToString(quads), format: 'application/n-quads' }], workers: 1, timeoutMs: 20_000 });
});

afterAll(async () => {
  await store?.close();
});

const query = (name: string) => readFileSync(rootPath('queries', `${name}.rq`), 'utf8');

describe('queries/links-linked-entities.rq', () => {
  it('lists every linked entity with its QID, score and record', async () => {
    const r = await store.select(query('links-linked-entities'));
    const rows = r.rows.map((b) => [b['entity']?.value, b['qid']?.value, Number(b['score']?.value), b['record']?.value]);
    expect(rows).toEqual([
      [`${BASE}place/soviet-union`, 'Q15180', 100, `${BASE}record/wcda-1`],
      [`${BASE}person/mao-zedong`, 'Q5816', 100, `${BASE}record/wcda-1`],
    ]);
  });
});

describe('queries/review-items.rq', () => {
  it('lists the withheld entity with its reason and ranked candidates', async () => {
    const r = await store.select(query('review-items'));
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0] ?? {};
    expect(row['entity']?.value).toBe(`${BASE}person/xu-ming`);
    expect(row['reason']?.value).toMatch(/authority record/);
    expect(row['candidate']?.value).toBe(`${BASE}authority/person/xu-ming-mfa`);
    expect(row['rank']?.value).toBe('1');
  });
});
