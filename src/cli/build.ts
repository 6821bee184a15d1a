/** `archive-ld build`: extract every record under the data folder and publish the dataset to out/. */
import type { Command } from 'commander';
import { runBuild } from '../build/index.js';
import { formatBytes } from '../build/store-size.js';
import { addConfigOptions, flagsToInput } from '../config/cli-options.js';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { packageVersion } from '../paths.js';
import { join } from 'node:path';

/** Build with the command's options; returns the number of failed records. */
export async function buildCommand(opts: Record<string, unknown>): Promise<number> {
  const config = loadConfig(flagsToInput(opts), process.env);
  const logger = createLogger(config.logLevel);
  const { manifest, failures, storeEstimate } = await runBuild({ config, logger, version: packageVersion(), allowInvalid: opts.allowInvalid === true });
  if (config.store) {
    // The published dumps are the source of truth; the remote store gets the same graphs, each replaced whole.
    // Loaded only for a remote store: its HTTP client is not needed to build in-process.
    const { publishToRemote } = await import('../store/remote.js');
    const pushed = await publishToRemote(config, join(config.outDir, 'dumps'));
    logger.info({ store: config.store, ...pushed }, `sent ${pushed.graphs} graph(s) to the remote store, dropped ${pushed.dropped.length}`);
  }
  process.stdout.write(
    `Built ${manifest.counts.built} record(s), reused ${manifest.counts.reused} unchanged, removed ${manifest.counts.removed}${manifest.counts.kept ? `, kept ${manifest.counts.kept} from the previous build` : ''}, ${failures.length} failed; ` +
      `${manifest.counts.triples} triples in ${manifest.counts.graphs} graphs (in-process store about ${formatBytes(storeEstimate.bytes)}) -> ${config.outDir}/dumps\n`,
  );
  return failures.length;
}

export function register(program: Command): void {
  const cmd = program
    .command('build')
    .description('Extract every record (*.txt, *.html) under the data folder and publish RDF dumps, VoID and a manifest to out/.')
    .option('--allow-invalid', 'publish records whose graphs violate the SHACL shapes (reported as warnings)');
  addConfigOptions(cmd, ['build']);
  cmd.addHelpText('after', '\nExamples:\n  archive-ld build\n  archive-ld build --data ../records --out /srv/archive-ld --jobs 4\n');
  cmd.action(async (opts: Record<string, unknown>) => {
    const failed = await buildCommand(opts);
    // Failed records are reported but do not stop publication; the exit code tells scripts about them.
    if (failed > 0) process.exitCode = 2;
  });
}
