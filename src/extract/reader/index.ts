/**
 * The record reader: a record's text (or bytes) in, a `RecordDoc` out.
 *
 * It recognises the archive's layouts (plain-text export, current and legacy web pages, PDF export as text),
 * reads the metadata sections, then the body: original-language text and English translation, headings,
 * header block, speaker turns, page furniture and paragraphs. Offsets always point into the text as read.
 *
 * @example
 *   const doc = readRecord('data/records/x.txt', readFileSync('data/records/x.txt'));
 *   doc.turns.map((t) => t.speaker.text); // ['Volkov', 'Dinh Van Tho', ...]
 */
import { emptyRecordDoc, RecordError } from '../types.js';
import type { RecordDoc } from '../types.js';
import { readBody } from './body.js';
import { looksLikeHtml, reduceHtml } from './html.js';
import { layoutLexicon } from './lexicon.js';
import type { MetaContext } from './plain.js';
import { looksPlain, readDateAndTitle, readSections } from './plain.js';
import { bodyOptions } from './meta.js';
import { pdfHeaderLine, readPdfExport } from './pdf.js';
import { looksWebCurrent, readWebCurrent } from './web-current.js';
import { looksWebLegacy, readWebLegacy } from './web-legacy.js';
import type { Line } from './text.js';
import { decodeInput, isBlank, sha256, splitLines } from './text.js';

export { reduceHtml } from './html.js';
export { RecordError } from '../types.js';

/**
 * Read one record. `file` is used in messages and kept in the result; `input` is the file's bytes or text.
 * Throws RecordError when the record cannot be read at all (empty, binary, not UTF-8, no text).
 */
export function readRecord(file: string, input: string | Uint8Array): RecordDoc {
  const lex = layoutLexicon();
  let text = decodeInput(file, input);
  if (looksLikeHtml(text)) {
    text = reduceHtml(text);
    if (text.trim() === '') {
      throw new RecordError(file, 1, 'the HTML page has no visible text', 'Save the record page with its content (not only the site frame), or use the plain-text export');
    }
  }
  const lines = splitLines(text);
  const doc: RecordDoc = emptyRecordDoc(file, text, sha256(input));
  const ctx = { text, lines, lex, doc };
  const pdfLine = pdfHeaderLine(ctx);
  let bodyFrom = -1;
  if (pdfLine >= 0) {
    doc.layout = 'pdf-export';
    readPdfExport(ctx, pdfLine);
  } else if (looksWebCurrent(ctx)) {
    doc.layout = 'web-current';
    readWebCurrent(ctx);
  } else if (looksWebLegacy(ctx)) {
    doc.layout = 'web-legacy';
    readWebLegacy(ctx);
  } else if (looksPlain(lines, lex)) {
    doc.layout = 'plain-export';
    bodyFrom = readSections(ctx, readDateAndTitle(ctx, 0));
    warnMissing(ctx);
    readBody(ctx, bodyFrom, lines.length, bodyOptions(ctx));
  } else {
    doc.layout = 'unknown';
    bodyFrom = 0;
    doc.warnings.push({ line: 1, message: 'no known layout recognised (no metadata section labels): the whole file is read as record text' });
    readBody(ctx, 0, lines.length, bodyOptions(ctx));
  }
  checkContents(ctx);
  // Sections in the order they appear in the text (layouts find them in different orders).
  doc.sections.sort((a, b) => (a.label ?? a.content).start - (b.label ?? b.content).start || a.content.start - b.content.start);

  if (!doc.original && !doc.translation) {
    const last = lastNonBlank(lines);
    if (doc.layout === 'unknown') {
      throw new RecordError(
        file,
        1,
        'no recognisable English or original-language text (no layout recognised and no prose found)',
        "Check that this is a record of the archive; give the reader its plain-text export, PDF export as text, or saved HTML page",
      );
    }
    throw new RecordError(
      file,
      bodyFrom >= 0 ? Math.min(bodyFrom + 1, last + 1) : last + 1,
      'no original-language or English text after the record\'s metadata',
      'The export is cut off or holds only metadata: export the record again with its text',
    );
  }
  return doc;
}

function lastNonBlank(lines: Line[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (!isBlank(lines[i] as Line)) return i;
  return 0;
}

/** Warn when the contents list promises a part the body does not have. */
function checkContents(ctx: MetaContext): void {
  const { doc, lex } = ctx;
  const items = doc.contents.map((c) => c.text.trim());
  const line = (sp: { start: number } | undefined): number => (sp ? doc.text.slice(0, sp.start).split(/\r\n|\n|\r/u).length : 1);
  if (items.some((c) => lex.contentsTranslation.test(c)) && !doc.translation && !bodyOptions(ctx).originalIsEnglish) {
    doc.warnings.push({ line: line(doc.contents[0]), message: 'the contents list a translation but no English text was found' });
  }
  if (items.some((c) => lex.contentsTranscript.test(c)) && !doc.original) {
    doc.warnings.push({ line: line(doc.contents[0]), message: 'the contents list a transcript but no original-language text was found' });
  }
}

/** The plain export normally has all of these; say which are missing (the record is still read). */
function warnMissing(ctx: MetaContext): void {
  const { doc } = ctx;
  const missing: Array<[string, unknown]> = [
    ['date line', doc.date],
    ['**title**', doc.title],
    ['"Citation:" section', doc.citation],
    ['record URL under the citation', doc.url],
    ['"Summary:" section', doc.summary],
    ['"Original Language:" section', doc.originalLanguage],
    ['"Contents:" section', doc.contents.length ? doc.contents : undefined],
  ];
  for (const [what, value] of missing) {
    if (value === undefined) doc.warnings.push({ line: 1, message: `no ${what} found in the plain-text export` });
  }
}
