/**
 * Places: countries, regions and cities named in the record (data/lexicon/places.json), the venue of the meeting
 * from the header (a room in a building, "Meeting Room, Ministry of Foreign Affairs" / 本部會議室), and borders when
 * the record names both sides ("the Sino-Soviet border", 中苏边界). Country adjectives ("Soviet") are evidence for
 * other rules (embassies, governments), never place mentions by themselves.
 *
 * Also holds the name matcher the institution and distribution extractors share: whole-word, case-sensitive for
 * alphabetic scripts, and script-blind for Chinese (traditional and simplified forms match the same entry).
 */
import { toSimplified, zhLangOf } from './chinese.js';
import { contextAt, escapeRegExp, loadLexicon, rx, spanOf } from './dates.js';
import { institutionsLexicon, resolveInstitutionName } from './institutions.js';
import { extractIdentifiers } from './identifiers.js';
import { slugOf } from './names.js';
import type { LangTag, Mention, NameForm, Place, PlaceKind, RecordDoc } from './types.js';

// Module-level patterns: tsx compiles a \p{...} literal to `new RegExp(...)` wherever it stands, so one inside a
// function would be rebuilt on every call.
const CYRILLIC_RE = /\p{Script=Cyrillic}/u;
const HANGUL_RE = /\p{Script=Hangul}/u;

export interface PlaceEntry {
  key: string;
  kind: PlaceKind;
  capital?: string;
  country?: string;
  names: Record<string, string[]>;
  adjectives?: Record<string, string[]>;
  zhAbbrev?: string[];
}

export interface PlacesLexicon {
  places: PlaceEntry[];
  /** Per language that declines place names: how a case form is told from its dictionary form. */
  caseForms?: Record<string, { stemEndings?: string[]; caseEndings?: string[]; fleetingVowels?: string[] } | string>;
  borders: { en: string[]; zh: string[]; ru: string[]; de: string[]; combiningForms: Record<string, string[]> };
  rooms: { rooms: Record<string, string>; buildings: Record<string, string>; ownInstitution: string[] };
}

/** data/lexicon/places.json. */
export function placesLexicon(): PlacesLexicon {
  return loadLexicon<PlacesLexicon>('places.json');
}

/** The place entry of a key, if the lexicon has it. */
export function placeEntry(key: string): PlaceEntry | undefined {
  return placesLexicon().places.find((p) => p.key === key);
}

/**
 * A place of the lexicon as an entity without mentions (its English name and one name per other language), for
 * places a record points to without naming them (an institution's country).
 * @example lexiconPlace('soviet-union')?.preferredName // 'Soviet Union'
 */
export function lexiconPlace(key: string): Place | undefined {
  const e = placeEntry(key);
  if (!e) return undefined;
  const preferred = e.names['en']?.[0] ?? e.key;
  const names: NameForm[] = [{ value: preferred, lang: 'en', kind: 'full' }];
  for (const [lang, forms] of Object.entries(e.names)) {
    const f = forms[0];
    if (lang === 'en' || f === undefined) continue;
    names.push({ value: f, lang: lang === 'zh' ? 'zh-Hans' : lang, kind: 'full' });
  }
  return { key: e.key, preferredName: preferred, names, kind: e.kind, mentions: [] };
}

// ---------------------------------------------------------------------------------------------------------
// Name matching

/** One written form of an entity to look for. */
export interface NameEntry {
  key: string;
  form: string;
  lang: LangTag;
}

/** A form found in the record. */
export interface NameHit {
  key: string;
  start: number;
  end: number;
  lang: LangTag;
  /** The lexicon form that matched (the written text is doc.text.slice(start, end)). */
  form: string;
}

const HAN = /\p{Script=Han}/u;
const simplifiedCache = new WeakMap<RecordDoc, string>();

/** doc.text with Chinese characters simplified, offsets unchanged (cached per document). */
export function simplifiedText(doc: RecordDoc): string {
  let s = simplifiedCache.get(doc);
  if (s === undefined) {
    s = HAN.test(doc.text) ? toSimplified(doc.text) : doc.text;
    simplifiedCache.set(doc, s);
  }
  return s;
}

