/**
 * Minting of data IRIs (docs/model.md, "Data IRIs"). Every IRI is a pure function of the base and stable keys
 * from the extraction, so the same input always gives the same IRIs.
 *
 * @example
 *   const iri = iris('http://localhost:3030/');
 *   iri.record('wcda-118206').value   // 'http://localhost:3030/record/wcda-118206'
 *   iri.person('huang-zhen').value    // 'http://localhost:3030/person/huang-zhen'
 */
import { DataFactory } from 'n3';
import type { NamedNode } from '@rdfjs/types';

const { namedNode } = DataFactory;

/** The default data base IRI: the server's default address, so every IRI dereferences there. */
export const DEFAULT_BASE = 'http://localhost:3030/';

/** Check a base IRI and give it with exactly one trailing slash. Throws with what to do when it is unusable. */
export function normaliseBase(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`Base IRI "${base}" is not an absolute IRI. Give one like ${DEFAULT_BASE} (option --base).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Base IRI "${base}" must use http or https. Give one like ${DEFAULT_BASE} (option --base).`);
  }
  if (url.search || url.hash) {
    throw new Error(`Base IRI "${base}" must not have a query or fragment. Give one like ${DEFAULT_BASE} (option --base).`);
  }
  return base.endsWith('/') ? base : `${base}/`;
}

/** Encode one path segment (keys are slugs already; this protects against stray characters). */
function seg(s: string): string {
  return encodeURIComponent(s);
}

export function recordIri(base: string, recordId: string): NamedNode {
  return namedNode(`${normaliseBase(base)}record/${seg(recordId)}`);
}
export function graphIri(base: string, recordId: string): NamedNode {
  return namedNode(`${normaliseBase(base)}graph/${seg(recordId)}`);
}
/** A fixed graph such as `graph/ontology`, `graph/links`, `graph/gazetteer`. */
export function namedGraphIri(base: string, name: 'ontology' | 'links' | 'gazetteer'): NamedNode {
  return namedNode(`${normaliseBase(base)}graph/${name}`);
}
export function textIri(base: string, recordId: string, sectionKind?: string): NamedNode {
  const t = `${recordIri(base, recordId).value}/text`;
  return namedNode(sectionKind === undefined ? t : `${t}/${seg(sectionKind)}`);
}
export function turnIri(base: string, recordId: string, part: string, index: number): NamedNode {
  return namedNode(`${recordIri(base, recordId).value}/turn/${seg(part)}-${index}`);
}
export function eventIri(base: string, recordId: string): NamedNode {
  return namedNode(`${recordIri(base, recordId).value}/event`);
}
export function participationIri(base: string, recordId: string, part: string, personKey: string): NamedNode {
  return namedNode(`${eventIri(base, recordId).value}/${seg(part)}/${seg(personKey)}`);
}
export function roleIri(base: string, recordId: string, personKey: string, n: number): NamedNode {
  return namedNode(`${recordIri(base, recordId).value}/role/${seg(personKey)}/${n}`);
}
export function mentionIri(base: string, recordId: string, start: number, end: number): NamedNode {
  return namedNode(`${recordIri(base, recordId).value}/mention/${start}-${end}`);
}
export function identifierIri(base: string, recordId: string, n: number): NamedNode {
  return namedNode(`${recordIri(base, recordId).value}/identifier/${n}`);
}
export function dateIri(base: string, recordId: string, start: number, end: number): NamedNode {
  return namedNode(`${recordIri(base, recordId).value}/date/${start}-${end}`);
}
export function copyIri(base: string, recordId: string, n: number): NamedNode {
  return namedNode(`${recordIri(base, recordId).value}/copy/${n}`);
}
export function adminIri(base: string, recordId: string, n: number): NamedNode {
  return namedNode(`${recordIri(base, recordId).value}/admin/${n}`);
}
export function discrepancyIri(base: string, recordId: string, n: number): NamedNode {
  return namedNode(`${recordIri(base, recordId).value}/discrepancy/${n}`);
}
export function claimIri(base: string, recordId: string, n: number): NamedNode {
  return namedNode(`${recordIri(base, recordId).value}/claim/${n}`);
}
export function personIri(base: string, key: string): NamedNode {
  return namedNode(`${normaliseBase(base)}person/${seg(key)}`);
}
export function orgIri(base: string, key: string): NamedNode {
  return namedNode(`${normaliseBase(base)}org/${seg(key)}`);
}
export function placeIri(base: string, key: string): NamedNode {
  return namedNode(`${normaliseBase(base)}place/${seg(key)}`);
}
/** The PROV activity of extracting one record from one input (identified by the input's SHA-256). */
export function runIri(base: string, recordId: string, sha256: string): NamedNode {
  return namedNode(`${normaliseBase(base)}run/${seg(recordId)}/${sha256.slice(0, 12)}`);
}
export function softwareIri(base: string, version: string): NamedNode {
  return namedNode(`${normaliseBase(base)}software/archive-ld/${seg(version)}`);
}

/** All minting functions bound to one base. */
export function iris(base: string = DEFAULT_BASE) {
  const b = normaliseBase(base);
  return {
    base: b,
    record: (id: string) => recordIri(b, id),
    graph: (id: string) => graphIri(b, id),
    namedGraph: (name: 'ontology' | 'links' | 'gazetteer') => namedGraphIri(b, name),
    text: (id: string, sectionKind?: string) => textIri(b, id, sectionKind),
    turn: (id: string, part: string, index: number) => turnIri(b, id, part, index),
    event: (id: string) => eventIri(b, id),
    participation: (id: string, part: string, personKey: string) => participationIri(b, id, part, personKey),
    role: (id: string, personKey: string, n: number) => roleIri(b, id, personKey, n),
    mention: (id: string, start: number, end: number) => mentionIri(b, id, start, end),
    identifier: (id: string, n: number) => identifierIri(b, id, n),
    date: (id: string, start: number, end: number) => dateIri(b, id, start, end),
    copy: (id: string, n: number) => copyIri(b, id, n),
    admin: (id: string, n: number) => adminIri(b, id, n),
    discrepancy: (id: string, n: number) => discrepancyIri(b, id, n),
    claim: (id: string, n: number) => claimIri(b, id, n),
    person: (key: string) => personIri(b, key),
    org: (key: string) => orgIri(b, key),
    place: (key: string) => placeIri(b, key),
    run: (id: string, sha256: string) => runIri(b, id, sha256),
    software: (version: string) => softwareIri(b, version),
  };
}

export type Iris = ReturnType<typeof iris>;
