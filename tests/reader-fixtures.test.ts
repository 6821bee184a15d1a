import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRecord } from '../src/extract/reader/index.js';
import type { RecordDoc, TextPart } from '../src/extract/types.js';
import { rootPath } from '../src/paths.js';
import { badSpans } from './reader-spans.js';

const DIR = rootPath('tests', 'fixtures', 'records');
const read = (name: string): RecordDoc => readRecord(`tests/fixtures/records/${name}`, readFileSync(`${DIR}/${name}`));
const speakers = (doc: RecordDoc, part: TextPart): string[] => doc.turns.filter((t) => t.part === part).map((t) => t.speaker.text);
const header = (doc: RecordDoc, part: TextPart): string[] => doc.header.filter((h) => h.part === part).map((h) => `${h.key}=${h.value.text}`);

const valid = readdirSync(DIR).filter((f) => !f.startsWith('invalid-') && /\.(txt|html?)$/u.test(f));

describe('every valid fixture record', () => {
  it('there are at least twelve of them', () => {
    expect(valid.length).toBeGreaterThanOrEqual(12);
  });
  for (const name of valid) {
    it(`${name}: reads with a known layout, a text part, and spans that match the text`, () => {
      const doc = read(name);
      expect(doc.layout).not.toBe('unknown');
      expect(doc.original ?? doc.translation).toBeDefined();
      expect(badSpans(doc)).toEqual([]);
      // Turn indexes count from 0 within each part.
      for (const part of ['original', 'translation'] as const) {
        expect(doc.turns.filter((t) => t.part === part).map((t) => t.index)).toEqual(
          doc.turns.filter((t) => t.part === part).map((_, i) => i),
        );
      }
    });
  }
});

