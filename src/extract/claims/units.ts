/**
 * Utterance units of a record: one per English turn (with its speaker and aligned original turn), or, for a
 * record without turns, one per paragraph attributed to the record's author. Each unit carries its sentences and
 * the sentence alignment with the original.
 */
import type { RecordExtraction, Span, TextPart, Turn } from '../types.js';
import { alignSentences, coverSpan, type Bead } from './align.js';
import type { ClaimLexicon } from './lexicon.js';
import { splitSentences } from './sentences.js';
import { resolvePerson } from './analyse.js';

export interface Unit {
  /** Person key of whoever speaks or writes the unit. */
  speaker?: string;
  /** Institution key of the writer when the record is written by an institution. */
  institution?: string;
  turn?: { part: TextPart; index: number };
  originalTurn?: { part: TextPart; index: number };
  body: Span;
  original?: Span;
  sentences: Span[];
  originalSentences: Span[];
  beads: Bead[];
}

/** The original span aligned with English sentence `i` of the unit (its bead's original sentences). */
export function alignedOriginal(text: string, unit: Unit, i: number): Span | undefined {
  const bead = unit.beads.find((b) => b.en.includes(i));
  return bead ? coverSpan(text, unit.originalSentences, bead.orig) : undefined;
}

/** Person key of the author/sender of a record without turns. */
export function authorOf(ext: RecordExtraction): string | undefined {
  const parts = ext.event?.participants ?? [];
  const given = (parts.find((p) => p.part === 'author') ?? parts.find((p) => p.part === 'sender'))?.personKey;
  if (given !== undefined) return given;
  // The title names the writer ("Telegram from Ambassador X in Warsaw to ...", "Speech by ...", "Diary of ..."),
  // or a signature closes the text.
  const from = writerPhrase(ext);
  const byTitle = from ? resolvePerson(from, ext.people) : undefined;
  if (byTitle !== undefined) return byTitle;
  const paras = ext.doc.paragraphs;
  for (const p of paras.slice(-3).reverse()) {
    const t = p.span.text.trim();
    if (t.split(/\s+/).length <= 6 && !/[.!?]$/u.test(t)) {
      const who = resolvePerson(t, ext.people);
      if (who !== undefined) return who;
    }
  }
  return undefined;
}

/** The writer as the title names it: after "from", "by", or "Diary of"/"Report of"; undefined when it names none. */
function writerPhrase(ext: RecordExtraction): string | undefined {
  const title = ext.doc.title?.text.replace(/\s+/g, ' ') ?? '';
  const m =
    /\b(?:from|by)\s+(.+?)(?:\s+(?:to|in|at|on|about|concerning|regarding|with)\b|[,:;]|$)/iu.exec(title) ??
    /^(?:from the\s+)?(?:diary|report|notes?|statement|speech|letter|cable|telegram)\s+of\s+(.+?)(?:\s+(?:to|on|about|concerning|regarding|at|with)\b|[,:;]|$)/iu.exec(title);
  return m?.[1];
}

/** Institution key of a record written by an institution, when the title names one the record knows. */
export function authorInstitutionOf(ext: RecordExtraction): string | undefined {
  const phrase = writerPhrase(ext);
  if (!phrase) return undefined;
  const norm = (s: string) => s.toLowerCase().replace(/^the\s+/, '').replace(/\s+/g, ' ').trim();
  const p = norm(phrase);
  const hits = ext.institutions.filter((i) =>
    [i.preferredName, ...i.names.map((n) => n.value)].some((n) => norm(n) === p || p.startsWith(`${norm(n)} `) || norm(n).startsWith(`${p} `)),
  );
  return hits.length === 1 ? hits[0]?.key : undefined;
}

function findTurn(turns: Turn[], part: TextPart, index: number): Turn | undefined {
  return turns.find((t) => t.part === part && t.index === index);
}

