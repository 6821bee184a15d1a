/**
 * Entity pages: any IRI under the base. Shows the entity's names in every language, its types, every
 * property (local IRIs link to their pages, external ones are marked), incoming links, and the passages of
 * the records that mention it. A record gets its record page (src/server/pages/record.ts) on top.
 */
import type { Term } from '@rdfjs/types';
import type { QueryService } from '../../store/types.js';
import { ALD, NS, RDF, RDFS, SCHEMA, SKOS } from '../../vocab/index.js';
import { html, join, layout, type Html } from './html.js';
import { fetchComments, fetchLabels } from './labels.js';
import { iriRef, isQueryableIri, str } from './sparql.js';
import { compactIri, iriLink, localName, termHtml, type Labels } from './terms.js';

const RDF_TYPE = RDF.type.value;
const NAME_PREDICATES = new Set(
  [RDFS.label, SKOS.prefLabel, SKOS.altLabel, SCHEMA.name, SCHEMA.alternateName].map((t) => t.value),
);
const OA = NS.oa;
// A record is typed ald:Record or one of its subclasses; the hierarchy is in the ontology graph.
const SUBCLASS_OF_RECORD = `<${RDFS.subClassOf.value}>* <${ALD.Record.value}>`;

/** ald:Record and its subclasses. */
export async function fetchRecordClasses(store: QueryService): Promise<Set<string>> {
  const r = await store.select(`SELECT ?c WHERE { ?c ${SUBCLASS_OF_RECORD} }`);
  return new Set([ALD.Record.value, ...r.rows.flatMap((row) => (row['c'] ? [row['c'].value] : []))]);
}

// Bounds that keep one page's queries cheap on a big dataset.
const MAX_OUTGOING = 2000;
const MAX_INCOMING = 500;
// A page lists this many resources linking to the entity and links to the full list (a query): a well-known
// person or a record has hundreds (mentions, claims), which made most of a 100-290 KB page.
const SHOWN_INCOMING = 50;
const MAX_MENTIONS = 200;

export interface PropertyValues {
  predicate: string;
  /** The ontology's label of the property, else its local name. */
  label: string;
  /** The ontology's comment on the property, when it has one. */
  comment?: string;
  values: Term[];
}

export interface NameEntry {
  value: string;
  /** BCP 47 tag, '' when untagged. */
  lang: string;
  /** Compact predicate ("rdfs:label", "skos:altLabel"). */
  kind: string;
}

export interface Passage {
  /** The annotation's IRI. */
  mention: string;
  exact: string;
  prefix: string;
  suffix: string;
  /** The record the passage is in, when known, with its title. */
  record?: string;
  recordTitle?: string;
  /** The text resource the selector points into. */
  source?: string;
}

export interface IncomingLink {
  subject: string;
  predicate: string;
  predicateLabel: string;
}

export interface RoleView {
  role: string;
  asWritten: string;
  institution?: string;
  asOf?: string;
  record?: string;
}

export interface EntityView {
  iri: string;
  base: string;
  title: string;
  types: string[];
  names: NameEntry[];
  properties: PropertyValues[];
  incoming: IncomingLink[];
  /** More resources link here than `incoming` lists: the query giving all of them. */
  allIncomingQuery?: string;
  passages: Passage[];
  /** Roles the records show the entity (a person) holding. */
  roles: RoleView[];
  /** The records whose graphs say something about the entity. */
  records: string[];
  labels: Labels;
  /** True when a cap cut a list. */
  truncated: boolean;
}

/**
 * Loads an entity's view model; undefined when the store knows nothing about the IRI (a 404).
 * @param recordClasses ald:Record and its subclasses (recordClasses() of src/server/pages/record.ts), when the
 *   caller has them already
 */
