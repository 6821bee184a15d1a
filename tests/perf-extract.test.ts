// The extraction speed-ups of issue 6 (literal prefilters, match starts found once, shared units) must not change
// what is matched: these pin each cheap test against the regular expression or the slow path it stands in for.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claimLexicon, compileCue, guardedTest, requiredAnyOf } from '../src/extract/claims/lexicon.js';
import { englishNumbers } from '../src/extract/claims/quantities.js';
import { anyCue, stanceOf, topicsOf } from '../src/extract/claims/analyse.js';
import { extractDates, parseDate } from '../src/extract/dates.js';
import { normaliseWord, isInitials } from '../src/extract/names.js';
import { isPinyinName } from '../src/extract/chinese.js';
import { readRecord } from '../src/extract/reader/index.js';
import { extractAdmin } from '../src/extract/admin.js';
import { claimUnits, extractClaims, findDiscrepancies } from '../src/extract/claims/index.js';
import { extractRecord } from '../src/extract/index.js';

describe('requiredAnyOf', () => {
  it('takes the alternatives of a group every match goes through', () => {
    expect(requiredAnyOf('\\b(reply|answer) (next|later|soon)\\b')).toEqual(['reply', 'answer']);
    expect(requiredAnyOf('(?<who>abc|def)x')).toEqual(['abc', 'def']);
  });

  it('takes every alternative of a pattern with a top-level alternation', () => {
    expect(requiredAnyOf('\\bdeny|denies|denied\\b')).toEqual(['deny', 'denies', 'denied']);
    expect(requiredAnyOf('\\bdeny|no\\b')).toBeUndefined();
  });

  it('prefers the literal or group with the longest shortest member', () => {
    expect(requiredAnyOf('\\bnot (a )?(correct|true)\\b')).toEqual(['correct', 'true']);
    expect(requiredAnyOf('\\bthank you\\b')).toEqual(['thank you']);
  });

  it('skips optional groups, lookarounds and groups with a short alternative', () => {
    expect(requiredAnyOf('a(bcd|efg)?')).toBeUndefined();
    expect(requiredAnyOf('(?=abcd)x')).toBeUndefined();
    expect(requiredAnyOf('(?<!abcd)x')).toBeUndefined();
    expect(requiredAnyOf('\\b(I|we) said\\b')).toEqual(['said']);
  });

  it('reads through classes and escaped brackets', () => {
    expect(requiredAnyOf('[(|]abc[)]')).toEqual(['abc']);
    expect(requiredAnyOf('\\(abcd\\)')).toEqual(['abcd']);
  });
});

