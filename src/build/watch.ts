/**
 * `archive-ld build --watch`: after the first build, watch the data folder and build again whenever a record
 * file is added, changed or removed. The process keeps the extractor, validator and lexicons loaded, so a
 * rebuild after one edited record costs only that record's work plus the publication (no start-up).
 *
 * Changes are gathered for a short quiet period (an editor's save is often several events), and a change during
 * a build starts one more build after it; builds never overlap.
 *
 * @example
 *   const watcher = watchRecords({ dataDir: 'data', rebuild: () => buildOnce(), logger });
 *   // ... later
 *   await watcher.close();
 */
import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import { NOT_RECORDS } from './discover.js';

export interface WatchOptions {
  dataDir: string;
  /** One build; its errors are logged and watching goes on. */
  rebuild: () => Promise<void>;
  logger: Logger;
  /** Quiet period after the last change before building, in ms (default 200). */
  debounceMs?: number;
}

export interface RecordWatcher {
  /** Stop watching; resolves once a build under way has finished. */
  close(): Promise<void>;
}

/** Whether a changed path (relative to the data folder) can concern a record: a record file or a folder. */
export function concernsRecords(relPath: string): boolean {
  const parts = relPath.split(/[\\/]/);
  if (parts.some((p) => p.startsWith('.'))) return false;
  if (parts.length > 1 && NOT_RECORDS.has(parts[0] as string)) return false;
  const last = parts[parts.length - 1] as string;
  // A folder renamed or removed has no extension; any record file has one of these.
  return /\.(txt|html?)$/i.test(last) || !last.includes('.');
}

/** Watch `dataDir` and call `rebuild` after changes to record files (see the top of this file). */
export function watchRecords(options: WatchOptions): RecordWatcher {
  const { dataDir, rebuild, logger } = options;
  const debounceMs = options.debounceMs ?? 200;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const run = (): void => {
    timer = undefined;
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        await rebuild();
      } catch (err) {
        logger.error({ dataDir }, `rebuild failed, still watching: ${(err as Error).message}`);
      }
    })().finally(() => {
      running = undefined;
      const more = again && !closed;
      again = false;
      if (more) run();
    });
  };
  const schedule = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };

  let watcher: FSWatcher;
  try {
    watcher = watch(dataDir, { recursive: true }, (_event, name) => {
      // No name: the platform could not say what changed; build to be safe.
      if (name === null || concernsRecords(name.toString())) schedule();
    });
  } catch (err) {
    throw new Error(`Cannot watch the data folder ${dataDir}: ${(err as Error).message}. Build without --watch, or check that the folder exists.`);
  }
  watcher.on('error', (err) => logger.error({ dataDir }, `watching stopped: ${err.message}; run the build again`));

  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      watcher.close();
      await running;
    },
  };
}
