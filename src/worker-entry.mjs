// Entry of a worker thread when the TypeScript sources run through tsx (src/paths.ts workerStart): Node 20 does not
// apply tsx's hooks to a worker's own entry file, so this plain-JS shim registers tsx in the thread and then loads
// the module named in workerData.entry. From the compiled bundle, workers start on their compiled entry instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
