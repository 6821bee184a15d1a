/**
 * Run archive-ld commands as child processes for the benchmark, so each one's wall time and peak resident set
 * (worker threads included: they share the process) are its own and not mixed with the benchmark's.
 *
 * @example
 *   const build = await runCli(['build', '--data', dir, '--out', out]);   // { seconds, peakRssMb, code, stderr }
 *   const server = await startCli(['serve', '--out', out, '--port', '0'], /listening on (\S+)/);
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rootPath } from '../src/paths.js';

/** Peak resident set of a running process in MB (VmHWM), or NaN once it is gone. */
export function peakRssOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export interface CliRun {
  code: number | null;
  seconds: number;
  /** Highest VmHWM seen while the command ran (sampled every 100 ms). */
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

const CLI = rootPath('bin', 'archive-ld.js');

function sampler(child: ChildProcess): { stop: () => number } {
  let peak = 0;
  const take = (): void => {
    const v = peakRssOf(child.pid);
    if (Number.isFinite(v)) peak = Math.max(peak, v);
  };
  const timer = setInterval(take, 100);
  return {
    stop: () => {
      take();
      clearInterval(timer);
      return peak;
    },
  };
}

/** Run `archive-ld <args>` to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const rss = sampler(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // VmHWM is read just before the process is reaped ('exit' fires first; /proc/<pid> may already be gone).
    child.on('exit', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => {
      const peakRssMb = rss.stop();
      resolve({ code, seconds: (performance.now() - started) / 1000, peakRssMb, stdout, stderr });
    });
  });
}

export interface RunningCli {
  /** Seconds from spawn until `ready` answered. */
  startSeconds: number;
  url: string;
  peakRssMb: () => number;
  stop: () => Promise<void>;
}

/**
 * Start a long-running `archive-ld <args>` (serve) and wait until `readyUrl` answers 200: the start-up time is
 * what a user waits before the first query is answered.
 */
export async function startCli(args: string[], url: string, readyPath: string, env: NodeJS.ProcessEnv = {}, maxSeconds = 600): Promise<RunningCli> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const rss = sampler(child);
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = async (): Promise<void> => {
    rss.stop();
    if (exited) return;
    const gone = new Promise((r) => child.on('close', r));
    child.kill('SIGTERM');
    await gone;
  };
  while (performance.now() - started < maxSeconds * 1000) {
    if (exited) throw new Error(`archive-ld ${args.join(' ')} exited before answering: ${stderr.trim().slice(-2000)}`);
    try {
      const res = await fetch(`${url}${readyPath}`);
      await res.arrayBuffer();
      if (res.ok) {
        return { startSeconds: (performance.now() - started) / 1000, url, peakRssMb: () => peakRssOf(child.pid), stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`archive-ld ${args.join(' ')} did not answer ${readyPath} within ${maxSeconds} s`);
}

export interface WatchingCli {
  /** Resolves with the next summary line the watching build prints on stdout ("Built ... in N s"). */
  nextBuild: () => Promise<string>;
  stop: () => Promise<void>;
}

/** Start `archive-ld build --watch <args>`: the benchmark changes records and times the builds it triggers. */
export function watchCli(args: string[], env: NodeJS.ProcessEnv = {}): WatchingCli {
  const child = spawn(process.execPath, [CLI, 'build', '--watch', ...args], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let pending = '';
  let stderr = '';
  let watching = false;
  const ready: Array<() => void> = [];
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!watching && stderr.includes('watching the records')) {
      watching = true;
      for (const r of ready.splice(0)) r();
    }
  });
  child.stdout.on('data', (d: Buffer) => {
    pending += d.toString();
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  return {
    nextBuild: async () => {
      // The first build is printed before watching starts: wait for both, so a change made next is seen.
      if (!watching) await new Promise<void>((r) => ready.push(r));
      const line = lines.shift();
      if (line !== undefined) return line;
      if (exited) throw new Error(`archive-ld build --watch exited: ${stderr.trim().slice(-2000)}`);
      return new Promise((resolve) => waiting.push(resolve));
    },
    stop: async () => {
      if (exited) return;
      const gone = new Promise((r) => child.on('close', r));
      child.kill('SIGINT');
      await gone;
    },
  };
}
