/**
 * The SPARQL 1.1 Protocol routes: GET/POST /sparql (query) and POST /update.
 *
 *   GET  /sparql?query=...&default-graph-uri=...&named-graph-uri=...
 *   POST /sparql  (application/x-www-form-urlencoded: query=...; or application/sparql-query: the query as body)
 *   GET  /sparql  (no query): the service description (Turtle), or the query page for a browser
 *   POST /update  (application/sparql-update or form update=...) with Authorization: Bearer <token>
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { QueryOptions } from '../store/types.js';
import type { ServerContext } from './context.js';
import { classify, type Classified } from './classify.js';
import { badRequest, forbidden, HttpError, methodNotAllowed, unauthorized, unsupportedMediaType } from './errors.js';
import { contentType, negotiate, prefersHtml } from './negotiate.js';
import { resultsPage } from './pages/index.js';
import { resolveServices } from './federation.js';
import { serviceDescription } from './service-description.js';
import { escapeHtml, queryPage } from './pages/index.js';
import { minimalPage } from './html.js';
import { cachedResponse } from './response-cache.js';

interface ProtocolRequest {
  text: string | undefined;
  /** Other operation parameters present (e.g. 'update' sent to /sparql). */
  otherOperation: string | undefined;
  defaultGraphUris: string[];
  namedGraphUris: string[];
}

