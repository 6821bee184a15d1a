import { describe, expect, it } from 'vitest';
import { extractPeople } from '../src/extract/people.js';
import type { PeopleContext } from '../src/extract/people.js';
import { editDistance, similarSurname, slugOf } from '../src/extract/names.js';
import { isPinyinName, pinyinName, toSimplified, zhLangOf } from '../src/extract/chinese.js';
import { alignTurnsBySpeaker, buildEvent } from '../src/extract/event.js';
import { readRecord } from '../src/extract/reader/index.js';
import type { HeaderField, HeaderKey, Person, RecordDoc, Span, TextPart, Turn } from '../src/extract/types.js';
import { emptyRecordDoc } from '../src/extract/types.js';

// Invented texts in the archive's formats; no real document is quoted.

function spanOf(text: string, needle: string, from = 0): Span {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`test fixture: "${needle}" not in text`);
  return { start, end: start + needle.length, text: needle };
}

interface DocOptions {
  header?: Array<{ key: HeaderKey; label: string; value: string; part: TextPart }>;
  turns?: Array<{ part: TextPart; speaker: string }>;
}

/** A minimal RecordDoc over `text`: the whole text is one English paragraph, headers and turns located by search. */
function docOf(text: string, o: DocOptions = {}): RecordDoc {
  const header: HeaderField[] = (o.header ?? []).map((h) => {
    const label = spanOf(text, h.label);
    return { key: h.key, label, value: spanOf(text, h.value, label.end), part: h.part };
  });
  let from = 0;
  const counters: Record<TextPart, number> = { original: 0, translation: 0 };
  const turns: Turn[] = (o.turns ?? []).map((t) => {
    const colon = text.indexOf(`${t.speaker}：`, from) >= 0 && (text.indexOf(`${t.speaker}:`, from) < 0 || text.indexOf(`${t.speaker}：`, from) < text.indexOf(`${t.speaker}:`, from)) ? '：' : ':';
    const speaker = spanOf(text, `${t.speaker}${colon}`, from);
    const sp = { start: speaker.start, end: speaker.end - 1, text: t.speaker };
    from = speaker.end;
    const index = counters[t.part]++;
    return { index, part: t.part, speaker: sp, body: { start: speaker.end, end: speaker.end, text: '' } };
  });
  return {
    ...emptyRecordDoc('test.txt', text, '0'),
    header,
    turns,
    paragraphs: [{ part: 'translation', span: { start: 0, end: text.length, text } }],
  };
}

function people(text: string, o: DocOptions = {}, ctx: PeopleContext = {}): Person[] {
  const doc = docOf(text, o);
  const r = extractPeople(doc, ctx);
  for (const p of r.people) for (const m of p.mentions) expect(doc.text.slice(m.span.start, m.span.end)).toBe(m.span.text);
  return r.people;
}

const named = (ps: Person[]): string[] => ps.filter((p) => !p.unnamed).map((p) => p.preferredName).sort();
const forms = (p: Person | undefined): string[] => (p ? p.names.map((n) => n.value) : []);

describe('slugOf', () => {
  it('lower-cases, strips diacritics and joins words with hyphens', () => {
    expect(slugOf('Huang Zhen')).toBe('huang-zhen');
    expect(slugOf('Chargé d’Affaires')).toBe('charge-d-affaires');
    expect(slugOf('  Ho Chi Minh ')).toBe('ho-chi-minh');
  });
  it('reads Chinese as toneless pinyin with the given name joined', () => {
    expect(slugOf('毛泽东')).toBe('mao-zedong');
    expect(slugOf('章漢夫')).toBe('zhang-hanfu');
  });
  it('transliterates Cyrillic', () => {
    expect(slugOf('Громыко')).toBe('gromyko');
  });
});

