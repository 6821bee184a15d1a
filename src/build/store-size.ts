/**
 * How much of a WASM store replica's memory a graph will take, so `build` can warn well before the in-process
 * store (Oxigraph compiled to WASM, 32-bit: at most 4 GiB per replica) runs out.
 *
 * @example
 *   const e = estimateStoreSize(1_250_000); // { bytes: 687_500_000, limitBytes: 4 GiB, ... }
 *   if (e.overHalf) logger.warn(storeSizeWarning(e));
 */

/**
 * Oxigraph's WASM heap growth per loaded quad, measured by `npm run bench` ("WASM heap", ~548 bytes/quad on
 * 200 synthetic records, 1.25 M quads; bench/README.md). Rounded up.
 */
export const BYTES_PER_QUAD = 550;

/** The memory a WASM (wasm32) instance can address: 4 GiB. */
export const WASM_LIMIT_BYTES = 4 * 1024 ** 3;

export interface StoreSizeEstimate {
  quads: number;
  bytes: number;
  limitBytes: number;
  /** Past half the limit: time to warn (queries and updates need room beyond the loaded data). */
  overHalf: boolean;
}

/** Estimated store size of `quads` quads; `bytesPerQuad` and `limitBytes` default to the measured figures above. */
export function estimateStoreSize(quads: number, bytesPerQuad = BYTES_PER_QUAD, limitBytes = WASM_LIMIT_BYTES): StoreSizeEstimate {
  const bytes = quads * bytesPerQuad;
  return { quads, bytes, limitBytes, overHalf: bytes > limitBytes / 2 };
}

/** "1.23 GiB" */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}

/** The one-line warning when the estimate passes half the limit, naming the way on (a remote store). */
export function storeSizeWarning(e: StoreSizeEstimate): string {
  const pct = Math.round((e.bytes / e.limitBytes) * 100);
  return (
    `the graph (${e.quads.toLocaleString('en')} quads) needs about ${formatBytes(e.bytes)} in each in-process store replica, ` +
    `${pct}% of the ${formatBytes(e.limitBytes)} a WASM store can address; serving it in-process may run out of memory. ` +
    `Use a remote store instead: --store sparql+http://127.0.0.1:8890/sparql (Virtuoso; STORE_URL in the environment)`
  );
}
