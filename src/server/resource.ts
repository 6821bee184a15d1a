/**
 * Linked-data dereferencing: GET of a path that is an IRI minted under BASE gives that resource's description,
 * by content negotiation (Accept or ?format=ttl|jsonld|nt|html). RDF = its own triples plus the labels of its
 * neighbours (a graph IRI gives the graph's content); HTML comes from the pages module. Unknown IRIs are 404.
 */
import type { Context } from 'hono';
import type { ServerContext } from './context.js';
import { notFound } from './errors.js';
import { cachedResponse } from './response-cache.js';
import { minimalPage } from './html.js';
import { contentType, negotiate, type FormatKind } from './negotiate.js';
import { escapeHtml, entityPage, homePage, ontologyPage } from './pages/index.js';
import type { QueryOptions } from '../store/types.js';

/**
 * A resource description written with the project's prefixes (readable Turtle, compact JSON-LD), by the store
 * (in a store worker, not on the server's one main thread); undefined when the query gives no triples.
 */
async function describedResponse(ctx: ServerContext, query: string, mediaType: string): Promise<Response | undefined> {
  const result = await ctx.store.queryRaw(query, 'graph', mediaType, DESCRIPTION_QUERY);
  if (result.count === 0) return undefined;
  const headers: Record<string, string> = { 'Content-Type': contentType(mediaType), Vary: 'Accept', 'X-Result-Cap': String(result.cap) };
  if (result.truncated) headers['X-Result-Truncated'] = 'true';
  return new Response(result.body, { headers });
}

/** The shape of describeQuery/graphQuery, known here: the store need not parse them to find out. */
const DESCRIPTION_QUERY: QueryOptions = { shape: { ownDataset: false, limitable: true }, readable: true };

/** Characters that cannot appear inside a SPARQL IRIREF. */
const NOT_IN_IRI = /[<>"{}|^`\\\s\u0000-\u0020]/;

const LABELS = [
  'http://www.w3.org/2000/01/rdf-schema#label',
  'http://www.w3.org/2004/02/skos/core#prefLabel',
  'http://schema.org/name',
];

// VALUES rather than FILTER(?lp IN ...): the store looks up (object, label predicate) directly instead of reading
// every triple of every object (a record IRI among the objects made a person's description 8x slower).
const LABEL_REFS = LABELS.map((l) => `<${l}>`).join(' ');

/** CONSTRUCT of the description of `iri`: its triples and its neighbours' labels. */
export function describeQuery(iri: string): string {
  return `CONSTRUCT { <${iri}> ?p ?o . ?o ?lp ?label . }
WHERE {
  <${iri}> ?p ?o .
  OPTIONAL { VALUES ?lp { ${LABEL_REFS} } ?o ?lp ?label . }
}`;
}

/** CONSTRUCT of the content of named graph `iri`. */
export function graphQuery(iri: string): string {
  return `CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${iri}> { ?s ?p ?o } }`;
}

function notFoundResponse(c: Context, iri: string, mediaType: string): Response {
  const message = `Nothing is known about <${iri}> in this dataset. Check the IRI, or search with /sparql.`;
  if (mediaType === 'text/html') {
    return new Response(minimalPage('Not found', `<p>${escapeHtml(message)}</p><p><a href="/">Home</a></p>`), {
      status: 404,
      headers: { 'Content-Type': contentType('text/html'), Vary: 'Accept' },
    });
  }
  throw notFound(message);
}

/** RDF description of `iri` in `mediaType`, or undefined when the store knows nothing about it. */
async function rdfDescription(ctx: ServerContext, iri: string, mediaType: string, asGraph: boolean): Promise<Response | undefined> {
  return (asGraph ? await describedResponse(ctx, graphQuery(iri), mediaType) : undefined) ?? describedResponse(ctx, describeQuery(iri), mediaType);
}

/**
 * Serve the resource whose IRI is BASE + the request path. The request host does not matter: the IRI is
 * minted from the configured base, so the data dereferences on any address the server is reached at.
 */
export async function resourceResponse(c: Context, ctx: ServerContext, kind: FormatKind = 'page'): Promise<Response> {
  const url = new URL(c.req.url);
  const path = url.pathname;
  const mediaType = negotiate(kind, c.req.header('Accept'), c.req.query('format'));
  const iri = ctx.base + path.slice(1);
  if (NOT_IN_IRI.test(path)) return notFoundResponse(c, iri, mediaType);
  // The bytes depend only on the path (and its query string), the negotiated type and the data.
  return cachedResponse(c.req.raw, ctx.responses, `page\n${kind}\n${mediaType}\n${path}${url.search}`, () => resourceUncached(c, ctx, iri, path, mediaType));
}

async function resourceUncached(c: Context, ctx: ServerContext, iri: string, path: string, mediaType: string): Promise<Response> {
  if (mediaType === 'text/html') {
    const page = await entityPage(ctx, iri);
    if (page === undefined) return notFoundResponse(c, iri, mediaType);
    return new Response(page, { headers: { 'Content-Type': contentType('text/html'), Vary: 'Accept' } });
  }
  const res = await rdfDescription(ctx, iri, mediaType, path.startsWith('/graph/'));
  return res ?? notFoundResponse(c, iri, mediaType);
}

/** GET /: the home page, or (for an RDF client) a redirect to the dataset description. */
export async function homeResponse(c: Context, ctx: ServerContext): Promise<Response> {
  const mediaType = negotiate('document', c.req.header('Accept'), c.req.query('format'));
  if (mediaType !== 'text/html') return c.redirect('/.well-known/void', 303);
  return cachedResponse(c.req.raw, ctx.responses, 'home', async () => {
    const page = await homePage(ctx);
    return new Response(page ?? minimalPage('archive-ld', '<p><a href="/sparql">SPARQL</a> · <a href="/dumps/">Dumps</a></p>'), {
      headers: { 'Content-Type': contentType('text/html'), Vary: 'Accept' },
    });
  });
}

/** GET /ontology: the ontology's documentation (HTML) or the ontology graph in an RDF format. */
export async function ontologyResponse(c: Context, ctx: ServerContext): Promise<Response> {
  const mediaType = negotiate('document', c.req.header('Accept'), c.req.query('format'));
  return cachedResponse(c.req.raw, ctx.responses, `ontology\n${mediaType}`, () => ontologyUncached(ctx, mediaType));
}

async function ontologyUncached(ctx: ServerContext, mediaType: string): Promise<Response> {
  if (mediaType === 'text/html') {
    const page = await ontologyPage(ctx);
    if (page === undefined) throw notFound('The ontology is not loaded in this dataset. Rebuild with archive-ld build.');
    return new Response(page, { headers: { 'Content-Type': contentType('text/html'), Vary: 'Accept' } });
  }
  const res = await describedResponse(ctx, graphQuery(`${ctx.base}graph/ontology`), mediaType);
  if (!res) throw notFound(`The ontology graph <${ctx.base}graph/ontology> is empty. Rebuild with archive-ld build.`);
  return res;
}