describe('name helpers', () => {
  it('tags Chinese forms by script: traditional, simplified, neutral or mixed', () => {
    expect(zhLangOf('黃鎮')).toBe('zh-Hant');
    expect(zhLangOf('黄镇')).toBe('zh-Hans');
    expect(zhLangOf('黄鎮')).toBe('zh');
    expect(zhLangOf('徐明')).toBe('zh');
    expect(toSimplified('黃鎮')).toBe('黄镇');
  });
  it('renders a Chinese name in pinyin, surname first', () => {
    expect(pinyinName('姬鵬飛')).toBe('Ji Pengfei');
    expect(pinyinName('欧阳修')).toBe('Ouyang Xiu');
  });
  it('recognises pinyin-shaped names and rejects others', () => {
    expect(isPinyinName('Zhou Enlai')).toBe(true);
    expect(isPinyinName('Wang Gaoqing')).toBe(true);
    expect(isPinyinName('Nikolai Petrov')).toBe(false);
    expect(isPinyinName('Groux')).toBe(false);
  });
  it('treats transpositions and truncations of long surnames as spellings of one name', () => {
    expect(editDistance('mesyastev', 'mesyatsev')).toBe(1);
    expect(similarSurname('Kalinovsky', 'Kalinovski')).toBe(true);
    expect(similarSurname('Belyakov', 'Belyako')).toBe(true);
    expect(similarSurname('Белякову', 'Belyakov')).toBe(true);
    expect(similarSurname('Ivanov', 'Isakov')).toBe(false);
    expect(similarSurname('Wang', 'Wan')).toBe(false);
  });
  it('measures edit distance as optimal string alignment: one edit per insertion, deletion, substitution or swap of neighbours', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    // Optimal string alignment, not full Damerau-Levenshtein: a swapped pair is not edited again.
    expect(editDistance('ca', 'abc')).toBe(3);
    expect(editDistance('zhou', 'zohu')).toBe(1);
    expect(editDistance('abcdef', 'abdcef')).toBe(1);
    expect(editDistance('abcdef', 'badcfe')).toBe(3);
    for (const [a, b] of [['mesyatsev', 'mesyastev'], ['zhou', 'zou'], ['趙林', '趙'], ['😀a', 'a😀']]) expect(editDistance(a as string, b as string)).toBe(editDistance(b as string, a as string));
  });
});

describe('extractPeople: titles and honorifics', () => {
  it('turns a title before the name into a role dated by the record', () => {
    const ps = people('Vice Minister Zhao Liang received the delegation.', {}, { recordDate: '1960-05-02' });
    expect(named(ps)).toEqual(['Zhao Liang']);
    const p = ps[0] as Person;
    expect(p.key).toBe('zhao-liang');
    expect(p.roles.map((r) => [r.asWritten, r.roleKey, r.asOf])).toEqual([['Vice Minister', 'vice-minister', '1960-05-02']]);
    expect(forms(p)).not.toContain('Vice Minister Zhao Liang');
  });
  it('splits "Comrades X and Y" into two people sharing the honorific', () => {
    const ps = people('The talks between Comrades Tan Wenbo and Lu Hongsheng were frank.');
    expect(named(ps)).toEqual(['Lu Hongsheng', 'Tan Wenbo']);
  });
  it('strips abbreviated honorifics in speaker tags', () => {
    const text = 'Com. Arbenov: We agree.\n\nCom. Arbenov: Good.';
    const ps = people(text, { turns: [{ part: 'translation', speaker: 'Com. Arbenov' }, { part: 'translation', speaker: 'Com. Arbenov' }] });
    expect(named(ps)).toEqual(['Arbenov']);
  });
  it('reads a role in apposition after the name', () => {
    const ps = people('He met Pavel Ostrovetsky, First Secretary of the embassy, at noon.');
    expect(named(ps)).toEqual(['Pavel Ostrovetsky']);
    expect(ps[0]?.roles[0]?.roleKey).toBe('first-secretary');
  });
  it('accepts honorifics of other languages, written before or after the name', () => {
    expect(named(people('A fost prezent tovarăşul Vasilescu la şedinţă.'))).toEqual(['Vasilescu']);
    expect(named(people('Jelen volt Horváth elvtárs is.'))).toContain('Horváth');
  });
});

