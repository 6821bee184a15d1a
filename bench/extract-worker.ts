/** Benchmark worker: extracts its share of the record files and reports the time spent (bench/extract.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { extractRecord } from '../src/extract/index.js';

const { files } = workerData as { files: string[] };
// Warm the lexicons up before the clock starts, as a long-running build would.
const first = files[0];
if (first) extractRecord(first, readFileSync(first));
const started = performance.now();
let bytes = 0;
let failed = 0;
for (const f of files) {
  const input = readFileSync(f);
  bytes += input.length;
  try {
    extractRecord(f, input);
  } catch {
    failed++;
  }
}
parentPort?.postMessage({ ms: performance.now() - started, bytes, records: files.length, failed });
