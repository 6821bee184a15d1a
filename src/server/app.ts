/**
 * The HTTP layer as a function of (request, services, config) -> response: `createApp(ctx)` builds the Hono app;
 * only src/cli/serve.ts listens on a socket. Tests call `app.request(...)` in-process.
 *
 * Routes:
 *   GET|POST /sparql          SPARQL 1.1 Protocol query (service description without a query)
 *   POST /update              SPARQL 1.1 Update, Bearer token
 *   GET /dumps/, /dumps/{f}   published files; GET /.well-known/void  VoID + DCAT
 *   GET /ontology             ontology documentation or RDF
 *   /reconcile/*              reconciliation service (src/server/reconcile.ts, when present)
 *   GET /assets/*             page assets
 *   GET /{anything else}      the resource BASE + path (linked-data dereferencing)
 *
 * @example
 *   const app = createApp(ctx);
 *   const res = await app.request('/sparql?query=' + encodeURIComponent('ASK {}'));
 */
import { existsSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress, COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';
import { cors } from 'hono/cors';
import type { ServerContext } from './context.js';
import { dumpRoutes } from './dumps.js';
import { errorResponse, HttpError } from './errors.js';
import { pageAssets } from './pages/index.js';
import { homeResponse, ontologyResponse, resourceResponse } from './resource.js';
import { sparqlRoutes } from './sparql.js';

/** Largest request body accepted (queries and updates). */
const MAX_BODY = 10 * 1024 * 1024;

type ReconcileModule = { reconcileRoutes: (ctx: ServerContext) => Hono };

/** Load the reconciliation routes when the link engineer's module exists; undefined otherwise. */
async function loadReconcile(ctx: ServerContext): Promise<Hono | undefined> {
  const url = new URL('./reconcile.ts', import.meta.url);
  if (!existsSync(url)) return undefined;
  // A computed specifier: the module is optional, so the type checker must not require it.
  const mod = (await import(url.href)) as Partial<ReconcileModule>;
  if (typeof mod.reconcileRoutes !== 'function') {
    ctx.logger.warn('src/server/reconcile.ts exports no reconcileRoutes(ctx); /reconcile is not served');
    return undefined;
  }
  return mod.reconcileRoutes(ctx);
}

/** Build the application for `ctx`. */
export function createApp(ctx: ServerContext): Hono {
  const app = new Hono();

  app.onError((err, c) => errorResponse(err, ctx.logger, `${c.req.method} ${new URL(c.req.url).pathname}`));
  app.notFound((c) => errorResponse(new HttpError(404, `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`), ctx.logger, ''));

  app.use('*', async (c, next) => {
    const started = Date.now();
    await next();
    ctx.logger.debug({ method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ms: Date.now() - started }, 'request');
  });
  // Hono's list misses the RDF types without a +json/+xml suffix (N-Triples, N-Quads, TriG).
  const RDF_TYPES = /^\s*application\/(n-triples|n-quads|trig)\b/i;
  app.use('*', compress({ contentTypeFilter: (type) => COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) || RDF_TYPES.test(type) }));
  // Reads are open to any origin; /update is not (no CORS headers, so browsers on other origins cannot call it).
  const readCors = cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowHeaders: ['Accept', 'Content-Type', 'If-None-Match', 'If-Modified-Since'],
    exposeHeaders: ['Content-Length', 'ETag', 'Last-Modified', 'X-Result-Cap', 'X-Result-Count', 'X-Result-Truncated', 'Retry-After'],
    maxAge: 86400,
  });
  app.use('*', async (c, next) => {
    if (new URL(c.req.url).pathname.startsWith('/update')) return next();
    return readCors(c, next);
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY,
      onError: () => {
        throw new HttpError(413, `The request body is larger than ${MAX_BODY / 1024 / 1024} MiB.`);
      },
    }),
  );

  app.route('/', sparqlRoutes(ctx));
  app.route('/', dumpRoutes(ctx));
  app.route('/', pageAssets());

  let reconcile: Promise<Hono | undefined> | undefined;
  const toReconcile = async (c: Context): Promise<Response> => {
    reconcile ??= loadReconcile(ctx);
    const sub = await reconcile;
    if (!sub) throw new HttpError(404, 'The reconciliation service is not available on this server.');
    const url = new URL(c.req.url);
    url.pathname = url.pathname.slice('/reconcile'.length) || '/';
    const init: RequestInit = { method: c.req.method, headers: c.req.raw.headers };
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') init.body = await c.req.arrayBuffer();
    return sub.fetch(new Request(url, init));
  };
  app.all('/reconcile', toReconcile);
  app.all('/reconcile/*', toReconcile);

  app.get('/', (c) => homeResponse(c, ctx));
  app.get('/ontology', (c) => ontologyResponse(c, ctx));
  app.get('*', (c) => resourceResponse(c, ctx));
  return app;
}
