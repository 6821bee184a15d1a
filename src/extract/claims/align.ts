/**
 * Sentence alignment between an English turn and its aligned original-language turn: dynamic programming over
 * beads (1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0, 0-1) scored by length ratio (Gale and Church's idea, with the ratio
 * measured on the turn itself), with numbers and names of the record's people as anchors.
 */
import type { Person, Span } from '../types.js';
import type { ClaimLexicon } from './lexicon.js';
import { chineseNumbers, englishNumbers } from './quantities.js';

// Module-level patterns: tsx compiles a \p{...} literal to `new RegExp(...)` wherever it stands, so one inside a
// function would be rebuilt on every call.
const HAN_TWO_RE = /\p{Script=Han}{2,}/u;

/** A bead: English sentence indexes and original sentence indexes that translate each other. */
export interface Bead {
  en: number[];
  orig: number[];
}

const BEADS: Array<[number, number, number]> = [
  // [english count, original count, penalty]
  [1, 1, 0],
  [1, 2, 0.6],
  [2, 1, 0.6],
  [2, 2, 1.2],
  [1, 3, 1.4],
  [3, 1, 1.4],
  [1, 0, 3],
  [0, 1, 3],
];

function numbers(s: string, zh: boolean, lex: ClaimLexicon): Set<number> {
  const nums = zh ? chineseNumbers(s, lex) : englishNumbers(s, lex);
  return new Set(nums.filter((n) => !n.approximate).map((n) => n.min));
}

/** Name forms of each person, split by script, for anchoring. */
export function nameAnchors(people: Person[]): Array<{ key: string; latin: string[]; han: string[] }> {
  return people.map((p) => ({
    key: p.key,
    latin: [...new Set(p.names.filter((n) => /[A-Za-z]{3,}/.test(n.value)).map((n) => n.value.toLowerCase()))],
    han: [...new Set(p.names.filter((n) => HAN_TWO_RE.test(n.value)).map((n) => n.value))],
  }));
}

function namesIn(s: string, anchors: ReturnType<typeof nameAnchors>, zh: boolean): Set<string> {
  const out = new Set<string>();
  const low = s.toLowerCase();
  for (const a of anchors) {
    const forms = zh ? a.han : a.latin;
    // the word-bounded pattern needs the form as a substring: test that first, compile (once) only then
    if (forms.some((f) => (zh ? s.includes(f) : low.includes(f) && wordPattern(f).test(low)))) out.add(a.key);
  }
  return out;
}

const wordPatterns = new Map<string, RegExp>();

