import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractAdmin } from '../src/extract/admin.js';
import { extractDates, parseDate } from '../src/extract/dates.js';
import { extractDistribution } from '../src/extract/distribution.js';
import { extractIdentifiers } from '../src/extract/identifiers.js';
import { extractFunders, extractInstitutions, languageOf } from '../src/extract/institutions.js';
import { extractPlaces, lexiconPlace } from '../src/extract/places.js';
import { readRecord } from '../src/extract/reader/index.js';
import { extractRecordInfo, recordIdOf } from '../src/extract/record.js';
import type { HeaderField, RecordDoc, Span } from '../src/extract/types.js';
import { emptyRecordDoc } from '../src/extract/types.js';

// ---------------------------------------------------------------------------------------------------------
// helpers: hand-built documents over invented text

function at(text: string, s: string, from = 0): Span {
  const i = text.indexOf(s, from);
  if (i < 0) throw new Error(`test setup: "${s}" is not in the text`);
  return { start: i, end: i + s.length, text: s };
}

function makeDoc(text: string, extra: Partial<RecordDoc> = {}): RecordDoc {
  return { ...emptyRecordDoc('invented.txt', text, ''), ...extra };
}

function header(text: string, key: HeaderField['key'], label: string, value: string, part: HeaderField['part']): HeaderField {
  const l = at(text, label);
  return { key, label: l, value: at(text, value, l.end), part };
}

function expectSpansValid(doc: RecordDoc, spans: Span[]): void {
  for (const s of spans) expect(doc.text.slice(s.start, s.end)).toBe(s.text);
}

// ---------------------------------------------------------------------------------------------------------

describe('parseDate', () => {
  const cases: Array<[string, string, string]> = [
    ['August 9, 1962', '1962-08-09', 'date'],
    ['9 August 1962', '1962-08-09', 'date'],
    ['9 August 1962, 6:00 p.m.', '1962-08-09T18:00:00', 'dateTime'],
    ['August 9, 1962 at 10 a.m.', '1962-08-09T10:00:00', 'dateTime'],
    ['62.08.09', '1962-08-09', 'date'],
    ['1962年8月9日下午6時', '1962-08-09T18:00:00', 'dateTime'],
    ['1962年8月9日上午10时', '1962-08-09T10:00:00', 'dateTime'],
    ['1962年8月9日晚8時30分', '1962-08-09T20:30:00', 'dateTime'],
    ['一九六二年八月九日', '1962-08-09', 'date'],
    ['19 62.8.13.', '1962-08-13', 'date'],
    ['9 августа 1962 г.', '1962-08-09', 'date'],
    ['9. August 1962', '1962-08-09', 'date'],
    ['9 august 1962', '1962-08-09', 'date'],
    ['1962. augusztus 9.', '1962-08-09', 'date'],
    ['1962년 8월 9일', '1962-08-09', 'date'],
    ['1962년 8월 9일 오후 3시 20분', '1962-08-09T15:20:00', 'dateTime'],
    ['ngày 9 tháng 8 năm 1962', '1962-08-09', 'date'],
    ['09.08.1962', '1962-08-09', 'date'],
    ['1962-08-09', '1962-08-09', 'date'],
    ['August 1962', '1962-08', 'gYearMonth'],
    ['1962年8月', '1962-08', 'gYearMonth'],
    ['1962', '1962', 'gYear'],
    ['August 9-10, 1962', '1962-08-09', 'date'],
    ['9th of August 1962', '1962-08-09', 'date'],
    ['9.VIII.1962', '1962-08-09', 'date'],
    ['9.VIII.62 г.', '1962-08-09', 'date'],
    ['1962. 8. 9.', '1962-08-09', 'date'],
    ['9.8.1962 г.', '1962-08-09', 'date'],
    ['1962年8月9日晚', '1962-08-09', 'date'],
    ['9 sierpnia 1962 r.', '1962-08-09', 'date'],
    ['9–11 августа 1962 г.', '1962-08-09', 'date'],
  ];
  for (const [written, value, datatype] of cases) {
    it(`normalises "${written}" to ${value} (${datatype})`, () => {
      expect(parseDate(written)).toEqual({ value, datatype });
    });
  }

  it('refuses identifiers, page ranges and impossible dates', () => {
    expect(parseDate('118-01767-01')).toBeUndefined();
    expect(parseDate('1-6')).toBeUndefined();
    expect(parseDate('P.1-11')).toBeUndefined();
    expect(parseDate('February 30, 1962')).toBeUndefined();
    expect(parseDate('1962年13月1日')).toBeUndefined();
  });
});

