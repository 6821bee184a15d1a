/**
 * The Chinese-script packages (pinyin-pro, OpenCC), loaded on first use instead of at import.
 *
 * Why: compiling their dictionaries costs a few hundred milliseconds at start-up, and most records hold no Chinese
 * at all, so a one-record rebuild or a CLI run on a Russian cable should not pay for them. The extractor is
 * synchronous, so the packages are loaded with `require` (pinyin-pro and OpenCC's full build ship CommonJS; OpenCC's
 * core and preset are ES modules, which Node 20.19+ loads through `require` as well).
 *
 * @example
 *   pinyinPro().pinyin('赵', { toneType: 'none' }); // 'zhao', the package loaded now
 */
import { createRequire } from 'node:module';
import type * as PinyinPro from 'pinyin-pro';
import type * as OpenccFull from 'opencc-js';
import type * as OpenccCore from 'opencc-js/core';
import type { LocalePreset } from 'opencc-js/core';

const requireHere = createRequire(import.meta.url);

function load<T>(name: string): T {
  try {
    return requireHere(name) as T;
  } catch (err) {
    throw new Error(
      `Cannot load the package ${name}, needed for Chinese names (${(err as Error).message}). Run "npm ci" in the archive-ld folder; Node 20.19 or later is required.`,
    );
  }
}

let pinyinLib: typeof PinyinPro | undefined;
let openccFullLib: typeof OpenccFull | undefined;
let openccCoreLib: typeof OpenccCore | undefined;
let openccPresetLib: LocalePreset | undefined;

/** pinyin-pro, loaded at the first call. */
export function pinyinPro(): typeof PinyinPro {
  return (pinyinLib ??= load<typeof PinyinPro>('pinyin-pro'));
}

/** OpenCC with its full dictionaries (phrase conversion), loaded at the first call. */
export function openccFull(): typeof OpenccFull {
  return (openccFullLib ??= load<typeof OpenccFull>('opencc-js'));
}

/** OpenCC's core (converters built from a preset of one's own) and its full locale preset, loaded at the first call. */
export function openccCore(): { core: typeof OpenccCore; preset: LocalePreset } {
  openccCoreLib ??= load<typeof OpenccCore>('opencc-js/core');
  openccPresetLib ??= load<LocalePreset>('opencc-js/preset');
  return { core: openccCoreLib, preset: openccPresetLib };
}

/**
 * Which of the packages this process has loaded so far (for tests and diagnostics).
 * @example loadedCjkPackages() // ['pinyin-pro'] after reading a pinyin name, [] after a Russian cable
 */
export function loadedCjkPackages(): string[] {
  const out: string[] = [];
  if (pinyinLib) out.push('pinyin-pro');
  if (openccFullLib) out.push('opencc-js');
  if (openccCoreLib) out.push('opencc-js/core');
  return out;
}
