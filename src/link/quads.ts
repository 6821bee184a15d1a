/**
 * Link results as RDF, in the named graph BASE graph/links:
 *   <entity> skos:exactMatch wd:Q... .
 *   BASE link/{recordId}/{person|org|place}/{key}   a ald:WikidataLink (score, features, evidence, gazetteer version)
 *   BASE review/{recordId}/{person|org|place}/{key} a ald:ReviewItem with ranked ald:LinkCandidate resources
 *   BASE run/{recordId}/link-{hash}                  a ald:LinkingRun, prov:Activity
 * When two records link the same entity to different items, both become review items (no conflicting exactMatch).
 */
import { createHash } from 'node:crypto';
import type { Quad, Quad_Object, Quad_Subject } from '@rdfjs/types';
import { DataFactory } from './turtle.js';
import type { CandidateScore, LinkResult, SubjectKind } from './reconcile.js';
import { ALD_LINK, NS } from './vocab.js';
import { orgIri, personIri, placeIri } from '../model/iri.js';

const { namedNode, literal, quad } = DataFactory;

const SEGMENT: Record<SubjectKind, string> = { person: 'person', institution: 'org', place: 'place' };

/** IRI of an archive entity as docs/model.md mints it (through the model's minting functions). */
export function entityIri(base: string, kind: SubjectKind, key: string): string {
  const mint = kind === 'person' ? personIri : kind === 'institution' ? orgIri : placeIri;
  return mint(base, key).value;
}

export interface LinkQuadsOptions {
  /** Software version for the run's agent IRI (default "0.1.0"). */
  softwareVersion?: string;
}

/** The quads of the links graph for a set of record results. */
export function linkQuads(results: LinkResult[], base: string, options: LinkQuadsOptions = {}): Quad[] {
  const graph = namedNode(`${base}graph/links`);
  const out: Quad[] = [];
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => out.push(quad(s, namedNode(p), o, graph));
  const dec = (n: number) => literal(n.toFixed(1), namedNode(`${NS.xsd}decimal`));
  const int = (n: number) => literal(String(n), namedNode(`${NS.xsd}integer`));
  const en = (s: string) => literal(s, 'en');
  const version = options.softwareVersion ?? '0.1.0';

  // Entities linked to different items by different records are not linked at all.
  const targets = new Map<string, Set<string>>();
  for (const r of results) for (const l of r.links) if (l.decision === 'linked' && l.best?.entry.qid) {
    const k = `${l.subject.kind}/${l.subject.key}`;
    const set = targets.get(k) ?? new Set<string>();
    set.add(l.best.entry.iri);
    targets.set(k, set);
  }

  for (const r of results) {
    const record = namedNode(`${base}record/${r.recordId}`);
    const hash = createHash('sha256').update(`${r.recordId}\u0000${r.gazetteerVersion}\u0000${version}`).digest('hex').slice(0, 12);
    const run = namedNode(`${base}run/${r.recordId}/link-${hash}`);
    add(run, `${NS.rdf}type`, namedNode(ALD_LINK.LinkingRun));
    add(run, `${NS.rdf}type`, namedNode(`${NS.prov}Activity`));
    add(run, `${NS.rdfs}label`, en(`Wikidata linking of ${r.recordId} against gazetteer ${r.gazetteerVersion}`));
    add(run, `${NS.prov}used`, record);
    add(run, `${NS.prov}used`, namedNode(`${base}graph/gazetteer`));
    add(run, `${NS.prov}wasAssociatedWith`, namedNode(`${base}software/archive-ld/${version}`));
    add(run, ALD_LINK.gazetteerVersion, literal(r.gazetteerVersion));

    for (const l of r.links) {
      const subject = namedNode(entityIri(base, l.subject.kind, l.subject.key));
      const seg = `${r.recordId}/${SEGMENT[l.subject.kind]}/${encodeURIComponent(l.subject.key)}`;
      const conflict = (targets.get(`${l.subject.kind}/${l.subject.key}`)?.size ?? 0) > 1;
      const best = l.best;
      if (l.decision === 'linked' && best?.entry.qid && !conflict) {
        const target = namedNode(best.entry.iri);
        add(subject, `${NS.skos}exactMatch`, target);
        const link = namedNode(`${base}link/${seg}`);
        add(link, `${NS.rdf}type`, namedNode(ALD_LINK.WikidataLink));
        add(link, `${NS.rdf}type`, namedNode(`${NS.prov}Entity`));
        add(link, ALD_LINK.linkSubject, subject);
        add(link, ALD_LINK.linkTarget, target);
        add(link, ALD_LINK.score, dec(best.score));
        add(link, ALD_LINK.nameScore, dec(best.nameScore));
        add(link, ALD_LINK.threshold, dec(l.threshold));
        add(link, ALD_LINK.margin, dec(l.margin));
        for (const f of best.features) add(link, ALD_LINK.feature, literal(f));
        for (const e of best.evidence) add(link, ALD_LINK.evidence, en(e));
        add(link, ALD_LINK.gazetteerVersion, literal(r.gazetteerVersion));
        add(link, ALD_LINK.inRecord, record);
        add(link, `${NS.prov}wasDerivedFrom`, record);
        add(link, `${NS.prov}wasGeneratedBy`, run);
        add(link, `${NS.rdfs}label`, en(`${l.subject.label} = ${best.entry.qid}`));
        continue;
      }
      const item = namedNode(`${base}review/${seg}`);
      add(item, `${NS.rdf}type`, namedNode(ALD_LINK.ReviewItem));
      add(item, `${NS.rdf}type`, namedNode(`${NS.prov}Entity`));
      add(item, ALD_LINK.linkSubject, subject);
      add(item, `${NS.rdfs}label`, en(`Review: ${l.subject.label}`));
      add(item, ALD_LINK.reviewReason, en(conflict ? 'records link this entity to different Wikidata items' : (l.reason ?? 'not accepted')));
      add(item, ALD_LINK.threshold, dec(l.threshold));
      add(item, ALD_LINK.margin, dec(l.margin));
      add(item, ALD_LINK.gazetteerVersion, literal(r.gazetteerVersion));
      add(item, ALD_LINK.inRecord, record);
      add(item, `${NS.prov}wasDerivedFrom`, record);
      add(item, `${NS.prov}wasGeneratedBy`, run);
      l.candidates.slice(0, 5).forEach((c: CandidateScore, i: number) => {
        const cand = namedNode(`${base}review/${seg}/candidate/${i + 1}`);
        add(item, ALD_LINK.candidate, cand);
        add(cand, `${NS.rdf}type`, namedNode(ALD_LINK.LinkCandidate));
        add(cand, ALD_LINK.linkTarget, namedNode(c.entry.iri));
        add(cand, ALD_LINK.rank, int(i + 1));
        add(cand, ALD_LINK.score, dec(c.score));
        add(cand, ALD_LINK.nameScore, dec(c.nameScore));
        const label = c.entry.labels.find((x) => x.preferred && x.lang === 'en') ?? c.entry.labels[0];
        if (label) add(cand, `${NS.rdfs}label`, literal(label.value, label.lang));
        for (const f of c.features) add(cand, ALD_LINK.feature, literal(f));
        for (const e of c.evidence) add(cand, ALD_LINK.evidence, en(e));
        if (c.excluded) add(cand, ALD_LINK.evidence, en(`ruled out: ${c.excluded}`));
      });
    }
  }
  return out;
}