describe('extractDates', () => {
  it('gives roles by where the date stands: date line, scan header, header time, stamps, print dates', () => {
    const text = [
      'March 3, 1959',
      '',
      '59.03.03',
      '',
      '時間：1959年3月3日上午9時',
      '',
      '甲：我們在1958年已經談過。',
      '',
      '外字第118號',
      '19 59.3.5.',
      '',
      '1959年3月4日收到',
      '1959年3月4日付印',
      '1959年3月5日印发',
      '',
      'Time: 3 March 1959, 9:00 a.m.',
    ].join('\n');
    const doc = makeDoc(text, {
      date: at(text, 'March 3, 1959'),
      header: [header(text, 'time', '時間：', '1959年3月3日上午9時', 'original'), header(text, 'time', 'Time:', '3 March 1959, 9:00 a.m.', 'translation')],
    });
    const dates = extractDates(doc);
    expectSpansValid(doc, dates.map((d) => d.span));
    const byText = Object.fromEntries(dates.map((d) => [d.span.text, [d.role, d.value]]));
    expect(byText).toEqual({
      'March 3, 1959': ['recordDate', '1959-03-03'],
      '59.03.03': ['scanHeader', '1959-03-03'],
      '1959年3月3日上午9時': ['meetingTime', '1959-03-03T09:00:00'],
      '1958年': ['mentioned', '1958'],
      '19 59.3.5.': ['stamp', '1959-03-05'],
      '1959年3月4日': ['sentToPrint', '1959-03-04'],
      '3 March 1959, 9:00 a.m.': ['meetingTime', '1959-03-03T09:00:00'],
      '1959年3月5日': ['printed', '1959-03-05'],
    });
    // the received date is the other 1959年3月4日 (same text, different span)
    expect(dates.filter((d) => d.span.text === '1959年3月4日').map((d) => d.role)).toEqual(['received', 'sentToPrint']);
  });

  it('reads a dateline at the head of a part as the record date, a date in running text as mentioned', () => {
    const text = 'Budapest, 1957. november 30.\n\nA küldöttség 1957. november 28. érkezett.\n';
    const doc = makeDoc(text, { original: { start: 0, end: text.length, text } });
    expect(extractDates(doc).map((d) => [d.span.text, d.role])).toEqual([
      ['1957. november 30.', 'recordDate'],
      ['1957. november 28.', 'mentioned'],
    ]);
  });

  it('keeps a date written two ways as two mentions', () => {
    const text = 'May 5, 1960\n\n60.05.05\n';
    const dates = extractDates(makeDoc(text, { date: at(text, 'May 5, 1960') }));
    expect(dates.map((d) => [d.role, d.value])).toEqual([
      ['recordDate', '1960-05-05'],
      ['scanHeader', '1960-05-05'],
    ]);
  });

  it('gives a day-month without year the year of the record date', () => {
    const text = 'October 2, 1961\n\nThe 14 September note was answered on 20 December.';
    const dates = extractDates(makeDoc(text, { date: at(text, 'October 2, 1961') }));
    expect(dates.filter((d) => d.role === 'mentioned').map((d) => [d.span.text, d.value])).toEqual([
      ['14 September', '1961-09-14'],
      ['20 December', '1960-12-20'],
    ]);
  });

  it('takes a bare year in the citation as the record date and a date inside the quoted title as mentioned', () => {
    const text = '"Notes for 2 May 1966", 1966, Wilson Center Digital Archive.';
    const dates = extractDates(makeDoc(text, { citation: at(text, text) }));
    expect(dates.map((d) => [d.span.text, d.role, d.value])).toEqual([
      ['2 May 1966', 'mentioned', '1966-05-02'],
      ['1966', 'recordDate', '1966'],
    ]);
  });

  it('reads a date line of a bare year, an approximate year or a span of years', () => {
    for (const [line, year] of [['1962', '1962'], ['ca. 1958', '1958'], ['1962-1963', '1962']] as const) {
      const text = `${line}\n\n**Title**`;
      const dates = extractDates(makeDoc(text, { date: at(text, line) }));
      expect(dates.map((d) => [d.span.text, d.role, d.value, d.datatype])).toEqual([[year, 'recordDate', year, 'gYear']]);
    }
  });

  it('reads the citation date after a title quoted American-style (comma inside the quotes)', () => {
    const text = '"Notes on the Talks," 1966, History and Public Policy Program Digital Archive.';
    const doc = makeDoc(text, { citation: at(text, text) });
    expect(extractDates(doc).map((d) => [d.span.text, d.role])).toEqual([['1966', 'recordDate']]);
    expect(extractRecordInfo(doc, []).titles.map((t) => [t.kind, t.span.text])).toEqual([['citation', 'Notes on the Talks']]);
  });

  it('ignores dates that describe the web page (upload dates in Document Information)', () => {
    const text = 'Original Uploaded Date\n2019-06-03\n';
    const doc = makeDoc(text, { documentInformation: [{ label: 'Original Uploaded Date', labelSpan: at(text, 'Original Uploaded Date'), value: at(text, '2019-06-03') }] });
    expect(extractDates(doc)).toEqual([]);
  });

  it('does not read dates into archival identifiers or page ranges', () => {
    const text = 'PRC FMA 109-02231-05, 12-19; RGANI f. 5, op. 30, d. 163, ll. 88-93; dosar 12/1965';
    expect(extractDates(makeDoc(text))).toEqual([]);
  });
});

