/**
 * Static assets of the pages under /assets/: our stylesheet and query-page script, and the built Yasgui
 * editor from node_modules (served from here, no CDN). Files are read once and kept in memory.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { rootPath } from '../../paths.js';

interface AssetSource {
  /** Absolute path of the file. */
  path: () => string;
  type: string;
}

const require = createRequire(import.meta.url);
// By the package root, not this module's URL: the compiled bundle lives elsewhere (src/paths.ts).
const here = (name: string) => rootPath('src', 'server', 'pages', 'assets', name);

/** The files served, by name under /assets/. */
const SOURCES: Record<string, AssetSource> = {
  'style.css': { path: () => here('style.css'), type: 'text/css; charset=utf-8' },
  'query.js': { path: () => here('query.js'), type: 'text/javascript; charset=utf-8' },
  'yasgui.min.js': {
    path: () => require.resolve('@zazuko/yasgui/build/yasgui.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'yasgui.min.css': {
    path: () => require.resolve('@zazuko/yasgui/build/yasgui.min.css'),
    type: 'text/css; charset=utf-8',
  },
};

const cache = new Map<string, Promise<Uint8Array>>();

/** The names of the served assets ("style.css", "yasgui.min.js", ...). */
export const ASSET_NAMES: readonly string[] = Object.keys(SOURCES);

/**
 * The asset called `name` as a Response, or undefined when there is no such asset.
 * Throws with the file path when a known asset's file cannot be read (e.g. node_modules missing).
 */
export async function assetResponse(name: string): Promise<Response | undefined> {
  const source = Object.hasOwn(SOURCES, name) ? SOURCES[name] : undefined;
  if (!source) return undefined;
  let body = cache.get(name);
  if (!body) {
    const path = source.path();
    body = readFile(path).then(
      (b) => new Uint8Array(b),
      (err: unknown) => {
        cache.delete(name);
        throw new Error(
          `Cannot read page asset ${name} from ${path}: ${err instanceof Error ? err.message : String(err)}. ` +
            'Run npm ci so node_modules holds @zazuko/yasgui.',
        );
      },
    );
    cache.set(name, body);
  }
  const bytes = await body;
  return new Response(bytes, {
    headers: { 'content-type': source.type, 'cache-control': 'public, max-age=3600' },
  });
}

/**
 * A Hono sub-app serving GET /assets/{name}. Mount it at the root: `app.route('/', pageAssets())`.
 */
export function pageAssets(): Hono {
  const app = new Hono();
  app.get('/assets/:name', async (c) => (await assetResponse(c.req.param('name'))) ?? c.notFound());
  return app;
}
