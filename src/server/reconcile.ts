/**
 * W3C Entity Reconciliation Service API (version 0.2, as OpenRefine speaks it) over the archive's own people,
 * institutions and places. Mounted by the app at /reconcile; this sub-app sees paths without that prefix.
 *
 *   GET  /                      manifest (JSONP with ?callback=)
 *   GET|POST / queries={...}    batch reconciliation: type and property constraints, scores, auto-match flag
 *   GET|POST / extend={...}     data extension
 *   GET  /properties?type=      proposed properties for data extension
 *   GET  /suggest/entity|type|property?prefix=
 *   GET  /preview?id=           HTML preview card
 *
 * Entity ids are paths under the data base IRI ("person/huang-zhen"); the manifest's view URL is BASE + id.
 * Names are compared across scripts with the linker's name rules (src/link/names.ts); the auto-match flag uses
 * the linker's rule: score >= 95 - 5 per property and a lead of more than 10 over the next candidate.
 *
 * @example
 *   POST /reconcile  queries={"q0":{"query":"Li Wenming","type":"person","limit":3}}
 *   -> {"q0":{"result":[{"id":"person/li-wenming","name":"Li Wenming","type":[{"id":"person","name":"Person"}],"score":100,"match":true}]}}
 */
import { Hono, type Context } from 'hono';
import type { Term } from '@rdfjs/types';
import type { ServerContext } from './context.js';
import { badRequest, errorResponse } from './errors.js';
import { asPlaceOrBodyName, compareNames, latinTokens, normaliseHan, scriptOf, stripMarks } from '../link/names.js';
import { MIN_MARGIN, roleMatches, thresholdFor } from '../link/reconcile.js';
import { NS } from '../link/vocab.js';

const ALD = NS.ald;

interface TypeInfo {
  id: string;
  name: string;
  cls: string;
}

const TYPES: TypeInfo[] = [
  { id: 'person', name: 'Person', cls: `${ALD}Person` },
  { id: 'institution', name: 'Institution', cls: `${ALD}Institution` },
  { id: 'place', name: 'Place', cls: `${ALD}Place` },
];

interface PropertyInfo {
  id: string;
  name: string;
  description: string;
  types: string[];
}

/** Properties usable as constraints and in data extension. */
const PROPERTIES: PropertyInfo[] = [
  { id: 'qid', name: 'Wikidata QID', description: 'The Wikidata item the entity is linked to (skos:exactMatch).', types: ['person', 'institution', 'place'] },
  { id: 'record', name: 'Record', description: 'Id of a record the entity appears in (wcda-118206).', types: ['person', 'institution', 'place'] },
  { id: 'role', name: 'Role', description: 'A role the records show the person in (Vice Minister).', types: ['person'] },
  { id: 'side', name: 'Side', description: 'Country or side the records put the entity on.', types: ['person', 'institution'] },
  { id: 'altLabel', name: 'Name variants', description: 'Every name form the records show, any script.', types: ['person', 'institution', 'place'] },
];

interface Entity {
  id: string;
  iri: string;
  type: TypeInfo;
  name: string;
  labels: string[];
}

interface ReconQuery {
  query: string;
  type?: string | string[];
  limit?: number;
  properties?: Array<{ pid?: string; p?: string; v: unknown }>;
  type_strict?: string;
}

const LIMIT_MAX = 100;
const CACHE_MS = 30_000;

