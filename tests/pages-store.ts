/**
 * Test support for the pages, queries and browser tests: a real store (the Oxigraph worker pool) loaded with
 * the ontology (as the build loads it, into graph/ontology) and given TriG, so pages run the same SPARQL as in
 * production. The TriG below is an invented record in the model's shape (not a real document), with hostile
 * strings to check escaping.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFactory } from 'n3';
import { parse, serialize } from '../src/rdf/index.js';
import type { Quad } from '@rdfjs/types';
import { WorkerPool } from '../src/store/pool.js';
import { rootPath } from '../src/paths.js';

export const BASE = 'http://localhost:3030/';

/** N-Quads of ontology/*.ttl in BASE graph/ontology. */
export function ontologyQuads(base = BASE): Quad[] {
  const dir = rootPath('ontology');
  const graph = DataFactory.namedNode(`${base}graph/ontology`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ttl'))
    .flatMap((f) =>
      parse(readFileSync(join(dir, f), 'utf8'), 'turtle', `${base}ontology`, join(dir, f)).map((q) =>
        DataFactory.quad(q.subject, q.predicate, q.object, graph),
      ),
    );
}

/** TriG text to quads. */
export function trig(text: string, base = BASE): Quad[] {
  return parse(text, 'trig', base, 'test TriG');
}

/** Starts a one-worker store holding the ontology and the given quads. Close it after the tests. */
export async function startStore(quads: Quad[], options: { ontology?: boolean } = {}): Promise<WorkerPool> {
  const all = options.ontology === false ? quads : [...ontologyQuads(), ...quads];
  const nq = await serialize(all, 'nquads');
  return WorkerPool.start({ inline: [{ text: nq, format: 'application/n-quads' }], workers: 1, timeoutMs: 20_000 });
}

/** An invented record of minutes with two speakers, mentions, a distribution list and hostile strings. */
export const FIXTURE_TRIG = `
@prefix ald: <http://localhost:3030/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix rico: <https://www.ica.org/standards/RiC/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

<graph/test-1> {
  <record/test-1> a ald:Minutes, ald:Record, rico:Record ;
    rdfs:label "Minutes of Minister Lin Tao's Talk with Ambassador Karl Vogt"@en ;
    dcterms:title "Minutes of Minister Lin Tao's Talk with Ambassador Karl Vogt"@en ;
    dcterms:date "1958-03-14"^^xsd:date ;
    ald:records <record/test-1/event> ;
    rico:hasOrHadIdentifier <record/test-1/identifier/0> ;
    ald:hasDateAttestation <record/test-1/date/10-24> ;
    ald:hasDistributionEntry <record/test-1/copy/0>, <record/test-1/copy/1> ;
    rico:hasOrHadConstituent <record/test-1/turn/translation-0>, <record/test-1/turn/original-0>, <record/test-1/turn/original-1> .
  <record/test-1/identifier/0> a ald:ArchivalIdentifier ; rico:textualValue "FMA 999-00001-02, 1-3" ; ald:identifierScheme "prc-fma" .
  <record/test-1/date/10-24> a ald:DateAttestation ; rico:expressedDate "March 14, 1958" ; ald:dateValue "1958-03-14"^^xsd:date ; ald:dateRole "recordDate" .
  <record/test-1/copy/0> a ald:DistributionEntry ; ald:asWritten "部长" ; ald:copies 2 ; ald:recipient <person/lin-tao> ; ald:certainty "probable" .
  <record/test-1/copy/1> a ald:DistributionEntry ; ald:asWritten "<b>存档</b> & \\"co\\"" ; ald:copies 1 ; ald:certainty "unresolved" .
  <record/test-1/event> a ald:Meeting, ald:Event ; ald:hasParticipation <record/test-1/event/speaker/lin-tao>, <record/test-1/event/speaker/karl-vogt> .
  <record/test-1/event/speaker/lin-tao> a ald:Participation ; ald:participant <person/lin-tao> ; ald:participationRole ald:PartSpeaker ; ald:inEvent <record/test-1/event> .
  <record/test-1/event/speaker/karl-vogt> a ald:Participation ; ald:participant <person/karl-vogt> ; ald:participationRole ald:PartSpeaker ; ald:inEvent <record/test-1/event> .
  <person/lin-tao> a ald:Person, schema:Person ;
    rdfs:label "Lin Tao"@en, "林濤"@zh-Hant ;
    skos:altLabel "Lin"@en, "林"@zh-Hant, "<script>alert('x')</script>"@en ;
    owl:sameAs wd:Q0000001 ;
    ald:hasRoleAttestation <record/test-1/role/lin-tao/1> .
  <record/test-1/role/lin-tao/1> a ald:RoleAttestation ; ald:holder <person/lin-tao> ; schema:roleName "Minister"@en ;
    ald:asWritten "部长" ; ald:affiliation <org/test-ministry> ; ald:asOf "1958-03-14"^^xsd:date ; ald:attestedIn <record/test-1> .
  <org/test-ministry> a ald:Ministry, ald:Institution ; rdfs:label "Ministry of Testing"@en .
  <person/karl-vogt> a ald:Person, schema:Person ; rdfs:label "Karl Vogt"@en .
  <record/test-1/mention/100-107> a ald:Mention ;
    oa:hasBody <person/lin-tao> ;
    oa:hasTarget [ oa:hasSource <record/test-1/text> ;
      oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Lin Tao" ; oa:prefix "Minister " ; oa:suffix " received the <Ambassador>" ] ,
                     [ a oa:TextPositionSelector ; oa:start 100 ; oa:end 107 ] ] .
  <record/test-1/mention/220-224> a ald:Mention ;
    oa:hasBody <person/karl-vogt> ;
    oa:hasTarget [ oa:hasSource <record/test-1/text> ;
      oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Vogt" ; oa:prefix "Welcome, Ambassador " ; oa:suffix "." ] ,
                     [ a oa:TextPositionSelector ; oa:start 220 ; oa:end 224 ] ] .
  <record/test-1/claim/1> a ald:Claim ; rdfs:label "Lin Tao welcomes the ambassador"@en ; ald:claimant <person/lin-tao> ;
    ald:stance <http://localhost:3030/scheme/stance/concedes> ;
    ald:statedIn <record/test-1> ;
    ald:sourceSpan [ oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Welcome, Ambassador Vogt." ] , [ a oa:TextPositionSelector ; oa:start 200 ; oa:end 225 ] ] .
  <record/test-1/turn/translation-0> a ald:Turn ; ald:textPart "translation" ; ald:turnIndex 0 ; ald:speakerTag "Lin" ; ald:speaker <person/lin-tao> ;
    schema:text "Welcome, Ambassador Vogt." ; schema:inLanguage "en" ; schema:translationOfWork <record/test-1/turn/original-1> ;
    ald:sourceSpan [ oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Lin: Welcome, Ambassador Vogt." ] , [ a oa:TextPositionSelector ; oa:start 195 ; oa:end 225 ] ] .
  <record/test-1/turn/original-0> a ald:Turn ; ald:textPart "original" ; ald:turnIndex 0 ; ald:speakerTag "沃" ; ald:speaker <person/karl-vogt> ;
    schema:text "我先說。" ;
    ald:sourceSpan [ oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "沃：我先說。" ] , [ a oa:TextPositionSelector ; oa:start 40 ; oa:end 46 ] ] .
  <record/test-1/turn/original-1> a ald:Turn ; ald:textPart "original" ; ald:turnIndex 1 ; ald:speakerTag "林" ; ald:speaker <person/lin-tao> ;
    schema:text "歡迎沃格特大使。" ; schema:inLanguage "zh-Hant" ;
    ald:sourceSpan [ oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "林：歡迎沃格特大使。" ] , [ a oa:TextPositionSelector ; oa:start 50 ; oa:end 60 ] ] .
}
`;

/** A second invented record (a cable) whose graph describes the same person as the first one. */
export const SECOND_TRIG = `
@prefix ald: <http://localhost:3030/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<graph/test-2> {
  <record/test-2> a ald:Record, ald:Cable ; dcterms:date "1959-01-02" ;
    dcterms:title "Cable from Ambassador Vogt"@en ; rdfs:label "Cable from Ambassador Vogt"@en, "沃格特大使來電"@zh-Hant .
  <person/lin-tao> a ald:Person ; schema:name "Lin Tao"@en .
}
`;
