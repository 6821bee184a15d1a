/**
 * Dates: every written form of a date in a record, normalised to ISO 8601 with its XSD datatype, and the role the
 * date plays (the record's own date, the scan header, the meeting time, a received / printed stamp, ...), decided by
 * where it stands. Month names, meridiem words and role cues live in data/lexicon/months.json.
 *
 * Also home of the small helpers the "things" extractors share (lexicon loading, where an offset stands in the
 * record), because this module depends on none of the others.
 */
import { readLexicon } from './names.js';
import { span } from './reader/text.js';
import type { DateMention, DateRole, LangTag, MentionContext, RecordDoc, Span, TextPart } from './types.js';

// Module-level patterns: tsx compiles a \p{...} literal to `new RegExp(...)` wherever it stands, so one inside a
// function would be rebuilt on every call.
const LETTER_RE = /\p{L}/u;

// ---------------------------------------------------------------------------------------------------------
// Shared helpers for the "things" extractors

const lexiconCache = new Map<string, unknown>();

/**
 * data/lexicon/<name>, read once (names.ts's readLexicon says which file failed and what to do).
 * @example loadLexicon<MonthsLexicon>('months.json')
 */
export function loadLexicon<T>(name: string): T {
  let v = lexiconCache.get(name);
  if (v === undefined) {
    v = readLexicon(name);
    lexiconCache.set(name, v);
  }
  return v as T;
}

/**
 * Wraps a per-record extractor so that the stages calling it for the same document (admin, record, places…) share
 * one result; every caller gets its own array.
 */
export function oncePerDoc<T>(fn: (doc: RecordDoc) => T[]): (doc: RecordDoc) => T[] {
  const cache = new WeakMap<RecordDoc, T[]>();
  return (doc) => {
    let v = cache.get(doc);
    if (!v) {
      v = fn(doc);
      cache.set(doc, v);
    }
    return [...v];
  };
}

/** A span of doc.text from start to end (the invariant doc.text.slice(start, end) === text holds by construction). */
export function spanOf(doc: RecordDoc, start: number, end: number): Span {
  return span(doc.text, start, end);
}

/** True when offset lies inside span (half-open). */
export function within(span: Span | undefined, start: number, end = start): boolean {
  return span !== undefined && start >= span.start && end <= span.end;
}

/** Which part (original / translation) an offset lies in, if the reader found the parts. */
export function partAt(doc: RecordDoc, offset: number): TextPart | undefined {
  if (within(doc.original, offset)) return 'original';
  if (within(doc.translation, offset)) return 'translation';
  return undefined;
}

/** The context (title, citation, header, body, ...) of a range of the record, for Mention.context. */
export function contextAt(doc: RecordDoc, start: number, end: number): MentionContext {
  if (distributionBlocks(doc).some((b) => within(b.block, start, end))) return 'distribution';
  if (within(doc.title, start, end)) return 'title';
  if (within(doc.citation, start, end)) return 'citation';
  if (within(doc.summary, start, end)) return 'summary';
  if (doc.header.some((h) => within(h.value, start, end) || within(h.label, start, end))) return 'header';
  if (doc.turns.some((t) => within(t.speaker, start, end))) return 'speakerTag';
  if (doc.headings.some((h) => within(h.span, start, end))) return 'heading';
  if (doc.documentInformation.some((f) => within(f.value, start, end))) return 'documentInformation';
  if (doc.turns.some((t) => within(t.body, start, end))) return 'body';
  if (doc.paragraphs.some((p) => within(p.span, start, end))) return 'body';
  return 'other'; // credits, furniture, administrative lines
}

interface DistributionCues {
  cues: string[];
}

const blockCache = new WeakMap<RecordDoc, Array<{ block: Span; cue: Span; content: Span }>>();

/**
 * Distribution-list blocks: a line opening with a cue of data/lexicon/distribution.json and a colon
 * ("抄送：", "Distribution:"), running to the next blank line. `content` is the list after the colon.
 */
