#!/usr/bin/env node
// archive-ld runs its TypeScript sources compiled into one bundle (bin/compiled.js: made on first use and whenever a
// source changes, so `npx archive-ld` works straight after `npm ci` and never runs stale code), or through tsx when
// ARCHIVE_LD_TSX=1 or compiling is not possible.
import { setFlagsFromString } from 'node:v8';
import { compiledMain } from './compiled.js';

// Regular expressions go straight to machine code instead of being interpreted for their first runs: the extractor's
// lexicon patterns run on every record, and a command that extracts a few records (a one-record rebuild, `extract`)
// ran ~8% faster so (bench/README.md). V8's flags are the process's, so worker threads get it too. Started as
// `node --regexp-tier-up bin/archive-ld.js ...`, V8's default stays.
if (!process.execArgv.includes('--regexp-tier-up')) setFlagsFromString('--no-regexp-tier-up');

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
