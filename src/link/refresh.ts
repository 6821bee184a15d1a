/**
 * Online mode: fill and update the gazetteer from Wikidata.
 *   - refresh: the named query queries/links-wikidata-refresh.rq on the Query Service, for every wd: item
 *     already in the gazetteer;
 *   - search: wbsearchentities for given names, then wbgetentities for the hits, cached as new wd: items.
 * The result is merged into the gazetteer file: triples are added, nothing is deleted, local authority records
 * and local annotations (sources, ambiguity notes) stay as they are.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Quad, Quad_Object, Quad_Subject } from '@rdfjs/types';
import { rootPath } from '../paths.js';
import { BUILD_BASE, GAZETTEER_PREFIXES } from './build-gazetteer.js';
import type { EntryType } from './gazetteer.js';
import { DataFactory, parseTurtle, writeTurtle } from './turtle.js';
import { ALD_LINK, NS, WD, qidOf, wdItem, wdP, wdPq, wdPs, wdt } from './vocab.js';
import { WikidataClient, type SparqlJson, type WbEntity, type WbSnak, type WikidataClientOptions } from './wikidata-client.js';

const { namedNode, literal, quad, blankNode } = DataFactory;

const LANGS = new Set(['en', 'zh-hans', 'zh-hant', 'zh', 'ru']);
const CLAIMS = [WD.instanceOf, WD.dateOfBirth, WD.dateOfDeath, WD.citizenship, WD.occupation, WD.inception, WD.dissolved];

/** The refresh query with the given QIDs in its VALUES clause. */
export function refreshQuery(qids: string[]): string {
  const text = readFileSync(rootPath('queries', 'links-wikidata-refresh.rq'), 'utf8');
  const values = qids.filter((q) => /^Q\d+$/.test(q)).map((q) => `wd:${q}`).join(' ');
  return text.replace(/VALUES \?item \{[^}]*\}/, `VALUES ?item { ${values} }`);
}

/** SPARQL JSON rows (?s ?p ?o) to quads. */
export function rowsToQuads(result: SparqlJson): Quad[] {
  const out: Quad[] = [];
  for (const b of result.results.bindings) {
    const s = b['s'];
    const p = b['p'];
    const o = b['o'];
    if (!s || !p || !o || s.type !== 'uri' || p.type !== 'uri') continue;
    const obj: Quad_Object = o.type === 'uri' ? namedNode(o.value) : o.type === 'bnode' ? blankNode(o.value) : o['xml:lang'] ? literal(o.value, o['xml:lang']) : literal(o.value, o.datatype ? namedNode(o.datatype) : undefined);
    out.push(quad(namedNode(s.value), namedNode(p.value), obj));
  }
  return out;
}

function snakObject(snak: WbSnak): Quad_Object | undefined {
  const dv = snak.datavalue;
  if (snak.snaktype !== 'value' || !dv) return undefined;
  if (dv.type === 'wikibase-entityid') {
    const id = (dv.value as { id?: string }).id;
    return id ? namedNode(wdItem(id)) : undefined;
  }
  if (dv.type === 'time') {
    const t = (dv.value as { time?: string }).time;
    // "+1893-12-26T00:00:00Z"; year-precision values come as "+1893-00-00T00:00:00Z".
    const m = t ? /^[+]?(-?\d{4,})-(\d{2})-(\d{2})T/.exec(t) : null;
    if (!m) return undefined;
    const mm = m[2] === '00' ? '01' : m[2];
    const dd = m[3] === '00' ? '01' : m[3];
    return literal(`${m[1]}-${mm}-${dd}T00:00:00Z`, namedNode(`${NS.xsd}dateTime`));
  }
  return undefined;
}

