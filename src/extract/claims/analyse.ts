/**
 * Sentence-level analysis for claims: procedural speech, reported speech, stance, topics, key phrases and
 * structured content. All cues come from the lexicon (data/lexicon/claims.json, ontology/topics.ttl,
 * ontology/stances.ttl).
 */
import type { Person } from '../types.js';
import type { ClaimLexicon, Cue } from './lexicon.js';
import type { ClaimContent, StanceKey } from './types.js';
import { guardedTest } from './lexicon.js';
import { perLexicon } from './regex.js';

// Module-level patterns: tsx compiles a \p{...} literal to `new RegExp(...)` wherever it stands, so one inside a
// function would be rebuilt on every call.
const LETTER_RE = /\p{L}/u;

/** The procedural patterns of a lexicon behind their literal prefilters (dozens are tried on every sentence). */
const proceduralTests = perLexicon((lex: ClaimLexicon) => ({
  not: lex.notProceduralEn.map(guardedTest),
  yes: lex.proceduralEn.map(guardedTest),
}));

/** True when the sentence is speech about the conversation itself (asking to speak, closing, promising to report). */
export function isProcedural(en: string, orig: string | undefined, lex: ClaimLexicon): boolean {
  const tests = proceduralTests(lex);
  if (tests.not.some((test) => test(en))) return false;
  if (en && tests.yes.some((test) => test(en))) return true;
  // Without English the Chinese cues decide, clause by clause: a long sentence is procedural only when at least
  // half of its clauses are ("我们的看法已讲得很清楚，我不准备重复" is half a claim, half procedure).
  if (orig && !en) {
    const clauses = orig.split(/[，,；;：:]/u).filter((c) => c.trim().length > 0);
    const procedural = clauses.filter((c) => lex.proceduralZh.some((cue) => c.includes(cue))).length;
    return procedural > 0 && procedural * 2 >= clauses.length;
  }
  return false;
}

/**
 * The English phrase cues of the topic and stance schemes and of the claim relations indexed by where a match must begin: a phrase cue's
 * pattern starts at a word boundary with its first word ("border" of "border crossing*"), which must then be a
 * whole word of the text, or begin one when a "*" follows it ("transport*").
 */
interface CueIndex {
  byWord: Map<string, Cue[]>;
  /** Prefix cues by the first character of their word. */
  byPrefix: Map<string, Array<{ prefix: string; cue: Cue }>>;
  indexed: Set<Cue>;
}

const cueIndex = perLexicon((lex: ClaimLexicon): CueIndex => {
  const idx: CueIndex = { byWord: new Map(), byPrefix: new Map(), indexed: new Set() };
  const { disputes, supports, repeats, reference } = lex.relations;
  for (const c of [...lex.topics, ...lex.stances].flatMap((concept) => concept.cues).concat(disputes, supports, repeats, reference)) {
    // written patterns ("\\b...") and cues beyond plain ASCII are always tried
    if (c.lang !== 'en' || c.source.includes('\\b') || !/^[\x20-\x7e]+$/.test(c.source)) continue;
    const low = c.source.toLowerCase();
    const word = /^[a-z0-9]+/.exec(low)?.[0];
    if (word === undefined) continue;
    if (low.charAt(word.length) === '*') {
      const list = idx.byPrefix.get(word.charAt(0)) ?? [];
      list.push({ prefix: word, cue: c });
      idx.byPrefix.set(word.charAt(0), list);
    } else idx.byWord.set(word, [...(idx.byWord.get(word) ?? []), c]);
    idx.indexed.add(c);
  }
  return idx;
});

const WORDS = /[\p{L}\p{N}]+/gu;
let possibleText: string | undefined;
let possibleIndex: CueIndex | undefined;
let possibleCues: Set<Cue> | undefined;

/**
 * The indexed cues that can match `text` (all others in the index cannot), memoised for the sentence being read;
 * undefined when the text holds long s or the Kelvin sign, which /iu folds to ASCII letters and toLowerCase does not.
 * Exact because no character outside letters and digits lower-cases to one, so words of the lower-cased text begin
 * and end where the cue patterns' boundaries are.
 */
function cuesPossibleIn(text: string, idx: CueIndex): Set<Cue> | undefined {
  if (text === possibleText && idx === possibleIndex) return possibleCues;
  possibleText = text;
  possibleIndex = idx;
  if (/[\u017f\u212a]/u.test(text)) return (possibleCues = undefined);
  const out = new Set<Cue>();
  for (const w of text.toLowerCase().match(WORDS) ?? []) {
    for (const c of idx.byWord.get(w) ?? []) out.add(c);
    for (const { prefix, cue } of idx.byPrefix.get(w.charAt(0)) ?? []) if (w.startsWith(prefix)) out.add(cue);
  }
  return (possibleCues = out);
}

