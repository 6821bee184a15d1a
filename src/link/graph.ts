import type { Quad } from '@rdfjs/types';
import type { Gazetteer } from './gazetteer.js';
import { DataFactory } from './turtle.js';

/** The gazetteer's quads placed in the named graph BASE graph/gazetteer, ready for the store. */
export function gazetteerGraphQuads(gazetteer: Gazetteer, base: string): Quad[] {
  const g = DataFactory.namedNode(`${base}graph/gazetteer`);
  return gazetteer.quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, g));
}
