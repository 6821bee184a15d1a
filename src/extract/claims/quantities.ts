/**
 * Quantities in a sentence, English and Chinese: typed values (or ranges for vague words) with a unit and the
 * words as written. Number words, scales, vague expressions and units all come from data/lexicon/claims.json.
 *
 * @example
 *   findQuantities(text, sentence, lex)
 *   // "tens of thousands of people" -> { min: 20000, max: 99999, approximate: true, unit: 'person' }
 *   // "六亿五千万中国人民"            -> { value: 650000000, approximate: false, unit: 'person' }
 */
import type { Span } from '../types.js';
import type { ClaimLexicon, UnitEntry } from './lexicon.js';
import type { Quantity } from './types.js';
import { isChinese } from './sentences.js';
import { cachedRegExp, perLexicon } from './regex.js';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A number as read from text, before a unit is attached. */
export interface NumberMention {
  start: number;
  end: number;
  min: number;
  max: number;
  approximate: boolean;
}

/** The English number pattern of a lexicon, built once (global: used through matchAll only). */
const enNumberPattern = perLexicon(buildEnNumberPattern);

function buildEnNumberPattern(lex: ClaimLexicon): RegExp {
  const words = Object.keys(lex.numbers.enUnits).sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  const scales = Object.keys(lex.numbers.enScales).map(escapeRe).join('|');
  const vague = lex.numbers.enVague.map((v) => escapeRe(v.pattern).replace(/ /g, '\\s+')).join('|');
  return new RegExp(
    `(?<![\\p{L}\\p{N}])(?:(?<vague>${vague})|(?<num>\\d[\\d,]*(?:\\.\\d+)?|(?:${words})(?:[\\s-]+(?:${words}|${scales}|and)(?![\\p{L}]))*)(?:\\s+(?<scale>(?:${scales})(?:\\s+(?:${scales}))*))?)(?![\\p{L}\\p{N}])`,
    'giu',
  );
}

function parseEnWords(s: string, lex: ClaimLexicon): number | undefined {
  if (/^\d/.test(s)) return Number(s.replace(/,/g, ''));
  let total = 0;
  let current = 0;
  for (const w of s.toLowerCase().split(/[\s-]+/)) {
    if (w === 'and') continue;
    const u = lex.numbers.enUnits[w];
    if (u !== undefined) current += u;
    else {
      const sc = lex.numbers.enScales[w];
      if (sc === undefined) return undefined;
      if (sc === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * sc;
        current = 0;
      }
    }
  }
  return total + current;
}

/**
 * Words one of which a sentence without digits must hold for the number pattern to match: every number word, and
 * the longest word of each vague expression; undefined (no prefilter) unless they are all plain a-z words.
 */
const enNumberWords = perLexicon((lex: ClaimLexicon): RegExp | undefined => {
  const words = Object.keys(lex.numbers.enUnits);
  for (const v of lex.numbers.enVague) {
    const longest = v.pattern.split(' ').sort((a, b) => b.length - a.length)[0];
    if (longest === undefined) return undefined;
    words.push(longest);
  }
  // one of the words as a whole a-z word of the lower-cased text (a plain pattern: no /i, no /u)
  return words.length > 0 && words.every((w) => /^[a-z]+$/.test(w)) ? new RegExp(`(?<![a-z])(?:${words.join('|')})(?![a-z])`) : undefined;
});

/**
 * False only when the number pattern cannot match: no ASCII digit, and no whole a-z word of the lower-cased text
 * among enNumberWords (the pattern wants its words between non-letters). Long s and the Kelvin sign fold to ASCII
 * letters under /iu but not under toLowerCase: with them the pattern always runs.
 */
function mayHoldNumber(text: string, lex: ClaimLexicon): boolean {
  const words = enNumberWords(lex);
  if (words === undefined || /\d/.test(text) || /[\u017f\u212a]/u.test(text)) return true;
  return words.test(text.toLowerCase());
}

/** Numbers in an English sentence (digits, number words, scales, vague expressions). */
export function englishNumbers(text: string, lex: ClaimLexicon): NumberMention[] {
  const out: NumberMention[] = [];
  // most sentences hold no number: a cheap test spares them the long case-insensitive pattern
  if (!mayHoldNumber(text, lex)) return out;
  for (const m of text.matchAll(enNumberPattern(lex))) {
    const g = m.groups ?? {};
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (g['vague']) {
      const norm = g['vague'].toLowerCase().replace(/\s+/g, ' ');
      const v = lex.numbers.enVague.find((x) => x.pattern === norm);
      if (v) out.push({ start, end, min: v.min, max: v.max, approximate: true });
      continue;
    }
    const numText = g['num'] ?? '';
    if (lex.numbers.enIgnore.has(numText.toLowerCase()) && !g['scale']) continue;
    let value = parseEnWords(numText, lex);
    if (value === undefined || Number.isNaN(value)) continue;
    for (const s of (g['scale'] ?? '').toLowerCase().split(/\s+/).filter(Boolean)) value *= lex.numbers.enScales[s] ?? 1;
    out.push({ start, end, min: value, max: value, approximate: false });
  }
  return out;
}

