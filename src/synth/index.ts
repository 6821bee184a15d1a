/**
 * Synthetic corpora for benchmarks and scale tests: `writeCorpus(200, 'tmp/corpus', { seed: 1 })` writes 200
 * invented records (src/synth/generate.ts) and a synth-manifest.json naming the people put into each.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateCorpus, type GenerateOptions, type SynthRecord } from './generate.js';
import { loadSynthLists, SYNTH_DATA_DIR } from './lists.js';

export { generateCorpus, generateRecord, type SynthRecord, type SynthPerson, type Layout, type RecordKind } from './generate.js';
export { loadSynthLists, type SynthLists } from './lists.js';
export { Random } from './random.js';

/** Name of the manifest written beside the records (JSON: the build skips it). */
export const SYNTH_MANIFEST = 'synth-manifest.json';

export interface CorpusOptions extends GenerateOptions {
  seed?: number;
  /** Folder of the data lists (default data/synth). */
  listsDir?: string;
}

export interface CorpusSummary {
  seed: number;
  files: string[];
  bytes: number;
  records: Omit<SynthRecord, 'text'>[];
}

/** Write `n` synthetic records to `outDir` (created if needed) and the manifest; same seed, same bytes. */
export async function writeCorpus(n: number, outDir: string, options: CorpusOptions = {}): Promise<CorpusSummary> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`synth: the record count must be a whole number >= 0, got ${n}`);
  const seed = options.seed ?? 1;
  const lists = loadSynthLists(options.listsDir ?? SYNTH_DATA_DIR);
  try {
    await mkdir(outDir, { recursive: true });
  } catch (err) {
    throw new Error(`synth: cannot create the output folder ${outDir}: ${(err as Error).message}. Choose another --out.`);
  }
  const summary: CorpusSummary = { seed, files: [], bytes: 0, records: [] };
  for (const rec of generateCorpus(n, seed, lists, options)) {
    const { text, ...meta } = rec;
    await writeFile(join(outDir, rec.fileName), text);
    summary.files.push(rec.fileName);
    summary.bytes += Buffer.byteLength(text);
    summary.records.push(meta);
  }
  await writeFile(join(outDir, SYNTH_MANIFEST), `${JSON.stringify({ seed, records: summary.records }, null, 1)}\n`);
  return summary;
}