const formCache = new Map<string, string>();

/** Simplified form of a short lexicon string (memoised: lexicon forms recur for every record). */
export function simplifiedForm(s: string): string {
  let v = formCache.get(s);
  if (v === undefined) {
    v = toSimplified(s);
    formCache.set(s, v);
  }
  return v;
}

/** Language tag of a written form: zh-Hant / zh-Hans / zh for Chinese, else the entry's language. */
export function formLang(written: string, lang: LangTag): LangTag {
  return HAN.test(written) ? zhLangOf(written) : lang;
}

/**
 * All non-overlapping occurrences of the entries' forms in the record, the longest form winning where two
 * overlap. Alphabetic forms match whole words, case-sensitively; Chinese forms match in either script.
 */
export function findNames(doc: RecordDoc, entries: NameEntry[]): NameHit[] {
  const hits: NameHit[] = [];
  const simp = simplifiedText(doc);
  const matcher = nameMatcher(entries);
  // a form holding a Han character cannot occur in a text without one (simplifying keeps a character Han): such a
  // text never needs the simplified forms, nor OpenCC to make them
  if (HAN.test(simp)) {
    for (const { e, f } of hanForms(matcher)) {
      for (let i = simp.indexOf(f); i >= 0; i = simp.indexOf(f, i + 1)) hits.push({ key: e.key, start: i, end: i + f.length, lang: e.lang, form: e.form });
    }
  }
  if (matcher.re) {
    const re = matcher.re;
    re.lastIndex = 0;
    for (let m = re.exec(doc.text); m; m = re.exec(doc.text)) {
      const e = matcher.byForm.get(m[0]);
      if (e) hits.push({ key: e.key, start: m.index, end: m.index + m[0].length, lang: e.lang, form: e.form });
    }
  }
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: NameHit[] = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept.sort((a, b) => a.start - b.start);
}

interface NameMatcher {
  /** Entries whose form holds a Han character, in entry order. */
  hanEntries: NameEntry[];
  /** The same with their simplified form, made at the first text holding a Han character (hanForms). */
  han?: Array<{ e: NameEntry; f: string }>;
  /** The first entry of each alphabetic form. */
  byForm: Map<string, NameEntry>;
  /** All alphabetic forms, longest first, as whole words (global: reset lastIndex before use). */
  re?: RegExp;
}

const matcherCache = new WeakMap<NameEntry[], NameMatcher>();

/**
 * The compiled matcher of an entry list, cached by the list's identity: pass the same (unmodified) array for every
 * record (nameEntriesOf and the callers below keep theirs) so the forms are escaped and compiled once.
 */
