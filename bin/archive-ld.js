#!/usr/bin/env node
// archive-ld runs its TypeScript sources directly through tsx: no build step, so `npx archive-ld`
// works straight after `npm ci` and never runs stale compiled code.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
