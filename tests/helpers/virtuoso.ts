/**
 * A throwaway Virtuoso Open Source server for tests: `virtuoso-t +foreground` with an ini of our own in a temp
 * folder, both listeners bound to 127.0.0.1 on free ports, the administrator's password set from configuration
 * (VIRTUOSO_PASSWORD, else a random one for this run), stopped and removed afterwards.
 *
 * @example
 *   const v = await startVirtuoso();      // undefined when virtuoso-t is not installed
 *   ... v.sparqlUrl, v.credentials ...
 *   await v.stop();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './net.js';

export const VIRTUOSO_BIN = process.env.VIRTUOSO_BIN ?? '/usr/bin/virtuoso-t';
export const ISQL_BIN = process.env.ISQL_BIN ?? '/usr/bin/isql-vt';
export const SKIP_MESSAGE = 'remote-store tests skipped: virtuoso-t not found (apt-get install virtuoso-opensource-7-bin)';

export interface RunningVirtuoso {
  /** http://127.0.0.1:<port>/sparql */
  sparqlUrl: string;
  /** The --store value for archive-ld. */
  storeUrl: string;
  /** The --store value with Virtuoso's SQL port for the bulk path (bulk=isql://127.0.0.1:<port>). */
  bulkStoreUrl: string;
  sqlPort: number;
  /** Process id of virtuoso-t (for its memory figures). */
  pid: number;
  credentials: { user: string; password: string };
  dir: string;
  stop: () => Promise<void>;
}

/** Whether the tests can run: virtuoso-t is there. With REQUIRE_SERVICES=1 its absence is an error instead. */
export function virtuosoAvailable(): boolean {
  const found = existsSync(VIRTUOSO_BIN) && existsSync(ISQL_BIN);
  if (!found && process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`${SKIP_MESSAGE.replace('skipped', 'cannot run')}; REQUIRE_SERVICES=1 makes this a failure.`);
  }
  return found;
}

export interface VirtuosoOptions {
  /** How long to wait for it to answer (ms). */
  timeoutMs?: number;
  /** Folders Virtuoso may read files from (DirsAllowed), besides its own: e.g. an out folder for the bulk path. */
  dirsAllowed?: string[];
  /** 8 KB pages of buffer memory (NumberOfBuffers); default 20,000 (160 MB). Dirty pages allowed: 3/4 of it. */
  buffers?: number;
  /** Keep the database folder after stop() (for a look at virtuoso.log). */
  keep?: boolean;
}

function ini(dir: string, sqlPort: number, httpPort: number, options: VirtuosoOptions): string {
  const buffers = options.buffers ?? 20_000;
  const dirs = ['.', dir, ...(options.dirsAllowed ?? [])];
  for (const d of dirs) if (/[,\n]/.test(d)) throw new Error(`DirsAllowed entry '${d}' has a comma or newline; virtuoso.ini cannot hold it.`);
  return `[Database]
DatabaseFile = ${dir}/virtuoso.db
ErrorLogFile = ${dir}/virtuoso.log
LockFile = ${dir}/virtuoso.lck
TransactionFile = ${dir}/virtuoso.trx
xa_persistent_file = ${dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = ${dir}/virtuoso-temp.db
TransactionFile = ${dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:${sqlPort}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = ${buffers}
MaxDirtyBuffers = ${Math.floor((buffers * 3) / 4)}
DirsAllowed = ${dirs.join(', ')}
ServerThreads = 10

[HTTPServer]
ServerPort = 127.0.0.1:${httpPort}
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
`;
}

async function waitUntilAnswering(url: string, child: ChildProcess, logPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const log = existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(-800) : '';
      throw new Error(`virtuoso-t exited with code ${child.exitCode} before answering; its log ends:\n${log}`);
    }
    try {
      const res = await fetch(`${url}?query=${encodeURIComponent('ASK {}')}`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`Virtuoso did not answer at ${url} within ${timeoutMs} ms; see ${logPath}`);
}

/**
 * Start a fresh Virtuoso; undefined when virtuoso-t is not installed (and REQUIRE_SERVICES is not set).
 * A number is the start-up timeout (ms), as before the options.
 */
export async function startVirtuoso(opts: number | VirtuosoOptions = {}): Promise<RunningVirtuoso | undefined> {
  if (!virtuosoAvailable()) return undefined;
  const options: VirtuosoOptions = typeof opts === 'number' ? { timeoutMs: opts } : opts;
  const timeoutMs = options.timeoutMs ?? 90_000;
  const dir = mkdtempSync(join(tmpdir(), 'archive-ld-virtuoso-'));
  const [sqlPort, httpPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'virtuoso.ini'), ini(dir, sqlPort, httpPort, options));
  const child = spawn(VIRTUOSO_BIN, ['+foreground', '+configfile', join(dir, 'virtuoso.ini')], { cwd: dir, stdio: 'ignore' });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  };
  const sparqlUrl = `http://127.0.0.1:${httpPort}/sparql`;
  try {
    await waitUntilAnswering(sparqlUrl, child, join(dir, 'virtuoso.log'), timeoutMs);
    // A fresh database has dba/dba: set the configured (or a random) password before anything else uses it.
    const user = 'dba';
    const password = process.env.VIRTUOSO_PASSWORD ?? randomBytes(12).toString('hex');
    // The new password on isql's input, not among its arguments (where `ps` shows it); 'dba' is every new database's.
    const isql = spawnSync(ISQL_BIN, [`127.0.0.1:${sqlPort}`, 'dba', 'dba'], {
      input: `user_set_password('dba', '${password.replace(/'/g, "''")}');\n`,
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (isql.status !== 0) throw new Error(`isql-vt could not set the dba password: ${isql.stderr || isql.stdout}`);
    return {
      sparqlUrl,
      storeUrl: `sparql+${sparqlUrl}`,
      bulkStoreUrl: `sparql+${sparqlUrl}?bulk=isql://127.0.0.1:${sqlPort}`,
      sqlPort,
      pid: child.pid ?? 0,
      credentials: { user, password },
      dir,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