function mediaTypeOf(c: Context): string {
  return (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function one(values: string[] | undefined, name: string): string | undefined {
  if (!values || values.length === 0) return undefined;
  if (values.length > 1) throw badRequest(`The request has ${values.length} '${name}' parameters; send exactly one ${name} per request.`);
  return values[0];
}

/** Read operation and dataset parameters from the query string and, for a form POST, the body. */
async function readRequest(c: Context, operation: 'query' | 'update'): Promise<ProtocolRequest> {
  const url = new URL(c.req.url);
  const params = new Map<string, string[]>();
  const add = (k: string, v: string): void => {
    const list = params.get(k) ?? [];
    list.push(v);
    params.set(k, list);
  };
  for (const [k, v] of url.searchParams) add(k, v);
  let text: string | undefined;
  if (c.req.method === 'POST') {
    const type = mediaTypeOf(c);
    const direct = operation === 'query' ? 'application/sparql-query' : 'application/sparql-update';
    const otherDirect = operation === 'query' ? 'application/sparql-update' : 'application/sparql-query';
    if (type === 'application/x-www-form-urlencoded') {
      for (const [k, v] of new URLSearchParams(await c.req.text())) add(k, v);
    } else if (type === direct) {
      text = await c.req.text();
      if (params.has(operation)) throw badRequest(`Send the ${operation} either as the body (${direct}) or as the '${operation}' parameter, not both.`);
    } else if (type === otherDirect) {
      throw operation === 'query'
        ? badRequest('This is the query endpoint: send SPARQL Update to POST /update (application/sparql-update).')
        : badRequest('This is the update endpoint: send SPARQL queries to /sparql.');
    } else {
      throw unsupportedMediaType(
        `Content-Type '${type || '(none)'}' is not accepted by POST /${operation === 'query' ? 'sparql' : 'update'}; use ${direct} or application/x-www-form-urlencoded.`,
      );
    }
  }
  text ??= one(params.get(operation), operation);
  const other = operation === 'query' ? 'update' : 'query';
  const dg = operation === 'query' ? 'default-graph-uri' : 'using-graph-uri';
  const ng = operation === 'query' ? 'named-graph-uri' : 'using-named-graph-uri';
  const graphs = (name: string): string[] => {
    const list = params.get(name) ?? [];
    for (const g of list) {
      if (!URL.canParse(g)) throw badRequest(`${name} '${g}' is not an absolute IRI.`);
    }
    return list;
  };
  return {
    text,
    otherOperation: params.has(other) ? other : undefined,
    defaultGraphUris: graphs(dg),
    namedGraphUris: graphs(ng),
  };
}

async function runQuery(c: Context, ctx: ServerContext): Promise<Response> {
  const req = await readRequest(c, 'query');
  if (req.otherOperation === 'update') {
    throw badRequest('SPARQL Update is not accepted on the query endpoint: POST it to /update (application/sparql-update) with a Bearer token.');
  }
  if (req.text === undefined) {
    if (c.req.method === 'POST') throw badRequest("The POST has no query: send it as the 'query' form field or as an application/sparql-query body.");
    return describeService(c, ctx);
  }
  if (req.text.trim() === '') throw badRequest('The query is empty.');
  const query = { ...req, text: req.text };
  // Remembered per text (src/server/classify.ts): a repeated query is not parsed again.
  const cls = classify(query.text, ctx.base, 'query');
  if (cls.type === 'update') {
    throw badRequest('This is a SPARQL Update; the query endpoint only runs queries. POST it to /update (application/sparql-update) with a Bearer token.');
  }
  const answer = (): Promise<Response> => answerQuery(c, ctx, query, cls);
  if (cls.volatile) return answer();
  // The same text, dataset and Accept/format give the same bytes as long as the data does not change.
  const key = ['sparql', c.req.header('Accept') ?? '', c.req.query('format') ?? '', req.defaultGraphUris.join(' '), req.namedGraphUris.join(' '), req.text].join('\n');
  return cachedResponse(c.req.raw, ctx.responses, key, answer);
}

async function answerQuery(c: Context, ctx: ServerContext, req: ProtocolRequest & { text: string }, cls: Extract<Classified, { type: 'query' }>): Promise<Response> {
  // The parse done here already says what the worker needs to know (no second parse there).
  const options: QueryOptions = { shape: cls.shape };
  if (req.defaultGraphUris.length) options.defaultGraphUris = req.defaultGraphUris;
  if (req.namedGraphUris.length) options.namedGraphUris = req.namedGraphUris;
  let text = req.text;
  if (cls.service) {
    // The store has no SERVICE: the allowed endpoints are asked first, within the same deadline.
    const started = Date.now();
    text = await resolveServices(text, {
      allow: ctx.config.federation,
      timeoutMs: ctx.config.queryTimeoutMs,
      resultCap: ctx.config.resultCap,
    });
    options.timeoutMs = Math.max(1, ctx.config.queryTimeoutMs - (Date.now() - started));
  }
  // A browser (the query page's plain form) asks for HTML first: show SELECT/ASK results as a page.
  if (c.req.query('format') === undefined && cls.kind !== 'graph' && prefersHtml(c.req.header('Accept'))) {
    const page = await resultsPage(ctx, text, cls.form, options);
    if (page !== undefined) return new Response(page, { headers: { 'Content-Type': contentType('text/html'), Vary: 'Accept' } });
  }
  const mediaType = negotiate(cls.kind, c.req.header('Accept'), c.req.query('format'));
  const result = await ctx.store.queryRaw(text, cls.kind, mediaType, options);
  const headers: Record<string, string> = {
    'Content-Type': contentType(mediaType),
    Vary: 'Accept',
    'X-Result-Cap': String(result.cap),
    'X-Result-Count': String(result.count),
    'X-Result-Truncated': String(result.truncated),
    'Cache-Control': 'no-cache',
  };
  if (result.truncated) {
    headers.Warning = `199 archive-ld "Result cut to the first ${result.cap} ${cls.kind === 'graph' ? 'triples' : 'rows'} (result cap); page with LIMIT/OFFSET"`;
  }
  return new Response(result.body, { status: 200, headers });
}

function describeService(c: Context, ctx: ServerContext): Response | Promise<Response> {
  const url = new URL(c.req.url);
  const endpoint = `${url.origin}/sparql`;
  const accept = c.req.header('Accept');
  const format = c.req.query('format');
  const type = negotiate('page', accept, format);
  const turtle = serviceDescription({
    endpoint,
    ...(ctx.config.updateToken ? { updateEndpoint: `${url.origin}/update` } : {}),
    voidUrl: `${url.origin}/.well-known/void`,
    queryTimeoutMs: ctx.config.queryTimeoutMs,
    resultCap: ctx.config.resultCap,
  });
  if (type !== 'text/html') {
    if (type !== 'text/turtle') throw new HttpError(406, `The service description is available as text/turtle and text/html, not ${type}.`);
    return new Response(turtle, { headers: { 'Content-Type': contentType('text/turtle'), Vary: 'Accept' } });
  }
  return (async () => {
    const page = await queryPage(ctx).catch((err: unknown) => {
      ctx.logger.warn({ err }, 'query page failed; serving the minimal page');
      return undefined;
    });
    const body =
      page ??
      minimalPage(
        'SPARQL endpoint',
        `<p>Send queries with <code>GET /sparql?query=…</code> or <code>POST /sparql</code>.</p><pre>${escapeHtml(turtle)}</pre>`,
      );
    return new Response(body, { headers: { 'Content-Type': contentType('text/html'), Vary: 'Accept' } });
  })();
}

function checkToken(c: Context, ctx: ServerContext): void {
  const token = ctx.config.updateToken;
  if (!token) {
    throw forbidden('SPARQL Update is switched off on this server. Start it with --token <secret> (or UPDATE_TOKEN) to allow updates.');
  }
  const auth = c.req.header('Authorization');
  const m = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  if (!m) throw unauthorized("POST /update needs 'Authorization: Bearer <token>' (the token given with --token / UPDATE_TOKEN).");
  const given = Buffer.from(m[1] as string);
  const expected = Buffer.from(token);
  // Constant-time comparison: do not leak how much of the token matched.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw forbidden('The Bearer token is not valid for updates.');
}

async function runUpdate(c: Context, ctx: ServerContext): Promise<Response> {
  checkToken(c, ctx);
  const req = await readRequest(c, 'update');
  if (req.otherOperation === 'query' && req.text === undefined) throw badRequest('This is the update endpoint: send SPARQL queries to /sparql.');
  if (req.text === undefined || req.text.trim() === '') {
    throw badRequest("The POST has no update: send it as an application/sparql-update body or as the 'update' form field.");
  }
  if (req.defaultGraphUris.length || req.namedGraphUris.length) {
    throw badRequest('using-graph-uri / using-named-graph-uri are not supported; write USING / WITH in the update itself.');
  }
  const cls = classify(req.text, ctx.base, 'update');
  if (cls.type !== 'update') throw badRequest('This is a query, not an update: send it to /sparql.');
  const started = Date.now();
  try {
    await ctx.store.update(req.text);
  } finally {
    // Even a failed update may have reached a replica: never serve a cached answer from before it.
    ctx.responses?.clear();
  }
  ctx.logger.info({ ms: Date.now() - started, bytes: req.text.length }, 'update applied');
  return new Response(null, { status: 204 });
}

/** The /sparql and /update routes. */
export function sparqlRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  app.get('/sparql', (c) => runQuery(c, ctx));
  app.post('/sparql', (c) => runQuery(c, ctx));
  app.all('/sparql', () => {
    throw methodNotAllowed('/sparql takes GET and POST.', 'GET, HEAD, POST, OPTIONS');
  });
  app.post('/update', (c) => runUpdate(c, ctx));
  app.all('/update', () => {
    throw methodNotAllowed('/update takes POST only (application/sparql-update with a Bearer token).', 'POST');
  });
  return app;
}
