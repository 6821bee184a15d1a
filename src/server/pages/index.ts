/**
 * The HTML side of the server: each page function takes the server context and gives the page's HTML, or
 * undefined for a 404. Every page works without JavaScript; the query page's editor only enhances it.
 *
 * @example
 *   app.get('/', async (c) => c.html((await homePage(ctx)) ?? ''));
 *   app.route('/', pageAssets());               // GET /assets/style.css, /assets/yasgui.min.js ...
 *   const page = await entityPage(ctx, ctx.base + 'person/some-key');   // undefined: unknown IRI
 */
import type { PageContext } from './context.js';
import { loadEntity, renderEntityPage } from './entity.js';
import { loadHome, renderHomePage } from './home.js';
import { loadNamedQueries, type NamedQuery } from './named-queries.js';
import { loadOntology, renderOntologyPage } from './ontology.js';
import { queryView, renderQueryPage } from './query.js';
import { isRecord, loadRecord, recordClasses, recordSections } from './record.js';
import { renderResultsPage } from './results.js';
import { pageStore } from './sparql.js';
import type { QueryOptions } from '../../store/types.js';

export type { PageContext } from './context.js';
export { pageAssets, assetResponse } from './assets.js';
export { escapeHtml } from './html.js';
export { loadNamedQueries, type NamedQuery } from './named-queries.js';

/** The home page: counts, links, the list of records. */
export async function homePage(ctx: PageContext): Promise<string | undefined> {
  return renderHomePage(await loadHome(pageStore(ctx.store), ctx.base));
}

/** The page of any IRI under the base (a record gets its record page); undefined when nothing is known of it. */
export async function entityPage(ctx: PageContext, iri: string): Promise<string | undefined> {
  const store = pageStore(ctx.store);
  const classes = await recordClasses(store);
  const view = await loadEntity(store, ctx.base, iri, classes);
  if (!view) return undefined;
  if (isRecord(view, classes)) {
    return renderEntityPage(view, recordSections(await loadRecord(store, iri), ctx.base));
  }
  return renderEntityPage(view);
}

let namedQueries: Promise<NamedQuery[]> | undefined;

/** The query page: the SPARQL editor with the named queries of queries/*.rq (read once). */
export async function queryPage(_ctx: PageContext): Promise<string | undefined> {
  namedQueries ??= loadNamedQueries().catch((err: unknown) => {
    namedQueries = undefined;
    throw err;
  });
  return renderQueryPage(queryView(await namedQueries));
}

/** The ontology page, generated from the ontology graph. */
export async function ontologyPage(ctx: PageContext): Promise<string | undefined> {
  return renderOntologyPage(await loadOntology(pageStore(ctx.store), ctx.base));
}

/**
 * The results of a SELECT or ASK query as an HTML page (for the query page's plain form without JavaScript,
 * whose browser asks for text/html); undefined for other query forms (CONSTRUCT/DESCRIBE: serve RDF).
 * Store errors (syntax, timeout) propagate to the caller's error handling.
 */
export async function resultsPage(
  ctx: PageContext,
  query: string,
  form: 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE',
  options?: QueryOptions,
): Promise<string | undefined> {
  if (form === 'SELECT') {
    return renderResultsPage({ kind: 'select', query, result: await ctx.store.select(query, options), base: ctx.base });
  }
  if (form === 'ASK') return renderResultsPage({ kind: 'ask', query, answer: await ctx.store.ask(query, options) });
  return undefined;
}
