/**
 * A pool of worker threads, each holding a replica of the store (src/store/oxigraph-worker.ts), behind the
 * `SparqlStore` contract. Every query gets a deadline: past it the worker running it is terminated and replaced
 * (the replacement reloads the N-Quads and replays the update journal) while the other workers keep answering.
 * Waiting queries form a bounded queue; past it callers get QueryQueueFullError.
 *
 * @example
 *   const pool = await WorkerPool.start({ sources: [{ path: 'out/dataset.nq.gz' }], workers: 2, timeoutMs: 10_000 });
 *   const { rows } = await pool.select('SELECT ?s WHERE { ?s a ?c } LIMIT 10');
 *   await pool.close();
 */
import { Worker } from 'node:worker_threads';
import { workerStart } from '../paths.js';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { QueryQueueFullError, QueryTimeoutError, type Bindings, type QueryOptions, type SelectResult } from './types.js';
import { StoreQueryError, StoreUnavailableError, type RawResult, type ResultKind, type SparqlStore } from './sparql-store.js';
import type { JsonTerm } from './results.js';
import { plainToTerm, type FromWorker, type InlineData, type LoadSource, type QueryOutcome, type SnapshotReport, type ToWorker } from './worker-messages.js';

export interface PoolOptions {
  /** N-Quads files (optionally .gz) every replica loads. */
  sources?: LoadSource[];
  /** RDF text every replica loads after the files (tests, small datasets). */
  inline?: InlineData[];
  /** JSON-lines file of applied updates: replayed at load, appended to by update(). Absent = updates not persisted. */
  journalPath?: string;
  workers?: number;
  /** Default deadline per query (ms). */
  timeoutMs?: number;
  /** Queries allowed to wait for a worker. */
  maxQueue?: number;
  /** Row/triple cap of one result. */
  resultCap?: number;
  /** Seconds a client is told to wait when the queue is full. */
  retryAfterS?: number;
  /** Base IRI relative IRIs in queries and updates resolve against (the data base, so `<person/x>` works). */
  baseIri?: string;
  /**
   * Start the replicas one after the other (each once the previous one has loaded) rather than all at once:
   * on a machine with few cores, replicas loading together make the first one ready much later (measured with
   * 970k quads on 2 busy cores: first ready after 24 s with two loading at once against 7-12 s alone).
   * `serve` staggers; default false (start() then resolves with one replica ready and the others loading).
   */
  staggered?: boolean;
  /**
   * Folder of the store snapshot (src/store/store-image.ts): replicas start from it when it matches the sources,
   * and the first replica writes one after loading the files when it does not. Undefined = no snapshots.
   */
  snapshotDir?: string;
  /** Write a new snapshot even after bringing an older one up to date by a few graphs (`build --snapshot`). */
  snapshotExact?: boolean;
  /** Called with events worth logging (worker replaced, load time). */
  onEvent?: (event: PoolEvent) => void;
}

export type PoolEvent =
  | { kind: 'ready'; worker: number; quads: number; ms: number; snapshot?: SnapshotReport }
  | { kind: 'snapshotFailed'; worker: number; message: string }
  | { kind: 'timeout'; worker: number; timeoutMs: number }
  | { kind: 'crashed'; worker: number; message: string }
  | { kind: 'loadFailed'; worker: number; message: string };

interface Job {
  message: (id: number) => ToWorker;
  timeoutMs: number;
  resolve: (msg: FromWorker, slot: Slot) => void;
  reject: (err: Error) => void;
}

interface Slot {
  index: number;
  worker: Worker;
  ready: boolean;
  /** Set when the replica failed to load: it is not replaced (the data would fail again). */
  dead?: boolean;
  busy: { id: number; job: Job; timer: NodeJS.Timeout } | undefined;
  /** Ids of fire-and-forget messages (replica updates) awaiting an answer. */
  side: Map<number, (msg: FromWorker) => void>;
}

const { namedNode, blankNode, literal, defaultGraph, quad } = DataFactory;

const STORE_WORKER = workerStart(new URL('./oxigraph-worker.ts', import.meta.url), 'store-worker');

function jsonToTerm(t: JsonTerm): Term {
  switch (t.type) {
    case 'uri':
      return namedNode(t.value);
    case 'bnode':
      return blankNode(t.value);
    case 'literal':
      return literal(t.value, t['xml:lang'] ? t['xml:lang'] : t.datatype ? namedNode(t.datatype) : undefined);
    case 'triple':
      // RDF 1.2 triple terms have no RDF/JS 1.1 form; give their N-Triples-like text as a literal.
      return literal(JSON.stringify(t.value));
  }
}

