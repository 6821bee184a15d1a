// Entry of a benchmark worker thread: Node 20 does not apply tsx's hooks to a worker's entry file, so this
// plain-JS shim registers tsx in the thread and then loads the TypeScript module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
