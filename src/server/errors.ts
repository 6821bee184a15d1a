/**
 * The HTTP errors of the server, and the ONE place that turns any thrown error into a response. Handlers throw;
 * `errorResponse` maps. A 500 never shows internals: the client gets a reference, the log gets the stack.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { QueryQueueFullError, QueryTimeoutError } from '../store/types.js';
import { StoreQueryError, StoreUnavailableError } from '../store/sparql-store.js';

/** An error with an HTTP status and a message meant for the client. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 406 | 413 | 415 | 500 | 503,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The request is malformed (bad SPARQL, bad parameter). */
export const badRequest = (message: string): HttpError => new HttpError(400, message);
/** Credentials missing (asks for a Bearer token). */
export const unauthorized = (message: string): HttpError => new HttpError(401, message, { 'WWW-Authenticate': 'Bearer realm="archive-ld update"' });
/** Credentials wrong, or the operation is switched off. */
export const forbidden = (message: string): HttpError => new HttpError(403, message);
export const notFound = (message: string): HttpError => new HttpError(404, message);
export const methodNotAllowed = (message: string, allow: string): HttpError => new HttpError(405, message, { Allow: allow });
/** No acceptable representation: the message lists what is available. */
export const notAcceptable = (message: string): HttpError => new HttpError(406, message);
export const unsupportedMediaType = (message: string): HttpError => new HttpError(415, message);
export const unavailable = (message: string, retryAfterS?: number): HttpError =>
  new HttpError(503, message, retryAfterS === undefined ? {} : { 'Retry-After': String(retryAfterS) });

/** Map any error to a plain-text response. Logs the ones the client cannot fix. */
export function errorResponse(err: unknown, logger: Logger, where: string): Response {
  let httpError: HttpError;
  if (err instanceof HttpError) httpError = err;
  else if (err instanceof QueryTimeoutError) httpError = unavailable(err.message);
  else if (err instanceof QueryQueueFullError) httpError = unavailable(err.message, err.retryAfterS);
  else if (err instanceof StoreUnavailableError) httpError = unavailable(`${err.message} Try again shortly.`, 5);
  else if (err instanceof StoreQueryError) httpError = badRequest(err.message);
  else if (err instanceof Error && err.name === 'PayloadTooLargeError') httpError = new HttpError(413, err.message);
  else {
    const ref = randomUUID();
    logger.error({ err, ref, where }, 'internal error');
    httpError = new HttpError(500, `Internal server error (reference ${ref}). The server log has the details.`);
  }
  if (httpError.status === 503) logger.warn({ where, status: 503 }, httpError.message);
  return new Response(`${httpError.message}\n`, {
    status: httpError.status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...httpError.headers },
  });
}
