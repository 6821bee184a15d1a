/**
 * Typed vocabulary constants: every IRI the code writes or reads is one of these, so a misspelt term is a
 * compile-time error and tests/vocab.test.ts can check each local term against ontology/archive-ld.ttl.
 *
 * @example
 *   import { ALD, SCHEMA, RDF } from '../vocab/index.js';
 *   quad(person, RDF.type, ALD.Person);
 */
import { DataFactory } from 'n3';
import type { NamedNode } from '@rdfjs/types';

/** A namespace: its IRI, a function for terms not listed, and one NamedNode constant per listed term. */
export type Vocabulary<T extends string> = { readonly [K in T]: NamedNode } & {
  readonly $ns: string;
  /** Every listed term, for tests and tooling. */
  readonly $terms: readonly NamedNode[];
};

/** Build a typed vocabulary: `vocab('http://schema.org/', ['Person'] as const).Person`. */
export function vocab<const T extends string>(ns: string, terms: readonly T[]): Vocabulary<T> {
  const out: Record<string, unknown> = { $ns: ns };
  const list: NamedNode[] = [];
  for (const t of terms) {
    const node = DataFactory.namedNode(ns + t);
    out[t] = node;
    list.push(node);
  }
  out['$terms'] = list;
  return out as Vocabulary<T>;
}

export const NS = {
  ald: 'http://localhost:3030/ontology#',
  aldt: 'http://localhost:3030/scheme/topic/',
  alds: 'http://localhost:3030/scheme/stance/',
  rico: 'https://www.ica.org/standards/RiC/ontology#',
  schema: 'http://schema.org/',
  prov: 'http://www.w3.org/ns/prov#',
  oa: 'http://www.w3.org/ns/oa#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  cito: 'http://purl.org/spar/cito/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcterms: 'http://purl.org/dc/terms/',
  sh: 'http://www.w3.org/ns/shacl#',
  void: 'http://rdfs.org/ns/void#',
  dcat: 'http://www.w3.org/ns/dcat#',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
  wd: 'http://www.wikidata.org/entity/',
  wdt: 'http://www.wikidata.org/prop/direct/',
  p: 'http://www.wikidata.org/prop/',
  ps: 'http://www.wikidata.org/prop/statement/',
  pq: 'http://www.wikidata.org/prop/qualifier/',
} as const;

/** Our ontology (ontology/archive-ld.ttl). Every term here must be declared, labelled and commented there. */
export const ALD = vocab(NS.ald, [
  // agents
  'Person',
  'Institution',
  'Ministry',
  'Department',
  'Embassy',
  'Government',
  'Party',
  'MilitaryBody',
  'Archive',
  'Funder',
  'TranslationService',
  'Office',
  // places
  'Place',
  'Country',
  'Region',
  'City',
  'Border',
  'Building',
  'Room',
  // records and their parts
  'Record',
  'Minutes',
  'MemorandumOfConversation',
  'Cable',
  'Telegram',
  'Letter',
  'Report',
  'Note',
  'Speech',
  'Diary',
  'Memorandum',
  'Statement',
  'Text',
  'TextSection',
  'Turn',
  'Mention',
  'ArchivalIdentifier',
  'DateAttestation',
  'DistributionEntry',
  'AdministrativeItem',
  'Discrepancy',
  // events and relations
  'Event',
  'Meeting',
  'Correspondence',
  'SpeechEvent',
  'Participation',
  'ParticipantRole',
  'ParticipantRoles',
  'RoleAttestation',
  'ExtractionRun',
  // participant role individuals (skos:Concept in ald:ParticipantRoles)
  'PartSpeaker',
  'PartAlsoPresent',
  'PartInterpreter',
  'PartNoteTaker',
  'PartHost',
  'PartGuest',
  'PartAuthor',
  'PartSender',
  'PartAddressee',
  'PartRecipient',
  'PartMentioned',
  // properties
  'speaker',
  'speakerTag',
  'turnIndex',
  'inSection',
  'sectionKind',
  'sourceSpan',
  'mentionContext',
  'nameKind',
  'records',
  'hasDateAttestation',
  'dateValue',
  'dateRole',
  'identifierScheme',
  'holder',
  'affiliation',
  'asWritten',
  'roleKey',
  'asOf',
  'attestedIn',
  'hasRoleAttestation',
  'inEvent',
  'participant',
  'participationRole',
  'hasParticipation',
  'copies',
  'certainty',
  'recipient',
  'hasDistributionEntry',
  'adminKind',
  'hasAdministrativeItem',
  'discrepancyKind',
  'originalSpan',
  'translationSpan',
  'hasDiscrepancy',
  'side',
  'country',
  'textPart',
  'unnamed',
] as const);