/** The reconciliation routes for `ctx` (a Hono app; the server mounts it at /reconcile). */
export function reconcileRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  app.onError((err, c) => errorResponse(err, ctx.logger, `reconcile ${c.req.method} ${new URL(c.req.url).pathname}`));
  let cache: { at: number; entities: Promise<Entity[]> } | undefined;
  const entities = (): Promise<Entity[]> => {
    if (!cache || Date.now() - cache.at > CACHE_MS) cache = { at: Date.now(), entities: loadEntities(ctx) };
    return cache.entities;
  };

  const root = async (c: Context): Promise<Response> => {
    const params = await readParams(c);
    const queries = params.get('queries');
    const extend = params.get('extend');
    if (queries !== undefined) return c.json(await reconcileBatch(ctx, await entities(), parseJson(queries, 'queries')));
    if (extend !== undefined) return c.json(await extendData(ctx, await entities(), parseJson(extend, 'extend')));
    const manifest = manifestFor(ctx, new URL(c.req.url).origin);
    const callback = params.get('callback');
    if (callback !== undefined) {
      if (!/^[A-Za-z_$][\w$.]*$/.test(callback)) throw badRequest(`callback "${callback}" is not a JavaScript identifier.`);
      return c.body(`${callback}(${JSON.stringify(manifest)});`, 200, { 'Content-Type': 'application/javascript; charset=utf-8' });
    }
    return c.json(manifest);
  };
  app.get('/', root);
  app.post('/', root);

  app.get('/properties', (c) => {
    const type = c.req.query('type');
    const limit = clampLimit(c.req.query('limit'), 10);
    const props = PROPERTIES.filter((p) => !type || p.types.includes(type)).slice(0, limit);
    return c.json({ ...(type ? { type } : {}), limit, properties: props.map((p) => ({ id: p.id, name: p.name })) });
  });

  app.get('/suggest/entity', async (c) => {
    const prefix = required(c.req.query('prefix'), 'prefix');
    const type = c.req.query('type');
    const cursor = Number(c.req.query('cursor') ?? 0) || 0;
    const hits = (await entities()).filter((e) => (!type || e.type.id === type) && e.labels.some((l) => startsWithName(l, prefix)));
    return c.json({ result: hits.slice(cursor, cursor + 10).map((e) => ({ id: e.id, name: e.name, description: e.type.name })) });
  });
  app.get('/suggest/type', (c) => {
    const prefix = required(c.req.query('prefix'), 'prefix').toLowerCase();
    return c.json({ result: TYPES.filter((t) => t.name.toLowerCase().startsWith(prefix) || t.id.startsWith(prefix)).map((t) => ({ id: t.id, name: t.name })) });
  });
  app.get('/suggest/property', (c) => {
    const prefix = required(c.req.query('prefix'), 'prefix').toLowerCase();
    return c.json({ result: PROPERTIES.filter((p) => p.name.toLowerCase().includes(prefix) || p.id.toLowerCase().startsWith(prefix)).map((p) => ({ id: p.id, name: p.name, description: p.description })) });
  });

  app.get('/preview', async (c) => {
    const id = required(c.req.query('id'), 'id');
    const e = (await entities()).find((x) => x.id === id);
    if (!e) return c.html(`<p>No entity <code>${esc(id)}</code> in this archive.</p>`, 404);
    const facts = await entityFacts(ctx, [e]);
    const f = facts.get(e.id);
    const qids = f?.qid ?? [];
    const html = `<div style="font:14px sans-serif;padding:6px">
<a href="${esc(e.iri)}" target="_blank"><b>${esc(e.name)}</b></a> <small>${esc(e.type.name)}</small>
<div>${e.labels.filter((l) => l !== e.name).map(esc).join(' · ')}</div>
${f?.role?.length ? `<div>Roles: ${f.role.map(esc).join('; ')}</div>` : ''}
${qids.length ? `<div>Wikidata: ${qids.map((q) => `<a href="https://www.wikidata.org/wiki/${esc(q)}" target="_blank">${esc(q)}</a>`).join(', ')}</div>` : ''}
${f?.record?.length ? `<div>Records: ${f.record.map(esc).join(', ')}</div>` : ''}
</div>`;
    return c.html(html);
  });
  return app;
}

/** The service manifest (version 0.2), URLs under the origin the client reached. */
export function manifestFor(ctx: ServerContext, origin: string): Record<string, unknown> {
  const service = `${origin}/reconcile`;
  return {
    versions: ['0.2'],
    name: 'archive-ld reconciliation (people, institutions, places)',
    identifierSpace: ctx.base,
    schemaSpace: `${ALD}`,
    defaultTypes: TYPES.map((t) => ({ id: t.id, name: t.name })),
    view: { url: `${ctx.base}{{id}}` },
    preview: { url: `${service}/preview?id={{id}}`, width: 400, height: 120 },
    suggest: {
      entity: { service_url: service, service_path: '/suggest/entity' },
      type: { service_url: service, service_path: '/suggest/type' },
      property: { service_url: service, service_path: '/suggest/property' },
    },
    extend: {
      propose_properties: { service_url: service, service_path: '/properties' },
      property_settings: [],
    },
  };
}

