// The role-matching speed-ups (forms indexed by first character and by length, a text window folded once)
// must find exactly what a form-by-form comparison finds, including where folding is not one unit to one.
import { describe, expect, it } from 'vitest';
import { hanRolesIn, honorificBefore, latinTitleAt, latinTitleEndingAt } from '../src/extract/roles.js';

describe('latin title matching with a folded window', () => {
  it('matches the longest form whatever the case and apostrophe style', () => {
    const text = 'the CHARGÉ D’AFFAIRES AD INTERIM Ivo Tarn';
    const m = latinTitleAt(text, 4);
    expect(m?.text).toBe('CHARGÉ D’AFFAIRES AD INTERIM');
    expect(m?.role?.key).toBe('charge-d-affaires-ad-interim');
  });

  it('still requires a word boundary after the form', () => {
    expect(latinTitleAt('the Ministry said', 4)).toBeUndefined();
    expect(latinTitleAt('the Minister said', 4)?.role?.key).toBe('minister');
  });

  it('falls back to folding each piece when the window holds a dotted capital I (two units once folded)', () => {
    // İ lowercases to "i̇" (two UTF-16 units): offsets of the folded window no longer line up with the text.
    const text = 'İ Deputy Minister Oran';
    expect(honorificBefore(text, text.indexOf('Oran'))?.text).toBe('Deputy Minister');
    expect(latinTitleEndingAt(text, text.indexOf(' Oran'))?.text).toBe('Deputy Minister');
    expect(latinTitleAt('Vice Minister İpek', 0)?.text).toBe('Vice Minister');
  });

  it('falls back when the window holds a capital sigma (folded by context) or a surrogate pair', () => {
    const sigma = 'ΣΟΣ Comrade Lenz';
    expect(honorificBefore(sigma, sigma.indexOf('Lenz'))?.text).toBe('Comrade');
    const emoji = '\u{1F4DD} Herr Vogt';
    expect(honorificBefore(emoji, emoji.indexOf('Vogt'))?.text).toBe('Herr');
  });

  it('does not take a form glued to a preceding letter', () => {
    const text = 'XComrade Lenz';
    expect(honorificBefore(text, text.indexOf('Lenz'))).toBeUndefined();
  });
});

describe('Han role words', () => {
  it('finds the longest form at each position without overlaps', () => {
    const text = '外交部副部長王某與臨時代辦';
    expect(hanRolesIn(text, 0, text.length).map((m) => m.text)).toEqual(['副部長', '臨時代辦']);
  });

  it('does not return a form running past the end of the range', () => {
    const text = '臨時代辦';
    expect(hanRolesIn(text, 0, 3)).toEqual([]);
  });
});
