/**
 * The ontology page: documentation generated from ontology/*.ttl as loaded in the store's ontology graph:
 * classes, properties and SKOS concepts with labels, comments, super-terms, domains and ranges. Each of our
 * terms has an anchor named by its local name, so ald:Person is /ontology#Person.
 */
import type { QueryService } from '../../store/types.js';
import { NS, OWL, RDF, RDFS, SKOS, vocab } from '../../vocab/index.js';
import { html, layout, type Html } from './html.js';
import { pickLabel } from './labels.js';
import { iriRef, str } from './sparql.js';
import { compactIri, conceptAnchor, iriLink, localName, ONTOLOGY_NS } from './terms.js';

export type TermKind = 'class' | 'property' | 'concept';

export interface OntologyTerm {
  iri: string;
  kind: TermKind;
  /** Anchor on the page: the local name. */
  anchor: string;
  label: string;
  comment: string;
  /** rdfs:subClassOf / rdfs:subPropertyOf / skos:broader targets. */
  supers: string[];
  domains: string[];
  ranges: string[];
  /** Property kinds ("owl:ObjectProperty"), the scheme for a concept. */
  notes: string[];
}

export interface OntologyView {
  base: string;
  terms: OntologyTerm[];
  labels: Map<string, string>;
}

// Terms the page reads that the shared vocabulary does not list.
const MORE = {
  owl: vocab(NS.owl, ['AnnotationProperty'] as const),
  rdf: vocab(NS.rdf, ['Property'] as const),
  rdfs: vocab(NS.rdfs, ['domain', 'range'] as const),
  skos: vocab(NS.skos, ['definition', 'broader'] as const),
};

const CLASS_TYPES = [OWL.Class.value, RDFS.Class.value];
const PROPERTY_TYPES = [
  OWL.ObjectProperty.value,
  OWL.DatatypeProperty.value,
  MORE.owl.AnnotationProperty.value,
  MORE.rdf.Property.value,
];

/** Loads every class, property and concept of our namespaces from the store. */
export async function loadOntology(store: QueryService, base: string): Promise<OntologyView> {
  const kinds = [...CLASS_TYPES, ...PROPERTY_TYPES, SKOS.Concept.value].map(iriRef).join(' ');
  const result = await store.select(`SELECT ?t ?kind ?label ?comment ?super ?domain ?range ?scheme WHERE {
  VALUES ?kind { ${kinds} }
  ?t ${iriRef(RDF.type.value)} ?kind .
  FILTER(STRSTARTS(STR(?t), ${JSON.stringify(ONTOLOGY_NS)}) || STRSTARTS(STR(?t), ${JSON.stringify(NS.aldt)}) || STRSTARTS(STR(?t), ${JSON.stringify(NS.alds)}))
  OPTIONAL { ?t ${iriRef(RDFS.label.value)}|${iriRef(SKOS.prefLabel.value)} ?label }
  OPTIONAL { ?t ${iriRef(RDFS.comment.value)}|${iriRef(MORE.skos.definition.value)} ?comment }
  OPTIONAL { ?t ${iriRef(RDFS.subClassOf.value)}|${iriRef(RDFS.subPropertyOf.value)}|${iriRef(MORE.skos.broader.value)} ?super FILTER(isIRI(?super)) }
  OPTIONAL { ?t ${iriRef(MORE.rdfs.domain.value)} ?domain FILTER(isIRI(?domain)) }
  OPTIONAL { ?t ${iriRef(MORE.rdfs.range.value)} ?range FILTER(isIRI(?range)) }
  OPTIONAL { ?t ${iriRef(SKOS.inScheme.value)} ?scheme }
}`);
  interface Acc {
    kinds: Set<string>;
    labels: Array<{ value: string; lang: string }>;
    comments: Array<{ value: string; lang: string }>;
    supers: Set<string>;
    domains: Set<string>;
    ranges: Set<string>;
    schemes: Set<string>;
  }
  const acc = new Map<string, Acc>();
  for (const row of result.rows) {
    const t = str(row, 't');
    const kind = str(row, 'kind');
    if (!t || !kind) continue;
    const a =
      acc.get(t) ??
      ({ kinds: new Set(), labels: [], comments: [], supers: new Set(), domains: new Set(), ranges: new Set(), schemes: new Set() } as Acc);
    a.kinds.add(kind);
    const label = row['label'];
    if (label?.termType === 'Literal' && !a.labels.some((l) => l.value === label.value && l.lang === label.language)) {
      a.labels.push({ value: label.value, lang: label.language });
    }
    const comment = row['comment'];
    if (comment?.termType === 'Literal' && !a.comments.some((l) => l.value === comment.value)) {
      a.comments.push({ value: comment.value, lang: comment.language });
    }
    for (const [k, set] of [['super', a.supers], ['domain', a.domains], ['range', a.ranges], ['scheme', a.schemes]] as const) {
      const v = str(row, k);
      if (v) set.add(v);
    }
    acc.set(t, a);
  }
  const labels = new Map<string, string>();
  const terms: OntologyTerm[] = [];
  for (const [iri, a] of acc) {
    const kind: TermKind = CLASS_TYPES.some((c) => a.kinds.has(c))
      ? 'class'
      : PROPERTY_TYPES.some((p) => a.kinds.has(p))
        ? 'property'
        : 'concept';
    const label = pickLabel(a.labels) ?? localName(iri);
    labels.set(iri, label);
    terms.push({
      iri,
      kind,
      anchor: iri.startsWith(ONTOLOGY_NS) ? iri.slice(ONTOLOGY_NS.length) : conceptAnchor(iri),
      label,
      comment: pickLabel(a.comments) ?? '',
      supers: [...a.supers].sort(),
      domains: [...a.domains].sort(),
      ranges: [...a.ranges].sort(),
      notes: kind === 'concept' ? [...a.schemes] : [...a.kinds].filter((k) => kind === 'property' && PROPERTY_TYPES.includes(k)),
    });
  }
  terms.sort((x, y) => x.anchor.localeCompare(y.anchor));
  return { base, terms, labels };
}

