/**
 * Sentence alignment between an English turn and its aligned original-language turn: dynamic programming over
 * beads (1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0, 0-1) scored by length ratio (Gale and Church's idea, with the ratio
 * measured on the turn itself), with numbers and names of the record's people as anchors.
 */
import type { Person, Span } from '../types.js';
import type { ClaimLexicon } from './lexicon.js';
import { chineseNumbers, englishNumbers } from './quantities.js';

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
    han: [...new Set(p.names.filter((n) => /\p{Script=Han}{2,}/u.test(n.value)).map((n) => n.value))],
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

/** Align English sentences with original sentences; every sentence appears in exactly one bead, in order. */
export function alignSentences(en: Span[], orig: Span[], people: Person[], lex: ClaimLexicon): Bead[] {
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
    const ne = new Set<number>();
    const no = new Set<number>();
    const pe = new Set<string>();
    const po = new Set<string>();
    for (let k = i0; k < i0 + a; k++) {
      le += enLen[k] ?? 0;
      for (const x of enNums[k] ?? []) ne.add(x);
      for (const x of enNames[k] ?? []) pe.add(x);
    }
    for (let k = j0; k < j0 + b; k++) {
      lo += orLen[k] ?? 0;
      for (const x of orNums[k] ?? []) no.add(x);
      for (const x of orNames[k] ?? []) po.add(x);
    }
    let c = Math.abs(Math.log((lo + 4) / (le * ratio + 4))) * 2;
    const sharedNums = [...ne].filter((x) => no.has(x)).length;
    c -= sharedNums * 0.8;
    c += ([...ne].filter((x) => !no.has(x)).length + [...no].filter((x) => !ne.has(x)).length) * 0.3;
    const sharedNames = [...pe].filter((x) => po.has(x)).length;
    c -= sharedNames * 0.6;
    c += ([...pe].filter((x) => !po.has(x)).length + [...po].filter((x) => !pe.has(x)).length) * 0.2;
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