describe('extractIdentifiers', () => {
  const one = (s: string) => {
    const ids = extractIdentifiers(makeDoc(s));
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };
  it('parses a PRC FMA file number with pages', () => {
    const id = one('Wilson Center Digital Archive, PRC FMA 109-02231-05, 12-19. Translated by Someone.');
    expect(id).toMatchObject({ asWritten: 'PRC FMA 109-02231-05, 12-19', scheme: 'prc-fma', repositoryKey: 'prc-foreign-ministry-archive', parts: { fileNumber: '109-02231-05', pages: '12-19' } });
  });
  it('parses Russian fond/opis/delo references in Latin and Cyrillic', () => {
    expect(one('AVPRF, fond 0100, opis 46, delo 12, papka 362, listy 3-7.').parts).toEqual({ fond: '0100', opis: '46', delo: '12', papka: '362', listy: '3-7' });
    expect(one('RGANI f. 5, op. 30, d. 163, ll. 88-93. Translated by X Y.')).toMatchObject({ scheme: 'ru-rgani', parts: { fond: '5', opis: '30', delo: '163', listy: '88-93' } });
    expect(one('АВП РФ, ф. 06, оп. 13а, п. 41, д. 9, л. 1-5')).toMatchObject({ scheme: 'ru-avprf', parts: { fond: '06', opis: '13а', papka: '41', delo: '9', listy: '1-5' } });
  });
  it('starts a reference at the archive’s full name when its abbreviation follows in brackets', () => {
    const id = one('"A Record", 1950, Wilson Center Digital Archive, Archive of the President of the Russian Federation (APRF), fond 45, opis 1, delo 329, listy 95-96. Translated by X Y.');
    expect(id).toMatchObject({ asWritten: 'Archive of the President of the Russian Federation (APRF), fond 45, opis 1, delo 329, listy 95-96', scheme: 'ru-aprf', repositoryKey: 'aprf' });
  });
  it('reads the parts a scheme does not name with the generic labels', () => {
    expect(one('PRC FMA 106-00012-03, 1-6, box 3').parts).toEqual({ fileNumber: '106-00012-03', pages: '1-6', box: '3' });
  });
  it('parses German BStU and SAPMO references', () => {
    expect(one('BStU, MfS, AIM 1234/62, Bd. 2, Bl. 14-17')).toMatchObject({ scheme: 'bstu', parts: { office: 'MfS', signature: 'AIM 1234/62', volume: '2', pages: '14-17' } });
    expect(one('SAPMO-BArch, DY 30/IV 2/2.035/56')).toMatchObject({ scheme: 'sapmo-barch', repositoryKey: 'sapmo-barch', parts: { signature: 'DY 30/IV 2/2.035/56' } });
  });
  it('parses Hungarian and Romanian references', () => {
    expect(one('MNL OL XIX-J-1-j Korea 1962, 11. doboz')).toMatchObject({ scheme: 'hu-mnl-ol', parts: { fond: 'XIX-J-1-j Korea 1962', box: '11.' } });
    expect(one('ANIC, Fond CC al PCR, Secția Relații Externe, dosar 12/1965, f. 1-9')).toMatchObject({
      scheme: 'ro-anic',
      parts: { fond: 'CC al PCR', section: 'Secția Relații Externe', dosar: '12/1965', pages: '1-9' },
    });
  });
  it('keeps an unknown scheme from the citation without a scheme', () => {
    const text = '"Letter", June 1, 1960, Wilson Center Digital Archive, Diplomatic Archives Seoul, box 7, 101-3. Translated by A Person.';
    const doc = makeDoc(text, { citation: at(text, text) });
    const ids = extractIdentifiers(doc);
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatchObject({ asWritten: 'Diplomatic Archives Seoul, box 7, 101-3' });
    expect(ids[0]!.scheme).toBeUndefined();
  });
  it('reads the parts of a reference of no known scheme by their labels', () => {
    const text = '"Report", 1961, Wilson Center Digital Archive, Provincial State Archive fond 12, opis 3, delo 45, listy 6-9. Translated by A Person.';
    const id = extractIdentifiers(makeDoc(text, { citation: at(text, text) }))[0]!;
    expect(id.parts).toEqual({ repository: 'Provincial State Archive', fond: '12', opis: '3', delo: '45', listy: '6-9' });
    const text2 = '"Note", 1970, Wilson Center Digital Archive, County Archive, file 3/1970, f. 8.';
    expect(extractIdentifiers(makeDoc(text2, { citation: at(text2, text2) }))[0]!.parts).toEqual({ repository: 'County Archive', file: '3/1970', pages: '8' });
  });
  it('records the scan file number with its page statement beside the citation reference', () => {
    const text = 'Wilson Center Digital Archive, PRC FMA 109-02231-05, 1-4.\n\n60.01.02\n\nP.1-7\n\n109-02231-05\n\n正文\n\n109-02231-05\n';
    const doc = makeDoc(text, { citation: at(text, 'Wilson Center Digital Archive, PRC FMA 109-02231-05, 1-4.'), original: { start: text.indexOf('60.01'), end: text.length, text: text.slice(text.indexOf('60.01')) } });
    const ids = extractIdentifiers(doc);
    expect(ids.map((i) => [i.span.start, i.parts])).toEqual([
      [text.indexOf('PRC FMA'), { fileNumber: '109-02231-05', pages: '1-4' }],
      [text.indexOf('109-02231-05\n\n正文'), { fileNumber: '109-02231-05', pages: '1-7', pagesAsWritten: 'P.1-7' }],
    ]);
  });
});

