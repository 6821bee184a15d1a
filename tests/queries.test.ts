/**
 * The named queries of queries/*.rq: each parses, states what it returns, and gives the expected answers on
 * the seed record's graph (extracted and modelled by the real pipeline, loaded in the real store).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import sparqljs from 'sparqljs';
import type { Quad } from '@rdfjs/types';
import { loadNamedQueries, type NamedQuery } from '../src/server/pages/named-queries.js';
import { extractRecord } from '../src/extract/index.js';
import { toQuads } from '../src/model/index.js';
import { rootPath } from '../src/paths.js';
import type { WorkerPool } from '../src/store/pool.js';
import type { Bindings } from '../src/store/types.js';
import { BASE, FIXTURE_TRIG, SECOND_TRIG, startStore, trig } from './pages-store.js';

const queries = await loadNamedQueries();
const byName = (name: string): NamedQuery => {
  const q = queries.find((x) => x.name === name);
  if (!q) throw new Error(`queries/${name}.rq is missing`);
  return q;
};
const v = (row: Bindings, name: string) => row[name]?.value;

describe('named queries: files', () => {
  it('there are at least ten, with distinct titles', () => {
    expect(queries.length).toBeGreaterThanOrEqual(10);
    expect(new Set(queries.map((q) => q.title)).size).toBe(queries.length);
  });

  for (const q of queries) {
    it(`${q.name}.rq parses as a SPARQL query and a SELECT returns exactly the variables its header names`, () => {
      const parsed = new sparqljs.Parser().parse(q.text);
      if (parsed.type !== 'query') throw new Error(`${q.file}: expected a query, got an update`);
      expect(q.description.length).toBeGreaterThan(30);
      if (parsed.queryType !== 'SELECT') return;
      const projected = parsed.variables.map((x) => ('termType' in x ? x.value : x.variable.value));
      expect(projected).toEqual(q.returns);
    });
  }
});

/** The seed's graph through the real pipeline: reader and extraction, then the model. */
function seedQuads(): Quad[] {
  const file = rootPath('data', 'records', '000_2dbcfce8bcb06762.txt');
  return toQuads(extractRecord(file, readFileSync(file)), { base: BASE, version: '0.0.0-test' });
}

const SEED = `${BASE}record/wcda-118206`;
const HUANG = `${BASE}person/huang-zhen`;

