/**
 * The record's own description: its titles (main, the citation's, the translation's heading and subtitle, the
 * original's title and subtitle, language-tagged), its type from the title words (data/lexicon/record-types.json),
 * date, original language (data/lexicon/languages.json), translator, funders, source URL, repository, summary
 * and rights; and the record id used to mint its IRIs.
 */
import { toSimplified, zhLangOf } from './chinese.js';
import { isAdminMark } from './admin.js';
import { escapeRegExp, extractDates, loadLexicon, spanOf } from './dates.js';
import { extractIdentifiers, labelIs } from './identifiers.js';
import { extractTranslator, languageOf } from './institutions.js';
import { slugOf } from './names.js';
import { simplifiedForm } from './places.js';
import type { Institution, LangTag, RecordDoc, RecordInfo, RecordType, Span } from './types.js';

interface RecordTypesLexicon {
  types: Array<{ key: RecordType; label: string; forms: string[] }>;
}

interface ArchivesFields {
  publishers: string[];
  typeFields: string[];
  rightsFields: string[];
}


/**
 * Stable id of a record: "wcda-118206" from an archive URL ending /document/118206, else the file's stem slugged.
 * @example recordIdOf(doc) // 'wcda-118206'
 */
export function recordIdOf(doc: RecordDoc): string {
  const candidates = [doc.url?.text, doc.citation?.text, ...doc.documentInformation.map((f) => f.value?.text)];
  for (const c of candidates) {
    const m = c ? /\/document\/(\d+)(?![\d])/u.exec(c) : null;
    if (m) return `wcda-${m[1]}`;
  }
  const base = doc.file.replace(/\\/g, '/').split('/').pop() ?? doc.file;
  const stem = base.replace(/\.[^.]+$/u, '');
  const slug = slugOf(stem);
  if (slug === '') throw new Error(`${doc.file}: cannot make a record id from the file name "${base}". Rename the file to include letters or digits, or give the record an archive URL.`);
  return slug;
}

interface TypeForm {
  key: RecordType;
  label: string;
  form: string;
  /** A Chinese form: `han`, its simplified form, is set at the first title holding a Han character. */
  hanForm?: boolean;
  /** The simplified form of a Chinese form, matched as a substring of the simplified title. */
  han?: string;
  /** A Latin form on letter boundaries, any whitespace between its words, case-insensitive: `source` compiled into
   * `re` when a title first passes the cheaper tests below. */
  source?: string;
  re?: RegExp;
  /** The lower-cased words of an all-ASCII Latin form: each must occur in the lower-cased title for `re` to match. */
  words?: string[];
  /** `re` without its letter boundaries, for the other Latin forms: cheap to compile, and `re` needs it to match. */
  plain?: RegExp;
}

let typeFormsCache: TypeForm[] | undefined;
/** All the `plain` patterns in one: a title it does not match holds none of those forms. */
let anyPlainCache: RegExp | undefined;

/** The record-type forms compiled once per process (the lexicon is read once; titles are tried by the dozen). */
function typeForms(): TypeForm[] {
  if (typeFormsCache) return typeFormsCache;
  const out: TypeForm[] = [];
  for (const t of loadLexicon<RecordTypesLexicon>('record-types.json').types) {
    for (const f of t.forms) {
      // simplified at the first title holding a Han character (recordTypeOf): no OpenCC for other records
      if (/\p{Script=Han}/u.test(f)) out.push({ key: t.key, label: t.label, form: f, hanForm: true });
      else {
        const tf: TypeForm = { key: t.key, label: t.label, form: f, source: `(?<![\\p{L}])${escapeRegExp(f).replace(/ /g, '\\s+')}(?![\\p{L}])` };
        const words = f.toLowerCase().split(' ').filter((w) => w.length > 0);
        // a letter-boundary class under /iu costs about a millisecond to compile: cheaper tests keep most forms
        // from ever being compiled
        if (words.length > 0 && words.every((w) => /^[\x21-\x7e]+$/.test(w))) tf.words = words;
        else tf.plain = new RegExp(escapeRegExp(f).replace(/ /g, '\\s+'), 'iu');
        out.push(tf);
      }
    }
  }
  const plains = out.filter((t) => t.plain).map((t) => `(?:${t.plain!.source})`);
  anyPlainCache = plains.length > 0 ? new RegExp(plains.join('|'), 'iu') : undefined;
  return (typeFormsCache = out);
}

