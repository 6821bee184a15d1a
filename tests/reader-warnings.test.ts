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
