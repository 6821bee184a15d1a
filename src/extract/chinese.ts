/**
 * Chinese-script helpers for name matching: traditional/simplified folding (OpenCC), script tags, surnames
 * and toneless pinyin (pinyin-pro), and the test whether a Latin name is pinyin-shaped.
 */
import type { LocalePreset } from 'opencc-js/core';
import { openccCore, pinyinPro } from './cjk-libs.js';
import { loadNameParticles } from './names.js';
import { memoized } from './memo.js';

// Conversion here is character by character, so only single-character dictionary entries can ever apply:
// the converters are built from OpenCC's own preset with every dictionary cut down to those entries, which
// skips building tries for the ~100k phrase entries (about 100 ms on first use). Built at the first Han
// character converted: records without Chinese never load OpenCC.
let converters: { simplified: (s: string) => string; traditional: (s: string) => string } | undefined;
function charConverters(): { simplified: (s: string) => string; traditional: (s: string) => string } {
  if (!converters) {
    // each direction from OpenCC's preset of that direction (fewer dictionaries to load than the full preset)
    const { core, toSimplified, toTraditional } = openccCore();
    converters = {
      simplified: core.ConverterBuilder(onlySingleCharacters(toSimplified))({ from: 't', to: 'cn' }),
      traditional: core.ConverterBuilder(onlySingleCharacters(toTraditional))({ from: 'cn', to: 't' }),
    };
  }
  return converters;
}

/** A copy of an OpenCC locale preset whose dictionaries keep only entries keyed by one code point. */
function onlySingleCharacters(preset: LocalePreset): LocalePreset {
  const cache = new Map<unknown, unknown>();
  const walk = (v: unknown): unknown => {
    const hit = cache.get(v);
    if (hit !== undefined) return hit;
    let out: unknown;
    if (typeof v === 'string') {
      // A dictionary as text: "key value value|key value".
      const kept = v.split('|').filter((e) => [...e.slice(0, e.indexOf(' ') < 0 ? e.length : e.indexOf(' '))].length === 1);
      // OpenCC rejects an empty dictionary string; an empty list of pairs is the empty dictionary.
      out = kept.length > 0 ? kept.join('|') : [];
    } else if (Array.isArray(v)) {
      // A list of dictionaries or of dictionary groups (the preset writes every dictionary as text).
      out = v.map(walk);
    } else if (v !== null && typeof v === 'object') {
      out = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    } else out = v;
    cache.set(v, out);
    return out;
  };
  return walk(preset) as LocalePreset;
}

const HAN = /\p{Script=Han}/u;
const HAN_ONLY = /^\p{Script=Han}+$/u;

/** True when the string contains at least one Han character. */
export function hasHan(s: string): boolean {
  return HAN.test(s);
}

/** True when the string is made of Han characters only. */
export function isHanOnly(s: string): boolean {
  return HAN_ONLY.test(s);
}

/**
 * Simplified form of a string, converted character by character so that the result has exactly the same
 * UTF-16 length and offsets as the input (phrase-level conversion could change lengths).
 * Example: toSimplified('趙亮') === '赵亮', toSimplified('赵亮') === '赵亮'.
 */
export function toSimplified(s: string): string {
  return simplifiedOf(s);
}

// Why caches: clustering asks for the same names' conversions and readings many times over.
// Each conversion once per distinct string (names and words recur throughout a record).
const simplifiedOf = memoized(convertSimplified);
const traditionalOf = memoized(convertTraditional);
const pinyinOf = memoized(readPinyin);
const pinyinShapedOf = memoized(pinyinShaped);

function convertSimplified(s: string): string {
  let out = '';
  for (const ch of s) {
    if (!HAN.test(ch)) {
      out += ch;
      continue;
    }
    const c = charConverters().simplified(ch);
    out += c.length === ch.length ? c : ch;
  }
  return out;
}

/** Traditional form of a string, character by character (same length as the input). */
export function toTraditional(s: string): string {
  return traditionalOf(s);
}

function convertTraditional(s: string): string {
  let out = '';
  for (const ch of s) {
    if (!HAN.test(ch)) {
      out += ch;
      continue;
    }
    const c = charConverters().traditional(ch);
    out += c.length === ch.length ? c : ch;
  }
  return out;
}

/**
 * BCP 47 tag of a Chinese form: 'zh-Hant' when it is already traditional and differs from its simplified
 * conversion, 'zh-Hans' the other way round, 'zh' when script-neutral (孫力) or mixed (张國).
 */
export function zhLangOf(s: string): 'zh-Hant' | 'zh-Hans' | 'zh' {
  const simp = toSimplified(s);
  const trad = toTraditional(s);
  if (s === trad && s !== simp) return 'zh-Hant';
  if (s === simp && s !== trad) return 'zh-Hans';
  return 'zh';
}

/** Two Chinese strings are the same up to traditional/simplified script. */
export function sameHan(a: string, b: string): boolean {
  return toSimplified(a) === toSimplified(b);
}

