/**
 * The record page: a record's metadata (the generic entity sections), its participants, archival
 * identifiers, dates as written, distribution list, and its text turn by turn, translation beside original,
 * with the entities it mentions highlighted and linked. The turn texts come from the record's text resource
 * and the turn offsets in the graph (oa:TextPositionSelector), so claims (issue 4) can be marked the same way.
 */
import type { QueryService } from '../../store/types.js';
import { ALD, NS, OA, RDF, RDFS, RICO, SCHEMA, SKOS, vocab } from '../../vocab/index.js';
import { fetchRecordClasses, type EntityView } from './entity.js';
import { html, type Html } from './html.js';
import { fetchLabels } from './labels.js';
import { iriRef, num, str } from './sparql.js';
import { hrefFor, iriLink, localName, type Labels } from './terms.js';

export interface ParticipantView {
  person: string;
  /** The ald:ParticipantRole concept, when given. */
  role?: string;
  /** Participant part as a key (the concept's skos:notation, or its local name): "speaker", "alsoPresent". */
  part: string;
}

export interface IdentifierView {
  iri: string;
  asWritten: string;
  scheme: string;
}

export interface DateView {
  asWritten: string;
  value: string;
  role: string;
}

export interface CopyView {
  iri: string;
  asWritten: string;
  copies: number;
  recipient?: string;
  certainty: string;
}

/** A span of the record's text to highlight: a mention (links to its entity) or a claim. */
export interface Highlight {
  start: number;
  end: number;
  /** The entity or claim the span is about. */
  target: string;
  kind: 'mention' | 'claim';
}

export interface TurnView {
  iri: string;
  part: string;
  index: number;
  speaker?: string;
  tag: string;
  /** Offsets of the turn in the record's text (UTF-16 code units), when the graph gives them. */
  start?: number;
  end?: number;
  /** The words of the turn, when the text resource or a quote selector gives them. */
  text?: string;
  /** BCP 47 language of the words, when the graph gives it. */
  lang?: string;
}

export interface ClaimView {
  iri: string;
  /** The claim's label (its words, shortened). */
  text: string;
  claimant?: string;
  stance?: string;
}

export interface RecordView {
  participants: ParticipantView[];
  identifiers: IdentifierView[];
  dates: DateView[];
  distribution: CopyView[];
  /** Translation and original turns paired in order (either side may be missing). */
  dialogue: Array<{ translation?: TurnView; original?: TurnView }>;
  highlights: Highlight[];
  /** Claims stated in the record, in text order (issue 4). */
  claims: ClaimView[];
  labels: Labels;
}

const p = (t: { value: string }) => iriRef(t.value);

/** The claim terms the record page reads (declared in ontology/claims.ttl). */
const CLAIM = vocab(NS.ald, ['statedIn', 'originalTextSpan', 'claimant', 'stance'] as const);

/** True when the entity view is of a record (ald:Record or one of its subclasses). */
export function isRecord(view: EntityView, recordClasses: ReadonlySet<string>): boolean {
  return view.types.some((t) => recordClasses.has(t));
}

/** The IRIs of ald:Record and its subclasses, from the ontology graph. */
export async function recordClasses(store: QueryService): Promise<Set<string>> {
  return fetchRecordClasses(store);
}

