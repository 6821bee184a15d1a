/** Finding the record files of a build. */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Folders under the data dir that hold reference data, not records. */
export const NOT_RECORDS = new Set(['lexicon', 'wikidata', 'annotations']);

/** Every *.txt and *.html file under `dataDir` (recursively, skipping NOT_RECORDS and dot-folders), sorted. */
export async function findRecordFiles(dataDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (dir === dataDir) {
        throw new Error(`Cannot read the data folder ${dataDir}: ${(err as Error).message}. Point --data (DATA_DIR) at the folder holding the records.`);
      }
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (dir === dataDir && NOT_RECORDS.has(e.name)) continue;
        await walk(full);
      } else if (e.isFile() && /\.(txt|html?)$/i.test(e.name)) {
        out.push(full);
      }
    }
  };
  await walk(dataDir);
  return out.sort((a, b) => {
    const ra = relative(dataDir, a).split(sep).join('/');
    const rb = relative(dataDir, b).split(sep).join('/');
    return ra < rb ? -1 : ra > rb ? 1 : 0;
  });
}