export function distributionBlocks(doc: RecordDoc): Array<{ block: Span; cue: Span; content: Span }> {
  const cached = blockCache.get(doc);
  if (cached) return cached;
  const cues = loadLexicon<DistributionCues>('distribution.json').cues.sort((a, b) => b.length - a.length).map(escapeRegExp);
  const re = rx(`^[ \\t]*(${cues.join('|')})[ \\t]*[:：]`, 'gmu');
  const out: Array<{ block: Span; cue: Span; content: Span }> = [];
  const text = doc.text;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const cueStart = m.index + m[0].indexOf(m[1]!);
    const contentStart = m.index + m[0].length;
    const blank = /\n[ \t]*(?:\n|$)/u.exec(text.slice(contentStart));
    let end = blank ? contentStart + blank.index : text.length;
    while (end > contentStart && /\s/u.test(text[end - 1]!)) end--;
    let cs = contentStart;
    while (cs < end && /[ \t]/u.test(text[cs]!)) cs++;
    out.push({ block: spanOf(doc, cueStart, end), cue: spanOf(doc, cueStart, cueStart + m[1]!.length), content: spanOf(doc, cs, end) });
    re.lastIndex = end;
  }
  // the reader may have read a list as a labelled header field ("抄送：" -> key 'copy')
  for (const h of doc.header) {
    if (h.key !== 'copy' || out.some((b) => h.value.start < b.block.end && b.block.start < h.value.end)) continue;
    if (/^(?:No\.?|Nr\.?|№|#)?\s*\d+\.?$/u.test(h.value.text.trim())) continue; // "Copy: 2" is a copy number, not a list
    out.push({ block: spanOf(doc, h.label.start, h.value.end), cue: h.label, content: h.value });
  }
  out.sort((a, b) => a.block.start - b.block.start);
  blockCache.set(doc, out);
  return out;
}

/** Start and end offsets of the line holding offset (end excludes the newline). */
export function lineAround(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  return { start, end: nl < 0 ? text.length : nl };
}

const regexCache = new Map<string, RegExp>();

/**
 * A compiled RegExp from a cache (lexicon-built patterns are large and the same for every record), with
 * lastIndex reset. Do not hold it across another rx() call with the same source and flags.
 */
export function rx(source: string, flags: string): RegExp {
  const k = `${flags}/${source}`;
  let re = regexCache.get(k);
  if (!re) {
    if (regexCache.size >= 5000) regexCache.clear(); // a bound, should a caller ever build patterns from record text
    re = new RegExp(source, flags);
    regexCache.set(k, re);
  }
  re.lastIndex = 0;
  return re;
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------
// Lexicon

interface MonthsLexicon {
  months: Record<string, string[][]>;
  meridiem: { am: string[]; pm: string[]; noon: string[] };
  cues: Partial<Record<DateRole, string[]>>;
  chineseDigits: Record<string, number>;
  mentionedYearCues: string[];
  pageDateLabels: string[];
}

interface Compiled {
  /** lower-cased month form -> month number and the languages using that form. */
  monthOf: Map<string, { month: number; langs: string[] }>;
  monthAlt: string;
  am: Set<string>;
  pm: Set<string>;
  noon: Set<string>;
  meridiemAlt: string;
  cjkMeridiemAlt: string;
  cjkMeridiemWords: Set<string>;
  digits: Record<string, number>;
  cues: Array<{ role: DateRole; word: string }>;
  yearCueAlt: string;
}

let compiled: Compiled | undefined;

function lex(): Compiled {
  if (compiled) return compiled;
  const l = loadLexicon<MonthsLexicon>('months.json');
  const monthOf = new Map<string, { month: number; langs: string[] }>();
  for (const [lang, months] of Object.entries(l.months)) {
    months.forEach((forms, i) => {
      for (const f of forms) {
        const k = f.toLowerCase();
        const e = monthOf.get(k) ?? { month: i + 1, langs: [] };
        if (e.month !== i + 1) {
          throw new Error(`data/lexicon/months.json: "${f}" (${lang}) is month ${i + 1} but also month ${e.month}. Remove the ambiguous form.`);
        }
        e.langs.push(lang);
        monthOf.set(k, e);
      }
    });
  }
  const byLen = (a: string, b: string) => b.length - a.length;
  const monthAlt = [...monthOf.keys()].sort(byLen).map(escapeRegExp).join('|');
  const isCjk = (s: string) => /[\u3000-\u9fff\uac00-\ud7af]/u.test(s);
  const all = [...l.meridiem.am, ...l.meridiem.pm, ...l.meridiem.noon];
  const cues: Array<{ role: DateRole; word: string }> = [];
  for (const [role, words] of Object.entries(l.cues)) for (const w of words ?? []) cues.push({ role: role as DateRole, word: w });
  compiled = {
    monthOf,
    monthAlt,
    am: new Set(l.meridiem.am.map((s) => s.toLowerCase())),
    pm: new Set(l.meridiem.pm.map((s) => s.toLowerCase())),
    noon: new Set(l.meridiem.noon),
    meridiemAlt: all.filter((s) => !isCjk(s)).sort(byLen).map(escapeRegExp).join('|'),
    cjkMeridiemAlt: all.filter(isCjk).sort(byLen).map(escapeRegExp).join('|'),
    cjkMeridiemWords: new Set(all.filter(isCjk)),
    digits: l.chineseDigits,
    cues,
    yearCueAlt: l.mentionedYearCues.sort(byLen).map(escapeRegExp).join('|'),
  };
  return compiled;
}

// ---------------------------------------------------------------------------------------------------------
// Matchers

type Datatype = DateMention['datatype'];

interface Found {
  start: number;
  end: number;
  value: string;
  datatype: Datatype;
  lang: LangTag;
  /** A role the form itself implies (scan header, stamp). */
  role?: DateRole;
  /** The form lacks a year; the year is to be taken from the record's date. */
  needsYear?: { month: number; day: number };
}

const pad = (n: number) => String(n).padStart(2, '0');

function validDate(y: number, m: number, d: number): boolean {
  if (!(y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1)) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function isoDate(y: number, m: number, d?: number): { value: string; datatype: Datatype } | undefined {
  if (d === undefined) return m >= 1 && m <= 12 ? { value: `${y}-${pad(m)}`, datatype: 'gYearMonth' } : undefined;
  return validDate(y, m, d) ? { value: `${y}-${pad(m)}-${pad(d)}`, datatype: 'date' } : undefined;
}

/** Reads a number written in ASCII digits or Chinese numerals (一九六二, 十二, 二十六). */
function cjkNumber(s: string, asDigits: boolean): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  const d = lex().digits;
  if (asDigits) {
    // year: digit by digit (一九六二)
    let out = '';
    for (const ch of s) {
      const v = d[ch];
      if (v === undefined || v > 9) return undefined;
      out += String(v);
    }
    return out ? Number(out) : undefined;
  }
  // day/month/hour: 十, 十二, 二十, 二十六
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    const v = d[ch];
    if (v === undefined) return undefined;
    if (v === 10) {
      total += (cur || 1) * 10;
      cur = 0;
    } else cur = v;
  }
  return total + cur;
}

const L = '(?<![\\p{L}\\p{N}])'; // start boundary that works for Cyrillic too
const R = '(?![\\p{L}\\p{N}])';
const CJK_NUM = '[0-9〇○零一二三四五六七八九十]';

interface Matcher {
  re: RegExp;
  build(m: RegExpExecArray): Omit<Found, 'start' | 'end'> | undefined;
  time?: 'latin' | 'cjk' | 'ko';
  /**
   * Where every match starts: a month form, or a month form or a digit, after the `L` boundary. findAll then
   * tries the pattern (sticky) only there instead of scanning the text with it: the month alternation is long and
   * case-insensitive, and one scan for its starts serves all these matchers.
   */
  starts?: 'month' | 'monthOrDigit';
  /** `re` made sticky, for `starts`. */
  sticky?: RegExp;
}

function monthLang(form: string, shape: 'en' | 'de' | 'ru' | 'hu' | 'any'): { month: number; lang: LangTag } | undefined {
  const e = lex().monthOf.get(form.toLowerCase().replace(/\.$/, ''));
  if (!e) return undefined;
  const prefer = shape === 'any' ? 'en' : shape;
  const lang = e.langs.includes(prefer) ? prefer : e.langs.includes('en') ? 'en' : (e.langs[0] ?? 'und');
  return { month: e.month, lang };
}

let matchers: Matcher[] | undefined;

function getMatchers(): Matcher[] {
  if (matchers) return matchers;
  const M = `(${lex().monthAlt})\\.?`;
  const latinCap = (s: string) => s[0] !== undefined && s[0] === s[0].toUpperCase();
  matchers = [
    // August 9, 1962 / Aug. 9th 1962
    {
      re: new RegExp(`${L}${M}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${R}`, 'giu'),
      starts: 'month',
      build: (m) => {
        const ml = monthLang(m[1]!, 'en');
        const d = ml && isoDate(Number(m[3]), ml.month, Number(m[2]));
        return d && { ...d, lang: ml.lang };
      },
      time: 'latin',
    },
    // August 9-10, 1962 (a range: its first day)
    {
      re: new RegExp(`${L}${M}\\s+(\\d{1,2})\\s*[-–]\\s*(\\d{1,2}),?\\s+(\\d{4})${R}`, 'giu'),
      starts: 'month',
      build: (m) => {
        const ml = monthLang(m[1]!, 'en');
        if (!ml || Number(m[3]) <= Number(m[2])) return undefined;
        const d = isoDate(Number(m[4]), ml.month, Number(m[2]));
        return d && { ...d, lang: ml.lang };
      },
    },
    // 9-10 August 1962 / 9.-10. August 1962 (a range: its first day)
    {
      re: new RegExp(`${L}(\\d{1,2})\\.?\\s*[-–]\\s*(\\d{1,2})(\\.)?\\s*${M}\\s*,?\\s*(\\d{4})${R}(\\s*(?:года|гг?\\.|г${R}))?`, 'giu'),
      build: (m) => {
        const form = m[4]!;
        const ml = monthLang(form, m[6] || /[\u0400-\u04ff]/u.test(form) ? 'ru' : m[3] ? 'de' : 'any');
        if (!ml || Number(m[2]) <= Number(m[1])) return undefined;
        const d = isoDate(Number(m[5]), ml.month, Number(m[1]));
        return d && { ...d, lang: ml.lang };
      },
    },
    // 9 August 1962 / 9. August 1962 / 9 августа 1962 г. / 9 de agosto de 1962
    {
      re: new RegExp(`${L}(\\d{1,2})(?:st|nd|rd|th)?(\\.)?\\s*(?:of\\s+|de\\s+)?${M}\\s*,?\\s*(?:de\\s+)?(\\d{4})${R}(\\s*(?:года|г\\.|г${R}|r\\.))?`, 'giu'),
      build: (m) => {
        const form = m[3]!;
        const shape = m[5] || /[\u0400-\u04ff]/u.test(form) ? 'ru' : m[2] ? 'de' : 'any';
        const ml = monthLang(form, shape);
        const d = ml && isoDate(Number(m[4]), ml.month, Number(m[1]));
        return d && { ...d, lang: ml.lang };
      },
      time: 'latin',
    },
    // 1962. augusztus 9.
    {
      re: new RegExp(`${L}(\\d{4})\\.\\s*${M}\\s*(\\d{1,2})\\.?${R}`, 'giu'),
      build: (m) => {
        const ml = monthLang(m[2]!, 'hu');
        const d = ml && isoDate(Number(m[1]), ml.month, Number(m[3]));
        return d && { ...d, lang: ml.lang };
      },
      time: 'latin',
    },
    // August 1962 / августа 1962 г.
    {
      re: new RegExp(`${L}${M}\\s*,?\\s+(\\d{4})${R}(\\s*(?:года|г\\.|г${R}))?`, 'giu'),
      starts: 'month',
      build: (m) => {
        const ml = monthLang(m[1]!, m[3] ? 'ru' : 'any');
        const d = ml && isoDate(Number(m[2]), ml.month);
        return d && { ...d, lang: ml.lang };
      },
    },
    // 26 June / June 26 (no year: the record's year is used)
    {
      re: new RegExp(`${L}(?:(\\d{1,2})(\\.)?\\s+${M}|${M}\\s+(\\d{1,2})(?:st|nd|rd|th)?)${R}`, 'giu'),
      starts: 'monthOrDigit',
      build: (m) => {
        const form = (m[3] ?? m[4])!;
        if (!latinCap(form) && !/[\u0400-\u04ff]/u.test(form)) return undefined; // "may 5" is rarely a date
        const ml = monthLang(form, m[2] ? 'de' : 'any');
        const day = Number(m[1] ?? m[5]);
        if (!ml || !validDate(2000, ml.month, day)) return undefined;
        return { value: '', datatype: 'date', lang: ml.lang, needsYear: { month: ml.month, day } };
      },
    },
    // 1962年8月9日 / 一九六二年八月九日 / 1962年8月
    {
      re: new RegExp(`(${CJK_NUM}{4})\\s*年\\s*(${CJK_NUM}{1,3})\\s*月(?:\\s*(${CJK_NUM}{1,3})\\s*[日号號])?`, 'gu'),
      build: (m) => {
        const y = cjkNumber(m[1]!, true);
        const mo = cjkNumber(m[2]!, false);
        const d = m[3] !== undefined ? cjkNumber(m[3], false) : undefined;
        if (y === undefined || mo === undefined || (m[3] !== undefined && d === undefined)) return undefined;
        const r = isoDate(y, mo, d);
        return r && { ...r, lang: 'zh' };
      },
      time: 'cjk',
    },
    // 6月26日 (no year)
    {
      re: new RegExp(`(?<![0-9〇○零一二三四五六七八九十年])(${CJK_NUM}{1,3})\\s*月\\s*(${CJK_NUM}{1,3})\\s*[日号號]`, 'gu'),
      build: (m) => {
        const mo = cjkNumber(m[1]!, false);
        const d = cjkNumber(m[2]!, false);
        if (mo === undefined || d === undefined || !validDate(2000, mo, d)) return undefined;
        return { value: '', datatype: 'date', lang: 'zh', needsYear: { month: mo, day: d } };
      },
      time: 'cjk',
    },
    // 1962년 8월 9일
    {
      re: /(\d{4})\s*년\s*(\d{1,2})\s*월(?:\s*(\d{1,2})\s*일)?/gu,
      build: (m) => {
        const r = isoDate(Number(m[1]), Number(m[2]), m[3] !== undefined ? Number(m[3]) : undefined);
        return r && { ...r, lang: 'ko' };
      },
      time: 'ko',
    },
    // ngày 9 tháng 8 năm 1962 / tháng 8 năm 1962
    {
      re: new RegExp(`${L}(?:(?:ngày\\s+)?(\\d{1,2})\\s+)?tháng\\s+(\\d{1,2})\\s*(?:,\\s*)?năm\\s+(\\d{4})${R}`, 'giu'),
      build: (m) => {
        const r = isoDate(Number(m[3]), Number(m[2]), m[1] !== undefined ? Number(m[1]) : undefined);
        return r && { ...r, lang: 'vi' };
      },
    },
    // 9.VIII.1962 / 9.VIII.62 (Roman month, usual in Soviet and East European papers)
    {
      re: /(?<![\d.\p{L}])(\d{1,2})\.\s?(I{1,3}|IV|VI{0,3}|IX|XI{0,2}|X)\.\s?(\d{4}|\d{2})(?![\d\p{L}])(\s*(?:г\.|года|r\.))?/gu,
      build: (m) => {
        const roman: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4, V: 5, VI: 6, VII: 7, VIII: 8, IX: 9, X: 10, XI: 11, XII: 12 };
        const y = m[3]!.length === 2 ? 1900 + Number(m[3]) : Number(m[3]);
        const r = isoDate(y, roman[m[2]!] ?? 0, Number(m[1]));
        return r && { ...r, lang: 'zxx' };
      },
    },
    // 1962.8.9 / 1962. 8. 9. (year first with dots, as in Korean papers)
    {
      re: /(?<![\d.])(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\.?(?![\d])/gu,
      build: (m) => {
        const r = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
        return r && { ...r, lang: 'zxx' };
      },
    },
    // 1962-08-09
    {
      re: /(?<![\d\-/.])(\d{4})-(\d{2})-(\d{2})(?![\d\-/])/gu,
      build: (m) => {
        const r = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
        return r && { ...r, lang: 'zxx' };
      },
      time: 'latin',
    },
    // 09.08.1962 / 9.8.1962
    {
      re: /(?<![\d.\-/])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d\-/])(?!\.\d)(\s*(?:г\.|года|r\.))?/gu,
      build: (m) => {
        const r = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
        return r && { ...r, lang: 'zxx' };
      },
      time: 'latin',
    },
    // 19 62.8.13. (stamp with the century set apart)
    {
      re: /(?<![\d.\-/])(1[89]|20)\s(\d{2})\.(\d{1,2})\.(\d{1,2})\.?(?![\d\-/])/gu,
      build: (m) => {
        const r = isoDate(Number(m[1]! + m[2]!), Number(m[3]), Number(m[4]));
        return r && { ...r, lang: 'zxx', role: 'stamp' };
      },
    },
    // 62.08.09 alone on its line (scan header, two-digit year)
    {
      re: /^[ \t]*(\d{2})\.(\d{2})\.(\d{2})\.?[ \t]*$/gmu,
      build: (m) => {
        const r = isoDate(1900 + Number(m[1]), Number(m[2]), Number(m[3]));
        return r && { ...r, lang: 'zxx', role: 'scanHeader' };
      },
    },
    // 1962年 (year alone)
    {
      re: new RegExp(`(?<![0-9〇○零一二三四五六七八九十])([12][0-9]{3}|[一][九八][〇○零一二三四五六七八九]{2})\\s*年(?!\\s*${CJK_NUM}{1,3}\\s*月)(?!代)`, 'gu'),
      build: (m) => {
        const y = cjkNumber(m[1]!, true);
        return y !== undefined && y >= 1800 && y <= 2100 ? { value: String(y), datatype: 'gYear', lang: 'zh' } : undefined;
      },
    },
    // in 1962 / since 1958 (year alone after a cue word)
    {
      re: new RegExp(`${L}(?:${lex().yearCueAlt})\\s+(?:the\\s+year\\s+)?((?:1[89]|20)\\d{2})${R}(?![-–/.]\\d)`, 'giu'),
      build: (m) => ({ value: m[1]!, datatype: 'gYear', lang: 'zxx' }),
    },
  ];
  for (const mt of matchers) if (mt.starts) mt.sticky = new RegExp(mt.re.source, mt.re.flags.replace('g', '') + 'y');
  return matchers;
}