/** Length (in characters) of the surname that starts a Chinese name, 0 when it does not start with a known surname. */
export function zhSurnameLength(name: string): number {
  const lex = loadNameParticles();
  const simp = toSimplified(name);
  for (const c of lex.zhCompoundSurnames) if (simp.startsWith(c) && simp.length > c.length) return c.length;
  const first = simp.charAt(0);
  return first !== '' && lex.zhSurnames.has(first) ? 1 : 0;
}

/** True when the single character (or compound) is a known Chinese surname. */
export function isZhSurname(s: string): boolean {
  const lex = loadNameParticles();
  const simp = toSimplified(s);
  return lex.zhSurnames.has(simp) || lex.zhCompoundSurnames.includes(simp);
}

/** Toneless pinyin syllables of a Chinese name, reading the first character(s) with surname readings (單 -> shan). */
export function pinyinSyllables(name: string): string[] {
  return pinyinOf(name);
}

function readPinyin(name: string): string[] {
  return pinyinPro().pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'removed' }).map((s) =>
    s.replace(/ü/g, 'v').toLowerCase(),
  );
}

/**
 * Latin rendering of a Chinese name in pinyin, surname first and the given name joined:
 * pinyinName('錢文海') === 'Qian Wenhai'. Returns '' when nothing could be read.
 */
export function pinyinName(name: string): string {
  const syl = pinyinSyllables(name);
  if (syl.length === 0) return '';
  const surLen = Math.max(1, Math.min(zhSurnameLength(name) || 1, syl.length));
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  const surname = cap(syl.slice(0, surLen).join(''));
  const given = syl.slice(surLen).join('');
  return given ? `${surname} ${cap(given)}` : surname;
}

/** Pinyin of a Chinese name as one letter string without spaces, for comparison: 'qianwenhai'. */
export function pinyinKey(name: string): string {
  return pinyinSyllables(name).join('');
}

/** Letters of a Latin name, lower-cased, without spaces, apostrophes, hyphens and diacritics. */
export function latinKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** True when a Chinese name reads in pinyin exactly as the Latin name does ('孫力' ~ 'Sun Li'). */
export function pinyinMatches(zh: string, latin: string): boolean {
  const k = latinKey(latin);
  return k.length > 0 && (pinyinKey(zh) === k || pinyinSyllables(zh).join('') === k.replace(/u:/g, 'v'));
}

// One pinyin syllable: optional initial, then a final. Why a pattern, not a list: it is the spelling system.
const SYLLABLE =
  '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|uan|ian|iao|uai|van|ai|ei|ao|ou|an|en|in|un|ua|uo|ia|ie|iu|ui|ue|ve|er|a|o|e|i|u|v)';
const PINYIN_WORD = new RegExp(`^(?:${SYLLABLE}){1,3}$`);

/** True when a Latin word can be read as one to three pinyin syllables ('zedong', 'hanfu', 'ming'). */
export function isPinyinWord(word: string): boolean {
  return PINYIN_WORD.test(latinKey(word));
}

/** Pinyin surnames, derived from the Chinese surname lexicon at first use. */
let pinyinSurnameSet: Set<string> | undefined;
function pinyinSurnames(): Set<string> {
  if (!pinyinSurnameSet) {
    const lex = loadNameParticles();
    pinyinSurnameSet = new Set();
    for (const c of lex.zhSurnames) pinyinSurnameSet.add(pinyinSyllables(c).join(''));
    for (const c of lex.zhCompoundSurnames) pinyinSurnameSet.add(pinyinSyllables(c).join(''));
  }
  return pinyinSurnameSet;
}

/** True when a Latin word is the pinyin of a Chinese surname ('Zhao', 'Sun', 'Ouyang'). */
export function isPinyinSurname(word: string): boolean {
  const k = latinKey(word);
  // Every surname's reading is a pinyin word (tests/perf-cold.test.ts checks the lexicon): a word that is not one
  // ("Yevgeny", "Oleg") is answered without reading the surnames through pinyin-pro, whose first load costs ~100 ms.
  return PINYIN_WORD.test(k) && pinyinSurnames().has(k);
}

/**
 * True when a Latin name looks like a Chinese name in pinyin, surname first: 'Zhao Liang', 'Zhou Enlai',
 * 'Sun Gaoping' (two or three words, the first a pinyin surname, the others pinyin words).
 */
export function isPinyinName(name: string): boolean {
  return pinyinShapedOf(name);
}

function pinyinShaped(name: string): boolean {
  const words = name.split(/[\s\-]+/).filter((w) => w !== '');
  if (words.length < 2 || words.length > 3) return false;
  // Pinyin words are letters only: initials ("A.I.") and apostrophes are not pinyin.
  if (!words.every((w) => LETTERS_ONLY.test(w))) return false;
  const [first, ...rest] = words;
  // the given names first: the surname set is read through pinyin-pro, whose first use costs tens of ms, and
  // most Latin names (Pavel Belyakov) fail on their given names already
  return first !== undefined && rest.every((w) => isPinyinWord(w)) && isPinyinSurname(first);
}

const LETTERS_ONLY = /^\p{L}+$/u;
