// The compiled form of archive-ld's TypeScript: every command starts faster from one bundle than through tsx, which
// resolves, transforms and hands over each of ~170 modules in a loader thread (measured at 1,000 records: a one-shot
// rebuild spent ~1 s of CPU there). The bundle is made with esbuild (tsx's own compiler) on first use and again
// whenever a source file changes, into dist/<version>/, where <version> hashes the sources' paths, sizes and
// modification times. Nothing to remember: edit, run, and the next command compiles (~0.5 s) before it starts.
//
// Each version folder is written under a temporary name and renamed into place, so processes that compile at the
// same time, or a process still running an older version, never see a half-written bundle; the newest few versions
// are kept, and so is any version a running process was started from (a server starts worker threads from it for as
// long as it runs). ARCHIVE_LD_TSX=1 runs the sources through tsx instead; so does any failure to compile (a read-only
// install, no esbuild), after one line on stderr saying why.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
/** Version folders kept besides the current one and those in use by running processes (see markInUse). */
const KEEP = 4;

/** Entry points: the CLI and every module a worker thread starts on (named as src/paths.ts workerStart asks). */
export const ENTRIES = {
  main: 'src/cli/main.ts',
  'build-worker': 'src/build/worker.ts',
  'store-worker': 'src/store/oxigraph-worker.ts',
  'bench-extract-worker': 'bench/extract-worker.ts',
};

/** The sources the bundle is made from: paths, sizes and modification times of src/ and bench/, and the settings. */
function sourcesVersion() {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mts|js|mjs|json)$/.test(entry.name)) {
        const s = statSync(path);
        h.update(`${relative(ROOT, path)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(join(ROOT, 'src'));
  walk(join(ROOT, 'bench'));
  for (const file of ['package.json', 'tsconfig.json', 'bin/compiled.js']) {
    const s = statSync(join(ROOT, file));
    h.update(`${file}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

/** Make dist/<version> (atomically: a temporary folder renamed into place). */
async function compile(version, target) {
  const { build } = await import('esbuild');
  const tmp = join(DIST, `.tmp-${version}-${process.pid}-${Date.now()}`);
  mkdirSync(DIST, { recursive: true });
  try {
    await build({
      absWorkingDir: ROOT,
      entryPoints: ENTRIES,
      entryNames: '[name]',
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Dependencies load from node_modules as usual; only the project's own modules are bundled.
      packages: 'external',
      sourcemap: 'linked',
      logLevel: 'silent',
    });
    try {
      renameSync(tmp, target);
    } catch (err) {
      // Another process put the same version in place first: use it.
      if (!existsSync(join(target, 'main.js'))) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Folder in a version folder holding one empty file per running process that uses the version, named by its pid. */
const IN_USE = '.in-use';

/** Whether process `pid` is alive (signal 0 only checks; EPERM means it exists under another user). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * Whether a version folder is used by a running process: a server started from it starts worker threads from it
 * for as long as it runs (a replica replaced after its deadline, say). Markers of processes that are gone are
 * removed on the way.
 */
function inUse(versionDir) {
  const dir = join(versionDir, IN_USE);
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  let used = false;
  for (const name of names) {
    if (/^\d+$/.test(name) && alive(Number(name))) used = true;
    else rmSync(join(dir, name), { force: true });
  }
  return used;
}

/**
 * Record that this process runs from `versionDir`, so that no other process prunes it meanwhile; the marker goes
 * when the process exits (a marker left by a killed process is removed by the next prune that finds it).
 */
function markInUse(versionDir) {
  const marker = join(versionDir, IN_USE, String(process.pid));
  try {
    mkdirSync(join(versionDir, IN_USE), { recursive: true });
    writeFileSync(marker, '');
    process.once('exit', () => rmSync(marker, { force: true }));
  } catch {
    // Unmarked, the version can be pruned under this process only after KEEP newer compiles.
  }
}

/**
 * Remove, from `dist`, all but the newest KEEP version folders besides `current` and those a running process uses,
 * and temporary folders left by killed compiles.
 */
export function prune(dist, current) {
  for (const e of readdirSync(dist, { withFileTypes: true })) {
    if (e.isDirectory() && e.name.startsWith('.tmp-') && Date.now() - statSync(join(dist, e.name)).mtimeMs > 10 * 60_000) {
      rmSync(join(dist, e.name), { recursive: true, force: true });
    }
  }
  const old = readdirSync(dist, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== current && /^[0-9a-f]{16}$/.test(e.name))
    .map((e) => ({ name: e.name, mtime: statSync(join(dist, e.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { name } of old.slice(KEEP)) if (!inUse(join(dist, name))) rmSync(join(dist, name), { recursive: true, force: true });
}

/**
 * The URL of the compiled CLI for the current sources, compiling it first when needed; undefined when the sources
 * are to run through tsx (ARCHIVE_LD_TSX=1, or compiling failed: the reason is printed).
 */
export async function compiledMain() {
  if (process.env.ARCHIVE_LD_TSX === '1') return undefined;
  try {
    const version = sourcesVersion();
    const target = join(DIST, version);
    if (!existsSync(join(target, 'main.js'))) {
      await compile(version, target);
      prune(DIST, version);
    }
    markInUse(target);
    return pathToFileURL(join(target, 'main.js')).href;
  } catch (err) {
    process.stderr.write(`archive-ld: running the TypeScript sources through tsx (could not compile them into ${DIST}: ${err instanceof Error ? err.message : String(err)})\n`);
    return undefined;
  }
}
