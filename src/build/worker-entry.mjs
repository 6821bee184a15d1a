// Entry of a build worker thread. Node 20 does not apply `--import tsx` hooks to a worker's own entry file,
// so this plain-JS shim registers tsx in the thread and then loads the module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
