#!/usr/bin/env node
// archive-ld runs its TypeScript sources compiled into one bundle (bin/compiled.js: made on first use and whenever a
// source changes, so `npx archive-ld` works straight after `npm ci` and never runs stale code), or through tsx when
// ARCHIVE_LD_TSX=1 or compiling is not possible.
import { compiledMain } from './compiled.js';

const main = await compiledMain();
if (main) {
  // Stack traces name the TypeScript files and lines, not the bundle's.
  process.setSourceMapsEnabled(true);
  await import(main);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