/** The record type a title states, with the span of the words that state it. */
export function recordTypeOf(doc: RecordDoc, title: Span): { key: RecordType; label: string; span: Span } | undefined {
  const simp = toSimplified(title.text);
  // ſ and the Kelvin sign fold to ASCII letters under /iu but not under toLowerCase: no prefilter then
  const low = /[\u017f\u212a]/u.test(title.text) ? undefined : title.text.toLowerCase();
  let best: { key: RecordType; label: string; at: number; len: number } | undefined;
  const forms = typeForms();
  const anyPlain = anyPlainCache?.test(title.text) ?? false;
  let simpHasHan: boolean | undefined;
  for (const t of forms) {
    let at: number;
    if (t.hanForm) {
      // a form with a Han character is not in a title without one
      if (!(simpHasHan ??= HAN.test(simp))) continue;
      at = simp.indexOf((t.han ??= simplifiedForm(t.form)));
    } else {
      if (t.words && low !== undefined && !t.words.every((w) => low.includes(w))) continue;
      if (t.plain && (!anyPlain || !t.plain.test(title.text))) continue;
      const m = (t.re ??= new RegExp(t.source!, 'iu')).exec(title.text);
      at = m ? m.index : -1;
      if (m) {
        if (!best || at < best.at || (at === best.at && m[0].length > best.len)) best = { key: t.key, label: t.label, at, len: m[0].length };
        continue;
      }
    }
    if (at >= 0 && (!best || at < best.at || (at === best.at && t.form.length > best.len))) best = { key: t.key, label: t.label, at, len: t.form.length };
  }
  if (!best) return undefined;
  return { key: best.key, label: best.label, span: spanOf(doc, title.start + best.at, title.start + best.at + best.len) };
}

const HAN = /\p{Script=Han}/u;

function langOfText(s: string, fallback: LangTag): LangTag {
  if (HAN.test(s)) return zhLangOf(s);
  if (/[\u0400-\u04ff]/u.test(s)) return 'ru';
  if (/[\uac00-\ud7af]/u.test(s)) return 'ko';
  return fallback;
}

/** The quoted title at the start of the citation ("“Minutes of …”, August 9, 1962, …"). */
function citationTitle(doc: RecordDoc): Span | undefined {
  const c = doc.citation;
  if (!c) return undefined;
  const m = /^\s*["“]([^"”]+)["”]/u.exec(c.text);
  if (!m) return undefined;
  const start = c.start + m[0].indexOf(m[1]!);
  // American style puts the citation's comma inside the quotes ("Title," 1950, …): it is not the title's
  const title = m[1]!.replace(/[\s,;]+$/u, '');
  return spanOf(doc, start, start + title.length);
}

/**
 * Titles of one part's headings: consecutive headings up to the one holding a record-type word make the title
 * (one span over the lines: a title broken over lines stays one title); later headings are subtitles.
 */
function partTitles(doc: RecordDoc, part: 'original' | 'translation'): Array<{ span: Span; kind: 'title' | 'subtitle' }> {
  // classification marks, page statements, file numbers and date lines set among the headings are not titles
  const hs = doc.headings.filter((h) => h.part === part && !isAdminMark(h.span.text)).map((h) => h.span);
  if (hs.length === 0) return [];
  let t = hs.findIndex((h) => recordTypeOf(doc, h) !== undefined);
  if (t < 0) t = 0;
  // a title broken over several headings: the headings right before the typed one, with nothing between them
  let first = t;
  while (first > 0 && doc.text.slice(hs[first - 1]!.end, hs[first]!.start).trim() === '') first--;
  const out: Array<{ span: Span; kind: 'title' | 'subtitle' }> = [{ span: spanOf(doc, hs[first]!.start, hs[t]!.end), kind: 'title' }];
  for (const h of hs.slice(t + 1)) out.push({ span: h, kind: 'subtitle' });
  return out;
}

