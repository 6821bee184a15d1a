/**
 * SHACL validation of record graphs against ontology/shapes.ttl, plus the checks SHACL Core cannot express
 * (a quote selector's text equals the record text between the position selector's offsets).
 *
 * Each named graph is validated on its own (a record graph is a self-contained description), so two records
 * that label one person differently do not clash.
 *
 * @example
 *   const report = await validate(quads);
 *   if (!report.conforms) console.error(formatReport(report));
 */
import SHACLValidator from 'rdf-validate-shacl';
import { Store } from 'n3';
import { readFileSync } from 'node:fs';
import type { Quad, Term } from '@rdfjs/types';
import { rootPath } from '../paths.js';
import { parse } from '../rdf/index.js';
import { OA, SCHEMA, RDF, RDFS, SH, XSD } from '../vocab/index.js';
import { GraphView } from './graph.js';
import { validatorFactory } from './factory.js';

export { GraphView } from './graph.js';

export type Severity = 'Violation' | 'Warning' | 'Info';

export interface ValidationIssue {
  /** The node that failed (IRI, or blank node label). */
  focusNode: string;
  /** The property path, when the constraint is on a property. */
  path?: string;
  /** What is wrong and what is expected. */
  message: string;
  severity: Severity;
  /** The named graph the node is in ('' for the default graph). */
  graph: string;
  /** The shape (or code check) that raised it. */
  source?: string;
  /** The offending value, when there is one. */
  value?: string;
}

export interface ValidationReportSummary {
  conforms: boolean;
  results: ValidationIssue[];
}

/** Where the shapes live. */
export const SHAPES_PATH = rootPath('ontology', 'shapes.ttl');

let shapesQuads: Quad[] | undefined;

/** The shapes graph, parsed once per process. */
export function loadShapes(): Quad[] {
  if (!shapesQuads) {
    let text: string;
    try {
      text = readFileSync(SHAPES_PATH, 'utf8');
    } catch (err) {
      throw new Error(`Cannot read the SHACL shapes at ${SHAPES_PATH} (${(err as Error).message}). Restore ontology/shapes.ttl.`);
    }
    shapesQuads = parse(text, 'turtle', undefined, SHAPES_PATH);
  }
  return shapesQuads;
}

let validatorInstance: SHACLValidator | undefined;

/**
 * One validator per process: building its shapes graph costs a few hundred ms. Reuse is safe because each
 * validate() sets the data graph and resets the report synchronously (no await between them).
 */
function shaclValidator(): SHACLValidator {
  if (!validatorInstance) {
    const shapes = loadShapes();
    // rdf-validate-shacl counts how often each (focus node, shape) pair is checked, keyed by JSON text of both
    // terms, to stop cyclic shape references; that bookkeeping was a quarter of its time on a record graph.
    // Where no pair can be checked twice it can never stop anything, so it is switched off (0).
    // maxNodeChecks is passed on to the engine, though the package's Options type does not declare it.
    const options: ConstructorParameters<typeof SHACLValidator>[1] & { maxNodeChecks?: number } = { factory: validatorFactory() };
    if (checksCannotRepeat(shapes)) options.maxNodeChecks = 0;
    validatorInstance = new SHACLValidator(new Store(shapes), options);
  }
  return validatorInstance;
}

/**
 * True when, within one validation, rdf-validate-shacl's engine cannot check the same focus node against the same
 * shape twice, so its maxNodeChecks guard never fires: shape references (sh:property, sh:node, sh:not,
 * sh:qualifiedValueShape, sh:and/or/xone members) form no cycle, each property shape belongs to one shape only and
 * has no targets of its own, and no property shape has property shapes of its own (their value nodes could be
 * shared by many focus nodes).
 */
