/**
 * A pool of build worker threads (src/build/worker.ts): each holds the shared context (gazetteer) and builds one
 * record at a time; the pool hands records out as workers become free. A worker that dies (uncaught error, out of
 * memory, process.exit) fails only the record it was building, with a message saying so, and is replaced; a
 * worker that dies before it could start fails every waiting record with the start-up error instead of being
 * restarted forever.
 *
 * @example
 *   const pool = new BuildPool({ size: 2, context });
 *   const outcomes = await Promise.all(paths.map((p) => pool.run(p, p)));
 *   await pool.close();
 */
import { Worker } from 'node:worker_threads';
import { TSX_WORKER_SHIM, workerStart } from '../paths.js';
import type { RecordContextInput, RecordOutcome } from './record-job.js';

/** Main thread -> worker: build the record file at `path`. */
export interface JobRequest {
  id: number;
  path: string;
}

/** Worker -> main thread: the outcome of job `id`. */
export interface JobResponse {
  id: number;
  outcome: RecordOutcome;
}

export interface BuildPoolOptions {
  /** Worker threads (>= 1). */
  size: number;
  context: RecordContextInput;
  /** Module each worker runs (file URL); default src/build/worker.ts. Tests give a worker that crashes on purpose. */
  entry?: string;
}

interface Job {
  id: number;
  path: string;
  /** Shown in messages (the file relative to the data folder). */
  file: string;
  resolve: (o: RecordOutcome) => void;
}

interface Slot {
  worker: Worker;
  job?: Job | undefined;
  ready: boolean;
}

/**
 * Young generation of each build worker's heap, in MiB (V8's default is 48: two 16 MiB semi-spaces and a large
 * object space of the same size). Why larger: a record's extraction, quads, lines and part files (tens of MiB)
 * live through several scavenges at the default size, so much of it was copied, promoted to the old generation,
 * then marked and swept there, partly on V8's helper threads, which take CPU from the other build job. With
 * 64 MiB semi-spaces a record's work mostly dies young: about a tenth less CPU per record (docs/publication.md),
 * for up to ~150 MiB more resident memory per worker.
 */
export const WORKER_YOUNG_GENERATION_MB = 192;

/** The build worker: compiled, or worker.ts through tsx (src/paths.ts). */
const BUILD_WORKER = workerStart(new URL('./worker.ts', import.meta.url), 'build-worker');

export class BuildPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closing = false;
  /** Set when a worker could not start: every job fails with it. */
  private broken: string | undefined;
  private readonly entry: string | undefined;

  constructor(private readonly options: BuildPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error(`BuildPool: size must be an integer >= 1, got ${options.size} (the --jobs option / JOBS).`);
    this.entry = options.entry;
    for (let i = 0; i < options.size; i++) this.slots.push(this.start());
  }

  /** Build the record at `path` in a worker. Never rejects: a crashed worker gives a failure outcome. */
  run(path: string, file: string): Promise<RecordOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, path, file, resolve });
      this.dispatch();
    });
  }

  /** Stop every worker (after the jobs given have finished). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private start(): Slot {
    // Another entry (tests' misbehaving workers) always starts through the tsx shim.
    const start = this.entry ? { file: TSX_WORKER_SHIM, workerData: { entry: this.entry } } : BUILD_WORKER;
    const worker = new Worker(start.file, {
      workerData: { ...start.workerData, context: this.options.context },
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    const slot: Slot = { worker, ready: false };
    worker.on('message', (msg: JobResponse | { ready: true }) => {
      if ('ready' in msg) {
        slot.ready = true;
        return;
      }
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      slot.job = undefined;
      job.resolve(msg.outcome);
      this.dispatch();
    });
    let died = false;
    const die = (why: string): void => {
      if (died) return;
      died = true;
      const job = slot.job;
      slot.job = undefined;
      if (!slot.ready) this.broken ??= why;
      if (job) {
        job.resolve({
          ok: false,
          line: 1,
          reason: `the build worker died while building this record (${why}); the other records went on. Run 'archive-ld extract ${job.file}' to see whether the record alone reproduces it`,
        });
      }
      if (this.closing) return;
      const i = this.slots.indexOf(slot);
      // Replace the worker unless workers cannot start at all (then every waiting record fails, below).
      if (i >= 0) {
        if (this.broken) this.slots.splice(i, 1);
        else this.slots[i] = this.start();
      }
      this.dispatch();
    };
    worker.on('error', (err) => die(err.message));
    worker.on('exit', (code) => {
      if (!this.closing) die(`exit code ${code}`);
    });
    return slot;
  }

  private dispatch(): void {
    if (this.broken && this.slots.length === 0) {
      for (const job of this.queue.splice(0)) {
        job.resolve({ ok: false, line: 1, reason: `no build worker could start (${this.broken}). Check the installation (npm ci), or build with --jobs 1 to run in-process` });
      }
      return;
    }
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, path: job.path } satisfies JobRequest);
    }
  }
}
