/**
 * HTTP for the remote store: fetch with a deadline and HTTP Digest authentication (RFC 7616, MD5, qop=auth),
 * which Virtuoso's Graph Store Protocol endpoint requires and Node's fetch does not do by itself.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Credentials {
  user: string;
  password: string;
}

interface Challenge {
  realm: string;
  nonce: string;
  qop?: string;
  opaque?: string;
  algorithm?: string;
}

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

function parseChallenge(header: string): Challenge | undefined {
  if (!/^Digest\s/i.test(header)) return undefined;
  const fields: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
    if (m[1]) fields[m[1].toLowerCase()] = m[2] ?? m[3] ?? '';
  }
  if (fields.realm === undefined || fields.nonce === undefined) return undefined;
  const c: Challenge = { realm: fields.realm, nonce: fields.nonce };
  if (fields.qop !== undefined) c.qop = fields.qop;
  if (fields.opaque !== undefined) c.opaque = fields.opaque;
  if (fields.algorithm !== undefined) c.algorithm = fields.algorithm;
  return c;
}

/** Whether a fetch failed because the connection was dropped under it (reset, broken pipe, socket closed). */
function connectionDropped(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } } | undefined)?.cause;
  return ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(cause?.code ?? '');
}

/** Times a replayable request is sent again after its connection was dropped, and the pause before each. */
const RESENDS = [100, 400];

/** fetch's own error says only "fetch failed": add what failed underneath (the code and message of its cause). */
function withCause(err: unknown): unknown {
  const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (!(err instanceof Error) || !cause) return err;
  const detail = [cause.code, cause.message].filter(Boolean).join(': ');
  return detail && !err.message.includes(detail) ? new Error(`${err.message} (${detail})`, { cause }) : err;
}

/**
 * A fetch that answers Digest challenges with the given credentials. The last challenge is reused (with a rising
 * nonce count) so that a run of requests costs one round trip each, not two.
 */

export class DigestClient {
  private challenge: Challenge | undefined;
  private nc = 0;

  constructor(private readonly credentials: Credentials | undefined) {}

  private authorization(method: string, url: URL, c: Challenge): string {
    const uri = `${url.pathname}${url.search}`;
    const ha1 = md5(`${this.credentials?.user ?? ''}:${c.realm}:${this.credentials?.password ?? ''}`);
    const ha2 = md5(`${method}:${uri}`);
    const parts = [`username="${this.credentials?.user ?? ''}"`, `realm="${c.realm}"`, `nonce="${c.nonce}"`, `uri="${uri}"`];
    if (c.qop && c.qop.split(',').map((s) => s.trim()).includes('auth')) {
      const nc = (++this.nc).toString(16).padStart(8, '0');
      const cnonce = randomBytes(8).toString('hex');
      parts.push(`qop=auth`, `nc=${nc}`, `cnonce="${cnonce}"`, `response="${md5(`${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`);
    } else {
      parts.push(`response="${md5(`${ha1}:${c.nonce}:${ha2}`)}"`);
    }
    if (c.opaque !== undefined) parts.push(`opaque="${c.opaque}"`);
    if (c.algorithm) parts.push(`algorithm=${c.algorithm}`);
    return `Digest ${parts.join(', ')}`;
  }

  /**
   * fetch(url, init), answering a Digest challenge once; the response of the last attempt is returned. A request
   * whose connection the store dropped before any answer (a kept-alive connection closed just as it was reused,
   * or a reset under load) is sent again, up to twice after short pauses, when its body can be sent again (text or
   * bytes, not a stream). A failure that remains names its cause (fetch's own message is only "fetch failed").
   */
  async fetch(url: string, init: RequestInit & { method: string }): Promise<Response> {
    const target = new URL(url);
    const replayable = init.body === undefined || init.body === null || typeof init.body === 'string' || init.body instanceof Uint8Array;
    const send = (c: Challenge | undefined): Promise<Response> => {
      const headers = new Headers(init.headers);
      if (c && this.credentials) headers.set('authorization', this.authorization(init.method, target, c));
      return fetch(url, { ...init, headers });
    };
    const attempt = async (c: Challenge | undefined): Promise<Response> => {
      for (let i = 0; ; i++) {
        try {
          return await send(c);
        } catch (err) {
          const pause = RESENDS[i];
          if (!replayable || !connectionDropped(err) || pause === undefined || init.signal?.aborted) throw withCause(err);
          await new Promise((resolve) => setTimeout(resolve, pause));
        }
      }
    };
    let res = await attempt(this.challenge);
    if (res.status === 401 && this.credentials) {
      const c = parseChallenge(res.headers.get('www-authenticate') ?? '');
      if (!c) return res;
      await res.arrayBuffer(); // drain before retrying on the same connection
      this.challenge = c;
      this.nc = 0;
      res = await attempt(c);
    }
    return res;
  }
}
