// The extraction speed-ups (prefilters, caches) must not change what is matched: these pin the edge cases
// where a cheaper test could disagree with the regular expression it guards.
import { describe, expect, it } from 'vitest';
import { compileCue, requiredLiteral } from '../src/extract/claims/lexicon.js';
import { isChinese } from '../src/extract/claims/sentences.js';
import { findNames, type NameEntry } from '../src/extract/places.js';
import { readRecord } from '../src/extract/reader/index.js';

describe('cue prefilter', () => {
  it('matches a phrase cue whatever the case of the sentence', () => {
    const cue = compileCue('border crossing*', 'test');
    expect(cue.test('Reports of BORDER CROSSINGS rose.')).toBe(true);
    expect(cue.test('Reports of border checks rose.')).toBe(false);
  });

  it('still matches when the sentence spells s as long s or k as the Kelvin sign (/iu folds them to ASCII)', () => {
    expect(compileCue('crossed over', 'test').test('they croſſed over at night')).toBe(true);
    expect(compileCue('kin', 'test').test('their \u212Ain were told')).toBe(true);
  });

  it('does not let a prefix of a word through (the regex still decides the boundaries)', () => {
    expect(compileCue('aid', 'test').test('they were afraid')).toBe(false);
    expect(compileCue('aid', 'test').test('military aid arrived')).toBe(true);
  });

  it('keeps pattern cues matching across the prefilter', () => {
    const cue = compileCue("\\bI (quite )?appreciate\\b", 'test');
    expect(cue.test('i quite APPRECIATE your frankness')).toBe(true);
    expect(cue.test('I quite value your frankness')).toBe(false);
  });
});

describe('requiredLiteral', () => {
  it('returns the longest top-level run every match contains, lower-cased', () => {
    expect(requiredLiteral('\\bIt is true that\\b')).toBe('it is true that');
    expect(requiredLiteral('\\bwe (still )?hope that\\b')).toBe('hope that');
    expect(requiredLiteral("\\bcan(no|')t be used\\b")).toBe('t be used');
  });

  it('drops a character a quantifier makes optional', () => {
    expect(requiredLiteral('\\bdemands?\\b')).toBe('demand');
    expect(requiredLiteral('\\bfavou?r\\b')).toBe('favo'); // favor, favour
  });

  it('gives none for a top-level alternative or a run shorter than three characters', () => {
    expect(requiredLiteral('\\bdeny|denies\\b')).toBeUndefined();
    expect(requiredLiteral('\\b(reject|refute)s?\\b')).toBeUndefined();
    expect(requiredLiteral('\\bno\\b')).toBeUndefined();
  });

  it('ignores characters inside classes and groups', () => {
    expect(requiredLiteral('[abcdef]xyz(?:ghijkl)')).toBe('xyz');
  });
});

describe('isChinese', () => {
  it('is true when Han characters are at least as many as Latin letters', () => {
    expect(isChinese('我们同意。')).toBe(true);
    expect(isChinese('UN 大会')).toBe(true);
    expect(isChinese('UNO 大会')).toBe(false);
  });

  it('is false without Han characters and counts characters outside the BMP', () => {
    expect(isChinese('We agree.')).toBe(false);
    expect(isChinese('')).toBe(false);
    expect(isChinese('ab 𠀀𠀁')).toBe(true);
  });
});

describe('findNames with a cached matcher', () => {
  const entries: NameEntry[] = [
    { key: 'lake-ostrava', form: 'Lake Ostrava', lang: 'en' },
    { key: 'ostrava', form: 'Ostrava', lang: 'en' },
    { key: 'hanzhou', form: '汉州', lang: 'zh' },
  ];
  const doc = (text: string) => readRecord('invented.txt', `Memorandum\n\n${text}\n`);

  it('finds the same names in two records when the same entry list is reused', () => {
    const a = findNames(doc('The delegation left Ostrava for Lake Ostrava.'), entries).map((h) => h.key);
    const b = findNames(doc('From 汉州 to Ostrava.'), entries).map((h) => h.key);
    expect(a).toEqual(['ostrava', 'lake-ostrava']);
    expect(b).toEqual(['hanzhou', 'ostrava']);
  });

  it('finds a Chinese form written in traditional characters', () => {
    expect(findNames(doc('他們到了漢州。'), entries).map((h) => h.key)).toEqual(['hanzhou']);
  });
});
