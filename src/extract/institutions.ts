/**
 * Institutions: ministries, departments, parties, archives and other bodies named in the record
 * (data/lexicon/institutions.json); embassies and governments built by rule from the country names and adjectives
 * of data/lexicon/places.json ("Soviet Embassy in Beijing", 蘇聯駐華使館, 蘇使館; "Soviet Government", 中國政府);
 * funders from the credits and a translating organisation from "Translated by ...".
 *
 * Generic names (外交部, "Ministry of Foreign Affairs", 本部) name the body of the record's own country: the country
 * of the archival scheme holding the record, else the country of its original language.
 */
import { escapeRegExp, loadLexicon, rx } from './dates.js';
import { toSimplified } from './chinese.js';
import { archiveSchemes, extractIdentifiers, repositoryField, repositoryKeyOf } from './identifiers.js';
import { slugOf } from './names.js';
import { addMention, addName, findNames, nameEntriesOf, placeEntry, placesLexicon, simplifiedForm, simplifiedText, type NameEntry } from './places.js';
import type { Institution, InstitutionKind, LangTag, RecordDoc } from './types.js';

interface InstitutionEntry {
  key: string;
  kind: InstitutionKind;
  country?: string;
  parent?: string;
  generic?: string;
  names: Record<string, string[]>;
}

interface GenericTemplate {
  key: string;
  label: string;
  kind: InstitutionKind;
  parent?: string;
}

interface InstitutionsLexicon {
  genericTemplates: Record<string, GenericTemplate>;
  own: { words: string[]; generic: string; notAfter?: string[]; notBefore?: string[] };
  institutions: InstitutionEntry[];
  organisationWords: string[];
  credits: { funderCues: string[]; translatorCues: string[] };
  governmentWords: Record<string, string[]>;
  missionWords: Record<string, Record<string, string>>;
  secondPerson?: string[];
}

interface LanguagesLexicon {
  languages: Array<{ tag: LangTag; names: string[]; country?: string }>;
  functionWords?: Record<string, string[] | string>;
}

/** data/lexicon/institutions.json. */
export function institutionsLexicon(): InstitutionsLexicon {
  return loadLexicon<InstitutionsLexicon>('institutions.json');
}

/** The lexicon entry of an institution key. */
export function institutionEntry(key: string): InstitutionEntry | undefined {
  return institutionsLexicon().institutions.find((i) => i.key === key);
}

/** The language entry for a language name as written ("Chinese", "Русский"), case-insensitively. */
export function languageOf(name: string): { tag: LangTag; country?: string } | undefined {
  // "Chinese (Traditional)", "Russian language": the whole name, else the name without notes, else its first word
  const whole = name.trim().toLowerCase();
  const bare = whole.replace(/\([^)]*\)/gu, '').replace(/\s+language$/u, '').trim();
  const first = bare.split(/[\s/,;-]+/u)[0] ?? '';
  for (const n of [whole, bare, first]) {
    if (n === '') continue;
    for (const l of loadLexicon<LanguagesLexicon>('languages.json').languages) {
      if (l.names.some((x) => x.toLowerCase() === n)) return l.country ? { tag: l.tag, country: l.country } : { tag: l.tag };
    }
  }
  return undefined;
}

const functionWordSets = new Map<string, Set<string>>();
const WORD_RE = /\p{L}+/gu;

/**
 * The language of a text guessed from its function words (languages.json "functionWords"): the language whose
 * words occur most, when they number at least 5 and twice the runner-up's; undefined otherwise. For an original
 * text whose record does not name its language.
 *
 * @example guessLanguage('Wir haben den Vorschlag geprüft und sind mit der Frist nicht einverstanden.') // 'de'
 */