export const RDF = vocab(NS.rdf, ['type', 'value', 'langString', 'Statement', 'subject', 'predicate', 'object', 'first', 'rest', 'nil'] as const);
export const RDFS = vocab(NS.rdfs, ['label', 'comment', 'subClassOf', 'subPropertyOf', 'seeAlso', 'Class', 'isDefinedBy'] as const);
export const OWL = vocab(NS.owl, ['Ontology', 'Class', 'ObjectProperty', 'DatatypeProperty', 'NamedIndividual', 'versionInfo', 'sameAs'] as const);
export const XSD = vocab(NS.xsd, ['string', 'integer', 'nonNegativeInteger', 'decimal', 'boolean', 'date', 'dateTime', 'gYear', 'gYearMonth'] as const);
export const SKOS = vocab(NS.skos, ['Concept', 'ConceptScheme', 'prefLabel', 'altLabel', 'hiddenLabel', 'inScheme', 'notation', 'exactMatch', 'closeMatch', 'note'] as const);
export const DCTERMS = vocab(NS.dcterms, [
  'title',
  'date',
  'type',
  'language',
  'source',
  'identifier',
  'bibliographicCitation',
  'license',
  'relation',
  'created',
  'modified',
  'description',
  'rights',
  'subject',
] as const);

export const SCHEMA = vocab(NS.schema, [
  'Person',
  'Organization',
  'GovernmentOrganization',
  'Place',
  'Country',
  'City',
  'AdministrativeArea',
  'Room',
  'ArchiveComponent',
  'ArchiveOrganization',
  'CreativeWork',
  'Event',
  'PropertyValue',
  'name',
  'alternateName',
  'text',
  'position',
  'isPartOf',
  'hasPart',
  'about',
  'dateCreated',
  'startDate',
  'location',
  'attendee',
  'affiliation',
  'jobTitle',
  'roleName',
  'nationality',
  'parentOrganization',
  'holdingArchive',
  'translator',
  'funder',
  'inLanguage',
  'url',
  'abstract',
  'identifier',
  'additionalProperty',
  'propertyID',
  'value',
  'sha256',
  'encodingFormat',
  'softwareVersion',
  'recipient',
  'translationOfWork',
  'numberOfItems',
  'sender',
  'author',
  'Claim',
  'appearance',
  'QuantitativeValue',
  'minValue',
  'maxValue',
  'unitText',
  'mentions',
] as const);

export const RICO = vocab(NS.rico, [
  'Person',
  'CorporateBody',
  'Place',
  'Record',
  'RecordPart',
  'Identifier',
  'Activity',
  'Instantiation',
  'Relation',
  'Date',
  'title',
  'name',
  'textualValue',
  'expressedDate',
  'hasOrHadIdentifier',
  'hasOrHadInstantiation',
  'hasOrHadParticipant',
  'hasOrHadHolder',
  'hasOrHadConstituent',
  'isAssociatedWithDate',
  'relationHasSource',
  'relationHasTarget',
] as const);

export const PROV = vocab(NS.prov, [
  'Entity',
  'Activity',
  'SoftwareAgent',
  'used',
  'wasGeneratedBy',
  'wasAssociatedWith',
  'wasAttributedTo',
  'wasDerivedFrom',
  'startedAtTime',
] as const);

export const OA = vocab(NS.oa, [
  'Annotation',
  'SpecificResource',
  'TextQuoteSelector',
  'TextPositionSelector',
  'hasBody',
  'hasTarget',
  'hasSource',
  'hasSelector',
  'motivatedBy',
  'identifying',
  'describing',
  'assessing',
  'bodyValue',
  'exact',
  'prefix',
  'suffix',
  'start',
  'end',
] as const);

export const SH = vocab(NS.sh, [
  'NodeShape',
  'PropertyShape',
  'targetClass',
  'property',
  'path',
  'minCount',
  'datatype',
  'message',
  'resultMessage',
  'focusNode',
  'resultPath',
  'resultSeverity',
  'Violation',
  'Warning',
  'Info',
  // what shapes refer to other shapes through, and the other target kinds (src/validate: recursion check)
  'node',
  'qualifiedValueShape',
  'not',
  'and',
  'or',
  'xone',
  'targetNode',
  'targetSubjectsOf',
  'targetObjectsOf',
] as const);

export const CITO = vocab(NS.cito, ['cites', 'disputes', 'agreesWith', 'repliesTo'] as const);
