/**
 * The reconciler: matches the people, institutions and places of one record's extraction against the gazetteer.
 *
 * Candidates come from every name form the extractor tied to the entity (the record's own context resolves
 * surname-only and titled mentions first), compared with every label and alias of every gazetteer entry of the
 * same type, in every script (see names.ts). A candidate's score is the mean of its name score and the scores of
 * the properties that could be checked (alive at the record's date, an office held at that date, citizenship
 * against the record's side). Acceptance follows OpenRefine's Wikidata rule: score >= 95 - 5 per supplied
 * property and a lead of more than 10 over the runner-up; besides, only wd: items with a sourced QID are ever
 * link targets, names the gazetteer marks as ambiguous need a matching property, and entities known only from an
 * uncertain distribution-list identification are never linked. Everything else becomes a review item.
 *
 * @example
 *   const result = linkExtraction(extraction, loadGazetteer());
 *   result.links.filter((l) => l.decision === 'linked').map((l) => [l.subject.key, l.best?.entry.qid]);
 */
import type { Certainty, MentionContext, NameForm, RecordExtraction, RoleAttestation } from '../extract/types.js';
import type { EntryType, Gazetteer, GazetteerEntry } from './gazetteer.js';
import { asPlaceOrBodyName, blockKeys, compareGivenName, compareNames, latinTokens, lookupKey, normaliseHan, scriptOf } from './names.js';

export type SubjectKind = 'person' | 'institution' | 'place';

/** An archive entity to link, gathered from the extraction. */
export interface LinkSubject {
  kind: SubjectKind;
  key: string;
  label: string;
  forms: NameForm[];
  contexts: MentionContext[];
  roles: RoleAttestation[];
  side?: string;
  /** Took part in the recorded event or received a copy: must be alive at the record's date. */
  participates: boolean;
  /** Distribution-list entries that identified the entity, with the identification's certainty. */
  distribution: Array<{ asWritten: string; certainty: Certainty }>;
}

export interface CandidateScore {
  entry: GazetteerEntry;
  /** 0..100, rounded to 0.1. */
  score: number;
  nameScore: number;
  /** Number of properties checked besides the name (lowers the threshold by 5 each). */
  supplied: number;
  /** Properties that matched. */
  matched: number;
  /** Machine keys: "name:exact", "alive:match", "position:mismatch", ... */
  features: string[];
  /** The same in words, for the review UI and the link's provenance. */
  evidence: string[];
  /** Set when the candidate is ruled out whatever its name score (born after the record, ...). */
  excluded?: string;
}

export interface EntityLink {
  subject: LinkSubject;
  decision: 'linked' | 'review';
  /** Candidates best first (excluded ones last). */
  candidates: CandidateScore[];
  best?: CandidateScore;
  threshold: number;
  /** best.score - runner-up score (the runner-up counts 0 when absent). */
  margin: number;
  /** Why a review item was kept instead of a link. */
  reason?: string;
}

export interface LinkResult {
  recordId: string;
  /** Year of the record's date, when known (used for the life-date and office checks). */
  recordYear?: number;
  gazetteerVersion: string;
  gazetteerSource: string;
  links: EntityLink[];
}

export interface LinkOptions {
  /** Minimum name score for an entry to be a candidate at all (default 50 for people, 70 for places and bodies). */
  minNameScore?: number;
}

/**
 * Name score a link needs whatever the properties add: people 80 (a spelling variant passes, a bare surname or
 * given name does not), places and bodies 95 (the whole name).
 */
export const MIN_LINK_NAME = { person: 80, other: 95 } as const;

/** Lead over the runner-up a link needs (OpenRefine: more than 10). */
export const MIN_MARGIN = 10;

/** 95 minus 5 per supplied property (OpenRefine's auto-match rule). */
export function thresholdFor(supplied: number): number {
  return 95 - 5 * supplied;
}

const ENTRY_TYPE: Record<SubjectKind, EntryType> = { person: 'person', institution: 'organization', place: 'place' };
const PARTICIPATING: ReadonlySet<MentionContext> = new Set(['header', 'speakerTag', 'distribution']);

