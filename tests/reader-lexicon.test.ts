import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LayoutJson } from '../src/extract/reader/lexicon.js';
import { compileLayoutLexicon, layoutLexicon, normLabel } from '../src/extract/reader/lexicon.js';
import { rootPath } from '../src/paths.js';

const raw = (): LayoutJson => JSON.parse(readFileSync(rootPath('data', 'lexicon', 'layout.json'), 'utf8')) as LayoutJson;

describe('the layout lexicon (data/lexicon/layout.json)', () => {
  it('maps header labels of several languages to header keys', () => {
    const lex = layoutLexicon();
    expect(lex.headerLabels.get(normLabel('時間：'))).toBe('time');
    expect(lex.headerLabels.get(normLabel('Also Present:'))).toBe('alsoPresent');
    expect(lex.headerLabels.get(normLabel('Переводчик'))).toBe('interpreter');
    expect(lex.headerLabels.get(normLabel('Minutes Prepared'))).toBe('minutesBy');
    expect(lex.headerLabels.get(normLabel('抄送'))).toBe('copy');
    expect(lex.sectionLabels.get(normLabel('Original Language:'))).toBe('originalLanguage');
    expect(lex.nonSpeakerLabels.has(normLabel('Note'))).toBe(true);
  });

  it('refuses a header label listed under two keys, naming it', () => {
    const j = raw();
    j.headerLabels['venue'] = [...(j.headerLabels['venue'] ?? []), 'Time'];
    expect(() => compileLayoutLexicon(j)).toThrow(
      'data/lexicon/layout.json: header label "Time" is listed under both "time" and "venue". Keep it under one key.',
    );
  });

  it('refuses an unknown header key and a broken pattern, saying what to fix', () => {
    const j = raw();
    j.headerLabels['place'] = ['Location'];
    expect(() => compileLayoutLexicon(j)).toThrow(/headerLabels\."place" is not a header key .*Rename the key\./u);
    const k = raw();
    k.furniture.pageNumberPatterns = ['^(\\d+$'];
    expect(() => compileLayoutLexicon(k)).toThrow(/furniture\.pageNumberPatterns\[0\] is not a valid regular expression .*Fix the pattern\./u);
  });
});