describe('extractInstitutions', () => {
  it('builds embassy names by rule in English and Chinese and merges the seatless short form', () => {
    const text = 'Talk with the Polish Embassy in Beijing.\n\n波蘭駐華使館參贊來訪。波使館表示同意。';
    const insts = extractInstitutions(makeDoc(text));
    const emb = insts.find((i) => i.kind === 'embassy');
    expect(emb).toMatchObject({ key: 'polish-embassy-beijing', preferredName: 'Polish Embassy in Beijing', country: 'poland' });
    expect(emb!.mentions.map((m) => m.span.text)).toEqual(['Polish Embassy in Beijing', '波蘭駐華使館', '波使館']);
    expect(insts.filter((i) => i.kind === 'embassy')).toHaveLength(1);
  });
  it('builds legation and consulate names by rule', () => {
    const text = 'The Czechoslovak Legation in Hanoi and the Consulate General of Poland in Shanghai. 越南驻华总领事馆。';
    const keys = extractInstitutions(makeDoc(text)).filter((i) => i.kind === 'embassy').map((i) => [i.key, i.preferredName]);
    expect(keys).toEqual(
      expect.arrayContaining([
        ['czechoslovak-legation-hanoi', 'Czechoslovak Legation in Hanoi'],
        ['polish-consulate-general-shanghai', 'Polish Consulate General in Shanghai'],
        ['vietnamese-consulate-general-beijing', 'Vietnamese Consulate General in Beijing'],
      ]),
    );
  });
  it('seats a foreign embassy named without a seat in the capital of the record’s country', () => {
    const text = 'Original Language:\n\nChinese\n\n朝鮮使館來函。';
    const doc = makeDoc(text, { originalLanguage: at(text, 'Chinese') });
    expect(extractInstitutions(doc).filter((i) => i.kind === 'embassy').map((i) => i.key)).toEqual(['north-korean-embassy-beijing']);
  });
  it('reads the country written after a generic name (МИД КНР, "Ministry of Foreign Affairs of the PRC")', () => {
    const text = 'Original Language:\n\nRussian\n\nВ МИД КНР сообщили. The Ministry of Foreign Affairs of the PRC agreed. МИД ответил.';
    const doc = makeDoc(text, { originalLanguage: at(text, 'Russian') });
    const insts = extractInstitutions(doc);
    expect(insts.find((i) => i.key === 'prc-mfa')!.mentions.map((m) => m.span.text)).toEqual(['МИД КНР', 'Ministry of Foreign Affairs of the PRC']);
    expect(insts.find((i) => i.key === 'soviet-mfa')!.mentions.map((m) => m.span.text)).toEqual(['МИД']);
  });
  it('reads 驻X使馆 without a sender as the record’s own mission and seats other missions where the record is written', () => {
    const text = 'Original Language:\n\nChinese\n\n中国驻朝鲜大使馆来电\n\n波兰大使馆转来材料。\n\n驻朝使馆';
    const doc = makeDoc(text, { originalLanguage: at(text, 'Chinese') });
    const emb = extractInstitutions(doc).filter((i) => i.kind === 'embassy');
    expect(emb.map((e) => [e.key, e.mentions.map((m) => m.span.text)])).toEqual([
      ['chinese-embassy-pyongyang', ['中国驻朝鲜大使馆', '驻朝使馆']],
      ['polish-embassy-pyongyang', ['波兰大使馆']],
    ]);
  });
  it('reads 本部 as the record’s own ministry, but not inside other words', () => {
    const text = 'Original Language:\n\nChinese\n\n地點：本部會客室。日本部隊撤走。本部門負責。';
    const doc = makeDoc(text, { originalLanguage: at(text, 'Chinese') });
    expect(extractInstitutions(doc).find((i) => i.key === 'prc-mfa')!.mentions.map((m) => m.span.start)).toEqual([text.indexOf('本部會客室')]);
  });
  it('builds governments by rule', () => {
    const text = 'The Cuban Government replied. 古巴政府答復了。The Government of Mongolia agreed.';
    const keys = extractInstitutions(makeDoc(text)).filter((i) => i.kind === 'government').map((i) => i.key).sort();
    expect(keys).toEqual(['cuban-government', 'mongolian-government']);
  });
  it('reads generic ministry names as the ministry of the record’s country', () => {
    const text = 'Original Language:\n\nRussian\n\nThe Ministry of Foreign Affairs sent a note.';
    const doc = makeDoc(text, { originalLanguage: at(text, 'Russian') });
    expect(extractInstitutions(doc).map((i) => i.key)).toEqual(['soviet-mfa']);
  });
  it('takes funders from the credits and an organisation translator from the citation', () => {
    const text = '"A Note", May 1, 1960, Wilson Center Digital Archive. Translated by Lingua Services Ltd.\n\nThis document was made possible with support from Leon Levy Foundation and the Example Trust Fund (ETF).';
    const doc = makeDoc(text, { citation: at(text, '"A Note", May 1, 1960, Wilson Center Digital Archive. Translated by Lingua Services Ltd.'), credits: at(text, 'This document was made possible with support from Leon Levy Foundation and the Example Trust Fund (ETF).') });
    const insts = extractInstitutions(doc);
    expect(insts.filter((i) => i.kind === 'funder').map((i) => i.key).sort()).toEqual(['example-trust-fund', 'leon-levy-foundation']);
    expect(insts.find((i) => i.kind === 'translator')).toMatchObject({ preferredName: 'Lingua Services Ltd' });
  });
  it('reads funder names holding initials and "and" whole', () => {
    const text = 'This document was made possible with support from the John D. and Catherine T. MacArthur Foundation and the Korea Foundation.';
    const doc = makeDoc(text, { credits: at(text, text) });
    expect(extractFunders(doc).map((f) => [f.key, f.mentions.map((m) => m.span.text)])).toEqual([
      ['macarthur-foundation', ['John D. and Catherine T. MacArthur Foundation']],
      ['korea-foundation', ['Korea Foundation']],
    ]);
  });
  it('includes the archive holding the record when only its reference names it', () => {
    const text = '"A Cable", 1958, Wilson Center Digital Archive, Chinese Foreign Ministry Archive, 106-00432-02, 3-5.';
    const insts = extractInstitutions(makeDoc(text, { citation: at(text, text) }));
    expect(insts.find((i) => i.key === 'prc-foreign-ministry-archive')).toMatchObject({ kind: 'archive', preferredName: 'PRC Foreign Ministry Archive', parentKey: 'prc-mfa' });
    expect(insts.find((i) => i.key === 'prc-mfa')).toMatchObject({ mentions: [] });
  });
  it('does not make an institution of a person translator', () => {
    const text = '"A Note", May 1, 1960, Wilson Center Digital Archive. Translated by Anna Petrova.';
    const doc = makeDoc(text, { citation: at(text, text) });
    expect(extractInstitutions(doc).filter((i) => i.kind === 'translator')).toEqual([]);
    expect(extractRecordInfo(doc, extractInstitutions(doc))).toMatchObject({ translatorKey: 'anna-petrova', translatorKind: 'person' });
  });
});

describe('extractPlaces', () => {
  it('finds countries, regions and cities in several languages and scripts, but not adjectives', () => {
    const text = 'Soviet officials in Moscow. Советский Союз и Монголия. 西藏和新疆。 Die Sowjetunion.';
    const places = extractPlaces(makeDoc(text));
    expect(places.map((p) => p.key).sort()).toEqual(['mongolia', 'moscow', 'soviet-union', 'tibet', 'xinjiang']);
    expect(places.find((p) => p.key === 'soviet-union')!.mentions.map((m) => m.span.text)).toEqual(['Советский Союз', 'Sowjetunion']);
  });
  it('describes a lexicon place no record text names (an institution’s country)', () => {
    expect(lexiconPlace('soviet-union')).toMatchObject({ key: 'soviet-union', preferredName: 'Soviet Union', kind: 'country', mentions: [] });
    expect(lexiconPlace('soviet-union')!.names).toEqual(expect.arrayContaining([{ value: '苏联', lang: 'zh-Hans', kind: 'full' }]));
    expect(lexiconPlace('atlantis')).toBeUndefined();
  });
  it('finds explicit borders only', () => {
    const text = 'Incidents on the Sino-Indian border. 中蒙边界已经划定。 People crossed the border. На советско-китайской границе спокойно.';
    const borders = extractPlaces(makeDoc(text)).filter((p) => p.kind === 'border');
    expect(borders.map((b) => [b.key, b.mentions.map((m) => m.span.text)]).sort()).toEqual([
      ['china-india-border', ['Sino-Indian border']],
      ['china-mongolia-border', ['中蒙边界']],
      ['china-soviet-union-border', ['советско-китайской границе']],
    ]);
  });
  it('makes the venue a room of the record’s own ministry in both languages', () => {
    const text = 'Original Language:\n\nChinese\n\n地點：本部會議室\n\nVenue: Conference Room, Ministry of Foreign Affairs\n';
    const doc = makeDoc(text, {
      originalLanguage: at(text, 'Chinese'),
      header: [header(text, 'venue', '地點：', '本部會議室', 'original'), header(text, 'venue', 'Venue:', 'Conference Room, Ministry of Foreign Affairs', 'translation')],
    });
    const rooms = extractPlaces(doc).filter((p) => p.kind === 'room');
    expect(rooms).toHaveLength(1);
    expect(rooms[0]).toMatchObject({ key: 'prc-mfa-conference-room' });
    expect(rooms[0]!.mentions.map((m) => m.span.text)).toEqual(['本部會議室', 'Conference Room, Ministry of Foreign Affairs']);
  });
});