/** Loads the record-specific parts of a record page. */
export async function loadRecord(store: QueryService, iri: string): Promise<RecordView> {
  const rec = iriRef(iri);
  const [parts, ids, dates, copies, turns, mentions, claims, claimList] = await Promise.all([
    store.select(`SELECT DISTINCT ?person ?role ?notation WHERE {
  ${rec} ${p(ALD.records)} ?event .
  ?event ${p(ALD.hasParticipation)} ?part .
  ?part ${p(ALD.participant)} ?person .
  OPTIONAL { ?part ${p(ALD.participationRole)} ?role OPTIONAL { ?role ${p(SKOS.notation)} ?notation } }
}`),
    store.select(`SELECT DISTINCT ?id ?written ?scheme WHERE {
  ${rec} ${p(RICO.hasOrHadIdentifier)} ?id .
  OPTIONAL { ?id ${p(RICO.textualValue)}|${p(RDFS.label)} ?written }
  OPTIONAL { ?id ${p(ALD.identifierScheme)} ?scheme }
}`),
    store.select(`SELECT DISTINCT ?d ?written ?value ?role ?start WHERE {
  ${rec} ${p(ALD.hasDateAttestation)} ?d .
  OPTIONAL { ?d ${p(RICO.expressedDate)} ?written }
  OPTIONAL { ?d ${p(ALD.dateValue)} ?value }
  OPTIONAL { ?d ${p(ALD.dateRole)} ?role }
  OPTIONAL { ?d ${p(ALD.sourceSpan)}/${p(OA.hasSelector)}/${p(OA.start)} ?start }
} ORDER BY ?start`),
    store.select(`SELECT DISTINCT ?e ?written ?copies ?recipient ?certainty ?start WHERE {
  ${rec} ${p(ALD.hasDistributionEntry)} ?e .
  OPTIONAL { ?e ${p(ALD.asWritten)} ?written }
  OPTIONAL { ?e ${p(ALD.copies)} ?copies }
  OPTIONAL { ?e ${p(ALD.recipient)} ?recipient }
  OPTIONAL { ?e ${p(ALD.certainty)} ?certainty }
  OPTIONAL { ?e ${p(ALD.sourceSpan)}/${p(OA.hasSelector)}/${p(OA.start)} ?start }
} ORDER BY ?start ?e`),
    store.select(`SELECT ?turn ?part ?index ?speaker ?tag ?body ?lang ?start ?end ?exact ?originalTurn WHERE {
  ${rec} ${p(RICO.hasOrHadConstituent)} ?turn .
  ?turn ${p(RDF.type)} ${p(ALD.Turn)} .
  OPTIONAL { ?turn ${p(ALD.textPart)} ?part }
  OPTIONAL { ?turn ${p(ALD.turnIndex)} ?index }
  OPTIONAL { ?turn ${p(ALD.speaker)} ?speaker }
  OPTIONAL { ?turn ${p(ALD.speakerTag)} ?tag }
  OPTIONAL { ?turn ${p(SCHEMA.text)} ?body }
  OPTIONAL { ?turn ${p(SCHEMA.inLanguage)} ?lang }
  OPTIONAL { ?turn ${p(SCHEMA.translationOfWork)} ?originalTurn }
  OPTIONAL {
    ?turn ${p(ALD.sourceSpan)} ?span .
    OPTIONAL { ?span ${p(OA.hasSelector)} ?pos . ?pos ${p(OA.start)} ?start ; ${p(OA.end)} ?end }
    OPTIONAL { ?span ${p(OA.hasSelector)} ?quote . ?quote ${p(OA.exact)} ?exact }
  }
} ORDER BY ?part ?index`),
    store.select(`SELECT DISTINCT ?body ?start ?end WHERE {
  GRAPH ?g { ${rec} ${p(RDF.type)} ?type . ?m ${p(RDF.type)} ${p(ALD.Mention)} ; ${p(OA.hasBody)} ?body ; ${p(OA.hasTarget)} ?t . }
  ?t ${p(OA.hasSelector)} ?pos . ?pos ${p(OA.start)} ?start ; ${p(OA.end)} ?end .
}`),
    store.select(`SELECT DISTINCT ?claim ?start ?end WHERE {
  ?claim ${p(CLAIM.statedIn)} ${rec} ; ${p(ALD.sourceSpan)}|${p(CLAIM.originalTextSpan)} ?span .
  ?span ${p(OA.hasSelector)} ?pos . ?pos ${p(OA.start)} ?start ; ${p(OA.end)} ?end .
}`),
    store.select(`SELECT DISTINCT ?claim ?label ?claimant ?stance ?start WHERE {
  ?claim ${p(CLAIM.statedIn)} ${rec} .
  OPTIONAL { ?claim ${p(RDFS.label)} ?label }
  OPTIONAL { ?claim ${p(CLAIM.claimant)} ?claimant }
  OPTIONAL { ?claim ${p(CLAIM.stance)} ?stance }
  OPTIONAL { ?claim ${p(ALD.sourceSpan)}/${p(OA.hasSelector)}/${p(OA.start)} ?start }
} ORDER BY ?start ?claim`),
  ]);

  const participants = parts.rows.flatMap((r) => {
    const person = str(r, 'person');
    if (!person) return [];
    const role = str(r, 'role');
    const x: ParticipantView = { person, part: str(r, 'notation') ?? (role ? localName(role) : '') };
    if (role) x.role = role;
    return [x];
  });
  const identifiers = new Map<string, IdentifierView>();
  for (const r of ids.rows) {
    const id = str(r, 'id');
    if (id && !identifiers.has(id)) identifiers.set(id, { iri: id, asWritten: str(r, 'written') ?? '', scheme: str(r, 'scheme') ?? '' });
  }
  const dateViews = dates.rows.map((r) => ({
    asWritten: str(r, 'written') ?? '',
    value: str(r, 'value') ?? '',
    role: str(r, 'role') ?? '',
  }));
  const distribution = copies.rows.flatMap((r) => {
    const e = str(r, 'e');
    if (!e) return [];
    const c: CopyView = { iri: e, asWritten: str(r, 'written') ?? '', copies: num(r, 'copies') || 1, certainty: str(r, 'certainty') ?? '' };
    const recipient = str(r, 'recipient');
    if (recipient) c.recipient = recipient;
    return [c];
  });

  const seen = new Map<string, TurnView>();
  const alignedTo = new Map<string, string>();
  for (const r of turns.rows) {
    const turn = str(r, 'turn');
    if (!turn || seen.has(turn)) continue;
    const t: TurnView = { iri: turn, part: str(r, 'part') ?? '', index: num(r, 'index'), tag: str(r, 'tag') ?? '' };
    const speaker = str(r, 'speaker');
    if (speaker) t.speaker = speaker;
    const lang = str(r, 'lang');
    if (lang) t.lang = lang;
    const body = str(r, 'body');
    const exact = str(r, 'exact');
    const end = r['end'] ? num(r, 'end') : undefined;
    if (body !== undefined) {
      t.text = body;
      // The span runs from the speaker tag to the end of the words, so the words end where it ends.
      if (end !== undefined && exact?.endsWith(body)) {
        t.start = end - body.length;
        t.end = end;
      }
    } else if (exact !== undefined && end !== undefined) {
      t.text = exact;
      t.start = end - exact.length;
      t.end = end;
    }
    const originalTurn = str(r, 'originalTurn');
    if (originalTurn) alignedTo.set(turn, originalTurn);
    seen.set(turn, t);
  }
  const dialogue = pairTurns([...seen.values()], alignedTo);
  const highlights: Highlight[] = mentions.rows.flatMap((r) => {
    const body = str(r, 'body');
    return body && r['start'] && r['end'] ? [{ start: num(r, 'start'), end: num(r, 'end'), target: body, kind: 'mention' as const }] : [];
  });

  for (const r of claims.rows) {
    const claim = str(r, 'claim');
    if (claim && r['start'] && r['end']) highlights.push({ start: num(r, 'start'), end: num(r, 'end'), target: claim, kind: 'claim' });
  }

  const claimViews = new Map<string, ClaimView>();
  for (const r of claimList.rows) {
    const claim = str(r, 'claim');
    if (!claim || claimViews.has(claim)) continue;
    const c: ClaimView = { iri: claim, text: str(r, 'label') ?? '' };
    const claimant = str(r, 'claimant');
    if (claimant) c.claimant = claimant;
    const stance = str(r, 'stance');
    if (stance) c.stance = stance;
    claimViews.set(claim, c);
  }

  const iris = new Set<string>();
  for (const c of claimViews.values()) for (const x of [c.claimant, c.stance]) if (x) iris.add(x);
  for (const x of participants) for (const i of [x.person, x.role]) if (i) iris.add(i);
  for (const c of distribution) if (c.recipient) iris.add(c.recipient);
  for (const t of seen.values()) if (t.speaker) iris.add(t.speaker);
  for (const h of highlights) iris.add(h.target);
  const labels = await fetchLabels(store, iris);
  return { participants, identifiers: [...identifiers.values()], dates: dateViews, distribution, dialogue, highlights, claims: [...claimViews.values()], labels };
}

