import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

/**
 * True when this code runs from the compiled bundle (dist/<version>/*.js, made by bin/compiled.js), false when tsx
 * or vitest runs the TypeScript sources.
 */
export const COMPILED = !import.meta.url.endsWith('.ts');

/** The package root (the folder holding package.json, ontology/, data/ and queries/): src/.. or dist/<version>/../.. */
export const ROOT = fileURLToPath(new URL(COMPILED ? '../..' : '..', import.meta.url));

/**
 * How to start a worker thread running the module `entry` (a .ts file's URL): from the bundle, its compiled twin
 * `<name>.js` (an entry point of bin/compiled.js); else the plain-JS shim src/worker-entry.mjs, which registers tsx
 * in the thread (Node 20 does not apply tsx's hooks to a worker's own entry file) and imports `entry`.
 *
 * @example
 *   const { file, workerData } = workerStart(new URL('./worker.ts', import.meta.url), 'build-worker');
 *   new Worker(file, { workerData: { ...workerData, jobs: 2 } });
 */
export function workerStart(entry: URL, name: string): { file: URL; workerData: { entry?: string } } {
  if (COMPILED) return { file: new URL(`./${name}.js`, import.meta.url), workerData: {} };
  return { file: TSX_WORKER_SHIM, workerData: { entry: entry.href } };
}

/** The shim that starts a worker on a TypeScript (or any) module through tsx; see workerStart. */
export const TSX_WORKER_SHIM = pathToFileURL(rootPath('src', 'worker-entry.mjs'));

/** An absolute path inside the package root: rootPath('data', 'lexicon', 'roles.json'). */
export function rootPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}

/** The package's version (package.json), recorded in provenance and shown by --version. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(rootPath('package.json'), 'utf8')) as { version: string }).version;
}