describe('plain-export records', () => {
  it('reads Russian minutes: Russian header labels and speaker tags, repeated archive reference as running header', () => {
    const doc = read('plain-export-minutes-ru-1958.txt');
    expect(doc.layout).toBe('plain-export');
    expect(doc.contents.map((c) => c.text)).toEqual(['Original Scan', 'Translation - English', 'Transcript - Russian']);
    expect(speakers(doc, 'original')).toEqual(['Волков', 'Динь Ван Тхо', 'Волков', 'Динь Ван Тхо', 'Волков']);
    expect(speakers(doc, 'translation')).toEqual(['Volkov', 'Dinh Van Tho', 'Volkov', 'Dinh Van Tho', 'Volkov']);
    expect(doc.header.filter((h) => h.part === 'original').map((h) => [h.key, h.label.text])).toEqual([
      ['time', 'Время'],
      ['venue', 'Место'],
      ['alsoPresent', 'Присутствовали'],
      ['interpreter', 'Переводчик'],
      ['minutesBy', 'Записал'],
    ]);
    expect(header(doc, 'translation')).toContain('minutesBy=Attaché Sorokin');
    expect(doc.furniture.map((f) => [f.kind, f.span.text])).toEqual([
      ['runningHeader', 'Ф. 079, оп. 13, д. 7'],
      ['pageMarker', '- 2 -'],
      ['runningHeader', 'Ф. 079, оп. 13, д. 7'],
      ['separator', '[...]'],
      ['separator', '[...]'],
    ]);
    // A stage direction after a turn does not belong to the turn.
    const t3 = doc.turns.find((t) => t.part === 'translation' && t.index === 3);
    expect(t3?.body.text).toBe('That will help a great deal. We also ask that the construction of the textile mill be accelerated.');
    expect(doc.headings.map((h) => h.span.text)).toEqual([
      'ЗАПИСЬ БЕСЕДЫ',
      'с премьер-министром Динь Ван Тхо',
      'RECORD OF A CONVERSATION',
      'with Prime Minister Dinh Van Tho',
    ]);
  });

  it('reads a ciphered telegram without turns: "Note:" and a place name before a colon are not speakers', () => {
    const doc = read('cable-ru-1956.txt');
    expect(doc.turns).toEqual([]);
    expect(doc.originalLanguage?.text).toBe('Russian');
    expect(doc.original?.text.startsWith('ШИФРТЕЛЕГРАММА')).toBe(true);
    expect(doc.translation?.text.startsWith('CIPHERED TELEGRAM')).toBe(true);
    expect(doc.translation?.text.endsWith('SOKOLIN')).toBe(true);
    expect(doc.paragraphs.filter((p) => p.part === 'translation').map((p) => p.span.text.slice(0, 12))).toEqual([
      'Top Secret',
      '1. Yesterday',
      '2. The new l',
      'Note: the in',
      '3. I request',
      'Warsaw: the ',
      'SOKOLIN',
    ]);
    expect(doc.furniture.map((f) => f.kind)).toEqual(['pageMarker', 'separator', 'separator']);
    // The classification mark is not a heading (it stays a paragraph for the administrative data).
    expect(doc.headings.map((h) => h.span.text)).toEqual(['ШИФРТЕЛЕГРАММА', 'Из Варшавы', 'CIPHERED TELEGRAM', 'From Warsaw']);
    expect(doc.paragraphs.map((p) => p.span.text)).toContain('Top Secret');
  });

  it('reads a letter whose topic lines ("Agriculture:", "Ipar:") are not turns, and its subject headers in both languages', () => {
    const doc = read('plain-export-letter-hu-1957.txt');
    expect(doc.turns).toEqual([]);
    expect(header(doc, 'original')).toEqual(['subject=utazás a tartományokban']);
    expect(header(doc, 'translation')).toEqual(['subject=journey in the provinces']);
    expect(doc.translation?.text.endsWith("Chargé d'affaires a.i.")).toBe(true);
    // A dateline above the letter is not a heading.
    expect(doc.headings).toEqual([]);
    expect(doc.warnings).toEqual([]);
  });

  it('reads a report cut off mid-word and warns about it', () => {
    const doc = read('plain-export-report-vi-1965-cutoff.txt');
    expect(doc.date?.text).toBe('July 1965');
    expect(doc.original?.text.startsWith('BÁO CÁO')).toBe(true);
    expect(doc.translation?.text.endsWith('have no reser')).toBe(true);
    expect(doc.warnings).toEqual([
      { line: 41, message: 'the translation ends mid-sentence ("…rse of the river have no reser"): the record looks cut off' },
    ]);
  });

  it('keeps CRLF line ends, tabs and runs of spaces in the text and the spans', () => {
    const doc = read('plain-export-diary-de-1961-crlf.txt');
    expect(doc.text).toContain('\r\n');
    expect(doc.title?.text).toBe('Diary of the Embassy Counsellor,   Entries for 1-3 September 1961');
    expect(doc.summary?.text.endsWith('supply of fruit to the capital.')).toBe(true);
    expect(doc.originalLanguage?.text).toBe('German');
    expect(doc.contents.map((c) => c.text)).toEqual(['Original Scan', 'Translation - English']);
    expect(doc.original?.text.startsWith('Tagebuch\t\tA 1742\r\n')).toBe(true);
    expect(doc.original?.text.endsWith('Keine besonderen Ereignisse.')).toBe(true);
    expect(doc.translation?.text.startsWith('Diary\t\tA 1742')).toBe(true);
    expect(doc.headings.map((h) => h.span.text)).toEqual(['Tagebuch\t\tA 1742', 'Diary\t\tA 1742']);
    expect(doc.paragraphs.some((p) => p.span.text.includes('Talk with the   Polish envoy.   He thinks'))).toBe(true);
    expect(doc.paragraphs.every((p) => !p.span.text.endsWith('\r'))).toBe(true);
  });

  it('reads a speech with a Korean original and no turns', () => {
    const doc = read('plain-export-speech-ko-1962.txt');
    expect(doc.turns).toEqual([]);
    expect(doc.headings.map((h) => [h.part, h.span.text])).toEqual([
      ['original', '협동농장 관리위원장 회의에서 한 연설'],
      ['translation', 'Speech at the Meeting of Cooperative Farm Leaders'],
    ]);
    expect(doc.paragraphs.filter((p) => p.part === 'original')).toHaveLength(4);
  });

  it('reads an English original as the original part, with a participants list and titled speakers', () => {
    const doc = read('plain-export-memorandum-en-1959.txt');
    expect(doc.translation).toBeUndefined();
    expect(doc.original?.text.startsWith('MEMORANDUM OF CONVERSATION')).toBe(true);
    expect(header(doc, 'original')).toEqual([
      'subject=Rice purchases and the naval visit',
      'participants=Foreign Minister Suryadi\nAmbassador Harlan\nMr. Tolliver, First Secretary',
      'copy=Embassy files',
    ]);
    expect(speakers(doc, 'original')).toEqual([
      'The Ambassador', 'Suryadi', 'The Ambassador', 'Suryadi', 'The Ambassador', 'Mr. Tolliver', 'Suryadi',
    ]);
  });

  it('reads a record without any blank lines and without a [...] separator, splitting the parts by language', () => {
    const doc = read('plain-export-minutes-zh-1964-no-blank-lines.txt');
    expect(doc.contents.map((c) => c.text)).toEqual(['Original Scan', 'Translation - English']);
    expect(doc.original?.text.startsWith('高山司长接见苏联使馆参赞巴拉诺夫谈话记录')).toBe(true);
    expect(doc.original?.text.endsWith('巴：我会向大使报告。')).toBe(true);
    expect(doc.translation?.text.startsWith('Minutes of the Talk between Director Gao Shan')).toBe(true);
    expect(speakers(doc, 'original')).toEqual(['高', '巴', '高', '巴']);
    expect(speakers(doc, 'translation')).toEqual(['Gao', 'Baranov', 'Gao', 'Baranov']);
    expect(header(doc, 'original')).toEqual(['time=1964年6月5日下午3时', 'venue=外交部']);
    expect(doc.warnings).toEqual([]);
  });

  it('reads what is there when sections are missing, and warns about the missing ones and the unknown label', () => {
    const doc = read('plain-export-note-ro-1970-missing-sections.txt');
    expect(doc.title?.text).toBe('Note on the Visit of the Agricultural Delegation');
    expect(doc.citation?.text.endsWith('file 12/1970, f. 8.')).toBe(true);
    expect(doc.sections.find((s) => s.kind === 'other')?.content.text).toBe('agriculture, delegations');
    expect(doc.warnings.map((w) => w.message)).toEqual([
      'unknown section label "Keywords:" read as an "other" section; add it to data/lexicon/layout.json sectionLabels if it is a known one',
      'no date line found in the plain-text export',
      'no record URL under the citation found in the plain-text export',
      'no "Summary:" section found in the plain-text export',
    ]);
    expect(doc.original?.text.startsWith('NOTĂ')).toBe(true);
    expect(doc.translation?.text.startsWith('NOTE')).toBe(true);
  });
});

