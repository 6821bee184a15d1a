import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractRecord } from '../src/extract/index.js';
import { germanTitleAt, latinTitleAt } from '../src/extract/roles.js';
import { guessLanguage } from '../src/extract/institutions.js';
import { dictionaryForm, placeEntry } from '../src/extract/places.js';
import type { Person, RecordExtraction } from '../src/extract/types.js';

// Invented records (tests/fixtures/precision/) in the archive's plain-text export layout; no real document is quoted.

function extract(name: string): RecordExtraction {
  const file = `tests/fixtures/precision/${name}`;
  return extractRecord(file, readFileSync(file), { claims: false });
}

function person(ext: RecordExtraction, key: string): Person {
  const p = ext.people.find((x) => x.key === key);
  if (!p) throw new Error(`no person ${key}; people: ${ext.people.map((x) => x.key).join(', ')}`);
  return p;
}

describe('German titles are roles, never part of a name', () => {
  const ext = extract('plain-export-minutes-de-1966-titles.txt');

  it('keys a person after an inflected title by the name alone, with the deputy role recorded', () => {
    const meier = person(ext, 'meier');
    expect(meier.roles.map((r) => r.asWritten)).toContain('Stellvertretender Abteilungsleiter');
    expect(meier.roles.find((r) => r.asWritten === 'Stellvertretender Abteilungsleiter')?.roleKey).toBe('deputy-director');
    expect(ext.people.some((p) => /stellvertret|abteilungsleiter/u.test(p.key))).toBe(false);
  });

  it('merges the titled header name with the bare speaker tag and the English mentions', () => {
    expect(ext.people.filter((p) => p.key === 'meier')).toHaveLength(1);
    const contexts = new Set(person(ext, 'meier').mentions.map((m) => m.context));
    expect(contexts).toContain('header');
    expect(contexts).toContain('speakerTag');
  });

  it('keeps the given name when a compound title with a modifier precedes it', () => {
    const pohl = person(ext, 'gisela-pohl');
    expect(pohl.roles.map((r) => `${r.roleKey}:${r.asWritten}`)).toContain('director:Amtierender Hauptabteilungsleiter');
  });
});

describe('germanTitleAt', () => {
  const at = (t: string) => {
    const m = latinTitleAt(t, 0);
    return m ? `${m.text}|${m.role?.key ?? ''}` : undefined;
  };

  it('reads an inflected adjective before a role noun, and a deputy modifier as the deputy role', () => {
    expect(at('Stellvertretender Abteilungsleiter Meier')).toBe('Stellvertretender Abteilungsleiter|deputy-director');
    expect(at('stellvertretenden Ministers Kurz')).toBe('stellvertretenden Ministers|vice-minister');
    expect(at('Amtierender Außenminister Kurz')).toBe('Amtierender Außenminister|foreign-minister');
  });

  it('names a deputy the lexicon has no role for "Deputy <role>"', () => {
    expect(at('Stellvertretende Botschafter Lange')).toBe('Stellvertretende Botschafter|deputy-ambassador');
    expect(latinTitleAt('Stellvertretende Botschafter Lange', 0)?.role?.label).toBe('Deputy Ambassador');
  });

  it('reads inflected and compound role nouns', () => {
    expect(at('Botschafters Lange')).toBe('Botschafters|ambassador');
    expect(at('Botschafterin Lange')).toBe('Botschafterin|ambassador');
    expect(at('Hauptabteilungsleiter Kurz')).toBe('Hauptabteilungsleiter|director');
  });

  it('does not read a word that only ends like a role noun, an English plural, or a modifier alone', () => {
    expect(at('Begleiter Kurz')).toBeUndefined();
    expect(at('Ministers Gromyko and Kuznetsov')).toBeUndefined();
    expect(germanTitleAt('Stellvertretender Meier', 0)).toBeUndefined();
    expect(germanTitleAt('Botschafter Meier', 0)).toBeUndefined(); // a bare lexicon form is the lexicon's match
  });
});

