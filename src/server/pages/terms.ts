/**
 * Showing RDF terms on pages: compact names, links (local IRIs to their pages, others as external links),
 * literals with their language tag or datatype.
 */
import type { Term } from '@rdfjs/types';
import { NS, RDF, XSD } from '../../vocab/index.js';
import { html, raw, safeUrl, type Html } from './html.js';

/** Prefixes used to show IRIs compactly (docs/model.md, "Namespaces"), longest namespace first so that
 * wdt: wins over p: for a direct Wikidata property. */
export const DISPLAY_PREFIXES: ReadonlyArray<readonly [string, string]> = Object.entries(NS).sort(
  (a, b) => b[1].length - a[1].length,
);

/** The namespace of our ontology; its terms are documented on /ontology whatever the data base IRI is. */
export const ONTOLOGY_NS: string = NS.ald;

/** "http://schema.org/Person" -> "schema:Person"; IRIs outside the known namespaces stay whole. */
export function compactIri(iri: string): string {
  for (const [prefix, ns] of DISPLAY_PREFIXES) {
    if (iri.startsWith(ns) && iri.length > ns.length) return `${prefix}:${iri.slice(ns.length)}`;
  }
  return iri;
}

/** The part of an IRI after its last '#' or '/' ("http://x/ontology#Person" -> "Person"). */
export function localName(iri: string): string {
  const m = /[#/]([^#/]+)\/?$/.exec(iri);
  return m?.[1] ?? iri;
}

/**
 * The path on this server that shows `iri`, or undefined when the IRI is not ours. Ontology terms map to
 * /ontology#Term, data IRIs under `base` to their path.
 */
export function localPath(iri: string, base: string): string | undefined {
  if (iri.startsWith(ONTOLOGY_NS)) return `/ontology#${iri.slice(ONTOLOGY_NS.length)}`;
  if (iri.startsWith(base)) return '/' + iri.slice(base.length);
  // Topic and stance concepts have fixed IRIs; under another base they are documented on /ontology.
  for (const prefix of ['aldt', 'alds'] as const) {
    if (iri.startsWith(NS[prefix])) return `/ontology#${conceptAnchor(iri)}`;
  }
  return undefined;
}

/** The /ontology anchor of a term outside ald: its compact name with '-' for ':' ("alds-concedes"). */
export function conceptAnchor(iri: string): string {
  return compactIri(iri).replace(':', '-');
}

/** Label lookup: IRI -> display label. */
export type Labels = ReadonlyMap<string, string>;

/**
 * A link to an IRI: to its page here when it is local, otherwise an external link marked as such.
 * The link text is the label when known, else the path under the base or the compact IRI.
 */
export function iriLink(iri: string, base: string, labels?: Labels): Html {
  const local = iri.startsWith(base) ? iri.slice(base.length) : undefined;
  const text = labels?.get(iri) ?? local ?? compactIri(iri);
  if (localPath(iri, base) !== undefined) return html`<a href="${hrefFor(iri, base)}" title="${iri}">${text}</a>`;
  return html`<a class="external" rel="external noopener" href="${hrefFor(iri, base)}" title="${iri}">${text}</a>`;
}

/** The href (unescaped) for an IRI: its local path when it is ours, else the IRI itself if its scheme is safe. */
export function hrefFor(iri: string, base: string): string {
  return safeUrl(localPath(iri, base) ?? iri);
}

// Literals longer than this (or with line breaks) are shown as blocks of text.
const LONG_TEXT = 300;

const XSD_STRING = XSD.string.value;
const RDF_LANG_STRING = RDF.langString.value;

/** A term as shown in a table cell: IRIs as links, literals with a language tag or a datatype note. */
export function termHtml(term: Term, base: string, labels?: Labels): Html {
  switch (term.termType) {
    case 'NamedNode':
      return iriLink(term.value, base, labels);
    case 'Literal': {
      // Long texts (a record's full text, a turn) keep their line breaks.
      const long = term.value.length > LONG_TEXT || term.value.includes('\n');
      const text = long ? html`<div class="longtext"${term.language ? html` lang="${term.language}"` : ''}>${term.value}</div>` : undefined;
      if (term.language) {
        return html`${text ?? html`<span lang="${term.language}">${term.value}</span>`} <span class="lang">@${term.language}</span>`;
      }
      const dt = term.datatype.value;
      if (dt === XSD_STRING || dt === RDF_LANG_STRING) return text ?? html`${term.value}`;
      return html`${term.value} <span class="datatype">${compactIri(dt)}</span>`;
    }
    case 'BlankNode':
      return html`<span class="bnode">_:${term.value}</span>`;
    default:
      return raw('');
  }
}