/**
 * Pairs translation turns with the original turns they translate (schema:translationOfWork), in the order
 * of the translation; turns without a partner stand alone, original-only turns keep their order.
 */
export function pairTurns(turns: readonly TurnView[], alignedTo: ReadonlyMap<string, string>): RecordView['dialogue'] {
  const byPart = (part: string) => turns.filter((t) => t.part === part).sort((a, b) => a.index - b.index);
  const translation = byPart('translation');
  const original = byPart('original');
  const byIri = new Map(original.map((t) => [t.iri, t]));
  const used = new Set<string>();
  const pairs: RecordView['dialogue'] = [];
  if (alignedTo.size === 0) {
    // No alignment in the graph: pair by position.
    for (let i = 0; i < Math.max(translation.length, original.length); i++) {
      const pair: { translation?: TurnView; original?: TurnView } = {};
      const tr = translation[i];
      const or = original[i];
      if (tr) pair.translation = tr;
      if (or) pair.original = or;
      pairs.push(pair);
    }
    return pairs;
  }
  let next = 0;
  const flushOriginalsBefore = (limit: number) => {
    while (next < original.length && (original[next]?.index ?? 0) < limit) {
      const or = original[next++];
      if (or && !used.has(or.iri)) {
        used.add(or.iri);
        pairs.push({ original: or });
      }
    }
  };
  for (const tr of translation) {
    const or = byIri.get(alignedTo.get(tr.iri) ?? '');
    if (or && !used.has(or.iri)) {
      flushOriginalsBefore(or.index);
      used.add(or.iri);
      pairs.push({ translation: tr, original: or });
    } else pairs.push({ translation: tr });
  }
  flushOriginalsBefore(Number.POSITIVE_INFINITY);
  return pairs;
}