/** Build the units of a record and align their sentences. */
export function buildUnits(ext: RecordExtraction, lex: ClaimLexicon): Unit[] {
  const { doc } = ext;
  const text = doc.text;
  const units: Unit[] = [];
  const enTurns = doc.turns.filter((t) => t.part === 'translation');
  const orTurns = doc.turns.filter((t) => t.part === 'original');
  const speakingTurns = enTurns.length > 0 ? enTurns : orTurns;
  if (speakingTurns.length > 0) {
    // Without an explicit alignment, turns in equal number are aligned by order.
    const alignment = new Map<number, number>();
    for (const a of ext.turnAlignment) alignment.set(a.translation, a.original);
    if (alignment.size === 0 && enTurns.length > 0 && enTurns.length === orTurns.length) {
      enTurns.forEach((t, k) => alignment.set(t.index, orTurns[k]?.index ?? -1));
    }
    for (const t of speakingTurns) {
      const gi = doc.turns.indexOf(t);
      const unit: Unit = { body: t.body, turn: { part: t.part, index: t.index }, sentences: [], originalSentences: [], beads: [] };
      const speaker = checkedSpeaker(ext, t, ext.turnSpeakers[gi]);
      if (speaker !== undefined) unit.speaker = speaker;
      if (t.part === 'translation') {
        const oi = alignment.get(t.index);
        const ot = oi === undefined ? undefined : findTurn(doc.turns, 'original', oi);
        if (ot) {
          unit.original = ot.body;
          unit.originalTurn = { part: 'original', index: ot.index };
          // The original turn's speaker stands in when the English one is unresolved.
          if (unit.speaker === undefined) {
            const os = checkedSpeaker(ext, ot, ext.turnSpeakers[doc.turns.indexOf(ot)]);
            if (os !== undefined) unit.speaker = os;
          }
        }
      }
      units.push(unit);
    }
  } else {
    const author = authorOf(ext);
    const institution = author === undefined ? authorInstitutionOf(ext) : undefined;
    const hasEnglish = doc.paragraphs.some((p) => p.part === 'translation');
    const paras = doc.paragraphs.filter((p) => p.part === (hasEnglish ? 'translation' : 'original'));
    for (const p of paras) {
      const unit: Unit = { body: p.span, sentences: [], originalSentences: [], beads: [] };
      if (author !== undefined) unit.speaker = author;
      else if (institution !== undefined) unit.institution = institution;
      units.push(unit);
    }
  }
  for (const u of units) {
    u.sentences = splitSentences(text, u.body, lex);
    if (u.original) {
      u.originalSentences = splitSentences(text, u.original, lex)
        .filter((s) => !isFurniture(ext, s))
        .map((s) => trimFurniture(ext, s));
      u.beads = alignSentences(u.sentences, u.originalSentences, ext.people, lex);
    } else {
      u.beads = u.sentences.map((_, i) => ({ en: [i], orig: [] }));
    }
  }
  return units;
}

/**
 * The speaker of a turn: the person the people stage gave, when the tag is one of that person's names or titles;
 * otherwise the person the tag itself names; otherwise nobody (better no claimant than a wrong one).
 */
function checkedSpeaker(ext: RecordExtraction, turn: Turn, given: string | undefined): string | undefined {
  const tag = turn.speaker.text.trim();
  const norm = (s: string) => s.toLowerCase().replace(/[\[\].,'’]/g, '').replace(/\s+/g, ' ').trim();
  if (given !== undefined) {
    const p = ext.people.find((x) => x.key === given);
    const forms = p ? [...p.names.map((n) => n.value), p.preferredName, ...p.roles.flatMap((r) => [r.asWritten, r.label])] : [];
    const t = norm(tag);
    if (forms.some((f) => norm(f) === t || norm(f).split(' ').includes(t) || t.split(' ').includes(norm(f)) || t.endsWith(` ${norm(f)}`))) return given;
    if (p?.mentions.some((m) => m.span.start === turn.speaker.start && m.span.end === turn.speaker.end)) return given;
  }
  return resolvePerson(tag, ext.people) ?? (given !== undefined && ext.people.length === 0 ? given : undefined);
}

function isFurniture(ext: RecordExtraction, s: Span): boolean {
  return ext.doc.furniture.some((f) => f.span.start <= s.start && f.span.end >= s.end);
}

/** Move a sentence's edges past page furniture glued to it (a running header before the first words). */
function trimFurniture(ext: RecordExtraction, s: Span): Span {
  let { start, end } = s;
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of ext.doc.furniture) {
      if (f.span.start <= start && f.span.end > start && f.span.end < end) {
        start = f.span.end;
        changed = true;
      }
      if (f.span.end >= end && f.span.start < end && f.span.start > start) {
        end = f.span.start;
        changed = true;
      }
    }
    while (start < end && /\s/u.test(ext.doc.text[start] ?? '')) {
      start++;
      changed = true;
    }
    while (end > start && /\s/u.test(ext.doc.text[end - 1] ?? '')) {
      end--;
      changed = true;
    }
  }
  return { start, end, text: ext.doc.text.slice(start, end) };
}
