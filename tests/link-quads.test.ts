import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadGazetteer } from '../src/link/gazetteer.js';
import { linkExtraction } from '../src/link/reconcile.js';
import { linkQuads } from '../src/link/quads.js';
import { extraction, mention, person, place } from './link-helpers.js';

const gaz = loadGazetteer(join(import.meta.dirname, 'fixtures', 'wikidata', 'ambiguous-gazetteer.ttl'));
const BASE = 'http://localhost:3030/';
const SKOS_EXACT = 'http://www.w3.org/2004/02/skos/core#exactMatch';
const ALD = 'http://localhost:3030/ontology#';
const line = (q: { subject: { value: string }; predicate: { value: string }; object: { value: string }; graph: { value: string } }) => `${q.subject.value} ${q.predicate.value} ${q.object.value} ${q.graph.value}`;

describe('linkQuads', () => {
  const ext = extraction('r-1', '1961-05-02', {
    people: [person('pavel-zorinov', 'Pavel Zorinov', [['Pavel Zorinov', 'full']], { mentions: [mention('header')] }), person('tao-lin', 'Tao Lin', [['Tao Lin', 'full']])],
    places: [place('harbin', 'Harbin', ['哈爾濱'], 'city')],
  });
  const result = linkExtraction(ext, gaz);

  it('is deterministic: the same results give the same quads', () => {
    expect(linkQuads([result], BASE).map(line)).toEqual(linkQuads([linkExtraction(ext, gaz)], BASE).map(line));
  });

  it('describes a link with score, threshold, margin, features, evidence, gazetteer version and provenance', () => {
    const quads = linkQuads([result], BASE);
    const link = `${BASE}link/r-1/person/pavel-zorinov`;
    const about = (p: string) => quads.filter((q) => q.subject.value === link && q.predicate.value === p).map((q) => q.object.value);
    expect(about('http://www.w3.org/1999/02/22-rdf-syntax-ns#type')).toEqual([`${ALD}WikidataLink`, 'http://www.w3.org/ns/prov#Entity']);
    expect(about(`${ALD}linkTarget`)).toEqual(['http://www.wikidata.org/entity/Q9000031']);
    expect(about(`${ALD}score`)).toEqual(['98.5']); // mean of name 97 (patronymic left out) and alive 100
    expect(about(`${ALD}threshold`)).toEqual(['90.0']);
    expect(about(`${ALD}feature`)).toEqual(['name:middle-omitted', 'type:person', 'alive:match']);
    expect(about(`${ALD}gazetteerVersion`)).toEqual([gaz.version]);
    expect(about('http://www.w3.org/ns/prov#wasGeneratedBy')[0]).toMatch(new RegExp(`^${BASE}run/r-1/link-[0-9a-f]{12}$`));
  });

  it('writes a review item with ranked candidates for namesakes and no exactMatch for them', () => {
    const quads = linkQuads([result], BASE);
    expect(quads.filter((q) => q.predicate.value === SKOS_EXACT).map((q) => q.subject.value).sort()).toEqual([`${BASE}person/pavel-zorinov`, `${BASE}place/harbin`]);
    const item = `${BASE}review/r-1/person/tao-lin`;
    const cands = quads.filter((q) => q.subject.value === item && q.predicate.value === `${ALD}candidate`).map((q) => q.object.value);
    expect(cands).toEqual([`${item}/candidate/1`, `${item}/candidate/2`]);
  });

  it('turns links of one entity to different items in different records into review items', () => {
    const other = extraction('r-2', '1961-05-02', { places: [place('harbin', 'Harbin', [], 'city')] });
    const r2 = linkExtraction(other, gaz);
    const hijacked = { ...r2, links: r2.links.map((l) => ({ ...l, best: l.best ? { ...l.best, entry: { ...l.best.entry, iri: 'http://www.wikidata.org/entity/Q9000090', qid: 'Q9000090' } } : undefined })) };
    // (a hand-made conflicting result: record r-2 claims Harbin is another item)
    const quads = linkQuads([result, hijacked as typeof r2], BASE);
    expect(quads.some((q) => q.subject.value === `${BASE}place/harbin` && q.predicate.value === SKOS_EXACT)).toBe(false);
    expect(quads.find((q) => q.subject.value === `${BASE}review/r-1/place/harbin` && q.predicate.value === `${ALD}reviewReason`)?.object.value).toBe('records link this entity to different Wikidata items');
  });
});
