/**
 * The pino logger of the build and the server: a short human-readable line per event, or JSON lines for
 * log collectors when LOG_FORMAT=json.
 */
import { pino, type Logger } from 'pino';
import type { Config } from './index.js';

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** A destination that turns pino's JSON lines into "HH:MM:SS level message key=value" lines. */
function prettyDestination(out: NodeJS.WriteStream): { write(line: string): void } {
  return {
    write(line: string) {
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const { level, time, msg, pid: _pid, hostname: _host, err, ...rest } = rec;
      const t = typeof time === 'number' ? new Date(time).toISOString().slice(11, 19) : '';
      const extras = Object.entries(rest)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      const e = err as { message?: string; stack?: string } | undefined;
      out.write(`${t} ${(LEVEL_NAMES[level as number] ?? String(level)).padEnd(5)} ${String(msg ?? '')}${extras ? `  ${extras}` : ''}${e ? `\n${e.stack ?? e.message}` : ''}\n`);
    },
  };
}

/** The logger for `config.logLevel`, writing to stderr (stdout stays free for command output). */
export function createLogger(
  level: Config['logLevel'],
  stream: NodeJS.WriteStream = process.stderr,
  format: 'text' | 'json' = process.env['LOG_FORMAT'] === 'json' ? 'json' : 'text',
): Logger {
  const dest = format === 'json' ? stream : prettyDestination(stream);
  return pino({ level, base: { pid: process.pid } }, dest);
}
