/**
 * Differences between the original-language text and the English translation, found by general rules:
 *   - number:   per aligned sentence pair, exact numbers present on one side only;
 *   - polarity: per aligned sentence pair, negation markers in odd/even count on either side, or total negation
 *               ("completely not", 完全不) rendered as partial negation ("not completely") or the reverse;
 *   - pages:    the page range on the scan ("P.1-11") against the page range in the citation ("1-6");
 * Name differences are the people extractor's (PeopleResult.discrepancies). Plus hand-made entries from data/annotations/<recordId>.json (differences of meaning no rule finds).
 */
import { existsSync, readFileSync } from 'node:fs';
import { rootPath } from '../../paths.js';
import type { Discrepancy, RecordExtraction, Span } from '../types.js';
import { coverSpan } from './align.js';
import { claimLexicon, type ClaimLexicon } from './lexicon.js';
import { chineseNumbers, englishNumbers } from './quantities.js';
import { cachedRegExp, escapeRe, perLexicon } from './regex.js';
import { buildUnits, type Unit } from './units.js';


/** Count negation markers in an English sentence (lexicalised phrases removed first). */
export function englishNegations(s: string, lex: ClaimLexicon): number {
  let t = ` ${s.toLowerCase().replace(/[’]/g, "'")} `;
  // every pattern needs its word literally: a substring test first, the (cached) pattern only then
  const { lexicalized, words } = negationPatterns(lex);
  for (const { word, re } of lexicalized) if (t.includes(word)) t = t.replace(re, ' ');
  let n = 0;
  for (const { word, re } of words) {
    if (!t.includes(word)) continue;
    n += (t.match(re) ?? []).length;
  }
  return n;
}

/** The English negation patterns of a lexicon, compiled once (global: used with replace and match only). */
const negationPatterns = perLexicon((lex: ClaimLexicon) => ({
  lexicalized: lex.negation.enLexicalized.map((word) => ({ word, re: new RegExp(`\\b${escapeRe(word)}\\b`, 'g') })),
  words: [...lex.negation.en, ...lex.negation.enNegativeWords].map((word) => ({
    word,
    re: word.startsWith("n'") ? new RegExp(`${escapeRe(word)}\\b`, 'g') : new RegExp(`(?<![\\p{L}'])${escapeRe(word)}(?![\\p{L}])`, 'gu'),
  })),
}));

/** Count negation markers in a Chinese sentence (lexicalised compounds such as 不幸, 非法 removed first). */
export function chineseNegations(s: string, lex: ClaimLexicon): number {
  let t = s;
  for (const r of lex.negation.zhLexicalizedPatterns) t = t.replace(r, '　');
  for (const l of zhLexicalizedLongestFirst(lex)) t = t.split(l).join('　');
  // 没有 / 沒有 is one negation, not two markers.
  t = t.replace(/[没沒]有/g, '没');
  let n = 0;
  for (const ch of t) if (lex.negation.zh.includes(ch)) n++;
  return n;
}

const zhLexicalizedLongestFirst = perLexicon((lex: ClaimLexicon) => [...lex.negation.zhLexicalized].sort((a, b) => b.length - a.length));

/** 'total' when a totalizer governs the negation ("completely not"), 'partial' when negation governs it. */
export function negationScope(s: string, zh: boolean, lex: ClaimLexicon): 'total' | 'partial' | undefined {
  if (zh) {
    for (const tot of lex.negation.zhTotalizers) {
      const i = s.indexOf(tot);
      if (i < 0) continue;
      const after = s.slice(i + tot.length, i + tot.length + 2);
      if (lex.negation.zh.some((n) => after.startsWith(n))) return 'total';
      const before = s.slice(Math.max(0, i - 2), i);
      if (lex.negation.zh.some((n) => before.includes(n))) return 'partial';
    }
    return undefined;
  }
  const low = s.toLowerCase();
  const neg = /\b(not|never)\b|n't\b/.exec(low);
  for (const tot of lex.negation.enTotalizers) {
    const m = low.includes(tot) ? cachedRegExp(`\\b${escapeRe(tot)}\\b`, '').exec(low) : null;
    if (!m) continue;
    if (neg && neg.index < m.index) {
      // "not ... completely": partial, unless the totalizer strengthens the negation ("not ... at all").
      return tot === 'at all' ? 'total' : 'partial';
    }
    if (neg && neg.index > m.index) return 'total';
  }
  return undefined;
}

/** Exact numbers in a span, leaving out page furniture (page numbers glued to the text). */
function exactNumbers(ext: RecordExtraction, s: Span, zh: boolean, lex: ClaimLexicon): Map<number, number> {
  const out = new Map<number, number>();
  for (const n of zh ? chineseNumbers(s.text, lex) : englishNumbers(s.text, lex)) {
    if (n.approximate) continue;
    const at = s.start + n.start;
    const end = s.start + n.end;
    if (ext.doc.furniture.some((f) => f.span.start <= at && f.span.end >= end)) continue;
    // Numbers of a date are compared as dates (datesIn), not as numbers.
    if (ext.dates.some((d) => d.span.start <= at && d.span.end >= end)) continue;
    out.set(n.min, n.start);
  }
  return out;
}

