/**
 * Name-level helpers shared by the extractors: the slug rule for entity keys, lexicon loading for name
 * particles and transliteration, Latin name normalisation, script/language tags and spelling similarity.
 */
import { readFileSync } from 'node:fs';
import { rootPath } from '../paths.js';
import type { LangTag } from './types.js';
import { memoized } from './memo.js';
import { pinyinPro } from './cjk-libs.js';

// Module-level patterns: tsx compiles a \p{...} literal to `new RegExp(...)` wherever it stands, so one inside a
// function would be rebuilt on every call.
const CYRILLIC_RE = /\p{Script=Cyrillic}/u;
const HANGUL_RE = /\p{Script=Hangul}/u;

/**
 * Stable key of a name: lower-case ASCII, diacritics removed, every run of other characters -> '-'.
 * Chinese characters are first read as toneless pinyin, surname first, given name joined.
 * Examples: slugOf('Zhao Liang') === 'zhao-liang', slugOf('Chargé') === 'charge', slugOf('毛泽东') === 'mao-zedong'.
 */
export function slugOf(name: string): string {
  let s = name;
  if (/\p{Script=Han}/u.test(s)) s = hanToPinyinName(s);
  if (CYRILLIC_RE.test(s)) s = cyrillicToLatin(s);
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[Łł]/g, 'l')
    .replace(/[Øø]/g, 'o')
    .replace(/[Đđ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// Han runs -> 'Surname Given' pinyin (kept local so names.ts does not depend on chinese.ts at import time).
function hanToPinyinName(s: string): string {
  return s.replace(/\p{Script=Han}+/gu, (run) => {
    const syl = pinyinPro().pinyin(run, { toneType: 'none', type: 'array', surname: 'head' }).map((x) => x.replace(/ü/g, 'v'));
    const [first, ...rest] = syl;
    return rest.length ? ` ${first ?? ''} ${rest.join('')} ` : ` ${first ?? ''} `;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Lexicons

export interface NameParticles {
  latinParticles: Set<string>;
  surnameFirstLatin: Set<string>;
  zhSurnames: Set<string>;
  zhCompoundSurnames: string[];
  zhNameBoundaries: string[];
  zhInstitutionFinals: Set<string>;
  notNameWords: Set<string>;
  surnameSuffixes: string[];
  wellKnownSurnames: Set<string>;
  zhNotNames: string[];
  zhNeverInName: Set<string>;
  zhTransliterationChars: Set<string>;
  zhTransliterationMarks: Set<string>;
  titleCaseFunctionWords: Set<string>;
}

export interface Transliteration {
  cyrillicToLatin: Map<string, string>;
  latinVariantRules: Array<[string, string]>;
}

/** Reads a JSON lexicon under data/lexicon/, failing with the path and what to do. */
export function readLexicon(name: string): unknown {
  const file = rootPath('data', 'lexicon', name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read the lexicon (${(e as Error).message}). Restore it from git.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message}). Fix the syntax at the position named.`);
  }
}

function stringArray(v: unknown, file: string, field: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new Error(`data/lexicon/${file}: field "${field}" must be an array of strings.`);
  return v as string[];
}

let particles: NameParticles | undefined;
/** data/lexicon/name-particles.json, loaded once. */
export function loadNameParticles(): NameParticles {
  if (particles) return particles;
  const raw = readLexicon('name-particles.json') as Record<string, unknown>;
  const zh = raw['zhSurnames'];
  if (typeof zh !== 'string') throw new Error('data/lexicon/name-particles.json: "zhSurnames" must be a string of characters.');
  particles = {
    latinParticles: new Set(stringArray(raw['latinParticles'], 'name-particles.json', 'latinParticles')),
    surnameFirstLatin: new Set(stringArray(raw['surnameFirstLatin'], 'name-particles.json', 'surnameFirstLatin')),
    zhSurnames: new Set([...zh]),
    zhCompoundSurnames: stringArray(raw['zhCompoundSurnames'], 'name-particles.json', 'zhCompoundSurnames'),
    zhNameBoundaries: stringArray(raw['zhNameBoundaries'], 'name-particles.json', 'zhNameBoundaries'),
    zhInstitutionFinals: new Set([...String(raw['zhInstitutionFinals'] ?? '')]),
    notNameWords: new Set(stringArray(raw['notNameWords'], 'name-particles.json', 'notNameWords')),
    surnameSuffixes: stringArray(raw['surnameSuffixes'] ?? [], 'name-particles.json', 'surnameSuffixes'),
    wellKnownSurnames: new Set(stringArray(raw['wellKnownSurnames'] ?? [], 'name-particles.json', 'wellKnownSurnames')),
    zhNotNames: stringArray(raw['zhNotNames'] ?? [], 'name-particles.json', 'zhNotNames'),
    zhNeverInName: new Set([...String(raw['zhNeverInName'] ?? '')]),
    zhTransliterationChars: new Set([...String(raw['zhTransliterationChars'] ?? '')]),
    zhTransliterationMarks: new Set([...String(raw['zhTransliterationMarks'] ?? '')]),
    titleCaseFunctionWords: new Set(stringArray(raw['titleCaseFunctionWords'] ?? [], 'name-particles.json', 'titleCaseFunctionWords')),
  };
  return particles;
}

let translit: Transliteration | undefined;
/** data/lexicon/transliteration.json, loaded once. */
export function loadTransliteration(): Transliteration {
  if (translit) return translit;
  const raw = readLexicon('transliteration.json') as Record<string, unknown>;
  const table = raw['cyrillicToLatin'];
  const rules = raw['latinVariantRules'];
  if (typeof table !== 'object' || table === null)
    throw new Error('data/lexicon/transliteration.json: "cyrillicToLatin" must be an object of letter -> Latin.');
  if (!Array.isArray(rules))
    throw new Error('data/lexicon/transliteration.json: "latinVariantRules" must be an array of [from, to] pairs.');
  translit = {
    cyrillicToLatin: new Map(Object.entries(table as Record<string, string>)),
    latinVariantRules: rules.map((r, i) => {
      if (!Array.isArray(r) || r.length !== 2 || typeof r[0] !== 'string' || typeof r[1] !== 'string')
        throw new Error(`data/lexicon/transliteration.json: latinVariantRules[${i}] must be a [from, to] pair of strings.`);
      return [r[0], r[1]] as [string, string];
    }),
  };
  return translit;
}

// ---------------------------------------------------------------------------------------------------------
// Scripts and normalisation

/** Latin rendering of Cyrillic text through data/lexicon/transliteration.json ('Беляков' -> 'Belyakov'). */
export function cyrillicToLatin(s: string): string {
  const t = loadTransliteration().cyrillicToLatin;
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const m = t.get(lower);
    if (m === undefined) out += ch;
    else out += ch !== lower && m ? m.charAt(0).toUpperCase() + m.slice(1) : m;
  }
  return out;
}

/** Language tag of a non-Chinese name form from its script: Cyrillic -> 'ru', Hangul -> 'ko', else 'en'. */
export function scriptLangOf(s: string): LangTag {
  if (CYRILLIC_RE.test(s)) return 'ru';
  if (HANGUL_RE.test(s)) return 'ko';
  return 'en';
}

// Why a cache: clustering compares every pair of name forms; the keys are few and reused.
const cachedSpellingKey = memoized(computeSpellingKey, 50_000);

/** Lower-case letters of a Latin (or Cyrillic, transliterated) name with variant spellings folded together. */
export function spellingKey(name: string): string {
  return cachedSpellingKey(name);
}

function computeSpellingKey(name: string): string {
  let s = cyrillicToLatin(name)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  for (const [from, to] of loadTransliteration().latinVariantRules) s = s.split(from).join(to);
  return s;
}

/**
 * Optimal-string-alignment edit distance (insertions, deletions, substitutions, adjacent transpositions), by UTF-16
 * code unit. Three rolling rows of the usual table (a transposition looks two rows back), not the whole table:
 * the linker and the people clustering call it on thousands of name pairs per record.
 * @example editDistance('orvlad', 'orvald') // 1 (one transposition)
 */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  let before = new Int32Array(m + 1); // row i - 2
  let previous = new Int32Array(m + 1); // row i - 1
  let row = new Int32Array(m + 1); // row i
  for (let j = 0; j <= m; j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    row[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, (before[j - 2] as number) + 1);
      row[j] = v;
    }
    [before, previous, row] = [previous, row, before];
  }
  return previous[m] as number;
}

/**
 * Whether two single-word surnames are spellings of the same name: equal after folding variant
 * romanisations, or (both at least 5 letters, same first letter) within edit distance 1, or 2 from 8 letters.
 * 'Belyakov' ~ 'Belyakvo' ~ 'Belyako' ~ 'Беляков'; 'Ivanov' !~ 'Isakov'.
 */
export function similarSurname(a: string, b: string): boolean {
  const ka = spellingKey(a);
  const kb = spellingKey(b);
  if (ka === '' || kb === '') return false;
  if (ka === kb) return true;
  const shorter = Math.min(ka.length, kb.length);
  if (shorter < 5 || ka[0] !== kb[0]) return false;
  const allowed = shorter >= 8 ? 2 : 1;
  return editDistance(ka, kb) <= allowed;
}

/**
 * Normalised spelling of one Latin name word: all-capital words of two or more letters become capitalised
 * ('MIKOYAN' -> 'Mikoyan', "O'BRIEN" -> "O'Brien"), initials keep their dots, other words are kept.
 */
export function normaliseWord(word: string): string {
  let v = normalisedWords.get(word);
  if (v === undefined) {
    // Why a cache: the people stage normalises every capitalised word of a record several times over.
    if (normalisedWords.size >= 50_000) normalisedWords.clear();
    v = normaliseWordUncached(word);
    normalisedWords.set(word, v);
  }
  return v;
}

const normalisedWords = new Map<string, string>();
// Module-level patterns: tsx compiles a \p{...} literal to `new RegExp(...)` wherever it stands, so one inside a
// function would be rebuilt on every call.
const INITIALS = /^(?:\p{Lu}\.)+$/u;
const NOT_LETTER = /[^\p{L}]/gu;
const WORD_START = /(^|[\s'’\-])(\p{Ll})/gu;

function normaliseWordUncached(word: string): string {
  if (INITIALS.test(word)) return word;
  const letters = word.replace(NOT_LETTER, '');
  if (letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) {
    return word.toLowerCase().replace(WORD_START, (_m, p: string, c: string) => p + c.toUpperCase());
  }
  return word;
}

/** True when a word is an initial or a run of initials: 'A.', 'A.I.', 'N.S.'. */
export function isInitials(word: string): boolean {
  return INITIALS.test(word);
}
