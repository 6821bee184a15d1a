/**
 * A hand-made RecordExtraction over an invented record (fictional people and numbers), so the model tests do
 * not depend on the extractor. Spans are computed from the text, so they always satisfy
 * text.slice(start, end) === span.text.
 */
import type { RecordExtraction, Span } from '../src/extract/types.js';

export const FIXTURE_TEXT = [
  'March 3, 1963',
  '',
  "**Minutes of Vice Minister Zhao Lin's Conversation with Counsellor Ivan Petrov**",
  '',
  'Citation:',
  '',
  "\"Minutes of Vice Minister Zhao Lin's Conversation with Counsellor Ivan Petrov\", March 3, 1963, Wilson Center Digital Archive, PRC FMA 109-00001-02, 1-3.",
  '<https://example.org/document/900001>',
  '',
  '秘密 文12',
  '',
  '趙林副部長接見彼得羅夫參贊談話記錄',
  '',
  '趙：歡迎你。',
  '',
  '彼：謝謝。',
  '',
  'Minutes of Vice Minister Zhao Lin\'s Conversation with Counsellor Ivan Petrov',
  '',
  'Time: 3 March 1963, 10:00 a.m.',
  '',
  'Zhao: Welcome.',
  '',
  'Petrov: Thank you. 😀',
  '',
  '送：部長（2份）',
  '',
].join('\n');

