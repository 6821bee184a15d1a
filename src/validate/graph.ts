/**
 * A read-mostly, in-memory view of ONE graph's triples, indexed for what SHACL validation asks: the values of a
 * property of a node (s p ?), the nodes with a given value (? p o: rdf:type for sh:targetClass, rdfs:subClassOf)
 * and every statement of a property (? p ?: sh:targetSubjectsOf).
 *
 * Why not n3's Store: every `match()` of n3 2.x builds a stream-capable dataset object and walks its three-level
 * numeric index, which made those lookups most of the time rdf-validate-shacl spent on a record graph.
 * Here `match()` returns a plain array-backed result, and the (? p o) index of a property is built only the first
 * time it is asked for.
 *
 * Graph names are ignored: a view holds the triples of one graph (validate() splits a dataset by graph), and
 * `match()` with a graph term other than the default graph still searches those triples.
 *
 * @example
 *   const g = new GraphView(recordQuads);
 *   g.objects(record, RDFS.label); // the record's labels
 *   new SHACLValidator(shapes).validate(g); // a DatasetCore for rdf-validate-shacl
 */
import type { DatasetCore, Quad, Quad_Graph, Term } from '@rdfjs/types';

/** A key that tells terms apart as RDF does (kind, value, language, datatype). */
export function termKey(t: Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return t.value;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal':
      return `"${t.value}"@${t.language}^${t.datatype.value}`;
    case 'DefaultGraph':
      return '';
    default:
      return `?${t.termType}:${t.value}`;
  }
}

/** The statements (s p *): object terms and, lazily, their keys for duplicate checks. */
interface Values {
  quads: Quad[];
  keys?: Set<string>;
}

/** Above this many values of one (s p), duplicate checks use a key set instead of comparing terms. */
const LINEAR_LIMIT = 8;

/** An array-backed match result: what rdf-validate-shacl and clownface need from a DatasetCore. */
class MatchResult implements DatasetCore {
  constructor(private readonly quads: readonly Quad[]) {}
  get size(): number {
    return this.quads.length;
  }
  add(): this {
    throw new Error('A GraphView match result is read-only. Add to the GraphView itself.');
  }
  delete(): this {
    throw new Error('A GraphView match result is read-only.');
  }
  has(q: Quad): boolean {
    return this.quads.some((x) => x.subject.equals(q.subject) && x.predicate.equals(q.predicate) && x.object.equals(q.object));
  }
  match(s?: Term | null, p?: Term | null, o?: Term | null): DatasetCore {
    return new MatchResult(this.quads.filter((q) => matches(q, s, p, o)));
  }
  [Symbol.iterator](): Iterator<Quad> {
    return this.quads[Symbol.iterator]();
  }
}

function matches(q: Quad, s?: Term | null, p?: Term | null, o?: Term | null): boolean {
  return (!s || q.subject.equals(s)) && (!p || q.predicate.equals(p)) && (!o || q.object.equals(o));
}

const EMPTY = new MatchResult([]);

/** One graph's triples with (s p ?), (? p o) and (? p ?) indexes; duplicates (same s, p, o) are kept once. */
export class GraphView implements DatasetCore {
  /** subject key -> predicate IRI -> values */
  private readonly bySubject = new Map<string, Map<string, Values>>();
  /** predicate IRI -> statements, in insertion order */
  private readonly byPredicate = new Map<string, Quad[]>();
  /** predicate IRI -> object key -> statements; built per predicate on first use */
  private readonly byPredicateObject = new Map<string, Map<string, Quad[]>>();
  private readonly all: Quad[] = [];

  constructor(quads: Iterable<Quad> = []) {
    for (const q of quads) this.add(q);
  }

  get size(): number {
    return this.all.length;
  }

  add(q: Quad): this {
    const sk = termKey(q.subject);
    let preds = this.bySubject.get(sk);
    if (!preds) this.bySubject.set(sk, (preds = new Map()));
    const p = q.predicate.value;
    let values = preds.get(p);
    if (!values) preds.set(p, (values = { quads: [] }));
    if (values.keys) {
      const ok = termKey(q.object);
      if (values.keys.has(ok)) return this;
      values.keys.add(ok);
    } else {
      for (const x of values.quads) if (x.object.equals(q.object)) return this;
      if (values.quads.length >= LINEAR_LIMIT) values.keys = new Set([...values.quads, q].map((x) => termKey(x.object)));
    }
    values.quads.push(q);
    this.all.push(q);
    let list = this.byPredicate.get(p);
    if (!list) this.byPredicate.set(p, (list = []));
    list.push(q);
    const po = this.byPredicateObject.get(p);
    if (po) pushTo(po, termKey(q.object), q);
    return this;
  }

  delete(): this {
    throw new Error('GraphView does not support delete(): build a new GraphView from the remaining quads.');
  }

  has(q: Quad): boolean {
    return this.statements(q.subject, q.predicate).some((x) => x.object.equals(q.object));
  }

  /** Objects of (s p ?), in insertion order. */
  objects(s: Term, p: Term): Term[] {
    return this.statements(s, p).map((q) => q.object);
  }

  /** The first object of (s p ?), if any. */
  object(s: Term, p: Term): Term | undefined {
    return this.statements(s, p)[0]?.object;
  }

  /** Subjects of (? p o), in insertion order. */
  subjects(p: Term, o: Term): Term[] {
    return (this.objectIndex(p.value).get(termKey(o)) ?? []).map((q) => q.subject);
  }

