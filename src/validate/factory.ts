/**
 * The RDF/JS environment handed to rdf-validate-shacl through its `factory` option: the package's own default
 * environment, except that a namespace builder is made once per base IRI and hands out one NamedNode per IRI.
 *
 * Why: clownface, which rdf-validate-shacl walks both graphs with, makes two namespace builders (Proxies) and four
 * named nodes for every pointer it creates (every node(), out(), in()), and rdf-validate-shacl makes a new named
 * node each time it reads a term such as `sh.PropertyConstraintComponent` from its namespaces. On a record graph
 * that was about a sixth of validation time, plus the garbage it left. RDF/JS terms are immutable values, so
 * sharing one NamedNode per IRI changes nothing the validator computes.
 *
 * @example
 *   new SHACLValidator(shapes, { factory: validatorFactory() });
 */
import type { NamedNode, Quad } from '@rdfjs/types';
import defaultEnvironment from 'rdf-validate-shacl/src/defaultEnv.js';
import { GraphView } from './graph.js';

export type ValidatorEnvironment = typeof defaultEnvironment;

/** A namespace builder as @rdfjs/namespace makes it: `ns.term`, `ns('term')` and ns`term` give the NamedNode. */
type Builder = ((term?: string | { raw: readonly string[] | string }) => NamedNode) & Record<string, NamedNode>;

/**
 * rdf-validate-shacl's default environment with memoised namespace builders. One per call: the caches belong to
 * the environment (one validator per process uses it).
 */
export function validatorFactory(): ValidatorEnvironment {
  const env = defaultEnvironment.clone() as ValidatorEnvironment & { namespace(baseIRI: string): Builder };
  const builders = new Map<string, Builder>();
  env.namespace = function namespace(this: ValidatorEnvironment, baseIRI: string): Builder {
    let builder = builders.get(baseIRI);
    if (!builder) {
      builder = memoBuilder(baseIRI, (iri) => this.namedNode(iri));
      builders.set(baseIRI, builder);
    }
    return builder;
  };
  env.dataset = (quads?: Iterable<Quad>) => new GraphView(quads);
  return env;
}

/** A builder like @rdfjs/namespace's, with one NamedNode per local name. */
function memoBuilder(baseIRI: string, namedNode: (iri: string) => NamedNode): Builder {
  const terms = new Map<string, NamedNode>();
  const term = (local: string): NamedNode => {
    let t = terms.get(local);
    if (!t) terms.set(local, (t = namedNode(`${baseIRI}${local}`)));
    return t;
  };
  // The same call forms as @rdfjs/namespace: ns(), ns('x'), ns`x` (a template's strings array) and ns.x.
  const build = (local: string | { raw: readonly string[] | string } = ''): NamedNode =>
    term(typeof local === 'string' ? local : String(local.raw));
  return new Proxy(build, {
    apply: (_target, _this, args: unknown[]) => build(args[0] as Parameters<typeof build>[0]),
    get: (_target, property) => term(String(property)),
  }) as Builder;
}