async function readParams(c: Context): Promise<{ get(name: string): string | undefined }> {
  const url = new URL(c.req.url);
  const form = new Map<string, string>();
  if (c.req.method === 'POST') {
    const type = c.req.header('content-type') ?? '';
    if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
      const body = await c.req.parseBody();
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form.set(k, v);
    } else if (type.includes('application/json')) {
      const body = (await c.req.json()) as Record<string, unknown>;
      for (const [k, v] of Object.entries(body)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    } else if (type) {
      throw badRequest(`Send the reconciliation request as a form (application/x-www-form-urlencoded) with "queries" or "extend", not ${type}.`);
    }
  }
  return { get: (name) => form.get(name) ?? url.searchParams.get(name) ?? undefined };
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`The "${field}" parameter is not valid JSON (${err instanceof Error ? err.message : String(err)}). Send e.g. ${field === 'queries' ? '{"q0":{"query":"Li Wenming"}}' : '{"ids":["person/li-wenming"],"properties":[{"id":"qid"}]}'}.`);
  }
}

function required(v: string | undefined, name: string): string {
  if (v === undefined || v === '') throw badRequest(`The "${name}" parameter is required.`);
  return v;
}

function clampLimit(v: unknown, dflt: number): number {
  const n = Number(v ?? dflt);
  return Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), LIMIT_MAX) : dflt;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function startsWithName(label: string, prefix: string): boolean {
  if (scriptOf(prefix) === 'han') return normaliseHan(label).includes(normaliseHan(prefix));
  const p = stripMarks(prefix).toLowerCase().trim();
  const l = stripMarks(label).toLowerCase();
  return p.length > 0 && (l.startsWith(p) || latinTokens(label).some((t) => t.startsWith(latinTokens(prefix).join(''))));
}

