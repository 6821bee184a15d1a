import { describe, expect, it } from 'vitest';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from 'n3';
import { buildGazetteerTurtle, positionsFromDescription, readReference, type ReferenceFile } from '../src/link/build-gazetteer.js';
import { DEFAULT_GAZETTEER, gazetteerFromQuads, loadGazetteer } from '../src/link/gazetteer.js';
import { ALD_LINK } from '../src/link/vocab.js';
import { rootPath } from '../src/paths.js';

const REFERENCE = rootPath('..', 'shared', 'reference', 'wikidata-gazetteer.json');

function entity(key: string, qid: string | null, status: string, sources: string[], extra: Partial<ReferenceFile['entities'][number]> = {}): ReferenceFile['entities'][number] {
  return { key, type: 'person', qid, qid_status: status, qid_sources: sources, label_en: key, label_zh_hans: null, label_zh_hant: null, label_ru: null, aliases: [], birth_year: null, death_year: null, description: null, ambiguity: null, notes: null, ...extra };
}

async function build(ref: ReferenceFile, base = 'http://localhost:3030/') {
  const ttl = await buildGazetteerTurtle(ref, 'test');
  return gazetteerFromQuads(new Parser({ baseIRI: base }).parse(ttl), 'test', 'v');
}

describe('gazetteer build', () => {
  it('makes wd: items only of entries whose QID a source states', async () => {
    const g = await build({
      meta: {},
      entities: [
        entity('a_sourced', 'Q1001', 'verified', ['https://example.org/a']),
        entity('b_no_source', 'Q1002', 'verified', []),
        entity('c_not_found', null, 'not_found', []),
        entity('d_single', 'Q1004', 'single_source', ['https://example.org/d']),
      ],
    });
    expect(g.entries.filter((e) => e.qid).map((e) => e.qid)).toEqual(['Q1001']);
    expect(g.entries.filter((e) => !e.qid).map((e) => e.key).sort()).toEqual(['b_no_source', 'c_not_found', 'd_single']);
    expect(g.entries.find((e) => e.key === 'c_not_found')?.iri).toBe('http://localhost:3030/authority/person/c-not-found');
  });

  it('resolves authority IRIs against the base IRI given at load', async () => {
    const g = await build({ meta: {}, entities: [entity('x_y', null, 'not_found', [])] }, 'https://archive.example/ld/');
    expect(g.entries[0]?.iri).toBe('https://archive.example/ld/authority/person/x-y');
  });

  it('strips notes in parentheses from labels and aliases and keeps them in the description', async () => {
    const g = await build({ meta: {}, entities: [entity('p', null, 'not_found', [], { label_en: 'Ann Li (interpreter)', aliases: ['Ann Lee (older spelling)'] })] });
    const e = g.entries[0];
    expect(e?.labels.map((l) => l.value)).toEqual(['Ann Li', 'Ann Lee']);
    expect(e?.description).toBe('interpreter');
  });

  it('reads offices with years out of descriptions, carrying the head of an elliptical office', () => {
    expect(positionsFromDescription('envoy; b. 1900-01-01 Town; consul to Ruritania 1950-54, Freedonia 1954-61; Minister of Posts 1970')).toEqual([
      { label: 'consul to Ruritania', start: 1950, end: 1954 },
      { label: 'consul to Freedonia', start: 1954, end: 1961 },
      { label: 'Minister of Posts', start: 1970 },
    ]);
  });

  it('is deterministic: the same reference gives the same bytes', async () => {
    const ref = readReference(REFERENCE);
    expect(await buildGazetteerTurtle(ref, 'x')).toBe(await buildGazetteerTurtle(ref, 'x'));
  });

  it('matches the committed data/wikidata/gazetteer.ttl (rebuild with "archive-ld gazetteer build")', async () => {
    const ref = readReference(REFERENCE);
    expect(readFileSync(DEFAULT_GAZETTEER, 'utf8')).toBe(await buildGazetteerTurtle(ref, 'wikidata-gazetteer.json'));
  });

  it('rejects a reference file without entities, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ald-gaz-'));
    const f = join(dir, 'bad.json');
    writeFileSync(f, '{"meta":{}}');
    expect(() => readReference(f)).toThrow(`${f}: no "entities" array. Is this the wikidata-gazetteer.json reference file?`);
    writeFileSync(f, '{"entities":[{"key":"k","type":"person","qid":"5816","qid_sources":[],"aliases":[]}]}');
    expect(() => readReference(f)).toThrow(/entities\[0\] \(k\) has qid "5816", not a Wikidata QID/);
  });
});

describe('committed gazetteer', () => {
  const g = loadGazetteer();
  it('holds the 19 sourced QIDs of the reference file as wd: items and nothing else linkable', () => {
    const ref = JSON.parse(readFileSync(REFERENCE, 'utf8')) as ReferenceFile;
    const sourced = ref.entities.filter((e) => e.qid && e.qid_sources.length > 0).map((e) => e.qid).sort();
    expect(g.entries.filter((e) => e.qid).map((e) => e.qid).sort()).toEqual(sourced);
    expect(sourced).toHaveLength(19);
  });

  it('carries labels in English, simplified and traditional Chinese and Russian, and life dates', () => {
    const liu = g.entries.find((e) => e.qid === 'Q16988');
    expect(liu?.labels.filter((l) => l.preferred).map((l) => l.lang.toLowerCase()).sort()).toEqual(['en', 'ru', 'zh-hans', 'zh-hant']);
    expect([liu?.birthYear, liu?.deathYear]).toEqual([1898, 1969]);
  });

  it('keeps offices of authority records as p:P39 statements with start and end', () => {
    const hz = g.entries.find((e) => e.key === 'huang_zhen');
    expect(hz?.positions.find((p) => p.label === 'Vice Minister of Foreign Affairs')).toMatchObject({ startYear: 1961, endYear: 1964 });
  });

  it('has a content-hash version', () => {
    expect(g.version).toMatch(/^sha256:[0-9a-f]{16}$/);
  });
});

describe('ontology/link.ttl', () => {
  it('declares, labels and comments every local link term the code uses', () => {
    const quads = new Parser().parse(readFileSync(rootPath('ontology', 'link.ttl'), 'utf8'));
    for (const iri of Object.values(ALD_LINK)) {
      const about = quads.filter((q) => q.subject.value === iri).map((q) => q.predicate.value);
      expect(about, iri).toContain('http://www.w3.org/2000/01/rdf-schema#label');
      expect(about, iri).toContain('http://www.w3.org/2000/01/rdf-schema#comment');
    }
  });
});
