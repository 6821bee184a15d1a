/**
 * Build the gazetteer (Wikidata-shaped Turtle) from the reference file /work/shared/reference/wikidata-gazetteer.json.
 * Only entries whose QID a source states (qid_status verified or verified_secondary, with qid_sources) become
 * wd: items; all others become local authority records under the relative IRI authority/{type}/{key}, which
 * resolves against the data base IRI when the gazetteer is loaded. Offices with years are read from the
 * descriptions ("Vice Minister of Foreign Affairs 1961-64") into p:P39 statements with pq:P580/pq:P582.
 */
import { readFileSync } from 'node:fs';
import type { Quad, Quad_Object, Quad_Subject } from '@rdfjs/types';
import { DataFactory, writeTurtle } from './turtle.js';
import { stripQualifier } from './names.js';
import { zhLangOf } from '../extract/chinese.js';
import { ALD_LINK, NS, WD, wdItem, wdP, wdPq, wdPs, wdt } from './vocab.js';

const { namedNode, literal, quad, blankNode } = DataFactory;

/** Placeholder base the builder mints authority IRIs under; written out as relative IRIs. */
export const BUILD_BASE = 'http://archive-ld.invalid/base/';

export interface ReferenceEntity {
  key: string;
  type: string;
  qid: string | null;
  qid_status: string;
  qid_sources: string[];
  label_en: string | null;
  label_zh_hans: string | null;
  label_zh_hant: string | null;
  label_ru: string | null;
  aliases: string[];
  birth_year: number | null;
  death_year: number | null;
  description: string | null;
  ambiguity: string | null;
  notes: string | null;
}

export interface ReferenceFile {
  meta: { about?: string; rule?: string };
  entities: ReferenceEntity[];
}

const STATED = new Set(['verified', 'verified_secondary']);