export function checksCannotRepeat(shapes: readonly Quad[]): boolean {
  const view = new GraphView(shapes);
  const refs = new Map<string, Term[]>();
  const listItems = (head: Term): Term[] => {
    const items: Term[] = [];
    for (let node: Term | undefined = head; node && !node.equals(RDF.nil) && items.length <= shapes.length; ) {
      const first = view.object(node, RDF.first);
      if (first) items.push(first);
      node = view.object(node, RDF.rest);
    }
    return items;
  };
  const subjects = new Map<string, Term>();
  for (const q of shapes) subjects.set(termLabel(q.subject) ?? '', q.subject);
  for (const [key, shape] of subjects) {
    const out: Term[] = [];
    for (const p of [SH.property, SH.node, SH.not, SH.qualifiedValueShape]) out.push(...view.objects(shape, p));
    for (const p of [SH.and, SH.or, SH.xone]) for (const list of view.objects(shape, p)) out.push(...listItems(list));
    if (out.length) refs.set(key, out);
  }
  // No cycle (depth-first search, grey = on the current path).
  const state = new Map<string, 'grey' | 'black'>();
  const cyclic = (key: string): boolean => {
    const s = state.get(key);
    if (s) return s === 'grey';
    state.set(key, 'grey');
    for (const next of refs.get(key) ?? []) if (cyclic(termLabel(next) ?? '')) return true;
    state.set(key, 'black');
    return false;
  };
  if ([...refs.keys()].some(cyclic)) return false;
  // Property shapes: one owner each, no targets, no nested property shapes.
  const owners = new Map<string, number>();
  for (const q of view.withPredicate(SH.property)) owners.set(termLabel(q.object) ?? '', (owners.get(termLabel(q.object) ?? '') ?? 0) + 1);
  const targets = [SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf];
  for (const [key, n] of owners) {
    const shape = subjects.get(key);
    if (n > 1) return false;
    if (!shape) continue;
    if (targets.some((t) => view.objects(shape, t).length > 0) || view.objects(shape, RDF.type).some((t) => t.equals(RDFS.Class))) return false;
    if (view.objects(shape, SH.property).length > 0) return false;
  }
  for (const q of view.withPredicate(SH.path)) if (view.objects(q.subject, SH.property).length > 0) return false;
  return true;
}


export function termLabel(t: Term | null | undefined): string | undefined {
  if (!t) return undefined;
  if (t.termType === 'BlankNode') return `_:${t.value}`;
  return t.value;
}

function severityOf(t: Term | null | undefined): Severity {
  const v = t?.value ?? '';
  if (v.endsWith('#Warning')) return 'Warning';
  if (v.endsWith('#Info')) return 'Info';
  return 'Violation';
}

/** Quads grouped by graph name ('' for the default graph), in input order; the quads themselves are not copied. */
export function byGraph(quads: Iterable<Quad>): Map<string, Quad[]> {
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const g = q.graph.termType === 'DefaultGraph' ? '' : q.graph.value;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(q);
  }
  return groups;
}

/** The report of rdf-validate-shacl as ValidationIssues of `graph`. */
export function issuesOf(report: Awaited<ReturnType<SHACLValidator['validate']>>, graph: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const r of report.results) {
    const message = r.message.map((m) => m.value).join(' ') || `Constraint ${termLabel(r.sourceConstraintComponent) ?? '?'} failed.`;
    const issue: ValidationIssue = {
      focusNode: termLabel(r.focusNode) ?? '?',
      message,
      severity: severityOf(r.severity),
      graph,
    };
    const path = termLabel(r.path);
    if (path) issue.path = path;
    const source = termLabel(r.sourceShape);
    if (source) issue.source = source;
    const value = termLabel(r.value);
    if (value) issue.value = value;
    issues.push(issue);
  }
  return issues;
}

/** Sorted issues and whether any is a Violation. */
export function summarise(results: ValidationIssue[]): ValidationReportSummary {
  results.sort(compareIssues);
  return { conforms: !results.some((r) => r.severity === 'Violation'), results };
}

/**
 * Validate quads against ontology/shapes.ttl and the text-position checks.
 * `conforms` is false when any Violation is found (Warnings and Infos do not fail).
 *
 * Each graph is handed to rdf-validate-shacl as a GraphPointer over a GraphView (./graph.ts), an index built for
 * the validator's lookups, with the environment of ./factory.ts; src/validate/reference.ts keeps the plain
 * n3-Store path with the package's defaults, and tests/model-validate-fast.test.ts checks that both give the same
 * report on valid and broken graphs.
 *
 * Why not shacl-engine (evaluated 2026-11, v1.1.2): on these record graphs it was slower than this path, and its
 * sh:datatype check (rdf-validation 0.1.1) rejects xsd:string literals holding characters beyond the BMP (emoji,
 * CJK Extension B names), so valid graphs failed.
 */