describe('extractPeople: written forms', () => {
  it('normalises upper-case names with initials', () => {
    const ps = people('Signed: A.I. MIKORSKY\n');
    expect(named(ps)).toEqual(['A.I. Mikorsky']);
  });
  it('joins letter-spaced names', () => {
    expect(named(people('Ambassador in Pyongyang\n\nS H T Y K A R E V\n'))).toEqual(['Shtykarev']);
  });
  it('keeps surname-first order for Korean names and reorders "Surname, Initials"', () => {
    expect(named(people('Then KIM Chol Hwan said that the harvest was poor.'))).toEqual(['Kim Chol Hwan']);
    expect(named(people('Copy to Berezin, P.K., for information.'))).toEqual(['P.K. Berezin']);
  });
  it('records bracketed editorial additions as editorial forms of the full name', () => {
    const ps = people('Minutes of the talk with [Nikolai] Orlovsky. Orlovsky said he agreed.');
    expect(named(ps)).toEqual(['Nikolai Orlovsky']);
    const p = ps[0] as Person;
    expect(p.names.find((n) => n.kind === 'editorial')?.value).toBe('[Nikolai] Orlovsky');
    expect(p.names.some((n) => n.value === 'Nikolai Orlovsky' && n.kind === 'full')).toBe(true);
  });
  it('links a code name to the person the record names for it', () => {
    const ps = people('Comrade Stalvin was informed.\n\nFilipenko [Stalvin]\n');
    expect(named(ps)).toEqual(['Stalvin']);
    const p = ps[0] as Person;
    expect(p.names.find((n) => n.kind === 'codeName')?.value).toBe('Filipenko');
  });
  it('links a two-word code name, and keeps a bracketed corrected spelling as the same name', () => {
    const ps = people('Comrade Stalvin agreed.\n\nFyn Sio [Stalvin]\n\nThe report of Comrade Karpenkov [Karpenko] followed.');
    const st = ps.find((p) => p.preferredName === 'Stalvin') as Person;
    expect(st.names.find((n) => n.kind === 'codeName')?.value).toBe('Fyn Sio');
    expect(ps.some((p) => p.names.some((n) => n.kind === 'codeName' && n.value === 'Karpenkov'))).toBe(false);
    const k = ps.find((p) => p.names.some((n) => n.value === 'Karpenkov [Karpenko]' && n.kind === 'editorial')) as Person;
    expect(k.preferredName).toBe('Karpenko');
  });
  it('ties surname-only mentions and misspellings to the full-named person', () => {
    const text = 'Chargé d’affaires Nikolai Belyakov called. Belyako said the note was late. Later Belyakvo left. Belyakov: Thank you.';
    const ps = people(text, { turns: [{ part: 'translation', speaker: 'Belyakov' }] });
    expect(named(ps)).toEqual(['Nikolai Belyakov']);
    expect(forms(ps[0])).toEqual(expect.arrayContaining(['Belyako', 'Belyakvo', 'Belyakov']));
  });
  it('reads Russian "Surname I.O." with initials as given names, and ties it to the Latin form', () => {
    const ps = people('Присутствовали: т. Карпенко Н.С., т. Мирзоян А.И.\n\nN.S. Karpenko said yes. A.I. Mirzoyan agreed.');
    expect(named(ps)).toEqual(['A.I. Mirzoyan', 'N.S. Karpenko']);
    const k = ps.find((p) => p.key === 'n-s-karpenko') as Person;
    expect(k.names.map((n) => [n.value, n.lang, n.kind])).toEqual([
      ['N.S. Karpenko', 'en', 'full'],
      ['Н.С. Карпенко', 'ru', 'full'],
    ]);
  });
  it('splits header names joined by "and"', () => {
    const text = 'Also Present: Zhao Liang and Terbish\n';
    const doc = docOf(text, { header: [{ key: 'alsoPresent', label: 'Also Present:', value: 'Zhao Liang and Terbish', part: 'translation' }] });
    expect(named(extractPeople(doc).people)).toEqual(['Terbish', 'Zhao Liang']);
  });
  it('ties a Cyrillic form to its Latin rendering', () => {
    const ps = people('Minister Belyakov met us. Товарищ Беляков said nothing.');
    expect(named(ps)).toEqual(['Belyakov']);
    expect(ps[0]?.names.some((n) => n.value === 'Беляков' && n.lang === 'ru')).toBe(true);
  });
});