/** Reads a time of day written right after a date; returns its length and "HH:MM:SS". */
function timeAfter(text: string, at: number, kind: 'latin' | 'cjk' | 'ko'): { length: number; time: string } | undefined {
  const l = lex();
  let re: RegExp;
  if (kind === 'latin') {
    re = rx(`,?\\s*(?:at\\s+|um\\s+|в\\s+|à\\s+|la\\s+|ora\\s+|om\\s+)?(\\d{1,2})(?:[:.](\\d{2}))?\\s*(${l.meridiemAlt}|Uhr|hours|hrs|ч\\.|h${R})?`, 'iuy');
  } else if (kind === 'cjk') {
    re = rx(`\\s*(${l.cjkMeridiemAlt})?\\s*(${CJK_NUM}{1,3})\\s*[時时点點](?:\\s*(${CJK_NUM}{1,3}|半)\\s*分?)?`, 'uy');
  } else {
    re = rx(`\\s*(${l.cjkMeridiemAlt})?\\s*(\\d{1,2})\\s*시(?:\\s*(\\d{1,2})\\s*분)?`, 'uy');
  }
  re.lastIndex = at;
  const m = re.exec(text);
  if (!m) return undefined;
  let hour: number | undefined;
  let minute = 0;
  let mer: string | undefined;
  if (kind === 'latin') {
    hour = Number(m[1]);
    if (m[2] !== undefined) minute = Number(m[2]);
    mer = m[3];
    if (m[2] === undefined && mer === undefined) return undefined; // a bare number is not a time
    if (m[2] === undefined && mer !== undefined && /^(h|ч\.)$/i.test(mer)) return undefined;
  } else {
    mer = m[1];
    hour = cjkNumber(m[2]!, false);
    if (m[3] === '半') minute = 30;
    else if (m[3] !== undefined) minute = cjkNumber(m[3], false) ?? NaN;
  }
  if (hour === undefined || Number.isNaN(minute)) return undefined;
  const merL = mer?.toLowerCase().replace(/\s+/g, ' ');
  if (merL !== undefined && (l.pm.has(merL) || l.pm.has(merL.replace(/ /g, ''))) && hour < 12) hour += 12;
  else if (merL !== undefined && (l.am.has(merL) || l.am.has(merL.replace(/ /g, ''))) && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return undefined;
  return { length: m[0].length, time: `${pad(hour)}:${pad(minute)}:00` };
}

let startsText: string | undefined;
const startsMemo = new Map<'month' | 'monthOrDigit', number[]>();

/** Offsets where a month form (or also a digit) begins after the `L` boundary, for the text last asked about. */
function startsIn(text: string, kind: 'month' | 'monthOrDigit'): number[] {
  if (text !== startsText) {
    startsText = text;
    startsMemo.clear();
  }
  let out = startsMemo.get(kind);
  if (out) return out;
  const { month, digit } = startPatterns();
  const at = (re: RegExp): number[] => {
    const found: number[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      found.push(m.index);
      re.lastIndex = m.index + 1; // zero-width matches
    }
    return found;
  };
  const months = startsMemo.get('month') ?? at(month);
  startsMemo.set('month', months);
  if (kind === 'monthOrDigit') {
    const both = new Set([...months, ...at(digit)]);
    out = [...both].sort((a, b) => a - b);
    startsMemo.set(kind, out);
  }
  return startsMemo.get(kind)!;
}

let startPatternsCache: { month: RegExp; digit: RegExp } | undefined;

/** Zero-width patterns of the match starts (same flags as the matchers: /i widens the boundary class). */
function startPatterns(): { month: RegExp; digit: RegExp } {
  return (startPatternsCache ??= {
    month: new RegExp(`${L}(?=(?:${lex().monthAlt}))`, 'giu'),
    digit: new RegExp(`${L}(?=\\d)`, 'giu'),
  });
}

/** All date forms found in text, longest first where they overlap. */
function findAll(text: string): Found[] {
  const found: Found[] = [];
  for (const mt of getMatchers()) {
    const starts = mt.starts === undefined ? undefined : startsIn(text, mt.starts);
    let k = 0;
    // The next match from mt.re.lastIndex, as mt.re.exec gives it: with `starts`, the first start at or after
    // lastIndex where the sticky pattern matches.
    const next = (): RegExpExecArray | null => {
      if (starts === undefined || mt.sticky === undefined) return mt.re.exec(text);
      for (; k < starts.length; k++) {
        const at = starts[k]!;
        if (at < mt.re.lastIndex) continue;
        mt.sticky.lastIndex = at;
        const m = mt.sticky.exec(text);
        if (m) {
          mt.re.lastIndex = at + m[0].length;
          k++;
          return m;
        }
      }
      return null;
    };
    mt.re.lastIndex = 0;
    for (let m = next(); m; m = next()) {
      if (m[0].length === 0) {
        mt.re.lastIndex++;
        continue;
      }
      const b = mt.build(m);
      if (!b) continue;
      // trim leading/trailing whitespace the patterns may have taken (line-anchored forms)
      let start = m.index;
      let end = m.index + m[0].length;
      while (start < end && /\s/.test(text[start]!)) start++;
      while (end > start && /\s/.test(text[end - 1]!)) end--;
      // "…of 20 February." : a full month name's following full stop ends the sentence, not an abbreviation
      if (text[end - 1] === '.') {
        const word = /(\p{L}+)\.$/u.exec(text.slice(start, end))?.[1];
        if (word && word.length > 4 && lex().monthOf.has(word.toLowerCase())) end--;
      }
      const f: Found = { start, end, ...b };
      if (mt.time && f.datatype === 'date') {
        const t = timeAfter(text, end, mt.time);
        if (t) {
          f.end = end + t.length;
          f.datatype = 'dateTime';
          f.value = f.needsYear ? `T${t.time}` : `${f.value}T${t.time}`;
        }
      }
      found.push(f);
    }
  }
  // keep the longest of overlapping matches
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: Found[] = [];
  for (const f of found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)) {
    if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Normalises one written date. Returns undefined unless the whole text (trimmed, a final "." allowed) is a date.
 * Dates without a year ("26 June") are not parsed here: they need the record's year.
 * @example parseDate('9 August 1962, 6:00 p.m.') // { value: '1962-08-09T18:00:00', datatype: 'dateTime' }
 * @example parseDate('62.08.09') // { value: '1962-08-09', datatype: 'date' }
 */
export function parseDate(text: string): { value: string; datatype: 'date' | 'dateTime' | 'gYearMonth' | 'gYear' } | undefined {
  const t = text.trim();
  if (/^(1[0-9]|20)\d{2}$/.test(t)) return { value: t, datatype: 'gYear' };
  const all = findAll(t);
  const f = all[0];
  if (all.length !== 1 || !f || f.needsYear || f.start !== 0) return undefined;
  const rest = t.slice(f.end).trim();
  // a part of the day without its hour (1962年8月9日晚) leaves the date as it is
  if (rest !== '' && rest !== '.' && !lex().cjkMeridiemWords.has(rest)) return undefined;
  return { value: f.value, datatype: f.datatype };
}

/**
 * True when a line is a date with at most a role cue word before or after it ("一九五八年十月五日发出",
 * "Sent 5 October 1958", "62.08.09").
 */
export function isDateLine(line: string): boolean {
  const t = line.trim();
  const all = findAll(t);
  if (all.length !== 1) return false;
  const f = all[0]!;
  const rest = (t.slice(0, f.start) + ' ' + t.slice(f.end)).replace(/[\s.,:：，。]/gu, '').toLowerCase();
  return rest === '' || lex().cues.some((c) => c.word.toLowerCase().replace(/\s/gu, '') === rest);
}

/** The role a cue word next to the date gives it (收到 -> received, 付印 -> sentToPrint, ...). */
function cueRole(text: string, start: number, end: number): DateRole | undefined {
  const after = text.slice(end, end + 12);
  const before = text.slice(Math.max(0, start - 14), start);
  for (const { role, word } of lex().cues) {
    const w = word.toLowerCase();
    const a = after.trimStart().toLowerCase();
    if (a.startsWith(w) && (!LETTER_RE.test(a[w.length] ?? '') || /[\u3000-\u9fff]/u.test(w))) return role;
    const b = before.trimEnd().toLowerCase().replace(/[:：,]$/, '').trimEnd();
    if (/^[a-z]/i.test(w) && b.endsWith(w)) return role;
  }
  return undefined;
}

function roleOf(doc: RecordDoc, f: Found): DateRole {
  if (within(doc.date, f.start, f.end)) return 'recordDate';
  if (doc.citation && within(doc.citation, f.start, f.end)) {
    // a date inside the citation's quoted title is a date the title mentions, not the record's
    const q = /^\s*["“][^"”]+["”]/u.exec(doc.citation.text);
    return q && f.end <= doc.citation.start + q[0].length ? 'mentioned' : 'recordDate';
  }
  if (f.role) return f.role;
  const cue = cueRole(doc.text, f.start, f.end);
  if (cue) return cue;
  const header = doc.header.find((h) => within(h.value, f.start, f.end));
  if (header?.key === 'time') return 'meetingTime';
  const line = lineAround(doc.text, f.start);
  const alone = doc.text.slice(line.start, line.end).trim() === doc.text.slice(f.start, f.end).trim();
  if (alone) {
    // a date alone on the line after a registration number ("…第314號") is that stamp's date
    const prev = lineAround(doc.text, Math.max(0, line.start - 1));
    const prevText = doc.text.slice(prev.start, prev.end).trim();
    if (line.start > 0 && /(?:[號号]|No\.?\s*\d+|№\s*\d+)$/u.test(prevText)) return 'stamp';
  }
  // a dateline ("Beijing, November 30, 1957" / "Peking, 1957. november 30.") at the head or foot of a part
  // dates the record itself
  const before = doc.text.slice(line.start, f.start);
  const after = doc.text.slice(f.end, line.end).trim();
  if (/^\s*\p{Lu}[\p{L}.' -]{1,30}[,，]\s*$/u.test(before) && /^[.。]?$/u.test(after)) {
    const part = doc.original && within(doc.original, f.start) ? doc.original : doc.translation && within(doc.translation, f.start) ? doc.translation : undefined;
    if (part) {
      const linesBefore = doc.text.slice(part.start, line.start).split('\n').filter((l) => l.trim() !== '').length;
      const linesAfter = doc.text.slice(line.end, part.end).split('\n').filter((l) => l.trim() !== '').length;
      if (linesBefore < 8 || linesAfter < 8) return 'recordDate';
    }
  }
  return 'mentioned';
}

/**
 * Every date in the record, normalised, with its role. A date written twice (date line and scan header, Chinese
 * header and English header) gives one DateMention per writing. Dates without a year take the year of the record's
 * own date (or the year before when that would put them after the record date).
 */
export const extractDates: (doc: RecordDoc) => DateMention[] = oncePerDoc(findDates);

function findDates(doc: RecordDoc): DateMention[] {
  const pageLabels = loadLexicon<MonthsLexicon>('months.json').pageDateLabels.map((l) => l.toLowerCase());
  const pageFields = doc.documentInformation.filter((f) => f.value && pageLabels.some((l) => f.label.toLowerCase().includes(l)));
  const found = findAll(doc.text).filter((f) => !pageFields.some((p) => within(p.value, f.start, f.end)));
  // a date line the forms above do not read: a bare year ("1962"), "ca. 1962", a span of years ("1962-1963")
  const dl = doc.date;
  if (dl && !found.some((f) => within(dl, f.start, f.end))) {
    const m = /^(\s*(?:ca\.|c\.|circa|approx\.|about)?\s*)((?:1[6-9]|20)\d{2})(?:\s*[-–\/]\s*(?:1[6-9]|20)?\d{2})?\s*$/iu.exec(dl.text);
    if (m) {
      const start = dl.start + m[1]!.length;
      found.push({ start, end: start + m[2]!.length, value: m[2]!, datatype: 'gYear', lang: 'zxx' });
      found.sort((a, b) => a.start - b.start);
    }
  }
  // the citation's date element ("Title", 1970, Wilson Center…): a bare year there is the record's date
  const c = doc.citation;
  const cm = c ? /^\s*["“][^"”]+["”]\s*,?\s*((?:1[6-9]|20)\d{2})\s*,/u.exec(c.text) : null;
  if (c && cm) {
    const start = c.start + cm.index + cm[0].lastIndexOf(cm[1]!);
    const end = start + cm[1]!.length;
    if (doc.text.slice(start, end) === cm[1] && !found.some((f) => f.start < end && start < f.end)) {
      found.push({ start, end, value: cm[1]!, datatype: 'gYear', lang: 'zxx' });
      found.sort((a, b) => a.start - b.start);
    }
  }
  const out: Array<DateMention & { needsYear?: Found['needsYear'] }> = [];
  for (const f of found) {
    const m: DateMention & { needsYear?: Found['needsYear'] } = {
      span: spanOf(doc, f.start, f.end),
      value: f.value,
      datatype: f.datatype,
      role: roleOf(doc, f),
      lang: f.lang,
    };
    if (f.needsYear) m.needsYear = f.needsYear;
    out.push(m);
  }
  const anchor = out.find((d) => d.role === 'recordDate' && !d.needsYear) ?? out.find((d) => !d.needsYear && /^\d{4}-\d{2}-\d{2}/.test(d.value));
  const result: DateMention[] = [];
  for (const d of out) {
    const { needsYear, ...mention } = d;
    if (needsYear) {
      if (!anchor) continue; // no year anywhere: cannot normalise
      let year = Number(anchor.value.slice(0, 4));
      const iso = `${year}-${pad(needsYear.month)}-${pad(needsYear.day)}`;
      if (iso > anchor.value.slice(0, 10) && anchor.role === 'recordDate') year -= 1;
      if (!validDate(year, needsYear.month, needsYear.day)) continue;
      mention.value = `${year}-${pad(needsYear.month)}-${pad(needsYear.day)}${mention.value.startsWith('T') ? mention.value : ''}`;
    }
    result.push(mention);
  }
  return result;
}