describe('named queries on the seed record', () => {
  let store: WorkerPool;
  const run = async (name: string) => (await store.select(byName(name).text)).rows;
  beforeAll(async () => {
    store = await startStore(seedQuads());
  });
  afterAll(async () => store?.close());

  it('records: the seed with its title and date', async () => {
    const rows = await run('records');
    expect(rows).toHaveLength(1);
    expect(v(rows[0]!, 'record')).toBe(SEED);
    expect(v(rows[0]!, 'title')).toMatch(/^Minutes of Vice Minister Huang Zhen's Talk with/);
    expect(v(rows[0]!, 'date')).toBe('1962-08-09');
  });

  it('meeting-participants: Huang Zhen spoke at the meeting of 1962-08-09, with an interpreter and a note taker present', async () => {
    const rows = await run('meeting-participants');
    const parts = rows.map((r) => `${v(r, 'person')} ${v(r, 'part')}`);
    expect(parts).toContain(`${HUANG} speaker`);
    expect(rows.filter((r) => v(r, 'part') === 'speaker').length).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => v(r, 'part') === 'interpreter')).toBe(true);
    expect(rows.some((r) => v(r, 'part') === 'noteTaker')).toBe(true);
    expect(new Set(rows.map((r) => v(r, 'record')))).toEqual(new Set([SEED]));
  });

  it('person-names: Huang Zhen is also 黃鎮, in Chinese script with a zh tag', async () => {
    const rows = await run('person-names');
    expect(new Set(rows.map((r) => v(r, 'person')))).toEqual(new Set([HUANG]));
    const forms = rows.map((r) => `${v(r, 'form')}@${v(r, 'lang')}`);
    expect(forms).toContain('Huang Zhen@en');
    expect(forms.some((f) => /^黃鎮@zh/i.test(f))).toBe(true);
  });

  it('record-by-identifier: 118-01767-01 finds the seed', async () => {
    const rows = await run('record-by-identifier');
    expect(rows.map((r) => v(r, 'record'))).toContain(SEED);
    expect(rows.every((r) => v(r, 'identifier')?.includes('118-01767-01'))).toBe(true);
  });

  it('distribution-list: the Chinese copy list, with 外办 receiving 4 copies and 主席 identified', async () => {
    const rows = await run('distribution-list');
    expect(rows.length).toBeGreaterThanOrEqual(30);
    const waiban = rows.find((r) => v(r, 'asWritten') === '外办');
    expect(v(waiban!, 'copies')).toBe('4');
    const chairman = rows.find((r) => v(r, 'asWritten') === '主席');
    expect(v(chairman!, 'recipient')).toBeDefined();
  });

  it('records-per-year-and-type: one record of minutes in 1962', async () => {
    const rows = await run('records-per-year-and-type');
    expect(rows.map((r) => `${v(r, 'year')} ${v(r, 'type')} ${v(r, 'records')}`)).toEqual([
      `1962 http://localhost:3030/ontology#Minutes 1`,
    ]);
  });

  it('people-in-several-records: nobody, as the seed is the only record', async () => {
    expect(await run('people-in-several-records')).toEqual([]);
  });

  it('roles-with-dates: Huang Zhen was Vice Minister as of 1962-08-09', async () => {
    const rows = await run('roles-with-dates');
    const huang = rows.filter((r) => v(r, 'person') === HUANG);
    expect(huang.some((r) => /vice minister/i.test(v(r, 'role') ?? '') && v(r, 'asOf') === '1962-08-09')).toBe(true);
  });

  it('institutions-in-record: the seed names the Ministry of Foreign Affairs and the Soviet embassy', async () => {
    const rows = await run('institutions-in-record');
    const names = rows.map((r) => v(r, 'name') ?? '');
    expect(names.some((n) => /foreign affairs/i.test(n))).toBe(true);
    expect(names.some((n) => /soviet embassy|embassy of the soviet/i.test(n))).toBe(true);
  });

  it('record-dates: the date line and the meeting time, as written and normalised', async () => {
    const rows = await run('record-dates');
    const dates = rows.map((r) => `${v(r, 'asWritten')} => ${v(r, 'value')} (${v(r, 'role')})`);
    expect(dates).toContain('August 9, 1962 => 1962-08-09 (recordDate)');
    expect(dates.some((d) => d.startsWith('1962年8月9日下午6時 => 1962-08-09T18:00:00'))).toBe(true);
  });

  it('entity-mentions: Huang Zhen is named in English and Chinese, each passage with its context', async () => {
    const rows = await run('entity-mentions');
    const exact = rows.map((r) => v(r, 'exact'));
    expect(exact).toContain('Huang Zhen');
    expect(exact.some((e) => e?.includes('黃'))).toBe(true);
    expect(rows.every((r) => v(r, 'record') === SEED)).toBe(true);
    const starts = rows.map((r) => Number(v(r, 'start')));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('speaker-turns: the translation alternates Mesyatsev, Huang, Xu as in the minutes', async () => {
    const rows = (await run('speaker-turns')).filter((r) => v(r, 'part') === 'translation');
    expect(rows.map((r) => v(r, 'tag'))).toEqual(['Mesyatsev', 'Huang', 'Xu', 'Mesyatsev', 'Huang', 'Xu', 'Mesyatsev', 'Huang']);
    expect(rows.filter((r) => v(r, 'tag') === 'Huang').every((r) => v(r, 'speaker') === HUANG)).toBe(true);
  });
});

describe('named queries on invented records', () => {
  let store: WorkerPool;
  beforeAll(async () => {
    store = await startStore([...trig(FIXTURE_TRIG), ...trig(SECOND_TRIG)]);
  });
  afterAll(async () => store?.close());

  it('people-in-several-records finds the person both graphs describe, and only them', async () => {
    const rows = (await store.select(byName('people-in-several-records').text)).rows;
    expect(rows.map((r) => `${v(r, 'person')} ${v(r, 'records')}`)).toEqual([`${BASE}person/lin-tao 2`]);
  });

  it('records-per-year-and-type counts each year and kind apart', async () => {
    const rows = (await store.select(byName('records-per-year-and-type').text)).rows;
    expect(rows.map((r) => `${v(r, 'year')} ${v(r, 'typeLabel')} ${v(r, 'records')}`)).toEqual(['1958 minutes 1', '1959 cable 1']);
  });
});