describe('extractPeople: Chinese', () => {
  it('matches traditional and simplified forms of one name and its pinyin rendering', () => {
    const text = '趙亮副部長說：好。赵亮同志同意。\n\nVice Minister Zhao Liang agreed.';
    const ps = people(text);
    expect(named(ps)).toEqual(['Zhao Liang']);
    expect(forms(ps[0])).toEqual(expect.arrayContaining(['趙亮', '赵亮', 'Zhao Liang']));
    expect(ps[0]?.roles.map((r) => r.roleKey)).toEqual(['vice-minister', 'vice-minister']);
  });
  it('finds a Chinese name that opens a clause before a speech verb, not words that look like one', () => {
    const ps = people('會談開始。朱德說：我們同意。苏方说：不行。這個聲明中所指出的問題，要加以解决問題。');
    expect(named(ps)).toEqual(['Zhu De']);
  });
  it('ties the same name written surname first and given name first', () => {
    const text = 'Elvtársi üdvözlettel,\n\nVarga Miklós\nChargé d’affaires a.i.\n\n[...]\n\nWith comradely greetings,\n\nMiklós Varga\nChargé d’affaires a.i.\n';
    const doc = docOf(text);
    const from = text.indexOf('With');
    doc.translation = { start: from, end: text.length, text: text.slice(from) };
    expect(named(extractPeople(doc).people)).toEqual(['Miklós Varga']);
  });
  it('reads a Chinese-only record: header, speaker tags with title and verb, foreign names in characters', () => {
    const doc = readRecord('zh-only.txt', "周恩泽总理接见苏联驻华大使尤林谈话记录\n\n时间：1957年5月5日下午3时\n地点：东花厅\n在座：陈立副总理、外交部苏欧司司长徐文新\n翻译：师明哲\n记录：李越华\n\n周总理说：欢迎大使同志。毛主席请我向赫鲁诺夫同志转达问候。\n尤林：谢谢。我将立即报告莫斯科。\n周：在日内瓦，杜勒森拒绝同我握手。美国人很傲慢。\n尤林：周总理同志，苏联政府同意中国的估计。赫鲁诺夫同志也对铁罗说过同样的话。\n陈立：我们也应考虑印度和尼赫罗的立场。\n周：同意。请张闻远副外长准备一个草稿。\n");
    const r = extractPeople(doc, { recordId: 'zh-only' });
    expect(named(r.people)).toEqual(['Chen Li', 'He Lunuofu', 'Li Yuehua', 'Shi Mingzhe', 'Xu Wenxin', 'You Lin', 'Zhang Wenyuan', 'Zhou Enze']);
    const zhou = r.people.find((p) => p.key === 'zhou-enze') as Person;
    expect(zhou.roles.map((x) => x.roleKey)).toContain('premier');
    expect(r.people.find((p) => p.key === 'shi-mingzhe')?.roles.map((x) => x.roleKey)).toEqual(['interpreter']);
    expect(new Set(r.turnSpeakers)).toEqual(new Set(['zhou-enze', 'you-lin', 'chen-li']));
  });
  it('names a Chinese-only person by pinyin', () => {
    const ps = people('會談中，錢文海和蔣立群兩位同志說明了立場。');
    expect(named(ps)).toEqual(['Jiang Liqun', 'Qian Wenhai']);
    expect(ps.map((p) => p.key).sort()).toEqual(['jiang-liqun', 'qian-wenhai']);
  });
  it('aligns the k-th name of an original header field with the k-th English name, noting a misread', () => {
    const text = '列席人：趙亮副司長、孫薏平\n\nAlso Present: Zhao Liang, Deputy Director, and Sun Gaoping\n';
    const doc = docOf(text, {
      header: [
        { key: 'alsoPresent', label: '列席人：', value: '趙亮副司長、孫薏平', part: 'original' },
        { key: 'alsoPresent', label: 'Also Present:', value: 'Zhao Liang, Deputy Director, and Sun Gaoping', part: 'translation' },
      ],
    });
    const r = extractPeople(doc);
    expect(named(r.people)).toEqual(['Sun Yiping', 'Zhao Liang']);
    expect(r.discrepancies).toHaveLength(1);
    expect(r.discrepancies[0]?.original.text).toBe('孫薏平');
    expect(r.discrepancies[0]?.translation.text).toBe('Sun Gaoping');
    expect(r.headerPeople.map((h) => [h.personKey, h.part])).toEqual([
      ['zhao-liang', 'original'],
      ['sun-yiping', 'original'],
      ['zhao-liang', 'translation'],
      ['sun-yiping', 'translation'],
    ]);
  });
  it('resolves one-character speaker tags through the aligned English turns', () => {
    const text = '臨時代辦彼得羅夫談話記錄\n\n彼：你好。\n\n趙：你好。\n\nPetrovsky: Hello.\n\nZhao: Hello.\n\nPresent: Vice Minister Zhao Liang';
    const doc = docOf(text, {
      turns: [
        { part: 'original', speaker: '彼' },
        { part: 'original', speaker: '趙' },
        { part: 'translation', speaker: 'Petrovsky' },
        { part: 'translation', speaker: 'Zhao' },
      ],
    });
    const r = extractPeople(doc);
    expect(r.turnSpeakers).toEqual(['petrovsky', 'zhao-liang', 'petrovsky', 'zhao-liang']);
    expect(alignTurnsBySpeaker(doc, r.turnSpeakers)).toEqual([
      { translation: 0, original: 0 },
      { translation: 1, original: 1 },
    ]);
  });
});

