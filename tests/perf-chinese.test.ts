// chinese.ts builds its OpenCC converters from single-character dictionary entries only (conversion is
// character by character): it must agree with OpenCC's full converters on every character.
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { toSimplified, toTraditional } from '../src/extract/chinese.js';

const HAN = /\p{Script=Han}/u;

/** The former conversion: OpenCC's full converter applied to each Han character, kept when one unit long. */
function perCharacter(convert: (s: string) => string, s: string): string {
  let out = '';
  for (const ch of s) {
    const c = HAN.test(ch) ? convert(ch) : ch;
    out += c.length === ch.length ? c : ch;
  }
  return out;
}

describe('traditional/simplified folding from single-character entries', () => {
  it('converts names both ways with unchanged length', () => {
    expect(toSimplified('趙亮與劉國華')).toBe('赵亮与刘国华');
    expect(toTraditional('赵亮与刘国华')).toBe('趙亮與劉國華');
    expect(toSimplified('abc 臨時代辦')).toBe('abc 临时代办');
  });

  it('agrees with the full OpenCC converters on every character of the CJK blocks', () => {
    const t2s = OpenCC.Converter({ from: 't', to: 'cn' });
    const s2t = OpenCC.Converter({ from: 'cn', to: 't' });
    const diffs: string[] = [];
    // Unified Ideographs, Extension A and the Compatibility Ideographs (normalised by OpenCC first).
    const ranges: Array<[number, number]> = [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff]];
    for (const [a, b] of ranges)
      for (let cp = a; cp <= b; cp++) {
        const ch = String.fromCodePoint(cp);
        if (toSimplified(ch) !== perCharacter(t2s, ch) || toTraditional(ch) !== perCharacter(s2t, ch)) diffs.push(ch);
      }
    expect(diffs).toEqual([]);
  });
});