/** ISO values of the dates the dates stage found inside a span. */
function datesIn(ext: RecordExtraction, s: Span): Map<string, Span> {
  const out = new Map<string, Span>();
  for (const d of ext.dates) if (d.span.start >= s.start && d.span.end <= s.end) out.set(d.value, d.span);
  return out;
}

/** A date present on both sides of an aligned pair with different values. */
function dateDifference(ext: RecordExtraction, zh: Span, en: Span, where: string): Discrepancy | undefined {
  const dz = datesIn(ext, zh);
  const de = datesIn(ext, en);
  if (dz.size === 0 || de.size === 0) return undefined;
  const onlyZh = [...dz.keys()].filter((v) => !de.has(v));
  const onlyEn = [...de.keys()].filter((v) => !dz.has(v));
  if (onlyZh.length === 0 || onlyEn.length === 0) return undefined;
  return {
    kind: 'number',
    original: dz.get(onlyZh[0]!)!,
    translation: de.get(onlyEn[0]!)!,
    note: `Dates differ${where}: ${onlyZh.join(', ')} in the original, ${onlyEn.join(', ')} in the translation.`,
  };
}

/** Header fields present in both parts (Time, Venue, ...), aligned by key: their dates and numbers must agree. */
function headerDiscrepancies(ext: RecordExtraction, lex: ClaimLexicon): Discrepancy[] {
  const out: Discrepancy[] = [];
  const keys = new Set(ext.doc.header.map((h) => h.key));
  for (const key of keys) {
    if (key === 'other' || key === 'copy') continue;
    const o = ext.doc.header.find((h) => h.key === key && h.part === 'original');
    const t = ext.doc.header.find((h) => h.key === key && h.part === 'translation');
    if (!o || !t) continue;
    const d = dateDifference(ext, o.value, t.value, ` in the "${t.label.text.replace(/:$/, '')}" field`);
    if (d) out.push(d);
    const xz = exactNumbers(ext, o.value, true, lex);
    const xe = exactNumbers(ext, t.value, false, lex);
    const onlyZh = [...xz.keys()].filter((v) => !xe.has(v));
    const onlyEn = [...xe.keys()].filter((v) => !xz.has(v));
    if (onlyZh.length > 0 && onlyEn.length > 0) {
      out.push({
        kind: 'number',
        original: o.value,
        translation: t.value,
        note: `Numbers differ in the "${t.label.text.replace(/:$/, '')}" field: ${onlyZh.join(', ')} in the original, ${onlyEn.join(', ')} in the translation.`,
      });
    }
  }
  return out;
}

