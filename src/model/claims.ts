/**
 * Claims -> RDF/JS quads in the record's graph (issue 4). A claim is written as something said, never as a fact:
 * its structured content is a reified statement (ald:ClaimContent, an rdf:Statement) with labels as written.
 *
 *   BASE record/{id}/claim/{n}                 ald:Claim (schema:Claim, prov:Entity) or ald:SpeechAct
 *     ald:claimant / prov:wasAttributedTo      the person (for a report: the original claimant)
 *     ald:reportedBy                           the reporter of an ald:ReportedClaim
 *     ald:statedIn / schema:appearance         the record; ald:statedInTurn the turn(s)
 *     ald:sourceSpan  .../span                 English span: oa:SpecificResource with quote + position selectors
 *     ald:originalTextSpan .../original        aligned original span, same shape
 *     ald:topic / dcterms:subject, ald:keyPhrase, ald:stance
 *     ald:quantity .../quantity/{k}            ald:Quantity (schema:QuantitativeValue)
 *     ald:content .../content                  ald:ClaimContent: subject/predicate/object labels
 *     ald:disputes (cito:disputes), ald:supports (cito:agreesWith), ald:repeats (cito:cites),
 *     ald:respondsTo (cito:repliesTo), ald:reportOf (cito:cites)
 *
 * @example
 *   const quads = claimsToQuads(ext, extractClaims(ext), 'http://localhost:3030/');
 */
import { DataFactory } from 'n3';
import type { NamedNode, Quad, Quad_Object } from '@rdfjs/types';
import type { RecordExtraction, Span } from '../extract/types.js';
import type { Claim, ClaimRelationType } from '../extract/claims/types.js';
import { NS, vocab, RDF, RDFS, PROV, OA, SCHEMA, XSD } from '../vocab/index.js';
import { iris } from './iri.js';

const { namedNode, literal, quad } = DataFactory;

/** Our claim terms (declared in ontology/claims.ttl; ald:sourceSpan and ald:asWritten in archive-ld.ttl). */
export const ALDC = vocab(NS.ald, [
  'Utterance',
  'Claim',
  'ReportedClaim',
  'SpeechAct',
  'ClaimContent',
  'Quantity',
  'claimant',
  'reportedBy',
  'statedIn',
  'statedInTurn',
  'originalTextSpan',
  'topic',
  'keyPhrase',
  'stance',
  'quantity',
  'unit',
  'approximate',
  'content',
  'subjectLabel',
  'predicateLabel',
  'objectLabel',
  'negated',
  'speechActType',
  'cue',
  'priority',
  'disputes',
  'supports',
  'repeats',
  'respondsTo',
  'reportOf',
] as const);

/** Terms of archive-ld.ttl this module writes. */
const ALD_SHARED = vocab(NS.ald, ['sourceSpan', 'asWritten'] as const);

/** Standard terms not (yet) in src/vocab. */
const STD = {
  schemaClaim: namedNode(`${NS.schema}Claim`),
  appearance: namedNode(`${NS.schema}appearance`),
  quantitativeValue: namedNode(`${NS.schema}QuantitativeValue`),
  minValue: namedNode(`${NS.schema}minValue`),
  maxValue: namedNode(`${NS.schema}maxValue`),
  unitText: namedNode(`${NS.schema}unitText`),
  statement: namedNode(`${NS.rdf}Statement`),
  subject: namedNode(`${NS.dcterms}subject`),
  decimal: namedNode(`${NS.xsd}decimal`),
};

const CITO_OF: Record<ClaimRelationType, NamedNode> = {
  disputes: namedNode(`${NS.cito}disputes`),
  supports: namedNode(`${NS.cito}agreesWith`),
  repeats: namedNode(`${NS.cito}cites`),
  respondsTo: namedNode(`${NS.cito}repliesTo`),
  reportOf: namedNode(`${NS.cito}cites`),
};

const QUOTE_CONTEXT = 32;

/** Characters of context around a span, never cutting a surrogate pair. */
function context(text: string, start: number, end: number): string {
  let s = Math.max(0, start);
  let e = Math.min(text.length, end);
  if (s > 0 && /[\uDC00-\uDFFF]/.test(text[s] ?? '')) s++;
  if (e < text.length && /[\uDC00-\uDFFF]/.test(text[e] ?? '')) e--;
  return text.slice(s, e);
}

function shortLabel(s: string, max = 90): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/**
 * The quads for a record's claims, in its graph BASE graph/{recordId}. Claim IRIs are BASE record/{id}/claim/{n+1}
 * (1-based, like the other numbered parts of a record).
 */