function nameMatcher(entries: NameEntry[]): NameMatcher {
  let m = matcherCache.get(entries);
  if (m) return m;
  m = { hanEntries: [], byForm: new Map() };
  for (const e of entries) {
    if (e.form === '') continue;
    if (HAN.test(e.form)) m.hanEntries.push(e);
    else if (!m.byForm.has(e.form)) m.byForm.set(e.form, e);
  }
  if (m.byForm.size > 0) {
    const alt = [...m.byForm.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    // "U.S." ends in a dot: the right boundary only forbids a following letter or digit
    m.re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt})(?![\\p{L}\\p{N}])`, 'gu');
  }
  matcherCache.set(entries, m);
  return m;
}

/** The matcher's Chinese forms, simplified at the first call. */
function hanForms(m: NameMatcher): Array<{ e: NameEntry; f: string }> {
  return (m.han ??= m.hanEntries.map((e) => ({ e, f: simplifiedForm(e.form) })));
}

/** Language tag guessed from the script of a text (Han, Cyrillic, Hangul, Vietnamese letters), else the fallback. */
export function scriptLang(s: string, fallback: LangTag): LangTag {
  if (HAN.test(s)) return zhLangOf(s);
  if (CYRILLIC_RE.test(s)) return 'ru';
  if (HANGUL_RE.test(s)) return 'ko';
  if (/[ăâđêôơư]/iu.test(s) && /[\u0300-\u036f\u1ea0-\u1ef9]/u.test(s.normalize('NFC'))) return 'vi';
  return fallback;
}

/** Adds a written form to names (once) and returns its index. */
export function addName(names: NameForm[], value: string, lang: LangTag, kind: NameForm['kind'] = 'full'): number {
  const i = names.findIndex((n) => n.value === value && n.lang === lang);
  if (i >= 0) return i;
  names.push({ value, lang, kind });
  return names.length - 1;
}

/** A mention of the range with its context and the index of its name form. */
export function mentionOf(doc: RecordDoc, start: number, end: number, lang: LangTag, nameIndex: number): Mention {
  return { span: spanOf(doc, start, end), lang, context: contextAt(doc, start, end), nameIndex };
}

// ---------------------------------------------------------------------------------------------------------
// Places

const entriesCache = new WeakMap<object, NameEntry[]>();

/** Every written form of a lexicon's entries, as name entries to look for (built once per lexicon list). */
export function nameEntriesOf(list: Array<{ key: string; names: Record<string, string[]> }>): NameEntry[] {
  let out = entriesCache.get(list);
  if (!out) {
    out = [];
    for (const e of list) for (const [lang, forms] of Object.entries(e.names)) for (const form of forms) out.push({ key: e.key, form, lang });
    entriesCache.set(list, out);
  }
  return out;
}

function placeNameEntries(): NameEntry[] {
  return nameEntriesOf(placesLexicon().places);
}

let caseFormIndex: Map<string, NameEntry> | undefined;

/**
 * The case forms the lexicon does not list, by form (caseFormsOf over every place), built once. They are looked up
 * word by word rather than added to the name matcher, whose alternation would grow fivefold.
 */
function caseFormEntries(): Map<string, NameEntry> {
  if (!caseFormIndex) {
    caseFormIndex = new Map();
    const listed = new Set(placeNameEntries().map((e) => e.form));
    for (const e of placesLexicon().places)
      for (const lang of Object.keys(e.names))
        for (const form of caseFormsOf(e, lang)) if (!listed.has(form) && !caseFormIndex.has(form)) caseFormIndex.set(form, { key: e.key, form, lang });
  }
  return caseFormIndex;
}

const WORD_RE = /[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*/gu;

/** Whole words of the text that are unlisted case forms of a place ("из Варшавы"), outside the hits already found. */
function caseFormHits(doc: RecordDoc, found: NameHit[]): NameHit[] {
  const index = caseFormEntries();
  if (index.size === 0) return [];
  const out: NameHit[] = [];
  for (const m of doc.text.matchAll(WORD_RE)) {
    const e = index.get(m[0]);
    if (!e) continue;
    const start = m.index;
    const end = start + m[0].length;
    if (!found.some((h) => start < h.end && h.start < end)) out.push({ key: e.key, start, end, lang: e.lang, form: e.form });
  }
  return out;
}

/**
 * The case forms of a place's one-word dictionary forms in a language of places.json "caseForms" that the lexicon
 * does not list ("Варшавы", "Варшаву" from "Варшава"): a stem of the word plus each case ending. Abbreviations in
 * capitals (КНР) and the lexicon's own case forms are not declined.
 */
function caseFormsOf(entry: PlaceEntry, lang: LangTag): string[] {
  const rules = placesLexicon().caseForms?.[lang];
  if (!rules || typeof rules === 'string') return [];
  const out: string[] = [];
  for (const f of entry.names[lang] ?? []) {
    if (/\s/u.test(f) || !/\p{Ll}/u.test(f) || dictionaryForm(entry, lang, f) !== f) continue;
    for (const stem of stemsOf(f, rules)) for (const end of rules.caseEndings ?? []) if (stem + end !== f) out.push(stem + end);
  }
  return out;
}

/**
 * Every stem a dictionary word may decline from: the word itself, the word without any of its stem endings
 * ("Ханой" is "Хано-" and "Хан-"), and the word without a fleeting vowel before its last letter ("Египет" -> "Египт-а").
 */
function stemsOf(w: string, rules: { stemEndings?: string[]; fleetingVowels?: string[] }): string[] {
  const out = [w, ...(rules.stemEndings ?? []).filter((x) => w.endsWith(x) && w.length - x.length >= 2).map((x) => w.slice(0, w.length - x.length))];
  if (w.length >= 4 && (rules.fleetingVowels ?? []).includes(w.charAt(w.length - 2))) out.push(w.slice(0, -2) + w.slice(-1));
  return out;
}

let placeAndBlockerCache: NameEntry[] | undefined;

/**
 * Place forms together with institution names keyed "#<key>" (blockers), one array per process so findNames
 * compiles it once.
 */
function placeAndBlockerEntries(): NameEntry[] {
  if (!placeAndBlockerCache) {
    const blockers = nameEntriesOf(institutionsLexicon().institutions).map((e) => ({ ...e, key: `#${e.key}` }));
    placeAndBlockerCache = [...placeNameEntries(), ...blockers];
  }
  return placeAndBlockerCache;
}