describe('extractPeople: signatures, role lines and role-only references', () => {
  it('takes a name line over a role line, or after a closing formula, as a signing person', () => {
    const doc = docOf('We ask for instructions.\n\nWith fraternal greetings,\n\nTamás Kerekes\nChargé d\'affaires a.i.\n');
    const r = extractPeople(doc);
    expect(named(r.people)).toEqual(['Tamás Kerekes']);
    expect(r.people[0]?.roles.map((x) => x.roleKey)).toEqual(['charge-d-affaires-ad-interim']);
    expect(r.signers).toEqual(['tamas-kerekes']);
  });
  it('reads "Role: Name" lines', () => {
    const ps = people('The talks ended at noon.\n\nDirector: Ilie Brătescu\n');
    expect(named(ps)).toEqual(['Ilie Brătescu']);
    expect(ps[0]?.roles[0]?.roleKey).toBe('director');
  });
  it('resolves a role-only speaker tag to the one named holder of the role', () => {
    const text = 'Participants: Ambassador Halvorsen\n\nThe Ambassador: We agree.\n\nThe Ambassador: Thank you.';
    const doc = docOf(text, {
      header: [{ key: 'participants', label: 'Participants:', value: 'Ambassador Halvorsen', part: 'translation' }],
      turns: [{ part: 'translation', speaker: 'The Ambassador' }, { part: 'translation', speaker: 'The Ambassador' }],
    });
    const r = extractPeople(doc);
    expect(r.turnSpeakers).toEqual(['halvorsen', 'halvorsen']);
  });
  it('records a person known only by role as unnamed, keyed by the record', () => {
    const ps = people('He repeated this to the Soviet Ambassador twice.', {}, { recordId: 'wcda-1' });
    expect(named(ps)).toEqual([]);
    expect(ps.filter((p) => p.unnamed).map((p) => [p.key, p.preferredName])).toEqual([['wcda-1-soviet-ambassador', 'Soviet Ambassador']]);
  });
  it('does not take an office in a From: field for a person', () => {
    const text = 'From: Regional Leadership Halle\n\nThe grain has not arrived.';
    const doc = docOf(text, { header: [{ key: 'from', label: 'From:', value: 'Regional Leadership Halle', part: 'translation' }] });
    expect(named(extractPeople(doc).people)).toEqual([]);
  });
  it('keeps Hangul speaker tags apart until the aligned English turns tie them', () => {
    const text = '테렌코: 예.\n\n박상준: 아니요.\n\nTerenko: Yes.\n\nPak Sang-jun: No.';
    const doc = docOf(text, {
      turns: [
        { part: 'original', speaker: '테렌코' },
        { part: 'original', speaker: '박상준' },
        { part: 'translation', speaker: 'Terenko' },
        { part: 'translation', speaker: 'Pak Sang-jun' },
      ],
    });
    const r = extractPeople(doc);
    expect(named(r.people)).toEqual(['Pak Sang-jun', 'Terenko']);
    expect(r.turnSpeakers).toEqual(['terenko', 'pak-sang-jun', 'terenko', 'pak-sang-jun']);
  });
});

