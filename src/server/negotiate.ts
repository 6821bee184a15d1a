/**
 * Content negotiation: one supported list per kind of result, chosen by `?format=` first, then by Accept
 * (q-values and wildcards via `negotiator`), defaulting to the first entry. 406 names the alternatives.
 */
import Negotiator from 'negotiator';
import { notAcceptable } from './errors.js';

export interface Format {
  /** Media type sent in Content-Type. */
  mediaType: string;
  /** Names accepted by ?format= */
  names: string[];
  /** Further media types a client may ask for that this format satisfies ("application/json"). */
  aliases?: string[];
}

export type FormatKind = 'bindings' | 'boolean' | 'graph' | 'page' | 'document' | 'listing' | 'description';

const RESULTS: Format[] = [
  { mediaType: 'application/sparql-results+json', names: ['json', 'srj'], aliases: ['application/json'] },
  { mediaType: 'application/sparql-results+xml', names: ['xml', 'srx'], aliases: ['application/xml'] },
  { mediaType: 'text/csv', names: ['csv'] },
  { mediaType: 'text/tab-separated-values', names: ['tsv'] },
];

const GRAPH: Format[] = [
  { mediaType: 'text/turtle', names: ['ttl', 'turtle'] },
  { mediaType: 'application/n-triples', names: ['nt', 'ntriples'], aliases: ['text/plain'] },
  { mediaType: 'application/ld+json', names: ['jsonld', 'json-ld', 'json'], aliases: ['application/json'] },
  { mediaType: 'application/rdf+xml', names: ['rdf', 'rdfxml', 'xml'], aliases: ['application/xml'] },
  { mediaType: 'application/trig', names: ['trig'] },
  { mediaType: 'application/n-quads', names: ['nq', 'nquads'] },
];

/** An entity description: RDF, or the HTML page. */
const PAGE: Format[] = [
  { mediaType: 'text/turtle', names: ['ttl', 'turtle'] },
  { mediaType: 'text/html', names: ['html'], aliases: ['application/xhtml+xml'] },
  { mediaType: 'application/ld+json', names: ['jsonld', 'json-ld', 'json'], aliases: ['application/json'] },
  { mediaType: 'application/n-triples', names: ['nt', 'ntriples'], aliases: ['text/plain'] },
];

/** A human-facing document (home, ontology): HTML first, RDF on request. */
const DOCUMENT: Format[] = [
  { mediaType: 'text/html', names: ['html'], aliases: ['application/xhtml+xml'] },
  { mediaType: 'text/turtle', names: ['ttl', 'turtle'] },
  { mediaType: 'application/ld+json', names: ['jsonld', 'json-ld', 'json'], aliases: ['application/json'] },
  { mediaType: 'application/n-triples', names: ['nt', 'ntriples'], aliases: ['text/plain'] },
];

/** A machine description (VoID): RDF only. */
const DESCRIPTION: Format[] = [
  { mediaType: 'text/turtle', names: ['ttl', 'turtle'] },
  { mediaType: 'application/ld+json', names: ['jsonld', 'json-ld', 'json'], aliases: ['application/json'] },
  { mediaType: 'application/n-triples', names: ['nt', 'ntriples'], aliases: ['text/plain'] },
];

/** A file listing. */
const LISTING: Format[] = [
  { mediaType: 'text/html', names: ['html'], aliases: ['application/xhtml+xml'] },
  { mediaType: 'application/json', names: ['json'] },
];

export const FORMATS: Readonly<Record<FormatKind, readonly Format[]>> = {
  bindings: RESULTS,
  boolean: RESULTS,
  graph: GRAPH,
  page: PAGE,
  document: DOCUMENT,
  listing: LISTING,
  description: DESCRIPTION,
};

/**
 * Pick the media type for a response.
 * @param kind what the response carries
 * @param accept the Accept header (absent = anything)
 * @param format the ?format= parameter, a name ("ttl") or a media type; wins over Accept
 * @throws HttpError 406 naming the available formats
 */
export function negotiate(kind: FormatKind, accept: string | undefined, format?: string): string {
  const formats = FORMATS[kind];
  if (format !== undefined && format !== '') {
    const wanted = format.toLowerCase();
    const hit = formats.find((f) => f.names.includes(wanted) || f.mediaType === wanted || f.aliases?.includes(wanted));
    if (!hit) {
      throw notAcceptable(
        `format '${format}' is not available for this ${describe(kind)}. Use one of: ${formats.map((f) => `${f.names[0]} (${f.mediaType})`).join(', ')}.`,
      );
    }
    return hit.mediaType;
  }
  if (accept === undefined || accept.trim() === '') return (formats[0] as Format).mediaType;
  const offered: string[] = [];
  const owner = new Map<string, string>();
  for (const f of formats) {
    offered.push(f.mediaType);
    owner.set(f.mediaType, f.mediaType);
    for (const a of f.aliases ?? []) {
      if (!owner.has(a)) {
        offered.push(a);
        owner.set(a, f.mediaType);
      }
    }
  }
  const chosen = new Negotiator({ headers: { accept } }).mediaType(offered);
  const mediaType = chosen ? owner.get(chosen) : undefined;
  if (!mediaType) {
    throw notAcceptable(
      `None of the media types in 'Accept: ${accept}' is available for this ${describe(kind)}. Available: ${formats.map((f) => f.mediaType).join(', ')} (or use ?format=${formats.map((f) => f.names[0]).join('|')}).`,
    );
  }
  return mediaType;
}

function describe(kind: FormatKind): string {
  switch (kind) {
    case 'bindings':
      return 'SELECT result';
    case 'boolean':
      return 'ASK result';
    case 'graph':
      return 'CONSTRUCT/DESCRIBE result';
    case 'page':
    case 'document':
      return 'resource';
    case 'listing':
      return 'listing';
    case 'description':
      return 'dataset description';
  }
}

/** Content-Type header value for a media type (text formats get charset=utf-8). */
export function contentType(mediaType: string): string {
  return `${mediaType}; charset=utf-8`;
}

/**
 * True when the Accept header ranks text/html above every SPARQL results format (a browser's
 * "text/html,...,*\/*;q=0.8"); "*\/*" alone or no header keeps the protocol's JSON default.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined || !/text\/html/i.test(accept)) return false;
  const offered = [...RESULTS.map((f) => f.mediaType), 'text/html'];
  return new Negotiator({ headers: { accept } }).mediaType(offered) === 'text/html';
}
