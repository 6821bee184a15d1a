/**
 * Cold start of the extractor: the Chinese-script packages (OpenCC, pinyin-pro) are loaded only when a record needs
 * them. Each case runs in a fresh Node process, since this test process may have loaded them already.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rootPath } from '../src/paths.js';
import { isPinyinWord, pinyinSyllables } from '../src/extract/chinese.js';
import { loadNameParticles } from '../src/extract/names.js';

/** The packages loaded after extracting the given records in a fresh process. */
function packagesAfter(...records: string[]): string[] {
  const code = [
    `import { readFileSync } from 'node:fs';`,
    `const { extractRecord } = await import(${JSON.stringify(rootPath('src', 'extract', 'index.ts'))});`,
    `const { loadedCjkPackages } = await import(${JSON.stringify(rootPath('src', 'extract', 'cjk-libs.ts'))});`,
    `const before = loadedCjkPackages().length;`,
    `for (const f of ${JSON.stringify(records)}) extractRecord(f, readFileSync(f));`,
    `console.log(JSON.stringify({ before, after: loadedCjkPackages() }));`,
  ].join('\n');
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: rootPath(), encoding: 'utf8' });
  const { before, after } = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { before: number; after: string[] };
  expect(before).toBe(0); // importing the extractor loads none of them
  return after;
}

describe('Chinese-script packages load on demand', () => {
  it('a Russian cable without Chinese characters or pinyin names loads neither OpenCC nor pinyin-pro', () => {
    expect(packagesAfter(rootPath('tests', 'fixtures', 'records', 'cable-ru-1956.txt'))).toEqual([]);
  }, 60_000);

  it('a Chinese record loads OpenCC (its core, for the single-character converters) and pinyin-pro', () => {
    expect(packagesAfter(rootPath('tests', 'fixtures', 'records', 'web-current-minutes-zh-1960.html')).sort()).toEqual(['opencc-js/core', 'pinyin-pro']);
  }, 60_000);
});

describe('pinyin surnames without pinyin-pro', () => {
  it('every Chinese surname of the lexicon reads as a pinyin word, so isPinyinSurname may reject other words first', () => {
    const lex = loadNameParticles();
    const surnames = [...lex.zhSurnames, ...lex.zhCompoundSurnames];
    expect(surnames.length).toBeGreaterThan(100);
    const notWords = surnames.map((s) => pinyinSyllables(s).join('')).filter((k) => !isPinyinWord(k));
    expect(notWords).toEqual([]);
  });
});