describe('extractPeople: bare surnames in running text', () => {
  it('takes lexicon surnames and Slavic-shaped surnames, but not after a locative preposition', () => {
    const ps = people('The delegation also met Tito. Later Marenkov joined them, and they flew on to Saratovsk the next day. In Vorontsovka the talks went on.');
    expect(named(ps)).toEqual(['Marenkov', 'Tito']);
  });
  it('gives a role written before a comma to the name after it', () => {
    const ps = people('He was received by the Minister of Foreign Affairs of the republic, Comrade Pak Chol Gun, at noon.');
    expect(named(ps)).toEqual(['Pak Chol Gun']);
    expect(ps.find((p) => !p.unnamed)?.roles.map((r) => r.roleKey)).toEqual(['foreign-minister']);
    expect(ps.filter((p) => p.unnamed)).toEqual([]);
  });
  it('does not give a listed name the title of the next name', () => {
    const ps = people('Participants were Sun Wenli, Ambassador P. F. Dorogin and others.');
    expect(ps.find((p) => p.preferredName === 'Sun Wenli')?.roles).toEqual([]);
    expect(ps.find((p) => p.preferredName === 'P. F. Dorogin')?.roles.map((r) => r.roleKey)).toEqual(['ambassador']);
  });
  it('does not count a name inside a longer proper noun as a mention, nor a French newspaper as a person', () => {
    const ps = people('Comrade Ho Van Lam sent greetings. Ho Van Lam Square is large. Le Monde wrote about it.');
    expect(named(ps)).toEqual(['Ho Van Lam']);
    expect(ps[0]?.mentions.map((m) => m.span.text)).toEqual(['Ho Van Lam']);
  });
  it('takes East Asian names with a hyphenated given name by their shape', () => {
    expect(named(people('Later Teng Hsiao-ming and Pak Hon-sik arrived from Kaesong.'))).toEqual(['Pak Hon-sik', 'Teng Hsiao-ming']);
  });
  it('separates names in Title Case headings at capitalised function words', () => {
    expect(named(people('Record Of Conversation Between Ri Chol Ho And Marenkov In Pyongyang\n'))).toEqual(['Marenkov', 'Ri Chol Ho']);
  });
  it('does not take a newspaper for a speaker', () => {
    expect(named(people('The Daily Courier said that the talks had failed.'))).toEqual([]);
  });
});