/** cue.test(en) for the cues of one sentence, skipping the indexed cues that cannot match it. */
function englishTester(en: string, lex: ClaimLexicon): (c: Cue) => boolean {
  const idx = cueIndex(lex);
  const possible = cuesPossibleIn(en, idx);
  return (c) => (possible === undefined || !idx.indexed.has(c) || possible.has(c)) && c.test(en);
}

/** The stance cued in the sentence (English cues on `en`, Chinese cues on `orig`); 'asserts' without a cue. */
export function stanceOf(en: string, orig: string | undefined, lex: ClaimLexicon): StanceKey {
  const testEn = englishTester(en, lex);
  for (const s of lex.stances) {
    if (s.cues.some((c) => (c.lang === 'en' ? testEn(c) : orig !== undefined && en === '' && c.test(orig)))) {
      return s.key as StanceKey;
    }
  }
  return 'asserts';
}

/** Topic keys whose cues occur in the sentence (English) or in its aligned original (Chinese). */
export function topicsOf(en: string, orig: string | undefined, lex: ClaimLexicon): string[] {
  const out: string[] = [];
  const testEn = englishTester(en, lex);
  for (const t of lex.topics) {
    if (t.cues.some((c) => (c.lang === 'en' ? testEn(c) : orig !== undefined && c.test(orig)))) out.push(t.key);
  }
  return out;
}

/**
 * True when any of the cues matches the text (English cues on en, Chinese cues on orig). With the lexicon the cues
 * come from, its start-word index skips the English phrase cues that cannot match.
 */
export function anyCue(cues: Cue[], en: string, orig?: string, lex?: ClaimLexicon): boolean {
  const testEn = lex ? englishTester(en, lex) : (c: Cue) => c.test(en);
  return cues.some((c) => (c.lang === 'en' ? testEn(c) : orig !== undefined && c.test(orig)));
}