interface Segment {
  text: string;
  offset: number;
  span?: Highlight;
}

/** Cuts text starting at `offset` into plain pieces and pieces covered by a span (first, longest span wins). */
function segments(text: string, offset: number, spans: readonly Highlight[]): Segment[] {
  const inside = spans
    .filter((h) => h.start >= offset && h.end <= offset + text.length && h.end > h.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let at = 0;
  for (const h of inside) {
    const s = h.start - offset;
    const e = h.end - offset;
    if (s < at) continue;
    if (s > at) out.push({ text: text.slice(at, s), offset: offset + at });
    out.push({ text: text.slice(s, e), offset: h.start, span: h });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), offset: offset + at });
  return out;
}

/**
 * Marks the highlighted spans inside a piece of text that starts at `offset` in the record's text: claims as
 * <mark class="claim"> with a link to the claim, mentions inside them (or outside) as links to their entity.
 * Spans partly outside the piece, or overlapping an earlier span of the same kind, are left out.
 */
export function highlightText(text: string, offset: number, highlights: readonly Highlight[], base: string, labels: Labels): Html {
  const mentions = highlights.filter((h) => h.kind === 'mention');
  const claims = highlights.filter((h) => h.kind === 'claim');
  const withMentions = (piece: string, at: number): Html =>
    html`${segments(piece, at, mentions).map((seg) =>
      seg.span
        ? html`<a class="mention" href="${hrefFor(seg.span.target, base)}" title="${labels.get(seg.span.target) ?? seg.span.target}"><mark>${seg.text}</mark></a>`
        : html`${seg.text}`,
    )}`;
  return html`${segments(text, offset, claims).map((seg) =>
    seg.span
      ? html`<mark class="claim" data-claim="${seg.span.target}">${withMentions(seg.text, seg.offset)}</mark><a class="claim-ref" href="${hrefFor(seg.span.target, base)}" title="${labels.get(seg.span.target) ?? 'claim'}">${localName(seg.span.target)}</a>`
      : withMentions(seg.text, seg.offset),
  )}`;
}

