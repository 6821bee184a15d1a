/**
 * A build worker thread: loads the shared context (gazetteer) once, then builds one record per message
 * (record-job.ts) and answers with its small outcome. Started by BuildPool (compiled, or through src/worker-entry.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildRecord, createRecordContext, type RecordContextInput } from './record-job.js';
import type { JobRequest, JobResponse } from './pool.js';

const port = parentPort;
if (!port) throw new Error('src/build/worker.ts runs as a worker thread started by BuildPool (src/build/pool.ts), not on its own.');
const ctx = createRecordContext((workerData as { context: RecordContextInput }).context);
port.on('message', (msg: JobRequest) => {
  void buildRecord(ctx, msg.path).then((outcome) => port.postMessage({ id: msg.id, outcome } satisfies JobResponse));
});
port.postMessage({ ready: true });