describe('venues', () => {
  it('makes the original’s and the translation’s venue one place, named by the better-read one', () => {
    const text = 'Место: резиденция посла\n\nVenue: Conference Room, Ministry of Foreign Affairs\n\nOriginal Language:\n\nRussian';
    const doc = makeDoc(text, {
      originalLanguage: at(text, 'Russian'),
      header: [header(text, 'venue', 'Место:', 'резиденция посла', 'original'), header(text, 'venue', 'Venue:', 'Conference Room, Ministry of Foreign Affairs', 'translation')],
    });
    const venues = extractPlaces(doc).filter((p) => p.mentions.some((m) => m.context === 'header'));
    expect(venues.map((v) => [v.key, v.kind, v.mentions.map((m) => `${m.span.text}@${m.lang}`)])).toEqual([
      ['soviet-mfa-conference-room', 'room', ['резиденция посла@ru', 'Conference Room, Ministry of Foreign Affairs@en']],
    ]);
  });
});

describe('extractDistribution', () => {
  it('reads entries with copies, resolutions and certainty, and checks the total', () => {
    const text = '正文。\n\n抄送：主席、恩来、王震、外办（3）、公安\n韩、存档2分 共印9分\n\n1960年1月1日印发\n';
    const r = extractDistribution(makeDoc(text));
    expect(r.entries.map((e) => [e.asWritten, e.copies, e.certainty, e.resolved?.key])).toEqual([
      ['主席', 1, 'established', 'mao-zedong'],
      ['恩来', 1, 'established', 'zhou-enlai'],
      ['王震', 1, 'explicit', 'wang-zhen'],
      ['外办', 3, 'established', 'prc-state-council-foreign-affairs-office'],
      ['公安', 1, 'established', 'prc-ministry-of-public-security'],
      ['韩', 1, 'uncertain', undefined],
      ['存档', 2, 'explicit', undefined],
    ]);
    expect(r.people.map((p) => p.key)).toEqual(['mao-zedong', 'zhou-enlai', 'wang-zhen']);
    expect(r.people[0]!.mentions[0]!.context).toBe('distribution');
    const admin = extractAdmin(makeDoc(text));
    expect(admin.find((a) => a.kind === 'copiesPrinted')?.value).toBe('9');
    expect(admin.find((a) => a.kind === 'archiveCopies')?.value).toBe('2');
    expect(admin.find((a) => a.kind === 'other' && a.label?.startsWith('Sum'))?.label).toBe('Sum of the itemised copies (differs from the stated total 9)');
  });
  it('does not read a surname with a title as a full name', () => {
    const text = '抄送：王副部长、陈副总理\n';
    const r = extractDistribution(makeDoc(text));
    expect(r.entries.map((e) => [e.asWritten, e.certainty, e.resolved?.key])).toEqual([
      ['王副部长', 'unresolved', undefined],
      ['陈副总理', 'established', 'chen-yi'],
    ]);
  });
  it('does not read a copy number under a "Copy:" label as a list', () => {
    const text = 'Copy: 2\n';
    const doc = makeDoc(text, { header: [header(text, 'copy', 'Copy:', '2', 'translation')] });
    expect(extractDistribution(doc).entries).toEqual([]);
  });
  it('reads Latin-script lists split at commas', () => {
    const text = 'Distribution: Office of the Minister, Comrade Deng Xiaoping, Li Fuchun, Archive (2)\n';
    const r = extractDistribution(makeDoc(text));
    expect(r.entries.map((e) => [e.asWritten, e.copies, e.certainty, e.resolved?.key])).toEqual([
      ['Office of the Minister', 1, 'unresolved', undefined],
      ['Comrade Deng Xiaoping', 1, 'explicit', 'deng-xiaoping'],
      ['Li Fuchun', 1, 'explicit', 'li-fuchun'],
      ['Archive', 2, 'unresolved', undefined],
    ]);
  });
});

describe('extractAdmin', () => {
  it('reads classification, document number, instruction, registration stamp and stamp numbers', () => {
    const text = ['请亚洲司阅处', '', '机密 文27', '', '外交部文件', '', '標題', '', '甲：很好。（見外交部文件25號）', '', '亚二字第314號', '19 60.2.3.', '', '123456789', ''].join('\n');
    const doc = makeDoc(text, { original: { start: 0, end: text.length, text } , headings: [{ part: 'original', span: at(text, '標題') }] });
    const a = extractAdmin(doc).map((x) => [x.kind, x.span.text, x.value]);
    expect(a).toEqual([
      ['instruction', '请亚洲司阅处', '请亚洲司阅处'],
      ['classification', '机密', 'Secret'],
      ['documentNumber', '文27', '27'],
      ['other', '外交部文件', '外交部文件'],
      ['referencedDocument', '外交部文件25號', '25'],
      ['registrationNumber', '亚二字第314號', '314'],
      ['stampNumber', '123456789', '123456789'],
    ]);
    expect(extractAdmin(doc).find((x) => x.kind === 'registrationNumber')?.date?.value).toBe('1960-02-03');
  });
  it('does not take a file in the citation’s reference for a referenced document', () => {
    const text = '"Note", 1970, Wilson Center Digital Archive, County Archive, File 12/1970, f. 8.\n\nSee Party File 77 for the text.';
    const a = extractAdmin(makeDoc(text, { citation: at(text, '"Note", 1970, Wilson Center Digital Archive, County Archive, File 12/1970, f. 8.') }));
    expect(a.filter((x) => x.kind === 'referencedDocument').map((x) => [x.span.text, x.value])).toEqual([['Party File 77', '77']]);
  });
  it('reads classifications in other languages only as marks, not in running text', () => {
    const text = 'Совершенно секретно\nЭкз. №2\n\nSTRENG GEHEIM!\n\nThey kept the talks secret from the press.\n';
    const all = extractAdmin(makeDoc(text));
    const a = all.filter((x) => x.kind === 'classification');
    expect(a.map((x) => [x.span.text, x.value])).toEqual([
      ['Совершенно секретно', 'Top Secret'],
      ['STRENG GEHEIM', 'Top Secret'],
    ]);
    expect(all.find((x) => x.label === 'Copy number')).toMatchObject({ span: { text: 'Экз. №2' }, value: '2' });
  });
});