describe('a translation-only diary record', () => {
  it('reads the headings under the stamps, no turns, and the closing distribution as a copy header', () => {
    const doc = read('plain-export-diary-ru-1957-translation-only.txt');
    expect(doc.original).toBeUndefined();
    expect(doc.translation?.text.startsWith('[Stamp: "Secret"]')).toBe(true);
    expect(doc.headings.map((h) => h.span.text)).toEqual([
      'FROM THE DIARY OF',
      'P. K. ORLOV',
      'RECORD OF CONVERSATION',
      'with Vice Premier of the State Council Tan Ming',
    ]);
    expect(doc.turns).toEqual([]);
    expect(header(doc, 'translation')).toEqual(['copy=Cdes. Gromov, Fedin, Kurasov, Bessonov']);
    // Stamps, marks and the dateline stay paragraphs, for the administrative data.
    const texts = doc.paragraphs.map((p) => p.span.text);
    expect(texts.slice(0, 3)).toEqual(['[Stamp: "Secret"]', 'TOP SECRET', 'Copy No. 2']);
    expect(texts).toContain('5 May 1957');
    expect(doc.furniture.map((f) => [f.kind, f.span.text])).toEqual([
      ['pageMarker', '- 2 -'],
      ['separator', '[...]'],
    ]);
    expect(doc.warnings).toEqual([]);
  });
});

