/** `archive-ld serve`: load the published parts (or an old out/dumps/dataset.nq.gz) into the worker pool and serve the endpoint. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { addConfigOptions, flagsToInput } from '../config/cli-options.js';
import { loadConfig, type Config } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { createApp } from '../server/app.js';
import type { ServerContext } from '../server/context.js';
import type { Logger } from 'pino';
import { WorkerPool } from '../store/pool.js';
import { remoteStoreFromConfig } from '../store/remote.js';
import { recoverOut } from '../build/publish.js';
import { isPartsLayout, partPath, readPublication, type PublicationManifest } from '../build/assemble.js';
import { diffPublications, partGraph } from '../store/publication-diff.js';
import type { LoadSource, SnapshotReport } from '../store/worker-messages.js';
import { ResponseCache } from '../server/response-cache.js';

/**
 * The N-Quads files a replica loads from `dumpsDir`, in order: the parts listed in the manifest (layout 2; plain
 * .nq, which loads faster than gunzipping), else the old whole-dataset dump. Throws a readable error when there
 * is nothing to serve or a listed part is missing.
 */
export async function storeSources(dumpsDir: string, read?: PublicationManifest): Promise<LoadSource[]> {
  const manifest = read ?? (await readPublication(dumpsDir));
  if (isPartsLayout(manifest)) {
    return manifest.parts.map((part) => {
      const path = [partPath(dumpsDir, part, '.nq'), partPath(dumpsDir, part, '.nq.gz')].find((p) => existsSync(p));
      if (!path) throw new Error(`${partPath(dumpsDir, part, '.nq')} is listed in ${join(dumpsDir, 'manifest.json')} but missing. Rebuild with 'archive-ld build'.`);
      // Each part holds one named graph: a store snapshot of an earlier build is updated graph by graph.
      const graph = manifest.base ? partGraph(manifest.base, part) : undefined;
      return graph ? { path, graph } : { path };
    });
  }
  const dataset = [join(dumpsDir, 'dataset.nq'), join(dumpsDir, 'dataset.nq.gz')].find((p) => existsSync(p));
  if (!dataset) {
    throw new Error(`No dataset to serve in ${dumpsDir} (no manifest.json with parts, no dataset.nq.gz). Run 'archive-ld build' first, or point --out at a built folder.`);
  }
  return [{ path: dataset }];
}

/**
 * Resident memory one store replica takes per quad. Measured: ~440 B/quad (RSS of `serve` with 2 replicas of
 * 1.27 M quads loaded in 1 MiB calls: 1.11 GB); 550 leaves room for query-time allocations.
 */
export const REPLICA_BYTES_PER_QUAD = 550;

/**
 * How many replicas to start: the configured number, fewer when that many copies of `quads` would take more than
 * 60% of the machine's memory (every replica holds the whole dataset). `reason` says why it was lowered.
 *
 * @example
 *   replicaCount(2, 6_000_000, 8 * 2 ** 30) // { workers: 1, reason: '...' }
 */
export function replicaCount(asked: number, quads: number | undefined, totalMemory = totalmem()): { workers: number; reason?: string } {
  if (!quads || asked <= 1) return { workers: Math.max(1, asked) };
  const perReplica = quads * REPLICA_BYTES_PER_QUAD;
  const fit = Math.max(1, Math.floor((totalMemory * 0.6) / perReplica));
  if (fit >= asked) return { workers: asked };
  const gb = (n: number): string => (n / 2 ** 30).toFixed(1);
  return {
    workers: fit,
    reason:
      `starting ${fit} store replica(s) instead of ${asked} (--workers): each holds the whole dataset, about ${gb(perReplica)} GiB for ${quads} quads, ` +
      `and ${asked} would take more than 60% of this machine's ${gb(totalMemory)} GiB. Serve fewer records per process, or a remote store (--store).`,
  };
}

/** Where the store snapshot of `config.outDir` lives (src/store/store-image.ts). */
export function snapshotDir(config: Config): string {
  return join(config.outDir, 'snapshot');
}

/** What a replica's ready event says of the store snapshot, for the log: written, or why not; undefined if restored. */
function snapshotOutcome(report: SnapshotReport | undefined): string | undefined {
  if (report?.written) return `wrote the store snapshot (${Math.round(report.written.bytes / 2 ** 20)} MiB): the next start loads from it`;
  if (report?.reason && !report.restored) return `no store snapshot used or written: ${report.reason}`;
  return undefined;
}