export class WorkerPool implements SparqlStore {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly journal: string[] = [];
  private nextId = 1;
  private crashesBeforeReady = 0;
  /** Set when restoring the snapshot failed: later replicas load the files (and the first writes a sound one). */
  private snapshotBroken = false;
  private closed = false;
  /** Replicas asked for; with staggered start the slots fill up one by one. */
  private wanted = 0;
  private readyWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  readonly timeoutMs: number;
  readonly maxQueue: number;
  readonly resultCap: number;
  readonly retryAfterS: number;

  private constructor(private options: PoolOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxQueue = options.maxQueue ?? 64;
    this.resultCap = options.resultCap ?? 10_000;
    this.retryAfterS = options.retryAfterS ?? Math.max(1, Math.ceil(this.timeoutMs / 1000));
    if (options.journalPath && existsSync(options.journalPath)) {
      const lines = readFileSync(options.journalPath, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          this.journal.push((JSON.parse(line) as { update: string }).update);
        } catch {
          throw new Error(`${options.journalPath}:${i + 1}: not a JSON line of the update journal. Fix or remove the line, then restart.`);
        }
      });
    }
  }

  /** Number of journalled updates every replica replays after loading. */
  get journalLength(): number {
    return this.journal.length;
  }

  /** Start the workers and resolve once at least one replica is loaded (rejects if none can load). */
  static async start(options: PoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    const n = Math.max(1, options.workers ?? 2);
    pool.wanted = n;
    const first = options.staggered === true ? 1 : n;
    for (let i = 0; i < first; i++) pool.slots.push(pool.spawn(i));
    await pool.whenReady();
    return pool;
  }

  private whenReady(): Promise<void> {
    if (this.slots.some((s) => s.ready)) return Promise.resolve();
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  private spawn(index: number): Slot {
    // The compiled worker, or its TypeScript through tsx (src/paths.ts), under vitest and the CLI alike.
    const { file, workerData } = STORE_WORKER;
    const worker = new Worker(file, { workerData });
    const slot: Slot = { index, worker, ready: false, busy: undefined, side: new Map() };
    worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    worker.on('error', (err) => this.onCrash(slot, err.message));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots[slot.index] === slot) this.onCrash(slot, `worker exited with code ${code}`);
    });
    const load: ToWorker = { type: 'load', sources: this.options.sources ?? [], inline: this.options.inline ?? [], journal: [...this.journal] };
    // Only the first replica writes a snapshot: the others, started after it (staggered), restore it.
    if (this.options.snapshotDir) {
      load.snapshot = { dir: this.options.snapshotDir, write: index === 0, restore: !this.snapshotBroken, ...(this.options.snapshotExact ? { exact: true } : {}) };
    }
    worker.postMessage(load);
    return slot;
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    if (msg.type === 'ready') {
      slot.ready = true;
      this.crashesBeforeReady = 0;
      this.options.onEvent?.({ kind: 'ready', worker: slot.index, quads: msg.size, ms: msg.ms, ...(msg.snapshot ? { snapshot: msg.snapshot } : {}) });
      for (const w of this.readyWaiters.splice(0)) w.resolve();
      // Staggered start: the next replica begins loading once this one is ready.
      if (!this.closed && this.slots.length < this.wanted) this.slots.push(this.spawn(this.slots.length));
      this.dispatch();
      return;
    }
    if (msg.type === 'snapshotFailed') {
      // The worker exits next and is replaced (onCrash) by one that loads the files.
      this.snapshotBroken = true;
      this.options.onEvent?.({ kind: 'snapshotFailed', worker: slot.index, message: msg.message });
      return;
    }
    if (msg.type === 'loadFailed') {
      this.options.onEvent?.({ kind: 'loadFailed', worker: slot.index, message: msg.message });
      const err = new StoreUnavailableError(`The store could not load its data: ${msg.message}. Check the N-Quads files (rebuild with 'archive-ld build').`);
      slot.ready = false;
      slot.dead = true;
      void slot.worker.terminate();
      // A load failure repeats on every replica: fail everything waiting rather than retry forever.
      for (const w of this.readyWaiters.splice(0)) w.reject(err);
      if (!this.slots.some((s) => s.ready)) for (const job of this.queue.splice(0)) job.reject(err);
      return;
    }
    const side = slot.side.get(msg.id);
    if (side) {
      slot.side.delete(msg.id);
      side(msg);
      return;
    }
    if (slot.busy && slot.busy.id === msg.id) {
      const { job, timer } = slot.busy;
      clearTimeout(timer);
      slot.busy = undefined;
      job.resolve(msg, slot);
      this.dispatch();
    }
  }

  private onCrash(slot: Slot, message: string): void {
    if (this.closed || slot.dead || this.slots[slot.index] !== slot) return;
    this.options.onEvent?.({ kind: 'crashed', worker: slot.index, message });
    if (!slot.ready) {
      // Crashing before it ever loaded means it will crash again: stop, rather than respawn forever.
      this.crashesBeforeReady++;
      if (this.crashesBeforeReady >= 3 * Math.max(1, this.slots.length)) {
        slot.dead = true;
        void slot.worker.terminate();
        const err = new StoreUnavailableError(`The store workers fail to start: ${message}.`);
        if (!this.slots.some((s) => s.ready)) {
          for (const w of this.readyWaiters.splice(0)) w.reject(err);
          for (const job of this.queue.splice(0)) job.reject(err);
        }
        return;
      }
    }
    if (slot.busy) {
      clearTimeout(slot.busy.timer);
      slot.busy.job.reject(new StoreUnavailableError(`The store worker stopped while running the query (${message}); it is being restarted. Try again.`));
    }
    this.replace(slot);
  }

  /** Terminate a replica and start a fresh one in its place (it reloads the data and replays the journal). */
  private replace(slot: Slot): void {
    slot.ready = false;
    slot.busy = undefined;
    // Pending replica updates are in the journal the replacement replays: release whoever waits on them.
    for (const cb of slot.side.values()) cb({ type: 'error', id: -1, message: 'replica replaced' });
    slot.side.clear();
    void slot.worker.terminate();
    if (this.closed) return;
    this.slots[slot.index] = this.spawn(slot.index);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.ready && !s.busy);
      if (!slot) return;
      const job = this.queue.shift() as Job;
      const id = this.nextId++;
      const timer = setTimeout(() => {
        if (this.slots[slot.index] !== slot || slot.busy?.id !== id) return;
        this.options.onEvent?.({ kind: 'timeout', worker: slot.index, timeoutMs: job.timeoutMs });
        // Oxigraph cannot cancel a running query: the only way to stop it is to stop the thread.
        this.replace(slot);
        job.reject(new QueryTimeoutError(job.timeoutMs));
        this.dispatch();
      }, job.timeoutMs);
      slot.busy = { id, job, timer };
      slot.worker.postMessage(job.message(id));
    }
  }

  private submit(message: (id: number) => ToWorker, timeoutMs: number, admitted = false): Promise<{ msg: FromWorker; slot: Slot }> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('The store is closed.'));
    if (!admitted && this.queue.length >= this.maxQueue && !this.slots.some((s) => s.ready && !s.busy)) {
      return Promise.reject(new QueryQueueFullError(this.retryAfterS));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ message, timeoutMs, resolve: (msg, slot) => resolve({ msg, slot }), reject });
      this.dispatch();
    });
  }

  private async run(query: string, kind: ResultKind, output: string, options: QueryOptions = {}): Promise<QueryOutcome> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const { msg } = await this.submit((id) => {
      const m: ToWorker = { type: 'query', id, query, kind, output, cap: this.resultCap };
      if (this.options.baseIri) m.baseIri = this.options.baseIri;
      if (options.defaultGraphUris?.length) m.defaultGraphUris = options.defaultGraphUris;
      if (options.namedGraphUris?.length) m.namedGraphUris = options.namedGraphUris;
      if (options.shape) m.shape = options.shape;
      if (options.readable) m.readable = true;
      return m;
    }, timeoutMs, options.admitted === true);
    if (msg.type === 'error') throw new StoreQueryError(`The store could not run the query: ${msg.message}`);
    if (msg.type !== 'result') throw new StoreQueryError(`Unexpected answer '${msg.type}' from the store worker.`);
    return msg.outcome;
  }

  async select(query: string, options?: QueryOptions): Promise<SelectResult> {
    const outcome = await this.run(query, 'bindings', 'plain', options);
    if (outcome.form !== 'bindings') throw new StoreQueryError(`select() needs a SELECT query; this one gave a ${outcome.form} result. Use ask() or construct().`);
    const rows: Bindings[] = outcome.plain.results.bindings.map((row) => {
      const b: Bindings = {};
      for (const [k, v] of Object.entries(row)) b[k] = jsonToTerm(v);
      return b;
    });
    return { variables: outcome.plain.head.vars, rows, truncated: outcome.truncated };
  }

  async ask(query: string, options?: QueryOptions): Promise<boolean> {
    const outcome = await this.run(query, 'boolean', 'plain', options);
    if (outcome.form !== 'boolean') throw new StoreQueryError(`ask() needs an ASK query; this one gave a ${outcome.form} result.`);
    return outcome.plain.boolean;
  }

  async construct(query: string, options?: QueryOptions): Promise<Quad[]> {
    const outcome = await this.run(query, 'graph', 'plain', options);
    if (outcome.form !== 'graph') throw new StoreQueryError(`construct() needs a CONSTRUCT or DESCRIBE query; this one gave a ${outcome.form} result.`);
    return outcome.quads.map(([s, p, o, g]) => quad(plainToTerm(s) as Quad['subject'], plainToTerm(p) as Quad['predicate'], plainToTerm(o) as Quad['object'], plainToTerm(g) as Quad['graph']));
  }

  async queryRaw(query: string, kind: ResultKind, mediaType: string, options?: QueryOptions): Promise<RawResult> {
    const outcome = await this.run(query, kind, mediaType, options);
    if (outcome.form !== 'serialised') throw new StoreQueryError(`Unexpected ${outcome.form} result for a ${kind} query.`);
    return { body: outcome.body, mediaType, count: outcome.count, truncated: outcome.truncated, cap: this.resultCap };
  }

  /**
   * Apply an update: first on one replica (so a failing update changes nothing), then journal it and apply it
   * to every other replica; replicas started later replay the journal.
   */
  async update(update: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const baseIri = this.options.baseIri;
    const message = (id: number): ToWorker => (baseIri ? { type: 'update', id, update, baseIri } : { type: 'update', id, update });
    const { msg, slot: ranOn } = await this.submit(message, options.timeoutMs ?? this.timeoutMs);
    if (msg.type === 'error') throw new StoreQueryError(`The store could not apply the update: ${msg.message}`);
    this.journal.push(update);
    if (this.options.journalPath) appendFileSync(this.options.journalPath, `${JSON.stringify({ at: new Date().toISOString(), update })}\n`);
    await Promise.all(
      this.slots
        .filter((s) => s !== ranOn && !s.dead)
        .map(
          (slot) =>
            new Promise<void>((resolve) => {
              const id = this.nextId++;
              slot.side.set(id, () => resolve());
              slot.worker.postMessage(message(id));
            }),
        ),
    );
  }

  /**
   * Follow a new publication without loading everything again: every replica drops the graphs `drop` (removed
   * and changed ones) and loads `load` (the changed and added parts) in one message, so none of its queries sees
   * a graph half-replaced; `sources` (the whole new publication) is what a replica started later loads. Only
   * without journalled updates: those were applied on top of the old graphs, and a full reload replays them on
   * the new ones instead. Resolves when every replica is done; rejects (the caller then reloads fully) if one
   * cannot apply it.
   *
   * @example
   *   await pool.replaceGraphs(['http://x/graph/a'], [{ path: 'out/dumps/records/a.nq' }], allParts);
   */
  async replaceGraphs(drop: string[], load: LoadSource[], sources: LoadSource[]): Promise<void> {
    if (this.journal.length > 0) throw new StoreUnavailableError('The store has journalled updates; reload it whole to replay them on the new graphs.');
    if (this.closed) throw new StoreUnavailableError('The store is closed.');
    for (const g of drop) {
      // Written into an update: an IRI that could end the IRIREF would be an injection, not a graph name.
      if (/[\u0000-\u0020<>"{}|^`\\]/.test(g)) throw new StoreQueryError(`Cannot drop the graph ${JSON.stringify(g)}: not a valid IRI.`);
    }
    // Replicas started from now on load the new publication.
    this.options = { ...this.options, sources };
    const failures: string[] = [];
    await Promise.all(
      this.slots
        .filter((s) => !s.dead)
        .map(
          (slot) =>
            new Promise<void>((resolve) => {
              const id = this.nextId++;
              slot.side.set(id, (msg) => {
                // id -1: the replica was replaced meanwhile, and its successor loads the new `sources` anyway.
                if (msg.type === 'error' && msg.id !== -1) failures.push(msg.message);
                resolve();
              });
              slot.worker.postMessage({ type: 'replace', id, drop, sources: load } satisfies ToWorker);
            }),
        ),
    );
    if (failures.length > 0) throw new StoreQueryError(`A store replica could not take the new graphs: ${failures[0]}`);
  }

  async size(): Promise<number> {
    const { msg } = await this.submit((id) => ({ type: 'size', id }), this.timeoutMs);
    if (msg.type !== 'done' || msg.size === undefined) throw new StoreQueryError('The store worker did not report its size.');
    return msg.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    const err = new StoreUnavailableError('The store is shutting down.');
    for (const job of this.queue.splice(0)) job.reject(err);
    for (const slot of this.slots) {
      if (slot.busy) {
        clearTimeout(slot.busy.timer);
        slot.busy.job.reject(err);
      }
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