/** Link one record's entities. Deterministic: the same extraction and gazetteer give the same result. */
export function linkExtraction(ext: RecordExtraction, gazetteer: Gazetteer, options: LinkOptions = {}): LinkResult {
  const recordYear = recordYearOf(ext);
  const result: LinkResult = { recordId: ext.recordId, gazetteerVersion: gazetteer.version, gazetteerSource: gazetteer.source, links: [] };
  if (recordYear !== undefined) result.recordYear = recordYear;
  for (const subject of subjectsOf(ext)) {
    const link = linkSubject(subject, gazetteer, recordYear, options);
    if (link) result.links.push(link);
  }
  return result;
}

/** Link one subject; undefined when no gazetteer entry comes near its names. */
export function linkSubject(subject: LinkSubject, gazetteer: Gazetteer, recordYear: number | undefined, options: LinkOptions = {}): EntityLink | undefined {
  // Review items for places and bodies only from near-whole names: a shared "Ministry of Foreign Affairs" is noise.
  const minName = options.minNameScore ?? (subject.kind === 'person' ? 50 : 70);
  const wanted = ENTRY_TYPE[subject.kind];
  const candidates: CandidateScore[] = [];
  for (const entry of blockedEntries(subject, gazetteer)) {
    if (entry.type !== wanted) continue;
    const c = scoreCandidate(subject, entry, gazetteer, recordYear);
    if (c && c.nameScore >= minName) candidates.push(c);
  }
  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => Number(!!a.excluded) - Number(!!b.excluded) || b.score - a.score || (a.entry.iri < b.entry.iri ? -1 : 1));
  const best = candidates[0];
  if (!best) return undefined;
  const runnerUp = candidates.find((c, i) => i > 0 && !c.excluded)?.score ?? 0;
  const margin = round(best.score - runnerUp);
  const threshold = thresholdFor(best.supplied);
  const link: EntityLink = { subject, decision: 'review', candidates, best, threshold, margin };
  const reason = withholdReason(subject, best, threshold, margin, candidates);
  if (reason) link.reason = reason;
  else link.decision = 'linked';
  return link;
}

const INDEX = new WeakMap<Gazetteer, Map<string, GazetteerEntry[]>>();

/** Entries sharing a blocking key with one of the subject's names, in gazetteer order (built once per gazetteer). */
function blockedEntries(subject: LinkSubject, gazetteer: Gazetteer): GazetteerEntry[] {
  let index = INDEX.get(gazetteer);
  if (!index) {
    index = new Map();
    for (const entry of gazetteer.entries) {
      for (const key of new Set(entry.labels.flatMap((l) => blockKeys(l.value)))) {
        const list = index.get(key);
        if (list) list.push(entry);
        else index.set(key, [entry]);
      }
    }
    INDEX.set(gazetteer, index);
  }
  const forms = scoringForms(subject).map((f) => f.value.replace(/[[\]]/g, ''));
  const hit = new Set<GazetteerEntry>();
  for (const f of forms) for (const key of blockKeys(f)) for (const e of index.get(key) ?? []) hit.add(e);
  return gazetteer.entries.filter((e) => hit.has(e));
}

function withholdReason(subject: LinkSubject, best: CandidateScore, threshold: number, margin: number, all: CandidateScore[]): string | undefined {
  if (best.excluded) return `every candidate is ruled out (${best.excluded})`;
  if (!best.entry.qid) return 'the best candidate is a local authority record: no source states its Wikidata QID';
  const minName = subject.kind === 'person' ? MIN_LINK_NAME.person : MIN_LINK_NAME.other;
  if (best.nameScore < minName) return `the name matches only in part (${best.nameScore} < ${minName}); other properties cannot make up for it`;
  if (best.score < threshold) return `score ${best.score} is below the threshold ${threshold} (95 - 5 x ${best.supplied} supplied properties)`;
  if (margin <= MIN_MARGIN) {
    const second = all.find((c, i) => i > 0 && !c.excluded);
    return `lead over the runner-up ${second ? `(${second.entry.qid ?? second.entry.iri}, ${second.score}) ` : ''}is ${margin}, not more than ${MIN_MARGIN}`;
  }
  if (best.entry.ambiguity && best.matched === 0) return `the gazetteer marks the name as ambiguous and no property separates the candidates (${best.entry.ambiguity})`;
  // People share names far more than places do: a name alone never links a person.
  if (subject.kind === 'person' && best.matched === 0) return 'no property besides the name (life dates, office, side) supports the match';
  if (best.features.includes('name:han-conflict')) return 'the Chinese characters in the record differ from the candidate\'s';
  const dist = subject.distribution;
  if (dist.length > 0 && subject.forms.length === 0 && dist.every((d) => d.certainty === 'uncertain' || d.certainty === 'unresolved')) {
    return 'known only from a distribution-list entry whose identification is uncertain';
  }
  return undefined;
}

