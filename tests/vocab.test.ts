import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import type { Quad } from '@rdfjs/types';
import { parse } from '../src/rdf/index.js';
import { rootPath } from '../src/paths.js';
import { ALD, CITO, DCTERMS, NS, OA, OWL, PROV, RDF, RDFS, RICO, SCHEMA, SKOS } from '../src/vocab/index.js';

const ontologyFiles = readdirSync(rootPath('ontology')).filter((f) => f.endsWith('.ttl') && f !== 'shapes.ttl');
const quads: Quad[] = ontologyFiles.flatMap((f) =>
  parse(readFileSync(rootPath('ontology', f), 'utf8'), 'turtle', undefined, `ontology/${f}`),
);
const main = parse(readFileSync(rootPath('ontology', 'archive-ld.ttl'), 'utf8'), 'turtle', undefined, 'ontology/archive-ld.ttl');

const objects = (qs: Quad[], s: string, p: string) => qs.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);
const localTerms = [...new Set(main.filter((q) => q.subject.value.startsWith(NS.ald)).map((q) => q.subject.value))];

describe('ontology/archive-ld.ttl', () => {
  it('declares the ontology with a version, label, comment and licence', () => {
    const ont = main.find((q) => q.predicate.equals(RDF.type) && q.object.equals(OWL.Ontology));
    expect(ont).toBeDefined();
    const s = ont!.subject.value;
    expect(objects(main, s, OWL.versionInfo.value)).toHaveLength(1);
    expect(objects(main, s, RDFS.label.value).length).toBeGreaterThan(0);
    expect(objects(main, s, RDFS.comment.value).length).toBeGreaterThan(0);
    expect(objects(main, s, 'http://purl.org/dc/terms/license')).toHaveLength(1);
  });

  it.each(ALD.$terms.map((t) => [t.value.slice(NS.ald.length), t.value]))('declares ald:%s with an English label and comment', (_name, iri) => {
    expect(objects(quads, iri, RDF.type.value).length, `${iri} has no rdf:type in ontology/`).toBeGreaterThan(0);
    expect(objects(quads, iri, RDFS.label.value).some((o) => o.termType === 'Literal' && o.language === 'en'), `${iri} needs rdfs:label@en`).toBe(true);
    expect(objects(quads, iri, RDFS.comment.value).some((o) => o.termType === 'Literal' && o.language === 'en'), `${iri} needs rdfs:comment@en`).toBe(true);
  });

  it('has a vocabulary constant for every local term it declares', () => {
    const known = new Set(ALD.$terms.map((t) => t.value));
    expect(localTerms.filter((t) => !known.has(t))).toEqual([]);
  });

  it('puts every local class and property under a standard term (individuals: a standard type)', () => {
    const superOf = (iri: string): string[] => [
      ...objects(main, iri, RDFS.subClassOf.value).map((o) => o.value),
      ...objects(main, iri, RDFS.subPropertyOf.value).map((o) => o.value),
    ];
    const hasStandardAncestor = (iri: string, seen = new Set<string>()): boolean => {
      for (const s of superOf(iri)) {
        if (!s.startsWith(NS.ald)) return true;
        if (!seen.has(s)) {
          seen.add(s);
          if (hasStandardAncestor(s, seen)) return true;
        }
      }
      return false;
    };
    const missing = localTerms.filter((t) => {
      const types = objects(main, t, RDF.type.value).map((o) => o.value);
      const isSchemaTerm = types.some((x) => [OWL.Class.value, OWL.ObjectProperty.value, OWL.DatatypeProperty.value].includes(x));
      if (isSchemaTerm) return !hasStandardAncestor(t);
      return !types.some((x) => !x.startsWith(NS.ald)); // individuals and schemes
    });
    expect(missing).toEqual([]);
  });

  it('declares each participant-role concept in the ald:ParticipantRoles scheme', () => {
    const concepts = main.filter((q) => q.predicate.equals(SKOS.inScheme) && q.object.equals(ALD.ParticipantRoles));
    expect(concepts.map((q) => q.subject.value).sort()).toEqual(
      ALD.$terms.filter((t) => /#Part[A-Z]/.test(t.value)).map((t) => t.value).sort(),
    );
  });
});

describe('standard vocabulary constants', () => {
  // The meta-vocabularies (rdf, rdfs, owl, xsd, sh) describe the ontology itself and are not listed.
  const standard = [SCHEMA, RICO, PROV, OA, SKOS, DCTERMS, CITO].flatMap((v) => v.$terms.map((t) => [t.value, v.$ns] as const));
  it.each(standard)('lists %s in ontology/archive-ld.ttl with the vocabulary defining it', (iri, ns) => {
    const defs = objects(main, iri, RDFS.isDefinedBy.value).map((o) => o.value);
    expect(defs, `${iri} needs "rdfs:isDefinedBy <${ns.replace(/#$/, '')}>" in ontology/archive-ld.ttl`).toEqual([ns.replace(/#$/, '')]);
  });
});

describe('terms used in the data', () => {
  it('declares in ontology/*.ttl every ald: term and scheme concept the golden outputs use', () => {
    const declared = new Set(quads.filter((q) => q.predicate.equals(RDF.type)).map((q) => q.subject.value));
    const dir = rootPath('tests', 'fixtures', 'expected');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ttl'));
    const local = /^http:\/\/localhost:3030\/(ontology#|scheme\/)/;
    const undeclared = new Set<string>();
    for (const f of files) {
      for (const q of parse(readFileSync(`${dir}/${f}`, 'utf8'), 'trig', undefined, f)) {
        for (const t of [q.predicate, q.object]) {
          if (t.termType === 'NamedNode' && local.test(t.value) && !declared.has(t.value)) undeclared.add(`${t.value} (in ${f})`);
        }
      }
    }
    expect([...undeclared]).toEqual([]);
  });
});
