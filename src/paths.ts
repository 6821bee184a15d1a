import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package root (the folder holding package.json, ontology/, data/ and queries/). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** An absolute path inside the package root: rootPath('data', 'lexicon', 'roles.json'). */
export function rootPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}

/** The package's version (package.json), recorded in provenance and shown by --version. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(rootPath('package.json'), 'utf8')) as { version: string }).version;
}
