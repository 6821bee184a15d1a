/** `archive-ld start` (and `npm start`): build, then serve, printing the URLs. */
import type { Command } from 'commander';
import { addConfigOptions, flagsToInput } from '../config/cli-options.js';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { buildOnce, watchUntilStopped } from './build.js';
import { printUrls, serveUntilStopped, startServer } from './serve.js';

export function register(program: Command): void {
  const cmd = program
    .command('start')
    .description('Build the dataset from the records, then serve it (the same as build followed by serve).')
    .option('--allow-invalid', 'publish records whose graphs violate the SHACL shapes')
    .option('--watch', 'build again when records change and serve the new graphs at once (Ctrl-C stops)');
  addConfigOptions(cmd, ['build', 'serve']);
  cmd.action(async (opts: Record<string, unknown>) => {
    // Validate every option before spending time on the build.
    const config = loadConfig(flagsToInput(opts), process.env);
    if (opts.watch === true) {
      // Edit a record, and its page and the endpoint show the change: only the changed graphs are replaced.
      const logger = createLogger(config.logLevel);
      await buildOnce(config, logger, opts.allowInvalid === true);
      const server = await startServer(config);
      printUrls(server.url, config);
      try {
        await watchUntilStopped(config, logger, opts.allowInvalid === true, () => server.reload());
      } finally {
        await server.stop();
      }
      return;
    }
    // buildOnce, not buildCommand: `--no-snapshot` sets opts.snapshot, which is build's `--snapshot` too; serve
    // below writes the snapshot itself when it loads the files.
    const failed = await buildOnce(config, createLogger(config.logLevel), opts.allowInvalid === true);
    if (failed > 0) process.stderr.write(`${failed} record(s) failed (listed above); serving the rest.\n`);
    await serveUntilStopped(config);
  });
}
