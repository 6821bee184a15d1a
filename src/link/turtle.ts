/**
 * Turtle in and out for the link stage (gazetteer file, link dumps). Kept in one file so that the stage's use of
 * n3's parser and writer can move to src/rdf/ in one edit.
 */
import { Parser, Writer, DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';

export { DataFactory };

/** Parse Turtle/TriG text; relative IRIs resolve against `baseIRI`. Errors name the file and line. */
export function parseTurtle(text: string, file: string, baseIRI: string): Quad[] {
  try {
    return new Parser({ baseIRI }).parse(text) as Quad[];
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(`${file}: not valid Turtle (${msg}). Rebuild it with "archive-ld gazetteer build" or fix the line named.`);
  }
}

/** Serialise quads as Turtle (or TriG when quads carry graphs), IRIs under `baseIRI` written relative. */
export function writeTurtle(quads: Quad[], prefixes: Record<string, string>, options: { baseIRI?: string; format?: 'Turtle' | 'TriG' | 'N-Quads' } = {}): Promise<string> {
  const writer = new Writer({ prefixes, format: options.format ?? 'Turtle', ...(options.baseIRI ? { baseIRI: options.baseIRI } : {}) });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((err: Error | null, result: string) => (err ? reject(err) : resolve(result))));
}