/** Only originals whose negation markers the lexicon knows are compared for polarity (Chinese). */
function polarityComparable(s: string): boolean {
  return /\p{Script=Han}/u.test(s) && !/[\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(s);
}

function loadAnnotations(recordId: string): Discrepancy[] {
  const path = rootPath('data', 'annotations', `${recordId}.json`);
  if (!existsSync(path)) return [];
  let j: unknown;
  try {
    j = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path} is not valid JSON (${(e as Error).message}). Fix the syntax or remove the file.`);
  }
  const list = (j as { discrepancies?: unknown }).discrepancies;
  if (!Array.isArray(list)) throw new Error(`${path}: expected {"discrepancies": [...]}. Fix the file.`);
  return list as Discrepancy[];
}

/** Resolve a hand-made annotation's spans (given by text) against the record text. */
function anchorAnnotation(text: string, a: Discrepancy & { originalText?: string; translationText?: string }, path: string): Discrepancy | undefined {
  const find = (s: string | undefined, fallback: Span | undefined): Span | undefined => {
    if (fallback && text.slice(fallback.start, fallback.end) === fallback.text) return fallback;
    if (!s) return undefined;
    const i = text.indexOf(s);
    return i < 0 ? undefined : { start: i, end: i + s.length, text: s };
  };
  const o = find(a.originalText, a.original);
  const t = find(a.translationText, a.translation);
  if (!o || !t) {
    throw new Error(`${path}: the annotation "${a.note}" names text not found in the record. Quote the text exactly as written.`);
  }
  const kinds = ['name', 'number', 'polarity', 'pages', 'other'];
  if (!kinds.includes(a.kind)) {
    throw new Error(`${path}: the annotation "${a.note}" has kind "${a.kind}"; use one of ${kinds.join(', ')}.`);
  }
  return { kind: a.kind, original: o, translation: t, note: a.note, source: a.source ?? path };
}

/** Page range on the scan against the page range in the citation string. */
function pageDiscrepancies(ext: RecordExtraction): Discrepancy[] {
  const { doc } = ext;
  const text = doc.text;
  const out: Discrepancy[] = [];
  const region = doc.original ?? { start: 0, end: text.length, text };
  const scan = /(?<![\p{L}\d])P\.?\s*(\d+)\s*[-–]\s*(\d+)(?!\d)/u.exec(region.text);
  const citation = doc.citation;
  if (!scan || !citation) return out;
  // The citation ends with ", <identifier>, <pages>." before an optional "Translated by" sentence.
  const cite = /,\s*(?:pp?\.\s*)?(\d+)\s*[-–]\s*(\d+)\s*\.(?:\s|$)/u.exec(citation.text);
  if (!cite) return out;
  if (scan[1] === cite[1] && scan[2] === cite[2]) return out;
  const so = region.start + (scan.index ?? 0);
  const co = citation.start + (cite.index ?? 0) + cite[0].indexOf(cite[1] ?? '');
  const coEnd = co + `${cite[1]}`.length + cite[0].slice(cite[0].indexOf(cite[1] ?? '') + `${cite[1]}`.length).replace(/\s*\.(\s|$)*$/u, '').length;
  out.push({
    kind: 'pages',
    original: { start: so, end: so + scan[0].length, text: text.slice(so, so + scan[0].length) },
    translation: { start: co, end: coEnd, text: text.slice(co, coEnd) },
    note: `The scan gives pages ${scan[1]}-${scan[2]}; the citation gives ${cite[1]}-${cite[2]}.`,
  });
  return out;
}

/** Every discrepancy the rules find in the record, plus hand-made ones from data/annotations/<recordId>.json. */
export function findDiscrepancies(ext: RecordExtraction, units?: Unit[]): Discrepancy[] {
  const lex = claimLexicon();
  const text = ext.doc.text;
  const out: Discrepancy[] = [];
  for (const u of units ?? buildUnits(ext, lex)) {
    if (!u.original) continue;
    const pairs = u.beads
      .filter((b) => b.en.length > 0 && b.orig.length > 0)
      .map((b) => ({ en: coverSpan(text, u.sentences, b.en), zh: coverSpan(text, u.originalSentences, b.orig) }))
      .filter((p): p is { en: Span; zh: Span } => p.en !== undefined && p.zh !== undefined)
      .map((p) => ({ ...p, ne: englishNegations(p.en.text, lex), nz: chineseNegations(p.zh.text, lex) }));
    // Odd against even negations reverses the meaning; two or more negations dropped or added on one side does too.
    const odd = pairs.map((p) => polarityComparable(p.zh.text) && (p.ne % 2 !== p.nz % 2 || Math.abs(p.ne - p.nz) >= 2));
    pairs.forEach((p, k) => {
      const { en, zh, ne, nz } = p;
      const se = negationScope(en.text, false, lex);
      const sz = negationScope(zh.text, true, lex);
      // Two neighbouring pairs that each look reversed but agree together are a sentence-boundary slip of the
      // alignment, not a reversal.
      const slip = (odd[k - 1] ?? false) || (odd[k + 1] ?? false);
      if (odd[k] && !slip) {
        out.push({
          kind: 'polarity',
          original: zh,
          translation: en,
          note: `Negation differs: ${nz} negation marker(s) in the original, ${ne} in the translation; the translation may reverse the meaning.`,
        });
      } else if (!odd[k] && polarityComparable(zh.text) && se && sz && se !== sz) {
        out.push({
          kind: 'polarity',
          original: zh,
          translation: en,
          note: `Scope of negation differs: ${sz} negation in the original, ${se} negation in the translation.`,
        });
      }
      const xe = exactNumbers(ext, en, false, lex);
      const xz = exactNumbers(ext, zh, true, lex);
      const onlyEn = [...xe.keys()].filter((v) => !xz.has(v) && v !== 1);
      const onlyZh = [...xz.keys()].filter((v) => !xe.has(v) && v !== 1);
      if (onlyEn.length > 0 && onlyZh.length > 0) {
        out.push({
          kind: 'number',
          original: zh,
          translation: en,
          note: `Numbers differ: ${onlyZh.join(', ')} in the original, ${onlyEn.join(', ')} in the translation.`,
        });
      }
      const dd = dateDifference(ext, zh, en, '');
      if (dd) out.push(dd);
    });
  }
  out.push(...headerDiscrepancies(ext, lex), ...pageDiscrepancies(ext));
  const path = rootPath('data', 'annotations', `${ext.recordId}.json`);
  for (const a of loadAnnotations(ext.recordId)) {
    const anchored = anchorAnnotation(text, a, path);
    if (anchored) out.push(anchored);
  }
  // Drop what another stage already recorded for the same spans.
  return out.filter(
    (d) =>
      !ext.discrepancies.some(
        (e) => e.kind === d.kind && e.original.start === d.original.start && e.translation.start === d.translation.start,
      ),
  );
}