function getPlace(acc: Map<string, Place>, key: string, kind: PlaceKind, preferred: string): Place {
  let p = acc.get(key);
  if (!p) {
    p = { key, preferredName: preferred, names: [{ value: preferred, lang: 'en', kind: 'full' }], kind, mentions: [] };
    acc.set(key, p);
  }
  return p;
}

/**
 * Records that doc.text[start, end) names the entity: its written form (spacing normalised, language-tagged) among
 * the names, and a mention pointing at it. A range already recorded is not added again.
 */
export function addMention(
  doc: RecordDoc,
  entity: { names: NameForm[]; mentions: Mention[] },
  start: number,
  end: number,
  lang: LangTag,
  name?: string,
): void {
  if (entity.mentions.some((m) => m.span.start === start && m.span.end === end)) return;
  const written = doc.text.slice(start, end).replace(/\s+/gu, ' ');
  const l = formLang(written, lang);
  entity.mentions.push(mentionOf(doc, start, end, l, addName(entity.names, name ?? written, l)));
}

const dictionaryCache = new Map<string, string>();

/**
 * The dictionary form of a place's written form: for a language of places.json "caseForms", the earlier form of
 * the same place and language that `form` declines (Москве -> Москва); else `form` itself.
 *
 * @example dictionaryForm(placeEntry('moscow')!, 'ru', 'Москве') // 'Москва'
 */
export function dictionaryForm(entry: PlaceEntry, lang: LangTag, form: string): string {
  const rules = placesLexicon().caseForms?.[lang];
  const forms = entry.names[lang];
  if (!rules || typeof rules === 'string' || !forms) return form;
  const ck = `${entry.key}\u0000${lang}\u0000${form}`;
  const cached = dictionaryCache.get(ck);
  if (cached !== undefined) return cached;
  const caseEndings = new Set(rules.caseEndings ?? []);
  const declines = (w: string, dict: string): boolean =>
    w === dict || stemsOf(dict, rules).some((s) => w.startsWith(s) && caseEndings.has(w.slice(s.length)));
  const words = form.split(' ');
  const i = forms.indexOf(form);
  let out = form;
  for (const dict of i >= 0 ? forms.slice(0, i) : forms) {
    const dw = dict.split(' ');
    if (dict !== form && dw.length === words.length && words.every((w, k) => declines(w, dw[k] as string))) {
      out = dict;
      break;
    }
  }
  dictionaryCache.set(ck, out);
  return out;
}

/** Explicit borders: "Sino-Soviet border", "border between China and the Soviet Union", 中苏边界. */
interface BorderPatterns {
  comb: Array<{ form: string; key: string }>;
  countries: PlaceEntry[];
  /** "Sino-Soviet border" (global) */
  re1: RegExp;
  /** "border between A and B" (global) */
  re2: RegExp;
  /** True when every one-character abbreviation is a Han character: then 中苏边界 needs Han text to match. */
  abbrAllHan: boolean;
  /** The Chinese pattern, simplified at the first text that may hold one (chineseBorders). */
  zh?: { abbr: Array<{ ch: string; key: string }>; re3?: RegExp };
}