describe('web-current records', () => {
  it('reads title, date, summary, the body and the Document Information label lines (a label may have no value)', () => {
    const doc = read('web-current-letter-de-1953.txt');
    expect(doc.layout).toBe('web-current');
    expect(doc.title?.text).toBe('Letter from Otto Brandner to the Central Committee Secretariat on Harvest Deliveries');
    expect(doc.date?.text).toBe('May 14, 1953');
    expect(doc.summary?.text.startsWith('Otto Brandner, first secretary')).toBe(true);
    expect(doc.documentInformation.map((f) => [f.label, f.value?.text])).toEqual([
      ['Source', 'District party archive, file IV/2/14, sheets 22-24. Translated by Karin Vogel.'],
      ['Original Archive', 'Thuringian State Archive, Rudolstadt'],
      ['Rights', 'The reuse of this invented test record is unrestricted.'],
      ['Original Uploaded Date', '2019-06-03'],
      ['Type', 'Letter'],
      ['Language', 'German'],
      ['Record ID', '900412'],
      ['Subjects Discussed', undefined],
      ['Geographic Subjects', 'Germany (East)'],
    ]);
    expect(doc.originalLanguage?.text).toBe('German');
    // English first, then the German original after the separator.
    expect(doc.translation?.text.startsWith('Letter from Otto Brandner to the Secretariat')).toBe(true);
    expect(doc.original?.text.startsWith('Brief von Otto Brandner')).toBe(true);
    expect(doc.original?.text.endsWith('Otto Brandner')).toBe(true);
    expect(header(doc, 'translation')).toEqual(['to=Secretariat of the Central Committee, Berlin', 'from=District Leadership Gera']);
    expect(header(doc, 'original')).toEqual(['to=Sekretariat des Zentralkomitees, Berlin', 'from=Bezirksleitung Gera']);
    expect(doc.turns).toEqual([]);
  });

  it('reads a saved HTML page: scripts, styles, navigation and footer dropped, turns in both parts', () => {
    const doc = read('web-current-minutes-zh-1960.html');
    expect(doc.layout).toBe('web-current');
    expect(doc.text).not.toContain('dataLayer');
    expect(doc.text).not.toContain('Collections');
    expect(doc.text).not.toContain('footer');
    expect(doc.title?.text).toBe('Minutes of Vice Director Lu Ping’s Talk with Counsellor Popov');
    expect(doc.date?.text).toBe('March 18, 1960');
    expect(speakers(doc, 'original')).toEqual(['波', '盧', '波', '盧']);
    expect(speakers(doc, 'translation')).toEqual(['Popov', 'Lu', 'Popov', 'Lu']);
    expect(header(doc, 'original')).toEqual(['time=1960年3月18日上午10時', 'venue=外交部會客室', 'interpreter=張文']);
    expect(doc.documentInformation.find((f) => f.label === 'Subjects Discussed')?.value).toBeUndefined();
    expect(doc.documentInformation.find((f) => f.label === 'Source')?.value?.text).toBe(
      'Invented ministry archive, file 109-00931-02, 1-3. Translated by Chen Rui.',
    );
  });
});

describe('web-legacy records', () => {
  it('takes the title from inside the citation quotes, the summary from the citation box, and both HTML texts', () => {
    const doc = read('web-legacy-memo-ro-1968.txt');
    expect(doc.layout).toBe('web-legacy');
    expect(doc.title?.text).toBe('Memorandum on the Talks with the Visiting Trade Delegation');
    expect(doc.citation?.text.startsWith('"Memorandum on the Talks')).toBe(true);
    expect(doc.citation?.text.endsWith('Translated by Ioana Marin.')).toBe(true);
    expect(doc.url?.text).toBe('https://digitalarchive.example.org/document/900877');
    expect(doc.summary?.text.startsWith('The Romanian Ministry of Foreign Trade records')).toBe(true);
    expect(doc.translation?.text.startsWith('MEMORANDUM')).toBe(true);
    expect(doc.translation?.text).not.toContain('Original HTML');
    expect(doc.original?.text.startsWith('NOTĂ')).toBe(true);
    // A single signature line "Director: ..." is not a speaker turn.
    expect(doc.turns).toEqual([]);
  });
});

describe('web-legacy HTML pages', () => {
  it('ignores the site banner as a title, skips tabs and footer, and reads the cable under "English HTML"', () => {
    const doc = read('web-legacy-cable-hu-1956.html');
    expect(doc.layout).toBe('web-legacy');
    expect(doc.title?.text).toBe('Cable from the Hungarian Legation on Troop Rumours');
    expect(doc.sections.filter((s) => s.kind === 'title')).toHaveLength(1);
    expect(doc.citation?.text.startsWith('“Cable from the Hungarian Legation')).toBe(true);
    expect(doc.citation?.text.endsWith('Translated by Eszter Kovach.')).toBe(true);
    expect(doc.url?.text).toBe('https://digitalarchive.example.org/document/901356');
    expect(doc.translation?.text.startsWith('CABLE No. 412')).toBe(true);
    expect(doc.translation?.text.endsWith('Envoy')).toBe(true);
    expect(doc.text).not.toContain('_gaq');
    expect(doc.turns).toEqual([]);
    // "Urgent" is a mark above the text, not a heading.
    expect(doc.headings.map((h) => h.span.text)).toEqual(['CABLE No. 412']);
  });
});

