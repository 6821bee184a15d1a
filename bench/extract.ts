/** Extraction throughput on 1..n worker threads (each thread extracts a share of the files). */
import { Worker } from 'node:worker_threads';
import { workerStart } from '../src/paths.js';

export interface ExtractionFigures {
  threads: number;
  records: number;
  failed: number;
  seconds: number;
  recordsPerSecond: number;
  mbPerSecond: number;
}

const WORKER = workerStart(new URL('./extract-worker.ts', import.meta.url), 'bench-extract-worker');

/** Extract every file on `threads` worker threads; wall time from the first thread's start to the last one's end. */
export async function measureExtraction(files: string[], threads: number): Promise<ExtractionFigures> {
  const shares: string[][] = Array.from({ length: threads }, () => []);
  files.forEach((f, i) => shares[i % threads]?.push(f));
  type Report = { ms: number; bytes: number; records: number; failed: number };
  const reports = await Promise.all(
    shares.map(
      (share) =>
        new Promise<Report>((resolve, reject) => {
          const w = new Worker(WORKER.file, { workerData: { ...WORKER.workerData, files: share } });
          w.once('message', (m: Report) => {
            resolve(m);
            void w.terminate();
          });
          w.once('error', (err) => reject(new Error(`bench: extraction worker failed: ${err.message}`)));
        }),
    ),
  );
  // Threads warm up separately, so the figure is the slowest thread's measured time.
  const seconds = Math.max(...reports.map((r) => r.ms)) / 1000;
  const bytes = reports.reduce((n, r) => n + r.bytes, 0);
  const records = reports.reduce((n, r) => n + r.records, 0);
  return {
    threads,
    records,
    failed: reports.reduce((n, r) => n + r.failed, 0),
    seconds,
    recordsPerSecond: records / seconds,
    mbPerSecond: bytes / 1e6 / seconds,
  };
}