const borderCache = new WeakMap<PlacesLexicon, BorderPatterns>();

function borderPatterns(lexi: PlacesLexicon): BorderPatterns {
  const cached = borderCache.get(lexi);
  if (cached) return cached;
  const b = lexi.borders;
  const comb: Array<{ form: string; key: string }> = [];
  for (const [key, forms] of Object.entries(b.combiningForms)) for (const f of forms) comb.push({ form: f, key });
  const combAlt = comb.map((c) => c.form).sort((x, y) => y.length - x.length).map(escapeRegExp).join('|');
  const words = b.en.map(escapeRegExp).join('|');
  // "Sino-Soviet border", "советско-китайской границе", "chinesisch-sowjetische Grenze": stems, then any ending
  const allWords = [...b.en, ...b.ru, ...b.de].sort((x, y) => y.length - x.length).map(escapeRegExp).join('|');
  const re1 = new RegExp(`(?<![\\p{L}])(${combAlt})\\p{L}*-(${combAlt})\\p{L}*\\s+(?:${allWords})\\p{L}*(?![\\p{L}])`, 'giu');
  // border between A and B (country names)
  const countries = lexi.places.filter((p) => p.kind === 'country');
  const nameAlt = countries.flatMap((p) => p.names['en'] ?? []).sort((x, y) => y.length - x.length).map(escapeRegExp).join('|');
  const re2 = new RegExp(`(?:${words})\\s+between\\s+(?:the\\s+)?(${nameAlt})\\s+and\\s+(?:the\\s+)?(${nameAlt})(?![\\p{L}])`, 'gu');
  const abbrAllHan = countries.every((p) => (p.zhAbbrev ?? []).every((ch) => HAN.test(ch)));
  const out: BorderPatterns = { comb, countries, re1, re2, abbrAllHan };
  borderCache.set(lexi, out);
  return out;
}

/** 中苏边界: two one-character abbreviations joined to a border word (built once, at first use). */
function chineseBorders(lexi: PlacesLexicon, bp: BorderPatterns): { abbr: Array<{ ch: string; key: string }>; re3?: RegExp } {
  if (bp.zh) return bp.zh;
  const abbr: Array<{ ch: string; key: string }> = [];
  for (const p of bp.countries) for (const ch of p.zhAbbrev ?? []) abbr.push({ ch: toSimplified(ch), key: p.key });
  const abbrAlt = abbr.map((x) => escapeRegExp(x.ch)).join('');
  bp.zh = { abbr };
  if (abbrAlt) {
    const zw = lexi.borders.zh.map((w) => escapeRegExp(toSimplified(w))).sort((x, y) => y.length - x.length).join('|');
    bp.zh.re3 = new RegExp(`([${abbrAlt}])([${abbrAlt}])(?:两国)?(?:${zw})`, 'gu');
  }
  return bp.zh;
}