describe('the web page’s Document Information', () => {
  it('gives the reference, the holding archive, the translator and the type', () => {
    const text = 'Source\nCounty party archive, file 12/3, sheets 4-6. Translated by Mara Stein.\n\nOriginal Archive\nLower Valley State Archive\n\nType\nReport\n\nRights\nFree to reuse.\n';
    const field = (label: string, value: string) => ({ label, labelSpan: at(text, label), value: at(text, value) });
    const doc = makeDoc(text, {
      documentInformation: [
        field('Source', 'County party archive, file 12/3, sheets 4-6. Translated by Mara Stein.'),
        field('Original Archive', 'Lower Valley State Archive'),
        field('Type', 'Report'),
        field('Rights', 'Free to reuse.'),
      ],
    });
    expect(extractIdentifiers(doc)).toMatchObject([
      { asWritten: 'County party archive, file 12/3, sheets 4-6', repositoryKey: 'lower-valley-state-archive', parts: { repository: 'County party archive', file: '12/3', pages: '4-6' } },
    ]);
    const insts = extractInstitutions(doc);
    expect(insts.find((i) => i.key === 'lower-valley-state-archive')).toMatchObject({ kind: 'archive', mentions: [{ context: 'documentInformation' }] });
    const info = extractRecordInfo(doc, insts);
    expect(info).toMatchObject({ repositoryKey: 'lower-valley-state-archive', translatorKey: 'mara-stein', translatorKind: 'person', type: { key: 'report' }, rights: { text: 'Free to reuse.' } });
  });
});

describe('languageOf', () => {
  it('reads language names with notes and in other languages', () => {
    expect(languageOf('Chinese (Traditional)')).toEqual({ tag: 'zh', country: 'china' });
    expect(languageOf('Русский')?.tag).toBe('ru');
    expect(languageOf('Klingon')).toBeUndefined();
  });
});

describe('extractRecordInfo', () => {
  it('leaves classification marks above the original title out of the title', () => {
    const text = 'Original Language:\n\nRussian\n\nСовершенно секретно\nЭкз. №3\n\nЗАПИСЬ БЕСЕДЫ\n\nТекст.';
    const doc = makeDoc(text, {
      originalLanguage: at(text, 'Russian'),
      headings: [{ part: 'original', span: at(text, 'Совершенно секретно\nЭкз. №3') }, { part: 'original', span: at(text, 'ЗАПИСЬ БЕСЕДЫ') }],
    });
    const info = extractRecordInfo(doc, []);
    expect(info.titles.map((t) => [t.kind, t.span.text, t.lang])).toEqual([['original', 'ЗАПИСЬ БЕСЕДЫ', 'ru']]);
    const text2 = 'Original Language:\n\nChinese\n\nP.3-5\n\n106-00432-02\n\n机密\n\n中国驻朝鲜大使馆来电\n\n一九五八年十月五日发出\n\n正文';
    const doc2 = makeDoc(text2, {
      originalLanguage: at(text2, 'Chinese'),
      headings: ['P.3-5', '中国驻朝鲜大使馆来电', '一九五八年十月五日发出'].map((h) => ({ part: 'original' as const, span: at(text2, h) })),
    });
    expect(extractRecordInfo(doc2, []).titles.map((t) => [t.kind, t.span.text])).toEqual([['original', '中国驻朝鲜大使馆来电']]);
    expect(info.type?.key).toBe('memorandumOfConversation');
  });
});

describe('recordIdOf', () => {
  it('takes the archive document number from the URL, else the slugged file stem', () => {
    const text = 'https://digitalarchive.example.org/document/4321';
    expect(recordIdOf(makeDoc(text, { url: at(text, text) }))).toBe('wcda-4321');
    expect(recordIdOf(makeDoc('x', { file: 'data/records/My Record_01.txt' }))).toBe('my-record-01');
  });
});

// ---------------------------------------------------------------------------------------------------------
// The seed record against the annotator's gold

interface Gold {
  url: string;
  date: string;
  dateAsWritten: string[];
  archivalIdentifier: string;
  archivalIdentifierParts: { fileNumber: string; pagesPerCitation: string; pagesPerScanHeader: string };
  translator: string;
  funders: string[];
  originalLanguage: string;
  title: string;
  titleVariants: { englishTranslationHeading: string; chineseTitle: string; chineseSubtitle: string; englishSubtitle: string };
  administrativeData: {
    handwrittenInstruction: { zh: string };
    documentNumber: { zh: string };
    generalDocumentNumber: { zh: string };
    registrationStamp: { zh: string; date: string; isoDate: string };
    otherStampNumber: string;
    openArchiveStamp: string;
    received: { zh: string; isoDate: string };
    sentToPrint: { zh: string; isoDate: string };
    printedAndDistributed: { zh: string; isoDate: string; by: string };
    copiesPrinted: { zh: string; count: number };
    archiveCopies: { zh: string; count: number };
  };
  classification: { zh: string };
  distributionList: { entries: Array<{ zh: string; copies: number; identification: string; certainty: string }>; totalStated: number; totalComputed: number };
  places: Array<{ name: string; zh?: string }>;
  institutions: Array<{ name: string; zh?: string }>;
}

