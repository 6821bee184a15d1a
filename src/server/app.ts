/**
 * The HTTP layer as a function of (request, services, config) -> response: `createApp(ctx)` builds the Hono app;
 * only src/cli/serve.ts listens on a socket. Tests call `app.request(...)` in-process.
 *
 * Routes:
 *   GET|POST /sparql          SPARQL 1.1 Protocol query (service description without a query)
 *   POST /update              SPARQL 1.1 Update, Bearer token
 *   GET /dumps/, /dumps/{f}   published files; GET /.well-known/void  VoID + DCAT
 *   GET /ontology             ontology documentation or RDF
 *   /reconcile/*              reconciliation service (src/server/reconcile.ts, owned by link)
 *   GET /assets/*             page assets
 *   GET /{anything else}      the resource BASE + path (linked-data dereferencing)
 *
 * @example
 *   const app = createApp(ctx);
 *   const res = await app.request('/sparql?query=' + encodeURIComponent('ASK {}'));
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress, COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';
import { cors } from 'hono/cors';
import type { ServerContext } from './context.js';
import { dumpRoutes } from './dumps.js';
import { errorResponse, HttpError } from './errors.js';
import { pageAssets } from './pages/index.js';
import { reconcileRoutes } from './reconcile.js';
import { homeResponse, ontologyResponse, resourceResponse } from './resource.js';
import { sparqlRoutes } from './sparql.js';

/** Largest request body accepted (queries and updates). */
const MAX_BODY = 10 * 1024 * 1024;

/** Build the application for `ctx`. */
export function createApp(ctx: ServerContext): Hono {
  const app = new Hono();

  app.onError((err, c) => errorResponse(err, ctx.logger, `${c.req.method} ${new URL(c.req.url).pathname}`));
  app.notFound((c) => errorResponse(new HttpError(404, `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`), ctx.logger, ''));

  // Per-request logging costs a URL parse and an object per request: only when debug logging is on.
  if (ctx.logger.isLevelEnabled('debug')) {
    app.use('*', async (c, next) => {
      const started = Date.now();
      await next();
      ctx.logger.debug({ method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ms: Date.now() - started }, 'request');
    });
  }
  // Hono's list misses the RDF types without a +json/+xml suffix (N-Triples, N-Quads, TriG).
  const RDF_TYPES = /^\s*application\/(n-triples|n-quads|trig)\b/i;
  const compressible = (type: string): boolean => COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) || RDF_TYPES.test(type);
  const gzip = compress({ contentTypeFilter: compressible });
  app.use('*', async (c, next) => {
    if (c.req.header('Accept-Encoding') !== undefined) return gzip(c, next);
    // A client that takes no compression gets the body as it is. Hono's compress would still add Vary through
    // c.header(), which rebuilds the response around a stream and sends it through the Node adapter's slow path
    // (~0.3 ms of the main thread per request); the header is set in place here instead.
    await next();
    const headers = c.res.headers;
    const vary = headers.get('Vary');
    if (compressible(headers.get('Content-Type') ?? '') && vary !== '*' && !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary ?? '')) {
      try {
        headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
      } catch {
        // Immutable headers (a Response.redirect()): the response goes out without the hint.
      }
    }
  });
  // Reads are open to any origin; /update is not (no CORS headers, so browsers on other origins cannot call it).
  const readCors = cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowHeaders: ['Accept', 'Content-Type', 'If-None-Match', 'If-Modified-Since'],
    exposeHeaders: ['Content-Length', 'ETag', 'Last-Modified', 'X-Result-Cap', 'X-Result-Count', 'X-Result-Truncated', 'Retry-After'],
    maxAge: 86400,
  });
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/update')) return next();
    return readCors(c, next);
  });
  const limitBody = bodyLimit({
    maxSize: MAX_BODY,
    onError: () => {
      throw new HttpError(413, `The request body is larger than ${MAX_BODY / 1024 / 1024} MiB.`);
    },
  });
  // Only requests that may carry a body: the limit's look at the body makes the Node adapter build a whole Fetch
  // Request (with an AbortController) for every GET, which nothing else here needs.
  app.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  app.route('/', sparqlRoutes(ctx));
  app.route('/', dumpRoutes(ctx));
  app.route('/', pageAssets());

  app.route('/reconcile', reconcileRoutes(ctx));

  app.get('/', (c) => homeResponse(c, ctx));
  app.get('/ontology', (c) => ontologyResponse(c, ctx));
  app.get('*', (c) => resourceResponse(c, ctx));
  return app;
}