function turnHtml(t: TurnView | undefined, view: RecordView, base: string): Html {
  if (!t) return html`<div class="turn"></div>`;
  const who = t.speaker ? iriLink(t.speaker, base, view.labels) : html`${t.tag}`;
  const words =
    t.text !== undefined
      ? t.start !== undefined
        ? highlightText(t.text, t.start, view.highlights, base, view.labels)
        : html`${t.text}`
      : html``;
  return html`<div class="turn" id="${localName(t.iri)}"${t.lang ? html` lang="${t.lang}"` : ''}><span class="speaker">${who}</span>: ${words}</div>`;
}

/** The record-specific sections of a record page. */
export function recordSections(view: RecordView, base: string): Html {
  const { labels } = view;
  const participants = view.participants.length
    ? html`<h2>Participants</h2>
<table><thead><tr><th>Person</th><th>Part</th></tr></thead><tbody>
${view.participants.map((x) => html`<tr><td>${iriLink(x.person, base, labels)}</td><td>${(x.role && labels.get(x.role)) ?? x.part}</td></tr>`)}
</tbody></table>`
    : '';
  const identifiers = view.identifiers.length
    ? html`<h2>Archival identifiers</h2>
<ul class="links">${view.identifiers.map((i) => html`<li>${iriLink(i.iri, base, new Map([[i.iri, i.asWritten || localName(i.iri)]]))}${i.scheme ? html` <span class="tag">${i.scheme}</span>` : ''}</li>`)}</ul>`
    : '';
  const dates = view.dates.length
    ? html`<h2>Dates</h2>
<table><thead><tr><th>As written</th><th>Normalised</th><th>Role</th></tr></thead><tbody>
${view.dates.map((d) => html`<tr><td>${d.asWritten}</td><td>${d.value}</td><td>${d.role}</td></tr>`)}
</tbody></table>`
    : '';
  const distribution = view.distribution.length
    ? html`<h2>Distribution list</h2>
<table><thead><tr><th>As written</th><th>Copies</th><th>Recipient</th><th>Certainty</th></tr></thead><tbody>
${view.distribution.map(
        (c) => html`<tr><td>${c.asWritten}</td><td>${c.copies}</td><td>${c.recipient ? iriLink(c.recipient, base, labels) : ''}</td><td>${c.certainty}</td></tr>`,
      )}
</tbody></table>`
    : '';
  const dialogue = view.dialogue.length
    ? html`<h2>Text, turn by turn</h2>
<div class="dialogue">
<div class="head">Translation</div><div class="head">Original</div>
${view.dialogue.map((pair) => html`${turnHtml(pair.translation, view, base)}${turnHtml(pair.original, view, base)}`)}
</div>`
    : '';
  const claims = view.claims.length
    ? html`<h2>Claims</h2>
<table class="claims"><thead><tr><th>#</th><th>Who</th><th>Claim</th><th>Stance</th></tr></thead><tbody>
${view.claims.map(
        (c) => html`<tr id="claim-${localName(c.iri)}"><td>${localName(c.iri)}</td><td>${c.claimant ? iriLink(c.claimant, base, labels) : ''}</td><td>${iriLink(c.iri, base, new Map([[c.iri, c.text || localName(c.iri)]]))}</td><td>${c.stance ? iriLink(c.stance, base, labels) : ''}</td></tr>`,
      )}
</tbody></table>`
    : '';
  return html`${participants}${identifiers}${dates}${distribution}${dialogue}${claims}`;
}