/** The span of the `nth` (0-based) occurrence of `needle`, searching from `from`. Throws when absent. */
export function spanOf(needle: string, nth = 0, text = FIXTURE_TEXT): Span {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture: "${needle}" occurrence ${nth} not found`);
  }
  return { start: at, end: at + needle.length, text: needle };
}

/** A fresh extraction each call (tests mutate it to break things). */
export function fixtureExtraction(): RecordExtraction {
  const t = FIXTURE_TEXT;
  const title = spanOf("Minutes of Vice Minister Zhao Lin's Conversation with Counsellor Ivan Petrov");
  const origStart = t.indexOf('趙林副部長');
  const origEnd = t.indexOf('彼：謝謝。') + '彼：謝謝。'.length;
  const trStart = t.indexOf("Minutes of Vice Minister Zhao Lin's Conversation with Counsellor Ivan Petrov", origEnd);
  const trEnd = t.indexOf('Thank you. 😀') + 'Thank you. 😀'.length;
  const original: Span = { start: origStart, end: origEnd, text: t.slice(origStart, origEnd) };
  const translation: Span = { start: trStart, end: trEnd, text: t.slice(trStart, trEnd) };
  const recordDate = { span: spanOf('March 3, 1963'), value: '1963-03-03', datatype: 'date' as const, role: 'recordDate' as const, lang: 'en' };
  const meetingTime = {
    span: spanOf('3 March 1963, 10:00 a.m.'),
    value: '1963-03-03T10:00',
    datatype: 'dateTime' as const,
    role: 'meetingTime' as const,
    lang: 'en',
  };
  const citation = spanOf(
    "\"Minutes of Vice Minister Zhao Lin's Conversation with Counsellor Ivan Petrov\", March 3, 1963, Wilson Center Digital Archive, PRC FMA 109-00001-02, 1-3.",
  );
  return {
    doc: {
      file: 'tests/fixtures/invented.txt',
      text: t,
      sha256: 'ab'.repeat(32),
      layout: 'plain-export',
      sections: [
        { kind: 'date', content: recordDate.span },
        { kind: 'title', content: title },
        { kind: 'citation', label: spanOf('Citation:'), content: citation },
        { kind: 'original', content: original },
        { kind: 'translation', content: translation },
      ],
      date: recordDate.span,
      title,
      citation,
      url: spanOf('https://example.org/document/900001'),
      contents: [],
      documentInformation: [],
      original,
      translation,
      headings: [{ part: 'original', span: spanOf('趙林副部長接見彼得羅夫參贊談話記錄') }],
      header: [{ key: 'time', label: spanOf('Time'), value: meetingTime.span, part: 'translation' }],
      turns: [
        { index: 0, part: 'original', speaker: spanOf('趙', 1), body: spanOf('歡迎你。') },
        { index: 1, part: 'original', speaker: spanOf('彼', 1), body: spanOf('謝謝。') },
        { index: 0, part: 'translation', speaker: spanOf('Zhao', 3), body: spanOf('Welcome.') },
        { index: 1, part: 'translation', speaker: spanOf('Petrov', 3), body: spanOf('Thank you. 😀') },
      ],
      furniture: [],
      paragraphs: [],
      warnings: [],
    },
    recordId: 'wcda-900001',
    record: {
      titles: [
        { span: title, lang: 'en', kind: 'main' },
        { span: spanOf('趙林副部長接見彼得羅夫參贊談話記錄'), lang: 'zh-Hant', kind: 'original' },
      ],
      type: { key: 'minutes', label: 'minutes of conversation' },
      date: recordDate,
      originalLanguage: { label: 'Chinese', lang: 'zh-Hant', span: spanOf('趙林副部長接見彼得羅夫參贊談話記錄') },
      funderKeys: ['example-foundation'],
      sourceUrl: 'https://example.org/document/900001',
      repositoryKey: 'prc-fma',
    },
    people: [
      {
        key: 'zhao-lin',
        preferredName: 'Zhao Lin',
        names: [
          { value: 'Zhao Lin', lang: 'en', kind: 'full' },
          { value: '趙林', lang: 'zh-Hant', kind: 'full' },
          { value: '趙', lang: 'zh-Hant', kind: 'speakerTag' },
          { value: 'Zhao', lang: 'en', kind: 'speakerTag' },
        ],
        mentions: [
          { span: spanOf('Zhao Lin'), lang: 'en', context: 'title', nameIndex: 0 },
          { span: spanOf('趙林'), lang: 'zh-Hant', context: 'heading', nameIndex: 1 },
          { span: spanOf('趙', 1), lang: 'zh-Hant', context: 'speakerTag', nameIndex: 2 },
          { span: spanOf('Zhao', 3), lang: 'en', context: 'speakerTag', nameIndex: 3 },
        ],
        roles: [
          {
            asWritten: 'Vice Minister',
            roleKey: 'vice-minister',
            label: 'Vice Minister',
            affiliationKey: 'prc-mfa',
            asOf: '1963-03-03',
            span: spanOf('Vice Minister'),
          },
        ],
        affiliations: [],
        side: 'china',
      },
      {
        key: 'ivan-petrov',
        preferredName: 'Ivan Petrov',
        names: [
          { value: 'Ivan Petrov', lang: 'en', kind: 'full' },
          { value: '彼得羅夫', lang: 'zh-Hant', kind: 'full' },
          { value: '彼', lang: 'zh-Hant', kind: 'speakerTag' },
          { value: 'Petrov', lang: 'en', kind: 'speakerTag' },
        ],
        mentions: [
          { span: spanOf('Ivan Petrov'), lang: 'en', context: 'title', nameIndex: 0 },
          { span: spanOf('Petrov', 3), lang: 'en', context: 'speakerTag', nameIndex: 3 },
        ],
        roles: [],
        affiliations: [],
      },
    ],
    institutions: [
      {
        key: 'prc-mfa',
        preferredName: 'Ministry of Foreign Affairs of the PRC',
        names: [{ value: 'Ministry of Foreign Affairs of the PRC', lang: 'en', kind: 'full' }],
        kind: 'ministry',
        mentions: [],
        country: 'china',
      },
    ],
    places: [
      { key: 'china', preferredName: 'China', names: [{ value: 'China', lang: 'en', kind: 'full' }], kind: 'country', mentions: [] },
    ],
    dates: [recordDate, meetingTime],
    identifiers: [
      {
        span: spanOf('PRC FMA 109-00001-02, 1-3'),
        asWritten: 'PRC FMA 109-00001-02, 1-3',
        scheme: 'prc-fma',
        repositoryKey: 'prc-fma',
        parts: { fileNumber: '109-00001-02', pages: '1-3' },
      },
    ],
    event: {
      kind: 'meeting',
      date: recordDate,
      time: meetingTime,
      participants: [
        { personKey: 'zhao-lin', part: 'speaker', span: spanOf('Zhao', 3) },
        { personKey: 'ivan-petrov', part: 'speaker', span: spanOf('Petrov', 3) },
        { personKey: 'ivan-petrov', part: 'speaker', span: spanOf('彼', 1) },
      ],
    },
    turnSpeakers: ['zhao-lin', 'ivan-petrov', 'zhao-lin', 'ivan-petrov'],
    turnAlignment: [
      { translation: 0, original: 0 },
      { translation: 1, original: 1 },
    ],
    distribution: [{ span: spanOf('部長（2份）'), asWritten: '部長', copies: 2, certainty: 'probable' }],
    admin: [{ kind: 'classification', span: spanOf('秘密'), value: '秘密', label: 'Secret' }],
    discrepancies: [
      { kind: 'other', original: spanOf('歡迎你。'), translation: spanOf('Welcome.'), note: 'The original addresses the guest directly.' },
    ],
  };
}