  /** Statements (? p ?), in insertion order. */
  withPredicate(p: Term): readonly Quad[] {
    return this.byPredicate.get(p.value) ?? [];
  }

  private statements(s: Term, p: Term): readonly Quad[] {
    return this.bySubject.get(termKey(s))?.get(p.value)?.quads ?? [];
  }

  private objectIndex(p: string): Map<string, Quad[]> {
    let index = this.byPredicateObject.get(p);
    if (!index) {
      index = new Map();
      for (const q of this.byPredicate.get(p) ?? []) pushTo(index, termKey(q.object), q);
      this.byPredicateObject.set(p, index);
    }
    return index;
  }

  match(s?: Term | null, p?: Term | null, o?: Term | null, g?: Term | null): DatasetCore {
    void (g as Quad_Graph | null | undefined); // one graph's triples: see the module comment
    if (p && p.termType !== 'NamedNode') return EMPTY;
    if (s) {
      const preds = this.bySubject.get(termKey(s));
      if (!preds) return EMPTY;
      if (p) {
        const quads = preds.get(p.value)?.quads ?? [];
        return new MatchResult(o ? quads.filter((q) => q.object.equals(o)) : quads);
      }
      const quads: Quad[] = [];
      for (const v of preds.values()) for (const q of v.quads) if (!o || q.object.equals(o)) quads.push(q);
      return new MatchResult(quads);
    }
    if (p) return new MatchResult(o ? (this.objectIndex(p.value).get(termKey(o)) ?? []) : this.withPredicate(p));
    return new MatchResult(o ? this.all.filter((q) => q.object.equals(o)) : this.all);
  }

  [Symbol.iterator](): Iterator<Quad> {
    return this.all[Symbol.iterator]();
  }

  /** A graph pointer at no node in particular, to hand to rdf-validate-shacl's validate(): see GraphPointer. */
  pointer(): GraphPointer {
    return new GraphPointer(this, [null]);
  }
}

/**
 * The part of a clownface graph pointer that rdf-validate-shacl uses on the DATA graph (node, out, in, term,
 * terms, toArray, dataset), answered straight from a GraphView's indexes. rdf-validate-shacl accepts a pointer
 * in place of a dataset; given a dataset it wraps it in clownface, whose every step makes new pointer and
 * context objects and runs the dataset's match() through generic loops, which was most of the time it spent
 * following paths. Shapes-graph walking and reports still use clownface.
 *
 * Like clownface, a pointer holds a list of nodes, where null stands for "any node"; out() and in() from it
 * match every subject or object.
 *
 * @example
 *   await new SHACLValidator(shapes).validate(new GraphView(quads).pointer());
 */
export class GraphPointer {
  constructor(
    readonly dataset: GraphView,
    private readonly nodes: ReadonlyArray<Term | null>,
  ) {}

  /** The nodes pointed at (not "any"). */
  get terms(): Term[] {
    return this.nodes.filter((t): t is Term => t !== null);
  }

  /** The node, when the pointer points at exactly one. */
  get term(): Term | undefined {
    const terms = this.terms;
    return terms.length === 1 ? terms[0] : undefined;
  }

  /** The value of the node, when the pointer points at exactly one. */
  get value(): string | undefined {
    return this.term?.value;
  }

  /** A pointer at `values`, once for each node pointed at now (as clownface's node()). */
  node(values: Term | readonly Term[] | null | undefined): GraphPointer {
    const list: Array<Term | null> = values === null || values === undefined ? [null] : isTermList(values) ? [...values] : [values];
    const out: Array<Term | null> = [];
    for (const value of list) for (let i = 0; i < this.nodes.length; i++) out.push(value);
    return new GraphPointer(this.dataset, out);
  }

  /** The objects of `predicates` from every node pointed at (all objects when no predicate is given). */
  out(predicates?: Term | readonly Term[] | null): GraphPointer {
    return this.follow(predicates, 'object');
  }

  /** The subjects of `predicates` towards every node pointed at. */
  in(predicates?: Term | readonly Term[] | null): GraphPointer {
    return this.follow(predicates, 'subject');
  }

  /** One pointer per node. */
  toArray(): GraphPointer[] {
    return this.nodes.map((n) => new GraphPointer(this.dataset, [n]));
  }

  private follow(predicates: Term | readonly Term[] | null | undefined, end: 'subject' | 'object'): GraphPointer {
    const preds: Array<Term | null> = predicates === null || predicates === undefined ? [null] : isTermList(predicates) ? [...predicates] : [predicates];
    const found: Term[] = [];
    for (const node of this.nodes) {
      for (const p of preds) {
        if (end === 'object' && node && p?.termType === 'NamedNode') {
          for (const o of this.dataset.objects(node, p)) found.push(o);
        } else if (end === 'subject' && node && p?.termType === 'NamedNode') {
          for (const s of this.dataset.subjects(p, node)) found.push(s);
        } else {
          const quads = end === 'object' ? this.dataset.match(node, p, null) : this.dataset.match(null, p, node);
          for (const q of quads) found.push(q[end]);
        }
      }
    }
    return new GraphPointer(this.dataset, found);
  }
}

function isTermList(v: Term | readonly Term[]): v is readonly Term[] {
  return Array.isArray(v);
}

function pushTo<K>(map: Map<K, Quad[]>, key: K, q: Quad): void {
  const list = map.get(key);
  if (list) list.push(q);
  else map.set(key, [q]);
}