export async function loadEntity(store: QueryService, base: string, iri: string, recordClasses?: ReadonlySet<string>): Promise<EntityView | undefined> {
  if (!isQueryableIri(iri)) return undefined;
  const ref = iriRef(iri);
  // The record classes as a VALUES block: the store then looks the records of the graphs up directly, where a
  // join with the subclass path read every typed resource of every graph (150-450 ms for a well-known person).
  const classes = [...(recordClasses ?? (await fetchRecordClasses(store)))].filter(isQueryableIri).map(iriRef).join(' ');
  const [out, inc, mentions, records, roleRows] = await Promise.all([
    store.select(`SELECT DISTINCT ?p ?o WHERE { ${ref} ?p ?o } LIMIT ${MAX_OUTGOING}`),
    // One more than shown: tells whether there are more.
    store.select(`SELECT DISTINCT ?s ?p WHERE { ?s ?p ${ref} } ORDER BY ?s ?p LIMIT ${SHOWN_INCOMING + 1}`),
    store.select(`PREFIX oa: <${OA}>
SELECT ?m ?exact ?prefix ?suffix ?source ?record ?start WHERE {
  GRAPH ?g {
    ?m oa:hasBody ${ref} ; oa:hasTarget ?target .
    ?target oa:hasSelector ?sel .
    ?sel oa:exact ?exact .
    OPTIONAL { ?sel oa:prefix ?prefix }
    OPTIONAL { ?sel oa:suffix ?suffix }
    OPTIONAL { ?target oa:hasSource ?source }
    OPTIONAL { ?target oa:hasSelector ?pos . ?pos oa:start ?start }
  }
  OPTIONAL { GRAPH ?g { VALUES ?recordClass { ${classes} } ?record a ?recordClass } }
} ORDER BY ?g ?start LIMIT ${MAX_MENTIONS}`),
    store.select(`SELECT DISTINCT ?record WHERE {
  VALUES ?recordClass { ${classes} }
  { GRAPH ?g { ${ref} ?p ?o . ?record a ?recordClass } } UNION { GRAPH ?g { ?s ?p ${ref} . ?record a ?recordClass } }
} ORDER BY ?record LIMIT 200`),
    store.select(`SELECT DISTINCT ?role ?asWritten ?institution ?asOf ?record WHERE {
  ${ref} <${ALD.hasRoleAttestation.value}> ?attestation .
  ?attestation <${SCHEMA.roleName.value}> ?role .
  OPTIONAL { ?attestation <${ALD.asWritten.value}> ?asWritten }
  OPTIONAL { ?attestation <${ALD.affiliation.value}> ?institution }
  OPTIONAL { ?attestation <${ALD.asOf.value}> ?asOf }
  OPTIONAL { ?attestation <${ALD.attestedIn.value}> ?record }
} ORDER BY ?asOf ?role ?asWritten LIMIT ${MAX_INCOMING}`),
  ]);
  if (out.rows.length === 0 && inc.rows.length === 0) return undefined;
  const roles = roleRows.rows.map((row) => {
    const r: RoleView = { role: str(row, 'role') ?? '', asWritten: str(row, 'asWritten') ?? '' };
    for (const k of ['institution', 'asOf', 'record'] as const) {
      const value = str(row, k);
      if (value !== undefined) r[k] = value;
    }
    return r;
  });

  const byPredicate = new Map<string, Term[]>();
  const types: string[] = [];
  const names: NameEntry[] = [];
  for (const row of out.rows) {
    const p = row['p'];
    const o = row['o'];
    if (!p || !o) continue;
    if (p.value === RDF_TYPE && o.termType === 'NamedNode') types.push(o.value);
    if (NAME_PREDICATES.has(p.value) && o.termType === 'Literal') {
      names.push({ value: o.value, lang: o.language, kind: compactIri(p.value) });
    }
    const list = byPredicate.get(p.value) ?? [];
    list.push(o);
    byPredicate.set(p.value, list);
  }

  const passages = new Map<string, Passage>();
  for (const row of mentions.rows) {
    const m = str(row, 'm');
    const exact = str(row, 'exact');
    if (!m || exact === undefined || passages.has(m)) continue;
    const p: Passage = { mention: m, exact, prefix: str(row, 'prefix') ?? '', suffix: str(row, 'suffix') ?? '' };
    const record = str(row, 'record');
    if (record) p.record = record;
    const source = str(row, 'source');
    if (source) p.source = source;
    passages.set(m, p);
  }

  const iris = new Set<string>([iri, ...byPredicate.keys()]);
  for (const list of byPredicate.values()) for (const t of list) if (t.termType === 'NamedNode') iris.add(t.value);
  for (const row of inc.rows.slice(0, SHOWN_INCOMING)) for (const k of ['s', 'p'] as const) if (row[k]?.termType === 'NamedNode') iris.add(row[k].value);
  for (const p of passages.values()) if (p.record) iris.add(p.record);
  for (const r of records.rows) if (r['record']) iris.add(r['record'].value);
  for (const r of roles) for (const x of [r.institution, r.record]) if (x) iris.add(x);
  const [labels, comments] = await Promise.all([fetchLabels(store, iris), fetchComments(store, byPredicate.keys())]);
  for (const p of passages.values()) if (p.record && labels.has(p.record)) p.recordTitle = labels.get(p.record) ?? '';

  const propLabel = (p: string) => labels.get(p) ?? localName(p);
  const properties = [...byPredicate]
    .map(([predicate, values]) => {
      const p: PropertyValues = { predicate, label: propLabel(predicate), values };
      const comment = comments.get(predicate);
      if (comment) p.comment = comment;
      return p;
    })
    .sort((a, b) => (a.predicate === RDF_TYPE ? -1 : b.predicate === RDF_TYPE ? 1 : a.label.localeCompare(b.label)));
  const incoming = inc.rows.slice(0, SHOWN_INCOMING).flatMap((row) => {
    const s = row['s'];
    const p = row['p'];
    return s?.termType === 'NamedNode' && p ? [{ subject: s.value, predicate: p.value, predicateLabel: propLabel(p.value) }] : [];
  });

  const view: EntityView = {
    iri,
    base,
    title: labels.get(iri) ?? localName(iri),
    types,
    names: names.sort((a, b) => a.lang.localeCompare(b.lang) || a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value)),
    properties,
    incoming,
    passages: [...passages.values()],
    roles,
    records: records.rows.flatMap((r) => (r['record'] ? [r['record'].value] : [])),
    labels,
    truncated: out.rows.length >= MAX_OUTGOING || mentions.rows.length >= MAX_MENTIONS,
  };
  if (inc.rows.length > SHOWN_INCOMING) view.allIncomingQuery = `SELECT DISTINCT ?s ?p WHERE { ?s ?p ${ref} } ORDER BY ?s ?p`;
  return view;
}