/** Score one gazetteer entry against a subject; undefined when no name comes near. */
export function scoreCandidate(subject: LinkSubject, entry: GazetteerEntry, gazetteer: Gazetteer, recordYear: number | undefined): CandidateScore | undefined {
  const name = bestName(subject, entry);
  if (!name) return undefined;
  const features = [`name:${name.how}`, `type:${entry.type}`];
  const evidence = [name.evidence, `a ${entry.type} in the gazetteer, as the record's ${subject.kind}`];
  const props: number[] = [];
  let matched = 0;
  let excluded: string | undefined;

  // Alive at the record's date (years, inclusive; a person without a death year is taken as alive up to 100).
  if (recordYear !== undefined && subject.kind === 'person' && (entry.birthYear !== undefined || entry.deathYear !== undefined)) {
    const born = entry.birthYear;
    const died = entry.deathYear ?? (born !== undefined ? born + 100 : undefined);
    const life = `${born ?? '?'}-${entry.deathYear ?? ''}`;
    if (born !== undefined && born > recordYear) {
      excluded = `born ${born}, after the record's year ${recordYear}`;
      features.push('alive:unborn');
      evidence.push(`born ${born}, after the record (${recordYear})`);
      props.push(0);
    } else if (died !== undefined && died < recordYear) {
      features.push('alive:dead');
      evidence.push(`died ${died}, before the record (${recordYear})`);
      props.push(0);
      if (subject.participates) excluded = `died ${died}, before the record's year ${recordYear}, but the record has the person take part`;
    } else {
      features.push('alive:match');
      evidence.push(`alive at the record's date ${recordYear} (life ${life})`);
      props.push(100);
      matched++;
    }
  }

  // A place or body that did not exist yet at the record's date cannot be what the record names (a 1945 "China"
  // is not the People's Republic); one that had ended may still be named, so that only counts against.
  if (recordYear !== undefined && subject.kind !== 'person' && (entry.inceptionYear !== undefined || entry.dissolvedYear !== undefined)) {
    const span = `${entry.inceptionYear ?? '?'}-${entry.dissolvedYear ?? ''}`;
    if (entry.inceptionYear !== undefined && entry.inceptionYear > recordYear) {
      excluded = `came into being in ${entry.inceptionYear}, after the record's year ${recordYear}`;
      features.push('exists:not-yet');
      evidence.push(`came into being in ${entry.inceptionYear}, after the record (${recordYear})`);
      props.push(0);
    } else if (entry.dissolvedYear !== undefined && entry.dissolvedYear < recordYear) {
      features.push('exists:ended');
      evidence.push(`ended in ${entry.dissolvedYear}, before the record (${recordYear})`);
      props.push(0);
    } else {
      features.push('exists:match');
      evidence.push(`existed at the record's date ${recordYear} (${span})`);
      props.push(100);
      matched++;
    }
  }

  // An office held at the record's date.
  if (recordYear !== undefined && subject.roles.length > 0 && entry.positions.length > 0) {
    const held = entry.positions.filter((p) => p.label && (p.startYear ?? -Infinity) <= recordYear && recordYear <= (p.endYear ?? p.startYear ?? Infinity));
    const hit = held.find((p) => subject.roles.some((r) => roleMatches(r.label, p.label ?? '') || roleMatches(r.asWritten, p.label ?? '')));
    if (hit) {
      features.push('position:match');
      evidence.push(`held "${hit.label}" ${hit.startYear ?? '?'}-${hit.endYear ?? ''}, matching the record's "${roleLabels(subject).join('", "')}"`);
      props.push(100);
      matched++;
    } else {
      features.push('position:mismatch');
      evidence.push(`no office held in ${recordYear} matches "${roleLabels(subject).join('", "')}"`);
      props.push(0);
    }
  }

  // Citizenship against the record's side, when both are known.
  if (subject.side && entry.citizenship.length > 0) {
    const side = resolveSide(subject.side, gazetteer);
    if (side) {
      const ok = entry.citizenship.includes(side.iri);
      features.push(ok ? 'side:match' : 'side:mismatch');
      evidence.push(ok ? `citizen of ${side.label}, the record's side` : `not a citizen of ${side.label}, the record's side`);
      props.push(ok ? 100 : 0);
      if (ok) matched++;
    }
  }

  let score = (name.score + props.reduce((a, b) => a + b, 0)) / (1 + props.length);
  // An identification the distribution list marks as only probable costs 10.
  if (subject.forms.length === 0 && subject.distribution.length > 0 && subject.distribution.every((d) => d.certainty !== 'explicit' && d.certainty !== 'established')) {
    score -= 10;
    features.push('distribution:probable');
  }
  for (const d of subject.distribution) evidence.push(`identified from the distribution-list entry "${d.asWritten}" (${d.certainty})`);
  if (name.hanConflict) features.push('name:han-conflict');
  const c: CandidateScore = { entry, score: round(score), nameScore: round(name.score), supplied: props.length, matched, features, evidence };
  if (excluded) c.excluded = excluded;
  return c;
}

