/**
 * The claim queries (queries/claims-*.rq) run against a real store (the Oxigraph worker pool) holding the
 * ontology and the seed record as the pipeline models it, with its claims and discrepancies.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFactory, Parser, Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { WorkerPool } from '../src/store/pool.js';
import type { Bindings } from '../src/store/types.js';
import { extractClaims, findDiscrepancies } from '../src/extract/claims/index.js';
import { claimsToQuads } from '../src/model/claims.js';
import { toQuads } from '../src/model/index.js';
import { rootPath } from '../src/paths.js';
import { extractionOf } from './fixtures/claims/harness.js';

const BASE = 'http://localhost:3030/';
const QUERIES = rootPath('queries');
const files = readdirSync(QUERIES).filter((f) => /^claims-.*\.rq$/.test(f));
const query = (name: string) => readFileSync(join(QUERIES, name), 'utf8');
const str = (row: Bindings, v: string) => row[v]?.value ?? '';

function ontologyQuads(): Quad[] {
  const graph = DataFactory.namedNode(`${BASE}graph/ontology`);
  return readdirSync(rootPath('ontology'))
    .filter((f) => f.endsWith('.ttl') && f !== 'shapes.ttl')
    .flatMap((f) =>
      new Parser({ baseIRI: `${BASE}ontology` })
        .parse(readFileSync(rootPath('ontology', f), 'utf8'))
        .map((q) => DataFactory.quad(q.subject, q.predicate, q.object, graph)),
    );
}

let store: WorkerPool;

beforeAll(async () => {
  const ext = await extractionOf(rootPath('data', 'records', '000_2dbcfce8bcb06762.txt'));
  const claims = extractClaims(ext);
  ext.discrepancies = [...ext.discrepancies, ...findDiscrepancies(ext)];
  const quads = [...toQuads({ ...ext, claims: [] }, { base: BASE, version: 'test' }), ...claimsToQuads(ext, claims, BASE), ...ontologyQuads()];
  const nq = new Writer({ format: 'application/n-quads' }).quadsToString(quads);
  store = await WorkerPool.start({ inline: [{ text: nq, format: 'application/n-quads' }], workers: 1, timeoutMs: 20_000 });
});

afterAll(async () => {
  await store?.close();
});

describe('claim queries: headers', () => {
  it('has the six claim queries', () => {
    expect(files.sort()).toEqual([
      'claims-by-person.rq',
      'claims-disputed.rq',
      'claims-on-topic.rq',
      'claims-proposals-demands.rq',
      'claims-translation-differences.rq',
      'claims-with-quantities.rq',
    ]);
  });
  for (const f of files) {
    it(`${f} opens with title, description and returns matching its SELECT`, () => {
      const text = query(f);
      expect(text).toMatch(/^# title: .+\n# description: .+/);
      const returns = /^# returns: (.+)$/m.exec(text)?.[1]?.trim().split(/\s+/);
      const select = /SELECT (?:DISTINCT )?(.+?) WHERE/s.exec(text)?.[1]?.trim().split(/\s+/);
      expect(returns).toEqual(select);
    });
  }
});

describe('claim queries: results on the seed', () => {
  it('claims-by-person lists Xu Ming\'s own claims and what others report him as claiming', async () => {
    const { rows } = await store.select(query('claims-by-person.rq'));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.some((r) => str(r, 'text').startsWith('However, many gaps were opened') && !r['reportedBy'])).toBe(true);
    expect(rows.some((r) => str(r, 'text').startsWith('Comrade Xu Ming claimed that') && str(r, 'reportedBy') !== '')).toBe(true);
    const starts = rows.map((r) => Number(str(r, 'start')));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('claims-on-topic finds the claims about gaps in the border fence', async () => {
    const { rows } = await store.select(query('claims-on-topic.rq'));
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => str(r, 'topicLabel') === 'Gaps in the border fence')).toBe(true);
    expect(rows.some((r) => str(r, 'text').includes('many gaps were opened in the wire fence'))).toBe(true);
  });

  it('claims-disputed gives both sides of a dispute with their words and offsets', async () => {
    const { rows } = await store.select(query('claims-disputed.rq'));
    const row = rows.find((r) => str(r, 'disputeText').startsWith('This is not a correct understanding'));
    expect(str(row ?? {}, 'claimText')).toMatch(/^The Chargé d'affaires said that I had asked/);
    expect(str(row ?? {}, 'disputerName')).toBe('Xu Ming');
    expect(str(row ?? {}, 'claimantName')).toMatch(/Mesyatse/);
    expect(Number(str(row ?? {}, 'claimStart'))).toBeLessThan(Number(str(row ?? {}, 'disputeStart')));
  });

  it('claims-proposals-demands lists each side\'s proposals and demands', async () => {
    const { rows } = await store.select(query('claims-proposals-demands.rq'));
    expect(rows.some((r) => str(r, 'stance') === 'proposes' && str(r, 'text').startsWith('The Soviet Government suggests'))).toBe(true);
    expect(rows.some((r) => str(r, 'stance') === 'demands' && str(r, 'claimantName') === 'Xu Ming')).toBe(true);
  });

  it('claims-translation-differences shows polarity, page and name differences with both texts', async () => {
    const { rows } = await store.select(query('claims-translation-differences.rq'));
    const kinds = new Set(rows.map((r) => str(r, 'kind')));
    for (const k of ['polarity', 'pages', 'name']) expect(kinds.has(k), k).toBe(true);
    expect(rows.some((r) => str(r, 'original').includes('没有听到任何新的东西') && str(r, 'translation').includes('something new'))).toBe(true);
  });

  it('claims-with-quantities gives values, ranges and units as written', async () => {
    const { rows } = await store.select(query('claims-with-quantities.rq'));
    const q = rows.find((r) => str(r, 'asWritten') === '650 million Chinese people');
    expect(Number(str(q ?? {}, 'value'))).toBe(650_000_000);
    expect(str(q ?? {}, 'unit')).toBe('people');
    const vague = rows.find((r) => str(r, 'asWritten') === '几万人');
    expect([Number(str(vague ?? {}, 'min')), Number(str(vague ?? {}, 'max')), str(vague ?? {}, 'approximate')]).toEqual([20000, 90000, 'true']);
  });
});
