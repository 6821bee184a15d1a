/**
 * Claim extraction (issue 4): every assertion a speaker (or a record's author) makes becomes a Claim with its
 * claimant, turn, exact English span, aligned original span, topics, stance, quantities and structured content;
 * procedural speech becomes a speech act; reported speech is attributed to its original claimant as reported by the
 * speaker; claims are related (disputes, supports, repeats, respondsTo, reportOf).
 *
 * @example
 *   import { extractClaims } from './claims/index.js';
 *   ext.claims = extractClaims(ext);            // Claim[]
 *   ext.discrepancies.push(...findDiscrepancies(ext));
 */
import type { RecordExtraction, Span } from '../types.js';
import {
  anyCue,
  contentOf,
  contentWords,
  isProcedural,
  keyPhrasesOf,
  resolvePerson,
  similarity,
  stanceOf,
  topicsOf,
} from './analyse.js';
import { claimLexicon, guardedTest, type ClaimLexicon } from './lexicon.js';
import { findQuantities } from './quantities.js';
import { perLexicon } from './regex.js';
import { isChinese, isEditorialNote, langOf } from './sentences.js';
import type { Claim, ClaimRelationType } from './types.js';
import { alignedOriginal, buildUnits, type Unit } from './units.js';

// Module-level patterns: tsx compiles a \p{...} literal to `new RegExp(...)` wherever it stands, so one inside a
// function would be rebuilt on every call.
const LETTER_RE = /\p{L}/u;

export type { Claim, ClaimContent, ClaimRelation, Quantity, StanceKey } from './types.js';
export { findDiscrepancies } from './discrepancies.js';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Draft extends Claim {
  unit: number;
  sentence: number;
  /** Index of the reported claim this one answers within the same sentence ("X said ..., but I ..."). */
  answers?: number;
  reported: boolean;
}

function sub(text: string, start: number, end: number): Span {
  while (start < end && /\s/u.test(text[start] ?? '')) start++;
  while (end > start && /[\s,;]/u.test(text[end - 1] ?? '')) end--;
  return { start, end, text: text.slice(start, end) };
}

interface ReportMatch {
  /** Person key of the reported claimant; undefined when the phrase names nobody the record knows. */
  who: string | undefined;
  /** The reporting verb as written, lower case ("denied"). */
  verb?: string;
  /** Offsets within the sentence. */
  contentStart: number;
  /** Where the speaker's own answer starts within the sentence ("..., but I ..."), if any. */
  answerStart?: number;
  /** The speaker frames it: 'agree' (supports) or 'reject' (disputes) or undefined (plain report). */
  frame?: 'supports' | 'disputes';
  /** True when the whole sentence also stands as the speaker's own claim (agree/reject frames). */
  ownToo: boolean;
}

/** The English reported-speech patterns of a lexicon, built once (non-global: exec keeps no state). */
const reportPatterns = perLexicon(buildReportPatterns);

function buildReportPatterns(lex: ClaimLexicon): { plain: RegExp; framed: RegExp } {
  const verbs = [...lex.reportingVerbsEn].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  const plain = new RegExp(
    `^(?<who>(?:the\\s+|comrade\\s+)?[\\p{Lu}][\\p{L}'’\\[\\].\\s-]{1,60}?)\\s+(?:has\\s+|had\\s+|also\\s+|just\\s+|once\\s+)*` +
      `(?<verb>${verbs})(?![\\p{L}])(?:\\s+(?:you|us|me|him|them))?(?:\\s+that)?[\\s,:]*`,
    'u',
  );
  const framed = new RegExp(
    `\\b(?<verb>agree with|agreed with|appreciate|welcome|support|reject|disagree with|cannot accept)\\s+(?<who>[^,.;]{2,60}?)(?:['’]s?)?\\s+(?<what>remarks|words|views?|suggestions?|statements?|proposals?|arguments?|claims?|opinions?)\\s+(?:that|of)\\s+(?=\\S+\\s+\\S+\\s+\\S+)`,
    'iu',
  );
  return { plain, framed };
}