/** A wbgetentities entity to gazetteer quads in Wikidata's shape. `type` is the entity type the search was for. */
export function entityToQuads(e: WbEntity, type: EntryType | undefined, source: string): Quad[] {
  const out: Quad[] = [];
  const s: Quad_Subject = namedNode(wdItem(e.id));
  const add = (subj: Quad_Subject, p: string, o: Quad_Object) => out.push(quad(subj, namedNode(p), o));
  add(s, `${NS.rdf}type`, namedNode(`${NS.wikibase}Item`));
  for (const l of Object.values(e.labels ?? {})) if (LANGS.has(l.language)) add(s, `${NS.rdfs}label`, literal(l.value, l.language));
  for (const list of Object.values(e.aliases ?? {})) for (const a of list) if (LANGS.has(a.language)) add(s, `${NS.skos}altLabel`, literal(a.value, a.language));
  for (const d of Object.values(e.descriptions ?? {})) if (LANGS.has(d.language)) add(s, `${NS.schema}description`, literal(d.value, d.language));
  const claims = e.claims ?? {};
  for (const pid of CLAIMS) for (const st of claims[pid] ?? []) {
    if (st.rank === 'deprecated') continue;
    const o = snakObject(st.mainsnak);
    if (o) add(s, wdt(pid), o);
  }
  for (const st of claims[WD.positionHeld] ?? []) {
    if (st.rank === 'deprecated') continue;
    const pos = snakObject(st.mainsnak);
    if (!pos) continue;
    const node = namedNode(`${NS.wd}statement/${(st.id ?? `${e.id}-${pos.value}`).replace(/\$/g, '-')}`);
    add(s, wdP(WD.positionHeld), node);
    add(node, wdPs(WD.positionHeld), pos);
    for (const [pid, q] of [[WD.startTime, st.qualifiers?.[WD.startTime]], [WD.endTime, st.qualifiers?.[WD.endTime]]] as const) {
      const v = q?.[0] ? snakObject(q[0]) : undefined;
      if (v) add(node, wdPq(pid), v);
    }
  }
  const isHuman = (claims[WD.instanceOf] ?? []).some((st) => snakObject(st.mainsnak)?.value === wdItem(WD.human));
  const t = isHuman ? 'person' : type;
  if (t) add(s, ALD_LINK.entityType, literal(t));
  add(s, ALD_LINK.qidStatus, literal('online'));
  add(s, ALD_LINK.qidSource, literal(source));
  return out;
}

const key = (q: Quad): string => `${q.subject.termType}:${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}@${q.object.termType === 'Literal' ? `${q.object.language}^${q.object.datatype.value}` : ''}`;

/** Union of two quad lists, first-seen order, no duplicates. */
export function mergeQuads(existing: Quad[], added: Quad[]): { quads: Quad[]; added: number } {
  const seen = new Set(existing.map(key));
  const out = [...existing];
  let n = 0;
  for (const q of added) {
    const k = key(q);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(q);
    n++;
  }
  return { quads: out, added: n };
}

export interface RefreshOptions {
  path: string;
  search?: string[];
  /** Entity type given to items found by search that are not humans (default: none, then only persons are typed). */
  searchType?: EntryType;
  userAgent?: string;
  client?: WikidataClient;
  clientOptions?: WikidataClientOptions;
}

/** Refresh the gazetteer file in place; returns a one-line summary. */
export async function refreshGazetteer(options: RefreshOptions): Promise<string> {
  const client = options.client ?? new WikidataClient({ ...options.clientOptions, ...(options.userAgent ? { userAgent: options.userAgent } : {}) });
  const text = readFileSync(options.path, 'utf8');
  // Parse against the builder's placeholder base so authority IRIs are written back relative.
  const existing = parseTurtle(text, options.path, BUILD_BASE);
  const qids = [...new Set(existing.map((q) => qidOf(q.subject.value)).filter((x): x is string => !!x))].sort();
  const fresh: Quad[] = [];
  if (qids.length > 0) fresh.push(...rowsToQuads(await client.sparqlSelect(refreshQuery(qids))));
  let found = 0;
  for (const name of options.search ?? []) {
    const lang = /\p{Script=Han}/u.test(name) ? 'zh' : /\p{Script=Cyrillic}/u.test(name) ? 'ru' : 'en';
    const hits = await client.searchEntities(name, lang);
    const entities = await client.getEntities(hits.map((h) => h.id));
    for (const e of entities) fresh.push(...entityToQuads(e, options.searchType, `wbsearchentities:${lang}:${name}`));
    found += entities.length;
  }
  const merged = mergeQuads(existing, fresh);
  const written = await writeTurtle(merged.quads, GAZETTEER_PREFIXES);
  const header = text.split('\n').filter((l) => l.startsWith('#')).join('\n');
  writeFileSync(options.path, `${header}\n${written.split(`<${BUILD_BASE}`).join('<')}`);
  return `${qids.length} items refreshed, ${found} found by search, ${merged.added} triples added, none removed`;
}