describe('the seed record, field by field against the gold annotation', () => {
  const gold = JSON.parse(readFileSync(new URL('../../shared/gold/seed.json', import.meta.url), 'utf8')) as Gold;
  const file = new URL('../data/records/000_2dbcfce8bcb06762.txt', import.meta.url);
  const doc = readRecord('data/records/000_2dbcfce8bcb06762.txt', readFileSync(file));
  const dates = extractDates(doc);
  const ids = extractIdentifiers(doc);
  const admin = extractAdmin(doc);
  const dist = extractDistribution(doc);
  const insts = extractInstitutions(doc);
  const places = extractPlaces(doc);
  const info = extractRecordInfo(doc, insts);

  it('keeps every span true to the text', () => {
    expectSpansValid(doc, [
      ...dates.map((d) => d.span),
      ...ids.map((i) => i.span),
      ...admin.map((a) => a.span),
      ...dist.entries.map((e) => e.span),
      ...insts.flatMap((i) => i.mentions.map((m) => m.span)),
      ...places.flatMap((p) => p.mentions.map((m) => m.span)),
      ...info.titles.map((t) => t.span),
    ]);
  });

  it('finds every written form of the record date, each normalised', () => {
    for (const w of gold.dateAsWritten) {
      const d = dates.find((x) => x.span.text === w);
      expect(d, w).toBeDefined();
      expect(d!.value.slice(0, 10)).toBe(gold.date);
    }
    expect(info.date?.value).toBe(gold.date);
    expect(dates.find((d) => d.span.text === '1962年8月9日下午6時')).toMatchObject({ role: 'meetingTime', value: '1962-08-09T18:00:00', datatype: 'dateTime' });
    expect(dates.find((d) => d.span.text === '62.08.09')?.role).toBe('scanHeader');
  });

  it('finds the received, sent-to-print, printed and stamp dates', () => {
    const ad = gold.administrativeData;
    const role = (r: string) => dates.filter((d) => d.role === r).map((d) => d.value);
    expect(role('received')).toEqual([ad.received.isoDate]);
    expect(role('sentToPrint')).toEqual([ad.sentToPrint.isoDate]);
    expect(role('printed')).toEqual([ad.printedAndDistributed.isoDate]);
    expect(dates.find((d) => d.span.text === ad.registrationStamp.date)).toMatchObject({ role: 'stamp', value: ad.registrationStamp.isoDate });
  });

  it('parses the archival identifier and keeps the scan’s file number and pages as a second one', () => {
    const p = gold.archivalIdentifierParts;
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatchObject({ asWritten: gold.archivalIdentifier, scheme: 'prc-fma', repositoryKey: 'prc-foreign-ministry-archive', parts: { fileNumber: p.fileNumber, pages: p.pagesPerCitation } });
    expect(ids[1]).toMatchObject({ asWritten: p.fileNumber, parts: { fileNumber: p.fileNumber, pagesAsWritten: p.pagesPerScanHeader } });
    expect(info.repositoryKey).toBe('prc-foreign-ministry-archive');
  });

  it('reads the administrative data', () => {
    const ad = gold.administrativeData;
    const find = (kind: string, text: string) => admin.find((a) => a.kind === kind && a.span.text === text);
    expect(find('classification', gold.classification.zh)?.value).toBe('Top Secret');
    expect(find('instruction', ad.handwrittenInstruction.zh)).toBeDefined();
    expect(find('documentNumber', ad.documentNumber.zh)?.value).toBe('411');
    expect(find('documentNumber', ad.generalDocumentNumber.zh)?.value).toBe('411');
    expect(find('registrationNumber', ad.registrationStamp.zh)).toMatchObject({ value: '2758' });
    expect(find('registrationNumber', ad.registrationStamp.zh)?.date?.value).toBe(ad.registrationStamp.isoDate);
    expect(find('stampNumber', ad.otherStampNumber.split(' ')[0]!)).toBeDefined();
    expect(find('copiesPrinted', ad.copiesPrinted.zh)?.value).toBe(String(ad.copiesPrinted.count));
    expect(find('archiveCopies', ad.archiveCopies.zh)?.value).toBe(String(ad.archiveCopies.count));
    expect(admin.find((a) => a.kind === 'issuingOffice')).toMatchObject({ span: { text: ad.printedAndDistributed.by.split(' ')[0] }, value: 'prc-mfa-general-office' });
    expect(admin.filter((a) => a.kind === 'referencedDocument').map((a) => a.value)).toEqual(['409', '409']);
    expect(find('pages', gold.archivalIdentifierParts.pagesPerScanHeader)?.value).toBe('1-11');
    expect(find('other', gold.administrativeData.openArchiveStamp.split(' ')[0]!)?.label).toBe('Archive stamp');
  });

  it('reads the distribution list entry by entry, with copies and certainty, and the totals', () => {
    const certainty = (g: string) =>
      g.startsWith('well established') ? 'established' : g === 'literal' || g.startsWith('name explicit') ? 'explicit' : g;
    expect(dist.entries.map((e) => e.span.text)).toEqual(gold.distributionList.entries.map((e) => e.zh));
    gold.distributionList.entries.forEach((g, i) => {
      const e = dist.entries[i]!;
      expect(e.copies, g.zh).toBe(g.copies);
      expect(e.certainty, g.zh).toBe(certainty(g.certainty));
      if (e.resolved) expect(g.identification.toLowerCase(), g.zh).toContain(e.resolved.label.toLowerCase().replace(/^(pla|prc|ccp|mfa) /, '').replace(/ (department|office)$/, '').split(' ')[0]);
    });
    const sum = dist.entries.reduce((a, e) => a + e.copies, 0);
    expect(sum).toBe(gold.distributionList.totalComputed);
    expect(admin.find((a) => a.kind === 'copiesPrinted')?.value).toBe(String(gold.distributionList.totalStated));
    expect(dist.people.map((p) => p.key)).toContain('mao-zedong');
  });

  it('finds the gold places', () => {
    const keys = places.map((p) => p.key);
    for (const k of ['xinjiang', 'soviet-union', 'china', 'beijing', 'prc-mfa-meeting-room']) expect(keys).toContain(k);
    const room = places.find((p) => p.key === 'prc-mfa-meeting-room')!;
    expect(room.names.map((n) => n.value)).toEqual(expect.arrayContaining(['本部會客室', 'Meeting Room, Ministry of Foreign Affairs']));
    // adjectives ("Soviet") are not place mentions
    expect(places.flatMap((p) => p.mentions.map((m) => m.span.text))).not.toContain('Soviet');
  });

  it('finds the gold institutions with their names in both scripts', () => {
    const byKey = new Map(insts.map((i) => [i.key, i]));
    const names = (k: string) => byKey.get(k)?.names.map((n) => n.value) ?? [];
    expect(names('prc-mfa')).toEqual(expect.arrayContaining(['外交部', '本部', 'Ministry of Foreign Affairs']));
    expect(names('prc-mfa-soviet-east-european-affairs')).toEqual(expect.arrayContaining(['蘇歐司']));
    expect(names('prc-mfa-consular-department')).toEqual(expect.arrayContaining(['領事司']));
    expect(names('prc-mfa-general-office')).toEqual(expect.arrayContaining(['外交部办公厅']));
    expect(names('soviet-embassy-beijing')).toEqual(expect.arrayContaining(['Soviet Embassy in Beijing', '蘇聯駐華使館', '蘇使館']));
    expect(names('soviet-government')).toEqual(expect.arrayContaining(['Soviet Government', '蘇聯政府']));
    expect(names('chinese-government')).toEqual(expect.arrayContaining(["Chinese Government", '中國政府']));
    expect(byKey.get('wilson-center-digital-archive')?.kind).toBe('archive');
    expect(byKey.get('macarthur-foundation')?.kind).toBe('funder');
    expect(byKey.get('7brands')).toMatchObject({ kind: 'translator', preferredName: gold.translator });
    expect(byKey.get('prc-mfa-soviet-east-european-affairs')?.parentKey).toBe('prc-mfa');
  });

  it('describes the record: titles, type, language, translator, funders, URL', () => {
    const t = (kind: string) => info.titles.filter((x) => x.kind === kind).map((x) => x.span.text.replace(/\s+/g, kind === 'original' ? '' : ' '));
    expect(t('main')).toEqual([gold.title]);
    expect(t('citation')).toEqual([gold.title]);
    expect(t('heading')).toEqual([gold.titleVariants.englishTranslationHeading]);
    expect(t('original')).toEqual([gold.titleVariants.chineseTitle]);
    expect(t('subtitle')).toEqual([gold.titleVariants.englishSubtitle, gold.titleVariants.chineseSubtitle]);
    expect(info.titles.find((x) => x.kind === 'original')?.lang).toBe('zh-Hant');
    expect(info.type?.key).toBe('minutes');
    expect(info.originalLanguage).toMatchObject({ label: gold.originalLanguage, lang: 'zh' });
    expect(info).toMatchObject({ translatorKey: '7brands', translatorKind: 'institution' });
    expect(info.funderKeys).toEqual(['macarthur-foundation']);
    expect(info.sourceUrl).toBe(gold.url);
    expect(info.collectionKey).toBe('wilson-center-digital-archive');
    expect(recordIdOf(doc)).toBe('wcda-118206');
  });
});