export async function validate(quads: Iterable<Quad>): Promise<ValidationReportSummary> {
  const results: ValidationIssue[] = [];
  for (const [graph, data] of [...byGraph(quads)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const view = new GraphView(data);
    // A pointer, not the view itself: rdf-validate-shacl then follows paths through the view's indexes (graph.ts).
    const pointer = view.pointer() as unknown as Parameters<SHACLValidator['validate']>[0];
    results.push(...issuesOf(await shaclValidator().validate(pointer), graph));
    results.push(...checkTextPositions(view, graph));
    results.push(...checkLiterals(view, graph));
  }
  return summarise(results);
}

/**
 * Issues in a stable order: graph, focus node, path, message, then value and source, so two results that differ
 * only in their value come out in the same order whatever order the dataset returned them in.
 */
function compareIssues(a: ValidationIssue, b: ValidationIssue): number {
  const ka = `${a.graph}\u0000${a.focusNode}\u0000${a.path ?? ''}\u0000${a.message}\u0000${a.value ?? ''}\u0000${a.source ?? ''}`;
  const kb = `${b.graph}\u0000${b.focusNode}\u0000${b.path ?? ''}\u0000${b.message}\u0000${b.value ?? ''}\u0000${b.source ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** What the code checks read from a graph: GraphView, or an n3 Store through `storeLookup`. */
export interface GraphLookup {
  /** Objects of (s p ?). */
  objects(s: Term, p: Term): Term[];
  /** Subjects of (? p o). */
  subjects(p: Term, o: Term): Term[];
  /** Subjects of (? p ?), each once. */
  subjectsOf(p: Term): Term[];
}

/** A GraphLookup over an n3 Store (the reference path). */
export function storeLookup(store: Store): GraphLookup {
  return {
    objects: (s, p) => store.getObjects(s as never, p as never, null) as Term[],
    subjects: (p, o) => store.getSubjects(p as never, o as never, null) as Term[],
    subjectsOf: (p) => store.getSubjects(p as never, null, null) as Term[],
  };
}

function viewLookup(view: GraphView): GraphLookup {
  return {
    objects: (s, p) => view.objects(s, p),
    subjects: (p, o) => view.subjects(p, o),
    subjectsOf: (p) => {
      const seen = new Set<string>();
      const out: Term[] = [];
      for (const q of view.withPredicate(p)) {
        const k = termLabel(q.subject) ?? '';
        if (!seen.has(k)) {
          seen.add(k);
          out.push(q.subject);
        }
      }
      return out;
    },
  };
}

/**
 * For every oa:SpecificResource with both selectors: the quote's exact text has the length end - start and, when
 * the source's text is in the graph, equals the text between the offsets (prefix and suffix adjacent to it).
 */
export function checkTextPositions(graphData: GraphView | GraphLookup, graph = ''): ValidationIssue[] {
  const g = graphData instanceof GraphView ? viewLookup(graphData) : graphData;
  const issues: ValidationIssue[] = [];
  const one = (s: Term, p: Term): Term | undefined => g.objects(s, p)[0];
  const typed = (s: Term, c: Term): boolean => g.objects(s, RDF.type).some((t) => t.equals(c));
  // Text targets: whatever has a source or selectors (the shapes target the same nodes).
  const targets = new Map<string, Term>();
  for (const t of [...g.subjectsOf(OA.hasSource), ...g.subjectsOf(OA.hasSelector)]) {
    const k = termLabel(t) ?? '';
    if (!targets.has(k)) targets.set(k, t);
  }
  for (const target of targets.values()) {
    const selectors = g.objects(target, OA.hasSelector);
    const quote = selectors.find((s) => typed(s, OA.TextQuoteSelector));
    const position = selectors.find((s) => typed(s, OA.TextPositionSelector));
    const kinds = (c: Term) => selectors.filter((s) => typed(s, c)).length;
    if (kinds(OA.TextQuoteSelector) !== 1 || kinds(OA.TextPositionSelector) !== 1) {
      issues.push({
        focusNode: termLabel(target) ?? '?',
        path: OA.hasSelector.value,
        message: `A text target needs exactly one oa:TextQuoteSelector and one oa:TextPositionSelector (has ${kinds(OA.TextQuoteSelector)} and ${kinds(OA.TextPositionSelector)}).`,
        severity: 'Violation',
        graph,
        source: 'code:text-position',
      });
      continue;
    }
    if (!quote || !position) continue;
    const exact = one(quote, OA.exact)?.value;
    const startT = one(position, OA.start)?.value;
    const endT = one(position, OA.end)?.value;
    if (exact === undefined || startT === undefined || endT === undefined) continue;
    const start = Number(startT);
    const end = Number(endT);
    const issue = (message: string, value?: string): void => {
      const i: ValidationIssue = { focusNode: termLabel(target) ?? '?', path: OA.hasSelector.value, message, severity: 'Violation', graph, source: 'code:text-position' };
      if (value !== undefined) i.value = value;
      issues.push(i);
    };
    if (!Number.isInteger(start) || !Number.isInteger(end)) continue; // datatype shapes report these
    if (exact.length !== end - start) {
      issue(`Quote "${clip(exact)}" is ${exact.length} code units long but its position is ${start}-${end} (${end - start}). The span's text and offsets disagree: fix the extractor's span.`, exact);
      continue;
    }
    const source = one(target, OA.hasSource);
    const text = source ? one(source, SCHEMA.text)?.value : undefined;
    if (text === undefined) continue;
    if (end > text.length) {
      issue(`Position ${start}-${end} lies beyond the end of the text (${text.length} code units).`);
      continue;
    }
    if (text.slice(start, end) !== exact) {
      issue(`Quote "${clip(exact)}" does not match the text at ${start}-${end} ("${clip(text.slice(start, end))}"). Fix the extractor's span offsets.`, exact);
      continue;
    }
    const prefix = one(quote, OA.prefix)?.value;
    if (prefix !== undefined && text.slice(start - prefix.length, start) !== prefix) {
      issue(`Quote prefix "${clip(prefix)}" is not the text just before ${start}.`, prefix);
    }
    const suffix = one(quote, OA.suffix)?.value;
    if (suffix !== undefined && text.slice(end, end + suffix.length) !== suffix) {
      issue(`Quote suffix "${clip(suffix)}" is not the text just after ${end}.`, suffix);
    }
  }
  return issues;
}

