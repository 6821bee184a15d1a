/**
 * IRIs used by the link stage. Local terms are declared in ontology/link.ttl (tests check every `ALD_LINK`
 * term is declared there); the Wikidata namespaces are Wikidata's own.
 */
export const NS = {
  ald: 'http://localhost:3030/ontology#',
  wd: 'http://www.wikidata.org/entity/',
  wdt: 'http://www.wikidata.org/prop/direct/',
  p: 'http://www.wikidata.org/prop/',
  ps: 'http://www.wikidata.org/prop/statement/',
  psv: 'http://www.wikidata.org/prop/statement/value/',
  pq: 'http://www.wikidata.org/prop/qualifier/',
  wikibase: 'http://wikiba.se/ontology#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  schema: 'http://schema.org/',
  prov: 'http://www.w3.org/ns/prov#',
  dcterms: 'http://purl.org/dc/terms/',
} as const;

/** Local link terms (ontology/link.ttl). */
export const ALD_LINK = {
  WikidataLink: `${NS.ald}WikidataLink`,
  ReviewItem: `${NS.ald}ReviewItem`,
  LinkCandidate: `${NS.ald}LinkCandidate`,
  LinkingRun: `${NS.ald}LinkingRun`,
  Gazetteer: `${NS.ald}Gazetteer`,
  AuthorityRecord: `${NS.ald}AuthorityRecord`,
  linkSubject: `${NS.ald}linkSubject`,
  linkTarget: `${NS.ald}linkTarget`,
  score: `${NS.ald}score`,
  nameScore: `${NS.ald}nameScore`,
  threshold: `${NS.ald}threshold`,
  margin: `${NS.ald}margin`,
  rank: `${NS.ald}rank`,
  evidence: `${NS.ald}evidence`,
  feature: `${NS.ald}feature`,
  reviewReason: `${NS.ald}reviewReason`,
  candidate: `${NS.ald}candidate`,
  gazetteerVersion: `${NS.ald}gazetteerVersion`,
  inRecord: `${NS.ald}inRecord`,
  qidStatus: `${NS.ald}qidStatus`,
  qidSource: `${NS.ald}qidSource`,
  ambiguityNote: `${NS.ald}ambiguityNote`,
  entityType: `${NS.ald}entityType`,
  authorityKey: `${NS.ald}authorityKey`,
} as const;

/** Wikidata properties and items the gazetteer uses. */
export const WD = {
  instanceOf: 'P31',
  positionHeld: 'P39',
  dateOfBirth: 'P569',
  dateOfDeath: 'P570',
  inception: 'P571',
  dissolved: 'P576',
  citizenship: 'P27',
  occupation: 'P106',
  startTime: 'P580',
  endTime: 'P582',
  human: 'Q5',
} as const;

export const wdItem = (qid: string): string => `${NS.wd}${qid}`;
export const wdt = (pid: string): string => `${NS.wdt}${pid}`;
export const wdP = (pid: string): string => `${NS.p}${pid}`;
export const wdPs = (pid: string): string => `${NS.ps}${pid}`;
export const wdPq = (pid: string): string => `${NS.pq}${pid}`;

/** The QID of a wd: IRI, or undefined for any other IRI (authority records). */
export function qidOf(iri: string): string | undefined {
  if (!iri.startsWith(NS.wd)) return undefined;
  const id = iri.slice(NS.wd.length);
  return /^Q\d+$/.test(id) ? id : undefined;
}
