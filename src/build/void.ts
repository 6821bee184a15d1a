/**
 * The VoID + DCAT description of the published dataset, computed at build time from the quads and the
 * written dump files: triples, entities, class and property partitions, every dump as void:dataDump and
 * dcat:Distribution, the SPARQL endpoint, the ontology, licence and provenance.
 */
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { DCTERMS, NS, PROV, RDF, RDFS, XSD, vocab } from '../vocab/index.js';

const { namedNode, literal, blankNode, quad } = DataFactory;

export const VOID = vocab('http://rdfs.org/ns/void#', [
  'Dataset',
  'triples',
  'entities',
  'distinctSubjects',
  'distinctObjects',
  'properties',
  'classes',
  'classPartition',
  'propertyPartition',
  'class',
  'property',
  'dataDump',
  'sparqlEndpoint',
  'vocabulary',
  'uriSpace',
  'subset',
] as const);

export const DCAT = vocab('http://www.w3.org/ns/dcat#', ['Dataset', 'Distribution', 'distribution', 'downloadURL', 'accessURL', 'mediaType', 'byteSize', 'compressFormat'] as const);

/** Licence of the published RDF (our derived data; the source texts keep the archive's terms, see dcterms:rights). */
export const DATA_LICENSE = 'https://creativecommons.org/licenses/by/4.0/';

/** Running counts over the published quads. */
export class DatasetStats {
  readonly triples = new Set<string>();
  readonly subjects = new Set<string>();
  readonly objects = new Set<string>();
  readonly classes = new Map<string, Set<string>>();
  readonly properties = new Map<string, number>();
  readonly graphs = new Set<string>();
  quads = 0;

  constructor(private readonly base: string) {}

  /** Count one quad. `line` is its N-Triples form (graph dropped), used to count distinct triples. */
  add(q: Quad, tripleLine: string): void {
    this.quads++;
    if (q.graph.termType === 'NamedNode') this.graphs.add(q.graph.value);
    if (this.triples.has(tripleLine)) return;
    this.triples.add(tripleLine);
    const s = q.subject.termType === 'BlankNode' ? `_:${q.subject.value}` : q.subject.value;
    this.subjects.add(s);
    this.objects.add(q.object.termType === 'Literal' ? `"${q.object.value}` : q.object.value);
    this.properties.set(q.predicate.value, (this.properties.get(q.predicate.value) ?? 0) + 1);
    if (q.predicate.equals(RDF.type) && q.object.termType === 'NamedNode') {
      let set = this.classes.get(q.object.value);
      if (!set) this.classes.set(q.object.value, (set = new Set()));
      set.add(s);
    }
  }

  /** Distinct subjects minted under the base (records, people, institutions, ...). */
  entities(): number {
    let n = 0;
    for (const s of this.subjects) if (s.startsWith(this.base)) n++;
    return n;
  }
}

export interface DumpFile {
  /** Path under /dumps/ ("dataset.nq.gz"). */
  name: string;
  mediaType: string;
  bytes: number;
  /** 'gzip' for .gz files. */
  compress?: 'gzip';
}

export interface VoidOptions {
  base: string;
  version: string;
  /** ISO time of the build. */
  builtAt: string;
  records: number;
}

/** The VoID/DCAT quads (default graph) for the dataset. */
export function voidQuads(stats: DatasetStats, dumps: DumpFile[], o: VoidOptions): Quad[] {
  const out: Quad[] = [];
  const ds = namedNode(`${o.base}void`);
  const add = (s: Quad['subject'], p: Quad['predicate'], obj: Quad['object']): void => {
    out.push(quad(s, p, obj));
  };
  const int = (n: number) => literal(String(n), XSD.integer);
  add(ds, RDF.type, VOID.Dataset);
  add(ds, RDF.type, DCAT.Dataset);
  add(ds, DCTERMS.title, literal('archive-ld: declassified diplomatic records as linked data', 'en'));
  add(ds, DCTERMS.description, literal(`${o.records} records with the people, institutions, places, dates, meetings and claims found in them; one named graph per record.`, 'en'));
  add(ds, DCTERMS.license, namedNode(DATA_LICENSE));
  add(ds, DCTERMS.rights, literal('The RDF is derived data. The record texts quoted in it keep the rights stated by their source archive (see each record\'s rights statement).', 'en'));
  add(ds, DCTERMS.modified, literal(o.builtAt, XSD.dateTime));
  add(ds, VOID.sparqlEndpoint, namedNode(`${o.base}sparql`));
  add(ds, VOID.uriSpace, literal(o.base));
  add(ds, VOID.vocabulary, namedNode(NS.ald));
  add(ds, VOID.triples, int(stats.triples.size));
  add(ds, VOID.entities, int(stats.entities()));
  add(ds, VOID.distinctSubjects, int(stats.subjects.size));
  add(ds, VOID.distinctObjects, int(stats.objects.size));
  add(ds, VOID.properties, int(stats.properties.size));
  add(ds, VOID.classes, int(stats.classes.size));
  // Provenance: which software built it, when.
  const activity = namedNode(`${o.base}run/build/${o.builtAt.replace(/[^0-9A-Za-z]/g, '')}`);
  add(ds, PROV.wasGeneratedBy, activity);
  add(activity, RDF.type, PROV.Activity);
  add(activity, namedNode(`${PROV.$ns}endedAtTime`), literal(o.builtAt, XSD.dateTime));
  add(activity, PROV.wasAssociatedWith, namedNode(`${o.base}software/archive-ld/${o.version}`));

  const sortedClasses = [...stats.classes.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  sortedClasses.forEach(([cls, members], i) => {
    const part = blankNode(`class${i}`);
    add(ds, VOID.classPartition, part);
    add(part, VOID.class, namedNode(cls));
    add(part, VOID.entities, int(members.size));
  });
  const sortedProps = [...stats.properties.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  sortedProps.forEach(([prop, n], i) => {
    const part = blankNode(`property${i}`);
    add(ds, VOID.propertyPartition, part);
    add(part, VOID.property, namedNode(prop));
    add(part, VOID.triples, int(n));
  });
  for (const d of dumps) {
    const href = `${o.base}dumps/${d.name.split('/').map(encodeURIComponent).join('/')}`;
    const url = namedNode(href);
    add(ds, VOID.dataDump, url);
    const dist = namedNode(`${href}#distribution`);
    add(ds, DCAT.distribution, dist);
    add(dist, RDF.type, DCAT.Distribution);
    add(dist, DCAT.downloadURL, url);
    add(dist, DCAT.mediaType, literal(d.mediaType));
    add(dist, DCAT.byteSize, literal(String(d.bytes), XSD.nonNegativeInteger));
    add(dist, RDFS.label, literal(d.name));
    if (d.compress) add(dist, DCAT.compressFormat, literal('application/gzip'));
  }
  return out;
}