/** Noun phrases as written: runs of words between stop words and punctuation, longest first, at most `max`. */
export function keyPhrasesOf(en: string, lex: ClaimLexicon, max = 5): string[] {
  const chunks: string[] = [];
  for (const piece of en.split(/[,.;:!?()\[\]"“”—–]+|\s-\s/u)) {
    let cur: string[] = [];
    const flush = () => {
      // Trim verb-like edges (participles, -ly adverbs) so what is kept reads as a noun phrase.
      while (cur.length && /(ly|ing|ed)$/i.test(cur[cur.length - 1] ?? '') && cur.length > 1) cur.pop();
      while (cur.length && /(ly)$/i.test(cur[0] ?? '')) cur.shift();
      if (cur.length && cur.some((w) => w.length >= 4) && !(cur.length === 1 && /(ed|ly|ing)$/i.test(cur[0] ?? ''))) {
        chunks.push(cur.join(' '));
      }
      cur = [];
    };
    for (const w of piece.split(/\s+/).filter(Boolean)) {
      if (lex.stopWords.has(w.toLowerCase()) || /^\d/.test(w) === false && !LETTER_RE.test(w)) flush();
      else cur.push(w);
      if (cur.length > 4) flush();
    }
    flush();
  }
  // A short sentence without a noun phrase ("There is nothing new.") is its own key phrase.
  if (chunks.length === 0) {
    const whole = en.trim().replace(/[.!?。！？]+$/u, '');
    if (whole && whole.split(/\s+/).length <= 8) chunks.push(whole);
  }
  const seen = new Set<string>();
  return chunks
    .filter((c) => (seen.has(c.toLowerCase()) ? false : (seen.add(c.toLowerCase()), true)))
    .sort((a, b) => b.split(' ').length - a.split(' ').length || b.length - a.length)
    .slice(0, max);
}

const AUX = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'should', 'must', 'did', 'does', 'do', 'shall', 'may', 'might', "can't", "won't", "doesn't", "don't", "didn't", "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "wouldn't", "shouldn't", "couldn't", 'cannot']);
const SUBORDINATORS = /^(if|when|after|before|as|since|because|although|though|while|once|unless|until|whether|why|how|what|where|who|which|in order)\b/i;
const EXPLETIVE = new Set(['it', "it's", 'there', "there's", 'this', 'that', 'these', 'those', 'which', 'what', 'all', 'please']);
const MODAL = new Set(['will', 'would', 'can', 'could', 'should', 'must', 'did', 'does', 'do', 'shall', 'may', 'might', "can't", "won't", "doesn't", "don't", "didn't", "wouldn't", "shouldn't", "couldn't", 'cannot']);
const ADVERB = new Set(['not', 'never', 'still', 'just', 'already', 'also', 'always', 'even', 'only', 'long', 'then', 'now', 'once', 'ever', 'all', 'be', 'been', 'have']);
const PARTICLE = new Set(['out', 'up', 'back', 'down', 'off', 'away']);
const PREP = new Set(['in', 'into', 'to', 'with', 'on', 'at', 'from', 'of', 'for', 'about', 'through', 'across', 'over', 'towards', 'toward', 'against']);
const OBJECT_STOP = /^(which|who|because|instead|so|but|and then|making|while|when|before|after)$/i;

/** The leading discourse words of a lexicon as anchored patterns ("However, ..."), compiled once. */
const discoursePatterns = perLexicon((lex: ClaimLexicon) =>
  lex.discourseEn.map((d) => new RegExp(`^${d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b,?\\s*`, 'i')),
);

/**
 * Subject / predicate / object of a simple declarative sentence, as written, or undefined where the sentence does
 * not support it (questions, expletive or subordinate openings, no verb found).
 */
export function contentOf(sentence: string, lex: ClaimLexicon): ClaimContent | undefined {
  let s = sentence.trim().replace(/[.!]+$/u, '');
  if (s.endsWith('?')) return undefined;
  s = s.replace(/\[[^\]]*\]\s*/g, '');
  // A leading subordinate clause ("As X remain there, of course Y has ...") is dropped up to its comma.
  if (SUBORDINATORS.test(s)) {
    const comma = s.indexOf(', ');
    if (comma < 0) return undefined;
    s = s.slice(comma + 2);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of discoursePatterns(lex)) {
      if (re.test(s)) {
        s = s.replace(re, '');
        changed = true;
      }
    }
  }
  const tokens = s.split(/\s+/).filter(Boolean);
  let v = -1;
  for (let i = 1; i < Math.min(tokens.length, 9); i++) {
    const w = (tokens[i] ?? '').toLowerCase().replace(/[,;:]$/, '');
    if (AUX.has(w) || (/^[a-z]{3,}ed$/.test(w) && !/^(need|red|bed|feed|seed|speed)$/.test(w))) {
      v = i;
      break;
    }
    if (/[,;:]$/.test(tokens[i] ?? '')) break;
  }
  if (v < 1) return undefined;
  const subject = tokens.slice(0, v).join(' ');
  const subjWords = subject.toLowerCase().split(/\s+/);
  if (EXPLETIVE.has(subjWords[0] ?? '') || SUBORDINATORS.test(subject) || /,/.test(subject) || subjWords.some((w) => ['that', 'which', 'who', 'if'].includes(w))) {
    return undefined;
  }
  let k = v;
  const pred: string[] = [];
  // The verb group: auxiliaries, negation, adverbs, participles and one main verb after a modal or auxiliary.
  while (k < tokens.length) {
    const raw = tokens[k] ?? '';
    const w = raw.toLowerCase().replace(/[,;:]$/, '');
    const prev = (pred[pred.length - 1] ?? '').toLowerCase();
    const afterModal = pred.some((x) => MODAL.has(x.toLowerCase())) && !pred.some((x) => !AUX.has(x.toLowerCase()) && !ADVERB.has(x.toLowerCase()));
    const isVerbish =
      (pred.length === 0 && (AUX.has(w) || /ed$/.test(w))) ||
      (pred.length > 0 && (AUX.has(w) || ADVERB.has(w) || /ly$/.test(w) || /(ed|en|ing)$/.test(w) || (afterModal && !PREP.has(w) && !/^(the|a|an|this|that|these|those|our|your|their|its|his|her|my|no|any|some)$/.test(w)))) ||
      (pred.length > 0 && PARTICLE.has(w) && !AUX.has(prev));
    if (!isVerbish || pred.length >= 5) break;
    pred.push(raw.replace(/[,;:]$/, ''));
    k++;
    if (/[,;:]$/.test(raw)) break;
  }
  if (pred.length === 0) return undefined;
  const obj: string[] = [];
  while (k < tokens.length && obj.length < 14) {
    const raw = tokens[k] ?? '';
    const w = raw.replace(/[,;:]$/, '');
    if (OBJECT_STOP.test(w) && obj.length > 0) break;
    obj.push(w);
    k++;
    if (/[,;:]$/.test(raw)) break;
  }
  if (obj.length === 0) return undefined;
  const predicate = pred.join(' ');
  const negated = /\b(not|never)\b|n't\b|cannot/i.test(predicate);
  // "I don't think that X is Y": the content is the clause, negated by the frame.
  if (/^that$/i.test(obj[0] ?? '')) {
    const inner = contentOf(tokens.slice(k - obj.length + 1).join(' '), lex);
    if (!inner) return undefined;
    return { ...inner, negated: inner.negated !== negated };
  }
  return { subject, predicate, object: obj.join(' '), negated };
}