interface BestName {
  score: number;
  how: string;
  evidence: string;
  hanConflict: boolean;
}

/** The best name match over the subject's forms and the entry's labels, with the Chinese-character check. */
function bestName(subject: LinkSubject, entry: GazetteerEntry): BestName | undefined {
  let best: BestName | undefined;
  for (const form of scoringForms(subject)) {
    if (form.kind === 'titled') continue;
    const value = form.value.replace(/[[\]]/g, '');
    for (const label of entry.labels) {
      const raw = form.kind === 'given' ? compareGivenName(value, label.value) : compareNames(value, label.value);
      const m = subject.kind === 'person' ? raw : asPlaceOrBodyName(raw);
      if (m.score > (best?.score ?? 0)) {
        best = { score: m.score, how: m.how, evidence: `name "${value}" ~ "${label.value}"@${label.lang} (${m.how}, ${m.score})`, hanConflict: false };
      }
    }
  }
  if (!best) return undefined;
  // Same romanisation, different characters (黄镇 / 黄震): a full Chinese form of the record must equal one of
  // the entry's Chinese labels when the entry has any.
  const hanForms = subject.forms.filter((f) => (f.kind === 'full' || f.kind === 'variant') && scriptOf(f.value) === 'han' && normaliseHan(f.value).length >= 2).map((f) => normaliseHan(f.value));
  const hanLabels = entry.labels.filter((l) => scriptOf(l.value) === 'han').map((l) => normaliseHan(l.value));
  if (subject.kind === 'person' && hanForms.length > 0 && hanLabels.length > 0 && !hanForms.some((f) => hanLabels.includes(f))) {
    best = { ...best, score: Math.min(best.score, 50), hanConflict: true, evidence: `${best.evidence}; but the record writes ${hanForms.join('/')} and the entry ${hanLabels.join('/')}` };
  }
  return best;
}

function roleLabels(subject: LinkSubject): string[] {
  return [...new Set(subject.roles.map((r) => r.label))];
}

const FULL_KINDS: ReadonlySet<NameForm['kind']> = new Set(['full', 'variant', 'editorial', 'codeName']);

/**
 * The forms a subject is matched by: its whole names when the record gives any (a bare surname or speaker tag
 * would otherwise match every namesake: "Chen" of "Chen Bo" is not "Chen Yi"), else what there is, titles
 * excepted; the resolved label when the record has no form at all (a distribution-list identification).
 */
function scoringForms(subject: LinkSubject): NameForm[] {
  if (subject.forms.length === 0) return [{ value: subject.label, lang: 'en', kind: 'full' }];
  const full = subject.forms.filter((f) => FULL_KINDS.has(f.kind));
  return (full.length > 0 ? full : subject.forms).filter((f) => f.kind !== 'titled');
}

const ROLE_STOP = new Set(['of', 'the', 'an', 'and', 'at', 'in', 'for', 'prc', 'ussr']);

/** A role as written in the record ("Vice Minister") is contained in an office label ("Vice Minister of Foreign Affairs"). */
export function roleMatches(role: string, office: string): boolean {
  if (scriptOf(role) === 'han' || scriptOf(office) === 'han') return normaliseHan(role).length > 0 && normaliseHan(office).includes(normaliseHan(role));
  const r = latinTokens(role).filter((t) => !ROLE_STOP.has(t));
  const o = latinTokens(office).filter((t) => !ROLE_STOP.has(t));
  // A one-letter office token is an abbreviation ("a.i." for "ad interim").
  return r.length > 0 && r.every((t) => o.includes(t) || (t.length > 1 && o.some((x) => x.length === 1 && t.startsWith(x))));
}