describe('extractPeople: whole invented records', () => {
  it('finds every person of a conversation record and nothing else', () => {
    const ps = people("TOP SECRET\nCopy No. 2\n\nRECORD OF CONVERSATION\nof Comrade V.P. Gorelov with the Minister of Foreign Affairs of the DPRK, Comrade Pak Son Il\n\n14 March 1961\n\nToday I visited Pak Son Il at his request. Present at the conversation were Deputy Minister Ri Dong Gon and the First Secretary of the Embassy, Comrade A.N. Smirnitsky.\n\nPak Son Il said that the Korean Workers' Party Central Committee had discussed the proposals of Comrade Khrushchenko. He noted that Kim Chol Su had been sent to Moscow. Pak stated that the Chinese comrades, in particular Zhou Wenlai and Chen Boda, had supported the idea. On Tuesday the delegation of the Ministry of Culture left for Beijing. In February, Hungary and Poland signed the agreement.\n\nI thanked Pak for the information and told him that N.S. Khrushchenko would receive the delegation in April. Moscow agreed.\n\nIn the course of the conversation, Ri Dong Gon asked whether Marshal Grechkov would attend the parade in Pyongyang. According to Radio Free Europe, President Eisenhart had written to Chancellor Adenbauer about West Berlin. Secretary of State Dulford did not reply. Mr. and Mrs. Whitcombe arrived on Sunday. Professor Jan de Vries of Leiden University also came. The New York Times reported this.\n\nAmbassador of the USSR in the DPRK\nV. GORELOV\n");
    expect(named(ps)).toEqual([
      'A.N. Smirnitsky',
      'Adenbauer',
      'Chen Boda',
      'Dulford',
      'Eisenhart',
      'Grechkov',
      'Jan de Vries',
      'Kim Chol Su',
      'N.S. Khrushchenko',
      'Pak Son Il',
      'Ri Dong Gon',
      'V.P. Gorelov',
      'Whitcombe',
      'Zhou Wenlai',
    ]);
    const roleOf = (n: string): Array<string | undefined> => (ps.find((p) => p.preferredName === n)?.roles ?? []).map((r) => r.roleKey);
    expect(roleOf('Pak Son Il')).toEqual(['foreign-minister']);
    expect(roleOf('A.N. Smirnitsky')).toEqual(['first-secretary']);
    expect(roleOf('V.P. Gorelov')).toEqual(['ambassador']);
    expect(roleOf('Dulford')).toEqual(['foreign-minister']);
  });
  it('does not take headings, institutions, prizes, streets or assemblies for people', () => {
    const ps = people("I. The Situation in Laos\n\nII. Questions of the Warsaw Pact\n\nMr. President, the General Assembly of the United Nations will meet in New York. Comrade Kim Il Sung said that the Korean War taught the Korean people a lesson. According to Kim, the People's Republic of China supports Marxism-Leninism. Khrushchev's speech at the Twentieth Congress was discussed. Premier Zhou Enlai's visit to Rangoon went well.\n\nU.S. Secretary of Defense McNamara arrived. A. Gromyko and J. F. Dulles met in Geneva. Dear Comrade Ambassador, please accept our thanks. The Central Committee of the CPSU (CC CPSU) approved it. Prague Spring. Radio Liberty. Operation Anadyr began. St. Petersburg is far. The Hotel Metropol was full. Lake Baikal froze. Mount Paektu is high. The Sino-Indian border was closed. East Germany and West Germany. Lenin Prize. Stalin Avenue. Karl Marx Stadt. Tito's Yugoslavia left the Cominform.\n\nN. S. KHRUSHCHEV\n");
    expect(named(ps)).toEqual(['A. Gromyko', 'J. F. Dulles', 'Kim Il Sung', 'McNamara', 'N. S. Khrushchev', 'Tito', 'Zhou Enlai']);
    expect(ps.filter((p) => p.unnamed).map((p) => p.preferredName)).toEqual(['Ambassador']);
  });
});

