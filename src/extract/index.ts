/**
 * The extraction orchestrator: one record in, one RecordExtraction out.
 *
 *   readRecord -> dates, identifiers, institutions, places, distribution, admin, record info
 *              -> people (using the institutions and places found) -> event, turn speakers and alignment
 *              -> claims and discrepancies
 *
 * @example
 *   const ext = extractRecord('data/records/x.txt', readFileSync('data/records/x.txt'));
 *   ext.people.map((p) => p.key);     // ['zhao-liang', 'pavel-belyakov', ...]
 *   ext.turnSpeakers;                  // person key of each doc.turns entry
 */
import { readRecord } from './reader/index.js';
import { extractDates } from './dates.js';
import { extractIdentifiers } from './identifiers.js';
import { extractInstitutions } from './institutions.js';
import { extractPlaces } from './places.js';
import { extractDistribution } from './distribution.js';
import { extractAdmin } from './admin.js';
import { extractRecordInfo, recordIdOf } from './record.js';
import { extractPeople, mergeNamedMentions, mergePerson } from './people.js';
import { alignTurnsBySpeaker, buildEvent } from './event.js';
import { claimUnits, extractClaims, findDiscrepancies } from './claims/index.js';
import type { Discrepancy, Institution, Person, RecordDoc, RecordExtraction } from './types.js';

export { slugOf } from './names.js';
export { extractPeople } from './people.js';

/** Options of the orchestrator. */
export interface ExtractOptions {
  /** Run claim extraction (issue 4) and its discrepancy rules; on by default. */
  claims?: boolean;
}

/** Reads a record (file path for messages, its bytes or text) and extracts everything from it. */
export function extractRecord(file: string, input: string | Uint8Array, options: ExtractOptions = {}): RecordExtraction {
  return extractDocument(readRecord(file, input), options);
}

/** Extracts everything from a record already read. Deterministic: the same document gives the same result. */
export function extractDocument(doc: RecordDoc, options: ExtractOptions = {}): RecordExtraction {
  const dates = extractDates(doc);
  const identifiers = extractIdentifiers(doc);
  const institutions = extractInstitutions(doc);
  const places = extractPlaces(doc);
  const distribution = extractDistribution(doc);
  const admin = extractAdmin(doc);
  const allInstitutions = mergeByKey(institutions, distribution.institutions, mergeInstitution);
  const record = extractRecordInfo(doc, allInstitutions);
  const recordDate = record.date?.value ?? dates.find((d) => d.role === 'recordDate')?.value;

  const recordId = recordIdOf(doc);
  const found = extractPeople(doc, {
    recordId,
    institutions: allInstitutions,
    impliedInstitutions: institutions,
    places,
    ...(recordDate ? { recordDate: recordDate.slice(0, 10) } : {}),
  });
  const people = mergeByKey(found.people, distribution.people, mergePerson);
  // The side of a person is the country of the institution their role is held in.
  for (const p of people) {
    if (p.side !== undefined) continue;
    const countries = new Set(
      p.roles.map((r) => allInstitutions.find((i) => i.key === r.affiliationKey)?.country).filter((c): c is string => c !== undefined),
    );
    if (countries.size === 1) p.side = [...countries][0] as string;
  }
  const turnAlignment = alignTurnsBySpeaker(doc, found.turnSpeakers);
  const turnSpeakers = speakersFromAlignedTurns(doc, found.turnSpeakers, turnAlignment);
  const event = buildEvent(doc, {
    turnSpeakers,
    headerPeople: found.headerPeople,
    signers: found.signers,
    people,
    dates,
    places,
    ...(record.type ? { recordType: record.type.key } : {}),
  });
  const ext: RecordExtraction = {
    doc,
    recordId,
    record,
    people,
    institutions: allInstitutions,
    places,
    dates,
    identifiers,
    turnSpeakers,
    turnAlignment,
    distribution: distribution.entries,
    admin,
    discrepancies: [...found.discrepancies],
  };
  if (event) ext.event = event;
  if (options.claims !== false) {
    // both stages read the same sentence units: built once
    const units = claimUnits(ext);
    ext.claims = extractClaims(ext, units);
    addDiscrepancies(ext.discrepancies, findDiscrepancies(ext, units));
  }
  return ext;
}

/** Adds discrepancies not already present (same kind and spans). */
function addDiscrepancies(into: Discrepancy[], more: Discrepancy[]): void {
  for (const d of more) {
    const dup = into.some(
      (x) => x.kind === d.kind && x.original.start === d.original.start && x.original.end === d.original.end && x.translation.start === d.translation.start,
    );
    if (!dup) into.push(d);
  }
}

/** Entities from two extractors, those with the same key merged into one. */
function mergeByKey<T extends { key: string }>(a: T[], b: T[], merge: (into: T, from: T) => void): T[] {
  const out: T[] = [];
  const byKey = new Map<string, T>();
  for (const e of [...a, ...b]) {
    const prev = byKey.get(e.key);
    if (prev) merge(prev, e);
    else {
      const copy = { ...e };
      byKey.set(e.key, copy);
      out.push(copy);
    }
  }
  return out;
}

/** Union of names and mentions of one institution from two sources. */
function mergeInstitution(into: Institution, from: Institution): void {
  mergeNamedMentions(into, from, (x, n) => x.value === n.value && x.lang === n.lang);
  if (into.parentKey === undefined && from.parentKey !== undefined) into.parentKey = from.parentKey;
  if (into.country === undefined && from.country !== undefined) into.country = from.country;
}

/**
 * A turn whose tag names no one the record identifies (a role alone such as "Nagykövet:", a damaged name) speaks
 * for the speaker of the turn it is aligned with in the other text: the translation and the original record the
 * same exchange. Only pairs from the alignment are used, so a turn stays without a speaker when nothing ties it to
 * one. Returns a new array; `speakers` is indexed like doc.turns.
 */
export function speakersFromAlignedTurns(
  doc: RecordDoc,
  speakers: ReadonlyArray<string | undefined>,
  alignment: ReadonlyArray<{ translation: number; original: number }>,
): Array<string | undefined> {
  const out = [...speakers];
  const position = new Map<string, number>();
  doc.turns.forEach((t, i) => position.set(`${t.part}:${t.index}`, i));
  for (const a of alignment) {
    const tr = position.get(`translation:${a.translation}`);
    const or = position.get(`original:${a.original}`);
    if (tr === undefined || or === undefined) continue;
    if (out[or] === undefined && out[tr] !== undefined) out[or] = out[tr];
    else if (out[tr] === undefined && out[or] !== undefined) out[tr] = out[or];
  }
  return out;
}
