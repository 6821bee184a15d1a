/**
 * Literals for the model: n3 Literals (same `id`, same class, so n3's writer, equals() and every RDF/JS reader
 * treat them as before) whose value, language, direction and datatype are read once, when the literal is made.
 *
 * Why: n3 keeps only the id (`"text"@en`, `"12"^^<dt>`) and parses it again on every read: `language` scans the
 * whole id for a direction mark, `value` cuts a new substring, `datatype` makes a new NamedNode. A record graph's
 * literals (its full text among them) are read many times over: the canonical sort, the N-Quads, TriG and JSON-LD
 * writers, the VoID counts and the SHACL validation.
 *
 * @example
 *   const l = literal('12', XSD.integer);
 *   l.equals(DataFactory.literal('12', XSD.integer)); // true
 *   l.datatype.value; // 'http://www.w3.org/2001/XMLSchema#integer', without parsing l.id
 */
import { DataFactory } from 'n3';
import type { Literal, NamedNode } from '@rdfjs/types';

/** One NamedNode per datatype IRI: terms are immutable values, so the literals of one datatype can share it. */
const datatypes = new Map<string, NamedNode>();

function datatypeNode(iri: string): NamedNode {
  let node = datatypes.get(iri);
  if (!node) datatypes.set(iri, (node = DataFactory.namedNode(iri)));
  return node;
}

/**
 * A literal as `DataFactory.literal(value, languageOrDatatype)` makes it (the same id and class), with its parts
 * kept as own, read-only, non-enumerable properties in front of n3's parsing getters (non-enumerable: a deep
 * comparison with a literal parsed by n3 still sees only the id).
 */
export function literal(value: string, languageOrDatatype?: string | NamedNode): Literal {
  const made = DataFactory.literal(value, languageOrDatatype);
  // Read once through n3's own getters: whatever n3 would answer later, it answers now.
  return Object.defineProperties(made, {
    value: { value: made.value },
    language: { value: made.language },
    direction: { value: (made as Literal & { direction?: string }).direction },
    datatype: { value: datatypeNode(made.datatype.value) },
  });
}

