/**
 * The gazetteer: the local copy of Wikidata items (wd:Q... IRIs, linkable) and local authority records (IRIs
 * under BASE authority/..., never linked) the reconciler matches against. Stored as Turtle in Wikidata's own
 * shape (rdfs:label / skos:altLabel per language, wdt:P31/P569/P570/P27/P106, p:P39 statements with pq:P580 and
 * pq:P582 qualifiers, schema:description) in data/wikidata/gazetteer.ttl.
 *
 * @example
 *   const gaz = loadGazetteer();                       // data/wikidata/gazetteer.ttl, base http://localhost:3030/
 *   gaz.entries.filter((e) => e.qid).length        // the linkable wd: items
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Quad } from '@rdfjs/types';
import { rootPath } from '../paths.js';
import { parseTurtle } from './turtle.js';
import { ALD_LINK, NS, WD, qidOf, wdP, wdPq, wdPs, wdt } from './vocab.js';

export type EntryType = 'person' | 'organization' | 'place' | 'event' | 'position' | 'other';

export interface GazetteerLabel {
  value: string;
  lang: string;
  /** rdfs:label (preferred) or skos:altLabel. */
  preferred: boolean;
}

export interface PositionHeld {
  position: string;
  label?: string;
  /** Years, inclusive. */
  startYear?: number;
  endYear?: number;
}

export interface GazetteerEntry {
  iri: string;
  /** Set only for wd: items: the entries that may be link targets. */
  qid?: string;
  type: EntryType;
  key?: string;
  labels: GazetteerLabel[];
  description?: string;
  birthYear?: number;
  deathYear?: number;
  /** P571 / P576: when a place or body came into being and ended (years). */
  inceptionYear?: number;
  dissolvedYear?: number;
  /** wdt:P31 values (IRIs). */
  instanceOf: string[];
  /** wdt:P27 values (IRIs). */
  citizenship: string[];
  positions: PositionHeld[];
  ambiguity?: string;
  qidStatus?: string;
}

export interface Gazetteer {
  /** File it was loaded from (for messages and provenance). */
  source: string;
  /** Content hash of the file, recorded on every link ("sha256:" + 16 hex). */
  version: string;
  entries: GazetteerEntry[];
  byIri: Map<string, GazetteerEntry>;
  /** The parsed quads, for loading into BASE graph/gazetteer. */
  quads: Quad[];
}

/** Default location of the committed gazetteer. */
export const DEFAULT_GAZETTEER = rootPath('data', 'wikidata', 'gazetteer.ttl');

/**
 * Load the gazetteer Turtle. Relative IRIs in the file (authority records) resolve against `base`, so the
 * authority IRIs follow the configured data base IRI.
 */
export function loadGazetteer(path: string = DEFAULT_GAZETTEER, base = 'http://localhost:3030/'): Gazetteer {
  if (!existsSync(path)) {
    throw new Error(`Gazetteer file not found: ${path}. Build it with "archive-ld gazetteer build --reference <wikidata-gazetteer.json>".`);
  }
  const text = readFileSync(path, 'utf8');
  const quads = parseTurtle(text, path, base);
  const version = `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
  return gazetteerFromQuads(quads, path, version);
}

const RDF_TYPE = `${NS.rdf}type`;
const LABEL = `${NS.rdfs}label`;
const ALT = `${NS.skos}altLabel`;
const DESC = `${NS.schema}description`;

function yearOf(lexical: string): number | undefined {
  const m = /^(-?\d{1,4})/.exec(lexical);
  return m && m[1] ? Number(m[1]) : undefined;
}

/** Read gazetteer entries out of quads (any subject with an ald:entityType or an rdfs:label that is a wd: item). */
export function gazetteerFromQuads(quads: Quad[], source: string, version: string): Gazetteer {
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const k = q.subject.value;
    const list = bySubject.get(k);
    if (list) list.push(q);
    else bySubject.set(k, [q]);
  }
  const entries: GazetteerEntry[] = [];
  for (const [s, qs] of bySubject) {
    if (q1(qs, ALD_LINK.entityType) === undefined && !(qidOf(s) && qs.some((q) => q.predicate.value === LABEL))) continue;
    const qid = qidOf(s);
    const type = (q1(qs, ALD_LINK.entityType) ?? (qs.some((q) => q.predicate.value === wdt(WD.instanceOf) && q.object.value === `${NS.wd}${WD.human}`) ? 'person' : 'other')) as EntryType;
    const entry: GazetteerEntry = {
      iri: s,
      type,
      labels: [],
      instanceOf: [],
      citizenship: [],
      positions: [],
    };
    if (qid && !qs.some((q) => q.predicate.value === RDF_TYPE && q.object.value === ALD_LINK.AuthorityRecord)) entry.qid = qid;
    for (const q of qs) {
      const p = q.predicate.value;
      const o = q.object;
      if ((p === LABEL || p === ALT) && o.termType === 'Literal') entry.labels.push({ value: o.value, lang: o.language, preferred: p === LABEL });
      else if (p === DESC && o.termType === 'Literal' && (o.language === 'en' || entry.description === undefined)) entry.description = o.value;
      else if (p === wdt(WD.dateOfBirth)) setIf(entry, 'birthYear', yearOf(o.value));
      else if (p === wdt(WD.dateOfDeath)) setIf(entry, 'deathYear', yearOf(o.value));
      else if (p === wdt(WD.inception)) setIf(entry, 'inceptionYear', yearOf(o.value));
      else if (p === wdt(WD.dissolved)) setIf(entry, 'dissolvedYear', yearOf(o.value));
      else if (p === wdt(WD.instanceOf)) entry.instanceOf.push(o.value);
      else if (p === wdt(WD.citizenship)) entry.citizenship.push(o.value);
      else if (p === ALD_LINK.authorityKey) entry.key = o.value;
      else if (p === ALD_LINK.ambiguityNote) entry.ambiguity = o.value;
      else if (p === ALD_LINK.qidStatus) entry.qidStatus = o.value;
      else if (p === wdP(WD.positionHeld)) {
        const st = bySubject.get(o.value) ?? [];
        const pos = q1(st, wdPs(WD.positionHeld));
        if (pos === undefined) continue;
        const held: PositionHeld = { position: pos };
        const label = q1(bySubject.get(pos) ?? [], LABEL);
        if (label !== undefined) held.label = label;
        setIf(held, 'startYear', yearOf(q1(st, wdPq(WD.startTime)) ?? ''));
        setIf(held, 'endYear', yearOf(q1(st, wdPq(WD.endTime)) ?? ''));
        entry.positions.push(held);
      }
    }
    // Truthy P39 without a statement node (as the Query Service returns it).
    for (const q of qs) {
      if (q.predicate.value === wdt(WD.positionHeld) && !entry.positions.some((p) => p.position === q.object.value)) {
        const held: PositionHeld = { position: q.object.value };
        const label = q1(bySubject.get(q.object.value) ?? [], LABEL);
        if (label !== undefined) held.label = label;
        entry.positions.push(held);
      }
    }
    if (entry.labels.length > 0) entries.push(entry);
  }
  entries.sort((a, b) => (a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0));
  return { source, version, entries, byIri: new Map(entries.map((e) => [e.iri, e])), quads };
}

function q1(qs: Quad[], predicate: string): string | undefined {
  return qs.find((q) => q.predicate.value === predicate)?.object.value;
}

function setIf<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) obj[key] = value;
}
