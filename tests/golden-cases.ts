/**
 * The golden cases shared by tests/golden.test.ts and tests/golden-update.ts: every record in
 * tests/fixtures/records/ beside its expected output in tests/fixtures/expected/ (TriG for a valid record,
 * the exact error line for one named invalid-*).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, parse as parsePath } from 'node:path';
import { rootPath } from '../src/paths.js';
import { DEFAULT_BASE } from '../src/model/index.js';

export const RECORDS_DIR = rootPath('tests', 'fixtures', 'records');
export const EXPECTED_DIR = rootPath('tests', 'fixtures', 'expected');
/** Fixed model options: a version bump must not churn the golden files. */
export const GOLDEN_OPTIONS = { base: DEFAULT_BASE, version: 'golden' } as const;

export interface GoldenCase {
  name: string;
  /** Path of the record, relative to the package root (as it appears in error messages). */
  file: string;
  invalid: boolean;
  /** Expected TriG (valid records) or expected error text (invalid ones). */
  expected: string;
}

export function goldenCases(): GoldenCase[] {
  let names: string[] = [];
  try {
    // Records only: notes such as README.md or sidecar JSON beside them are not fixtures.
    names = readdirSync(RECORDS_DIR).filter(
      (n) => !n.startsWith('.') && !/^readme/i.test(n) && !/\.(md|json)$/i.test(n) && statSync(join(RECORDS_DIR, n)).isFile(),
    );
  } catch {
    return [];
  }
  return names.sort().map((n) => {
    const name = parsePath(n).name;
    const invalid = name.startsWith('invalid-');
    return {
      name,
      file: join('tests', 'fixtures', 'records', n),
      invalid,
      expected: join(EXPECTED_DIR, invalid ? `${name}.error.txt` : `${name}.ttl`),
    };
  });
}