/** Whether a date's day exists in its month (leap years included). */
function realDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

const TZ = '(Z|[+-](0\\d|1[0-4]):[0-5]\\d)?';
const LEXICAL: Record<string, (v: string) => boolean> = {
  [XSD.date.value]: (v) => {
    const m = new RegExp(`^(-?\\d{4,})-(\\d{2})-(\\d{2})${TZ}$`).exec(v);
    return !!m && realDay(Number(m[1]), Number(m[2]), Number(m[3]));
  },
  [XSD.dateTime.value]: (v) => {
    const m = new RegExp(`^(-?\\d{4,})-(\\d{2})-(\\d{2})T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?${TZ}$`).exec(v);
    return !!m && realDay(Number(m[1]), Number(m[2]), Number(m[3]));
  },
  [XSD.gYearMonth.value]: (v) => new RegExp(`^-?\\d{4,}-(0[1-9]|1[0-2])${TZ}$`).test(v),
  [XSD.gYear.value]: (v) => new RegExp(`^-?\\d{4,}${TZ}$`).test(v),
  [XSD.integer.value]: (v) => /^[+-]?\d+$/.test(v),
  [XSD.nonNegativeInteger.value]: (v) => /^\+?\d+$/.test(v) || /^-0+$/.test(v),
  [XSD.boolean.value]: (v) => /^(true|false|1|0)$/.test(v),
};

/** Typed literals whose text is not a valid value of their datatype (1963-13-45 as xsd:date, say). */
export function checkLiterals(quads: Iterable<Quad>, graph = ''): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const q of quads) {
    if (q.object.termType !== 'Literal') continue;
    const check = LEXICAL[q.object.datatype.value];
    if (!check || check(q.object.value)) continue;
    issues.push({
      focusNode: termLabel(q.subject) ?? '?',
      path: q.predicate.value,
      message: `"${clip(q.object.value)}" is not a valid <${q.object.datatype.value}>. Write the value in the datatype's lexical form (e.g. 1962-08-09 for xsd:date).`,
      severity: 'Violation',
      graph,
      source: 'code:literal',
      value: q.object.value,
    });
  }
  return issues;
}

function clip(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** A readable report: one block per issue with focus node, path, message (and graph when there are several). */
export function formatReport(report: ValidationReportSummary, source = '<input>'): string {
  if (report.conforms && report.results.length === 0) return `${source}: conforms to the shapes (ontology/shapes.ttl).\n`;
  const lines: string[] = [];
  const violations = report.results.filter((r) => r.severity === 'Violation').length;
  lines.push(
    `${source}: ${report.conforms ? 'conforms' : 'does NOT conform'} to the shapes (ontology/shapes.ttl): ${violations} violation(s), ${report.results.length - violations} other result(s).`,
  );
  for (const r of report.results) {
    lines.push(`- ${r.severity}: ${r.message}`);
    lines.push(`    focus node: <${r.focusNode}>`);
    if (r.path) lines.push(`    path:       <${r.path}>`);
    if (r.value !== undefined) lines.push(`    value:      ${clip(r.value, 80)}`);
    if (r.graph) lines.push(`    graph:      <${r.graph}>`);
  }
  return `${lines.join('\n')}\n`;
}