describe('guardedTest', () => {
  const cases: Array<[RegExp, string[]]> = [
    [/\b(stop|end|finish) (here|there|now)\b/iu, ['Let us STOP HERE.', 'we end now', 'the end of it', 'Let us pause here']],
    [/\b(I|we)('ll| will| shall) report\b/iu, ['We will REPORT this', 'I reported it', 'reports', 'We\u2019ll report']],
    [/\bdeny|denies|denied\b/iu, ['He DENIED it', 'a denial', 'they deny', 'nothing']],
  ];
  it('gives the answers of the regular expression', () => {
    for (const [re, texts] of cases) {
      const test = guardedTest(re);
      for (const t of texts) expect(test(t), `${re} on "${t}"`).toBe(re.test(t));
    }
  });

  it('still matches when the text spells s as long s or k as the Kelvin sign (/iu folds them to ASCII)', () => {
    expect(guardedTest(/\bthank you\b/iu)('Thank you')).toBe(true);
    expect(guardedTest(/\bwe shall report\b/iu)('we ſhall report')).toBe(true);
    expect(guardedTest(/\bbacklog\b/iu)('the bac\u212Alog')).toBe(true);
  });

  it('leaves a global pattern to its own lastIndex semantics', () => {
    const re = /\bagree\b/giu;
    const test = guardedTest(re);
    expect(test('we agree')).toBe(true);
    expect(test('we agree')).toBe(false); // lastIndex moved on, as re.test does
  });
});

describe('pattern cues behind requiredAnyOf', () => {
  it('matches one of the alternatives in any case and nothing without them', () => {
    const cue = compileCue('\\b(unfounded|groundless|baseless)\\b', 'test');
    expect(cue.test('These claims are GROUNDLESS.')).toBe(true);
    expect(cue.test('These claims are false.')).toBe(false);
  });

  it('compiles a phrase cue lazily and still finds it', () => {
    const cue = compileCue('border crossing*', 'test');
    expect(cue.exec?.('Two Border Crossings were closed.')?.[0]).toBe('Border Crossings');
    expect(cue.exec?.('Two border posts were closed.')).toBeNull();
  });

  it('still rejects an invalid written pattern at load, naming it', () => {
    expect(() => compileCue('\\b(unclosed\\b', 'claims.json stances')).toThrow(/claims\.json stances: cue "\\b\(unclosed\\b" is not a valid pattern/);
  });
});

describe('topic and stance cues behind the start-word index', () => {
  const lex = claimLexicon();
  // the answers of every cue tried in turn, without the index
  const plainTopics = (en: string) => lex.topics.filter((t) => t.cues.some((c) => c.lang === 'en' && c.test(en))).map((t) => t.key);
  const plainStance = (en: string) => lex.stances.find((s) => s.cues.some((c) => c.lang === 'en' && c.test(en)))?.key ?? 'asserts';
  const sentences = [
    'Illegal border crossings by large-scale groups were reported at the barbed wire.',
    'ILLEGAL BORDER CROSSERS were TRANSPORTED into the interior.',
    'The gaps in the fence were closed; transport of goods resumed.',
    'We propose that both sides withdraw and we promise to help.',
    'They ſay the tranſport of troops through the hinterland continued.',
    'The \u212Aey issue is the barbed-wire fence.',
    'Nothing of the kind happened; it is groundless.',
    'Submarines, tanks and aid were discussed at length.',
  ];
  it('gives the topics and the stance that trying every cue gives', () => {
    for (const en of sentences) {
      expect(topicsOf(en, undefined, lex), en).toEqual(plainTopics(en));
      expect(stanceOf(en, undefined, lex), en).toBe(plainStance(en));
    }
  });

  it('gives the relation cues\' answers with the lexicon index as without it', () => {
    const relations = [
      'I agree with your remarks and we support this.',
      'We reject this; it is not so, as I said before.',
      'As I have already said, we repeat our position.',
      'Your statement contradicts the facts.',
      'They ſupport the plan.',
    ];
    for (const en of relations) {
      for (const cues of Object.values(lex.relations)) expect(anyCue(cues, en, undefined, lex), en).toBe(anyCue(cues, en));
    }
    expect(relations.some((en) => Object.values(lex.relations).some((cues) => anyCue(cues, en, undefined, lex)))).toBe(true);
  });

  it('finds topics at all on these sentences (the comparison is not empty)', () => {
    expect(sentences.filter((en) => topicsOf(en, undefined, lex).length > 0).length).toBeGreaterThan(3);
  });
});

describe('englishNumbers prefilter', () => {
  const lex = claimLexicon();
  it('reads digits, number words and vague amounts', () => {
    expect(englishNumbers('They sent 1,200 men.', lex).map((n) => n.min)).toEqual([1200]);
    expect(englishNumbers('Twenty-one trucks crossed.', lex).map((n) => n.min)).toEqual([21]);
    expect(englishNumbers('A FEW soldiers stayed.', lex).map((n) => n.approximate)).toEqual([true]);
  });

  it('finds none in a sentence whose number-like letters sit inside other words', () => {
    expect(englishNumbers('Someone often mentioned the attention they had done.', lex)).toEqual([]);
  });
});

describe('dates found from the month starts', () => {
  const doc = (body: string) => readRecord('invented.txt', `Memorandum of Conversation\n\n${body}\n`);
  it('reads month-first forms, ranges and forms without a year as before', () => {
    expect(parseDate('August 9, 1962')?.value).toBe('1962-08-09');
    expect(parseDate('Aug. 9th 1962')?.value).toBe('1962-08-09');
    expect(parseDate('August 9-10, 1962')?.value).toBe('1962-08-09');
    expect(parseDate('August 1962')?.value).toBe('1962-08');
    expect(parseDate('SEPTEMBER 3, 1961')?.value).toBe('1961-09-03');
  });

  it('finds every date of a text, longest first where forms overlap', () => {
    const d = doc('Moscow, 9 August 1962. On August 10, 1962 and on 12 August they met; in March 1963 again (March 4-5, 1963).');
    const values = extractDates(d).map((x) => x.value);
    expect(values).toContain('1962-08-09');
    expect(values).toContain('1962-08-10');
    expect(values).toContain('1963-03');
    expect(values).toContain('1963-03-04');
  });

  it('gives the same dates when a record is read twice (the starts are kept per text)', () => {
    const a = extractDates(doc('On June 26, 1950 and 27 June.')).map((x) => `${x.value}@${x.span.start}`);
    const b = extractDates(doc('On June 26, 1950 and 27 June.')).map((x) => `${x.value}@${x.span.start}`);
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(0);
  });
});

describe('name helpers behind caches', () => {
  it('normaliseWord gives the same answer from its cache', () => {
    expect(normaliseWord('MIKOYAN')).toBe('Mikoyan');
    expect(normaliseWord('MIKOYAN')).toBe('Mikoyan');
    expect(normaliseWord("O'BRIEN")).toBe("O'Brien");
    expect(normaliseWord('A.I.')).toBe('A.I.');
    expect(normaliseWord('Zhou')).toBe('Zhou');
    expect(isInitials('N.S.')).toBe(true);
    expect(isInitials('Na.')).toBe(false);
  });

  it('isPinyinName still needs a pinyin surname and pinyin given names', () => {
    expect(isPinyinName('Zhao Liang')).toBe(true);
    expect(isPinyinName('Pavel Belyakov')).toBe(false);
    expect(isPinyinName('Dean Ming')).toBe(false); // pinyin-shaped given name, no pinyin surname
  });
});

describe('classification marks behind the line-start prefilter', () => {
  const marks = (text: string) =>
    extractAdmin(readRecord('invented.txt', `Memorandum of Conversation\n\n${text}\n`))
      .filter((a) => a.kind === 'classification')
      .map((a) => a.span.text);

  it('finds a mark at the start of a line, after an opening bracket, in any case', () => {
    expect(marks('(TOP SECRET)\n\nThe meeting was held.')).toEqual(['(TOP SECRET']);
    expect(marks('TOP SECRET\n\nStreng geheim\n\nThe meeting was held.')).toEqual(['TOP SECRET', 'Streng geheim']);
  });

  it('finds none inside a line', () => {
    expect(marks('The meeting discussed whether top secret papers exist.')).toEqual([]);
  });
});

describe('claim units shared by claims and discrepancies', () => {
  it('gives the same claims and discrepancies as each stage building its own units', () => {
    const ext = extractRecord('data/records/000_2dbcfce8bcb06762.txt', readFileSync('data/records/000_2dbcfce8bcb06762.txt', 'utf8'), { claims: false });
    const units = claimUnits(ext);
    expect(JSON.stringify(extractClaims(ext, units))).toBe(JSON.stringify(extractClaims(ext)));
    expect(JSON.stringify(findDiscrepancies(ext, units))).toBe(JSON.stringify(findDiscrepancies(ext)));
  });
});