/** Words that carry content (for similarity between claims): lower case, stop words removed, crude stem. */
export function contentWords(s: string, lex: ClaimLexicon): Set<string> {
  const out = new Set<string>();
  // Chinese has no spaces: character bigrams stand in for words.
  const han = s.match(/\p{Script=Han}+/gu) ?? [];
  for (const run of han) for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  for (const w of s.toLowerCase().match(/[\p{L}]+(?:'[\p{L}]+)?/gu) ?? []) {
    if (w.length < 3 || lex.stopWords.has(w)) continue;
    out.add(w.replace(/(ies|es|s|ed|ing)$/u, ''));
  }
  return out;
}

/** Overlap coefficient of two word sets. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.min(a.size, b.size);
}

/** Candidate strings naming each person: name forms, surnames, role titles as written. */
export function personNames(people: Person[]): Array<{ key: string; forms: string[]; titles: string[] }> {
  return people.map((p) => {
    const forms = new Set<string>();
    for (const n of p.names) {
      if (n.value.trim().length >= 2) forms.add(n.value.trim());
    }
    forms.add(p.preferredName);
    const titles = new Set<string>();
    for (const r of p.roles) {
      if (r.asWritten.trim()) titles.add(r.asWritten.trim());
      if (r.label.trim()) titles.add(r.label.trim());
    }
    return { key: p.key, forms: [...forms].filter((f) => f.length >= 2), titles: [...titles].filter((f) => f.length >= 2) };
  });
}

const normCache = new Map<string, string>();

/** norm() memoised: resolvePerson compares every person's titles with every other's, sentence after sentence. */
function norm(s: string): string {
  let v = normCache.get(s);
  if (v === undefined) {
    if (normCache.size >= 20000) normCache.clear(); // a bound: phrases come from record text
    v = normUncached(s);
    normCache.set(s, v);
  }
  return v;
}

function normUncached(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/[\[\]'’]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The person a phrase names ("Comrade Li Wenming", "The Chargé d'affaires", "Vice Minister Zhou"), resolved against
 * the record's people; undefined when none or several match equally (better no claimant than a wrong one).
 */
export function resolvePerson(phrase: string, people: Person[], exclude?: string): string | undefined {
  const p = ` ${norm(phrase)} `;
  let best: { key: string; len: number } | undefined;
  let tie = false;
  for (const cand of candidateForms(people)) {
    if (cand.key === exclude) continue;
    for (const { nf, isHan } of cand.forms) {
      const hit = isHan ? p.includes(nf) : p.includes(` ${nf} `) || p.includes(` ${nf},`);
      if (!hit) continue;
      if (!best || nf.length > best.len) {
        tie = best !== undefined && best.key !== cand.key && nf.length === best.len;
        best = { key: cand.key, len: nf.length };
      } else if (nf.length === best.len && best.key !== cand.key) tie = true;
    }
  }
  return best && !tie ? best.key : undefined;
}

type CandidateForms = Array<{ key: string; forms: Array<{ nf: string; isHan: boolean }> }>;

const candidateCache = new Map<string, CandidateForms>();

/**
 * Each person's normalised name forms and unique titles, in resolvePerson's order. Comparing every title with
 * every other person's is quadratic, and resolvePerson runs for many phrases of a record: the result is cached
 * on the people's names and titles (not on the array, which a caller may still change).
 */
function candidateForms(people: Person[]): CandidateForms {
  const cands = personNames(people);
  const sig = JSON.stringify(cands);
  const hit = candidateCache.get(sig);
  if (hit) return hit;
  const out: CandidateForms = cands.map((cand) => {
    // A title names a person when it is the leading part of one person's role ("the Chargé d'affaires" for
    // "Chargé d'affaires Ad Interim"), and only when no other person holds the same title.
    const titleForms = cand.titles.flatMap((t) => {
      const words = t.split(/\s+/);
      return words.length >= 2 ? [t, words.slice(0, 2).join(' ')] : [t];
    });
    const unique = titleForms.filter((t) => !cands.some((o) => o.key !== cand.key && o.titles.some((x) => norm(x).startsWith(norm(t)))));
    const forms: Array<{ nf: string; isHan: boolean }> = [];
    for (const f of [...cand.forms, ...unique]) {
      const nf = norm(f);
      if (nf.length < 2) continue;
      forms.push({ nf, isHan: /\p{Script=Han}/u.test(nf) });
    }
    return { key: cand.key, forms };
  });
  if (candidateCache.size >= 200) candidateCache.clear(); // a bound: one entry per record's cast
  candidateCache.set(sig, out);
  return out;
}