function termSection(t: OntologyTerm, view: OntologyView): Html {
  const links = (iris: string[]) => iris.map((i, n) => html`${n ? ', ' : ''}${iriLink(i, view.base, view.labels)}`);
  const row = (name: string, iris: string[]) => (iris.length ? html`<dt>${name}</dt><dd>${links(iris)}</dd>` : '');
  return html`<section class="term" id="${t.anchor}">
<h3>${t.label} <span class="iri">${compactIri(t.iri)}</span></h3>
${t.comment ? html`<p>${t.comment}</p>` : ''}
<dl class="term">
<dt>IRI</dt><dd class="iri">${t.iri}</dd>
${row(t.kind === 'class' ? 'Subclass of' : t.kind === 'property' ? 'Subproperty of' : 'Broader', t.supers)}
${row('Domain', t.domains)}
${row('Range', t.ranges)}
${row(t.kind === 'concept' ? 'In scheme' : 'Kind', t.notes)}
</dl>
</section>`;
}

/** Renders the ontology page: a table of contents, then one section per term, grouped by kind. */
export function renderOntologyPage(view: OntologyView): string {
  const group = (kind: TermKind, heading: string) => {
    const terms = view.terms.filter((t) => t.kind === kind);
    if (!terms.length) return '';
    return html`<h2 id="${kind}-list">${heading} (${terms.length})</h2>
<ul class="toc">${terms.map((t) => html`<li><a href="#${t.anchor}">${t.label}</a></li>`)}</ul>
${terms.map((t) => termSection(t, view))}`;
  };
  const body = html`<h1>The archive-ld ontology</h1>
<p class="lede">Namespace <code>${ONTOLOGY_NS}</code> (prefix <code>ald:</code>). Generated from <code>ontology/*.ttl</code>; local terms are declared as subclasses and subproperties of Records in Contexts, schema.org, PROV-O and the Web Annotation vocabulary.</p>
${view.terms.length ? '' : html`<p>The ontology graph is not loaded in the store. Run <code>archive-ld build</code>.</p>`}
${group('class', 'Classes')}
${group('property', 'Properties')}
${group('concept', 'Concepts')}`;
  return layout({ title: 'Ontology', body, current: 'ontology' });
}
