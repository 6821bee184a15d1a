/** `archive-ld synth <N> --out DIR [--seed S]`: write N invented records for benchmarks and scale tests. */
import type { Command } from 'commander';
import { writeCorpus } from '../synth/index.js';

function wholeNumber(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`synth: ${what} must be a whole number >= 0, got '${value}'`);
  return n;
}

export function register(program: Command): void {
  program
    .command('synth')
    .description('Write N synthetic records (invented minutes, cables and letters in every layout the reader supports) for benchmarks and scale tests; the same seed gives the same files.')
    .argument('<count>', 'number of records to write')
    .requiredOption('--out <dir>', 'folder to write the records to (created if needed)')
    .option('--seed <n>', 'seed of the random generator', '1')
    .option('--lists <dir>', 'folder of the data lists (default data/synth)')
    .addHelpText('after', '\nExamples:\n  archive-ld synth 200 --out /tmp/corpus\n  archive-ld synth 1000 --out /tmp/corpus --seed 7\n')
    .action(async (count: string, opts: { out: string; seed: string; lists?: string }) => {
      const started = Date.now();
      const summary = await writeCorpus(wholeNumber(count, 'the record count'), opts.out, {
        seed: wholeNumber(opts.seed, '--seed'),
        ...(opts.lists ? { listsDir: opts.lists } : {}),
      });
      const n = summary.files.length;
      process.stdout.write(
        `Wrote ${n} record(s), ${(summary.bytes / 1e6).toFixed(1)} MB (${n ? Math.round(summary.bytes / n) : 0} bytes on average) to ${opts.out} in ${Date.now() - started} ms (seed ${summary.seed})\n`,
      );
    });
}