describe('a lone capitalised word in German text needs evidence beyond a noun-like title', () => {
  const file = 'tests/fixtures/precision/plain-export-minutes-de-1966-titles.txt';
  const text = readFileSync(file, 'utf8');
  const keys = (t: string) => extractRecord(file, t, { claims: false }).people.map((p) => p.key);

  it('does not take German nouns after "Genossen" (comrades) for people', () => {
    const k = keys(text);
    for (const noun of ['unmut', 'zuversicht', 'sorge']) expect(k).not.toContain(noun);
  });

  it('keeps a German mention that the translation shows to be a person ("Comrade Lorenz")', () => {
    const ext = extractRecord(file, text, { claims: false });
    const lorenz = person(ext, 'lorenz');
    expect(lorenz.mentions.map((m) => m.lang)).toContain('de');
    expect(lorenz.mentions.map((m) => m.lang)).toContain('en');
  });

  it('keeps every German name that has a given name, a header field or a speaker tag', () => {
    expect(keys(text)).toEqual(expect.arrayContaining(['lothar-brenning', 'tamas-rethy', 'meier', 'gisela-pohl', 'karin-sommer', 'lorenz']));
  });

  it('applies the rule when the record does not name its original language (guessed from the text)', () => {
    const unnamed = text.replace(/Original Language:\n\nGerman\n\n/u, '');
    expect(unnamed).not.toBe(text);
    const k = keys(unnamed);
    for (const noun of ['unmut', 'zuversicht', 'sorge']) expect(k).not.toContain(noun);
    expect(k).toContain('lorenz');
  });
});

describe('guessLanguage', () => {
  it('guesses German from its function words, and nothing from too little text', () => {
    expect(guessLanguage('Wir haben den Vorschlag geprüft und sind mit der Frist für die Messe nicht einverstanden.')).toBe('de');
    expect(guessLanguage('We have studied the proposal and we do not agree with the deadline for the fair.')).toBe('en');
    expect(guessLanguage('Die Frist.')).toBeUndefined();
  });
});

describe('a place named in Russian carries its dictionary form; the inflected form stays the mention text', () => {
  const ext = extract('plain-export-cable-ru-1962-places.txt');
  const place = (key: string) => {
    const p = ext.places.find((x) => x.key === key);
    if (!p) throw new Error(`no place ${key}; places: ${ext.places.map((x) => x.key).join(', ')}`);
    return p;
  };

  it('names the place by the nominative when the text has only case forms (в Москву, в Москве)', () => {
    const moscow = place('moscow');
    expect(moscow.names.filter((n) => n.lang === 'ru').map((n) => n.value)).toEqual(['Москва']);
    const ru = moscow.mentions.filter((m) => m.lang === 'ru');
    expect(ru.map((m) => m.span.text)).toEqual(['Москву', 'Москве']);
    for (const m of ru) expect(moscow.names[m.nameIndex ?? -1]?.value).toBe('Москва');
  });

  it('finds a case form the lexicon does not list ("из Варшавы") and names it by the dictionary form', () => {
    const warsaw = place('warsaw');
    expect(warsaw.mentions.filter((m) => m.lang === 'ru').map((m) => m.span.text)).toEqual(['Варшавы', 'Варшаве']);
    expect(warsaw.names.filter((n) => n.lang === 'ru').map((n) => n.value)).toEqual(['Варшава']);
  });

  it('declines every word of a several-word name and a name whose nominative the text also uses', () => {
    expect(place('soviet-union').names.filter((n) => n.lang === 'ru').map((n) => n.value)).toEqual(['Советский Союз']);
    expect(place('beijing').names.filter((n) => n.lang === 'ru').map((n) => n.value)).toEqual(['Пекин']);
    expect(place('warsaw').names.filter((n) => n.lang === 'ru').map((n) => n.value)).toEqual(['Варшава']);
  });
});

describe('dictionaryForm', () => {
  const entry = (key: string) => {
    const e = placeEntry(key);
    if (!e) throw new Error(`no lexicon place ${key}`);
    return e;
  };

  it('maps a case form to the earlier form it declines, with stem endings and fleeting vowels', () => {
    expect(dictionaryForm(entry('moscow'), 'ru', 'Москву')).toBe('Москва');
    expect(dictionaryForm(entry('hanoi'), 'ru', 'Ханое')).toBe('Ханой');
    expect(dictionaryForm(entry('egypt'), 'ru', 'Египта')).toBe('Египет');
    expect(dictionaryForm(entry('united-kingdom'), 'ru', 'Англии')).toBe('Англия');
  });

  it('leaves nominatives, abbreviations and languages without case rules alone', () => {
    expect(dictionaryForm(entry('china'), 'ru', 'КНР')).toBe('КНР');
    expect(dictionaryForm(entry('united-kingdom'), 'ru', 'Англия')).toBe('Англия');
    expect(dictionaryForm(entry('moscow'), 'de', 'Moskau')).toBe('Moskau');
  });
});
