/**
 * The model stage: RecordExtraction -> RDF/JS quads, all in the record's named graph `BASE graph/{recordId}`.
 *
 * Determinism: the same extraction and options give the same quads in the same (canonical) order, so the
 * N-Quads are byte-identical on every run. Nothing here reads the clock: the extraction run's
 * prov:startedAtTime is written only when the caller passes `now` (the CLI does so only on request, see
 * src/cli/extract.ts), and the run is identified by the input's SHA-256, not by time.
 *
 * @example
 *   const quads = toQuads(extraction, { base: DEFAULT_BASE, version: '0.1.0' });
 *   const trig = await serialize(quads, 'trig');
 */
import { DataFactory } from 'n3';
import type { NamedNode, Quad, Literal, Quad_Object } from '@rdfjs/types';
import type {
  DateMention,
  EventKind,
  InstitutionKind,
  NameForm,
  ParticipantPart,
  PlaceKind,
  RecordExtraction,
  RecordType,
  Span,
} from '../extract/types.js';
import { ALD, DCTERMS, OA, PROV, RDF, RDFS, RICO, SCHEMA, SKOS, XSD } from '../vocab/index.js';
import { canonicalQuads, type CanonicalQuads } from '../rdf/index.js';
import { DEFAULT_BASE, iris, type Iris } from './iri.js';
import { claimsToQuads } from './claims.js';
import type { Claim } from '../extract/claims/types.js';

export { DEFAULT_BASE, iris } from './iri.js';
export * from './iri.js';

const { namedNode, literal, quad } = DataFactory;

export interface ToQuadsOptions {
  /** Base IRI for data IRIs (default http://localhost:3030/). */
  base: string;
  /** Version of the extracting software, recorded in provenance. */
  version: string;
  /** When the extraction ran; omitted from the output when absent (keeps the output reproducible). */
  now?: Date;
}

/** Characters of context kept on each side of a quoted span in a TextQuoteSelector. */
export const QUOTE_CONTEXT = 32;

/** Record type -> the ontology class. */
const RECORD_CLASS: Record<RecordType, NamedNode | undefined> = {
  minutes: ALD.Minutes,
  memorandumOfConversation: ALD.MemorandumOfConversation,
  cable: ALD.Cable,
  telegram: ALD.Telegram,
  letter: ALD.Letter,
  report: ALD.Report,
  note: ALD.Note,
  speech: ALD.Speech,
  diary: ALD.Diary,
  memorandum: ALD.Memorandum,
  statement: ALD.Statement,
  other: undefined,
};

const INSTITUTION_CLASS: Record<InstitutionKind, NamedNode | undefined> = {
  ministry: ALD.Ministry,
  department: ALD.Department,
  embassy: ALD.Embassy,
  government: ALD.Government,
  party: ALD.Party,
  military: ALD.MilitaryBody,
  archive: ALD.Archive,
  funder: ALD.Funder,
  translator: ALD.TranslationService,
  office: ALD.Office,
  other: undefined,
};

const PLACE_CLASS: Record<PlaceKind, NamedNode | undefined> = {
  country: ALD.Country,
  region: ALD.Region,
  city: ALD.City,
  border: ALD.Border,
  building: ALD.Building,
  room: ALD.Room,
  other: undefined,
};

const EVENT_CLASS: Record<EventKind, NamedNode | undefined> = {
  meeting: ALD.Meeting,
  correspondence: ALD.Correspondence,
  speech: ALD.SpeechEvent,
  other: undefined,
};

const PART_CONCEPT: Record<ParticipantPart, NamedNode> = {
  speaker: ALD.PartSpeaker,
  alsoPresent: ALD.PartAlsoPresent,
  interpreter: ALD.PartInterpreter,
  noteTaker: ALD.PartNoteTaker,
  host: ALD.PartHost,
  guest: ALD.PartGuest,
  author: ALD.PartAuthor,
  sender: ALD.PartSender,
  addressee: ALD.PartAddressee,
  recipient: ALD.PartRecipient,
  mentioned: ALD.PartMentioned,
};

