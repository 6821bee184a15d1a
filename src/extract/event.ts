/**
 * The event a record records (a meeting, an exchange of cables or letters) and the alignment of its speaker
 * turns between the original and the translation.
 */
import type {
  DateMention,
  LangTag,
  Participant,
  ParticipantPart,
  Place,
  RecordDoc,
  RecordedEvent,
  RecordType,
  HeaderKey,
} from './types.js';
import type { HeaderPerson } from './people.js';
import type { Person } from './types.js';
import { hasHan, zhLangOf } from './chinese.js';

/** What buildEvent needs besides the document. */
export interface EventInputs {
  /** Person key of each turn in doc.turns. */
  turnSpeakers: Array<string | undefined>;
  headerPeople: HeaderPerson[];
  /** People who sign the record (letters, cables): its senders. */
  signers?: string[];
  /** The people, to find "from X" / "to Y" in the title. */
  people?: Person[];
  dates: DateMention[];
  places: Place[];
  recordType?: RecordType;
}

/** Participant part of the people named in each header field. */
const HEADER_PART: Partial<Record<HeaderKey, ParticipantPart>> = {
  alsoPresent: 'alsoPresent',
  interpreter: 'interpreter',
  minutesBy: 'noteTaker',
  participants: 'alsoPresent',
  from: 'sender',
  to: 'addressee',
};

const CORRESPONDENCE: ReadonlySet<RecordType> = new Set(['cable', 'telegram', 'letter']);

/**
 * The recorded event: a meeting when the record has a Time/Venue header or speaker turns, correspondence
 * for cables and letters (or From/To headers); undefined when the record shows no event.
 * Participants: every speaker (first speaker tag as evidence), then the people of the header fields
 * (Also Present -> alsoPresent, Interpreter -> interpreter, Minutes by -> noteTaker, From -> sender, To -> addressee).
 */
export function buildEvent(doc: RecordDoc, inp: EventInputs): RecordedEvent | undefined {
  const keys = new Set(doc.header.map((h) => h.key));
  const meeting = keys.has('time') || keys.has('venue') || doc.turns.length > 0;
  const correspondence = keys.has('from') || keys.has('to') || (inp.recordType !== undefined && CORRESPONDENCE.has(inp.recordType));
  if (!meeting && !correspondence && inp.headerPeople.length === 0 && (inp.signers ?? []).length === 0) return undefined;
  const event: RecordedEvent = {
    kind: meeting ? 'meeting' : correspondence ? 'correspondence' : 'other',
    participants: [],
  };
  const date = inp.dates.find((d) => d.role === 'recordDate');
  if (date) event.date = date;
  const time = inp.dates.find((d) => d.role === 'meetingTime' && d.datatype === 'dateTime') ?? inp.dates.find((d) => d.role === 'meetingTime');
  if (time) event.time = time;

  const venues: NonNullable<RecordedEvent['venue']> = [];
  for (const h of doc.header) {
    if (h.key !== 'venue') continue;
    const lang: LangTag = hasHan(h.value.text) ? zhLangOf(h.value.text) : 'en';
    const v: { span: typeof h.value; placeKey?: string; label: string; lang: LangTag } = { span: h.value, label: h.value.text.trim(), lang };
    const place = inp.places.find((p) => p.mentions.some((m) => m.span.start < h.value.end && h.value.start < m.span.end));
    if (place) v.placeKey = place.key;
    venues.push(v);
  }
  if (venues.length) event.venue = venues;

  const seen = new Set<string>();
  const add = (p: Participant): void => {
    const k = `${p.personKey} ${p.part}`;
    if (seen.has(k)) return;
    seen.add(k);
    event.participants.push(p);
  };
  doc.turns.forEach((t, i) => {
    const key = inp.turnSpeakers[i];
    if (key) add({ personKey: key, part: 'speaker', span: t.speaker });
  });
  const speakers = new Set(inp.turnSpeakers.filter((k): k is string => k !== undefined));
  for (const h of inp.headerPeople) {
    const part = HEADER_PART[h.headerKey];
    if (!part) continue;
    // "Participants:" lists the speakers too; they are already in as speakers.
    if (h.headerKey === 'participants' && speakers.has(h.personKey)) continue;
    add({ personKey: h.personKey, part, span: h.span });
  }
  // Correspondence: "Telegram from Ambassador X to Y" in the title, and whoever signs it.
  if (!meeting || correspondence) {
    for (const t of [doc.title, doc.citation].filter((x): x is NonNullable<typeof x> => x !== undefined)) {
      for (const [cue, part] of [[/\bfrom\s+/giu, 'sender'], [/\bto\s+/giu, 'addressee']] as const) {
        let m: RegExpExecArray | null;
        while ((m = cue.exec(t.text))) {
          const at = t.start + m.index + m[0].length;
          const who = (inp.people ?? []).find((p) => !p.unnamed && p.mentions.some((x) => x.span.start >= at && x.span.start <= at + 40 && !/[.,;]/u.test(doc.text.slice(at, x.span.start))));
          const mention = who?.mentions.find((x) => x.span.start >= at && x.span.start <= at + 40);
          if (who && mention) add({ personKey: who.key, part, span: mention.span });
        }
      }
    }
    for (const key of inp.signers ?? []) {
      const p = (inp.people ?? []).find((x) => x.key === key);
      const m = p?.mentions[p.mentions.length - 1];
      if (m) add({ personKey: key, part: correspondence || !meeting ? 'sender' : 'author', span: m.span });
    }
  }
  return event;
}

/**
 * Translation turn <-> original turn, by order and speaker agreement: the longest common subsequence of the
 * two speaker sequences, falling back to pairing by position when both parts have as many turns and the
 * speakers are unknown. Indices are Turn.index (0-based within the part).
 */
export function alignTurnsBySpeaker(doc: RecordDoc, turnSpeakers: Array<string | undefined>): Array<{ translation: number; original: number }> {
  const orig: Array<{ index: number; key: string | undefined }> = [];
  const trans: Array<{ index: number; key: string | undefined }> = [];
  doc.turns.forEach((t, i) => (t.part === 'original' ? orig : trans).push({ index: t.index, key: turnSpeakers[i] }));
  if (orig.length === 0 || trans.length === 0) return [];
  const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && a === b;
  if (orig.length === trans.length && orig.every((o, k) => same(o.key, trans[k]?.key) || o.key === undefined || trans[k]?.key === undefined))
    return trans.map((t, k) => ({ translation: t.index, original: (orig[k] as { index: number }).index }));
  // LCS over speaker keys.
  const n = trans.length;
  const m = orig.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const at = (i: number, j: number): number => L[i]?.[j] ?? 0;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      (L[i] as number[])[j] = same(trans[i]?.key, orig[j]?.key) ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  const out: Array<{ translation: number; original: number }> = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (same(trans[i]?.key, orig[j]?.key)) {
      out.push({ translation: (trans[i] as { index: number }).index, original: (orig[j] as { index: number }).index });
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) i++;
    else j++;
  }
  return out;
}
