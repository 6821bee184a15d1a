/** `archive-ld start` (and `npm start`): build, then serve, printing the URLs. */
import type { Command } from 'commander';
import { addConfigOptions, flagsToInput } from '../config/cli-options.js';
import { loadConfig } from '../config/index.js';
import { buildCommand } from './build.js';
import { serveUntilStopped } from './serve.js';

export function register(program: Command): void {
  const cmd = program
    .command('start')
    .description('Build the dataset from the records, then serve it (the same as build followed by serve).')
    .option('--allow-invalid', 'publish records whose graphs violate the SHACL shapes');
  addConfigOptions(cmd, ['build', 'serve']);
  cmd.action(async (opts: Record<string, unknown>) => {
    // Validate every option before spending time on the build.
    const config = loadConfig(flagsToInput(opts), process.env);
    const failed = await buildCommand(opts);
    if (failed > 0) process.stderr.write(`${failed} record(s) failed (listed above); serving the rest.\n`);
    await serveUntilStopped(config);
  });
}
