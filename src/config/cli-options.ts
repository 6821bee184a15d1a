/**
 * The configuration flags shared by `build`, `serve` and `start`, and their conversion to ConfigInput.
 * Each flag's help names its environment variable and default.
 */
import type { Command } from 'commander';
import { DEFAULTS, ENV_NAMES, type ConfigInput } from './index.js';

type Group = 'build' | 'serve';

/** Add the configuration flags of `groups` to `cmd`. */
export function addConfigOptions(cmd: Command, groups: Group[]): Command {
  const env = (k: keyof typeof ENV_NAMES) => `(env ${ENV_NAMES[k]})`;
  cmd
    .option('--base <iri>', `base IRI of the data ${env('base')}, default ${DEFAULTS.base}`)
    .option('--data <dir>', `folder of the records ${env('dataDir')}, default data/`)
    .option('--out <dir>', `folder of the published files ${env('outDir')}, default out/`)
    .option('--log-level <level>', `fatal|error|warn|info|debug|trace|silent ${env('logLevel')}, default ${DEFAULTS.logLevel}`)
    .option('--store <url>', `remote SPARQL store sparql+http://host:port/sparql ${env('store')}, credentials in STORE_USER/STORE_PASSWORD; default in-process`);
  if (groups.includes('build')) {
    cmd.option('--jobs <n>', `build worker threads extracting records in parallel, 1 = no workers ${env('jobs')}, default: the number of cores (${DEFAULTS.jobs} here)`);
  }
  if (groups.includes('serve')) {
    cmd
      .option('--host <host>', `interface to listen on ${env('host')}, default ${DEFAULTS.host}`)
      .option('-p, --port <port>', `TCP port, 0 = any free port ${env('port')}, default ${DEFAULTS.port}`)
      .option('--query-timeout <ms>', `deadline of one query in ms ${env('queryTimeoutMs')}, default ${DEFAULTS.queryTimeoutMs}`)
      .option('--max-queue <n>', `queries allowed to wait ${env('maxQueue')}, default ${DEFAULTS.maxQueue}`)
      .option('--result-cap <n>', `rows/triples per result ${env('resultCap')}, default ${DEFAULTS.resultCap}`)
      .option('--workers <n>', `worker threads (store replicas) ${env('workers')}, default ${DEFAULTS.workers}`)
      .option('--response-cache-mb <n>', `memory for cached entity pages and query results in MiB, 0 = off ${env('responseCacheMb')}, default ${DEFAULTS.responseCacheMb}`)
      .option('--no-snapshot', `neither start from nor write the store snapshot in out/snapshot (env ${ENV_NAMES.snapshot}=off); default on`)
      .option('--token <secret>', `Bearer token enabling POST /update ${env('updateToken')}; none = updates off`)
      .option('--federation <endpoints>', `SPARQL endpoints a query's SERVICE may call, comma-separated, 'wikidata' for Wikidata's ${env('federation')}; default off`);
  }
  return cmd;
}

/** Commander's parsed options -> ConfigInput (only the flags actually given). */
export function flagsToInput(opts: Record<string, unknown>): ConfigInput {
  const map: Record<string, keyof ConfigInput> = {
    base: 'base',
    data: 'dataDir',
    out: 'outDir',
    logLevel: 'logLevel',
    host: 'host',
    port: 'port',
    queryTimeout: 'queryTimeoutMs',
    maxQueue: 'maxQueue',
    resultCap: 'resultCap',
    workers: 'workers',
    responseCacheMb: 'responseCacheMb',
    jobs: 'jobs',
    token: 'updateToken',
    store: 'store',
    federation: 'federation',
  };
  const input: ConfigInput = {};
  for (const [flag, key] of Object.entries(map)) {
    const v = opts[flag];
    if (typeof v === 'string' || typeof v === 'number') input[key] = v;
  }
  // --no-snapshot: commander sets false when given and true otherwise, which must not override STORE_SNAPSHOT.
  if (opts.snapshot === false) input.snapshot = 'off';
  return input;
}
