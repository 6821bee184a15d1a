import { describe, expect, it } from 'vitest';
import { readRecord } from '../src/extract/reader/index.js';

/** A small plain export with the given contents list and body. */
function plain(contents: string[], body: string[]): string {
  return [
    '',
    'May 5, 1966',
    '',
    '**An Invented Record for the Contents Check**',
    '',
    'Citation:',
    '',
    '"An Invented Record for the Contents Check", May 5, 1966, Wilson Center Digital Archive, invented file 1.',
    '<https://digitalarchive.example.org/document/901466>',
    '',
    'Summary:',
    '',
    'An invented summary.',
    '',
    'Original Language:',
    '',
    'Russian',
    '',
    'Contents:',
    '',
    ...contents,
    '',
    ...body,
    '',
  ].join('\n');
}

const english = 'The delegation arrived in the morning and was met at the station by the deputy minister and his staff.';
const russian = 'Делегация прибыла утром и была встречена на вокзале заместителем министра и его сотрудниками.';

describe('readRecord warns when the contents promise a part the body lacks', () => {
  it('a transcript listed, only the English text present', () => {
    const doc = readRecord('a.txt', plain(['Original Scan', 'Translation - English', 'Transcript - Russian'], [english]));
    expect(doc.translation?.text).toBe(english);
    expect(doc.warnings).toEqual([{ line: 21, message: 'the contents list a transcript but no original-language text was found' }]);
  });

  it('a translation listed, only the Russian text present', () => {
    const doc = readRecord('b.txt', plain(['Original Scan', 'Translation - English'], [russian]));
    expect(doc.original?.text).toBe(russian);
    expect(doc.warnings).toEqual([{ line: 21, message: 'the contents list a translation but no English text was found' }]);
  });

  it('nothing to say when both parts are there', () => {
    const doc = readRecord('c.txt', plain(['Translation - English', 'Transcript - Russian'], [russian, '', '[...]', '', english]));
    expect(doc.original?.text).toBe(russian);
    expect(doc.translation?.text).toBe(english);
    expect(doc.warnings).toEqual([]);
  });
});

describe('readRecord ends a turn at a closing header line', () => {
  it('a note-taker named after the last turn is a header field, not speech', () => {
    const text = [
      '', 'May 5, 1966', '', '**An Invented Talk**', '', 'Citation:', '', '"An Invented Talk", May 5, 1966, Wilson Center Digital Archive, invented file 2.',
      '', 'Original Language:', '', 'Chinese', '', 'Contents:', '', 'Translation - English', '',
      '甲：我們歡迎代表團。', '', '乙：謝謝，我們很高興來這裡。', '', '甲：請坐。', '', '記錄：王明', '', '[...]', '',
      'Jia: We welcome the delegation.', '', 'Yi: Thank you, we are glad to be here.', '', 'Jia: Please sit down.', '', 'Minutes Prepared: Wang Ming', '',
    ].join('\n');
    const doc = readRecord('talk.txt', text);
    expect(doc.turns.map((t) => t.body.text)).toEqual([
      '我們歡迎代表團。', '謝謝，我們很高興來這裡。', '請坐。',
      'We welcome the delegation.', 'Thank you, we are glad to be here.', 'Please sit down.',
    ]);
    expect(doc.header.map((h) => `${h.part} ${h.key} ${h.value.text}`)).toEqual([
      'original minutesBy 王明',
      'translation minutesBy Wang Ming',
    ]);
  });
});

describe('readRecord keeps signature lines out of the last turn', () => {
  it('an office name and a signature mark after the last turn stay paragraphs of their own', () => {
    const text = [
      'Invented minutes for the test, with two speakers talking.', '',
      'Ivanov: We propose to begin the talks on Monday.', '', 'Kovacs: We agree to begin on Monday.', '',
      'Ivanov: Then it is settled, and we will inform the press.', '', 'Ministry of Foreign Affairs', '', '/signature/', '',
    ].join('\n');
    const doc = readRecord('sig.txt', text);
    expect(doc.turns.map((t) => t.body.text)).toEqual([
      'We propose to begin the talks on Monday.',
      'We agree to begin on Monday.',
      'Then it is settled, and we will inform the press.',
    ]);
    expect(doc.paragraphs.map((p) => p.span.text).slice(-2)).toEqual(['Ministry of Foreign Affairs', '/signature/']);
  });
});

