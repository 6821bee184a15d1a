/**
 * The reference validation path: each graph copied into the default graph of an n3 Store and handed to
 * rdf-validate-shacl as it is, the code checks reading the same Store. This is how validate() worked before it
 * fed the validator a GraphView; it is kept so tests can check that the fast path reports exactly the same
 * results on valid and broken graphs (tests/model-validate-fast.test.ts). Slow: not for the build.
 *
 * @example
 *   expect(await validate(quads)).toEqual(await validateReference(quads));
 */
import SHACLValidator from 'rdf-validate-shacl';
import { DataFactory, Store } from 'n3';
import type { Quad } from '@rdfjs/types';
import {
  byGraph,
  checkLiterals,
  checkTextPositions,
  issuesOf,
  loadShapes,
  storeLookup,
  summarise,
  type ValidationIssue,
  type ValidationReportSummary,
} from './index.js';

let validatorInstance: SHACLValidator | undefined;

/** validate(), the straightforward way: n3 Store per graph, no index of our own. */
export async function validateReference(quads: Iterable<Quad>): Promise<ValidationReportSummary> {
  validatorInstance ??= new SHACLValidator(new Store(loadShapes()));
  const results: ValidationIssue[] = [];
  for (const [graph, data] of [...byGraph(quads)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const store = new Store(data.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.defaultGraph())));
    results.push(...issuesOf(await validatorInstance.validate(store), graph));
    results.push(...checkTextPositions(storeLookup(store), graph));
    results.push(...checkLiterals(store, graph));
  }
  return summarise(results);
}
