/**
 * Golden files: each fixture record beside a compact summary of what the reader must find in it
 * (tests/fixtures/records/expected/<name>.json). To regenerate after a deliberate change, run
 * `UPDATE_READER_GOLDEN=1 npx vitest run tests/reader-golden.test.ts` and review the diff before committing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRecord } from '../src/extract/reader/index.js';
import type { RecordDoc, Span } from '../src/extract/types.js';
import { rootPath } from '../src/paths.js';

const DIR = rootPath('tests', 'fixtures', 'records');
const EXPECTED = rootPath('tests', 'fixtures', 'records', 'expected');
const update = process.env['UPDATE_READER_GOLDEN'] === '1';

/** The reader's findings in a form a person can review: texts instead of offsets. */
function summary(doc: RecordDoc): unknown {
  const t = (s: Span | undefined): string | null => (s ? s.text : null);
  return {
    layout: doc.layout,
    date: t(doc.date),
    title: t(doc.title),
    citation: t(doc.citation),
    url: t(doc.url),
    summary: t(doc.summary),
    credits: t(doc.credits),
    originalLanguage: t(doc.originalLanguage),
    contents: doc.contents.map((c) => c.text),
    documentInformation: doc.documentInformation.map((f) => [f.label, f.value?.text ?? null]),
    sections: doc.sections.map((s) => (s.label ? `${s.kind} (${s.label.text})` : s.kind)),
    original: doc.original ? { start: doc.original.text.slice(0, 40), end: doc.original.text.slice(-40) } : null,
    translation: doc.translation ? { start: doc.translation.text.slice(0, 40), end: doc.translation.text.slice(-40) } : null,
    headings: doc.headings.map((h) => `${h.part}: ${h.span.text}`),
    header: doc.header.map((h) => `${h.part} ${h.key}: ${h.label.text} = ${h.value.text}`),
    turns: doc.turns.map((x) => `${x.part} ${x.index} ${x.speaker.text}: ${x.body.text.slice(0, 30)} … ${x.body.text.slice(-20)}`),
    furniture: doc.furniture.map((f) => `${f.kind}: ${f.span.text}`),
    paragraphs: doc.paragraphs.map((p) => `${p.part}: ${p.span.text.slice(0, 30)}`),
    warnings: doc.warnings.map((w) => `${w.line}: ${w.message}`),
  };
}

const fixtures = readdirSync(DIR).filter((f) => !f.startsWith('invalid-') && /\.(txt|html?)$/u.test(f));

describe('reader golden files', () => {
  for (const name of fixtures) {
    it(`${name} reads as tests/fixtures/records/expected/${name}.json says`, () => {
      const doc = readRecord(`tests/fixtures/records/${name}`, readFileSync(`${DIR}/${name}`));
      const got = summary(doc);
      const file = `${EXPECTED}/${name}.json`;
      if (update || !existsSync(file)) {
        if (!update) throw new Error(`${file} is missing. Run UPDATE_READER_GOLDEN=1 npx vitest run tests/reader-golden.test.ts and review it.`);
        writeFileSync(file, `${JSON.stringify(got, null, 2)}\n`);
      }
      expect(got).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    });
  }
});
