/**
 * `archive-ld dump NAME [--out FILE] [--out-dir DIR]`: write one whole-dataset dump (dataset.nq, union.ttl.gz,
 * dataset.jsonld, ...) assembled from the published parts, to a file (atomically: temporary file, then rename) or
 * to stdout. An old-layout folder's dump file is copied as it is.
 */
import type { Command } from 'commander';
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ASSEMBLED_DUMPS, assembledDump, assembledSize, assembleDump, isPartsLayout, readPublication } from '../build/assemble.js';
import { ENV_NAMES, loadConfig } from '../config/index.js';

/** The published dumps folder: DIR/dumps when DIR is a build's out folder, else DIR itself. */
export function dumpsFolder(dir: string): string {
  const inside = join(dir, 'dumps');
  return existsSync(join(inside, 'manifest.json')) || (existsSync(inside) && !existsSync(join(dir, 'manifest.json'))) ? inside : dir;
}

/**
 * Write dump `name` of the publication in `dumpsDir` to `outFile` (temporary file + rename, so a reader never
 * sees half a dump) or, without `outFile`, to `stdout`. Returns the bytes written when written to a file.
 *
 * @example
 *   await writeDump('out/dumps', 'dataset.nq.gz', '/tmp/dataset.nq.gz');
 */
export async function writeDump(dumpsDir: string, name: string, outFile?: string, stdout: NodeJS.WritableStream = process.stdout): Promise<void> {
  const manifest = await readPublication(dumpsDir);
  if (!manifest && !existsSync(join(dumpsDir, name))) {
    throw new Error(`No publication in ${dumpsDir} (no manifest.json). Run 'archive-ld build' first, or point --out-dir at a built folder.`);
  }
  if (isPartsLayout(manifest) && !assembledDump(name)) {
    throw new Error(`'${name}' is not a dump. The dumps are: ${ASSEMBLED_DUMPS.map((d) => d.name).join(', ')}.`);
  }
  // Every part must be there before anything is written.
  await assembledSize(dumpsDir, manifest ?? {}, name);
  const source = assembleDump(dumpsDir, manifest, name);
  if (!outFile) {
    try {
      await pipeline(source, stdout, { end: false });
    } catch (err) {
      // The reader went away (`archive-ld dump union.ttl | head`): that is how such a pipe ends, not a failure.
      if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
      source.destroy();
    }
    return;
  }
  const target = resolve(outFile);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    await pipeline(source, createWriteStream(tmp));
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export function register(program: Command): void {
  program
    .command('dump')
    .description('Write one whole-dataset dump, assembled from the published parts, to a file or to stdout.')
    .argument('<name>', `the dump: ${ASSEMBLED_DUMPS.map((d) => d.name).join(', ')}`)
    .option('--out <file>', 'file to write (written to a temporary name, then renamed); default stdout')
    .option('--out-dir <dir>', `the build's out folder (or its dumps folder) (env ${ENV_NAMES.outDir}), default out/`)
    .addHelpText('after', '\nExamples:\n  archive-ld dump dataset.nq.gz --out /tmp/dataset.nq.gz\n  archive-ld dump union.ttl | head\n')
    .action(async (name: string, opts: { out?: string; outDir?: string }) => {
      const config = loadConfig(opts.outDir ? { outDir: opts.outDir } : {}, process.env);
      await writeDump(dumpsFolder(config.outDir), name, opts.out);
    });
}
