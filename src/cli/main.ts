/**
 * archive-ld command line. Each command lives in its own module under src/cli/ and exports
 * `register(program)`; this file only wires them together and turns errors into readable messages.
 */
import { Command } from 'commander';
import { packageVersion } from '../paths.js';
import { commandModulesFor } from './commands.js';

const program = new Command()
  .name('archive-ld')
  .description('Linked-data publisher for declassified diplomatic records.')
  .version(packageVersion())
  .showHelpAfterError('(run with --help for usage)');

// A reader that goes away (`archive-ld extract ... | head`) ends the output, as a closed pipe should: no stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

for (const mod of await commandModulesFor(process.argv)) mod.register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`archive-ld: ${message}\n`);
  process.exitCode = process.exitCode || 1;
}