export function claimsToQuads(ext: RecordExtraction, claims: Claim[], base: string): Quad[] {
  const iri = iris(base);
  const id = ext.recordId;
  const g = iri.graph(id);
  const record = iri.record(id);
  const textRes = iri.text(id);
  const text = ext.doc.text;
  const out: Quad[] = [];
  const add = (s: NamedNode, p: NamedNode, o: Quad_Object) => out.push(quad(s, p, o, g));
  const nodeOf = (n: number) => iri.claim(id, n + 1);
  const byN = new Map(claims.map((c) => [c.n, c]));

  const spanResource = (owner: NamedNode, suffix: string, span: Span): NamedNode => {
    if (text.slice(span.start, span.end) !== span.text) {
      throw new Error(
        `claimsToQuads: record ${id}: the span ${span.start}-${span.end} ("${shortLabel(span.text, 40)}") does not match the record text. ` +
          'The extraction and the text are out of step; re-run extract on the record.',
      );
    }
    const target = namedNode(`${owner.value}${suffix}`);
    const q = namedNode(`${target.value}/quote`);
    const pos = namedNode(`${target.value}/position`);
    add(target, RDF.type, OA.SpecificResource);
    add(target, OA.hasSource, textRes);
    add(target, OA.hasSelector, q);
    add(target, OA.hasSelector, pos);
    add(q, RDF.type, OA.TextQuoteSelector);
    add(q, OA.exact, literal(span.text));
    add(q, OA.prefix, literal(context(text, span.start - QUOTE_CONTEXT, span.start)));
    add(q, OA.suffix, literal(context(text, span.end, span.end + QUOTE_CONTEXT)));
    add(pos, RDF.type, OA.TextPositionSelector);
    add(pos, OA.start, literal(String(span.start), XSD.nonNegativeInteger));
    add(pos, OA.end, literal(String(span.end), XSD.nonNegativeInteger));
    return target;
  };

  for (const c of claims) {
    const node = nodeOf(c.n);
    if (c.kind === 'speechAct') {
      add(node, RDF.type, ALDC.SpeechAct);
      add(node, RDF.type, ALDC.Utterance);
      add(node, ALDC.speechActType, literal('procedural'));
    } else {
      add(node, RDF.type, ALDC.Claim);
      add(node, RDF.type, ALDC.Utterance);
      add(node, RDF.type, STD.schemaClaim);
      if (c.reportedBy !== undefined) add(node, RDF.type, ALDC.ReportedClaim);
    }
    add(node, RDF.type, PROV.Entity);
    add(node, RDFS.label, literal(shortLabel(c.span.text), c.lang));
    add(node, SCHEMA.text, literal(c.span.text, c.lang));
    if (c.claimant !== undefined) {
      const person = iri.person(c.claimant);
      add(node, ALDC.claimant, person);
      add(node, PROV.wasAttributedTo, person);
    }
    if (c.claimant === undefined && c.claimantInstitution !== undefined) {
      const org = iri.org(c.claimantInstitution);
      add(node, ALDC.claimant, org);
      add(node, PROV.wasAttributedTo, org);
    }
    if (c.reportedBy !== undefined) add(node, ALDC.reportedBy, iri.person(c.reportedBy));
    add(node, ALDC.statedIn, record);
    add(node, STD.appearance, record);
    if (c.turn) add(node, ALDC.statedInTurn, iri.turn(id, c.turn.part, c.turn.index));
    if (c.originalTurn) add(node, ALDC.statedInTurn, iri.turn(id, c.originalTurn.part, c.originalTurn.index));
    const en = spanResource(node, "/span", c.span);
    add(node, ALD_SHARED.sourceSpan, en);
    add(node, PROV.wasDerivedFrom, en);
    if (c.original) {
      const lang = c.originalLang ?? 'zh';
      add(node, ALDC.originalTextSpan, spanResource(node, "/original", c.original));
      add(node, SCHEMA.text, literal(c.original.text, lang));
    }
    for (const t of c.topics) {
      const concept = namedNode(`${NS.aldt}${t}`);
      add(node, ALDC.topic, concept);
      add(node, STD.subject, concept);
    }
    for (const k of c.keyPhrases) add(node, ALDC.keyPhrase, literal(k, c.lang));
    if (c.kind === 'claim') add(node, ALDC.stance, namedNode(`${NS.alds}${c.stance}`));
    c.quantities.forEach((q, k) => {
      const qn = namedNode(`${node.value}/quantity/${k + 1}`);
      add(node, ALDC.quantity, qn);
      add(qn, RDF.type, ALDC.Quantity);
      add(qn, RDF.type, STD.quantitativeValue);
      if (q.value !== undefined) add(qn, SCHEMA.value, literal(String(q.value), STD.decimal));
      if (q.min !== undefined) add(qn, STD.minValue, literal(String(q.min), STD.decimal));
      if (q.max !== undefined) add(qn, STD.maxValue, literal(String(q.max), STD.decimal));
      add(qn, STD.unitText, literal(q.unitLabel, 'en'));
      add(qn, ALDC.unit, literal(q.unit));
      add(qn, ALDC.approximate, literal(String(q.approximate), XSD.boolean));
      add(qn, ALD_SHARED.asWritten, literal(q.span.text, q.lang));
      add(qn, ALD_SHARED.sourceSpan, spanResource(qn, "/span", q.span));
    });
    if (c.content) {
      const cn = namedNode(`${node.value}/content`);
      add(node, ALDC.content, cn);
      add(cn, RDF.type, ALDC.ClaimContent);
      add(cn, RDF.type, STD.statement);
      add(cn, ALDC.subjectLabel, literal(c.content.subject, c.lang));
      add(cn, ALDC.predicateLabel, literal(c.content.predicate, c.lang));
      add(cn, ALDC.objectLabel, literal(c.content.object, c.lang));
      add(cn, ALDC.negated, literal(String(c.content.negated), XSD.boolean));
    }
    for (const r of c.relations) {
      if (!byN.has(r.target)) {
        throw new Error(
          `claimsToQuads: record ${id}: claim ${c.n} has a ${r.type} relation to claim ${r.target}, which is not in the list. ` +
            'Pass the whole claim list from extractClaims.',
        );
      }
      const other = nodeOf(r.target);
      add(node, ALDC[r.type], other);
      add(node, CITO_OF[r.type], other);
    }
  }
  return out;
}
