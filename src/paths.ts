import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package root (the folder holding package.json, ontology/, data/ and queries/). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** An absolute path inside the package root: rootPath('data', 'lexicon', 'roles.json'). */
export function rootPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}