function findBorders(doc: RecordDoc, acc: Map<string, Place>): void {
  const lexi = placesLexicon();
  const bp = borderPatterns(lexi);
  const { comb, countries, re1, re2 } = bp;
  const keyOfForm = (f: string) => comb.find((c) => c.form === f)?.key;
  const put = (a: string, c: string, start: number, end: number, lang: LangTag) => {
    if (a === c) return;
    const [k1, k2] = [a, c].sort() as [string, string];
    const n1 = placeEntry(k1)?.names['en']?.[0] ?? k1;
    const n2 = placeEntry(k2)?.names['en']?.[0] ?? k2;
    addMention(doc, getPlace(acc, `${k1}-${k2}-border`, 'border', `${n1}–${n2} border`), start, end, lang);
  };
  // the compound needs a hyphen, the English phrase the word "between": without them the scans find nothing
  re1.lastIndex = 0;
  for (let m = doc.text.includes('-') ? re1.exec(doc.text) : null; m; m = re1.exec(doc.text)) {
    const a = keyOfForm(m[1]!) ?? comb.find((c) => c.form.toLowerCase() === m![1]!.toLowerCase())?.key;
    const c = keyOfForm(m[2]!) ?? comb.find((x) => x.form.toLowerCase() === m![2]!.toLowerCase())?.key;
    if (a && c) put(a, c, m.index, m.index + m[0].length, CYRILLIC_RE.test(m[0]) ? 'ru' : /Grenze/u.test(m[0]) ? 'de' : 'en');
  }
  const keyOfName = (n: string) => countries.find((p) => (p.names['en'] ?? []).includes(n))?.key;
  re2.lastIndex = 0;
  for (let m = doc.text.includes('between') ? re2.exec(doc.text) : null; m; m = re2.exec(doc.text)) {
    const a = keyOfName(m[1]!);
    const c = keyOfName(m[2]!);
    if (a && c) put(a, c, m.index, m.index + m[0].length, 'en');
  }
  const simp = simplifiedText(doc);
  // with Han abbreviations a match holds two Han characters: a text without any is not scanned (nor OpenCC loaded)
  const { abbr, re3 } = HAN.test(simp) || !bp.abbrAllHan ? chineseBorders(lexi, bp) : { abbr: [], re3: undefined };
  if (re3) {
    re3.lastIndex = 0;
    for (let m = re3.exec(simp); m; m = re3.exec(simp)) {
      const a = abbr.find((x) => x.ch === m![1])?.key;
      const c = abbr.find((x) => x.ch === m![2])?.key;
      if (a && c) put(a, c, m.index, m.index + m[0].length, 'zh');
    }
  }
}

/**
 * The venue of the meeting (header "Venue:" / 地点) as a room or building: "Meeting Room, Ministry of Foreign
 * Affairs" and 本部會議室 both become the meeting room of the record's own ministry. Returns the place key per
 * venue header field so the event can point at it.
 */
export function venuePlaces(doc: RecordDoc, acc: Map<string, Place> = new Map()): Array<{ field: number; key: string }> {
  const lexi = placesLexicon().rooms;
  const roomForms = Object.keys(lexi.rooms).sort((a, b) => b.length - a.length);
  const buildingForms = Object.keys(lexi.buildings).sort((a, b) => b.length - a.length);
  type Cand = { field: number; key: string; preferred: string; kind: PlaceKind; plain: boolean };
  const cands: Cand[] = [];
  doc.header.forEach((h, fieldIndex) => {
    if (h.key !== 'venue') return;
    const written = h.value.text;
    const simp = toSimplified(written);
    // a form with a Han character is not in a field without one: not simplified then (no OpenCC for such records)
    const hanField = HAN.test(simp);
    const building = buildingForms.find((f) => (hanField || !HAN.test(f)) && simp.includes(toSimplified(f)));
    const room = roomForms.find((f) => (hanField || !HAN.test(f)) && simp.includes(toSimplified(f)));
    // the institution the room belongs to: the rest of the value ("…, Ministry of Foreign Affairs", 本部…)
    let rest = written;
    if (room) rest = toSimplified(rest).replace(toSimplified(room), '');
    rest = rest.replace(/^[\s,，、]+|[\s,，、]+$/gu, '');
    const inst = rest ? resolveInstitutionName(doc, rest) : undefined;
    if (room) {
      const label = lexi.rooms[room]!;
      const owner = inst?.preferredName ?? (building ? lexi.buildings[building] : undefined);
      const ownerKey = inst?.key ?? (building ? slugOf(lexi.buildings[building]!) : undefined);
      cands.push({ field: fieldIndex, key: ownerKey ? `${ownerKey}-${slugOf(label)}` : slugOf(written), preferred: owner ? `${label}, ${owner}` : label, kind: 'room', plain: false });
    } else if (building) {
      const preferred = lexi.buildings[building]!;
      cands.push({ field: fieldIndex, key: slugOf(preferred), preferred, kind: 'building', plain: false });
    } else if (inst) {
      cands.push({ field: fieldIndex, key: `${inst.key}-premises`, preferred: inst.preferredName, kind: 'building', plain: false });
    } else {
      // a city or country as venue is an ordinary place mention; anything else is kept as written
      const hit = findNames(doc, placeNameEntries()).find((x) => x.start >= h.value.start && x.end <= h.value.end);
      const e = hit ? placeEntry(hit.key) : undefined;
      if (hit && e) cands.push({ field: fieldIndex, key: e.key, preferred: e.names['en']?.[0] ?? e.key, kind: e.kind, plain: true });
      else {
        const preferred = written.replace(/\s+/gu, ' ');
        cands.push({ field: fieldIndex, key: slugOf(preferred) || `venue-${fieldIndex}`, preferred, kind: 'other', plain: false });
      }
    }
  });
  // the original's venue and the translation's are one place: the better-read one names it
  const orig = cands.filter((c) => doc.header[c.field]?.part === 'original');
  const tr = cands.filter((c) => doc.header[c.field]?.part === 'translation');
  if (orig.length === 1 && tr.length === 1) {
    const [o, t] = [orig[0]!, tr[0]!];
    const primary = t.kind === 'other' && o.kind !== 'other' ? o : t;
    for (const c of [o, t]) Object.assign(c, { key: primary.key, preferred: primary.preferred, kind: primary.kind, plain: primary.plain });
  }
  const out: Array<{ field: number; key: string }> = [];
  for (const c of cands) {
    const h = doc.header[c.field]!;
    out.push({ field: c.field, key: c.key });
    if (c.plain) continue; // mentioned as an ordinary place by extractPlaces
    addMention(doc, getPlace(acc, c.key, c.kind, c.preferred), h.value.start, h.value.end, h.part === 'original' ? scriptLang(h.value.text, 'und') : 'en');
  }
  return out;
}