describe('readRecord keeps editorial footnotes out of the last turn', () => {
  it('a "[1] ..." note after the last turn ends it', () => {
    const text = [
      'Invented minutes for the test, with two speakers talking.', '',
      'Ivanov: We propose to begin the talks on Monday.[1]', '', 'Kovacs: We agree to begin on Monday.', '',
      'Ivanov: Then it is settled, and we will inform the press.', '',
      '[1] Monday was the first day of the invented conference, which the test made up for this purpose.', '',
    ].join('\n');
    const doc = readRecord('notes.txt', text);
    expect(doc.turns[2]?.body.text).toBe('Then it is settled, and we will inform the press.');
    expect(doc.paragraphs.map((p) => p.span.text).at(-1)?.startsWith('[1] Monday')).toBe(true);
  });
});

describe('readRecord splits a contents list written on one line', () => {
  it('"Original Scan, Translation - English" gives two items', () => {
    const text = plain(['Original Scan, Translation - English, Transcript - Russian'], [russian, '', '[...]', '', english]);
    const doc = readRecord('one-line.txt', text);
    expect(doc.contents.map((c) => c.text)).toEqual(['Original Scan', 'Translation - English', 'Transcript - Russian']);
    expect(doc.warnings).toEqual([]);
  });
});

describe('readRecord on a PDF export whose second part is paginated on its own', () => {
  it('strips page numbers that start again before a speaker tag or a continued sentence, and no others', () => {
    const text = [
      'May 2, 1970',
      'Invented Talk between Novak and Pham',
      'Citation: Invented Talk between Novak and Pham, May 2, 1970, Wilson Center Digital Archive, invented file 4. Summary: An invented talk. Original Language: Czech Contents: Translation - English',
      '',
      'Novak: Vítáme vás v Praze a doufáme, že jednání budou úspěšná pro obě strany.',
      'Pham: Děkujeme, že jste nás pozvali, a jsme připraveni jednat o všech otázkách, které',
      '2jsou na programu.',
      'Novak: Začneme tedy obchodem, který je pro nás nejdůležitější ze všech otázek.',
      'Novak: We welcome you to Prague and hope that the talks will be a success for both sides.',
      '2Pham: Thank you for inviting us, and we are ready to talk about all the questions on',
      '3the agenda, and about the 5km of railway that is still missing.',
      'Novak: Then we shall start with trade, which is the most important of the questions.',
    ].join('\n');
    const doc = readRecord('restart.txt', text);
    expect(doc.layout).toBe('pdf-export');
    expect(doc.furniture.map((f) => [f.kind, f.span.text, doc.text.slice(0, f.span.start).split('\n').length])).toEqual([
      ['pageNumber', '2', 7],
      ['pageNumber', '2', 10],
      ['pageNumber', '3', 11],
    ]);
    expect(doc.turns.map((t) => `${t.part[0]} ${t.speaker.text}`)).toEqual([
      'o Novak', 'o Pham', 'o Novak', 't Novak', 't Pham', 't Novak',
    ]);
    expect(doc.turns[4]?.body.text.endsWith('5km of railway that is still missing.')).toBe(true);
  });
});

describe('readRecord on a plain export with its labels and values on the same lines', () => {
  it('reads "Citation: ..." with its URL below, "Summary: ..." and "Original Language: ..." inline', () => {
    const text = [
      'May 5, 1966',
      '',
      '**An Invented Record with Inline Labels**',
      '',
      'Citation: "An Invented Record with Inline Labels", May 5, 1966, Wilson Center Digital Archive, invented file 5.',
      '<https://digitalarchive.example.org/document/901566>',
      'Summary: An invented summary of an invented record.',
      'Original Language: Russian',
      'Contents: Original Scan, Translation - English',
      '',
      english,
      '',
    ].join('\n');
    const doc = readRecord('inline.txt', text);
    expect(doc.layout).toBe('plain-export');
    expect(doc.citation?.text).toBe('"An Invented Record with Inline Labels", May 5, 1966, Wilson Center Digital Archive, invented file 5.');
    expect(doc.url?.text).toBe('https://digitalarchive.example.org/document/901566');
    expect(doc.summary?.text).toBe('An invented summary of an invented record.');
    expect(doc.originalLanguage?.text).toBe('Russian');
    expect(doc.contents.map((c) => c.text)).toEqual(['Original Scan', 'Translation - English']);
    expect(doc.translation?.text).toBe(english);
    expect(doc.warnings).toEqual([]);
  });
});
