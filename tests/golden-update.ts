/**
 * (Re)write the golden files: `npx tsx tests/golden-update.ts [name...]`.
 * For each fixture record (or the named ones) writes tests/fixtures/expected/<name>.ttl (TriG of the model's
 * output) or, for invalid-* records, <name>.error.txt (the exact error line). Look through the diff before
 * committing: the golden files are what the extractor is held to.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extractRecord } from '../src/extract/index.js';
import { toQuads } from '../src/model/index.js';
import { serialize } from '../src/rdf/index.js';
import { describeFailure } from '../src/cli/extract.js';
import { rootPath } from '../src/paths.js';
import { EXPECTED_DIR, GOLDEN_OPTIONS, goldenCases } from './golden-cases.js';

const only = new Set(process.argv.slice(2));
mkdirSync(EXPECTED_DIR, { recursive: true });
let written = 0;
for (const c of goldenCases()) {
  if (only.size && !only.has(c.name)) continue;
  const input = readFileSync(rootPath(c.file));
  let content: string;
  if (c.invalid) {
    try {
      extractRecord(c.file, input);
      process.stderr.write(`${c.file}: expected to fail (named invalid-*) but was extracted; no golden file written.\n`);
      process.exitCode = 1;
      continue;
    } catch (err) {
      content = `${describeFailure(c.file, err)}\n`;
    }
  } else {
    content = await serialize(toQuads(extractRecord(c.file, input), GOLDEN_OPTIONS), 'trig');
  }
  const before = existsSync(c.expected) ? readFileSync(c.expected, 'utf8') : undefined;
  writeFileSync(c.expected, content);
  written += 1;
  process.stdout.write(`${before === undefined ? 'created' : before === content ? 'unchanged' : 'updated'} ${c.expected}\n`);
}
process.stdout.write(`${written} golden file(s) written.\n`);
