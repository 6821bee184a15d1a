// Entry of a store worker thread. Node 20 does not apply `--import tsx` hooks to a worker's own entry file,
// so this plain-JS shim registers tsx in the thread and then loads the TypeScript worker named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