/**
 * The record's description. `institutions` are the record's institutions (extractInstitutions): funders and a
 * translating organisation are taken from them; a person translator is keyed by slugOf(name) for the people stage.
 */
export function extractRecordInfo(doc: RecordDoc, institutions: Institution[]): RecordInfo {
  const info: RecordInfo = { titles: [], funderKeys: [] };
  const ol = doc.originalLanguage;
  const olLang = ol ? languageOf(ol.text.split(/[,;\n]/u)[0] ?? '') : undefined;

  if (doc.title) info.titles.push({ span: doc.title, lang: langOfText(doc.title.text, 'en'), kind: 'main' });
  const ct = citationTitle(doc);
  if (ct) info.titles.push({ span: ct, lang: langOfText(ct.text, 'en'), kind: 'citation' });
  for (const t of partTitles(doc, 'translation')) info.titles.push({ span: t.span, lang: langOfText(t.span.text, 'en'), kind: t.kind === 'title' ? 'heading' : 'subtitle' });
  for (const t of partTitles(doc, 'original')) info.titles.push({ span: t.span, lang: langOfText(t.span.text, olLang?.tag ?? 'und'), kind: t.kind === 'title' ? 'original' : 'subtitle' });

  for (const t of info.titles) {
    const type = recordTypeOf(doc, t.span);
    if (type) {
      info.type = type;
      break;
    }
  }
  // else the web page's "Type" field
  const fields = loadLexicon<ArchivesFields>('archives.json');
  const typeField = doc.documentInformation.find((f) => f.value && labelIs(f.label, fields.typeFields));
  if (!info.type && typeField?.value) {
    const type = recordTypeOf(doc, typeField.value);
    if (type) info.type = type;
  }

  const dates = extractDates(doc);
  const recordDate = dates.find((d) => d.role === 'recordDate' && doc.date !== undefined && d.span.start >= doc.date.start && d.span.end <= doc.date.end) ?? dates.find((d) => d.role === 'recordDate');
  if (recordDate) info.date = recordDate;

  if (ol) {
    const label = ol.text.trim();
    info.originalLanguage = { label, lang: olLang?.tag ?? 'und', span: ol };
  }

  const translator = institutions.find((i) => i.kind === 'translator');
  if (translator) {
    info.translatorKey = translator.key;
    info.translatorKind = 'institution';
  } else {
    const person = extractTranslator(doc).person;
    if (person) {
      info.translatorKey = slugOf(person.name);
      info.translatorKind = 'person';
    }
  }
  info.funderKeys = institutions.filter((i) => i.kind === 'funder').map((i) => i.key);

  if (doc.url) info.sourceUrl = doc.url.text.trim().replace(/^<|>$/gu, '');
  const repo = extractIdentifiers(doc).find((i) => i.repositoryKey !== undefined);
  if (repo?.repositoryKey) info.repositoryKey = repo.repositoryKey;

  // the digital archive publishing the record (named in the citation)
  if (doc.citation) {
    const pubs = fields.publishers;
    const pub = institutions.find((i) => i.kind === 'archive' && i.mentions.some((m) => m.context === 'citation') && i.names.some((n) => pubs.includes(n.value)));
    if (pub) info.collectionKey = pub.key;
  }
  if (doc.summary) info.summary = doc.summary;
  const rights = doc.documentInformation.find((f) => f.value && labelIs(f.label, fields.rightsFields));
  if (rights?.value) info.rights = rights.value;
  else {
    const sec = doc.sections.find((s) => s.label && labelIs(s.label.text, fields.rightsFields));
    if (sec) info.rights = sec.content;
  }
  return info;
}