/** Load the dataset (plus the update journal) into a new pool of store replicas; also the manifest it loaded. */
async function openStore(config: Config, dumpsDir: string, logger: Logger): Promise<{ store: WorkerPool; manifest: PublicationManifest | undefined }> {
  // A build killed mid-publication may have moved the dumps aside: serve the last published state.
  for (const what of await recoverOut(config.outDir)) logger.warn({ out: config.outDir }, `recovered from an interrupted build: ${what}`);
  // Read once: the sources, the size and what a later reload compares with all come from the same publication.
  const manifest = await readPublication(dumpsDir);
  const sources = await storeSources(dumpsDir, manifest);
  const replicas = replicaCount(config.workers, manifest?.counts?.quads);
  if (replicas.reason) logger.warn({ workers: replicas.workers }, replicas.reason);
  const started = Date.now();
  const store = await WorkerPool.start({
    sources,
    // Answer as soon as one replica has loaded; the next loads after it instead of halving its CPU.
    staggered: true,
    journalPath: join(config.outDir, 'updates.jsonl'),
    workers: replicas.workers,
    timeoutMs: config.queryTimeoutMs,
    maxQueue: config.maxQueue,
    resultCap: config.resultCap,
    baseIri: config.base,
    ...(config.snapshot ? { snapshotDir: snapshotDir(config) } : {}),
    onEvent: (e) => {
      if (e.kind === 'ready') {
        const applied = e.snapshot?.applied ? ` and ${e.snapshot.applied.loaded} changed file(s)` : '';
        const from = e.snapshot?.restored ? `the snapshot${applied}` : 'the N-Quads files';
        logger.info({ worker: e.worker, quads: e.quads, ms: e.ms }, `store replica ready, loaded from ${from}`);
        const outcome = snapshotOutcome(e.snapshot);
        if (outcome) logger.info({ dir: snapshotDir(config), ...(e.snapshot?.written ? { ms: e.snapshot.written.ms } : {}) }, outcome);
      } else if (e.kind === 'snapshotFailed') {
        logger.warn({ dir: snapshotDir(config) }, `the store snapshot could not be restored, loading the N-Quads files instead: ${e.message}`);
      } else logger.warn(e, `store worker ${e.kind}`);
    },
  });
  logger.info({ files: sources.length, from: dumpsDir, ms: Date.now() - started }, 'store loaded (first replica ready)');
  if (store.journalLength > 0) {
    logger.info({ updates: store.journalLength, journal: join(config.outDir, 'updates.jsonl') }, 'replayed journalled SPARQL updates over the dataset');
  }
  return { store, manifest };
}

/**
 * Load the published files into one store replica once, to write the store snapshot (`build --snapshot`): the
 * first `serve` then starts from it. Nothing is written when the snapshot already matches the published files.
 */
export async function writeStoreSnapshot(config: Config, logger: Logger): Promise<void> {
  const dumpsDir = join(config.outDir, 'dumps');
  const sources = await storeSources(dumpsDir);
  const started = Date.now();
  let outcome = 'the store snapshot already matches the published files';
  const pool = await WorkerPool.start({
    sources,
    workers: 1,
    snapshotDir: snapshotDir(config),
    snapshotExact: true,
    onEvent: (e) => {
      if (e.kind === 'ready') outcome = snapshotOutcome(e.snapshot) ?? outcome;
    },
  });
  await pool.close();
  logger.info({ dir: snapshotDir(config), files: sources.length, ms: Date.now() - started }, outcome);
}

/** Byte budget of the response cache: `responseCacheMb` of the configuration (0 = off). */
export function responseCacheBytes(config: Config): number {
  return Math.round(config.responseCacheMb * 1024 * 1024);
}

export interface RunningServer {
  url: string;
  /**
   * Follow a new build in out/dumps: replace only the changed graphs in the running store when few changed (and
   * no update is journalled), else load everything into a fresh store and switch to it. Says which it did.
   */
  reload: () => Promise<'unchanged' | 'graphs' | 'whole' | 'remote'>;
  stop: () => Promise<void>;
}