export function guessLanguage(text: string): LangTag | undefined {
  if (functionWordSets.size === 0)
    for (const [tag, words] of Object.entries(loadLexicon<LanguagesLexicon>('languages.json').functionWords ?? {}))
      if (Array.isArray(words)) functionWordSets.set(tag, new Set(words.map((w) => w.toLowerCase())));
  const counts = new Map<string, number>();
  for (const m of text.matchAll(WORD_RE)) {
    const w = m[0].toLowerCase();
    for (const [tag, set] of functionWordSets) if (set.has(w)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [best, next] = ranked;
  if (!best || best[1] < 5 || (next !== undefined && best[1] < 2 * next[1])) return undefined;
  return best[0];
}

const homeCache = new WeakMap<RecordDoc, string | null>();

/**
 * The record's own country (key of places.json): the country of the archival scheme of its identifiers, else
 * the country usually writing its original language. Undefined when neither is known.
 */
export function homeCountry(doc: RecordDoc): string | undefined {
  const cached = homeCache.get(doc);
  if (cached !== undefined) return cached ?? undefined;
  let country: string | undefined;
  const schemes = archiveSchemes() as Array<{ key: string; country?: string }>;
  for (const id of extractIdentifiers(doc)) {
    const c = schemes.find((s) => s.key === id.scheme)?.country;
    if (c) {
      country = c;
      break;
    }
  }
  if (!country && doc.originalLanguage) {
    for (const part of doc.originalLanguage.text.split(/[,;\n]/u)) {
      country = languageOf(part)?.country;
      if (country) break;
    }
  }
  homeCache.set(doc, country ?? null);
  return country;
}

function adjectiveOf(countryKey: string): string {
  const e = placeEntry(countryKey);
  return e?.adjectives?.['en']?.[0] ?? e?.names['en']?.[0] ?? countryKey;
}

/** A body as resolved from the lexicon: what getInst needs to create it. */
interface Resolved {
  key: string;
  preferredName: string;
  kind: InstitutionKind;
  parentKey?: string;
  country?: string;
}

/** Key, preferred name, kind and parent of a generic body ("mfa") of a country. */
function genericFor(generic: string, country: string | undefined): Resolved | undefined {
  const lexi = institutionsLexicon();
  if (!country) return undefined;
  const specific = lexi.institutions.find((i) => i.generic === generic && i.country === country);
  if (specific) {
    const r: Resolved = {
      key: specific.key,
      preferredName: specific.names['en']?.[0] ?? specific.key,
      kind: specific.kind,
      country,
    };
    if (specific.parent) r.parentKey = specific.parent;
    return r;
  }
  const t = lexi.genericTemplates[generic];
  if (!t) return undefined;
  const adj = adjectiveOf(country);
  const r: Resolved = {
    key: t.key.replace('{country}', country),
    preferredName: t.label.replace('{Adjective}', adj),
    kind: t.kind,
    country,
  };
  if (t.parent) {
    const p = genericFor(t.parent, country);
    if (p) r.parentKey = p.key;
  }
  return r;
}

let countryBeforeCache: { latin: RegExp; latinKey: Map<string, string> } | undefined;
let zhCountryNamesCache: Array<{ form: string; key: string }> | undefined;

/** Country named right before a generic name: an adjective ("Chinese Ministry…") or a Chinese country name (苏联外交部). */
function countryBefore(doc: RecordDoc, start: number): string | undefined {
  if (!countryBeforeCache) {
    const latinKey = new Map<string, string>();
    for (const p of placesLexicon().places) {
      if (p.kind !== 'country') continue;
      for (const a of [...(p.adjectives?.['en'] ?? []), ...(p.names['en'] ?? [])]) if (!latinKey.has(a)) latinKey.set(a, p.key);
    }
    const alt = [...latinKey.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    countryBeforeCache = { latin: new RegExp(`(?<![\\p{L}])(${alt})\\s+$`, 'u'), latinKey };
  }
  const c = countryBeforeCache;
  const m = c.latin.exec(doc.text.slice(Math.max(0, start - 40), start));
  if (m) return c.latinKey.get(m[1]!);
  const simpBefore = simplifiedText(doc).slice(Math.max(0, start - 12), start);
  const hanBefore = HAN.test(simpBefore);
  // the Chinese names are simplified (OpenCC loaded) only when the text before may end in one
  if (!hanBefore && zhCountryNamesCache === undefined && allZhCountryNamesHan()) return undefined;
  return zhCountryNames().find((z) => simpBefore.endsWith(z.form))?.key;
}

/** Chinese country names, simplified, longest first (built at first use). */
function zhCountryNames(): Array<{ form: string; key: string }> {
  if (zhCountryNamesCache) return zhCountryNamesCache;
  const zh: Array<{ form: string; key: string }> = [];
  for (const p of placesLexicon().places) if (p.kind === 'country') for (const z of p.names['zh'] ?? []) zh.push({ form: toSimplified(z), key: p.key });
  return (zhCountryNamesCache = zh.sort((a, b) => b.form.length - a.form.length));
}

let allZhCountryNamesHanCache: boolean | undefined;
/** True when every Chinese country name holds a Han character (and so cannot end a text without one). */
function allZhCountryNamesHan(): boolean {
  return (allZhCountryNamesHanCache ??= placesLexicon().places.every((p) => p.kind !== 'country' || (p.names['zh'] ?? []).every((z) => HAN.test(z) && z !== '')));
}

let countryAfterCache: { re: RegExp; keyOf: Map<string, string> } | undefined;

/** Country named right after a generic name: "МИД КНР", "Ministry of Foreign Affairs of the PRC". */
function countryAfter(doc: RecordDoc, end: number): { key: string; end: number } | undefined {
  if (!countryAfterCache) {
    const keyOf = new Map<string, string>();
    for (const p of placesLexicon().places) {
      if (p.kind !== 'country') continue;
      for (const [lang, forms] of Object.entries(p.names)) if (lang !== 'zh') for (const f of forms) if (!keyOf.has(f)) keyOf.set(f, p.key);
    }
    const alt = [...keyOf.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    countryAfterCache = { re: new RegExp(`[ \\t]+(?:of[ \\t]+(?:the[ \\t]+)?)?(${alt})(?![\\p{L}\\p{N}])`, 'uy'), keyOf };
  }
  const c = countryAfterCache;
  c.re.lastIndex = end;
  const m = c.re.exec(doc.text);
  const key = m ? c.keyOf.get(m[1]!) : undefined;
  return m && key ? { key, end: end + m[0].length } : undefined;
}

function secondPersonBefore(doc: RecordDoc, start: number): boolean {
  const before = simplifiedText(doc).slice(Math.max(0, start - 8), start).toLowerCase();
  const beforeHasHan = HAN.test(before);
  // a word with a Han character cannot match text without one: skipped before simplifying it (loading OpenCC)
  return (institutionsLexicon().secondPerson ?? []).some((w) => (beforeHasHan || !HAN.test(w)) && rx(`${escapeRegExp(simplifiedForm(w.toLowerCase()))}\\s*(?:的)?\\s*$`, 'u').test(before));
}

/**
 * The institution a whole name as written stands for in this record ("Ministry of Foreign Affairs", 本部, 外交部,
 * 外交部办公厅), or undefined. Used for venues ("Meeting Room, Ministry of Foreign Affairs") and issuing offices.
 */
export function resolveInstitutionName(doc: RecordDoc, name: string): { key: string; preferredName: string } | undefined {
  const lexi = institutionsLexicon();
  const n = toSimplified(name.trim());
  // a form with a Han character cannot match a name without one: not simplified then (OpenCC not loaded)
  const nHan = HAN.test(n);
  const may = (f: string): boolean => nHan || !HAN.test(f);
  for (const w of lexi.own.words) {
    if (may(w) && n.startsWith(toSimplified(w))) {
      const g = genericFor(lexi.own.generic, homeCountry(doc));
      return g && { key: g.key, preferredName: g.preferredName };
    }
  }
  for (const e of lexi.institutions) {
    for (const forms of Object.values(e.names)) {
      if (!forms.some((f) => may(f) && toSimplified(f) === n)) continue;
      if (e.generic && !e.country) {
        const g = genericFor(e.generic, homeCountry(doc));
        return g && { key: g.key, preferredName: g.preferredName };
      }
      return { key: e.key, preferredName: e.names['en']?.[0] ?? e.key };
    }
  }
  return undefined;
}

const HAN = /\p{Script=Han}/u;

type Acc = Map<string, Institution>;

function getInst(acc: Acc, key: string, preferred: string, kind: InstitutionKind, parentKey?: string, country?: string): Institution {
  let i = acc.get(key);
  if (!i) {
    i = { key, preferredName: preferred, names: [{ value: preferred, lang: 'en', kind: 'full' }], kind, mentions: [] };
    if (parentKey) i.parentKey = parentKey;
    if (country) i.country = country;
    acc.set(key, i);
  }
  return i;
}


// ---------------------------------------------------------------------------------------------------------
// Rules: embassies and governments

interface RuleHit {
  start: number;
  end: number;
  lang: LangTag;
  kind: 'embassy' | 'government';
  sender: string;
  /** Where the embassy sits: a city key, or a country key resolved to its capital. */
  at?: string;
  /** Kind of mission for embassies: "Embassy", "Legation", "Consulate General", ... */
  mission?: string;
}

let countryFormsCache: ReturnType<typeof buildCountryForms> | undefined;
function countryForms(): ReturnType<typeof buildCountryForms> {
  return (countryFormsCache ??= buildCountryForms());
}

/** Country names and adjectives in Latin and Cyrillic script, longest first. */
function buildCountryForms(): { latin: Array<{ form: string; key: string; adjective: boolean }>; ru: Array<{ form: string; key: string }> } {
  const latin: Array<{ form: string; key: string; adjective: boolean }> = [];
  const ru: Array<{ form: string; key: string }> = [];
  for (const p of placesLexicon().places) {
    if (p.kind !== 'country') continue;
    for (const a of p.adjectives?.['en'] ?? []) latin.push({ form: a, key: p.key, adjective: true });
    for (const [lang, forms] of Object.entries(p.names)) {
      for (const f of forms) {
        if (lang === 'ru') ru.push({ form: f, key: p.key });
        else if (lang !== 'zh') latin.push({ form: f, key: p.key, adjective: false });
      }
    }
  }
  const byLen = <T extends { form: string }>(a: T, b: T) => b.form.length - a.form.length;
  return { latin: latin.sort(byLen), ru: ru.sort(byLen) };
}

let zhCountryFormsCache: Array<{ form: string; key: string; abbrev: boolean }> | undefined;

/**
 * Chinese country names and abbreviations, simplified, longest first. Apart from the Latin ones because simplifying
 * them loads OpenCC, which a record without Chinese never needs (see chineseRulesNeedHan).
 */
function zhCountryForms(): Array<{ form: string; key: string; abbrev: boolean }> {
  if (zhCountryFormsCache) return zhCountryFormsCache;
  const zh: Array<{ form: string; key: string; abbrev: boolean }> = [];
  for (const p of placesLexicon().places) {
    if (p.kind !== 'country') continue;
    for (const f of p.names['zh'] ?? []) zh.push({ form: toSimplified(f), key: p.key, abbrev: false });
    for (const a of p.zhAbbrev ?? []) zh.push({ form: toSimplified(a), key: p.key, abbrev: true });
  }
  return (zhCountryFormsCache = zh.sort((a, b) => b.form.length - a.form.length));
}

let chineseRulesNeedHanCache: boolean | undefined;

/**
 * True when every match of the Chinese embassy and government rules holds a Han character: each rule ends in a
 * mission or government word, and every such word and every Chinese country form is written with one. Then a text
 * without Han characters is skipped without building those rules. Read from the raw lexicon: simplifying keeps a
 * character Han or not-Han.
 */
function chineseRulesNeedHan(): boolean {
  if (chineseRulesNeedHanCache !== undefined) return chineseRulesNeedHanCache;
  const lexi = institutionsLexicon();
  const missions = Object.keys(lexi.missionWords['zh'] ?? {});
  const gov = lexi.governmentWords['zh'] ?? [];
  const forms: string[] = [];
  for (const p of placesLexicon().places) if (p.kind === 'country') forms.push(...(p.names['zh'] ?? []), ...(p.zhAbbrev ?? []));
  return (chineseRulesNeedHanCache = missions.length > 0 && gov.length > 0 && [...missions, ...gov, ...forms].every((w) => HAN.test(w)));
}

let placeAltCache: { alt: string; keyOf: (s: string) => string | undefined } | undefined;
function placeAlt(): { alt: string; keyOf: (s: string) => string | undefined } {
  return (placeAltCache ??= buildPlaceAlt());
}

function buildPlaceAlt(): { alt: string; keyOf: (s: string) => string | undefined } {
  const forms: Array<{ form: string; key: string }> = [];
  for (const p of placesLexicon().places) for (const fs of Object.values(p.names)) for (const f of fs) if (!/\p{Script=Han}/u.test(f)) forms.push({ form: f, key: p.key });
  forms.sort((a, b) => b.form.length - a.form.length);
  return { alt: forms.map((f) => escapeRegExp(f.form)).join('|'), keyOf: (s) => forms.find((f) => f.form === s)?.key };
}

let ruleAltsCache: { latin: string; ru: string } | undefined;
let zhRuleAltsCache: { zh: string; zhFull: string } | undefined;
const altOf = (fs: Array<{ form: string }>): string => fs.map((c) => escapeRegExp(c.form)).join('|');

/** The country alternations of the rule patterns, escaped once per process (the lexicons are read once). */
function ruleAlts(): { latin: string; ru: string } {
  if (ruleAltsCache) return ruleAltsCache;
  const cf = countryForms();
  ruleAltsCache = {
    latin: altOf(cf.latin),
    ru: altOf([...cf.ru, ...cf.latin.filter((c) => !c.adjective)]),
  };
  return ruleAltsCache;
}

/** The Chinese country alternations (all forms; full names only), built at the first Chinese text. */
function zhRuleAlts(): { zh: string; zhFull: string } {
  if (zhRuleAltsCache) return zhRuleAltsCache;
  const zh = zhCountryForms();
  return (zhRuleAltsCache = { zh: altOf(zh), zhFull: altOf(zh.filter((c) => !c.abbrev)) });
}

function findRuleHits(doc: RecordDoc): RuleHit[] {
  const lexi = institutionsLexicon();
  const cf = countryForms();
  const hits: RuleHit[] = [];
  const text = doc.text;
  const alts = ruleAlts();
  const latinAlt = alts.latin;
  const latinKey = (s: string) => cf.latin.find((c) => c.form === s)?.key;
  const pa = placeAlt();
  const B = '(?<![\\p{L}])';
  const E = '(?![\\p{L}])';
  const at = (s: string | undefined) => (s ? pa.keyOf(s) : undefined);
  const push = (h: RuleHit) => hits.push(h);

  // English: "Soviet Embassy (in Beijing)", "Embassy of the USSR (in China)", "Hungarian Legation in Beijing"
  const missions = (lang: string) => Object.entries(lexi.missionWords[lang] ?? {}).sort((a, b) => b[0].length - a[0].length);
  // group 1: the sending country's adjective or name; group 2: the seat, if written
  const collect = (re: RegExp, mission: string) => {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const s = latinKey(m[1]!);
      if (!s) continue;
      const h: RuleHit = { start: m.index, end: m.index + m[0].length, lang: 'en', kind: 'embassy', sender: s, mission };
      const a = at(m[2]);
      if (a) h.at = a;
      push(h);
    }
  };
  const seat = `(?:\\s+in\\s+(?:the\\s+)?(${pa.alt}))?`;
  for (const [w, label] of missions('en')) {
    // Each pattern below needs its lexicon word literally: a substring test skips the full-text scan of the
    // country alternation when the word is absent (the usual case).
    if (!text.includes(w)) continue;
    collect(rx(`${B}(${latinAlt})\\s+${escapeRegExp(w)}${seat}${E}`, 'gu'), label);
    collect(rx(`${B}${escapeRegExp(w)}\\s+of\\s+(?:the\\s+)?(${latinAlt})${seat}${E}`, 'gu'), label);
  }
  // English governments: "Soviet Government", "Government of the USSR"
  for (const w of lexi.governmentWords['en'] ?? []) {
    if (!text.includes(w)) continue;
    const re1 = rx(`${B}(${latinAlt})\\s+${escapeRegExp(w)}${E}`, 'gu');
    for (let m = re1.exec(text); m; m = re1.exec(text)) {
      const s = latinKey(m[1]!);
      if (s) push({ start: m.index, end: m.index + m[0].length, lang: 'en', kind: 'government', sender: s });
    }
    const re2 = rx(`${B}${escapeRegExp(w)}\\s+of\\s+(?:the\\s+)?(${latinAlt})${E}`, 'gu');
    for (let m = re2.exec(text); m; m = re2.exec(text)) {
      const s = latinKey(m[1]!);
      if (s) push({ start: m.index, end: m.index + m[0].length, lang: 'en', kind: 'government', sender: s });
    }
  }
  // Other alphabetic languages: "<word> <country>" (Посольство СССР в Пекине, Botschaft der UdSSR, Guvernul URSS)
  const ruAlt = alts.ru;
  const ruKey = (s: string) => cf.ru.find((c) => c.form === s)?.key ?? latinKey(s);
  const otherWords: Array<{ kind: 'embassy' | 'government'; lang: string; w: string; mission?: string }> = [];
  for (const [lang, ws] of Object.entries(lexi.missionWords)) for (const [w, label] of Object.entries(ws)) otherWords.push({ kind: 'embassy', lang, w, mission: label });
  for (const [lang, ws] of Object.entries(lexi.governmentWords)) for (const w of ws) otherWords.push({ kind: 'government', lang, w });
  for (const ow of otherWords) {
    if (ow.lang === 'en' || ow.lang === 'zh' || ow.lang === 'ko' || ow.lang.startsWith('$')) continue;
    if (!text.includes(ow.w)) continue;
    const re = rx(`${B}${escapeRegExp(ow.w)}\\s+(?:der\\s+|des\\s+)?(${ruAlt})(?:\\s+(?:в|in|la|во)\\s+(${pa.alt}))?${E}`, 'gu');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const s = ruKey(m[1]!);
      if (!s) continue;
      const h: RuleHit = { start: m.index, end: m.index + m[0].length, lang: ow.lang, kind: ow.kind, sender: s };
      if (ow.mission) h.mission = ow.mission;
      const a = at(m[2]);
      if (a) h.at = a;
      push(h);
    }
  }
  // Chinese: 苏联驻华使馆, 苏使馆, 中国驻苏大使馆, 苏联政府. Every rule here needs a Han character in the text (when the
  // lexicon is written so): a text without one is skipped before the Chinese forms are simplified (OpenCC loaded).
  const simp = simplifiedText(doc);
  const chinese = HAN.test(simp) || !chineseRulesNeedHan();
  const zhAlts = chinese ? zhRuleAlts() : { zh: '', zhFull: '' };
  const zhAlt = zhAlts.zh;
  const zhKey = (s: string) => zhCountryForms().find((c) => c.form === s)?.key;
  const zhFullAlt = zhAlts.zhFull;
  if (chinese) {
    const zhMissions = Object.entries(lexi.missionWords['zh'] ?? {}).map(([w, label]) => [toSimplified(w), label] as const);
    const emb = zhMissions.map(([w]) => escapeRegExp(w)).sort((a, b) => b.length - a.length).join('|');
    const reZ = rx(`(?<!驻)(${zhAlt})(?:驻(${zhAlt}))?(${emb})`, 'gu');
    for (let m = reZ.exec(simp); m; m = reZ.exec(simp)) {
      const s = zhKey(m[1]!);
      if (!s) continue;
      const h: RuleHit = { start: m.index, end: m.index + m[0].length, lang: 'zh', kind: 'embassy', sender: s, mission: zhMissions.find(([w]) => w === m![3])?.[1] ?? 'Embassy' };
      const a = m[2] ? zhKey(m[2]) : undefined;
      if (a) h.at = a;
      push(h);
    }
    // 驻朝使馆 with no sender: the mission of the record's own country there
    const home = homeCountry(doc);
    if (home) {
      const reH = rx(`(?<![\\p{Script=Han}])驻(${zhAlt})(${emb})`, 'gu');
      for (let m = reH.exec(simp); m; m = reH.exec(simp)) {
        const a = zhKey(m[1]!);
        if (!a || a === home) continue;
        push({ start: m.index, end: m.index + m[0].length, lang: 'zh', kind: 'embassy', sender: home, at: a, mission: zhMissions.find(([w]) => w === m![2])?.[1] ?? 'Embassy' });
      }
    }
  }
  // Korean: 소련 대사관
  const koForms: Array<{ form: string; key: string }> = [];
  for (const p of placesLexicon().places) if (p.kind === 'country') for (const f of p.names['ko'] ?? []) koForms.push({ form: f, key: p.key });
  const koMissions = Object.entries(lexi.missionWords['ko'] ?? {});
  if (koForms.length > 0 && koMissions.length > 0) {
    const reK = rx(`(${koForms.map((f) => escapeRegExp(f.form)).sort((a, b) => b.length - a.length).join('|')})\\s*(?:주\\s*(${koForms.map((f) => escapeRegExp(f.form)).join('|')})\\s*)?(${koMissions.map(([w]) => escapeRegExp(w)).sort((a, b) => b.length - a.length).join('|')})`, 'gu');
    for (let m = reK.exec(text); m; m = reK.exec(text)) {
      const s = koForms.find((f) => f.form === m![1])?.key;
      if (!s) continue;
      const h: RuleHit = { start: m.index, end: m.index + m[0].length, lang: 'ko', kind: 'embassy', sender: s, mission: koMissions.find(([w]) => w === m![3])?.[1] ?? 'Embassy' };
      const a = m[2] ? koForms.find((f) => f.form === m![2])?.key : undefined;
      if (a) h.at = a;
      push(h);
    }
  }
  if (chinese) {
    const gov = (lexi.governmentWords['zh'] ?? []).map((w) => escapeRegExp(toSimplified(w))).join('|');
    const reG = rx(`(${zhFullAlt})(?:${gov})`, 'gu');
    for (let m = reG.exec(simp); m; m = reG.exec(simp)) {
      const s = zhKey(m[1]!);
      if (s) push({ start: m.index, end: m.index + m[0].length, lang: 'zh', kind: 'government', sender: s });
    }
  }
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: RuleHit[] = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept;
}

/** City key where an embassy sits: the city itself, or the capital of the receiving country. */
function seatOf(at: string | undefined): string | undefined {
  if (!at) return undefined;
  const e = placeEntry(at);
  if (!e) return undefined;
  return e.kind === 'city' ? e.key : e.capital;
}

// ---------------------------------------------------------------------------------------------------------
// Credits and translators

/** True when a name reads as an organisation (lexicon word, digits, or a single camel-case token like "LinguaTech"). */
export function looksLikeOrganisation(name: string): boolean {
  const words = institutionsLexicon().organisationWords;
  if (/\d/u.test(name)) return true;
  if (words.some((w) => name.includes(w) && rx(`(?<![\\p{L}])${escapeRegExp(w)}(?![\\p{L}])`, 'u').test(name))) return true;
  return /^\p{Lu}\p{Ll}+\p{Lu}\p{L}*$/u.test(name.trim());
}

/** Names after a cue in a text: "support from A, B and C" -> the spans of A, B, C. */
function namesAfterCue(doc: RecordDoc, region: { start: number; end: number }, cues: string[]): Array<{ start: number; end: number }> {
  const text = doc.text.slice(region.start, region.end);
  const out: Array<{ start: number; end: number }> = [];
  for (const cue of [...cues].sort((a, b) => b.length - a.length)) {
    const i = text.toLowerCase().indexOf(cue.toLowerCase());
    if (i < 0) continue;
    const from = i + cue.length;
    // the names run to the end of the sentence; an initial's full stop ("John D. and Catherine T. MacArthur") is not one
    const stop = /(?<![\s.]\p{Lu})[.;](?:\s|$)|\n|$/u.exec(text.slice(from));
    const to = from + (stop ? stop.index : text.length - from);
    const segment = text.slice(from, to);
    // known names first (they may contain "and"), then split the rest on commas and "and"; findNames reads only
    // the text of the document it is given
    const known = findNames({ ...doc, text: segment } as RecordDoc, alphabeticNameEntries());
    // "(CCNY)" after a name is its abbreviation, not another name
    let masked = segment.replace(/\([^)]*\)/gu, (x) => ' '.repeat(x.length));
    for (const k of known) {
      out.push({ start: region.start + from + k.start, end: region.start + from + k.end });
      masked = masked.slice(0, k.start) + ' '.repeat(k.end - k.start) + masked.slice(k.end);
    }
    const re = /[^,&]+?(?=\s*(?:,|\band\b|&|$))/gu;
    for (let m = re.exec(masked); m; m = re.exec(masked)) {
      let s = m.index;
      let e = m.index + m[0].length;
      const piece = masked.slice(s, e);
      const lead = piece.length - piece.trimStart().length;
      s += lead;
      e = s + piece.trim().length;
      let w = masked.slice(s, e).replace(/^(?:(?:and|the)\s+)+/iu, '');
      s = e - w.length;
      w = w.trim();
      if (w === '' || !/\p{Lu}|\d/u.test(w)) continue;
      out.push({ start: region.start + from + s, end: region.start + from + e });
      if (m[0].length === 0) re.lastIndex++;
    }
    break;
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Funders named in the credits ("made possible with support from X and Y"): Institution kind funder, from the
 * lexicon when known, else keyed by the slugged name.
 */
export function extractFunders(doc: RecordDoc): Institution[] {
  const acc: Acc = new Map();
  const region = doc.credits ?? doc.sections.find((s) => s.kind === 'credits')?.content;
  if (!region) return [];
  for (const r of namesAfterCue(doc, region, institutionsLexicon().credits.funderCues)) {
    const written = doc.text.slice(r.start, r.end);
    const known = lexiconKeyOf(written);
    const e = known ? institutionEntry(known) : undefined;
    const inst = e ? getInst(acc, e.key, e.names['en']?.[0] ?? e.key, 'funder', undefined, e.country) : getInst(acc, slugOf(written), written, 'funder');
    inst.kind = 'funder';
    addMention(doc, inst, r.start, r.end, 'en');
  }
  return [...acc.values()];
}

/**
 * The translator named after "Translated by" in the citation (or credits), as an Institution of kind translator
 * when it is an organisation; a person translator is returned in `person` (name and span) for the people stage.
 */
export function extractTranslator(doc: RecordDoc): { institution?: Institution; person?: { name: string; start: number; end: number } } {
  const regions = [doc.citation, doc.credits, ...doc.documentInformation.map((f) => f.value)].filter((r): r is NonNullable<typeof r> => r !== undefined);
  for (const region of regions) {
    const found = namesAfterCue(doc, region, institutionsLexicon().credits.translatorCues);
    const r = found[0];
    if (!r) continue;
    const written = doc.text.slice(r.start, r.end);
    const known = lexiconKeyOf(written);
    if (known || looksLikeOrganisation(written)) {
      const e = known ? institutionEntry(known) : undefined;
      const inst: Institution = {
        key: e?.key ?? slugOf(written),
        preferredName: e?.names['en']?.[0] ?? written,
        names: [],
        kind: 'translator',
        mentions: [],
      };
      if (e?.country) inst.country = e.country;
      addName(inst.names, inst.preferredName, 'en');
      addMention(doc, inst, r.start, r.end, 'en');
      return { institution: inst };
    }
    return { person: { name: written, start: r.start, end: r.end } };
  }
  return {};
}

function lexiconNameEntries(): NameEntry[] {
  return nameEntriesOf(institutionsLexicon().institutions);
}

let alphabeticEntriesCache: NameEntry[] | undefined;

/** The institution forms without Han characters, one array per process so findNames compiles it once. */
function alphabeticNameEntries(): NameEntry[] {
  return (alphabeticEntriesCache ??= lexiconNameEntries().filter((e) => !/\p{Script=Han}/u.test(e.form)));
}

function lexiconKeyOf(name: string): string | undefined {
  const n = name.trim();
  return institutionsLexicon().institutions.find((e) => Object.values(e.names).some((fs) => fs.includes(n)))?.key;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Every institution of the record, one per key, with its names as written (language-tagged) and mentions:
 * lexicon bodies, embassies and governments by rule, the record's own ministry for 本部, funders and a
 * translating organisation. Distribution-list short forms are handled by extractDistribution.
 */
export function extractInstitutions(doc: RecordDoc): Institution[] {
  const lexi = institutionsLexicon();
  const acc: Acc = new Map();
  const home = homeCountry(doc);

  // embassies and governments by rule
  const ruleHits = findRuleHits(doc);
  const seatless = new Map<string, boolean>();
  const seatOfKey = new Map<string, string>();
  for (const h of ruleHits) {
    const adjSlug = slugOf(adjectiveOf(h.sender));
    const adj = adjectiveOf(h.sender);
    if (h.kind === 'government') {
      addMention(doc, getInst(acc, `${adjSlug}-government`, `${adj} Government`, 'government', undefined, h.sender), h.start, h.end, h.lang);
      continue;
    }
    const mission = h.mission ?? 'Embassy';
    const seat = seatOf(h.at);
    const seatName = seat ? (placeEntry(seat)?.names['en']?.[0] ?? seat) : undefined;
    const base = `${adjSlug}-${slugOf(mission)}`;
    const key = seat ? `${base}-${seat}` : base;
    const inst = getInst(acc, key, seatName ? `${adj} ${mission} in ${seatName}` : `${adj} ${mission}`, 'embassy', undefined, h.sender);
    seatless.set(inst.key, !seat);
    if (seat) seatOfKey.set(inst.key, seat);
    addMention(doc, inst, h.start, h.end, h.lang);
  }
  // a mission written without its seat (苏使馆, "the Soviet Embassy") is the record's only seated mission of that
  // country; failing that, a foreign mission in a record of another country sits in that country's capital
  // where the record is written: the seat of the one mission of the record's own country abroad it names
  // (a cable from the embassy in Pyongyang), else the capital of that country
  const homeSeats = new Set([...seatOfKey.entries()].filter(([k]) => acc.get(k)?.country === home && home !== undefined).map(([, v]) => v));
  const writingSeat = homeSeats.size === 1 ? [...homeSeats][0] : home ? placeEntry(home)?.capital : undefined;
  for (const inst of [...acc.values()]) {
    if (inst.kind !== 'embassy' || !seatless.get(inst.key)) continue;
    const seated = [...acc.values()].filter((o) => o.kind === 'embassy' && o !== inst && o.country === inst.country && !seatless.get(o.key));
    let target = seated.length === 1 ? seated[0] : undefined;
    const seatCountry = writingSeat ? placeEntry(writingSeat)?.country : undefined;
    if (!target && writingSeat && inst.country !== home && inst.country !== seatCountry) {
      const seatName = placeEntry(writingSeat)?.names['en']?.[0] ?? writingSeat;
      target = getInst(acc, `${inst.key}-${writingSeat}`, `${inst.preferredName} in ${seatName}`, 'embassy', undefined, inst.country);
    }
    if (!target || target === inst) continue;
    for (const m of inst.mentions) addMention(doc, target, m.span.start, m.span.end, m.lang);
    acc.delete(inst.key);
  }
  const taken = ruleHits.map((h) => ({ start: h.start, end: h.end }));

  // lexicon names
  const idSpans = extractIdentifiers(doc).map((i) => i.span);
  for (const hit of findNames(doc, lexiconNameEntries())) {
    if (taken.some((t) => hit.start < t.end && t.start < hit.end)) continue;
    const e = institutionEntry(hit.key);
    if (!e) continue;
    // "Chinese Foreign Ministry Archive, 106-…": a body named inside an archival reference is the archive's name
    if (e.kind !== 'archive' && idSpans.some((sp) => hit.start >= sp.start && hit.end <= sp.end)) continue;
    if (e.generic && !e.country) {
      if (secondPersonBefore(doc, hit.start)) continue;
      const after = /\p{Script=Han}/u.test(hit.form) ? undefined : countryAfter(doc, hit.end);
      const g = genericFor(e.generic, after?.key ?? countryBefore(doc, hit.start) ?? home);
      if (!g) continue;
      addMention(doc, getInst(acc, g.key, g.preferredName, g.kind, g.parentKey, g.country), hit.start, after?.end ?? hit.end, hit.lang);
      continue;
    }
    addMention(doc, getInst(acc, e.key, e.names['en']?.[0] ?? e.key, e.kind, e.parent, e.country), hit.start, hit.end, hit.lang);
  }

  // 本部 / 我部: the record's own ministry
  const g = genericFor(lexi.own.generic, home);
  if (g) {
    const simp = simplifiedText(doc);
    const textHasHan = HAN.test(simp);
    for (const w of lexi.own.words) {
      // a word with a Han character cannot occur in a text without one: no need to simplify it (loading OpenCC)
      if (!textHasHan && HAN.test(w)) continue;
      const f = toSimplified(w);
      for (let i = simp.indexOf(f); i >= 0; i = simp.indexOf(f, i + 1)) {
        if ((lexi.own.notAfter ?? []).includes(doc.text[i - 1] ?? '') || (lexi.own.notBefore ?? []).includes(doc.text[i + f.length] ?? '')) continue;
        addMention(doc, getInst(acc, g.key, g.preferredName, g.kind, g.parentKey, g.country), i, i + f.length, 'zh');
      }
    }
  }

  // funders and a translating organisation, merged into a body of the same key already found
  for (const f of extractFunders(doc)) {
    const have = acc.get(f.key);
    if (have) {
      have.kind = 'funder';
      for (const m of f.mentions) addMention(doc, have, m.span.start, m.span.end, m.lang);
    } else acc.set(f.key, f);
  }
  const tr = extractTranslator(doc).institution;
  if (tr) {
    const have = acc.get(tr.key);
    if (have) for (const m of tr.mentions) addMention(doc, have, m.span.start, m.span.end, m.lang);
    else acc.set(tr.key, tr);
  }
  // the holding archive named in the web page's Document Information ("Original Archive")
  const rf = repositoryField(doc);
  if (rf) {
    const key = repositoryKeyOf(rf.value.text);
    const e = institutionEntry(key);
    const name = rf.value.text.trim();
    const inst = getInst(acc, key, e?.names['en']?.[0] ?? name, e?.kind ?? 'archive', e?.parent, e?.country);
    addMention(doc, inst, rf.value.start, rf.value.end, /\p{Script=Han}/u.test(name) ? 'zh' : 'en');
  }
  // the archive holding the record is one of its institutions even when only its reference is written
  for (const id of extractIdentifiers(doc)) {
    const e = id.repositoryKey && !acc.has(id.repositoryKey) ? institutionEntry(id.repositoryKey) : undefined;
    if (e) getInst(acc, e.key, e.names['en']?.[0] ?? e.key, e.kind, e.parent, e.country);
  }
  for (const i of acc.values()) i.mentions.sort((a, b) => a.span.start - b.span.start);
  return withParents([...acc.values()]);
}

/**
 * The institutions plus the parents they name (a department's ministry, a ministry's party), transitively, from
 * the lexicon: named so that the parent a record points to has a label, without mentions of their own.
 */
export function withParents(list: Institution[]): Institution[] {
  const out = [...list];
  const have = new Set(out.map((i) => i.key));
  for (let n = 0; n < out.length; n++) {
    const parentKey = out[n]!.parentKey;
    if (!parentKey || have.has(parentKey)) continue;
    const e = institutionEntry(parentKey);
    if (!e) continue;
    const preferred = e.names['en']?.[0] ?? e.key;
    const p: Institution = { key: e.key, preferredName: preferred, names: [{ value: preferred, lang: 'en', kind: 'full' }], kind: e.kind, mentions: [] };
    if (e.parent) p.parentKey = e.parent;
    if (e.country) p.country = e.country;
    out.push(p);
    have.add(e.key);
  }
  return out;
}
