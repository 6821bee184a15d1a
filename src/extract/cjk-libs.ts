/**
 * The Chinese-script packages (pinyin-pro, OpenCC), loaded on first use instead of at import.
 *
 * Why: compiling their dictionaries costs a few hundred milliseconds at start-up, and most records hold no Chinese
 * at all, so a one-record rebuild or a CLI run on a Russian cable should not pay for them. The extractor is
 * synchronous, so the packages are loaded with `require` (pinyin-pro and OpenCC's t2cn build ship CommonJS; OpenCC's
 * core and preset are ES modules, which Node 20.19+ loads through `require` as well).
 *
 * @example
 *   pinyinPro().pinyin('赵', { toneType: 'none' }); // 'zhao', the package loaded now
 */
import { createRequire } from 'node:module';
import type * as PinyinPro from 'pinyin-pro';
import type * as OpenccT2cn from 'opencc-js/t2cn';
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
let openccT2cnLib: typeof OpenccT2cn | undefined;
let openccCoreLib: typeof OpenccCore | undefined;
let openccPresets: { toSimplified: LocalePreset; toTraditional: LocalePreset } | undefined;

/** pinyin-pro, loaded at the first call. */
export function pinyinPro(): typeof PinyinPro {
  return (pinyinLib ??= load<typeof PinyinPro>('pinyin-pro'));
}

/**
 * OpenCC's traditional -> simplified build (phrase conversion; its Converter takes { from: 't', to: 'cn' }), loaded
 * at the first call. A tenth of the full build's size, same dictionaries for that direction.
 */
export function openccToSimplified(): typeof OpenccT2cn {
  return (openccT2cnLib ??= load<typeof OpenccT2cn>('opencc-js/t2cn'));
}

/**
 * OpenCC's core (converters built from a preset of one's own) and the locale presets of the two directions
 * (traditional -> simplified, simplified -> traditional), loaded at the first call.
 */
export function openccCore(): { core: typeof OpenccCore; toSimplified: LocalePreset; toTraditional: LocalePreset } {
  openccCoreLib ??= load<typeof OpenccCore>('opencc-js/core');
  openccPresets ??= { toSimplified: load<LocalePreset>('opencc-js/preset/t2cn'), toTraditional: load<LocalePreset>('opencc-js/preset/cn2t') };
  return { core: openccCoreLib, ...openccPresets };
}

/**
 * Which of the packages this process has loaded so far (for tests and diagnostics).
 * @example loadedCjkPackages() // ['pinyin-pro'] after reading a pinyin name, [] after a Russian cable
 */
export function loadedCjkPackages(): string[] {
  const out: string[] = [];
  if (pinyinLib) out.push('pinyin-pro');
  if (openccT2cnLib) out.push('opencc-js/t2cn');
  if (openccCoreLib) out.push('opencc-js/core');
  return out;
}