/** Parse a run of Chinese numerals (with vague digits 几/数 as ranges). */
export function parseChineseNumeral(run: string, lex: ClaimLexicon): { min: number; max: number; approximate: boolean } | undefined {
  if (/^[0-9０-９]+$/.test(run)) {
    const v = Number(run.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)));
    return { min: v, max: v, approximate: false };
  }
  let approximate = false;
  const evaluate = (pick: 0 | 1): number | undefined => {
    let total = 0;
    let section = 0;
    let digit: number | undefined;
    for (const ch of run) {
      const d = lex.numbers.zhDigits[ch];
      const vague = lex.numbers.zhVague[ch];
      const scale = lex.numbers.zhScales[ch];
      if (d !== undefined) digit = (digit ?? 0) * 10 + d;
      else if (/[0-9]/.test(ch)) digit = (digit ?? 0) * 10 + Number(ch);
      else if (vague) {
        approximate = true;
        digit = vague[pick];
      } else if (scale !== undefined) {
        if (scale >= 100_000_000) {
          total = (total + section + (digit ?? 0)) * scale;
          section = 0;
        } else if (scale >= 10_000) {
          total += (section + (digit ?? 0)) * scale;
          section = 0;
        } else section += (digit ?? 1) * scale;
        digit = undefined;
      } else return undefined;
    }
    return total + section + (digit ?? 0);
  };
  const min = evaluate(0);
  const max = evaluate(1);
  if (min === undefined || max === undefined || max === 0) return undefined;
  return { min, max, approximate };
}

/** Numbers in a Chinese sentence; dates (年/月/日/号 after digits) and fixed compounds (一些, 第一) are skipped. */
export function chineseNumbers(text: string, lex: ClaimLexicon): NumberMention[] {
  const digitChars = Object.keys(lex.numbers.zhDigits).join('') + Object.keys(lex.numbers.zhScales).join('');
  const vagueChars = Object.keys(lex.numbers.zhVague).join('');
  const re = cachedRegExp(`[${escapeRe(vagueChars)}]?[0-9０-９${escapeRe(digitChars)}]+|[${escapeRe(vagueChars)}]`, 'gu');
  const out: NumberMention[] = [];
  for (const m of text.matchAll(re)) {
    let run = m[0];
    let start = m.index ?? 0;
    // A vague prefix char is only numeric before a digit or a scale (几万, 成千); 上 or 成 elsewhere are words.
    const first = run[0] ?? '';
    if (lex.numbers.zhVague[first] && run.length > 1) {
      const second = run[1] ?? '';
      if (lex.numbers.zhScales[second] === undefined && lex.numbers.zhDigits[second] === undefined) {
        run = run.slice(1);
        start += 1;
      }
    }
    if (['成', '上'].includes(run[0] ?? '') && lex.numbers.zhScales[run[1] ?? ''] === undefined) continue;
    const end = start + run.length;
    const before = text.slice(Math.max(0, start - 2), start);
    const context = text.slice(Math.max(0, start - 2), end + 2);
    if (lex.numbers.zhIgnoreBefore.some((w) => context.includes(w) && text.indexOf(w, Math.max(0, start - 2)) <= start && text.indexOf(w, Math.max(0, start - 2)) + w.length > start)) continue;
    if (before.endsWith('第')) continue;
    if (/^[年月日号號时時点點]/u.test(text.slice(end, end + 1)) && /[0-9０-９一二三四五六七八九十〇零]$/u.test(run)) continue;
    const parsed = parseChineseNumeral(run, lex);
    if (!parsed) continue;
    out.push({ start, end, ...parsed });
  }
  return out;
}

function findUnitEn(after: string, units: UnitEntry[]): { unit: UnitEntry; length: number; at: number } | undefined {
  // The unit may follow after up to two modifiers: "650 million Chinese people".
  for (const mods of [0, 1, 2]) {
    const m = new RegExp(`^(\\s+(?:of\\s+)?)((?:[\\p{L}'-]+\\s+){${mods}})([\\p{L}]+)`, 'u').exec(after);
    if (!m) return undefined;
    const word = (m[3] ?? '').toLowerCase();
    for (const u of units) {
      if (u.en.includes(word)) return { unit: u, length: m[0].length, at: mods };
    }
  }
  return undefined;
}

function findUnitZh(after: string, units: UnitEntry[]): { unit: UnitEntry; length: number; at: number } | undefined {
  // Allow a few characters between numeral and unit word (的, 个, 中国 ...): 六亿五千万中国人民, 成千的人.
  let best: { unit: UnitEntry; length: number; at: number } | undefined;
  for (const u of units) {
    for (const w of u.zh) {
      const at = after.indexOf(w);
      if (at < 0 || at > 3) continue;
      if (at > 0 && /[，。、；！？\s0-9]/u.test(after.slice(0, at))) continue;
      if (!best || at < best.at || (at === best.at && w.length + at > best.length)) best = { unit: u, length: at + w.length, at };
    }
  }
  return best;
}

/** Quantities (numbers with a known unit) in one sentence of the record text. */
export function findQuantities(text: string, sentence: Span, lex: ClaimLexicon): Quantity[] {
  const zh = isChinese(sentence.text);
  const nums = zh ? chineseNumbers(sentence.text, lex) : englishNumbers(sentence.text, lex);
  const out: Quantity[] = [];
  for (const n of nums) {
    const after = sentence.text.slice(n.end);
    const u = zh ? findUnitZh(after, lex.units) : findUnitEn(after, lex.units);
    if (!u) continue;
    if (zh && !n.approximate && n.min === 1) continue;
    // 一份, 一个: a classifier, not a count
    if (zh && n.end - n.start === 1 && n.approximate && u.at > 0) continue; // a lone 几 must sit right before its unit
    const start = sentence.start + n.start;
    const end = sentence.start + n.end + u.length;
    const q: Quantity = {
      span: { start, end, text: text.slice(start, end) },
      lang: zh ? 'zh' : 'en',
      approximate: n.approximate,
      unit: u.unit.key,
      unitLabel: u.unit.label,
    };
    if (n.approximate || n.min !== n.max) {
      q.min = n.min;
      q.max = n.max;
    } else q.value = n.min;
    out.push(q);
  }
  return out;
}