describe('pdf-export records', () => {
  it('splits the one-line header, reads an unquoted citation and strips page numbers glued to line starts', () => {
    const doc = read('pdf-export-minutes-ko-1950.txt');
    expect(doc.layout).toBe('pdf-export');
    expect(doc.date?.text).toBe('March 4, 1950');
    expect(doc.title?.text).toBe('Record of a Conversation between Ambassador Terentyev and Vice Premier Ryu Sang-ho');
    expect(doc.citation?.text.startsWith('Record of a Conversation between')).toBe(true);
    expect(doc.citation?.text.endsWith('Translated by Daniel Cho.')).toBe(true);
    expect(doc.url?.text).toBe('https://digitalarchive.example.org/document/900301');
    expect(doc.summary?.text).toBe('Terentyev and Ryu discuss the delivery of railway equipment and the training of engineers in Moscow.');
    expect(doc.originalLanguage?.text).toBe('Korean');
    expect(doc.contents.map((c) => c.text)).toEqual(['Original Scan', 'Translation - English', 'Transcript - Korean']);
    expect(doc.furniture.map((f) => [f.kind, f.span.text])).toEqual([
      ['pageNumber', '2'],
      ['pageNumber', '3'],
    ]);
    expect(speakers(doc, 'original')).toEqual(['테렌티예프', '류상호', '테렌티예프', '류상호']);
    expect(speakers(doc, 'translation')).toEqual(['Terentyev', 'Ryu', 'Terentyev', 'Ryu']);
    expect(header(doc, 'original')).toEqual(['time=1950년 3월 4일 오후 3시', 'venue=외무성 접견실', 'interpreter=김영철']);
    // The paragraph runs over the page break, and the glued number is not part of the paragraph's start.
    const p = doc.paragraphs.find((x) => x.span.text.startsWith('Thank you.'));
    expect(p?.span.text.endsWith('leave before the autumn.')).toBe(true);
  });

  it('finds a header that starts a line above, a URL on the wrapped line, the archive footer and glued page numbers in turns', () => {
    const doc = read('pdf-export-minutes-zh-1959-translation-only.txt');
    expect(doc.layout).toBe('pdf-export');
    expect(doc.title?.text).toBe('Minutes of Conversation between Vice Minister Chen Bo and Ambassador Orlov');
    expect(doc.citation?.text.endsWith('4-9. Translated by Helen Qiu.')).toBe(true);
    expect(doc.url?.text).toBe('https://digitalarchive.example.org/document/901159');
    expect(doc.contents.map((c) => c.text)).toEqual(['Original Scan', 'Translation - English']);
    // Only the translation was exported, although the original language is Chinese.
    expect(doc.original).toBeUndefined();
    expect(doc.translation?.text.endsWith('Chen: Agreed.')).toBe(true);
    expect(doc.furniture.map((f) => [f.kind, f.span.text])).toEqual([
      ['runningHeader', 'Wilson Center Digital Archive Translation - English'],
      ['pageNumber', '2'],
      ['pageNumber', '3'],
      ['runningHeader', 'Wilson Center Digital Archive Translation - English'],
    ]);
    expect(speakers(doc, 'translation')).toEqual(['Chen', 'Orlov', 'Chen', 'Orlov', 'Chen']);
    const t2 = doc.turns.find((t) => t.part === 'translation' && t.index === 2);
    expect(t2?.body.text.startsWith('We also wish to discuss the joint statement.')).toBe(true);
    expect(t2?.body.text.endsWith('share the blame.')).toBe(true);
    expect(header(doc, 'translation')).toEqual([
      'time=12 September 1959, 4:00 p.m.',
      'venue=Ministry of Foreign Affairs',
      'alsoPresent=Counsellor Sun Li',
    ]);
  });
});
