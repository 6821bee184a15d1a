/**
 * Name normalisation and similarity across scripts: Latin (with or without pinyin tones), Chinese
 * (traditional and simplified, compared after OpenCC conversion to simplified) and Cyrillic (compared after
 * transliteration to Latin). Everything here is general: no list of names, only scripts and spelling rules.
 */
import { cyrillicToLatin, editDistance } from '../extract/names.js';
import { openccToSimplified, pinyinPro } from '../extract/cjk-libs.js';

export type Script = 'han' | 'cyrillic' | 'latin' | 'other';

// Phrase-level traditional -> simplified conversion, built at the first name holding a Han character: OpenCC's
// dictionaries take a while to load and build, and most names have none.
let toSimplifiedConverter: ((s: string) => string) | undefined;
function toSimplified(s: string): string {
  const convert = (toSimplifiedConverter ??= openccToSimplified().Converter({ from: 't', to: 'cn' }));
  return convert(s);
}

const HAN = /\p{Script=Han}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/** The dominant script of a name form. */
export const scriptOf = memo((s: string): Script => {
  if (HAN.test(s)) return 'han';
  if (CYRILLIC.test(s)) return 'cyrillic';
  if (LATIN.test(s)) return 'latin';
  return 'other';
});

// Name forms recur across records and labels across calls: memoise the costly conversions (bounded).
function memo<T>(fn: (s: string) => T, max = 50_000): (s: string) => T {
  const cache = new Map<string, T>();
  return (s: string): T => {
    const hit = cache.get(s);
    if (hit !== undefined) return hit;
    const v = fn(s);
    if (cache.size >= max) cache.clear();
    cache.set(s, v);
    return v;
  };
}

/**
 * Traditional or simplified Chinese to simplified, spaces and punctuation removed. Without a Han character the
 * answer is '' (no OpenCC dictionary maps anything else to Han), found without loading OpenCC.
 */
export const normaliseHan = memo((s: string): string => (HAN.test(s) ? toSimplified(s).replace(/[^\p{Script=Han}]/gu, '') : ''));

/** Cyrillic letters to Latin (lower case) through data/lexicon/transliteration.json; other characters unchanged. */
export function transliterateCyrillic(s: string): string {
  return CYRILLIC.test(s) ? cyrillicToLatin(s).toLowerCase() : s;
}

/** Remove diacritics (pinyin tones, accents): "Lǐ Wénmíng" -> "Li Wenming", "Ürümqi" -> "Urumqi". */
export function stripMarks(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '');
}

/**
 * Strip a trailing note written after a name in the reference data or in a record:
 * "Li Wen-ming (Wade-Giles)" -> "Li Wen-ming", "Tao Lin (interpreter, 1950s)" -> "Tao Lin".
 */
export function stripQualifier(s: string): { name: string; qualifier?: string } {
  const m = /^(.*?)\s*[（(]([^()（）]*)[)）]\s*(?:-\s.*)?$/u.exec(s.trim());
  if (m && m[1] && m[1].trim().length > 0) return { name: m[1].trim(), qualifier: m[2] ?? '' };
  return { name: s.trim() };
}

/** "Zorinov, Pavel" -> "Pavel Zorinov" (inverted catalogue order). */
export function uninvert(s: string): string {
  const m = /^([^,]+),\s*([^,]+)$/.exec(s.trim());
  return m && m[1] && m[2] ? `${m[2].trim()} ${m[1].trim()}` : s.trim();
}