/** Parts that mean being there: written out as schema:attendee as well. */
const ATTENDING: ReadonlySet<ParticipantPart> = new Set(['speaker', 'alsoPresent', 'interpreter', 'noteTaker', 'host', 'guest']);

const DATATYPE = {
  date: XSD.date,
  dateTime: XSD.dateTime,
  gYearMonth: XSD.gYearMonth,
  gYear: XSD.gYear,
} as const;

/** Collapse runs of white space (titles are written over several lines). */
export function squash(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

/**
 * A typed date literal, completing a dateTime without seconds ("1962-08-09T18:00" -> "...T18:00:00").
 * Returns undefined when the value does not fit the datatype, so no ill-typed literal is ever written.
 */
export function dateLiteral(value: string, datatype: DateMention['datatype']): Literal | undefined {
  let v = value.trim();
  const patterns: Record<DateMention['datatype'], RegExp> = {
    date: /^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/,
    dateTime: /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
    gYearMonth: /^-?\d{4,}-\d{2}(Z|[+-]\d{2}:\d{2})?$/,
    gYear: /^-?\d{4,}(Z|[+-]\d{2}:\d{2})?$/,
  };
  if (datatype === 'dateTime' && /T\d{2}:\d{2}$/.test(v)) v += ':00';
  if (!patterns[datatype].test(v)) return undefined;
  const ymd = /^(-?\d{4,})-(\d{2})(?:-(\d{2}))?/.exec(v);
  if (ymd && (datatype === 'date' || datatype === 'dateTime' || datatype === 'gYearMonth')) {
    const month = Number(ymd[2]);
    if (month < 1 || month > 12) return undefined;
    if (ymd[3] !== undefined) {
      const d = new Date(Date.UTC(2000, month - 1, Number(ymd[3])));
      // 2000 is a leap year; Feb 29 of other years is checked below.
      if (d.getUTCMonth() !== month - 1 || Number(ymd[3]) < 1) return undefined;
      const y = Number(ymd[1]);
      const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
      if (month === 2 && Number(ymd[3]) === 29 && !leap) return undefined;
    }
  }
  return literal(v, DATATYPE[datatype]);
}

/** The datatype an ISO value has by its shape (for role dates given as bare strings). */
function datatypeOf(value: string): DateMention['datatype'] | undefined {
  if (/T/.test(value)) return 'dateTime';
  if (/^-?\d{4,}-\d{2}-\d{2}$/.test(value)) return 'date';
  if (/^-?\d{4,}-\d{2}$/.test(value)) return 'gYearMonth';
  if (/^-?\d{4,}$/.test(value)) return 'gYear';
  return undefined;
}

/** Cut a quote context without splitting a surrogate pair. */
function safeSlice(text: string, start: number, end: number): string {
  let s = Math.max(0, start);
  let e = Math.min(text.length, end);
  if (s > 0 && s < text.length && isLowSurrogate(text.charCodeAt(s))) s += 1;
  if (e > 0 && e < text.length && isLowSurrogate(text.charCodeAt(e))) e -= 1;
  return s < e ? text.slice(s, e) : '';
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Accumulates the quads of one record graph. */
class GraphBuilder {
  readonly quads: Quad[] = [];
  constructor(readonly graph: NamedNode) {}

  add(s: NamedNode, p: NamedNode, o: Quad_Object): void {
    this.quads.push(quad(s, p, o, this.graph));
  }
  types(s: NamedNode, ...classes: Array<NamedNode | undefined>): void {
    for (const c of classes) if (c) this.add(s, RDF.type, c);
  }
  str(s: NamedNode, p: NamedNode, value: string | undefined, lang?: string): void {
    if (value === undefined || value === '') return;
    this.add(s, p, lang ? literal(value, lang) : literal(value));
  }
  int(s: NamedNode, p: NamedNode, n: number): void {
    this.add(s, p, literal(String(Math.trunc(n)), XSD.integer));
  }
}

/** Everything the mapping functions share. */
interface Ctx {
  ext: RecordExtraction;
  iri: Iris;
  id: string;
  b: GraphBuilder;
  record: NamedNode;
  text: NamedNode;
  /** Language of the original text (BCP 47), when known. */
  originalLang: string | undefined;
}

/**
 * Map one record extraction to quads in the record's named graph, in canonical order.
 * Throws when the options are unusable (bad base IRI, empty version) or the extraction has no recordId.
 */
export function toQuads(ext: RecordExtraction, options: ToQuadsOptions): Quad[] {
  return toCanonicalQuads(ext, options).quads;
}

/**
 * toQuads, with the N-Quads line of each quad (made by the canonical sort anyway): the build hands them to the
 * part writer, which then writes the record's N-Quads without encoding every term a second time.
 *
 * @example
 *   const { quads, lines } = toCanonicalQuads(extraction, { base: DEFAULT_BASE, version: '0.1.0' });
 *   lines[0] === quadToLine(quads[0]); // true
 */
export function toCanonicalQuads(ext: RecordExtraction, options: ToQuadsOptions): CanonicalQuads {
  if (!ext.recordId) {
    throw new Error(`${ext.doc.file}: the extraction has no recordId. The extractor must set one (archive URL number or file stem).`);
  }
  if (!options.version) throw new Error('toQuads(): options.version is empty. Pass the package version (package.json).');
  const iri = iris(options.base || DEFAULT_BASE);
  const id = ext.recordId;
  const b = new GraphBuilder(iri.graph(id));
  const ctx: Ctx = {
    ext,
    iri,
    id,
    b,
    record: iri.record(id),
    text: iri.text(id),
    originalLang: ext.record.originalLanguage?.lang,
  };
  mapRecord(ctx);
  mapText(ctx);
  mapDates(ctx);
  mapIdentifiers(ctx);
  mapPeople(ctx);
  mapInstitutions(ctx);
  mapPlaces(ctx);
  mapEvent(ctx);
  mapTurns(ctx);
  mapDistribution(ctx);
  mapAdmin(ctx);
  mapDiscrepancies(ctx);
  mapProvenance(ctx, options);
  // Claims (issue 4) are mapped by their own module (src/model/claims.ts), into the same graph.
  if (Array.isArray(ext.claims) && ext.claims.length > 0) b.quads.push(...claimsToQuads(ext, ext.claims as Claim[], iri.base));
  return canonicalQuads(b.quads);
}

/**
 * Describe a span of the record text as an oa:SpecificResource `{owner}{suffix}` with a quote selector
 * (`.../quote`: exact, prefix, suffix) and a position selector (`.../position`: start, end).
 */
function spanResource(ctx: Ctx, owner: NamedNode, suffix: string, span: Span): NamedNode {
  const { b } = ctx;
  const text = ctx.ext.doc.text;
  const target = namedNode(`${owner.value}${suffix}`);
  const quote = namedNode(`${target.value}/quote`);
  const position = namedNode(`${target.value}/position`);
  b.types(target, OA.SpecificResource);
  b.add(target, OA.hasSource, ctx.text);
  b.add(target, OA.hasSelector, quote);
  b.add(target, OA.hasSelector, position);
  b.types(quote, OA.TextQuoteSelector);
  // The span's own text, not a fresh slice: a span that disagrees with the text then fails validation.
  b.add(quote, OA.exact, literal(span.text));
  b.str(quote, OA.prefix, safeSlice(text, span.start - QUOTE_CONTEXT, span.start));
  b.str(quote, OA.suffix, safeSlice(text, span.end, span.end + QUOTE_CONTEXT));
  b.types(position, OA.TextPositionSelector);
  b.add(position, OA.start, literal(String(span.start), XSD.nonNegativeInteger));
  b.add(position, OA.end, literal(String(span.end), XSD.nonNegativeInteger));
  return target;
}

/** `X ald:sourceSpan X/span` (also written as prov:wasDerivedFrom, its standard super-property). */
function sourceSpan(ctx: Ctx, owner: NamedNode, span: Span): void {
  const target = spanResource(ctx, owner, '/span', span);
  ctx.b.add(owner, ALD.sourceSpan, target);
  ctx.b.add(owner, PROV.wasDerivedFrom, target);
}

function mapRecord(ctx: Ctx): void {
  const { b, ext, record: rec, iri } = ctx;
  const info = ext.record;
  b.types(rec, ALD.Record, SCHEMA.ArchiveComponent, RICO.Record, info.type ? RECORD_CLASS[info.type.key] : undefined);
  if (info.type) b.str(rec, DCTERMS.type, info.type.label, 'en');

  // Titles: the main title (or the first one) is the label in its language; one rdfs:label per language,
  // every other title form an skos:altLabel.
  const titles = info.titles.length
    ? [...info.titles].sort((x, y) => Number(y.kind === 'main') - Number(x.kind === 'main'))
    : ext.doc.title
      ? [{ span: ext.doc.title, lang: 'en', kind: 'main' as const }]
      : [];
  const labelled = new Map<string, string>();
  for (const t of titles) {
    const value = squash(t.span.text);
    if (!value) continue;
    if (!labelled.has(t.lang)) {
      labelled.set(t.lang, value);
      b.str(rec, RDFS.label, value, t.lang);
      if (labelled.size === 1) {
        b.str(rec, SCHEMA.name, value, t.lang);
        b.str(rec, RICO.title, value, t.lang);
        b.str(rec, DCTERMS.title, value, t.lang);
      }
    } else if (labelled.get(t.lang) !== value) {
      b.str(rec, SKOS.altLabel, value, t.lang);
    }
  }

  if (info.date) {
    const d = dateLiteral(info.date.value, info.date.datatype);
    if (d) {
      b.add(rec, SCHEMA.dateCreated, d);
      b.add(rec, DCTERMS.date, d);
    }
  }
  if (info.originalLanguage) {
    b.str(rec, SCHEMA.inLanguage, info.originalLanguage.lang);
    b.str(rec, DCTERMS.language, info.originalLanguage.lang);
  }
  if (info.sourceUrl && isAbsoluteIri(info.sourceUrl)) b.add(rec, SCHEMA.url, namedNode(info.sourceUrl));
  if (ext.doc.citation) b.str(rec, DCTERMS.bibliographicCitation, squash(ext.doc.citation.text));
  if (info.summary) b.str(rec, SCHEMA.abstract, squash(info.summary.text), 'en');
  if (info.rights) b.str(rec, DCTERMS.rights, squash(info.rights.text), 'en');
  if (info.translatorKey) b.add(rec, SCHEMA.translator, iri.org(info.translatorKey));
  for (const f of info.funderKeys) b.add(rec, SCHEMA.funder, iri.org(f));
  if (info.repositoryKey) {
    b.add(rec, SCHEMA.holdingArchive, iri.org(info.repositoryKey));
    b.add(rec, RICO.hasOrHadHolder, iri.org(info.repositoryKey));
  }
}

function isAbsoluteIri(s: string): boolean {
  if (/[\s<>"{}|\\^`]/.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

function mapText(ctx: Ctx): void {
  const { b, ext, text, record, iri, id } = ctx;
  const doc = ext.doc;
  b.types(text, ALD.Text, RICO.Instantiation, SCHEMA.CreativeWork);
  b.add(record, RICO.hasOrHadInstantiation, text);
  b.add(text, SCHEMA.isPartOf, record);
  b.str(text, SCHEMA.text, doc.text);
  b.str(text, SCHEMA.encodingFormat, 'text/plain');
  b.str(text, SCHEMA.sha256, doc.sha256);
  b.str(text, RDFS.label, `Text of record ${id}`, 'en');

  // One resource per section; repeated kinds get -2, -3... so every section keeps its own IRI.
  const sections: Array<{ kind: string; span: Span }> = doc.sections.map((s) => ({ kind: s.kind, span: s.content }));
  if (doc.original && !sections.some((s) => s.kind === 'original')) sections.push({ kind: 'original', span: doc.original });
  if (doc.translation && !sections.some((s) => s.kind === 'translation')) {
    sections.push({ kind: 'translation', span: doc.translation });
  }
  const seen = new Map<string, number>();
  for (const s of sections) {
    const n = (seen.get(s.kind) ?? 0) + 1;
    seen.set(s.kind, n);
    const node = iri.text(id, n === 1 ? s.kind : `${s.kind}-${n}`);
    b.types(node, ALD.TextSection, SCHEMA.CreativeWork);
    b.str(node, ALD.sectionKind, s.kind);
    b.add(node, SCHEMA.isPartOf, text);
    b.add(text, SCHEMA.hasPart, node);
    const lang = s.kind === 'original' ? ctx.originalLang : s.kind === 'translation' ? 'en' : undefined;
    if (lang) b.str(node, SCHEMA.inLanguage, lang);
    if (s.span.end > s.span.start) sourceSpan(ctx, node, s.span);
  }
}

function mapDates(ctx: Ctx): void {
  const { b, ext, iri, id, record } = ctx;
  for (const d of ext.dates) {
    const node = iri.date(id, d.span.start, d.span.end);
    b.types(node, ALD.DateAttestation, RICO.Date);
    b.str(node, RICO.expressedDate, d.span.text);
    const lit = dateLiteral(d.value, d.datatype);
    if (lit) b.add(node, ALD.dateValue, lit);
    b.str(node, ALD.dateRole, d.role);
    b.str(node, DCTERMS.language, d.lang);
    b.add(record, ALD.hasDateAttestation, node);
    b.add(record, RICO.isAssociatedWithDate, node);
    sourceSpan(ctx, node, d.span);
  }
}

function mapIdentifiers(ctx: Ctx): void {
  const { b, ext, iri, id, record } = ctx;
  ext.identifiers.forEach((ident, i) => {
    const node = iri.identifier(id, i + 1);
    b.types(node, ALD.ArchivalIdentifier, RICO.Identifier);
    b.str(node, RICO.textualValue, ident.asWritten);
    b.str(node, RDFS.label, ident.asWritten);
    b.str(node, ALD.identifierScheme, ident.scheme);
    for (const key of Object.keys(ident.parts).sort()) {
      const value = ident.parts[key];
      if (value === undefined) continue;
      const part = namedNode(`${node.value}/part/${encodeURIComponent(key)}`);
      b.types(part, SCHEMA.PropertyValue);
      b.str(part, SCHEMA.propertyID, key);
      b.str(part, SCHEMA.value, value);
      b.add(node, SCHEMA.additionalProperty, part);
    }
    if (ident.repositoryKey) {
      b.add(record, SCHEMA.holdingArchive, iri.org(ident.repositoryKey));
      b.add(record, RICO.hasOrHadHolder, iri.org(ident.repositoryKey));
    }
    b.add(record, RICO.hasOrHadIdentifier, node);
    b.str(record, SCHEMA.identifier, ident.asWritten);
    sourceSpan(ctx, node, ident.span);
  });
}

/**
 * Names: rdfs:label is the preferred name in its language plus the first full name in each other language;
 * skos:altLabel every other name form. schema:name repeats the preferred name.
 */
function mapNames(ctx: Ctx, node: NamedNode, preferredName: string, names: NameForm[]): void {
  const { b } = ctx;
  const preferred = squash(preferredName);
  const prefLang = names.find((n) => squash(n.value) === preferred)?.lang ?? 'en';
  const labels = new Map<string, string>([[prefLang, preferred]]);
  // Only whole names label an entity in another language; a surname, a one-character speaker tag or a title
  // alone stays an skos:altLabel.
  const byRank = (n: NameForm) => (n.kind === 'full' ? 0 : n.kind === 'variant' ? 1 : 2);
  const whole = new Set<NameForm['kind']>(['full', 'variant', 'editorial', 'codeName']);
  for (const n of [...names].sort((x, y) => byRank(x) - byRank(y))) {
    if (!labels.has(n.lang) && whole.has(n.kind) && squash(n.value)) labels.set(n.lang, squash(n.value));
  }
  for (const [lang, value] of labels) b.str(node, RDFS.label, value, lang);
  b.str(node, SCHEMA.name, preferred, prefLang);
  for (const n of names) {
    const v = squash(n.value);
    if (v && labels.get(n.lang) !== v) b.str(node, SKOS.altLabel, v, n.lang);
  }
}

/** One oa:Annotation per mention: body the entity, target the span; and `record schema:mentions entity`. */
function mapMentions(ctx: Ctx, entity: NamedNode, mentions: RecordExtraction['people'][number]['mentions'], names: NameForm[]): void {
  const { b, iri, id } = ctx;
  // A shortcut for queries ("records that mention X") that would otherwise walk annotation -> target -> text.
  if (mentions.length > 0) b.add(ctx.record, SCHEMA.mentions, entity);
  for (const m of mentions) {
    const node = iri.mention(id, m.span.start, m.span.end);
    b.types(node, ALD.Mention, OA.Annotation);
    b.add(node, OA.motivatedBy, OA.identifying);
    b.add(node, OA.hasBody, entity);
    b.add(node, OA.hasTarget, spanResource(ctx, node, '/target', m.span));
    b.str(node, ALD.mentionContext, m.context);
    const form = m.nameIndex !== undefined ? names[m.nameIndex] : undefined;
    if (form) b.str(node, ALD.nameKind, form.kind);
    b.str(node, DCTERMS.language, m.lang);
  }
}

function mapPeople(ctx: Ctx): void {
  const { b, ext, iri, id, record } = ctx;
  for (const p of ext.people) {
    const node = iri.person(p.key);
    b.types(node, ALD.Person, SCHEMA.Person, RICO.Person);
    mapNames(ctx, node, p.preferredName, p.names);
    mapMentions(ctx, node, p.mentions, p.names);
    if (p.unnamed) b.add(node, ALD.unnamed, literal('true', XSD.boolean));
    if (p.side) {
      b.add(node, ALD.side, iri.place(p.side));
      b.add(node, SCHEMA.nationality, iri.place(p.side));
    }
    for (const a of p.affiliations) b.add(node, SCHEMA.affiliation, iri.org(a));
    p.roles.forEach((r, i) => {
      const role = iri.role(id, p.key, i + 1);
      b.types(role, ALD.RoleAttestation, RICO.Relation, PROV.Entity);
      b.add(role, ALD.holder, node);
      b.add(role, RICO.relationHasSource, node);
      b.str(role, SCHEMA.roleName, squash(r.label), 'en');
      b.str(role, RDFS.label, `${squash(r.label)}: ${squash(p.preferredName)}`, 'en');
      b.str(role, ALD.asWritten, r.asWritten);
      b.str(role, ALD.roleKey, r.roleKey);
      if (r.affiliationKey) {
        b.add(role, ALD.affiliation, iri.org(r.affiliationKey));
        b.add(role, RICO.relationHasTarget, iri.org(r.affiliationKey));
        b.add(node, SCHEMA.affiliation, iri.org(r.affiliationKey));
      }
      const asOfType = r.asOf ? datatypeOf(r.asOf) : undefined;
      const asOf = r.asOf && asOfType ? dateLiteral(r.asOf, asOfType) : undefined;
      if (asOf) b.add(role, ALD.asOf, asOf);
      b.add(role, ALD.attestedIn, record);
      b.add(node, ALD.hasRoleAttestation, role);
      b.str(node, SCHEMA.jobTitle, squash(r.label), 'en');
      sourceSpan(ctx, role, r.span);
    });
  }
}

function mapInstitutions(ctx: Ctx): void {
  const { b, ext, iri } = ctx;
  for (const inst of ext.institutions) {
    const node = iri.org(inst.key);
    b.types(node, ALD.Institution, SCHEMA.Organization, RICO.CorporateBody, INSTITUTION_CLASS[inst.kind]);
    mapNames(ctx, node, inst.preferredName, inst.names);
    mapMentions(ctx, node, inst.mentions, inst.names);
    if (inst.parentKey) b.add(node, SCHEMA.parentOrganization, iri.org(inst.parentKey));
    if (inst.country) b.add(node, ALD.country, iri.place(inst.country));
  }
}

function mapPlaces(ctx: Ctx): void {
  const { b, ext, iri } = ctx;
  for (const pl of ext.places) {
    const node = iri.place(pl.key);
    b.types(node, ALD.Place, SCHEMA.Place, RICO.Place, PLACE_CLASS[pl.kind]);
    mapNames(ctx, node, pl.preferredName, pl.names);
    mapMentions(ctx, node, pl.mentions, pl.names);
  }
}

function mapEvent(ctx: Ctx): void {
  const { b, ext, iri, id, record } = ctx;
  const ev = ext.event;
  if (!ev) return;
  const node = iri.event(id);
  b.types(node, ALD.Event, SCHEMA.Event, RICO.Activity, EVENT_CLASS[ev.kind]);
  b.add(record, ALD.records, node);
  b.add(record, SCHEMA.about, node);
  const title = ext.record.titles.find((t) => t.kind === 'main') ?? ext.record.titles[0];
  const when = ev.date?.value ?? ext.record.date?.value;
  b.str(node, RDFS.label, `${ev.kind === 'other' ? 'event' : ev.kind}${when ? ` of ${when}` : ''}${title ? `: ${squash(title.span.text)}` : ''}`, 'en');
  // Both the day and the time when the record gives both.
  for (const d of [ev.date, ev.time]) {
    const lit = d ? dateLiteral(d.value, d.datatype) : undefined;
    if (lit) b.add(node, SCHEMA.startDate, lit);
  }
  for (const v of ev.venue ?? []) {
    if (v.placeKey) b.add(node, SCHEMA.location, iri.place(v.placeKey));
    else b.str(node, SCHEMA.location, squash(v.label), v.lang);
  }
  const done = new Set<string>();
  for (const p of ev.participants) {
    const k = `${p.part}\u0000${p.personKey}`;
    if (done.has(k)) continue; // first evidence only: one participation per person and part
    done.add(k);
    const person = iri.person(p.personKey);
    const part = iri.participation(id, p.part, p.personKey);
    b.types(part, ALD.Participation, RICO.Relation);
    b.add(part, ALD.inEvent, node);
    b.add(part, RICO.relationHasTarget, node);
    b.add(part, ALD.participant, person);
    b.add(part, RICO.relationHasSource, person);
    b.add(part, ALD.participationRole, PART_CONCEPT[p.part]);
    b.add(node, ALD.hasParticipation, part);
    if (p.part !== 'mentioned') b.add(node, RICO.hasOrHadParticipant, person);
    if (ATTENDING.has(p.part)) b.add(node, SCHEMA.attendee, person);
    sourceSpan(ctx, part, p.span);
  }
}

function mapTurns(ctx: Ctx): void {
  const { b, ext, iri, id, record } = ctx;
  const doc = ext.doc;
  doc.turns.forEach((t, i) => {
    const node = iri.turn(id, t.part, t.index);
    b.types(node, ALD.Turn, RICO.RecordPart);
    b.int(node, ALD.turnIndex, t.index);
    b.str(node, ALD.textPart, t.part);
    b.add(node, ALD.inSection, iri.text(id, t.part));
    b.str(node, ALD.speakerTag, t.speaker.text);
    b.str(node, SCHEMA.text, t.body.text);
    b.str(node, RDFS.label, `${t.part} turn ${t.index}: ${squash(t.speaker.text)}`, 'en');
    const lang = t.part === 'translation' ? 'en' : ctx.originalLang;
    if (lang) b.str(node, SCHEMA.inLanguage, lang);
    const speaker = ext.turnSpeakers[i];
    if (speaker) {
      b.add(node, ALD.speaker, iri.person(speaker));
      b.add(node, PROV.wasAttributedTo, iri.person(speaker));
    }
    b.add(record, RICO.hasOrHadConstituent, node);
    const start = Math.min(t.speaker.start, t.body.start);
    const end = Math.max(t.speaker.end, t.body.end);
    sourceSpan(ctx, node, { start, end, text: doc.text.slice(start, end) });
  });
  for (const a of ext.turnAlignment) {
    const tr = doc.turns.find((t) => t.part === 'translation' && t.index === a.translation);
    const or = doc.turns.find((t) => t.part === 'original' && t.index === a.original);
    if (tr && or) b.add(iri.turn(id, 'translation', a.translation), SCHEMA.translationOfWork, iri.turn(id, 'original', a.original));
  }
}

function mapDistribution(ctx: Ctx): void {
  const { b, ext, iri, id, record } = ctx;
  ext.distribution.forEach((d, i) => {
    const node = iri.copy(id, i + 1);
    b.types(node, ALD.DistributionEntry, PROV.Entity);
    b.str(node, ALD.asWritten, d.asWritten);
    b.str(node, RDFS.label, d.resolved ? `${d.asWritten} (${d.resolved.label})` : d.asWritten);
    b.int(node, ALD.copies, d.copies);
    b.str(node, ALD.certainty, d.certainty);
    if (d.resolved) {
      const agent = d.resolved.kind === 'person' ? iri.person(d.resolved.key) : iri.org(d.resolved.key);
      b.add(node, ALD.recipient, agent);
      b.add(node, SCHEMA.recipient, agent);
    }
    b.add(record, ALD.hasDistributionEntry, node);
    sourceSpan(ctx, node, d.span);
  });
}

function mapAdmin(ctx: Ctx): void {
  const { b, ext, iri, id, record } = ctx;
  ext.admin.forEach((a, i) => {
    const node = iri.admin(id, i + 1);
    b.types(node, ALD.AdministrativeItem, RICO.RecordPart);
    b.str(node, ALD.adminKind, a.kind);
    b.str(node, RDF.value, a.value);
    b.str(node, ALD.asWritten, a.span.text);
    b.str(node, RDFS.label, a.label ? `${a.kind}: ${a.label}` : `${a.kind}: ${a.value}`, a.label ? 'en' : undefined);
    const lit = a.date ? dateLiteral(a.date.value, a.date.datatype) : undefined;
    if (lit) b.add(node, DCTERMS.date, lit);
    b.add(record, ALD.hasAdministrativeItem, node);
    b.add(record, RICO.hasOrHadConstituent, node);
    sourceSpan(ctx, node, a.span);
  });
}

function mapDiscrepancies(ctx: Ctx): void {
  const { b, ext, iri, id, record } = ctx;
  ext.discrepancies.forEach((d, i) => {
    const node = iri.discrepancy(id, i + 1);
    b.types(node, ALD.Discrepancy, OA.Annotation);
    b.add(node, OA.motivatedBy, OA.assessing);
    b.str(node, ALD.discrepancyKind, d.kind);
    b.str(node, OA.bodyValue, d.note, 'en');
    const original = spanResource(ctx, node, '/original', d.original);
    const translation = spanResource(ctx, node, '/translation', d.translation);
    b.add(node, ALD.originalSpan, original);
    b.add(node, ALD.translationSpan, translation);
    b.add(node, OA.hasTarget, original);
    b.add(node, OA.hasTarget, translation);
    b.str(node, DCTERMS.source, d.source);
    b.add(record, ALD.hasDiscrepancy, node);
  });
}

function mapProvenance(ctx: Ctx, options: ToQuadsOptions): void {
  const { b, ext, iri, id, text } = ctx;
  const run = iri.run(id, ext.doc.sha256);
  const software = iri.software(options.version);
  b.types(run, ALD.ExtractionRun, PROV.Activity);
  b.str(run, RDFS.label, `archive-ld ${options.version} extraction of ${id}`, 'en');
  b.add(run, PROV.used, text);
  b.add(run, PROV.wasAssociatedWith, software);
  if (options.now) {
    if (Number.isNaN(options.now.getTime())) throw new Error('toQuads(): options.now is an invalid Date. Pass a valid Date or leave it out.');
    b.add(run, PROV.startedAtTime, literal(options.now.toISOString(), XSD.dateTime));
  }
  b.types(software, PROV.SoftwareAgent);
  b.str(software, RDFS.label, `archive-ld ${options.version}`);
  b.str(software, SCHEMA.softwareVersion, options.version);
  b.types(ctx.b.graph, PROV.Entity);
  b.add(ctx.b.graph, PROV.wasGeneratedBy, run);
  b.add(ctx.b.graph, PROV.wasDerivedFrom, text);
}