/**
 * Countries, regions, cities, borders and venues of the record, one Place per key, every mention with its
 * context. Adjectives ("Soviet", 苏方) are not mentions.
 */
export function extractPlaces(doc: RecordDoc): Place[] {
  const acc = new Map<string, Place>();
  venuePlaces(doc, acc);
  const venueSpans = doc.header.filter((h) => h.key === 'venue').map((h) => h.value);
  findBorders(doc, acc);
  const borderSpans = [...acc.values()].filter((p) => p.kind === 'border').flatMap((p) => p.mentions.map((m) => m.span));
  // institution names and archival references hold place names that are not mentions of the place
  // ("PRC Foreign Ministry Archive", "PRC FMA 109-02231-05"): match them together so the longer name wins
  const idSpans = extractIdentifiers(doc).map((i) => i.span);
  const listedHits = findNames(doc, placeAndBlockerEntries());
  const hits = [...listedHits, ...caseFormHits(doc, listedHits)].sort((a, b) => a.start - b.start);
  for (const hit of hits) {
    if (hit.key.startsWith('#')) continue;
    if (borderSpans.some((s) => hit.start < s.end && s.start < hit.end)) continue;
    if (idSpans.some((s) => hit.start >= s.start && hit.end <= s.end)) continue;
    if (venueSpans.some((s) => hit.start >= s.start && hit.end <= s.end) && acc.size > 0) {
      // the venue place already covers its own words unless it was itself a plain city/country
      const v = [...acc.values()].some((p) => p.mentions.some((m) => m.span.start <= hit.start && m.span.end >= hit.end));
      if (v) continue;
    }
    const e = placeEntry(hit.key);
    if (!e) continue;
    // "в Москве": the mention keeps the text as written, the place is named by the dictionary form (Москва).
    const dict = dictionaryForm(e, hit.lang, hit.form);
    const place = getPlace(acc, e.key, e.kind, e.names['en']?.[0] ?? e.key);
    addMention(doc, place, hit.start, hit.end, hit.lang, dict !== hit.form ? dict : undefined);
  }
  for (const p of acc.values()) p.mentions.sort((a, b) => a.span.start - b.span.start);
  return [...acc.values()];
}
