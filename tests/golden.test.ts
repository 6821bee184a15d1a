/**
 * Golden files: one generated test per fixture record in tests/fixtures/records/, comparing the model's output
 * with tests/fixtures/expected/<name>.ttl (TriG) as graphs, or an invalid-* record's error with <name>.error.txt.
 * Regenerate with `npx tsx tests/golden-update.ts` and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { extractRecord } from '../src/extract/index.js';
import { toQuads } from '../src/model/index.js';
import { RDF_FORMATS, diffQuads, isomorphic, parse, parseAsync, serialize } from '../src/rdf/index.js';
import { validate, formatReport } from '../src/validate/index.js';
import { describeFailure } from '../src/cli/extract.js';
import { rootPath } from '../src/paths.js';
import { GOLDEN_OPTIONS, goldenCases, type GoldenCase } from './golden-cases.js';

const cases = goldenCases();
const valid = cases.filter((c) => !c.invalid);
const invalid = cases.filter((c) => c.invalid);

const cache = new Map<string, Quad[]>();
function modelOf(c: GoldenCase): Quad[] {
  let q = cache.get(c.name);
  if (!q) {
    q = toQuads(extractRecord(c.file, readFileSync(rootPath(c.file))), GOLDEN_OPTIONS);
    cache.set(c.name, q);
  }
  return q;
}

function expectedFileOr(c: GoldenCase): string {
  if (!existsSync(c.expected)) {
    throw new Error(`${c.expected} is missing. Create it with \`npx tsx tests/golden-update.ts ${c.name}\`, then review it before committing.`);
  }
  return readFileSync(c.expected, 'utf8');
}

describe('golden files', () => {
  it('has fixture records to check', () => {
    expect(valid.length).toBeGreaterThan(0);
  });

  describe.each(valid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it('matches the expected graph', { timeout: 60_000 }, () => {
      const expected = parse(expectedFileOr(c), 'trig', undefined, c.expected);
      const actual = modelOf(c);
      const diff = diffQuads(actual, expected);
      const show = (l: string[]) => l.slice(0, 15).join('\n');
      expect(
        isomorphic(actual, expected),
        `output differs from ${c.expected} (run npx tsx tests/golden-update.ts ${c.name} if the change is intended)\n` +
          `only in output (${diff.onlyInA.length}):\n${show(diff.onlyInA)}\nonly in expected (${diff.onlyInB.length}):\n${show(diff.onlyInB)}`,
      ).toBe(true);
    });

    it('passes the SHACL shapes', { timeout: 60_000 }, async () => {
      const report = await validate(modelOf(c));
      expect(report.conforms, formatReport(report, c.file)).toBe(true);
    });

    it('parses back to the same graph in every format', { timeout: 60_000 }, async () => {
      const quads = modelOf(c);
      for (const format of RDF_FORMATS) {
        const back = await parseAsync(await serialize(quads, format), format);
        const datasets = format === 'trig' || format === 'nquads' || format === 'jsonld';
        // Turtle and N-Triples hold one graph: compare the triples.
        const want = datasets ? quads : quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
        expect(isomorphic(back, want), `${format} round trip`).toBe(true);
      }
    });

    it('gives byte-identical N-Quads when extracted twice', { timeout: 60_000 }, async () => {
      const again = toQuads(extractRecord(c.file, readFileSync(rootPath(c.file))), GOLDEN_OPTIONS);
      expect(await serialize(again, 'nquads')).toBe(await serialize(modelOf(c), 'nquads'));
    });
  });

  describe.each(invalid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it('fails with the expected message', () => {
      let message: string | undefined;
      try {
        extractRecord(c.file, readFileSync(rootPath(c.file)));
      } catch (err) {
        message = `${describeFailure(c.file, err)}\n`;
      }
      expect(message, `${c.file} was extracted but is named invalid-*`).toBeDefined();
      expect(message).toBe(expectedFileOr(c));
    });
  });
});