/** Every person, institution and place with its names, from the store (paged under the result cap). */
async function loadEntities(ctx: ServerContext): Promise<Entity[]> {
  const values = TYPES.map((t) => `<${t.cls}>`).join(' ');
  const page = Math.max(1, Math.min(5000, ctx.config.resultCap));
  const byIri = new Map<string, Entity>();
  for (let offset = 0; ; offset += page) {
    const r = await ctx.store.select(`SELECT ?e ?cls ?label ?pref WHERE {
  VALUES ?cls { ${values} }
  ?e a ?cls .
  { ?e <${NS.rdfs}label> ?label BIND(1 AS ?pref) } UNION { ?e <${NS.skos}altLabel> ?label BIND(0 AS ?pref) }
} ORDER BY ?e ?cls ?label ?pref LIMIT ${page} OFFSET ${offset}`);
    for (const row of r.rows) addLabelRow(ctx, byIri, row);
    if (r.rows.length < page) break;
  }
  return [...byIri.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

function addLabelRow(ctx: ServerContext, byIri: Map<string, Entity>, row: Record<string, Term>): void {
  const iri = row['e']?.value;
  const cls = row['cls']?.value;
  const label = row['label']?.value;
  const type = TYPES.find((t) => t.cls === cls);
  if (!iri || !label || !type || !iri.startsWith(ctx.base)) return;
  let e = byIri.get(iri);
  if (!e) {
    e = { id: iri.slice(ctx.base.length), iri, type, name: label, labels: [] };
    byIri.set(iri, e);
  }
  if (!e.labels.includes(label)) e.labels.push(label);
  // Prefer an English (or first) rdfs:label as the display name.
  const term = row['label'];
  const lang = term?.termType === 'Literal' ? term.language : '';
  if (row['pref']?.value === '1' && (lang === 'en' || scriptOf(e.name) === 'han')) e.name = label;
}

interface Facts {
  qid?: string[];
  record?: string[];
  role?: string[];
  side?: Array<{ id: string; name: string }>;
  altLabel?: string[];
}

/** Property values of the given entities (for constraints, data extension and previews). */
async function entityFacts(ctx: ServerContext, list: Entity[]): Promise<Map<string, Facts>> {
  const out = new Map<string, Facts>();
  if (list.length === 0) return out;
  const byIri = new Map(list.map((e) => [e.iri, e]));
  const values = list.map((e) => `<${e.iri}>`).join(' ');
  const r = await ctx.store.select(`SELECT DISTINCT ?e ?p ?v ?vl WHERE {
  VALUES ?e { ${values} }
  {
    ?e <${NS.skos}exactMatch> ?v . FILTER(STRSTARTS(STR(?v), "${NS.wd}")) BIND("qid" AS ?p)
  } UNION {
    ?rec <${ALD}records> ?ev . ?ev ?rel ?e . FILTER(isIRI(?rec)) BIND(?rec AS ?v) BIND("record" AS ?p)
  } UNION {
    ?m <http://www.w3.org/ns/oa#hasBody> ?e ; <http://www.w3.org/ns/oa#hasTarget>/<http://www.w3.org/ns/oa#hasSource> ?text .
    BIND(REPLACE(STR(?text), "/text(/.*)?$", "") AS ?vs) BIND(IRI(?vs) AS ?v) BIND("record" AS ?p)
  } UNION {
    ?e <${ALD}hasRoleAttestation>/<${NS.schema}roleName> ?v . BIND("role" AS ?p)
  } UNION {
    ?e <${ALD}side> ?v . OPTIONAL { ?v <${NS.rdfs}label> ?vl } BIND("side" AS ?p)
  } UNION {
    ?e <${NS.skos}altLabel> ?v . BIND("altLabel" AS ?p)
  }
}`);
  for (const row of r.rows) {
    const e = byIri.get(row['e']?.value ?? '');
    const p = row['p']?.value as keyof Facts | undefined;
    const v = row['v']?.value;
    if (!e || !p || v === undefined) continue;
    const f = out.get(e.id) ?? {};
    out.set(e.id, f);
    if (p === 'qid') push(f, 'qid', v.slice(NS.wd.length));
    else if (p === 'record') {
      const m = /\/record\/([^/]+)$/.exec(v);
      if (m?.[1]) push(f, 'record', m[1]);
    } else if (p === 'role') push(f, 'role', v);
    else if (p === 'altLabel') push(f, 'altLabel', v);
    else if (p === 'side') {
      const side = { id: v.startsWith(ctx.base) ? v.slice(ctx.base.length) : v, name: row['vl']?.value ?? v };
      if (!(f.side ?? []).some((s) => s.id === side.id)) (f.side ??= []).push(side);
    }
  }
  return out;
}

function push(f: Facts, key: 'qid' | 'record' | 'role' | 'altLabel', v: string): void {
  const list = (f[key] ??= []);
  if (!list.includes(v)) list.push(v);
}

function valueText(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(valueText);
  if (typeof v === 'string' || typeof v === 'number') return [String(v)];
  if (v && typeof v === 'object') {
    const o = v as { id?: unknown; name?: unknown; str?: unknown };
    return [o.id, o.name, o.str].filter((x): x is string => typeof x === 'string');
  }
  return [];
}

/** Score of one property constraint against an entity's facts: 100 when it holds, 0 when not. */
function propertyScore(pid: string, v: unknown, facts: Facts | undefined): number {
  const wanted = valueText(v).map((x) => x.trim()).filter((x) => x.length > 0);
  if (wanted.length === 0) return 0;
  const has = (list: string[] | undefined, eq: (a: string, b: string) => boolean) => (list ?? []).some((a) => wanted.some((b) => eq(a, b)));
  switch (pid) {
    case 'qid':
      return has(facts?.qid, (a, b) => a === b.replace(/^.*\//, '')) ? 100 : 0;
    case 'record':
      return has(facts?.record, (a, b) => a === b.replace(/^.*\/record\//, '')) ? 100 : 0;
    case 'role':
      return has(facts?.role, (a, b) => roleMatches(b, a)) ? 100 : 0;
    case 'side':
      return (facts?.side ?? []).some((s) => wanted.some((b) => s.id === b || compareNames(b, s.name).score >= 95)) ? 100 : 0;
    case 'altLabel':
      return has(facts?.altLabel, (a, b) => compareNames(b, a).score >= 95) ? 100 : 0;
    default:
      throw badRequest(`Unknown property "${pid}". Known: ${PROPERTIES.map((p) => p.id).join(', ')} (GET /reconcile/properties).`);
  }
}

/** Batch reconciliation: the "queries" object of the API to its results object. */
export async function reconcileBatch(ctx: ServerContext, all: Entity[], body: unknown): Promise<Record<string, { result: unknown[] }>> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('"queries" must be a JSON object of queries keyed by id: {"q0":{"query":"..."}}.');
  const out: Record<string, { result: unknown[] }> = {};
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    const q = (typeof raw === 'string' ? { query: raw } : raw) as ReconQuery;
    if (!q || typeof q.query !== 'string') throw badRequest(`Query "${key}" has no "query" string.`);
    const types = q.type === undefined ? [] : Array.isArray(q.type) ? q.type : [q.type];
    for (const t of types) if (!TYPES.some((x) => x.id === t || x.cls === t)) throw badRequest(`Query "${key}": unknown type "${t}". Known: ${TYPES.map((x) => x.id).join(', ')}.`);
    const limit = clampLimit(q.limit, 5);
    const props = (q.properties ?? []).map((p) => ({ pid: p.pid ?? p.p ?? '', v: p.v }));
    const scored: Array<{ e: Entity; name: number }> = [];
    for (const e of all) {
      if (types.length > 0 && !types.some((t) => t === e.type.id || t === e.type.cls)) continue;
      const name = Math.max(0, ...e.labels.map((l) => (e.type.id === 'person' ? compareNames(q.query, l) : asPlaceOrBodyName(compareNames(q.query, l))).score));
      if (name >= 50) scored.push({ e, name });
    }
    const facts = props.length > 0 ? await entityFacts(ctx, scored.map((s) => s.e)) : new Map<string, Facts>();
    const results = scored
      .map(({ e, name }) => {
        const ps = props.map((p) => propertyScore(p.pid, p.v, facts.get(e.id)));
        const score = Math.round(((name + ps.reduce((a, b) => a + b, 0)) / (1 + ps.length)) * 10) / 10;
        return { e, score, features: [{ id: 'name', value: name }, ...props.map((p, i) => ({ id: `property:${p.pid}`, value: ps[i] ?? 0 }))] };
      })
      .sort((a, b) => b.score - a.score || (a.e.id < b.e.id ? -1 : 1));
    const threshold = thresholdFor(props.length);
    out[key] = {
      result: results.slice(0, limit).map((r, i) => ({
        id: r.e.id,
        name: r.e.name,
        type: [{ id: r.e.type.id, name: r.e.type.name }],
        score: r.score,
        match: i === 0 && r.score >= threshold && r.score - (results[1]?.score ?? 0) > MIN_MARGIN,
        features: r.features,
        description: r.e.labels.filter((l) => l !== r.e.name).join(' · '),
      })),
    };
  }
  return out;
}

/** Data extension: the "extend" object of the API to its meta and rows. */
export async function extendData(ctx: ServerContext, all: Entity[], body: unknown): Promise<{ meta: unknown[]; rows: Record<string, Record<string, unknown[]>> }> {
  const b = body as { ids?: unknown; properties?: unknown };
  if (!b || !Array.isArray(b.ids) || !Array.isArray(b.properties)) throw badRequest('"extend" must be {"ids":[...],"properties":[{"id":"qid"}]}.');
  const ids = b.ids.filter((x): x is string => typeof x === 'string');
  const pids = (b.properties as Array<{ id?: unknown }>).map((p) => String(p?.id ?? ''));
  for (const pid of pids) if (!PROPERTIES.some((p) => p.id === pid)) throw badRequest(`Unknown property "${pid}". Known: ${PROPERTIES.map((p) => p.id).join(', ')}.`);
  const byId = new Map(all.map((e) => [e.id, e]));
  const facts = await entityFacts(ctx, ids.map((id) => byId.get(id)).filter((e): e is Entity => !!e));
  const rows: Record<string, Record<string, unknown[]>> = {};
  for (const id of ids) {
    const f = facts.get(id) ?? {};
    const row: Record<string, unknown[]> = {};
    for (const pid of pids) {
      if (pid === 'side') row[pid] = (f.side ?? []).map((s) => ({ id: s.id, name: s.name }));
      else row[pid] = ((f as Record<string, string[] | undefined>)[pid] ?? []).map((str) => ({ str }));
    }
    rows[id] = row;
  }
  return { meta: pids.map((pid) => ({ id: pid, name: PROPERTIES.find((p) => p.id === pid)?.name ?? pid })), rows };
}
