/**
 * Run-time data of the claim extractor: data/lexicon/claims.json (procedural, reporting, relation, negation,
 * number and unit cues) and the SKOS schemes ontology/topics.ttl and ontology/stances.ttl (concepts with ald:cue).
 * Nothing about any particular record lives in code; extend these files instead.
 */
import { readFileSync } from 'node:fs';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { rootPath } from '../../paths.js';
import type { StanceKey } from './types.js';

const ALD = 'http://localhost:3030/ontology#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
export const TOPIC_NS = 'http://localhost:3030/scheme/topic/';
export const STANCE_NS = 'http://localhost:3030/scheme/stance/';

/** A compiled cue: matches a sentence (English cues) or a Chinese sentence (substring cues). */
export interface Cue {
  source: string;
  lang: 'en' | 'zh';
  test(text: string): boolean;
  /** First match, for spans (English only). */
  exec?(text: string): RegExpExecArray | null;
}

export interface Concept {
  key: string;
  labels: { en?: string; zh?: string };
  cues: Cue[];
  priority: number;
}

export interface UnitEntry {
  key: string;
  label: string;
  en: string[];
  zh: string[];
}

export interface ClaimLexicon {
  abbreviations: Set<string>;
  zhTerminators: string;
  enTerminators: string;
  proceduralEn: RegExp[];
  notProceduralEn: RegExp[];
  proceduralZh: string[];
  letterFurnitureEn: RegExp[];
  reportingVerbsEn: string[];
  reportingVerbsZh: string[];
  /** Third-person pronouns that stand for the person last reported ("He added that ..."). */
  reportingPronouns: Set<string>;
  /** Lower-case words allowed inside a name or title phrase ("of", "the", "ad", "interim", "van"). */
  nameParticles: Set<string>;
  /** Stance a reporting verb gives the reported claim ("denied" -> denies). */
  verbStance: Record<string, StanceKey>;
  firstPerson: Set<string>;
  relations: { disputes: Cue[]; supports: Cue[]; repeats: Cue[]; reference: Cue[] };
  negation: {
    en: string[];
    enLexicalized: string[];
    enNegativeWords: string[];
    zh: string[];
    zhLexicalized: string[];
    zhLexicalizedPatterns: RegExp[];
    enTotalizers: string[];
    zhTotalizers: string[];
  };
  numbers: {
    enUnits: Record<string, number>;
    enScales: Record<string, number>;
    enVague: Array<{ pattern: string; min: number; max: number }>;
    enIgnore: Set<string>;
    zhDigits: Record<string, number>;
    zhScales: Record<string, number>;
    zhVague: Record<string, [number, number]>;
    zhIgnoreBefore: string[];
  };
  units: UnitEntry[];
  stopWords: Set<string>;
  discourseEn: string[];
  topics: Concept[];
  stances: Concept[];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compile a cue. Chinese (any Han character): a substring. English containing "\b": a regular expression.
 * Otherwise a phrase on word boundaries where "*" stands for any letters inside a word.
 */
export function compileCue(source: string, where: string): Cue {
  if (/\p{Script=Han}/u.test(source)) {
    return { source, lang: 'zh', test: (t) => t.includes(source) };
  }
  // A phrase cue is escaped and cannot be invalid: its pattern is compiled when a sentence first passes the
  // prefilter below (each costs a fraction of a millisecond to parse and milliseconds to compile under /iu, and most
  // never run in a given process). A written pattern is compiled now, so a bad one fails at load with its place.
  let compiled: RegExp | undefined;
  const phrase = (): RegExp =>
    (compiled ??= new RegExp(`(?<![\\p{L}\\p{N}])${source.split('*').map(escapeRe).join("[\\p{L}'-]*")}(?![\\p{L}\\p{N}])`, 'iu'));
  if (source.includes('\\b')) {
    try {
      compiled = new RegExp(source, 'iu');
    } catch (e) {
      throw new Error(`${where}: cue "${source}" is not a valid pattern (${(e as Error).message}). Fix or remove the cue.`);
    }
  }
  const re = { test: (t: string) => phrase().test(t), exec: (t: string) => phrase().exec(t) };
  // Hundreds of cues are tried on every sentence and few match: a phrase cue whose words are plain ASCII needs
  // each of its literal pieces in the lower-cased text, a substring test far cheaper than the Unicode regex.
  // A pattern cue: one of the literals its matches must contain (requiredAnyOf); a phrase cue: all its pieces.
  const anyOf = source.includes('\\b') ? requiredAnyOf(source) : undefined;
  const pieces = source.includes('\\b') ? (anyOf ?? []) : source.toLowerCase().split('*').filter((p) => p.length > 0);
  if (pieces.length === 0 || pieces.some((p) => !/^[\x20-\x7e]+$/.test(p))) {
    return { source, lang: 'en', test: (t) => re.test(t), exec: (t) => re.exec(t) };
  }
  const mayMatch = anyOf
    ? (t: string): boolean => {
        const low = lowered(t);
        return low === undefined || pieces.some((p) => low.includes(p));
      }
    : (t: string): boolean => {
        const low = lowered(t);
        return low === undefined || pieces.every((p) => low.includes(p));
      };
  return {
    source,
    lang: 'en',
    test: (t) => mayMatch(t) && re.test(t),
    exec: (t) => (mayMatch(t) ? re.exec(t) : null),
  };
}

/**
 * The longest run of plain characters (ASCII letters, digits, space, apostrophe, comma, hyphen) that every match
 * of a pattern cue must contain, lower-cased: read at the top level only (outside groups and classes), without
 * the character a quantifier makes optional, and none when the pattern has a top-level alternative.
 * @example requiredLiteral("\\bI (quite )?appreciate\\b") // ' appreciate' -> 'appreciate' (trimmed)
 */
export function requiredLiteral(source: string): string | undefined {
  let depth = 0;
  let cur = '';
  let best = '';
  const commit = () => {
    const t = cur.trim();
    if (t.length > best.length) best = t;
    cur = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      commit();
      i++;
    } else if (ch === '[') {
      commit();
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (ch === '(' || ch === ')') {
      depth += ch === '(' ? 1 : -1;
      commit();
    } else if (ch === '|') {
      if (depth === 0) return undefined;
      commit();
    } else if (ch === '?' || ch === '*' || ch === '+' || ch === '{') {
      cur = cur.slice(0, -1); // the quantified character may be absent or repeated
      commit();
      if (ch === '{') while (i < source.length && source[i] !== '}') i++;
    } else if (depth === 0 && /^[A-Za-z0-9 ',-]$/.test(ch)) cur += ch;
    else commit();
  }
  commit();
  return best.length >= 3 ? best.toLowerCase() : undefined;
}

/**
 * Plain literals (lower-cased, at least three characters) one of which every match of a pattern contains: the
 * pattern's required literal (requiredLiteral), or the alternatives of a group every match goes through, or of
 * the whole pattern, whichever has the longest shortest member; undefined when there is none.
 * @example requiredAnyOf('\\b(reply|answer) (next|later|soon)\\b') // ['reply', 'answer']
 * @example requiredAnyOf('\\bdeny|denies|denied\\b') // ['deny', 'denies', 'denied']
 */
export function requiredAnyOf(source: string): string[] | undefined {
  const alts = splitTopLevel(source);
  if (alts === undefined) return undefined;
  if (alts.length > 1) {
    const out: string[] = [];
    for (const a of alts) {
      const sub = requiredAnyOf(a);
      if (sub === undefined) return undefined;
      out.push(...sub);
    }
    return [...new Set(out)];
  }
  const lit = requiredLiteral(source);
  let best: string[] | undefined = lit === undefined ? undefined : [lit];
  const score = (xs: string[]) => Math.min(...xs.map((x) => x.length)) - xs.length / 1000;
  // Groups that every match goes through: not a lookaround, no quantifier that allows zero repetitions.
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') i++;
    else if (ch === '[') i = classEnd(source, i);
    else if (ch === '(') {
      const end = groupEnd(source, i);
      if (end < 0) return best;
      const next = source[end + 1];
      const optional = next === '?' || next === '*' || next === '{';
      let body = source.slice(i + 1, end);
      const lookaround = /^\?(?:[=!]|<[=!])/.test(body);
      if (body.startsWith('?:')) body = body.slice(2);
      else if (/^\?<[A-Za-z_$]/.test(body)) body = body.slice(body.indexOf('>') + 1);
      if (!optional && !lookaround) {
        const sub = requiredAnyOf(body);
        if (sub !== undefined && (best === undefined || score(sub) > score(best))) best = sub;
      }
      i = end;
    }
  }
  return best;
}

/** Index of the `]` closing the class opened at `open` (escapes skipped); the pattern's end when unclosed. */
function classEnd(source: string, open: number): number {
  let i = open + 1;
  for (; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
  return i;
}

/** Index of the `)` closing the group opened at `open`, -1 when unbalanced. */
function groupEnd(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') i++;
    else if (ch === '[') i = classEnd(source, i);
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The top-level alternatives of a pattern (outside groups and classes); undefined when its groups are unbalanced. */
function splitTopLevel(source: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') i++;
    else if (ch === '[') i = classEnd(source, i);
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      out.push(source.slice(from, i));
      from = i + 1;
    }
    if (depth < 0) return undefined;
  }
  if (depth !== 0) return undefined;
  out.push(source.slice(from));
  return out;
}

/**
 * `re.test` behind the cue prefilter: a case-insensitive pattern whose matches all contain one of a few plain
 * literals (requiredAnyOf) is only run on text whose lower-cased form contains one. Same answers as `re.test`.
 * @example guardedTest(/\blet me (say|add)\b/iu)('Let me add one thing') // true: the literal is there, the regex decided
 */
export function guardedTest(re: RegExp): (text: string) => boolean {
  // a global or sticky pattern's test depends on lastIndex; one without /i needs the literal as written
  const anyOf = re.ignoreCase && !re.global && !re.sticky ? requiredAnyOf(re.source) : undefined;
  if (anyOf === undefined || anyOf.some((p) => !/^[\x20-\x7e]+$/.test(p))) return (t) => re.test(t);
  return (t) => {
    const low = lowered(t);
    return (low === undefined || anyOf.some((p) => low.includes(p))) && re.test(t);
  };
}

let lastText: string | undefined;
let lastLow: string | undefined;

/**
 * The text lower-cased for the ASCII prefilter of cues, memoised for the sentence being tested; undefined when the
 * text holds a character that case-folds to ASCII under /iu but not under toLowerCase (long s, Kelvin sign), so
 * the prefilter could wrongly reject it.
 */
function lowered(t: string): string | undefined {
  if (t !== lastText) {
    lastText = t;
    lastLow = /[\u017f\u212a]/u.test(t) ? undefined : t.toLowerCase();
  }
  return lastLow;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`Cannot read ${path} (${(e as Error).message}). The claim extractor needs it; restore it from git.`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${path} is not valid JSON (${(e as Error).message}). Fix the syntax.`);
  }
}

/** Read the concepts of a SKOS scheme file: key (local name after `ns`), labels, cues, priority. */
export function loadScheme(path: string, ns: string): Concept[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`Cannot read ${path} (${(e as Error).message}). The claim extractor needs it; restore it from git.`);
  }
  // n3's parser directly, not src/rdf: that module also loads jsonld (and its HTTP client), which the extractor
  // never needs and which would lengthen every cold start.
  let quads: Quad[];
  try {
    quads = new Parser({ format: 'Turtle', baseIRI: ns }).parse(text) as Quad[];
  } catch (e) {
    const line = (e as { context?: { line?: number } }).context?.line;
    const problem = (e as Error).message.replace(/ on line \d+\.?$/, '');
    throw new Error(`${path}${line !== undefined ? `:${line}` : ''}: ${problem}. Fix the Turtle there (or restore the file from git).`);
  }
  const byKey = new Map<string, Concept>();
  const get = (iri: string): Concept | undefined => {
    if (!iri.startsWith(ns) || iri === ns) return undefined;
    const key = iri.slice(ns.length);
    let c = byKey.get(key);
    if (!c) {
      c = { key, labels: {}, cues: [], priority: 5 };
      byKey.set(key, c);
    }
    return c;
  };
  for (const q of quads) {
    const p = q.predicate.value;
    if (p === RDF_TYPE && q.object.value === `${SKOS}Concept`) get(q.subject.value);
    if (q.subject.termType !== 'NamedNode') continue;
    if (p === `${SKOS}prefLabel` && q.object.termType === 'Literal') {
      const c = get(q.subject.value);
      const lang = q.object.language.startsWith('zh') ? 'zh' : q.object.language === 'en' ? 'en' : undefined;
      if (c && lang) c.labels[lang] = q.object.value;
    } else if (p === `${ALD}cue` && q.object.termType === 'Literal') {
      const c = get(q.subject.value);
      if (c) c.cues.push(compileCue(q.object.value, `${path} <${q.subject.value}>`));
    } else if (p === `${ALD}priority` && q.object.termType === 'Literal') {
      const c = get(q.subject.value);
      if (c) c.priority = Number(q.object.value);
    }
  }
  return [...byKey.values()].sort((a, b) => a.priority - b.priority || a.key.localeCompare(b.key));
}

function strings(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new Error(`data/lexicon/claims.json: ${where} must be a list of strings. Fix the file.`);
  }
  return v as string[];
}

function regexes(v: unknown, where: string): RegExp[] {
  return strings(v, where).map((s) => {
    try {
      return new RegExp(s, 'iu');
    } catch (e) {
      throw new Error(`data/lexicon/claims.json: ${where}: "${s}" is not a valid regular expression (${(e as Error).message}).`);
    }
  });
}

const STANCES: readonly StanceKey[] = ['asserts', 'denies', 'concedes', 'proposes', 'demands', 'promises'];

function verbStances(v: unknown): Record<string, StanceKey> {
  const out: Record<string, StanceKey> = {};
  for (const [verb, stance] of Object.entries((v ?? {}) as Record<string, unknown>)) {
    if (!STANCES.includes(stance as StanceKey)) {
      throw new Error(`data/lexicon/claims.json: reporting.verbStance.${verb} is "${String(stance)}"; use one of ${STANCES.join(', ')}.`);
    }
    out[verb.toLowerCase()] = stance as StanceKey;
  }
  return out;
}

let cached: ClaimLexicon | undefined;

/** The claim lexicon, read once per process from data/ and ontology/. */
export function claimLexicon(): ClaimLexicon {
  if (cached) return cached;
  const path = rootPath('data', 'lexicon', 'claims.json');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const j = readJson(path) as any;
  const cues = (v: unknown, where: string) => strings(v, where).map((s) => compileCue(s, `${path} ${where}`));
  const units: UnitEntry[] = Object.entries(j.units ?? {})
    .filter(([k]) => !k.startsWith('$'))
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    .map(([key, u]: [string, any]) => ({
      key,
      label: String(u.label ?? key),
      en: strings(u.en ?? [], `units.${key}.en`),
      zh: strings(u.zh ?? [], `units.${key}.zh`),
    }));
  const stances = loadScheme(rootPath('ontology', 'stances.ttl'), STANCE_NS);
  const known: StanceKey[] = ['asserts', 'denies', 'concedes', 'proposes', 'demands', 'promises'];
  for (const k of known) {
    if (!stances.some((s) => s.key === k)) {
      throw new Error(`ontology/stances.ttl: the stance alds:${k} is missing. Restore it; the extractor needs all six.`);
    }
  }
  cached = {
    abbreviations: new Set(strings(j.sentence?.abbreviations ?? [], 'sentence.abbreviations').map((s) => s.toLowerCase())),
    zhTerminators: String(j.sentence?.zhTerminators ?? '。！？'),
    enTerminators: String(j.sentence?.enTerminators ?? '.!?'),
    proceduralEn: regexes(j.procedural?.en ?? [], 'procedural.en'),
    notProceduralEn: regexes(j.procedural?.enNotProcedural ?? [], 'procedural.enNotProcedural'),
    proceduralZh: strings(j.procedural?.zh ?? [], 'procedural.zh'),
    letterFurnitureEn: regexes(j.letter?.en ?? [], 'letter.en'),
    reportingVerbsEn: strings(j.reporting?.enVerbs ?? [], 'reporting.enVerbs'),
    reportingVerbsZh: strings(j.reporting?.zhVerbs ?? [], 'reporting.zhVerbs'),
    nameParticles: new Set(strings(j.reporting?.nameParticles ?? [], 'reporting.nameParticles').map((s) => s.toLowerCase())),
    reportingPronouns: new Set(strings(j.reporting?.pronouns ?? [], 'reporting.pronouns').map((s) => s.toLowerCase())),
    verbStance: verbStances(j.reporting?.verbStance ?? {}),
    firstPerson: new Set(strings(j.reporting?.firstPerson ?? [], 'reporting.firstPerson').map((s) => s.toLowerCase())),
    relations: {
      disputes: cues(j.relations?.disputes ?? [], 'relations.disputes'),
      supports: cues(j.relations?.supports ?? [], 'relations.supports'),
      repeats: cues(j.relations?.repeats ?? [], 'relations.repeats'),
      reference: cues(j.relations?.reference ?? [], 'relations.reference'),
    },
    negation: {
      en: strings(j.negation?.en ?? [], 'negation.en'),
      enLexicalized: strings(j.negation?.enLexicalized ?? [], 'negation.enLexicalized'),
      enNegativeWords: strings(j.negation?.enNegativeWords ?? [], 'negation.enNegativeWords'),
      zh: strings(j.negation?.zh ?? [], 'negation.zh'),
      zhLexicalized: strings(j.negation?.zhLexicalized ?? [], 'negation.zhLexicalized'),
      zhLexicalizedPatterns: regexes(j.negation?.zhLexicalizedPatterns ?? [], 'negation.zhLexicalizedPatterns').map((r) => new RegExp(r.source, 'gu')),
      enTotalizers: strings(j.negation?.enTotalizers ?? [], 'negation.enTotalizers'),
      zhTotalizers: strings(j.negation?.zhTotalizers ?? [], 'negation.zhTotalizers'),
    },
    numbers: {
      enUnits: j.numbers?.enUnits ?? {},
      enScales: j.numbers?.enScales ?? {},
      enVague: j.numbers?.enVague ?? [],
      enIgnore: new Set(strings(j.numbers?.enIgnore ?? [], 'numbers.enIgnore')),
      zhDigits: j.numbers?.zhDigits ?? {},
      zhScales: j.numbers?.zhScales ?? {},
      zhVague: j.numbers?.zhVague ?? {},
      zhIgnoreBefore: strings(j.numbers?.zhIgnoreBefore ?? [], 'numbers.zhIgnoreBefore'),
    },
    units,
    stopWords: new Set(strings(j.keyPhrases?.stop ?? [], 'keyPhrases.stop').map((s) => s.toLowerCase())),
    discourseEn: strings(j.discourse?.en ?? [], 'discourse.en'),
    topics: loadScheme(rootPath('ontology', 'topics.ttl'), TOPIC_NS),
    stances,
  };
  return cached;
}