/** Latin tokens of a name: lower case, no marks, Cyrillic transliterated, split on spaces, dots, hyphens. */
export const latinTokens = memo((s: string): string[] => {
  const t = stripMarks(transliterateCyrillic(uninvert(s))).toLowerCase();
  return t
    .replace(/[’'ʼ`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((x) => x.length > 0);
});

/** Pinyin (toneless, syllables joined per character) of a Chinese form: "李文明" -> ["li", "wen", "ming"]. */
export const pinyinTokens = memo((han: string): string[] => {
  const simplified = normaliseHan(han);
  if (simplified.length === 0) return [];
  return pinyinPro().pinyin(simplified, { toneType: 'none', type: 'array', v: false }).map((x) => x.toLowerCase().replace(/ü/g, 'v'));
});

/**
 * A spelling key for comparing romanisations of the same sound: y/j -> i, w -> v, kh -> h, tz/tc -> ts,
 * German tsch -> ch, doubled letters single. Used only for fuzzy comparison, never as an identifier.
 */
export const spellingKey = memo((token: string): string =>
  token
    .replace(/tsch/g, 'ch')
    .replace(/sch/g, 'sh')
    .replace(/tz|tc/g, 'ts')
    .replace(/kh/g, 'h')
    .replace(/[yj]/g, 'i')
    .replace(/w/g, 'v')
    .replace(/ff$/g, 'v')
    .replace(/(.)\1+/g, '$1'),
);

/** Damerau-Levenshtein distance (optimal string alignment): counts a transposition as one edit. */
export { editDistance };

/** 1 - edit distance / longer length, on spelling keys. */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const ka = spellingKey(a);
  const kb = spellingKey(b);
  if (ka === kb) return 0.97;
  const len = Math.max(ka.length, kb.length);
  return len === 0 ? 0 : 1 - editDistance(ka, kb) / len;
}

export interface NameMatch {
  /** 0..100 */
  score: number;
  /** Short machine key of how it matched: exact, tokens, initials, middle-omitted, fuzzy, han, pinyin, given-name. */
  how: string;
}

const NO_MATCH: NameMatch = { score: 0, how: 'none' };

/**
 * Compare two Latin-script (or transliterated) person names token by token. Word order is free (Chinese
 * surname-first, Western given-first); omitted middle names and initials cost a little; a fuzzy token
 * (Zorinov/Zorinow/Zorniov) costs in proportion to its edit distance; a token of `form` without a
 * counterpart in `label` is a mismatch.
 */
export function compareLatin(form: string, label: string): NameMatch {
  const a = latinTokens(form);
  const b = latinTokens(label);
  if (a.length === 0 || b.length === 0) return NO_MATCH;
  if (a.join('') === b.join('')) return { score: 100, how: 'exact' };
  if ([...a].sort().join(' ') === [...b].sort().join(' ')) return { score: 99, how: 'reordered' };
  const used = new Set<number>();
  let total = 0;
  let fuzzy = false;
  let initials = false;
  for (const ta of a) {
    let best = -1;
    let bestSim = 0;
    for (let j = 0; j < b.length; j++) {
      if (used.has(j)) continue;
      const tb = b[j] ?? '';
      let sim: number;
      if (ta.length === 1 || tb.length === 1) sim = tb.startsWith(ta) || ta.startsWith(tb) ? 0.92 : 0;
      else sim = tokenSimilarity(ta, tb);
      if (sim > bestSim) {
        bestSim = sim;
        best = j;
      }
    }
    if (best < 0 || bestSim < 0.75) return NO_MATCH;
    used.add(best);
    if (bestSim < 1 && bestSim !== 0.92) fuzzy = true;
    if (bestSim === 0.92) initials = true;
    total += bestSim;
  }
  const mean = total / a.length;
  const omitted = b.length - used.size;
  // Only middle names may be left out of a full form: a form that covers one token of a two-token label is a
  // surname-only (or given-only) mention, which is scored low whatever it matches.
  const coverage = used.size / b.length;
  let score = 100 * mean - 3 * omitted;
  if (coverage < 0.6) score = Math.min(score, 60);
  if (fuzzy) score = Math.min(score, 90);
  const how = fuzzy ? 'fuzzy' : initials ? 'initials' : omitted > 0 ? 'middle-omitted' : 'tokens';
  return { score: Math.max(0, Math.round(score * 10) / 10), how };
}

/**
 * Compare any two name forms, whatever their scripts.
 * - Chinese vs Chinese: equal after conversion to simplified (100), else no match;
 * - Chinese vs Latin: toneless pinyin equal to the Latin tokens (85: homophones exist, 黄镇/黄震);
 * - everything else through Latin tokens (Cyrillic transliterated).
 */
export function compareNames(form: string, label: string): NameMatch {
  const sf = scriptOf(form);
  const sl = scriptOf(label);
  if (sf === 'han' && sl === 'han') {
    return normaliseHan(form) === normaliseHan(label) && normaliseHan(form).length > 0 ? { score: 100, how: 'han' } : NO_MATCH;
  }
  if (sf === 'han' || sl === 'han') {
    const han = sf === 'han' ? form : label;
    const other = sf === 'han' ? label : form;
    const py = pinyinTokens(han).join('');
    const lt = latinTokens(other).join('');
    return py.length > 0 && py === lt ? { score: 85, how: 'pinyin' } : NO_MATCH;
  }
  return compareLatin(form, label);
}

/**
 * Place and body names are not people's names: a left-out word changes the referent ("Republic of China" is
 * not "People's Republic of China"), so for them only a whole-name match (exact, reordered, same characters)
 * keeps its score; anything partial or fuzzy is capped at 80, enough for review, never for a link.
 */
export function asPlaceOrBodyName(m: NameMatch): NameMatch {
  return m.how === 'exact' || m.how === 'reordered' || m.how === 'han' ? m : { score: Math.min(m.score, 80), how: m.how };
}

/**
 * A Chinese given name alone ("少奇") against a full Chinese label ("劉少奇"): the label is one or two surname
 * characters followed by exactly this given name. Scored low (75) so that it needs other evidence.
 */
export function compareGivenName(given: string, label: string): NameMatch {
  if (scriptOf(given) !== 'han' || scriptOf(label) !== 'han') return NO_MATCH;
  const g = normaliseHan(given);
  const l = normaliseHan(label);
  if (g.length < 2 || l.length <= g.length || l.length > g.length + 2) return NO_MATCH;
  return l.endsWith(g) ? { score: 75, how: 'given-name' } : NO_MATCH;
}

/**
 * Blocking keys of a name: any two forms that `compareNames` can score above zero share at least one key
 * (a Chinese character, or the first three letters of a token's spelling key, pinyin included).
 */
export function blockKeys(s: string): string[] {
  const keys = new Set<string>();
  const latin = (tokens: string[]) => {
    for (const t of tokens) if (t.length > 1) keys.add(`l:${spellingKey(t).slice(0, 3)}`);
  };
  if (scriptOf(s) === 'han') {
    for (const ch of normaliseHan(s)) keys.add(`h:${ch}`);
    latin([pinyinTokens(s).join('')]);
    latin(pinyinTokens(s));
  } else {
    const tokens = latinTokens(s);
    latin(tokens);
    latin([tokens.join('')]);
  }
  return [...keys];
}

/** A compact key for exact lookups: simplified Han, or joined Latin tokens. */
export function lookupKey(s: string): string {
  return scriptOf(s) === 'han' ? normaliseHan(s) : latinTokens(s).join('');
}
