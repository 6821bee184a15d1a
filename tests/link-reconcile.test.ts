import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadGazetteer } from '../src/link/gazetteer.js';
import { linkExtraction, thresholdFor } from '../src/link/reconcile.js';
import { copy, extraction, mention, person, place, role } from './link-helpers.js';

const gaz = loadGazetteer(join(import.meta.dirname, 'fixtures', 'wikidata', 'ambiguous-gazetteer.ttl'));
const decision = (ext: ReturnType<typeof extraction>, key: string) => linkExtraction(ext, gaz).links.find((l) => l.subject.key === key);

describe('thresholdFor', () => {
  it('lowers the OpenRefine threshold by 5 per supplied property', () => {
    expect([0, 1, 2, 3].map(thresholdFor)).toEqual([95, 90, 85, 80]);
  });
});

describe('linkExtraction', () => {
  it('separates two same-romanised people by the Chinese characters the record writes', () => {
    const ext = extraction('t-1', '1962-03-01', { people: [person('kang-wei', 'Kang Wei', [['Kang Wei', 'full'], ['康威', 'full']])] });
    const l = decision(ext, 'kang-wei');
    expect(l?.decision).toBe('linked');
    expect(l?.best?.entry.qid).toBe('Q9000001');
  });

  it('separates two same-named people by life dates when the record has Latin letters only', () => {
    const ext = extraction('t-2', '1962-03-01', { people: [person('kang-wei', 'Kang Wei', [['Kang Wei', 'full']], { mentions: [{ span: { start: 0, end: 0, text: '' }, lang: 'en', context: 'speakerTag' }] })] });
    const l = decision(ext, 'kang-wei');
    expect(l?.decision).toBe('linked');
    expect(l?.best?.entry.qid).toBe('Q9000001');
    expect(l?.best?.features).toContain('alive:match');
    expect(l?.candidates.find((c) => c.entry.qid === 'Q9000002')?.excluded).toMatch(/died 1279/);
  });

  it('withholds a link when the characters in the record differ from the only candidate', () => {
    const ext = extraction('t-3', '1962-03-01', { people: [person('kang-wei', 'Kang Wei', [['康偉', 'full']])] });
    const l = decision(ext, 'kang-wei');
    expect(l?.decision).not.toBe('linked');
  });

  it('keeps two indistinguishable namesakes as a review item with both candidates', () => {
    const ext = extraction('t-4', '1962-03-01', { people: [person('tao-lin', 'Tao Lin', [['Tao Lin', 'full']])] });
    const l = decision(ext, 'tao-lin');
    expect(l?.decision).toBe('review');
    expect(l?.reason).toMatch(/lead over the runner-up/);
    expect(l?.candidates.map((c) => c.entry.qid).sort()).toEqual(['Q9000011', 'Q9000012']);
  });

  it('does not link a name the gazetteer marks ambiguous without a separating property', () => {
    const ext = extraction('t-5', undefined, { people: [person('bo-ren', 'Bo Ren', [['Bo Ren', 'full']])] });
    const l = decision(ext, 'bo-ren');
    expect(l?.decision).toBe('review');
    expect(l?.reason).toMatch(/ambiguous/);
  });

  it('links Cyrillic and variant Latin spellings of a Russian name, ruling out a namesake dead before the record', () => {
    for (const form of ['Pavel Zorinov', 'Павел Зоринов', 'Pavel Zorinow', 'P. I. Zorinov']) {
      const ext = extraction('t-6', '1961-05-02', { people: [person('zorinov', 'Zorinov', [[form, 'full']], { mentions: [{ span: { start: 0, end: 0, text: '' }, lang: 'en', context: 'header' }] })] });
      const l = decision(ext, 'zorinov');
      expect(l?.decision, form).toBe('linked');
      expect(l?.best?.entry.qid, form).toBe('Q9000031');
    }
  });

  it('scores citizenship against the record side when both are known', () => {
    const ext = extraction('t-7', '1961-05-02', { people: [person('zorinov', 'Pavel Zorinov', [['Pavel Zorinov', 'full']], { side: 'soviet-union' })] });
    const l = decision(ext, 'zorinov');
    expect(l?.best?.features).toContain('side:match');
  });

  it('counts an office held at the record date as evidence and a missing one against', () => {
    const yes = decision(extraction('t-8', '1962-03-01', { people: [person('kang-wei', 'Kang Wei', [['Kang Wei', 'full']], { roles: [role('Deputy Foreign Minister')] })] }), 'kang-wei');
    expect(yes?.best?.features).toContain('position:match');
    const no = decision(extraction('t-9', '1970-03-01', { people: [person('kang-wei', 'Kang Wei', [['Kang Wei', 'full']], { roles: [role('Deputy Foreign Minister')] })] }), 'kang-wei');
    expect(no?.best?.features).toContain('position:mismatch');
    expect(no?.decision).toBe('review');
  });

  it('never links to a local authority record, however well the name matches', () => {
    const l = decision(extraction('t-10', '1962-03-01', { people: [person('liang-qi', 'Liang Qi', [['Liang Qi', 'full'], ['梁啟', 'full']])] }), 'liang-qi');
    expect(l?.decision).toBe('review');
    expect(l?.best?.nameScore).toBe(100);
    expect(l?.reason).toMatch(/authority record/);
  });

  it('does not link a surname-only mention to a full name', () => {
    const l = decision(extraction('t-11', '1962-03-01', { people: [person('zorinov', 'Zorinov', [['Zorinov', 'surname']])] }), 'zorinov');
    expect(l?.decision).not.toBe('linked');
  });

  it('links places by any alias in any script, and returns nothing for unknown names', () => {
    const r = linkExtraction(extraction('t-12', '1962-03-01', { places: [place('ussr', 'USSR', ['蘇聯']), place('nowhere', 'Nowhereville', [], 'city')] }), gaz);
    expect(r.links.find((l) => l.subject.key === 'ussr')?.best?.entry.qid).toBe('Q9000090');
    expect(r.links.find((l) => l.subject.key === 'nowhere')).toBeUndefined();
  });

  it('does not link a person identified only by an uncertain distribution-list entry', () => {
    const ext = extraction('t-13', '1962-03-01', { distribution: [copy('康', { kind: 'person', key: 'kang-wei', label: 'Kang Wei' }, 'uncertain')] });
    expect(decision(ext, 'kang-wei')?.decision).toBe('review');
    const sure = extraction('t-14', '1962-03-01', { distribution: [copy('康威', { kind: 'person', key: 'kang-wei', label: 'Kang Wei' }, 'explicit')] });
    const l = decision(sure, 'kang-wei');
    expect(l?.decision).toBe('linked');
    expect(l?.best?.evidence.join(' ')).toMatch(/distribution-list entry "康威"/);
  });
});