/**
 * True for a phrase that can name a person: capitalised words, titles and name particles only ("The Chargé
 * d'affaires", "Comrade Li Wenming", "Vice Minister Zhou [Enlai]", "He"), not a clause ("I agree with X's remarks").
 */
function isNamePhrase(phrase: string, lex: ClaimLexicon): boolean {
  const words = phrase.trim().split(/\s+/);
  if (words.length === 0 || words.length > 7) return false;
  return words.every((w, i) => /^[\[(]?[\p{Lu}\p{Lt}]/u.test(w) || (i === 0 && /^the$/i.test(w)) || lex.nameParticles.has(w.toLowerCase()) || /^d['’]/u.test(w));
}

/** Chinese reported speech: "李文明同志說，..." / "代办说，..." (a name or title, a reporting verb, then a comma or colon). */
/** The Chinese reported-speech pattern of a lexicon, built once (non-global). */
const reportPatternZh = perLexicon((lex: ClaimLexicon) => {
  const verbs = [...lex.reportingVerbsZh].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  return new RegExp(`^(?<who>[^，。：:,]{1,12}?)(?:同志)?(?:曾经|曾經|刚才|剛才|也|还|還)?(?:${verbs})[，,：:]`, 'u');
});

function matchReportZh(sentence: string, ext: RecordExtraction, speaker: string | undefined, lex: ClaimLexicon): ReportMatch | undefined {
  const m = reportPatternZh(lex).exec(sentence);
  if (!m?.groups?.['who']) return undefined;
  const who = resolvePerson(m.groups['who'], ext.people, speaker);
  if (!who || sentence.length - m[0].length < 4) return undefined;
  return { who, contentStart: m[0].length, ownToo: false };
}

function matchReport(
  sentence: string,
  ext: RecordExtraction,
  speaker: string | undefined,
  lex: ClaimLexicon,
  lastReported: string | undefined,
): ReportMatch | undefined {
  if (isChinese(sentence)) return matchReportZh(sentence, ext, speaker, lex);
  const { plain, framed } = reportPatterns(lex);
  // Leading discourse words ("Just now", "However,") come before the reported person.
  const lead = /^(?:(?:just now|first|firstly|today|earlier|then|also|and|but|however|moreover|in addition|at the same time)[,]?\s+)*/iu.exec(sentence)?.[0].length ?? 0;
  const m0 = plain.exec(sentence.slice(lead));
  const m = m0 && isNamePhrase(m0.groups?.['who'] ?? '', lex) ? m0 : null;
  if (m?.groups?.['who']) {
    const phrase = m.groups['who'].trim();
    // "He added that ...": the pronoun stands for the person reported just before.
    const who = lex.reportingPronouns.has(phrase.toLowerCase()) ? lastReported : resolvePerson(phrase, ext.people, speaker);
    const rest = sentence.slice(lead + m[0].length);
    // A report of somebody the record does not know ends the pronoun chain but is not attributed.
    if (!who && !lex.reportingPronouns.has(phrase.toLowerCase())) return { who: undefined, contentStart: 0, ownToo: false };
    if (who && who !== speaker && rest.split(/\s+/).length >= 2) {
      const r: ReportMatch = { who, contentStart: lead + m[0].length, ownToo: false, verb: (m.groups['verb'] ?? '').toLowerCase() };
      const but = /,\s+(?:but|yet)\s+(?:I|we|my|our)\b/u.exec(rest);
      if (but) r.answerStart = lead + m[0].length + but.index + 1;
      return r;
    }
  }
  const f = framed.exec(sentence);
  if (f?.groups?.['who']) {
    const who = resolvePerson(f.groups['who'], ext.people, speaker);
    if (who) {
      const verb = (f.groups['verb'] ?? '').toLowerCase();
      return {
        who,
        contentStart: (f.index ?? 0) + f[0].length,
        frame: /reject|disagree|cannot/.test(verb) ? 'disputes' : 'supports',
        ownToo: true,
      };
    }
  }
  return undefined;
}

/** The salutation and closing patterns of a lexicon behind their literal prefilters. */
const letterFurnitureTests = perLexicon((lex: ClaimLexicon) => lex.letterFurnitureEn.map(guardedTest));

/**
 * Salutations, closings and signatures: "Dear Comrade Chairman,", "With fraternal greetings,", "VARGA", or a
 * line that is only a person's name.
 */
function isLetterFurniture(s: string, ext: RecordExtraction, lex: ClaimLexicon): boolean {
  const t = s.trim();
  if (letterFurnitureTests(lex).some((test) => test(t))) return true;
  const words = t.split(/\s+/);
  if (words.length <= 4 && !/[.!?。！？]$/u.test(t) && /^[\p{Lu}\p{Lt}][\p{L}.'’ -]*$/u.test(t)) {
    // A short unpunctuated line of capitalised words that names a person, or is all capitals: a signature.
    if (t === t.toUpperCase() || resolvePerson(t, ext.people) !== undefined) return true;
  }
  // "Director: Mihai Stoica" - a title and a name under the text.
  const labelled = /^[\p{Lu}][\p{L} ]{1,30}:\s+([\p{Lu}][\p{L}.'’-]*(?:\s+[\p{Lu}][\p{L}.'’-]*){0,3})$/u.exec(t);
  if (labelled?.[1] && resolvePerson(labelled[1], ext.people) !== undefined) return true;
  // A short line without a sentence end and without a finite verb is a heading or a date line, not a claim.
  if (words.length <= 4 && !/[.!?。！？]$/u.test(t) && !/\b(is|are|was|were|has|have|had|will|can|did|does)\b/i.test(t)) return true;
  return false;
}

/**
 * The utterance units of a record, for extractClaims and findDiscrepancies to share (building them splits and
 * aligns every sentence): valid while the extraction's people, turns and event stay as they are.
 */
export function claimUnits(ext: RecordExtraction): Unit[] {
  return buildUnits(ext, claimLexicon());
}

/** Extract claims and speech acts from a record (see the module comment). Deterministic: same input, same list. */
export function extractClaims(ext: RecordExtraction, given?: Unit[]): Claim[] {
  const lex = claimLexicon();
  const text = ext.doc.text;
  const units = given ?? buildUnits(ext, lex);
  const drafts: Draft[] = [];

  const make = (u: Unit, ui: number, si: number, span: Span, claimant: string | undefined, reported: boolean): Draft => {
    const orig = alignedOriginal(text, u, si);
    const zh = isChinese(span.text);
    const en = zh ? '' : span.text;
    const origText = zh ? span.text : orig?.text;
    const d: Draft = {
      n: -1,
      kind: isProcedural(en, origText, lex) ? 'speechAct' : 'claim',
      span,
      lang: langOf(span.text),
      topics: [],
      keyPhrases: [],
      stance: 'asserts',
      quantities: [],
      relations: [],
      unit: ui,
      sentence: si,
      reported,
    };
    if (claimant !== undefined) d.claimant = claimant;
    else if (!reported && u.institution !== undefined) d.claimantInstitution = u.institution;
    if (u.turn) d.turn = u.turn;
    if (u.originalTurn) d.originalTurn = u.originalTurn;
    if (orig && !zh) {
      d.original = orig;
      d.originalLang = langOf(orig.text);
    }
    if (d.kind === 'claim') {
      d.stance = stanceOf(en, origText, lex);
      d.topics = topicsOf(en, origText, lex);
      d.keyPhrases = keyPhrasesOf(en || span.text, lex, d.topics.length ? 3 : 5);
      d.quantities = [...findQuantities(text, span, lex), ...(orig && !zh ? findQuantities(text, orig, lex) : [])];
      const c = zh ? undefined : contentOf(en, lex);
      if (c) d.content = c;
    }
    return d;
  };

  let lastReported: string | undefined;
  units.forEach((u, ui) => {
    // A pronoun refers back within its own paragraph or turn only.
    lastReported = undefined;
    u.sentences.forEach((s, si) => {
      if (isEditorialNote(s.text) || !LETTER_RE.test(s.text) || isLetterFurniture(s.text, ext, lex)) return;
      const found = matchReport(s.text, ext, u.speaker, lex, lastReported);
      if (found) lastReported = found.who;
      const rep = found?.who !== undefined ? (found as ReportMatch & { who: string }) : undefined;
      if (!rep) {
        drafts.push(make(u, ui, si, s, u.speaker, false));
        return;
      }
      const contentEnd = rep.answerStart ?? s.text.length;
      // A plain report keeps its attribution ("X said that ..."); a framed one ("I agree with X's remarks that
      // ...") is reported by its content alone, the frame being the speaker's own claim.
      const reportedSpan = rep.ownToo ? sub(text, s.start + rep.contentStart, s.end) : sub(text, s.start, s.start + contentEnd);
      const r = make(u, ui, si, reportedSpan, rep.who, true);
      if (u.speaker !== undefined) r.reportedBy = u.speaker;
      // The reported words are the other person's; their stance is read from the reported content alone.
      const content = text.slice(s.start + rep.contentStart, s.start + contentEnd);
      if (r.kind === 'claim') {
        r.stance = (rep.verb !== undefined ? lex.verbStance[rep.verb] : undefined) ?? stanceOf(content, undefined, lex);
        const c = contentOf(content, lex);
        if (c) r.content = c;
        else delete r.content;
      }
      if (rep.ownToo) {
        // "I agree with X's remarks that ..." : X's claim as reported, and the speaker's own claim about it.
        const own = make(u, ui, si, s, u.speaker, false);
        if (rep.frame === 'supports' && own.stance === 'asserts') own.stance = 'concedes';
        drafts.push(r);
        own.answers = drafts.length - 1;
        own.relations.push({ type: rep.frame ?? 'respondsTo', target: -1 });
        drafts.push(own);
      } else if (rep.answerStart !== undefined) {
        drafts.push(r);
        const own = make(u, ui, si, sub(text, s.start + rep.answerStart, s.end), u.speaker, false);
        own.answers = drafts.length - 1;
        drafts.push(own);
      } else drafts.push(r);
    });
  });

  drafts.forEach((d, i) => (d.n = i));
  relate(drafts, ext, lex);
  // Drop the working fields; what is left is the Claim.
  return drafts.map(({ unit, sentence, answers, reported, ...claim }) => (void [unit, sentence, answers, reported], claim));
}

function addRelation(d: Draft, type: ClaimRelationType, target: number): void {
  if (target < 0 || target === d.n) return;
  if (!d.relations.some((r) => r.type === type && r.target === target)) d.relations.push({ type, target });
}

/** Relations between claims: reports and their originals, answers to reports, disputes/supports, repetitions. */
function relate(drafts: Draft[], ext: RecordExtraction, lex: ClaimLexicon): void {
  const words = drafts.map((d) => contentWords(d.span.text, lex));
  const relationOf = (d: Draft): ClaimRelationType | undefined =>
    anyCue(lex.relations.supports, d.span.text, d.original?.text, lex)
      ? 'supports'
      : anyCue(lex.relations.disputes, d.span.text, d.original?.text, lex)
        ? 'disputes'
        : undefined;

  for (const d of drafts) {
    // Framed own claims ("I agree with X's remarks that ...") point at the reported claim just before them.
    const framed = d.relations.findIndex((r) => r.target === -1);
    if (framed >= 0 && d.answers !== undefined) {
      const type = d.relations[framed]!.type;
      d.relations.splice(framed, 1);
      addRelation(d, type, d.answers);
    } else if (d.answers !== undefined) {
      addRelation(d, relationOf(d) ?? 'respondsTo', d.answers);
    }
  }

  drafts.forEach((r, ri) => {
    if (!r.reported) return;
    // The report renders an earlier claim of the same claimant, where one is close enough in wording.
    let best: { i: number; s: number } | undefined;
    for (let i = 0; i < ri; i++) {
      const o = drafts[i]!;
      if (o.reported || o.claimant !== r.claimant) continue;
      const s = similarity(words[ri]!, words[i]!);
      if (s >= 0.25 && (!best || s > best.s)) best = { i, s };
    }
    if (best) addRelation(r, 'reportOf', best.i);
    // The reporter's following sentences in the same turn answer the report, up to the next report.
    for (let k = ri + 1, seen = 0; k < drafts.length && seen < 3; k++) {
      const d = drafts[k]!;
      if (d.unit !== r.unit || d.reported) break;
      if (d.answers !== undefined) continue;
      if (d.kind !== 'claim') continue;
      // A sentence that names somebody else has moved on from the report.
      const named = resolvePerson(d.span.text, ext.people, d.claimant);
      if (named !== undefined && named !== r.claimant) break;
      const rel = relationOf(d);
      if (rel) addRelation(d, rel, ri);
      else if (seen === 0) addRelation(d, 'respondsTo', ri);
      seen++;
    }
  });

  // A claim that disputes or supports without a report before it answers the closest earlier claim of another
  // person it refers to (by name, title or "your remarks"), or of the previous speaker.
  drafts.forEach((d, di) => {
    if (d.kind !== 'claim' || d.reported || d.relations.length > 0) return;
    const rel = relationOf(d);
    if (!rel) return;
    const named = resolvePerson(d.span.text, ext.people, d.claimant);
    const sideOf = (key: string | undefined) => ext.people.find((p) => p.key === key)?.side;
    const mySide = sideOf(d.claimant);
    // The other party: the latest earlier speaker of another turn who is not on the claimant's side (when sides are known).
    const prevSpeaker = [...drafts.slice(0, di)]
      .reverse()
      .find((o) => o.unit !== d.unit && o.claimant !== d.claimant && !o.reported && (mySide === undefined || sideOf(o.claimant) !== mySide))?.claimant;
    // Without a name, a reference ("your remarks") makes the previous speaker of the other side the target; known
    // sides do too for a dispute (agreement with the other side is rarer and is named when it happens).
    const referenced = anyCue(lex.relations.reference, d.span.text, undefined, lex);
    const other = named ?? (referenced || (mySide !== undefined && rel === 'disputes') ? prevSpeaker : undefined);
    if (other === undefined) return;
    let best: { i: number; s: number } | undefined;
    for (let i = 0; i < di; i++) {
      const o = drafts[i]!;
      if (o.kind !== 'claim' || o.claimant !== other || o.unit === d.unit) continue;
      const s = similarity(words[di]!, words[i]!);
      if (!best || s > best.s || (s === best.s && i > best.i)) best = { i, s };
    }
    if (best && (best.s >= 0.2 || named !== undefined || anyCue(lex.relations.reference, d.span.text, undefined, lex))) addRelation(d, rel, best.i);
  });

  // Repetition: a later claim of the same claimant that says the same again (by cue, or nearly the same words).
  drafts.forEach((d, di) => {
    if (d.kind !== 'claim' || d.reported) return;
    const cue = anyCue(lex.relations.repeats, d.span.text, d.original?.text, lex);
    for (let i = di - 1; i >= 0; i--) {
      const o = drafts[i]!;
      if (o.kind !== 'claim' || o.claimant !== d.claimant || o.unit === d.unit || o.reported) continue;
      const s = similarity(words[di]!, words[i]!);
      const shared = [...words[di]!].filter((w) => words[i]!.has(w)).length;
      if ((shared >= 4 && s >= 0.6) || (cue && shared >= 3 && s >= 0.34)) {
        addRelation(d, 'repeats', i);
        break;
      }
    }
  });
}
