/**
 * The one typed configuration of archive-ld's build and server: defaults, overridden by environment variables,
 * overridden by CLI flags, validated once at start with messages that name the option and the bad value.
 *
 * @example
 *   const config = loadConfig({ port: '8080' }, process.env); // --port 8080 wins over PORT
 */
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { rootPath } from '../paths.js';
import { parseAllowlist } from './federation.js';

export interface Config {
  /** Interface to listen on. 127.0.0.1 by default: exposing the endpoint is an explicit choice. */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Base IRI every data IRI is minted under; ends with '/'. */
  base: string;
  /** Folder holding the record files (and lexicons, Wikidata data, annotations). Absolute. */
  dataDir: string;
  /** Folder the build writes to and the server reads from. Absolute. */
  outDir: string;
  /** Deadline of one query in milliseconds. */
  queryTimeoutMs: number;
  /** How many queries may wait for a worker before new ones get 503. */
  maxQueue: number;
  /** Largest number of rows (SELECT) or triples (CONSTRUCT/DESCRIBE) one response carries. */
  resultCap: number;
  /** Worker threads, each holding a replica of the store. */
  workers: number;
  /** Build worker threads extracting records in parallel (1 = in the build's own thread). */
  jobs: number;
  /** Memory for the server's response cache (entity pages, query results) in MiB; 0 = off. */
  responseCacheMb: number;
  /**
   * Keep a snapshot of the loaded store in out/snapshot (the store's memory image, about the dataset's RAM size)
   * and start from it while the published files are unchanged. On by default.
   */
  snapshot: boolean;
  /** Bearer token that enables POST /update; undefined = updates are off. */
  updateToken?: string;
  /** Remote SPARQL 1.1 store (sparql+http://host:port/sparql) the build sends graphs to and serve queries; undefined = in-process. */
  store?: string;
  /** SPARQL endpoints a query's SERVICE may name (federation); empty = off. `wikidata` stands for Wikidata's. */
  federation: string[];
  /** pino log level. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Values as they arrive from flags or the environment: strings (or numbers from code), all optional. */
export type ConfigInput = Partial<Record<keyof Config, string | number | undefined>>;

/** A configuration value is invalid; the message names the option, the value and the accepted range. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULTS: Readonly<Omit<Config, 'updateToken'>> = Object.freeze({
  host: '127.0.0.1',
  port: 3030,
  base: 'http://localhost:3030/',
  dataDir: rootPath('data'),
  outDir: rootPath('out'),
  queryTimeoutMs: 10_000,
  maxQueue: 64,
  resultCap: 10_000,
  workers: 2,
  // One build worker per core the process may use.
  jobs: Math.max(1, availableParallelism()),
  responseCacheMb: 64,
  snapshot: true,
  federation: [],
  logLevel: 'info',
});

/** Environment variable for each option. */
export const ENV_NAMES: Readonly<Record<keyof Config, string>> = Object.freeze({
  host: 'HOST',
  port: 'PORT',
  base: 'BASE_IRI',
  dataDir: 'DATA_DIR',
  outDir: 'OUT_DIR',
  queryTimeoutMs: 'QUERY_TIMEOUT_MS',
  maxQueue: 'MAX_QUEUE',
  resultCap: 'RESULT_CAP',
  workers: 'WORKERS',
  jobs: 'JOBS',
  responseCacheMb: 'RESPONSE_CACHE_MB',
  snapshot: 'STORE_SNAPSHOT',
  updateToken: 'UPDATE_TOKEN',
  store: 'STORE_URL',
  federation: 'FEDERATION',
  logLevel: 'LOG_LEVEL',
});

/** CLI flag for each option (used in messages so the user knows what to change). */
export const FLAG_NAMES: Readonly<Record<keyof Config, string>> = Object.freeze({
  host: '--host',
  port: '--port',
  base: '--base',
  dataDir: '--data',
  outDir: '--out',
  queryTimeoutMs: '--query-timeout',
  maxQueue: '--max-queue',
  resultCap: '--result-cap',
  workers: '--workers',
  jobs: '--jobs',
  responseCacheMb: '--response-cache-mb',
  snapshot: '--no-snapshot',
  updateToken: '--token',
  store: '--store',
  federation: '--federation',
  logLevel: '--log-level',
});

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Build the configuration: defaults < environment < flags. Throws ConfigError listing every invalid value.
 * @param flags values from the command line (keys of Config), undefined where not given
 * @param env the environment (process.env)
 */
export function loadConfig(flags: ConfigInput = {}, env: NodeJS.ProcessEnv = {}): Config {
  const problems: string[] = [];
  const pick = (key: keyof Config): { raw: string; from: string } | undefined => {
    const flag = flags[key];
    if (flag !== undefined) return { raw: String(flag), from: FLAG_NAMES[key] };
    const fromEnv = env[ENV_NAMES[key]];
    if (fromEnv !== undefined && fromEnv !== '') return { raw: fromEnv, from: ENV_NAMES[key] };
    return undefined;
  };
  const int = (key: keyof Config, min: number, max: number, fallback: number): number => {
    const v = pick(key);
    if (!v) return fallback;
    const n = Number(v.raw);
    if (!/^\s*-?\d+\s*$/.test(v.raw) || !Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${v.from} must be an integer ${min}-${max}, got '${v.raw}'`);
      return fallback;
    }
    return n;
  };
  const flag = (key: keyof Config, fallback: boolean): boolean => {
    const v = pick(key);
    if (!v) return fallback;
    const word = v.raw.trim().toLowerCase();
    if (['1', 'true', 'on', 'yes'].includes(word)) return true;
    if (['0', 'false', 'off', 'no'].includes(word)) return false;
    problems.push(`${v.from} must be on or off (also true/false, 1/0, yes/no), got '${v.raw}'`);
    return fallback;
  };
  const dir = (key: 'dataDir' | 'outDir'): string => {
    const v = pick(key);
    if (!v) return DEFAULTS[key];
    if (v.raw.trim() === '') problems.push(`${v.from} must be a folder path, got an empty string`);
    return isAbsolute(v.raw) ? v.raw : resolve(process.cwd(), v.raw);
  };

  const host = pick('host')?.raw ?? DEFAULTS.host;
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) problems.push(`${FLAG_NAMES.host} must be a host name or IP address, got '${host}'`);

  let base = DEFAULTS.base;
  const baseIn = pick('base');
  if (baseIn) {
    let url: URL | undefined;
    try {
      url = new URL(baseIn.raw);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
      problems.push(`${baseIn.from} must be an absolute http(s) IRI without query or fragment, e.g. 'http://localhost:3030/', got '${baseIn.raw}'`);
    } else {
      // A base without a trailing slash would mint 'http://x/apperson/...': add the slash.
      base = url.href.endsWith('/') ? url.href : `${url.href}/`;
    }
  }

  const logIn = pick('logLevel');
  let logLevel: Config['logLevel'] = DEFAULTS.logLevel;
  if (logIn) {
    if ((LOG_LEVELS as readonly string[]).includes(logIn.raw)) logLevel = logIn.raw as Config['logLevel'];
    else problems.push(`${logIn.from} must be one of ${LOG_LEVELS.join(', ')}, got '${logIn.raw}'`);
  }

  const tokenIn = pick('updateToken');
  if (tokenIn && tokenIn.raw.length < 8) {
    problems.push(`${tokenIn.from} must be at least 8 characters (it guards SPARQL Update), got ${tokenIn.raw.length}`);
  }

  const storeIn = pick('store');
  if (storeIn && !/^sparql\+https?:\/\/[^/@\s]+(\/\S*)?$/.test(storeIn.raw)) {
    problems.push(`${storeIn.from} must be a remote SPARQL endpoint like 'sparql+http://127.0.0.1:8890/sparql' (credentials in STORE_USER / STORE_PASSWORD, not in the URL), got '${storeIn.raw}'`);
  }

  const fedIn = pick('federation');
  const federation = parseAllowlist(fedIn?.raw);
  for (const e of federation) {
    if (!/^https?:\/\/\S+$/.test(e)) problems.push(`${fedIn?.from} takes SPARQL endpoint IRIs separated by commas (or 'wikidata'), got '${e}'`);
  }

  const config: Config = {
    host,
    port: int('port', 0, 65535, DEFAULTS.port),
    base,
    dataDir: dir('dataDir'),
    outDir: dir('outDir'),
    queryTimeoutMs: int('queryTimeoutMs', 1, 3_600_000, DEFAULTS.queryTimeoutMs),
    maxQueue: int('maxQueue', 0, 100_000, DEFAULTS.maxQueue),
    resultCap: int('resultCap', 1, 10_000_000, DEFAULTS.resultCap),
    workers: int('workers', 1, 64, DEFAULTS.workers),
    jobs: int('jobs', 1, 256, DEFAULTS.jobs),
    responseCacheMb: int('responseCacheMb', 0, 65_536, DEFAULTS.responseCacheMb),
    snapshot: flag('snapshot', DEFAULTS.snapshot),
    federation,
    logLevel,
  };
  if (tokenIn) config.updateToken = tokenIn.raw;
  if (storeIn) config.store = storeIn.raw;
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}\nSee 'archive-ld serve --help' for the options and their environment variables.`);
  }
  return config;
}
