import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RecordError, readRecord, reduceHtml } from '../src/extract/reader/index.js';
import { rootPath } from '../src/paths.js';

const DIR = rootPath('tests', 'fixtures', 'records');
const fixture = (name: string): Uint8Array => readFileSync(`${DIR}/${name}`);

/** The RecordError thrown by reading, or a failure when none is thrown. */
function errorOf(file: string, input: string | Uint8Array): RecordError {
  try {
    readRecord(file, input);
  } catch (err) {
    if (err instanceof RecordError) return err;
    throw err;
  }
  throw new Error(`${file}: expected a RecordError, but the record was read`);
}

describe('readRecord refuses records it cannot read, saying where and what to do', () => {
  it('an empty file', () => {
    const e = errorOf('invalid-empty.txt', fixture('invalid-empty.txt'));
    expect(e.message).toBe('invalid-empty.txt:1: the record is empty (0 bytes). Export the record again from the archive, or remove the file');
    expect([e.file, e.line]).toEqual(['invalid-empty.txt', 1]);
  });

  it('a file of blank lines and tabs', () => {
    expect(errorOf('invalid-whitespace.txt', fixture('invalid-whitespace.txt')).message).toBe(
      'invalid-whitespace.txt:1: the record holds only whitespace. Export the record again from the archive, or remove the file',
    );
  });

  it('binary bytes (an image saved as .txt)', () => {
    expect(errorOf('invalid-binary.txt', fixture('invalid-binary.txt')).message).toBe(
      "invalid-binary.txt:1: the file holds binary data (a NUL byte at byte 7). Give the reader the archive's plain-text export, a PDF export saved as text, or a saved HTML page of the record (UTF-8)",
    );
  });

  it('a file in Latin-1 rather than UTF-8, naming the line of the first bad byte', () => {
    expect(errorOf('invalid-latin1.txt', fixture('invalid-latin1.txt')).message).toBe(
      'invalid-latin1.txt:9: the file is not UTF-8 text (invalid byte 0xe9 at byte 81). Convert it to UTF-8 (e.g. iconv -f <encoding> -t UTF-8) or export the record again',
    );
  });

  it('a plain export with its metadata but no text after it', () => {
    expect(errorOf('invalid-metadata-only.txt', fixture('invalid-metadata-only.txt')).message).toBe(
      "invalid-metadata-only.txt:25: no original-language or English text after the record's metadata. The export is cut off or holds only metadata: export the record again with its text",
    );
  });

  it('text with control characters throughout (binary given as a string)', () => {
    const junk = `abc${'\u0001\u0002\u0003'.repeat(10)}def`;
    expect(errorOf('x.txt', junk).message).toBe(
      "x.txt:1: the file holds binary data (30 control characters, the first at offset 3). Give the reader the archive's plain-text export, a PDF export saved as text, or a saved HTML page of the record (UTF-8)",
    );
  });

  it('an HTML page with no visible text', () => {
    expect(errorOf('page.html', '<!DOCTYPE html><html><head><title>x</title></head><body><script>var a = 1;</script></body></html>').message).toBe(
      'page.html:1: the HTML page has no visible text. Save the record page with its content (not only the site frame), or use the plain-text export',
    );
  });
});

describe('readRecord on text in no known layout', () => {
  it('reads the whole text as the body and warns', () => {
    const doc = readRecord('loose.txt', 'Some notes on the talks in the capital.\n\nThe ambassador said that the treaty was ready and that the ministers would sign it soon.\n');
    expect(doc.layout).toBe('unknown');
    expect(doc.translation?.text.startsWith('Some notes')).toBe(true);
    expect(doc.warnings[0]?.message).toBe('no known layout recognised (no metadata section labels): the whole file is read as record text');
  });

  it('removes a leading byte-order mark and nothing else', () => {
    const doc = readRecord('bom.txt', '\uFEFFA short English note that was written for the test.\r\n');
    expect(doc.text).toBe('A short English note that was written for the test.\r\n');
  });
});

describe('reduceHtml', () => {
  it('turns blocks into lines, drops script, style and nav, and decodes entities', () => {
    const html =
      '<html><head><style>p{}</style></head><body><nav>Home | Search</nav><h1>A &amp; B</h1>' +
      '<div>Time:  10 a.m.</div><p>First   line<br>second line</p><script>alert(1)</script><ul><li>one</li><li>two</li></ul></body></html>';
    expect(reduceHtml(html)).toBe('A & B\n\nTime: 10 a.m.\n\nFirst line\nsecond line\n\none\ntwo\n');
  });

  it('keeps the spacing inside <pre>', () => {
    expect(reduceHtml('<body><pre>a   b\n  c</pre></body>')).toBe('a   b\nc\n');
  });
});

