/**
 * Synthetic records: invented minutes of conversations, cables and letters written in the layouts the reader
 * supports (plain export, current web page, legacy web page, PDF export), with an original in one of several
 * languages and scripts and its English translation. Everything is drawn from the lists in data/synth/ with a
 * seeded PRNG, so a seed always gives the same corpus. Each record carries the people put into it, so tests can
 * check that the extractor finds them.
 *
 * @example
 *   const lists = loadSynthLists();
 *   const rec = generateRecord(new Random(7), lists, 0);
 *   rec.fileName;              // '00000_plain-export-minutes-ru-1961.txt'
 *   rec.people.map((p) => p.name);
 */
import * as OpenCC from 'opencc-js';
import { Random } from './random.js';
import type { Culture, LanguagePack, SynthLists, TitleKey } from './lists.js';

export type Layout = 'plain-export' | 'web-current' | 'web-legacy' | 'pdf-export';
export type RecordKind = 'minutes' | 'cable' | 'letter';

/** What part a person plays in a synthetic record. */
export type SynthPart = 'speaker' | 'present' | 'interpreter' | 'recorder' | 'sender' | 'recipient';

/** A person put into a synthetic record. */
export interface SynthPerson {
  /** Full name as the English translation writes it ("Zhang Wenbin", "Andrei Gromov"). */
  name: string;
  /** Family name as the English translation writes it. */
  surname: string;
  /** Full name in the script of the person's own language. */
  native: string;
  /** Language code of the person's culture (names.json key). */
  culture: string;
  /** English title ("Ambassador"). */
  title: string;
  part: SynthPart;
}

/** One synthetic record and what was put into it. */
export interface SynthRecord {
  fileName: string;
  text: string;
  layout: Layout;
  kind: RecordKind;
  /** Language code of the original. */
  language: string;
  /** The archive's record number (document URL, Record ID). */
  recordNumber: number;
  /** ISO date of the record. */
  date: string;
  /** Only the English translation is given (no original text). */
  translationOnly: boolean;
  people: SynthPerson[];
}

export interface GenerateOptions {
  /** First record number (default 300000); record i gets recordBase + i. */
  recordBase?: number;
}

const LATIN_SCRIPT = new Set(['en', 'de', 'hu', 'ro', 'vi']);
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

interface Person extends SynthPerson {
  /** Speaker tag in the English translation. */
  tagEn: string;
  /** Speaker tag in the original. */
  tagNative: string;
  /** Title in the original's language. */
  titleNative: string;
}

