/** `archive-ld build`: extract every record under the data folder and publish the dataset to out/. */
import type { Command } from 'commander';
import { runBuild } from '../build/index.js';
import { formatBytes } from '../build/store-size.js';
import { addConfigOptions, flagsToInput } from '../config/cli-options.js';
import { loadConfig, type Config } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { packageVersion } from '../paths.js';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { watchRecords } from '../build/watch.js';
import { findRecordFiles } from '../build/discover.js';

/** Build with the command's options; returns the number of failed records. */
export async function buildCommand(opts: Record<string, unknown>): Promise<number> {
  const config = loadConfig(flagsToInput(opts), process.env);
  const logger = createLogger(config.logLevel);
  const failed = await buildOnce(config, logger, opts.allowInvalid === true);
  if (opts.snapshot === true) {
    if (config.store) logger.warn({ store: config.store }, '--snapshot is for the in-process store; the remote store keeps its own data');
    else await (await import('./serve.js')).writeStoreSnapshot(config, logger);
  }
  return failed;
}

/** One build (and push to the remote store, if one is configured), summarised on stdout; returns the failures. */
export async function buildOnce(config: Config, logger: Logger, allowInvalid: boolean): Promise<number> {
  const started = Date.now();
  const { manifest, failures, storeEstimate } = await runBuild({ config, logger, version: packageVersion(), allowInvalid });
  if (config.store) {
    // The published dumps are the source of truth; the remote store gets the same graphs, each replaced whole.
    // Loaded only for a remote store: its HTTP client is not needed to build in-process.
    const { publishToRemote } = await import('../store/remote.js');
    const pushed = await publishToRemote(config, join(config.outDir, 'dumps'));
    logger.info({ store: config.store, ...pushed }, `sent ${pushed.graphs} graph(s) to the remote store, dropped ${pushed.dropped.length}`);
  }
  process.stdout.write(
    `Built ${manifest.counts.built} record(s), reused ${manifest.counts.reused} unchanged, removed ${manifest.counts.removed}${manifest.counts.kept ? `, kept ${manifest.counts.kept} from the previous build` : ''}, ${failures.length} failed; ` +
      `${manifest.counts.triples} triples in ${manifest.counts.graphs} graphs (in-process store about ${formatBytes(storeEstimate.bytes)}) -> ${config.outDir}/dumps ` +
      `in ${((Date.now() - started) / 1000).toFixed(2)} s\n`,
  );
  return failures.length;
}

/**
 * Watch the records and build again on every change until SIGINT/SIGTERM (see src/build/watch.ts); `after` runs
 * after each of those builds (`start --watch` reloads its server there). The first build is the caller's.
 */
export async function watchUntilStopped(config: Config, logger: Logger, allowInvalid: boolean, after?: () => Promise<unknown>): Promise<void> {
  const watcher = watchRecords({
    dataDir: config.dataDir,
    logger,
    rebuild: async () => {
      await buildOnce(config, logger, allowInvalid);
      await after?.();
    },
  });
  // Load the extractor, its lexicons and the shapes now, while nothing changes, so that the first edit is built as
  // fast as the next.
  const first = (await findRecordFiles(config.dataDir))[0];
  if (first) await (await import('../build/record-job.js')).warmUp(first);
  logger.info({ dataDir: config.dataDir }, 'watching the records; a change builds again (Ctrl-C stops)');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void watcher.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `build --watch`: build, then build again on every change to the records. */
async function watchCommand(opts: Record<string, unknown>): Promise<void> {
  const config = loadConfig(flagsToInput(opts), process.env);
  const logger = createLogger(config.logLevel);
  await buildOnce(config, logger, opts.allowInvalid === true);
  await watchUntilStopped(config, logger, opts.allowInvalid === true);
}

export function register(program: Command): void {
  const cmd = program
    .command('build')
    .description('Extract every record (*.txt, *.html) under the data folder and publish RDF dumps, VoID and a manifest to out/.')
    .option('--allow-invalid', 'publish records whose graphs violate the SHACL shapes (reported as warnings)')
    .option('--watch', 'after the build, keep watching the data folder and build again when records change (Ctrl-C stops)')
    .option('--snapshot', 'also load the published store once and write its snapshot to out/snapshot, so that the first serve starts from it');
  addConfigOptions(cmd, ['build']);
  cmd.addHelpText('after', '\nExamples:\n  archive-ld build\n  archive-ld build --data ../records --out /srv/archive-ld --jobs 4\n  archive-ld build --watch\n  archive-ld build --snapshot\n');
  cmd.action(async (opts: Record<string, unknown>) => {
    if (opts.watch === true) return watchCommand(opts);
    const failed = await buildCommand(opts);
    // Failed records are reported but do not stop publication; the exit code tells scripts about them.
    if (failed > 0) process.exitCode = 2;
  });
}