/** Resolve a side key ("soviet-union", "china") to a place entry of the gazetteer by its names. */
export function resolveSide(side: string, gazetteer: Gazetteer): { iri: string; label: string } | undefined {
  const k = lookupKey(side.replace(/-/g, ' '));
  const hits = gazetteer.entries.filter((e) => e.type === 'place' && e.labels.some((l) => lookupKey(l.value) === k));
  const only = hits.length === 1 ? hits[0] : undefined;
  return only ? { iri: only.iri, label: only.labels[0]?.value ?? side } : undefined;
}

const DATE_ROLES_FOR_YEAR = ['recordDate', 'meetingTime', 'sent', 'scanHeader', 'received', 'stamp'] as const;

/**
 * The year of the record's date: the record's date line, else the event's date, else the first date the
 * record gives itself (its date, meeting time, sending, scan header, receipt, stamp), never a date it mentions.
 */
export function recordYearOf(ext: RecordExtraction): number | undefined {
  const own = DATE_ROLES_FOR_YEAR.map((role) => ext.dates.find((d) => d.role === role)?.value).find((v) => v !== undefined);
  const v = ext.record.date?.value ?? ext.event?.date?.value ?? own;
  const m = v ? /^(\d{4})/.exec(v) : null;
  return m && m[1] ? Number(m[1]) : undefined;
}

/**
 * The subjects of a record: its people (named ones), institutions and places, plus persons and institutions
 * that only a resolved distribution-list entry names.
 */
export function subjectsOf(ext: RecordExtraction): LinkSubject[] {
  const out: LinkSubject[] = [];
  const byKey = new Map<string, LinkSubject>();
  const participants = new Set((ext.event?.participants ?? []).filter((p) => p.part !== 'mentioned').map((p) => p.personKey));
  for (const p of ext.people) {
    if (p.unnamed) continue;
    const contexts = [...new Set(p.mentions.map((m) => m.context))];
    const s: LinkSubject = {
      kind: 'person',
      key: p.key,
      label: p.preferredName,
      forms: withPreferred(p.preferredName, p.names),
      contexts,
      roles: p.roles,
      participates: participants.has(p.key) || contexts.some((c) => PARTICIPATING.has(c)),
      distribution: [],
    };
    if (p.side) s.side = p.side;
    out.push(s);
    byKey.set(`person/${p.key}`, s);
  }
  for (const i of ext.institutions) {
    const s: LinkSubject = { kind: 'institution', key: i.key, label: i.preferredName, forms: withPreferred(i.preferredName, i.names), contexts: [...new Set(i.mentions.map((m) => m.context))], roles: [], participates: false, distribution: [] };
    if (i.country) s.side = i.country;
    out.push(s);
    byKey.set(`institution/${i.key}`, s);
  }
  for (const pl of ext.places) {
    const s: LinkSubject = { kind: 'place', key: pl.key, label: pl.preferredName, forms: withPreferred(pl.preferredName, pl.names), contexts: [...new Set(pl.mentions.map((m) => m.context))], roles: [], participates: false, distribution: [] };
    out.push(s);
    byKey.set(`place/${pl.key}`, s);
  }
  for (const d of ext.distribution) {
    if (!d.resolved) continue;
    const kind: SubjectKind = d.resolved.kind === 'person' ? 'person' : 'institution';
    const id = `${kind}/${d.resolved.key}`;
    let s = byKey.get(id);
    if (!s) {
      // Only the list names it: its resolved label is its one name form.
      s = { kind, key: d.resolved.key, label: d.resolved.label, forms: [], contexts: ['distribution'], roles: [], participates: kind === 'person', distribution: [] };
      out.push(s);
      byKey.set(id, s);
    } else if (kind === 'person') s.participates = true;
    s.distribution.push({ asWritten: d.asWritten, certainty: d.certainty });
  }
  return out;
}

function withPreferred(preferred: string, names: NameForm[]): NameForm[] {
  const forms = [...names];
  if (preferred && !names.some((n) => n.value === preferred)) forms.unshift({ value: preferred, lang: scriptOf(preferred) === 'han' ? 'zh' : 'en', kind: 'full' });
  return forms;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
