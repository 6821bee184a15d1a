import { describe, expect, it } from 'vitest';
import { langClass } from '../src/extract/reader/body.js';
import { readRecord } from '../src/extract/reader/index.js';
import { layoutLexicon } from '../src/extract/reader/lexicon.js';

const lex = layoutLexicon();

describe('langClass tells English from the languages of originals', () => {
  it.each([
    ['en', 'The ambassador said that the question of the border would be discussed by the two governments.'],
    ['other', 'Der Botschafter sagte, dass die Frage der Grenze von den beiden Regierungen besprochen wird.'],
    ['other', 'Ambasadorul a spus că problema graniței va fi discutată de cele două guverne în curând.'],
    ['other', 'A nagykövet azt mondta, hogy a határ kérdését a két kormány meg fogja vitatni.'],
    ['other', 'Đại sứ nói rằng vấn đề biên giới sẽ được hai chính phủ thảo luận trong tháng tới.'],
    ['other', 'Посол сказал, что вопрос о границе будет обсужден двумя правительствами.'],
    ['other', '大使說，邊界問題將由兩國政府討論。'],
    ['other', '대사는 국경 문제를 두 정부가 논의할 것이라고 말했다.'],
    ['neutral', 'Mao Zedong, Liu Shaoqi, Zhou Enlai, Zhu De, Chen Yun, Deng Xiaoping, Peng Zhen, Chen Yi'],
    ['neutral', 'Time: 4 March 1950, 3:00 p.m.'],
    ['neutral', '118-01767-01'],
  ] as const)('%s: %s', (want, text) => {
    expect(langClass(text, lex)).toBe(want);
  });
});

describe('readRecord splits a Latin-script original from its translation without a separator', () => {
  it('keeps a closing list of names with the English translation', () => {
    const text = [
      '',
      'June 1, 1955',
      '',
      '**An Invented Letter on Machine Deliveries**',
      '',
      'Citation:',
      '',
      '"An Invented Letter on Machine Deliveries", June 1, 1955, Wilson Center Digital Archive, invented file 3.',
      '<https://digitalarchive.example.org/document/901555>',
      '',
      'Original Language:',
      '',
      'German',
      '',
      'Contents:',
      '',
      'Translation - English',
      '',
      'Die Lieferung der Maschinen wird sich um einen Monat verzögern, weil die Werke in der Stadt nicht genug Stahl erhalten haben.',
      '',
      'Wir bitten um Verständnis und werden die Termine noch einmal prüfen.',
      '',
      'The delivery of the machines will be delayed by a month, because the works in the city have not received enough steel.',
      '',
      'We ask for your understanding and will check the dates once more.',
      '',
      'Copies to: Walter Brenner, Kurt Adler, Hans Ruhland, Erich Fassbinder, Otto Kessler',
      '',
    ].join('\n');
    const doc = readRecord('letter.txt', text);
    expect(doc.original?.text.startsWith('Die Lieferung')).toBe(true);
    expect(doc.original?.text.endsWith('noch einmal prüfen.')).toBe(true);
    expect(doc.translation?.text.startsWith('The delivery')).toBe(true);
    expect(doc.translation?.text.endsWith('Otto Kessler')).toBe(true);
    expect(doc.header.map((h) => [h.part, h.key])).toEqual([['translation', 'copy']]);
  });
});