describe('every reader fixture record', () => {
  const dir = new URL('./fixtures/records/', import.meta.url);
  const files = readdirSync(dir).filter((f) => !f.startsWith('invalid') && /\.(txt|html?)$/u.test(f));
  it('has fixtures to run on', () => {
    expect(files.length).toBeGreaterThan(5);
  });
  for (const f of files) {
    it(`${f}: extracts without error, every span true to the text, every date valid ISO`, () => {
      const doc = readRecord(`tests/fixtures/records/${f}`, readFileSync(new URL(f, dir)));
      const insts = extractInstitutions(doc);
      const dist = extractDistribution(doc);
      const info = extractRecordInfo(doc, insts);
      const dates = extractDates(doc);
      expectSpansValid(doc, [
        ...dates.map((d) => d.span),
        ...extractIdentifiers(doc).map((i) => i.span),
        ...extractAdmin(doc).map((a) => a.span),
        ...dist.entries.map((e) => e.span),
        ...insts.flatMap((i) => i.mentions.map((m) => m.span)),
        ...extractPlaces(doc).flatMap((p) => p.mentions.map((m) => m.span)),
        ...info.titles.map((t) => t.span),
      ]);
      for (const d of dates) expect(d.value).toMatch(/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2})?)?)?$/u);
      for (const i of insts) expect(i.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/u);
    });
  }
});

describe('the things lexicons', () => {
  const lex = (name: string) => JSON.parse(readFileSync(new URL(`../data/lexicon/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
  const places = lex('places.json') as { places: Array<{ key: string; capital?: string; country?: string }> };
  const insts = lex('institutions.json') as { institutions: Array<{ key: string; parent?: string; country?: string }> };
  const archives = lex('archives.json') as { schemes: Array<{ key: string; repositoryKey: string; country: string }> };
  const dist = lex('distribution.json') as { entries: Record<string, { institution?: string; person?: string; certainty: string }> };
  const placeKeys = new Set(places.places.map((p) => p.key));
  const instKeys = new Set(insts.institutions.map((i) => i.key));
  const slug = /^[a-z0-9]+(-[a-z0-9]+)*$/u;

  it('use unique slug keys', () => {
    for (const keys of [places.places.map((p) => p.key), insts.institutions.map((i) => i.key), archives.schemes.map((s) => s.key)]) {
      expect(new Set(keys).size).toBe(keys.length);
      for (const k of keys) expect(k).toMatch(slug);
    }
  });
  it('refer only to keys they define', () => {
    for (const p of places.places) {
      if (p.capital) expect(placeKeys, `${p.key} capital`).toContain(p.capital);
      if (p.country) expect(placeKeys, `${p.key} country`).toContain(p.country);
    }
    for (const i of insts.institutions) {
      if (i.parent) expect(instKeys, `${i.key} parent`).toContain(i.parent);
      if (i.country) expect(placeKeys, `${i.key} country`).toContain(i.country);
    }
    for (const s of archives.schemes) {
      expect(instKeys, `${s.key} repository`).toContain(s.repositoryKey);
      expect(placeKeys, `${s.key} country`).toContain(s.country);
    }
    for (const [form, e] of Object.entries(dist.entries)) {
      if (e.institution) expect(instKeys, form).toContain(e.institution);
      expect(['explicit', 'established', 'probable', 'uncertain', 'unresolved'], form).toContain(e.certainty);
    }
  });
});
