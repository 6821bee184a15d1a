/**
 * The VoID + DCAT description of the published dataset, computed at build time from per-graph statistics and
 * the assembled dumps listed in the manifest: triples, entities, class and property partitions, every dump as void:dataDump and
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

/**
 * Counts over one named graph, exact within that graph. A dataset's counts are the per-graph counts summed
 * (mergeStats), so a build never has to hold every graph at once: triples, distinct subjects and objects,
 * entities and the class/property partitions are therefore summed across graphs, not deduplicated (a triple
 * stated in two graphs counts twice; a person described in two record graphs is two entities). Quads and the
 * number of graphs are exact.
 */
export interface GraphStats {
  quads: number;
  /** Distinct triples in the graph. */
  triples: number;
  subjects: number;
  objects: number;
  /** Distinct subjects minted under the base (records, people, institutions, ...). */
  entities: number;
  /** Class IRI -> distinct subjects typed with it. */
  classes: Record<string, number>;
  /** Property IRI -> distinct triples using it. */
  properties: Record<string, number>;
  /** Named graphs with at least one quad. */
  graphs: number;
}

/** Running counts over the quads of one graph (or of a few small graphs, see `graphs`). */
export class DatasetStats {
  private readonly triples = new Set<string>();
  /** Triples counted by addDistinct, known to be new without a look in `triples`. */
  private distinctTriples = 0;
  private readonly subjects = new Set<string>();
  private readonly objects = new Set<string>();
  private readonly classes = new Map<string, Set<string>>();
  private readonly properties = new Map<string, number>();
  private readonly graphs = new Set<string>();
  private quads = 0;

  constructor(private readonly base: string) {}

  /** Count one quad. `tripleLine` is its N-Triples form (graph dropped), used to count distinct triples. */
  add(q: Quad, tripleLine: string): void {
    this.quads++;
    if (q.graph.termType === 'NamedNode') this.graphs.add(q.graph.value);
    if (this.triples.has(tripleLine)) return;
    this.triples.add(tripleLine);
    this.countTriple(q);
  }

  /**
   * Count one quad whose triple the caller knows to be new (a graph's quads in canonical order without repeats):
   * no N-Triples line needed. Do not mix with add() on the same triples.
   */
  addDistinct(q: Quad): void {
    this.quads++;
    if (q.graph.termType === 'NamedNode') this.graphs.add(q.graph.value);
    this.distinctTriples++;
    this.countTriple(q);
  }

  private countTriple(q: Quad): void {
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

  /** The counts, small and JSON-serialisable (kept in the build cache, summed by mergeStats). */
  result(): GraphStats {
    let entities = 0;
    for (const s of this.subjects) if (s.startsWith(this.base)) entities++;
    const classes: Record<string, number> = {};
    for (const [c, members] of [...this.classes].sort(([a], [b]) => (a < b ? -1 : 1))) classes[c] = members.size;
    const properties: Record<string, number> = {};
    for (const [p, n] of [...this.properties].sort(([a], [b]) => (a < b ? -1 : 1))) properties[p] = n;
    return { quads: this.quads, triples: this.triples.size + this.distinctTriples, subjects: this.subjects.size, objects: this.objects.size, entities, classes, properties, graphs: this.graphs.size };
  }
}

/** An empty GraphStats, the start of a merge. */
export function emptyStats(): GraphStats {
  return { quads: 0, triples: 0, subjects: 0, objects: 0, entities: 0, classes: {}, properties: {}, graphs: 0 };
}

/** Add `b`'s counts into `into` (see GraphStats for what a sum means). Returns `into`. */
export function mergeStats(into: GraphStats, b: GraphStats): GraphStats {
  into.quads += b.quads;
  into.triples += b.triples;
  into.subjects += b.subjects;
  into.objects += b.objects;
  into.entities += b.entities;
  into.graphs += b.graphs;
  for (const [c, n] of Object.entries(b.classes)) into.classes[c] = (into.classes[c] ?? 0) + n;
  for (const [p, n] of Object.entries(b.properties)) into.properties[p] = (into.properties[p] ?? 0) + n;
  return into;
}

export interface DumpFile {
  /** Path under /dumps/ ("dataset.nq.gz"). */
  name: string;
  mediaType: string;
  /** Absent for a dump compressed while it is sent. */
  bytes?: number;
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
export function voidQuads(stats: GraphStats, dumps: DumpFile[], o: VoidOptions): Quad[] {
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
  // Summed over the named graphs (see GraphStats); the class and property counts are distinct.
  add(ds, VOID.triples, int(stats.triples));
  add(ds, VOID.entities, int(stats.entities));
  add(ds, VOID.distinctSubjects, int(stats.subjects));
  add(ds, VOID.distinctObjects, int(stats.objects));
  add(ds, VOID.properties, int(Object.keys(stats.properties).length));
  add(ds, VOID.classes, int(Object.keys(stats.classes).length));
  // Provenance: which software built it, when.
  const activity = namedNode(`${o.base}run/build/${o.builtAt.replace(/[^0-9A-Za-z]/g, '')}`);
  add(ds, PROV.wasGeneratedBy, activity);
  add(activity, RDF.type, PROV.Activity);
  add(activity, namedNode(`${PROV.$ns}endedAtTime`), literal(o.builtAt, XSD.dateTime));
  add(activity, PROV.wasAssociatedWith, namedNode(`${o.base}software/archive-ld/${o.version}`));

  const sortedClasses = Object.entries(stats.classes).sort(([a], [b]) => (a < b ? -1 : 1));
  sortedClasses.forEach(([cls, n], i) => {
    const part = blankNode(`class${i}`);
    add(ds, VOID.classPartition, part);
    add(part, VOID.class, namedNode(cls));
    add(part, VOID.entities, int(n));
  });
  const sortedProps = Object.entries(stats.properties).sort(([a], [b]) => (a < b ? -1 : 1));
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
    if (d.bytes !== undefined) add(dist, DCAT.byteSize, literal(String(d.bytes), XSD.nonNegativeInteger));
    add(dist, RDFS.label, literal(d.name));
    if (d.compress) add(dist, DCAT.compressFormat, literal('application/gzip'));
  }
  return out;
}
