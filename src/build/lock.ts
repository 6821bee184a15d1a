/**
 * One build at a time per out folder: `out/.build.lock` holds the process id of the build that owns the folder.
 * A second build (say `build --watch` left running in another terminal) gets a clear error instead of racing
 * the first one's publication. A lock left by a build that was killed is taken over.
 *
 * @example
 *   const release = await lockOut('out');
 *   try { ... } finally { await release(); }
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_NAME = '.build.lock';

/** Whether process `pid` is running (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the out folder's build lock; returns the function that releases it. Throws when another build holds it. */
export async function lockOut(outDir: string): Promise<() => Promise<void>> {
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // 'wx': created only if absent, so two builds starting at once cannot both get it.
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return async () => {
        await rm(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new Error(`Cannot create the build lock ${path}: ${(err as Error).message}. Check that ${outDir} is writable.`);
      }
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (owner === process.pid || processAlive(owner)) {
      throw new Error(
        `Another build (process ${owner}) is publishing into ${outDir}. Wait for it to finish or stop it; if no build is running, delete ${path}.`,
      );
    }
    // Left by a build that was killed: take it over.
    await rm(path, { force: true });
  }
  throw new Error(`Cannot take the build lock ${path}: another build keeps taking it. Run one build at a time.`);
}