/** The cached pattern of a lower-case name form on word boundaries. */
function wordPattern(f: string): RegExp {
  let re = wordPatterns.get(f);
  if (!re) {
    if (wordPatterns.size >= 5000) wordPatterns.clear(); // a bound: forms come from record text
    re = new RegExp(`\\b${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'u');
    wordPatterns.set(f, re);
  }
  return re;
}

const EMPTY: ReadonlySet<never> = new Set();

/** The union of `count` sets from `from` (the set itself when there is one: callers only read it). */
function unionOf<T>(sets: Array<Set<T>>, from: number, count: number): ReadonlySet<T> {
  if (count === 1) return sets[from] ?? EMPTY;
  const out = new Set<T>();
  for (let k = from; k < from + count; k++) for (const x of sets[k] ?? []) out.add(x);
  return out;
}

/** How many members of a are in b. */
function sharedCount<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
}

const alignMemo = new WeakMap<Person[], { lex: ClaimLexicon; beads: Map<string, Bead[]> }>();

/**
 * Align English sentences with original sentences; every sentence appears in exactly one bead, in order.
 * Memoised per record (its people array) on what the alignment reads (sentence texts, the people's name anchors,
 * the lexicon): the claims and the discrepancy stages align the same turns of a record.
 */
export function alignSentences(en: Span[], orig: Span[], people: Person[], lex: ClaimLexicon): Bead[] {
  let entry = alignMemo.get(people);
  if (!entry || entry.lex !== lex) alignMemo.set(people, (entry = { lex, beads: new Map() }));
  const memo = entry.beads;
  const key = JSON.stringify([en.map((s) => s.text), orig.map((s) => s.text), nameAnchors(people)]);
  const copy = (beads: Bead[]) => beads.map((b) => ({ en: [...b.en], orig: [...b.orig] }));
  const hit = memo.get(key);
  if (hit) return copy(hit);
  const beads = alignUncached(en, orig, people, lex);
  memo.set(key, copy(beads));
  return beads;
}

function alignUncached(en: Span[], orig: Span[], people: Person[], lex: ClaimLexicon): Bead[] {
  const m = en.length;
  const n = orig.length;
  if (m === 0 || n === 0) {
    return [...en.map((_, i) => ({ en: [i], orig: [] })), ...orig.map((_, j) => ({ en: [], orig: [j] }))];
  }
  const enLen = en.map((s) => s.text.length);
  const orLen = orig.map((s) => s.text.replace(/\s/g, '').length);
  const ratio = orLen.reduce((a, b) => a + b, 0) / Math.max(1, enLen.reduce((a, b) => a + b, 0));
  const anchors = nameAnchors(people);
  const enNums = en.map((s) => numbers(s.text, false, lex));
  const orNums = orig.map((s) => numbers(s.text, true, lex));
  const enNames = en.map((s) => namesIn(s.text, anchors, false));
  const orNames = orig.map((s) => namesIn(s.text, anchors, true));

  // sentences with neither numbers nor names: a bead of only such sentences costs its length ratio alone
  const enBare = en.map((_, k) => enNums[k]!.size === 0 && enNames[k]!.size === 0);
  const orBare = orig.map((_, k) => orNums[k]!.size === 0 && orNames[k]!.size === 0);
  const cost = (i0: number, a: number, j0: number, b: number): number => {
    if (a === 0 || b === 0) return 0;
    let bare = true;
    for (let k = i0; k < i0 + a && bare; k++) bare = enBare[k] ?? true;
    for (let k = j0; k < j0 + b && bare; k++) bare = orBare[k] ?? true;
    if (bare) {
      // the same arithmetic as below with every anchor count zero (the DP sees identical costs), without the sets
      let le0 = 0;
      let lo0 = 0;
      for (let k = i0; k < i0 + a; k++) le0 += enLen[k] ?? 0;
      for (let k = j0; k < j0 + b; k++) lo0 += orLen[k] ?? 0;
      return Math.abs(Math.log((lo0 + 4) / (le0 * ratio + 4))) * 2;
    }
    let le = 0;
    let lo = 0;
    for (let k = i0; k < i0 + a; k++) le += enLen[k] ?? 0;
    for (let k = j0; k < j0 + b; k++) lo += orLen[k] ?? 0;
    const ne = unionOf(enNums, i0, a);
    const no = unionOf(orNums, j0, b);
    const pe = unionOf(enNames, i0, a);
    const po = unionOf(orNames, j0, b);
    let c = Math.abs(Math.log((lo + 4) / (le * ratio + 4))) * 2;
    const sharedNums = sharedCount(ne, no);
    c -= sharedNums * 0.8;
    c += (ne.size - sharedNums + (no.size - sharedNums)) * 0.3;
    const sharedNames = sharedCount(pe, po);
    c -= sharedNames * 0.6;
    c += (pe.size - sharedNames + (po.size - sharedNames)) * 0.2;
    return c;
  };

  const INF = Number.POSITIVE_INFINITY;
  const best: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(INF));
  const back: Array<Array<[number, number] | undefined>> = Array.from({ length: m + 1 }, () => new Array(n + 1).fill(undefined));
  best[0]![0] = 0;
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= n; j++) {
      const here = best[i]![j]!;
      if (here === INF) continue;
      for (const [a, b, pen] of BEADS) {
        if (i + a > m || j + b > n) continue;
        const c = here + pen + cost(i, a, j, b);
        if (c < best[i + a]![j + b]!) {
          best[i + a]![j + b] = c;
          back[i + a]![j + b] = [a, b];
        }
      }
    }
  }
  const beads: Bead[] = [];
  let i = m;
  let j = n;
  while (i > 0 || j > 0) {
    const step = back[i]![j];
    if (!step) break;
    const [a, b] = step;
    beads.push({
      en: Array.from({ length: a }, (_, k) => i - a + k),
      orig: Array.from({ length: b }, (_, k) => j - b + k),
    });
    i -= a;
    j -= b;
  }
  return beads.reverse();
}

/** The span covering a bead's original sentences (undefined when the bead has none). */
export function coverSpan(text: string, spans: Span[], idx: number[]): Span | undefined {
  const parts = idx.map((k) => spans[k]).filter((s): s is Span => s !== undefined);
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!first || !last) return undefined;
  return { start: first.start, end: last.end, text: text.slice(first.start, last.end) };
}