describe('readRecord refuses text it cannot recognise', () => {
  it('a UTF-16 file, naming the encoding', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x0a, 0x00]);
    expect(errorOf('u16.txt', bytes).message).toBe(
      'u16.txt:1: the file is UTF-16 text, not UTF-8. Convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8) and read it again',
    );
  });

  it('a file in no layout with nothing but numbers and marks', () => {
    expect(errorOf('numbers.txt', '12345\n\n--- 67 ---\n\n2024-01-01\n').message).toBe(
      "numbers.txt:1: no recognisable English or original-language text (no layout recognised and no prose found). Check that this is a record of the archive; give the reader its plain-text export, PDF export as text, or saved HTML page",
    );
  });
});

describe('readRecord on a web-current page with its citation in Document Information', () => {
  it('takes the URL from the end of the citation value and the contents list from its lines', () => {
    const text = [
      'Note on a Border Incident',
      '',
      'Summary of an invented incident at a river crossing, with the names of the guards and their units.',
      '',
      'The guards of the two posts met on the ice of the river on the morning of 2 March and agreed to return the cattle that had crossed the border.',
      '',
      'Document Information',
      '',
      'Citation',
      '"Note on a Border Incident", March 3, 1969, Wilson Center Digital Archive, invented file 7. https://digitalarchive.example.org/document/901269',
      '',
      'Contents',
      'Original Scan',
      'Translation - English',
      '',
      'Original Language',
      'Russian',
      '',
    ].join('\n');
    const doc = readRecord('web.txt', text);
    expect(doc.layout).toBe('web-current');
    expect(doc.url?.text).toBe('https://digitalarchive.example.org/document/901269');
    expect(doc.citation?.text).toBe('"Note on a Border Incident", March 3, 1969, Wilson Center Digital Archive, invented file 7.');
    expect(doc.contents.map((c) => c.text)).toEqual(['Original Scan', 'Translation - English']);
    expect(doc.originalLanguage?.text).toBe('Russian');
    expect(doc.summary?.text.startsWith('Summary of an invented incident')).toBe(true);
    expect(doc.translation?.text.startsWith('The guards of the two posts')).toBe(true);
    expect(doc.warnings).toEqual([]);
  });
});

describe('readRecord on a plain export without bold title markers', () => {
  it('takes the unlabelled block right above the first section label as the title', () => {
    const text = [
      '',
      'March 3, 1969',
      '',
      'Note on a Border Incident at the River Crossing',
      '',
      'Citation:',
      '',
      '"Note on a Border Incident at the River Crossing", March 3, 1969, Wilson Center Digital Archive, invented file 7.',
      '<https://digitalarchive.example.org/document/901269>',
      '',
      'Summary:',
      '',
      'An invented incident.',
      '',
      'Original Language:',
      '',
      'Russian',
      '',
      'Contents:',
      '',
      'Translation - English',
      '',
      'The guards of the two posts met on the ice of the river and agreed to return the cattle that had crossed the border.',
      '',
    ].join('\n');
    const doc = readRecord('nobold.txt', text);
    expect(doc.layout).toBe('plain-export');
    expect(doc.date?.text).toBe('March 3, 1969');
    expect(doc.title?.text).toBe('Note on a Border Incident at the River Crossing');
    expect(doc.url?.text).toBe('https://digitalarchive.example.org/document/901269');
    expect(doc.translation?.text.startsWith('The guards')).toBe(true);
    expect(doc.warnings).toEqual([]);
  });
});

describe('readRecord recognises HTML input', () => {
  it('an XHTML page with an XML declaration is reduced before reading', () => {
    const page =
      '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>' +
      '<p>The guards of the two posts met on the ice of the river and agreed to return the cattle that had crossed the border.</p>' +
      '</body></html>';
    const doc = readRecord('page.xhtml', page);
    expect(doc.text).toBe('The guards of the two posts met on the ice of the river and agreed to return the cattle that had crossed the border.\n');
    expect(doc.translation?.text.startsWith('The guards')).toBe(true);
  });

  it('plain text that merely contains an angle-bracketed URL is not HTML', () => {
    const text = 'A note on the talks, written in English for the test.\n<https://digitalarchive.example.org/document/1>\n';
    expect(readRecord('note.txt', text).text).toBe(text);
  });
});