/** A passage of a record quoted with the mention highlighted. */
export function passageHtml(p: Passage, base: string): Html {
  // The record when the graph says which it is, else the text the passage is quoted from.
  const where = p.record
    ? iriLink(p.record, base, p.recordTitle ? new Map([[p.record, p.recordTitle]]) : undefined)
    : p.source
      ? iriLink(p.source, base)
      : '';
  return html`<blockquote class="passage">…${p.prefix}<mark>${p.exact}</mark>${p.suffix}…
<footer>${where}</footer></blockquote>`;
}

// Lists longer than this show their first items and fold the rest away.
const LONG_LIST = 12;

/** A list of values; past LONG_LIST items the rest folds into a <details> (works without JavaScript). */
export function valueList(items: readonly Html[]): Html {
  const li = (x: Html) => html`<li>${x}</li>`;
  if (items.length <= LONG_LIST) return html`<ul>${items.map(li)}</ul>`;
  return html`<ul>${items.slice(0, LONG_LIST).map(li)}</ul>
<details><summary>${items.length - LONG_LIST} more</summary><ul>${items.slice(LONG_LIST).map(li)}</ul></details>`;
}

/** The sections shared by every entity page (names, properties, passages, incoming links, graphs). */
export function entitySections(view: EntityView): Html {
  const { base, labels } = view;
  const names = view.names.length
    ? html`<h2>Names</h2>
<ul class="names">${view.names.map(
        (n) => html`<li><span${n.lang ? html` lang="${n.lang}"` : ''}>${n.value}</span> <span class="lang">${n.lang ? `@${n.lang}` : 'no language'} · ${n.kind}</span></li>`,
      )}</ul>`
    : '';
  const roles = view.roles.length
    ? html`<h2>Roles</h2>
<table><thead><tr><th>Role</th><th>As written</th><th>In</th><th>As of</th><th>Record</th></tr></thead><tbody>
${view.roles.map(
        (r) => html`<tr><td>${r.role}</td><td>${r.asWritten}</td><td>${r.institution ? iriLink(r.institution, base, labels) : ''}</td><td>${r.asOf ?? ''}</td><td>${r.record ? iriLink(r.record, base, labels) : ''}</td></tr>`,
      )}
</tbody></table>`
    : '';
  const props = html`<h2>Properties</h2>
<table class="props"><tbody>
${view.properties.map(
    (p) => html`<tr><th scope="row"${p.comment ? html` title="${p.comment}"` : ''}>${iriLink(p.predicate, base, new Map([[p.predicate, p.label]]))}</th>
<td>${valueList(p.values.map((v) => termHtml(v, base, labels)))}</td></tr>`,
  )}
</tbody></table>`;
  const passages = view.passages.length
    ? html`<h2>Mentions in the records</h2>
${view.passages.map((p) => passageHtml(p, base))}`
    : '';
  const incomingTable = html`<table><thead><tr><th>What</th><th>How</th></tr></thead><tbody>
${view.incoming.map(
    (i) => html`<tr><td>${iriLink(i.subject, base, labels)}</td><td>${iriLink(i.predicate, base, new Map([[i.predicate, i.predicateLabel]]))}</td></tr>`,
  )}
</tbody></table>`;
  const more = view.allIncomingQuery
    ? html`<p class="lede">The first ${view.incoming.length} are listed: <a href="/sparql?query=${encodeURIComponent(view.allIncomingQuery)}">all resources linking here</a>.</p>`
    : '';
  const summary = view.allIncomingQuery ? `more than ${view.incoming.length} resources link here` : `${view.incoming.length} resources link here`;
  const incoming = view.incoming.length
    ? html`<h2>Linked from</h2>
${view.incoming.length > LONG_LIST ? html`<details><summary>${summary}</summary>${incomingTable}</details>` : incomingTable}
${more}`
    : '';
  const records = view.records.length && !(view.records.length === 1 && view.records[0] === view.iri)
    ? html`<h2>Described in the records</h2><ul class="links">${view.records.map((r) => html`<li>${iriLink(r, base, labels)}</li>`)}</ul>`
    : '';
  const note = view.truncated ? html`<p class="lede">Some lists are cut; query <a href="/sparql">the SPARQL endpoint</a> for all.</p>` : '';
  return join([names, roles, props, passages, incoming, records, note], '\n');
}

/** The page heading: label, IRI and types. */
export function entityHeader(view: EntityView): Html {
  return html`<h1>${view.title}</h1>
<p class="iri">${view.iri}</p>
<p class="types">${view.types.map((t) => iriLink(t, view.base, view.labels))}</p>`;
}

/** Renders a generic entity page. */
export function renderEntityPage(view: EntityView, extra?: Html): string {
  return layout({
    title: view.title,
    current: 'entity',
    head: html`<link rel="alternate" type="text/turtle" href="${view.iri}">`,
    body: html`${entityHeader(view)}
${extra}
${entitySections(view)}`,
  });
}
