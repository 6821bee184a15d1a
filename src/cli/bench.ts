/** `archive-ld bench` (npm run bench): synthetic corpus -> build -> load -> serve, measured side by side (bench/run.ts). */
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { rootPath } from '../paths.js';

function wholeNumber(value: string, what: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`bench: ${what} must be a whole number >= ${min}, got '${value}'`);
  return n;
}

export function register(program: Command): void {
  program
    .command('bench')
    .description('Benchmark extraction (1 and 2 threads), full and incremental build, load against Oxigraph\'s own loader, named queries over HTTP at 1 and 16 clients against the raw store, entity lookups, assembled dumps, start-up from the published parts and peak RSS of build and serve on a synthetic corpus; prints a table and writes bench/results.json.')
    .option('--records <n>', 'records in the synthetic corpus', '200')
    .option('--seed <n>', 'seed of the synthetic corpus', '1')
    .option('--requests <n>', 'most in-process runs of each query', '20')
    .option('--seconds <n>', 'seconds each query is sent at 1 client over HTTP (twice as long at 16 clients)', '3')
    .option('--work <dir>', 'work folder for the corpus and the build (default: a temporary folder, removed afterwards)')
    .option('--results <file>', 'where to write the results', rootPath('bench', 'results.json'))
    .option('--keep', 'keep the work folder')
    .option('--jobs <n>', 'build worker threads (archive-ld build --jobs)', String(availableParallelism()))
    .option('--workers <n>', 'store replicas of the server (archive-ld serve --workers)', '2')
    .option('--no-virtuoso', 'skip the Virtuoso comparison (otherwise run when virtuoso-t is installed)')
    .addHelpText('after', '\nExamples:\n  npm run bench\n  archive-ld bench --records 1000 --work /tmp/bench --keep\n')
    .action(async (opts: { records: string; seed: string; requests: string; seconds: string; work?: string; results: string; keep?: boolean; virtuoso: boolean; jobs: string; workers: string }) => {
      // Imported here so that other commands do not load autocannon and the benchmark modules.
      const { runBench } = await import('../../bench/run.js');
      await runBench({
        records: wholeNumber(opts.records, '--records', 1),
        seed: wholeNumber(opts.seed, '--seed', 0),
        requests: wholeNumber(opts.requests, '--requests', 1),
        seconds: wholeNumber(opts.seconds, '--seconds', 1),
        ...(opts.work ? { workDir: opts.work } : {}),
        resultsPath: opts.results,
        keep: opts.keep === true,
        virtuoso: opts.virtuoso,
        jobs: wholeNumber(opts.jobs, '--jobs', 1),
        workers: wholeNumber(opts.workers, '--workers', 1),
        log: (line) => process.stdout.write(`${line}\n`),
      });
    });
}