/** Start serving `config.outDir`; resolves once listening. */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const dumpsDir = join(config.outDir, 'dumps');
  // With --store the endpoint queries the remote store the build sent the graphs to; else the in-process replicas.
  const opened = config.store ? undefined : await openStore(config, dumpsDir, logger);
  // The publication the in-process store holds: a reload compares the next one with it.
  let loaded = opened?.manifest;
  const store = opened ? opened.store : remoteStoreFromConfig(config);
  const ctx: ServerContext = { config, base: config.base, store, dumpsDir, logger };
  // A remote store can be written by others (a build sends graphs to it) behind our back: no response cache there.
  if (!config.store) ctx.responses = new ResponseCache(responseCacheBytes(config));
  const app = createApp(ctx);
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', (err: NodeJS.ErrnoException) =>
        reject(new Error(`Cannot listen on ${config.host}:${config.port}: ${err.message}. Choose another --port (PORT) or --host.`)),
      );
    });
  } catch (err) {
    await ctx.store.close();
    throw err;
  }
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}/`,
    reload: async () => {
      // A remote store already holds what the last build sent: nothing to load.
      if (config.store) return 'remote';
      for (const what of await recoverOut(config.outDir)) logger.warn({ out: config.outDir }, `recovered from an interrupted build: ${what}`);
      const next = await readPublication(dumpsDir);
      if (next && loaded && JSON.stringify(next) === JSON.stringify(loaded)) return 'unchanged';
      const diff = loaded && next ? await diffPublications(loaded, next, dumpsDir) : undefined;
      const current = ctx.store;
      // A few changed graphs (an edited record) are replaced in place: no second copy of the dataset in memory.
      if (diff && current instanceof WorkerPool && current.journalLength === 0 && diff.drop.length + diff.load.length <= Math.max(20, diff.parts / 4)) {
        const started = Date.now();
        try {
          await current.replaceGraphs(diff.drop, diff.load.map((path) => ({ path })), await storeSources(dumpsDir, next));
          ctx.responses?.clear();
          loaded = next;
          logger.info({ dropped: diff.drop.length, loaded: diff.load.length, ms: Date.now() - started }, 'replaced the changed graphs');
          return 'graphs';
        } catch (err) {
          logger.warn(`could not replace the changed graphs, loading everything again: ${(err as Error).message}`);
        }
      }
      // Routes read ctx.store on every request, so swapping it switches all of them at once.
      const { store: fresh, manifest } = await openStore(config, dumpsDir, logger);
      const old = ctx.store;
      ctx.store = fresh;
      ctx.responses?.clear();
      // Queries already running on the old replicas may finish (they stop at the deadline anyway).
      await new Promise((resolve) => setTimeout(resolve, Math.min(config.queryTimeoutMs, 10_000)).unref());
      await old.close();
      loaded = manifest;
      logger.info('switched to the reloaded dataset');
      return 'whole';
    },
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.store.close();
    },
  };
}

/** Print where everything is. */
export function printUrls(url: string, config: Config): void {
  process.stdout.write(
    [
      `archive-ld is serving ${url}`,
      `  SPARQL endpoint  ${url}sparql`,
      `  dumps            ${url}dumps/`,
      `  dataset (VoID)   ${url}.well-known/void`,
      `  updates          ${config.updateToken ? `${url}update (Bearer token)` : 'off (start with --token to allow)'}`,
      config.base !== url ? `  data IRIs under  ${config.base} (paths dereference here)` : '',
      '',
    ]
      .filter((l, i, a) => l !== '' || i === a.length - 1)
      .join('\n'),
  );
}

/** Run until SIGINT/SIGTERM; SIGHUP reloads the dataset (after 'archive-ld build'). */
export async function serveUntilStopped(config: Config): Promise<void> {
  const { url, stop, reload } = await startServer(config);
  printUrls(url, config);
  process.on('SIGHUP', () => {
    reload().catch((err: unknown) => process.stderr.write(`archive-ld: reload failed, still serving the previous dataset: ${(err as Error).message}\n`));
  });
  await new Promise<void>((resolve) => {
    const done = (): void => {
      void stop().then(resolve, resolve);
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

export function register(program: Command): void {
  const cmd = program.command('serve').description('Serve the built dataset in out/: SPARQL endpoint, entity pages, dumps.');
  addConfigOptions(cmd, ['build', 'serve']);
  cmd.addHelpText('after', '\nSend SIGHUP to load a new build without stopping (kill -HUP <pid>).\n\nExamples:\n  archive-ld serve\n  archive-ld serve --port 8080 --token "$(cat token.txt)"\n');
  cmd.action(async (opts: Record<string, unknown>) => {
    await serveUntilStopped(loadConfig(flagsToInput(opts), process.env));
  });
}