/** Read and check the reference JSON; errors name the file, the entity index and the field. */
export function readReference(path: string): ReferenceFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: cannot read the reference gazetteer (${err instanceof Error ? err.message : String(err)}). Pass the JSON file with --reference.`);
  }
  const obj = data as Partial<ReferenceFile>;
  if (!obj || !Array.isArray(obj.entities)) throw new Error(`${path}: no "entities" array. Is this the wikidata-gazetteer.json reference file?`);
  obj.entities.forEach((e, i) => {
    if (typeof e?.key !== 'string' || typeof e.type !== 'string') throw new Error(`${path}: entities[${i}] lacks a string "key" or "type". Fix the entry.`);
    if (e.qid !== null && !/^Q\d+$/.test(String(e.qid))) throw new Error(`${path}: entities[${i}] (${e.key}) has qid "${String(e.qid)}", not a Wikidata QID like "Q5816".`);
    if (!Array.isArray(e.aliases) || !Array.isArray(e.qid_sources)) throw new Error(`${path}: entities[${i}] (${e.key}) needs "aliases" and "qid_sources" arrays.`);
  });
  return { meta: obj.meta ?? {}, entities: obj.entities };
}

const slug = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** True when the entry may become a wd: item: a QID, a stated status and at least one source. */
export function isSourcedQid(e: ReferenceEntity): boolean {
  return e.qid !== null && STATED.has(e.qid_status) && e.qid_sources.length > 0;
}

/** Offices with years in a free-text description, one per ';'-separated segment. */
export function positionsFromDescription(description: string): Array<{ label: string; start: number; end?: number }> {
  const out: Array<{ label: string; start: number; end?: number }> = [];
  const year = (s: string, from?: number): number => {
    const y = Number(s.slice(0, 4));
    if (s.length === 2 && from !== undefined) return Math.floor(from / 100) * 100 + Number(s);
    return y;
  };
  let lastHead: string | undefined;
  // Segments end at ';' or at a ', ' after a year ("ambassador to Hungary 1950-54, Indonesia 1954-61").
  for (const raw of description.split(/;|(?<=\d{2}),\s/)) {
    const seg = raw.trim();
    let m = /^(.+?)[\s,]+\(?(\d{4})(?:-\d{2}-\d{2})?(?:\s*(?:-|–|to)\s*(\d{4}|\d{2})(?:-\d{2}-\d{2})?)?\)?$/.exec(seg);
    let label: string | undefined;
    let start: number | undefined;
    let end: number | undefined;
    if (m && m[1] && m[2]) {
      label = m[1].trim();
      start = year(m[2]);
      if (m[3]) end = year(m[3], start);
    } else if ((m = /^(\d{4})\s+(.+)$/.exec(seg)) && m[1] && m[2]) {
      label = m[2].trim();
      start = year(m[1]);
      end = start;
    }
    if (label === undefined || start === undefined) continue;
    if (/^(b|d)\.\s/.test(label)) continue; // birth and death lines, not offices
    if ((label.match(/\(/g) ?? []).length !== (label.match(/\)/g) ?? []).length) continue; // a sentence cut at "(", not an office
    // "ambassador to PRC 1959-65, to Czechoslovakia 1965-73" or "ambassador to Hungary 1950-54, Indonesia 1954-61":
    // an elliptical segment takes the head of the previous office.
    if (lastHead && /^to\s/.test(label)) label = `${lastHead} ${label}`;
    else if (lastHead && /^\p{Lu}[\p{L}-]*(?:\s\p{Lu}[\p{L}-]*)*$/u.test(label)) label = `${lastHead} to ${label}`;
    const head = / to /.exec(label) ? label.slice(0, label.indexOf(' to ')) : undefined;
    if (head) lastHead = head;
    out.push(end !== undefined ? { label, start, end } : { label, start });
  }
  return out;
}

const yearLiteral = (y: number) => literal(`${String(y).padStart(4, '0')}-01-01T00:00:00Z`, namedNode(`${NS.xsd}dateTime`));

/** The gazetteer as quads (default graph), authority IRIs minted under BUILD_BASE. */
export function referenceToQuads(ref: ReferenceFile): Quad[] {
  const out: Quad[] = [];
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => out.push(quad(s, namedNode(p), o));
  const positionIris = new Map<string, string>();
  for (const e of ref.entities) {
    const linkable = isSourcedQid(e) && e.qid !== null;
    const type = ['person', 'organization', 'place', 'event', 'position'].includes(e.type) ? e.type : 'other';
    const s = namedNode(linkable && e.qid ? wdItem(e.qid) : `${BUILD_BASE}authority/${type}/${slug(e.key)}`);
    add(s, `${NS.rdf}type`, namedNode(linkable ? `${NS.wikibase}Item` : ALD_LINK.AuthorityRecord));
    add(s, ALD_LINK.entityType, literal(type));
    add(s, ALD_LINK.authorityKey, literal(e.key));
    add(s, ALD_LINK.qidStatus, literal(e.qid_status));
    for (const src of e.qid_sources) add(s, ALD_LINK.qidSource, literal(src));
    const labels: Array<[string | null, string]> = [
      [e.label_en, 'en'],
      [e.label_zh_hans, 'zh-Hans'],
      [e.label_zh_hant, 'zh-Hant'],
      [e.label_ru, 'ru'],
    ];
    const seen = new Set<string>();
    const addLabel = (value: string, lang: string, preferred: boolean) => {
      const k = `${lang}\u0000${value}`;
      if (seen.has(k) || value.length === 0) return;
      seen.add(k);
      add(s, preferred ? `${NS.rdfs}label` : `${NS.skos}altLabel`, literal(value, lang));
    };
    let qualifierNotes: string[] = [];
    for (const [value, lang] of labels) {
      if (!value) continue;
      const { name, qualifier } = stripQualifier(value);
      addLabel(name, lang, true);
      if (qualifier) qualifierNotes.push(qualifier);
    }
    for (const alias of e.aliases) {
      const { name } = stripQualifier(alias);
      addLabel(name, langOfAlias(name), false);
    }
    if (type === 'person') add(s, wdt(WD.instanceOf), namedNode(wdItem(WD.human)));
    if (e.birth_year !== null) add(s, wdt(WD.dateOfBirth), yearLiteral(e.birth_year));
    if (e.death_year !== null) add(s, wdt(WD.dateOfDeath), yearLiteral(e.death_year));
    const desc = [e.description, ...qualifierNotes].filter((x): x is string => !!x).join('; ');
    if (desc) add(s, `${NS.schema}description`, literal(desc, 'en'));
    if (e.ambiguity) add(s, ALD_LINK.ambiguityNote, literal(e.ambiguity, 'en'));
    if (e.notes) add(s, `${NS.skos}editorialNote`, literal(e.notes, 'en'));
    if (type === 'person' && e.description) {
      for (const pos of positionsFromDescription(e.description)) {
        const key = slug(pos.label);
        let posIri = positionIris.get(key);
        if (!posIri) {
          posIri = `${BUILD_BASE}authority/position/${key}`;
          positionIris.set(key, posIri);
          add(namedNode(posIri), `${NS.rdf}type`, namedNode(ALD_LINK.AuthorityRecord));
          add(namedNode(posIri), ALD_LINK.entityType, literal('position'));
          add(namedNode(posIri), `${NS.rdfs}label`, literal(pos.label, 'en'));
        }
        const st = blankNode(`${slug(e.key)}-p39-${key}-${pos.start}`);
        add(s, wdP(WD.positionHeld), st);
        add(st, wdPs(WD.positionHeld), namedNode(posIri));
        add(st, wdPq(WD.startTime), yearLiteral(pos.start));
        if (pos.end !== undefined) add(st, wdPq(WD.endTime), yearLiteral(pos.end));
      }
    }
  }
  return out;
}

function langOfAlias(s: string): string {
  if (/\p{Script=Han}/u.test(s)) return zhLangOf(s);
  if (/\p{Script=Cyrillic}/u.test(s)) return 'ru';
  if (/\p{Script=Arabic}/u.test(s)) return 'ug';
  return 'en';
}

export const GAZETTEER_PREFIXES: Record<string, string> = {
  wd: NS.wd,
  wdt: NS.wdt,
  p: NS.p,
  ps: NS.ps,
  pq: NS.pq,
  wikibase: NS.wikibase,
  rdfs: NS.rdfs,
  skos: NS.skos,
  schema: NS.schema,
  xsd: NS.xsd,
  ald: NS.ald,
};

/** The gazetteer Turtle text for a reference file: deterministic (same input, same bytes). */
export async function buildGazetteerTurtle(ref: ReferenceFile, referenceLabel: string): Promise<string> {
  const written = await writeTurtle(referenceToQuads(ref), GAZETTEER_PREFIXES);
  const body = written.split(`<${BUILD_BASE}`).join('<');
  return `# archive-ld gazetteer, Wikidata-shaped. Built by "archive-ld gazetteer build" from ${referenceLabel}.\n# Authority records (no sourced QID) use relative IRIs, resolved against the data base IRI on load.\n${body}`;
}
