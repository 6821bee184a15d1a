/** `archive-ld serve`: load out/dumps/dataset.nq.gz into the worker pool and serve the endpoint. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { addConfigOptions, flagsToInput } from '../config/cli-options.js';
import { loadConfig, type Config } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { createApp } from '../server/app.js';
import type { ServerContext } from '../server/context.js';
import { WorkerPool } from '../store/pool.js';

/** Start serving `config.outDir`; resolves once listening, with the address and a stop function. */
export async function startServer(config: Config): Promise<{ url: string; stop: () => Promise<void> }> {
  const logger = createLogger(config.logLevel);
  const dumpsDir = join(config.outDir, 'dumps');
  const dataset = [join(dumpsDir, 'dataset.nq.gz'), join(dumpsDir, 'dataset.nq')].find((p) => existsSync(p));
  if (!dataset) {
    throw new Error(`No dataset to serve in ${dumpsDir} (dataset.nq.gz). Run 'archive-ld build' first, or point --out at a built folder.`);
  }
  const started = Date.now();
  const store = await WorkerPool.start({
    sources: [{ path: dataset }],
    journalPath: join(config.outDir, 'updates.jsonl'),
    workers: config.workers,
    timeoutMs: config.queryTimeoutMs,
    maxQueue: config.maxQueue,
    resultCap: config.resultCap,
    baseIri: config.base,
    onEvent: (e) => {
      if (e.kind === 'ready') logger.info({ worker: e.worker, quads: e.quads, ms: e.ms }, 'store replica ready');
      else logger.warn(e, `store worker ${e.kind}`);
    },
  });
  logger.info({ dataset, ms: Date.now() - started }, 'store loaded');
  if (store.journalLength > 0) {
    logger.info({ updates: store.journalLength, journal: join(config.outDir, 'updates.jsonl') }, 'replayed journalled SPARQL updates over the dataset');
  }
  const ctx: ServerContext = { config, base: config.base, store, dumpsDir, logger };
  const app = createApp(ctx);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`Cannot listen on ${config.host}:${config.port}: ${err.message}. Choose another --port (PORT) or --host.`)),
    );
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}/`;
  const stop = async (): Promise<void> => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  };
  return { url, stop };
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

/** Run until SIGINT/SIGTERM. */
export async function serveUntilStopped(config: Config): Promise<void> {
  const { url, stop } = await startServer(config);
  printUrls(url, config);
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
  cmd.addHelpText('after', '\nExamples:\n  archive-ld serve\n  archive-ld serve --port 8080 --token "$(cat token.txt)"\n');
  cmd.action(async (opts: Record<string, unknown>) => {
    await serveUntilStopped(loadConfig(flagsToInput(opts), process.env));
  });
}