describe('linkExtraction: people need more than a name', () => {
  it('withholds a person whose only evidence is the name, even with a single candidate', async () => {
    const { gazetteerFromQuads } = await import('../src/link/gazetteer.js');
    const { Parser } = await import('n3');
    const ttl = `@prefix wd: <http://www.wikidata.org/entity/>. @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#>. @prefix ald: <http://localhost:3030/ontology#>.
      wd:Q9000099 ald:entityType "person"; rdfs:label "Wen Shaoping"@en.`;
    const g = gazetteerFromQuads(new Parser().parse(ttl), 'inline', 'v');
    const l = linkExtraction(extraction('t-20', '1962-03-01', { people: [person('wen-shaoping', 'Wen Shaoping', [['Wen Shaoping', 'full']])] }), g).links[0];
    expect(l?.best?.score).toBe(100);
    expect(l?.decision).toBe('review');
    expect(l?.reason).toMatch(/no property besides the name/);
  });
});

describe('linkExtraction: places and bodies at the record date', () => {
  it('does not link a place to a state that came into being after the record', () => {
    const early = linkExtraction(extraction('t-30', '1945-08-14', { places: [place('freedonia', 'Freedonia')] }), gaz).links[0];
    expect(early?.decision).toBe('review');
    expect(early?.best?.excluded).toMatch(/came into being in 1949/);
    const later = linkExtraction(extraction('t-31', '1962-08-14', { places: [place('freedonia', 'Freedonia')] }), gaz).links[0];
    expect(later?.decision).toBe('linked');
    expect(later?.best?.features).toContain('exists:match');
  });

  it('counts a body that had already ended against the match', async () => {
    const { institution } = await import('./link-helpers.js');
    const l = linkExtraction(extraction('t-32', '1962-08-14', { institutions: [institution('brn', 'Bureau of River Navigation')] }), gaz).links[0];
    expect(l?.best?.features).toContain('exists:ended');
    expect(l?.decision).toBe('review');
  });
});

describe('linkExtraction: whole names first', () => {
  it('matches by the whole name the record gives, not by its bare surname speaker tag', () => {
    const ext = extraction('t-40', '1962-03-01', { people: [person('kang-li', 'Kang Li', [['Kang Li', 'full'], ['Kang', 'speakerTag']], { mentions: [mention('speakerTag')] })] });
    expect(linkExtraction(ext, gaz).links).toEqual([]);
  });

  it('keeps no institution candidate that shares only part of its name', async () => {
    const { institution } = await import('./link-helpers.js');
    const ext = extraction('t-41', '1962-03-01', { institutions: [institution('bureau', 'Bureau')] });
    expect(linkExtraction(ext, gaz).links).toEqual([]);
  });
});

describe('recordYearOf', () => {
  it('falls back to the dates a record gives itself, never to a date it only mentions', async () => {
    const { recordYearOf } = await import('../src/link/reconcile.js');
    const span = { start: 0, end: 0, text: '' };
    const ext = extraction('t-50', undefined, {});
    ext.dates.push({ span, value: '1921-07-01', datatype: 'date', role: 'mentioned', lang: 'en' });
    expect(recordYearOf(ext)).toBeUndefined();
    ext.dates.push({ span, value: '1963-02-11', datatype: 'date', role: 'received', lang: 'en' });
    expect(recordYearOf(ext)).toBe(1963);
  });
});

describe('linkExtraction: place and body names are whole names', () => {
  it('does not link "Republic of Freedonia" to the "People\'s Republic of Freedonia"', () => {
    const l = linkExtraction(extraction('t-60', '1962-08-14', { places: [place('rof', 'Republic of Freedonia')] }), gaz).links[0];
    expect(l?.best?.entry.qid).toBe('Q9000093');
    expect(l?.best?.nameScore).toBe(80);
    expect(l?.decision).toBe('review');
  });
});