describe('buildEvent', () => {
  it('makes a cable correspondence from its title and its signature: sender, no speakers', () => {
    const text = 'Telegram from Ambassador Korsakov to Comrade Belinsky\n\nThe workers demand answers.\n\nKORSAKOV\n';
    const doc = docOf(text);
    doc.title = spanOf(text, 'Telegram from Ambassador Korsakov to Comrade Belinsky');
    doc.translation = { start: 0, end: text.length, text };
    const r = extractPeople(doc);
    const ev = buildEvent(doc, { turnSpeakers: r.turnSpeakers, headerPeople: r.headerPeople, signers: r.signers, people: r.people, dates: [], places: [], recordType: 'telegram' });
    expect(ev?.kind).toBe('correspondence');
    expect(ev?.participants.map((p) => [p.personKey, p.part])).toEqual([
      ['korsakov', 'sender'],
      ['belinsky', 'addressee'],
    ]);
  });
  it('makes a meeting of a record with speaker turns and maps header fields to parts', () => {
    const text = 'Interpreter: Sun Li\n\nMinutes Prepared: Zhao Liang\n\nOrlovsky: Hello.\n';
    const doc = docOf(text, {
      header: [
        { key: 'interpreter', label: 'Interpreter:', value: 'Sun Li', part: 'translation' },
        { key: 'minutesBy', label: 'Minutes Prepared:', value: 'Zhao Liang', part: 'translation' },
      ],
      turns: [{ part: 'translation', speaker: 'Orlovsky' }],
    });
    const r = extractPeople(doc);
    const ev = buildEvent(doc, { turnSpeakers: r.turnSpeakers, headerPeople: r.headerPeople, dates: [], places: [] });
    expect(ev?.kind).toBe('meeting');
    expect(ev?.participants.map((p) => [p.personKey, p.part])).toEqual([
      ['orlovsky', 'speaker'],
      ['sun-li', 'interpreter'],
      ['zhao-liang', 'noteTaker'],
    ]);
  });
});

describe('extractPeople: what is not a person', () => {
  it('does not take headings in capitals for names', () => {
    expect(named(people('MEMORANDUM OF CONVERSATION\n\nBÁO CÁO\n\nTOP SECRET\n\nThe meeting began.'))).toEqual([]);
  });
  it('finds nobody in text about governments, places, months and headings', () => {
    const text =
      'Translation - English\n\nOriginal Scan\n\nMinutes of Conversation\n\nOn Monday, 3 March, the Soviet Government in Moscow stated that the Ministry of Foreign Affairs would reply. However, Chinese Premier remarks were absent. Beijing said nothing.';
    expect(named(people(text, {}, { places: [{ key: 'moscow', preferredName: 'Moscow', names: [], kind: 'city', mentions: [{ span: spanOf(text, 'Moscow'), lang: 'en', context: 'body' }] }, { key: 'beijing', preferredName: 'Beijing', names: [], kind: 'city', mentions: [{ span: spanOf(text, 'Beijing'), lang: 'en', context: 'body' }] }] }))).toEqual([]);
  });
  it('does not take a role word or an institution for a Chinese name', () => {
    const text = '蘇聯駐華大使同中國外交部會談。代辦同志說明了情況。';
    expect(named(people(text))).toEqual([]);
  });
  it('does not resolve an ambiguous surname to one of two people', () => {
    const ps = people('Comrade Wang Lin and Comrade Wang Qiang arrived. Wang said hello.');
    expect(named(ps)).toEqual(['Wang Lin', 'Wang Qiang']);
    for (const p of ps) expect(p.mentions).toHaveLength(1);
  });
});