interface Ctx {
  rng: Random;
  lists: SynthLists;
  lang: string;
  pack: LanguagePack;
  en: LanguagePack;
  /** Chinese originals written in simplified characters. */
  simplified: boolean;
  usedSurnames: Set<string>;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A date in one of a language's written forms. */
function formatDate(pack: LanguagePack, format: string, y: number, m: number, d: number): string {
  return fill(format, {
    y: String(y),
    M: String(m),
    D: String(d),
    MM: String(m).padStart(2, '0'),
    DD: String(d).padStart(2, '0'),
    Month: pack.months?.[m - 1] ?? String(m),
    R: ROMAN[m - 1] ?? String(m),
    Dth: ordinal(d),
  });
}

function culturePerson(ctx: Ctx, culture: string, titleKey: TitleKey, part: SynthPart): Person {
  const names: Culture | undefined = ctx.lists.names[culture];
  if (!names) throw new Error(`data/synth/names.json has no culture "${culture}"`);
  let surname = ctx.rng.pick(names.surnames);
  for (let tries = 0; ctx.usedSurnames.has(surname.latin) && tries < 20; tries++) surname = ctx.rng.pick(names.surnames);
  ctx.usedSurnames.add(surname.latin);
  const given = ctx.rng.pick(names.given);
  const familyFirstEn = names.familyFirstInEnglish === true;
  const name = familyFirstEn ? `${surname.latin} ${given.latin}` : `${given.latin} ${surname.latin}`;
  const nativeSep = culture === 'zh' || culture === 'ko' ? '' : ' ';
  const native = familyFirstEn || names.familyNameFirst ? `${surname.native}${nativeSep}${given.native}` : `${given.native} ${surname.native}`;
  const ownPack = ctx.lists.languages[culture] ?? ctx.en;
  const sameScript = culture === ctx.lang || (LATIN_SCRIPT.has(culture) && LATIN_SCRIPT.has(ctx.lang));
  // In the original a foreigner written in another script is tagged by role, as the archive's originals often do.
  let tagNative: string;
  if (culture === ctx.lang) tagNative = culture === 'ko' || culture === 'vi' ? native : surname.native;
  else tagNative = sameScript ? surname.latin : ctx.pack.roleTag;
  return {
    name,
    surname: surname.latin,
    native,
    culture,
    title: ctx.en.titles[titleKey],
    part,
    tagEn: surname.latin,
    tagNative,
    titleNative: ctx.pack.titles[titleKey] ?? ownPack.titles[titleKey],
  };
}

/** A name as the original writes it: own script for its own people and Latin-script names, else absent. */
function nativeNameIn(ctx: Ctx, p: Person): string | undefined {
  if (p.culture === ctx.lang) return p.native;
  if (LATIN_SCRIPT.has(ctx.lang) && LATIN_SCRIPT.has(p.culture)) return p.name;
  return undefined;
}

interface Paired {
  en: string;
  native: string;
}

/** A sentence pair: the same invented sentence in English and in the original. */
function sentence(ctx: Ctx, avoid: Set<number>): Paired {
  let i = ctx.rng.int(0, ctx.en.sentences.length - 1);
  for (let tries = 0; avoid.has(i) && tries < 10; tries++) i = ctx.rng.int(0, ctx.en.sentences.length - 1);
  avoid.add(i);
  const place = ctx.rng.pick(ctx.lists.places);
  const n = String(ctx.rng.pick([12, 25, 40, 150, 300, 2000, 15000]));
  return {
    en: fill(ctx.en.sentences[i] ?? '', { place: place.en ?? '', n }),
    native: fill(ctx.pack.sentences[i] ?? '', { place: place[ctx.lang] ?? place.en ?? '', n }),
  };
}

function noteSentence(ctx: Ctx, year: number): Paired {
  const y = year - ctx.rng.int(0, 2);
  const m = ctx.rng.int(1, 12);
  const d = ctx.rng.int(1, 28);
  return {
    en: fill(ctx.en.noteSentence, { date: formatDate(ctx.en, ctx.rng.pick(ctx.en.dateFormats), y, m, d) }),
    native: fill(ctx.pack.noteSentence, { date: formatDate(ctx.pack, ctx.rng.pick(ctx.pack.dateFormats), y, m, d) }),
  };
}

function paragraph(ctx: Ctx, sentences: number, extra?: Paired): Paired {
  const parts: Paired[] = [];
  const used = new Set<number>();
  for (let i = 0; i < sentences; i++) parts.push(sentence(ctx, used));
  if (extra) parts.splice(ctx.rng.int(0, parts.length), 0, extra);
  const joinNative = ctx.lang === 'zh' ? '' : ' ';
  return { en: parts.map((p) => p.en).join(' '), native: parts.map((p) => p.native).join(joinNative) };
}

interface Body {
  en: string[];
  native: string[];
}

/** Header line "Label: value" in the original's punctuation. */
function labelLine(ctx: Ctx, label: string, value: string): string {
  return `${label}${ctx.pack.colon ?? ': '}${value}`;
}

function minutesBody(ctx: Ctx, host: Person, guest: Person, others: { present: Person[]; interpreter: Person; recorder: Person }, when: Dates, targetBytes: number): Body {
  const { rng } = ctx;
  const colon = ctx.pack.colon ?? ': ';
  const hour = rng.int(9, 18);
  const timeEn = `${hour > 12 ? hour - 12 : hour}:00 ${hour >= 12 ? 'p.m.' : 'a.m.'}`;
  const en: string[] = [];
  const native: string[] = [];
  native.push(ctx.pack.classification, ctx.pack.heading.minutes);
  en.push(rng.chance(0.5) ? ctx.en.heading.minutes : `Record of the Conversation with ${guest.title} ${guest.name}`);
  en.push(`${ctx.en.labels.time}: ${when.en}, ${timeEn}`);
  native.push(labelLine(ctx, ctx.pack.labels.time, `${when.native} ${String(hour).padStart(2, '0')}:00`));
  en.push(`${ctx.en.labels.venue}: Meeting Room, ${ctx.lists.sides[ctx.lang]?.ministry ?? ctx.en.venue}`);
  native.push(labelLine(ctx, ctx.pack.labels.venue, ctx.pack.venue));
  if (others.present.length > 0) {
    const side = ctx.lists.sides[guest.culture];
    const items = others.present.map((p) => (p.culture === guest.culture ? `${p.name}, ${p.title} of the ${side?.embassy ?? 'Embassy'}` : `${p.name}, ${p.title}`));
    en.push(`${ctx.en.labels.present}: ${items.join(', and ')}`);
    const nativeItems = others.present.map((p) => {
      const n = nativeNameIn(ctx, p);
      return n ? `${p.titleNative} ${n}` : undefined;
    }).filter((s): s is string => s !== undefined);
    if (nativeItems.length > 0) native.push(labelLine(ctx, ctx.pack.labels.present, nativeItems.join(ctx.lang === 'zh' ? '、' : ', ')));
  }
  en.push(`${ctx.en.labels.interpreter}: ${others.interpreter.name}`);
  native.push(labelLine(ctx, ctx.pack.labels.interpreter, others.interpreter.native));
  en.push(`${ctx.en.labels.recorder}: ${others.recorder.name}`);
  native.push(labelLine(ctx, ctx.pack.labels.recorder, others.recorder.native));
  en.push('');
  native.push('');

  const speakers = [host, guest, ...others.present.filter((p) => p.culture === host.culture)];
  let bytes = 0;
  let turn = 0;
  let noted = false;
  while (bytes < targetBytes) {
    const who = turn < 2 ? (turn === 0 ? host : guest) : rng.chance(0.15) ? rng.pick(speakers) : turn % 2 === 0 ? host : guest;
    const extra = !noted && turn > 1 && rng.chance(0.4) ? noteSentence(ctx, when.year) : undefined;
    if (extra) noted = true;
    const para = paragraph(ctx, rng.int(2, 5), extra);
    en.push(`${who.tagEn}: ${para.en}`, '');
    native.push(`${who.tagNative}${colon}${para.native}`, '');
    bytes += Buffer.byteLength(para.en) + Buffer.byteLength(para.native);
    turn++;
  }
  return { en, native };
}

function cableBody(ctx: Ctx, sender: Person, postedIn: string, when: Dates, targetBytes: number): Body {
  const { rng } = ctx;
  const place = ctx.lists.places.find((p) => p.en === postedIn);
  const en = [`CIPHERED ${ctx.en.heading.cable}`, ctx.en.fromPlace.replace('{place}', postedIn), rng.chance(0.5) ? 'Top Secret' : ctx.en.classification, ''];
  const native = [ctx.pack.heading.cable, fill(ctx.pack.fromPlace, { place: place?.[ctx.lang] ?? postedIn }), ctx.pack.classification, ''];
  let bytes = 0;
  for (let n = 1; bytes < targetBytes; n++) {
    const para = paragraph(ctx, rng.int(2, 4), n === 2 ? noteSentence(ctx, when.year) : undefined);
    en.push(`${n}. ${para.en}`, '');
    native.push(`${n}. ${para.native}`, '');
    bytes += Buffer.byteLength(para.en) + Buffer.byteLength(para.native);
  }
  en.push(sender.surname.toUpperCase());
  native.push(sender.tagNative === ctx.pack.roleTag ? sender.native : sender.tagNative.toUpperCase());
  return { en, native };
}

function letterBody(ctx: Ctx, sender: Person, recipient: Person, when: Dates, targetBytes: number): Body {
  const { rng } = ctx;
  const side = ctx.lists.sides[sender.culture];
  const rside = ctx.lists.sides[recipient.culture];
  const colon = ctx.pack.colon ?? ': ';
  const en = [
    `${ctx.en.letterLabels.to}: ${recipient.title} ${recipient.name}, ${rside?.embassy ?? 'Embassy'}`,
    `${ctx.en.letterLabels.from}: ${sender.name}, ${side?.ministry ?? 'Ministry of Foreign Affairs'}`,
    '',
    fill(ctx.en.greeting, { name: recipient.surname }),
    '',
  ];
  const rnative = nativeNameIn(ctx, recipient);
  const native = [
    `${ctx.pack.letterLabels.to}${colon}${recipient.titleNative}${rnative ? ` ${rnative}` : ''}`,
    `${ctx.pack.letterLabels.from}${colon}${sender.native}`,
    '',
    fill(ctx.pack.greeting, { name: rnative ?? recipient.titleNative }),
    '',
  ];
  let bytes = 0;
  for (let n = 0; bytes < targetBytes; n++) {
    const para = paragraph(ctx, rng.int(3, 5), n === 1 ? noteSentence(ctx, when.year) : undefined);
    en.push(para.en, '');
    native.push(para.native, '');
    bytes += Buffer.byteLength(para.en) + Buffer.byteLength(para.native);
  }
  en.push(ctx.en.closing, sender.name);
  native.push(ctx.pack.closing, sender.native);
  return { en, native };
}

interface Dates {
  year: number;
  iso: string;
  /** The record's date as the archive's metadata writes it ("August 9, 1962"). */
  meta: string;
  /** In the English text. */
  en: string;
  /** In the original. */
  native: string;
}

function reference(ctx: Ctx): string {
  const { rng } = ctx;
  const template = rng.pick(ctx.lists.sides[ctx.lang]?.references ?? ['file {c}']);
  const p = rng.int(1, 60);
  return fill(template, {
    a: String(rng.int(10, 299)),
    a1: String(rng.int(1, 9)),
    b: String(rng.int(10, 99)),
    c: String(rng.int(100, 999)),
    d: String(rng.int(10000, 99999)),
    p: String(p),
    q: String(p + rng.int(2, 9)),
  });
}

/** One synthetic record number `index` of a corpus. */
export function generateRecord(rng: Random, lists: SynthLists, index: number, options: GenerateOptions = {}): SynthRecord {
  const en = lists.languages.en;
  if (!en) throw new Error('data/synth/languages.json: no "en" entry');
  const langs = Object.keys(lists.languages);
  const lang = rng.chance(0.12) ? 'en' : rng.pick(langs.filter((l) => l !== 'en'));
  const pack = lists.languages[lang] as LanguagePack;
  const ctx: Ctx = { rng, lists, lang, pack, en, simplified: lang === 'zh' && rng.chance(0.5), usedSurnames: new Set() };
  const kind = rng.weighted<RecordKind>({ minutes: 6, cable: 2, letter: 2 });
  const layout = rng.weighted<Layout>({ 'plain-export': 5, 'web-current': 2, 'web-legacy': 1.5, 'pdf-export': 1.5 });
  const translationOnly = lang !== 'en' && rng.chance(0.15);
  const year = rng.int(1950, 1978);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const when: Dates = {
    year,
    iso,
    meta: formatDate(en, '{Month} {D}, {y}', year, month, day),
    en: rng.chance(0.15) ? iso : formatDate(en, rng.pick(en.dateFormats), year, month, day),
    native: formatDate(pack, rng.pick(pack.dateFormats), year, month, day),
  };
  const guestCulture = rng.pick(langs.filter((l) => l !== lang));
  const side = lists.sides[lang];
  const guestSide = lists.sides[guestCulture];
  const targetBytes = rng.int(8000, 17000) * (translationOnly || lang === 'en' ? 1.6 : 1);
  const recordNumber = (options.recordBase ?? 300000) + index;
  const translator = rng.pick(en.translators ?? ['Anna Whitcombe']);
  const people: Person[] = [];
  let title: string;
  let body: Body;
  let summary: string;
  const topics = en.topics ?? ['the talks'];
  const topic1 = rng.pick(topics);
  const topic2 = rng.pick(topics.filter((t) => t !== topic1));

  if (kind === 'minutes') {
    const host = culturePerson(ctx, lang, rng.pick<TitleKey>(['viceMinister', 'minister']), 'speaker');
    const guest = culturePerson(ctx, guestCulture, 'ambassador', 'speaker');
    const present = [culturePerson(ctx, lang, 'deputyDirector', 'present')];
    if (rng.chance(0.6)) present.push(culturePerson(ctx, guestCulture, rng.pick<TitleKey>(['counsellor', 'firstSecretary']), 'present'));
    const interpreter = culturePerson(ctx, lang, 'firstSecretary', 'interpreter');
    const recorder = culturePerson(ctx, lang, 'firstSecretary', 'recorder');
    people.push(host, guest, ...present, interpreter, recorder);
    title = rng.pick([
      `Minutes of Conversation between ${host.title} ${host.name} and ${guest.title} ${guest.name}`,
      `Record of a Conversation between ${host.title} ${host.name} and ${guestSide?.adjective ?? ''} ${guest.title} ${guest.name}`.replace(/\s+/g, ' '),
      `Memorandum of Conversation between ${host.title} ${host.name} and ${guest.title} ${guest.name}`,
    ]);
    summary = `${host.surname} and ${guest.surname} discuss ${topic1} and ${topic2}.`;
    body = minutesBody(ctx, host, guest, { present, interpreter, recorder }, when, targetBytes);
  } else if (kind === 'cable') {
    const sender = culturePerson(ctx, lang, 'ambassador', 'sender');
    people.push(sender);
    const postedIn = guestSide?.capital ?? 'Warsaw';
    title = `Ciphered Telegram from ${sender.title} ${sender.name} in ${postedIn} to the ${side?.ministry ?? 'Ministry of Foreign Affairs'}`;
    summary = `The ambassador reports on ${topic1} and on ${topic2}.`;
    body = cableBody(ctx, sender, lists.places.some((p) => p.en === postedIn) ? postedIn : 'Warsaw', when, targetBytes);
  } else {
    const sender = culturePerson(ctx, lang, 'viceMinister', 'sender');
    const recipient = culturePerson(ctx, guestCulture, 'ambassador', 'recipient');
    people.push(sender, recipient);
    title = `Letter from ${sender.title} ${sender.name} to ${recipient.title} ${recipient.name}`;
    summary = `${sender.name} writes to the ${guestSide?.adjective ?? 'foreign'} ambassador about ${topic1} and ${topic2}.`;
    body = letterBody(ctx, sender, recipient, when, targetBytes);
  }

  // Simplified-character originals: the whole original converted, as the archive's simplified transcripts are.
  if (ctx.simplified) body.native = body.native.map((line) => toSimplified(line));
  const ref = reference(ctx);
  const parts: RecordParts = { title, summary, when, ref, translator, recordNumber, lang, pack, en, body, translationOnly, funder: rng.chance(0.4) ? rng.pick(en.funders ?? []) : undefined, rng };
  const text = renderLayout(layout, parts);
  const fileName = `${String(index).padStart(5, '0')}_${layout}-${kind}-${lang}-${year}.txt`;
  return {
    fileName,
    text,
    layout,
    kind,
    language: lang,
    recordNumber,
    date: iso,
    translationOnly,
    people: people.map(({ name, surname, native, culture, title: t, part }) => ({
      name,
      surname,
      native: ctx.simplified && culture === 'zh' ? toSimplified(native) : native,
      culture,
      title: t,
      part,
    })),
  };
}

interface RecordParts {
  title: string;
  summary: string;
  when: Dates;
  ref: string;
  translator: string;
  recordNumber: number;
  lang: string;
  pack: LanguagePack;
  en: LanguagePack;
  body: Body;
  translationOnly: boolean;
  funder: string | undefined;
  rng: Random;
}

function url(p: RecordParts): string {
  return `https://digitalarchive.example.org/document/${p.recordNumber}`;
}

function contentsItems(p: RecordParts): string[] {
  if (p.lang === 'en') return ['Original Scan', 'Transcript - English'];
  return p.translationOnly ? ['Original Scan', 'Translation - English'] : ['Original Scan', 'Translation - English', `Transcript - ${p.pack.name}`];
}

function citation(p: RecordParts, quoted: boolean): string {
  const t = quoted ? `"${p.title}"` : p.title;
  return `${t}, ${p.when.meta}, Wilson Center Digital Archive, ${p.ref}.${p.lang === 'en' ? '' : ` Translated by ${p.translator}.`}`;
}

function plainExport(p: RecordParts): string {
  const out = ['', '', p.when.meta, '', `**${p.title}**`, '', 'Citation:', '', citation(p, true), `<${url(p)}>`, '', 'Summary:', '', p.summary, ''];
  if (p.funder) out.push('Credits:', '', `This document was made possible with support from ${p.funder}`, '');
  out.push('Original Language:', '', p.pack.name, '', 'Contents:', '', ...contentsItems(p), '');
  if (p.lang === 'en') return [...out, ...p.body.en, ''].join('\n');
  if (!p.translationOnly) out.push(...p.body.native, '[...]', '');
  out.push(p.title, '', ...p.body.en, '[...]');
  return out.join('\n');
}

function webCurrent(p: RecordParts): string {
  const out = [p.title, '', p.when.meta, '', p.summary, '', ...p.body.en];
  if (p.lang !== 'en' && !p.translationOnly) out.push('[...]', '', ...p.body.native);
  out.push(
    'Document Information',
    '',
    'Source',
    `${p.ref}.${p.lang === 'en' ? '' : ` Translated by ${p.translator}.`}`,
    '',
    'Rights',
    'Invented synthetic record; reuse is unrestricted.',
    '',
    'Original Uploaded Date',
    `20${String(p.rng.int(10, 23))}-0${p.rng.int(1, 9)}-1${p.rng.int(0, 9)}`,
    '',
    'Language',
    p.pack.name,
    '',
    'Record ID',
    String(p.recordNumber),
    '',
  );
  return out.join('\n');
}

function webLegacy(p: RecordParts): string {
  const out = ['Skip to main content', '', 'Search', '', 'Citation', '', 'get citation', '', p.summary, '', `${citation(p, true)} ${url(p)}`, '', 'Download PDF', '', 'English HTML', '', ...p.body.en];
  if (p.lang !== 'en' && !p.translationOnly) out.push('Original HTML', '', ...p.body.native);
  return out.join('\n');
}

function pdfExport(p: RecordParts): string {
  const head = [
    p.when.meta,
    p.title,
    `Citation: ${citation(p, false)}`,
    `${url(p)} Summary: ${p.summary} Original Language: ${p.pack.name} Contents: ${contentsItems(p).join(' ')}`,
  ];
  const footer = `Wilson Center Digital Archive ${p.lang === 'en' ? 'Transcript' : 'Translation'} - English`;
  // PDF text has no blank lines, a footer every page and page numbers glued to the first line of the next page.
  const paginate = (lines: string[], withFooter: boolean): string[] => {
    const out: string[] = [];
    let page = 1;
    let count = 0;
    for (const line of lines.filter((l) => l !== '')) {
      if (count === 12) {
        page++;
        count = 0;
        if (withFooter) out.push(footer);
        out.push(/^\p{L}/u.test(line) ? `${page}${line}` : line);
      } else out.push(line);
      count++;
    }
    if (withFooter) out.push(footer);
    return out;
  };
  const out = [...head];
  if (p.lang !== 'en' && !p.translationOnly) out.push(...paginate(p.body.native, false));
  out.push(...paginate([p.title, ...p.body.en], true));
  return `${out.join('\n')}\n`;
}

function renderLayout(layout: Layout, p: RecordParts): string {
  switch (layout) {
    case 'plain-export':
      return plainExport(p);
    case 'web-current':
      return webCurrent(p);
    case 'web-legacy':
      return webLegacy(p);
    case 'pdf-export':
      return pdfExport(p);
  }
}

/** `n` records for `seed`, generated one at a time (a corpus of thousands never sits in memory). */
export function* generateCorpus(n: number, seed: number, lists: SynthLists, options: GenerateOptions = {}): Generator<SynthRecord> {
  const rng = new Random(seed);
  for (let i = 0; i < n; i++) yield generateRecord(rng, lists, i, options);
}
