/**
 * A small client for Wikidata's Action API (wbsearchentities, wbgetentities) and the Query Service, for the
 * opt-in online mode. It sends a descriptive User-Agent (Wikimedia's policy), waits at least `minIntervalMs`
 * between requests, and retries 429 and 5xx answers and network errors with exponential backoff, honouring
 * Retry-After. `fetch` is injected so tests replay recorded responses and never touch the network.
 *
 * @example
 *   const wd = new WikidataClient({ userAgent: 'archive-ld/0.1 (https://example.org; ops@example.org)' });
 *   const hits = await wd.searchEntities('Liu Shaoqi', 'en');   // [{ id: 'Q16988', label: 'Liu Shaoqi', ... }]
 */

export type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}>;

export interface WikidataClientOptions {
  fetch?: FetchLike;
  userAgent?: string;
  /** Minimum pause between two requests (default 1000 ms). */
  minIntervalMs?: number;
  /** Retries after the first attempt (default 4). */
  maxRetries?: number;
  /** First backoff (default 1000 ms), doubled each retry. */
  backoffMs?: number;
  apiUrl?: string;
  sparqlUrl?: string;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface SearchHit {
  id: string;
  label?: string;
  description?: string;
  match?: { type: string; language: string; text: string };
}

/** An entity as wbgetentities returns it (the parts the gazetteer reads). */
export interface WbEntity {
  id: string;
  labels?: Record<string, { language: string; value: string }>;
  aliases?: Record<string, Array<{ language: string; value: string }>>;
  descriptions?: Record<string, { language: string; value: string }>;
  claims?: Record<string, WbStatement[]>;
  missing?: string;
}

export interface WbStatement {
  id?: string;
  rank?: string;
  mainsnak: WbSnak;
  qualifiers?: Record<string, WbSnak[]>;
}

export interface WbSnak {
  snaktype: string;
  property: string;
  datavalue?: { type: string; value: unknown };
}

export interface SparqlJson {
  head: { vars: string[] };
  results: { bindings: Array<Record<string, { type: string; value: string; 'xml:lang'?: string; datatype?: string }>> };
}

export const DEFAULT_USER_AGENT = 'archive-ld/0.1 (linked-data publisher for declassified diplomatic records; gazetteer refresh)';

/** A request to Wikidata failed for good; the message names the URL, the status and what to do. */
export class WikidataRequestError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    detail: string,
  ) {
    super(`Wikidata request failed (${status || 'network error'}) for ${url}: ${detail}. Check the network, or retry later; run without --online to use the committed gazetteer only.`);
    this.name = 'WikidataRequestError';
  }
}

export class WikidataClient {
  private readonly fetch: FetchLike;
  private readonly userAgent: string;
  private readonly minIntervalMs: number;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly apiUrl: string;
  private readonly sparqlUrl: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private last = -Infinity;
  /** Requests sent (attempts included), for logs and tests. */
  requests = 0;

  constructor(options: WikidataClientOptions = {}) {
    this.fetch = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.maxRetries = options.maxRetries ?? 4;
    this.backoffMs = options.backoffMs ?? 1000;
    this.apiUrl = options.apiUrl ?? 'https://www.wikidata.org/w/api.php';
    this.sparqlUrl = options.sparqlUrl ?? 'https://query.wikidata.org/sparql';
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? (() => Date.now());
  }

  /** wbsearchentities: items whose label or alias starts with `search` in `language`. */
  async searchEntities(search: string, language: string, limit = 7): Promise<SearchHit[]> {
    const url = `${this.apiUrl}?${new URLSearchParams({ action: 'wbsearchentities', search, language, uselang: language, type: 'item', limit: String(limit), format: 'json' })}`;
    const body = (await this.getJson(url)) as { search?: SearchHit[]; error?: { info?: string } };
    if (body.error) throw new WikidataRequestError(url, 200, body.error.info ?? 'API error');
    return body.search ?? [];
  }

  /** wbgetentities for up to any number of ids (sent 50 at a time). Missing ids are left out. */
  async getEntities(ids: string[], languages = ['en', 'zh-hans', 'zh-hant', 'zh', 'ru']): Promise<WbEntity[]> {
    const out: WbEntity[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const chunk = ids.slice(i, i + 50);
      const url = `${this.apiUrl}?${new URLSearchParams({ action: 'wbgetentities', ids: chunk.join('|'), props: 'labels|aliases|descriptions|claims', languages: languages.join('|'), format: 'json' })}`;
      const body = (await this.getJson(url)) as { entities?: Record<string, WbEntity>; error?: { info?: string } };
      if (body.error) throw new WikidataRequestError(url, 200, body.error.info ?? 'API error');
      for (const e of Object.values(body.entities ?? {})) if (e.missing === undefined) out.push(e);
    }
    return out;
  }

  /** A SELECT on the Query Service, JSON results. */
  async sparqlSelect(query: string): Promise<SparqlJson> {
    const url = this.sparqlUrl;
    const body = (await this.request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/sparql-results+json' }, body: new URLSearchParams({ query }).toString() })) as SparqlJson;
    if (!body?.head || !body.results) throw new WikidataRequestError(url, 200, 'the answer is not SPARQL JSON results');
    return body;
  }

  private getJson(url: string): Promise<unknown> {
    return this.request(url, { method: 'GET', headers: { Accept: 'application/json' } });
  }

  private async request(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<unknown> {
    let attempt = 0;
    for (;;) {
      const wait = this.last + this.minIntervalMs - this.now();
      if (wait > 0) await this.sleep(wait);
      this.last = this.now();
      this.requests++;
      let status = 0;
      let detail = '';
      let retryAfter: number | undefined;
      try {
        const res = await this.fetch(url, { ...init, headers: { ...init.headers, 'User-Agent': this.userAgent, 'Api-User-Agent': this.userAgent } });
        if (res.ok) return await res.json();
        status = res.status;
        detail = (await res.text()).slice(0, 200);
        const ra = res.headers.get('retry-after');
        if (ra && /^\d+$/.test(ra)) retryAfter = Number(ra) * 1000;
        if (status !== 429 && status < 500) throw new WikidataRequestError(url, status, detail);
      } catch (err) {
        if (err instanceof WikidataRequestError) throw err;
        detail = err instanceof Error ? err.message : String(err);
      }
      if (attempt >= this.maxRetries) throw new WikidataRequestError(url, status, `${detail} (gave up after ${attempt + 1} attempts)`);
      await this.sleep(Math.max(retryAfter ?? 0, this.backoffMs * 2 ** attempt));
      attempt++;
    }
  }
}
