/**
 * Titles, honorifics and role words (data/lexicon/titles.json, data/lexicon/roles.json): recognising them
 * around a name and turning them into role attestations. Titles never become part of a name.
 */
import { readLexicon } from './names.js';
import type { InstitutionKind } from './types.js';
import { memoized } from './memo.js';

// Module-level patterns: tsx compiles a \p{...} literal to `new RegExp(...)` wherever it stands, so one inside a
// function would be rebuilt on every call.
const HAN_OR_HANGUL_RE = /\p{Script=Han}|\p{Script=Hangul}/u;
const LETTER_RE = /\p{L}/u;

export interface Honorific {
  form: string;
  lang: string;
  position: 'before' | 'after';
  plural: boolean;
  /** Also an ordinary noun in a language that capitalises nouns (Genossen): weak evidence before a lone word. */
  alsoNoun: boolean;
}

export interface RoleEntry {
  key: string;
  label: string;
  institutionType?: InstitutionKind;
  beforeName: boolean;
  /** Key of a more general role whose words also refer to the holder. */
  broader?: string;
  /** Key of the role this one is the deputy of (deputy-director of director). */
  deputyOf?: string;
  /** The word alone does not refer to a person (記錄 is also "minutes"). */
  notAlone: boolean;
  /** Every written form with its language. */
  forms: Array<{ form: string; lang: string }>;
}

export interface RoleLexicon {
  honorifics: Honorific[];
  roles: RoleEntry[];
  speechVerbs: Set<string>;
  /** Chinese speech verbs, longest first. */
  zhSpeechVerbs: string[];
  /** Characters that make a Chinese speech verb another word when they follow it (說服). */
  zhSpeechNotFollowedBy: string;
  pluralJoiners: Set<string>;
  /** Languages that capitalise every noun (German): a lone capitalised word there is weak evidence of a name. */
  nounCapitalising: Set<string>;
  /** Latin-script forms (honorifics and roles), longest first, for matching at a position. */
  latinForms: Array<{ form: string; lower: string; honorific?: Honorific; role?: RoleEntry }>;
  /** Han-script role forms, longest first. */
  hanRoleForms: Array<{ form: string; role: RoleEntry }>;
  /** latinForms by their folded first letter. */
  latinByFirst: Map<string, RoleLexicon['latinForms']>;
  /** latinForms grouped by length (longest first), then by folded form, in latinForms order. */
  latinByLength: LengthGroup[];
  /** latinByLength restricted to the forms whose folded form ends with each unit. */
  latinByLastLength: Map<string, LengthGroup[]>;
  /** latinByLength restricted to each folded first letter. */
  latinByFirstLength: Map<string, LengthGroup[]>;
  /** hanRoleForms by their first UTF-16 unit, longest first. */
  hanByFirst: Map<string, RoleLexicon['hanRoleForms']>;
  /** The rules for German title nouns (roles.json "germanTitles"). */
  german: GermanTitleRules;
}

/** German titles by rule: inflected adjectives before a role noun, inflected and compound role nouns. */
export interface GermanTitleRules {
  /** Folded adjective stem -> whether it makes the role a deputy ("stellvertretend"). */
  modifiers: Map<string, boolean>;
  adjectiveEndings: string[];
  /** Longest first. */
  nounEndings: string[];
  /** Folded one-word German role forms -> role ("botschafter"). */
  nouns: Map<string, RoleEntry>;
  /** Folded nouns that are also forms of another language: inflected by rule only after a modifier. */
  shared: Set<string>;
  /** Folded compound heads -> role, longest first ("leiter" in "Hauptabteilungsleiter"). */
  compoundHeads: Array<{ head: string; role: RoleEntry }>;
  /** Folded words that end like a role noun and are none ("Begleiter"). */
  notRoles: Set<string>;
}

/** Forms of one length, by folded form: a text window is folded once per length instead of once per form. */
export interface LengthGroup {
  length: number;
  byLower: Map<string, RoleLexicon['latinForms']>;
}

/** Groups forms (already longest first) by length and folded form, keeping their order within each group. */
function groupByLength(forms: RoleLexicon['latinForms']): LengthGroup[] {
  const out: LengthGroup[] = [];
  for (const f of forms) {
    let g = out.find((x) => x.length === f.form.length);
    if (!g) {
      g = { length: f.form.length, byLower: new Map() };
      out.push(g);
    }
    const list = g.byLower.get(f.lower) ?? [];
    list.push(f);
    g.byLower.set(f.lower, list);
  }
  return out.sort((a, b) => b.length - a.length);
}

let lexicon: RoleLexicon | undefined;

/** Loads titles.json and roles.json once; throws naming the file and entry when an entry is malformed. */
export function loadRoleLexicon(): RoleLexicon {
  if (lexicon) return lexicon;
  const titles = readLexicon('titles.json') as Record<string, unknown>;
  const rolesRaw = readLexicon('roles.json') as Record<string, unknown>;
  const hon = titles['honorifics'];
  if (!Array.isArray(hon)) throw new Error('data/lexicon/titles.json: "honorifics" must be an array of {form, lang, position}.');
  const honorifics: Honorific[] = hon.map((h: unknown, i) => {
    const o = h as Record<string, unknown>;
    if (typeof o['form'] !== 'string' || (o['position'] !== 'before' && o['position'] !== 'after'))
      throw new Error(`data/lexicon/titles.json: honorifics[${i}] needs a string "form" and "position" 'before' or 'after'.`);
    return { form: o['form'], lang: String(o['lang'] ?? 'und'), position: o['position'], plural: o['plural'] === true, alsoNoun: o['alsoNoun'] === true };
  });
  const list = rolesRaw['roles'];
  if (!Array.isArray(list)) throw new Error('data/lexicon/roles.json: "roles" must be an array of {key, label, forms}.');
  const roles: RoleEntry[] = list.map((r: unknown, i) => {
    const o = r as Record<string, unknown>;
    if (typeof o['key'] !== 'string' || typeof o['label'] !== 'string' || typeof o['forms'] !== 'object' || o['forms'] === null)
      throw new Error(`data/lexicon/roles.json: roles[${i}] needs "key", "label" and "forms" ({lang: [forms]}).`);
    const forms: Array<{ form: string; lang: string }> = [];
    for (const [lang, fs] of Object.entries(o['forms'] as Record<string, unknown>)) {
      if (!Array.isArray(fs)) throw new Error(`data/lexicon/roles.json: roles[${i}] (${o['key']}) forms.${lang} must be an array.`);
      for (const f of fs) if (typeof f === 'string') forms.push({ form: f, lang });
    }
    const entry: RoleEntry = { key: o['key'], label: o['label'], beforeName: o['beforeName'] === true, notAlone: o['notAlone'] === true, forms };
    if (typeof o['broader'] === 'string') entry.broader = o['broader'];
    if (typeof o['deputyOf'] === 'string') entry.deputyOf = o['deputyOf'];
    if (typeof o['institutionType'] === 'string') entry.institutionType = o['institutionType'] as InstitutionKind;
    return entry;
  });
  const sv = (titles['speechVerbs'] as Record<string, unknown> | undefined)?.['en'];
  const zsv = (titles['speechVerbs'] as Record<string, unknown> | undefined)?.['zh'];
  const pj = titles['pluralJoiners'] as Record<string, unknown> | undefined;
  const joiners = new Set<string>();
  for (const [k, v] of Object.entries(pj ?? {})) if (k !== '$comment' && Array.isArray(v)) for (const w of v) joiners.add(String(w));
  const latinForms: RoleLexicon['latinForms'] = [];
  for (const h of honorifics) if (!HAN_OR_HANGUL_RE.test(h.form) && h.position === 'before') latinForms.push({ form: h.form, lower: fold(h.form), honorific: h });
  const hanRoleForms: RoleLexicon['hanRoleForms'] = [];
  for (const r of roles)
    for (const f of r.forms) {
      if (/\p{Script=Han}/u.test(f.form)) hanRoleForms.push({ form: f.form, role: r });
      else latinForms.push({ form: f.form, lower: fold(f.form), role: r });
    }
  latinForms.sort((a, b) => b.form.length - a.form.length);
  const german = germanRules(rolesRaw['germanTitles'], roles, new Set(roles.flatMap((r) => r.forms.filter((f) => f.lang !== 'de').map((f) => fold(f.form)))));
  const latinByFirst = new Map<string, RoleLexicon['latinForms']>();
  for (const f of latinForms) {
    const k = f.lower.charAt(0);
    const list = latinByFirst.get(k) ?? [];
    list.push(f);
    latinByFirst.set(k, list);
  }
  hanRoleForms.sort((a, b) => b.form.length - a.form.length);
  const hanByFirst = new Map<string, RoleLexicon['hanRoleForms']>();
  for (const f of hanRoleForms) {
    const list = hanByFirst.get(f.form.charAt(0)) ?? [];
    list.push(f);
    hanByFirst.set(f.form.charAt(0), list);
  }
  const latinByFirstLength = new Map<string, LengthGroup[]>();
  for (const [k, forms] of latinByFirst) latinByFirstLength.set(k, groupByLength(forms));
  const byLast = new Map<string, RoleLexicon['latinForms']>();
  for (const f of latinForms) {
    const k = f.lower.charAt(f.lower.length - 1);
    const list = byLast.get(k) ?? [];
    list.push(f);
    byLast.set(k, list);
  }
  const latinByLastLength = new Map<string, LengthGroup[]>();
  for (const [k, forms] of byLast) latinByLastLength.set(k, groupByLength(forms));
  lexicon = {
    honorifics,
    roles,
    speechVerbs: new Set(Array.isArray(sv) ? sv.map(String) : []),
    zhSpeechVerbs: (Array.isArray(zsv) ? zsv.map(String) : []).sort((a, b) => b.length - a.length),
    zhSpeechNotFollowedBy: String((titles['speechVerbs'] as Record<string, unknown> | undefined)?.['zhNotFollowedBy'] ?? ''),
    pluralJoiners: joiners,
    nounCapitalising: new Set(
      ((titles['nounCapitalisingLanguages'] as Record<string, unknown> | undefined)?.['languages'] as unknown[] | undefined)?.map(String) ?? [],
    ),
    latinForms,
    hanRoleForms,
    latinByFirst,
    latinByLength: groupByLength(latinForms),
    latinByFirstLength,
    latinByLastLength,
    hanByFirst,
    german,
  };
  return lexicon;
}

/**
 * Reads roles.json "germanTitles". A noun ending is not tried on a form that is also a form of another language
 * ("Minister" is English too, and "Ministers Gromyko and Kuznetsov" is English), so `otherLangForms` lists those.
 */
function germanRules(raw: unknown, roles: RoleEntry[], otherLangForms: Set<string>): GermanTitleRules {
  const where = 'data/lexicon/roles.json: "germanTitles"';
  const o = (raw ?? {}) as Record<string, unknown>;
  const strings = (k: string): string[] => {
    const v = o[k] ?? [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`${where}.${k} must be an array of strings.`);
    return v as string[];
  };
  const modifiers = new Map<string, boolean>();
  const mods = o['modifiers'] ?? [];
  if (!Array.isArray(mods)) throw new Error(`${where}.modifiers must be an array of {stem, deputy?}.`);
  mods.forEach((m: unknown, i) => {
    const stem = (m as Record<string, unknown> | null)?.['stem'];
    if (typeof stem !== 'string' || stem === '') throw new Error(`${where}.modifiers[${i}] needs a string "stem".`);
    modifiers.set(fold(stem), (m as Record<string, unknown>)['deputy'] === true);
  });
  const nouns = new Map<string, RoleEntry>();
  for (const r of roles) for (const f of r.forms) if (f.lang === 'de' && !/\s/u.test(f.form) && !nouns.has(fold(f.form))) nouns.set(fold(f.form), r);
  const heads = (o['compoundHeads'] ?? {}) as Record<string, unknown>;
  const compoundHeads: GermanTitleRules['compoundHeads'] = [];
  for (const [head, key] of Object.entries(heads)) {
    const role = roles.find((r) => r.key === key);
    if (!role) throw new Error(`${where}.compoundHeads.${head}: no role with key "${String(key)}" in "roles"; use one of the role keys.`);
    compoundHeads.push({ head: fold(head), role });
  }
  compoundHeads.sort((a, b) => b.head.length - a.head.length);
  return {
    modifiers,
    adjectiveEndings: strings('adjectiveEndings'),
    nounEndings: strings('nounEndings').sort((a, b) => b.length - a.length),
    nouns,
    shared: new Set([...nouns.keys()].filter((k) => otherLangForms.has(k))),
    compoundHeads,
    notRoles: new Set(strings('notRoles').map(fold)),
  };
}

/** Case- and apostrophe-folded form for comparison. */
function fold(s: string): string {
  return s.replace(QUOTES, "'").toLowerCase();
}

/**
 * fold(w) when folding maps each UTF-16 unit to one unit independently of its neighbours, so that any slice
 * of the result is the fold of the same slice of w; undefined otherwise (Σ folds by context to ς or σ, İ
 * folds to two units, a surrogate pair cut by a slice folds differently).
 */
function foldWindow(w: string): string | undefined {
  if (CONTEXT_FOLDED.test(w)) return undefined;
  const f = fold(w);
  return f.length === w.length ? f : undefined;
}

const CONTEXT_FOLDED = /[\uD800-\uDFFF\u03A3]/;
const QUOTES = /[’‘`]/g;
const LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export interface TitleMatch {
  start: number;
  end: number;
  text: string;
  honorific?: Honorific;
  role?: RoleEntry;
}

/**
 * The longest honorific or role form starting exactly at `pos` in `text` and ending at a word boundary
 * ("Vice Minister" in "Vice Minister Zhao"), or undefined. The match returned is shared: do not modify it.
 */
export function latinTitleAt(text: string, pos: number): TitleMatch | undefined {
  // People extraction asks about the same positions of one record's text many times: remember the last text's answers.
  if (text !== memoText) {
    memoText = text;
    memo = new Map();
  }
  const known = memo.get(pos);
  if (known !== undefined) return known ?? undefined;
  const exact = lexiconTitleAt(text, pos);
  const german = germanTitleAt(text, pos);
  const out = german && (!exact || german.end > exact.end) ? german : exact;
  memo.set(pos, out ?? null);
  return out;
}

let memoText: string | undefined;
let memo = new Map<number, TitleMatch | null>();

/** The longest honorific or role form of the lexicon starting exactly at `pos`. */
function lexiconTitleAt(text: string, pos: number): TitleMatch | undefined {
  const lex = loadRoleLexicon();
  // Only forms starting with the same (folded) letter can match here; each length's window is folded once.
  const groups = lex.latinByFirstLength.get(fold(text.charAt(pos)));
  if (!groups?.[0]) return undefined;
  const window = foldWindow(text.slice(pos, pos + groups[0].length));
  for (const g of groups) {
    const piece = text.slice(pos, pos + g.length);
    if (piece.length !== g.length) continue;
    const after = text.charAt(pos + g.length);
    for (const f of g.byLower.get(window !== undefined ? window.slice(0, g.length) : fold(piece)) ?? []) {
      // The form must end at a word boundary ("Minister" is not in "Ministry"), unless it ends with a dot.
      if (!f.form.endsWith('.') && LETTER_OR_DIGIT.test(after)) continue;
      const m: TitleMatch = { start: pos, end: pos + g.length, text: piece };
      if (f.honorific) m.honorific = f.honorific;
      if (f.role) m.role = f.role;
      return m;
    }
  }
  return undefined;
}

const GERMAN_WORD = /\p{L}+/uy;
const UPPER_START = /^\p{Lu}/u;

/**
 * A German title written by the rules of roles.json "germanTitles" at `pos`: modifiers, then a role noun, inflected
 * or compound ("Stellvertretender Abteilungsleiter", "des Botschafters", "Hauptabteilungsleiter"), or undefined.
 * The noun must be capitalised, as German writes nouns.
 *
 * @example germanTitleAt('Stellvertretender Abteilungsleiter Meier', 0)?.role?.key // 'deputy-director'
 */
export function germanTitleAt(text: string, pos: number): TitleMatch | undefined {
  let p = pos;
  let deputy = false;
  let modifiers = 0;
  if (pos > 0 && LETTER_OR_DIGIT.test(text.charAt(pos - 1))) return undefined;
  for (;;) {
    GERMAN_WORD.lastIndex = p;
    const w = GERMAN_WORD.exec(text);
    if (!w) return undefined;
    const word = w[0];
    const end = p + word.length;
    if (LETTER_OR_DIGIT.test(text.charAt(end))) return undefined;
    const c = classifyGermanWord(word);
    if (c.modifier !== undefined) {
      // A modifier must be followed, on the same line, by another word.
      const gap = /^[ \t]+/u.exec(text.slice(end, end + 4));
      if (!gap) return undefined;
      deputy ||= c.modifier;
      modifiers++;
      p = end + gap[0].length;
      continue;
    }
    const role = modifiers > 0 ? c.afterModifier : c.alone;
    if (!role) return undefined;
    return { start: pos, end, text: text.slice(pos, end), role: deputy ? deputyRole(role) : role };
  }
}

/** What one word can be in a German title: a modifier (deputy or not), a role noun alone or after a modifier. */
interface GermanWordClass {
  modifier?: boolean;
  alone?: RoleEntry;
  afterModifier?: RoleEntry;
}

const NOTHING: GermanWordClass = {};

/** Classifies a word once (titles are looked up at every capitalised word, and words recur). */
const classifyGermanWord = memoized(computeGermanWordClass);

function computeGermanWordClass(word: string): GermanWordClass {
  const g = loadRoleLexicon().german;
  const lower = fold(word);
  for (const e of g.adjectiveEndings) {
    const stem = lower.endsWith(e) ? lower.slice(0, lower.length - e.length) : '';
    if (stem !== '' && g.modifiers.has(stem)) return { modifier: g.modifiers.get(stem) === true };
  }
  // German writes nouns capitalised.
  if (!UPPER_START.test(word) || g.notRoles.has(lower)) return NOTHING;
  const exact = g.nouns.get(lower);
  if (exact) return { afterModifier: exact }; // a bare lexicon noun alone is lexiconTitleAt's match
  let alone: RoleEntry | undefined;
  let afterModifier: RoleEntry | undefined;
  for (const e of g.nounEndings) {
    const stem = lower.endsWith(e) ? lower.slice(0, lower.length - e.length) : '';
    const r = stem !== '' ? g.nouns.get(stem) : undefined;
    if (!r) continue;
    afterModifier ??= r;
    // a form shared with another language is inflected by rule only after a modifier ("Ministers Gromyko")
    if (!g.shared.has(stem)) alone ??= r;
  }
  if (!afterModifier)
    for (const h of g.compoundHeads) {
      // A compound has a first part of its own (three letters at least): "Sonderbotschafter", not "Botschafter".
      const i = lower.lastIndexOf(h.head);
      const rest = i >= 3 ? lower.slice(i + h.head.length) : undefined;
      if (rest !== undefined && (rest === '' || g.nounEndings.includes(rest))) {
        alone = afterModifier = h.role;
        break;
      }
    }
  const out: GermanWordClass = {};
  if (alone) out.alone = alone;
  if (afterModifier) out.afterModifier = afterModifier;
  return out;
}

const deputies = new Map<string, RoleEntry>();

/** The deputy of a role: the lexicon's role whose deputyOf names it (or its broader role), else "Deputy <label>". */
function deputyRole(role: RoleEntry): RoleEntry {
  const lex = loadRoleLexicon();
  const found = lex.roles.find((r) => r.deputyOf === role.key) ?? (role.broader ? lex.roles.find((r) => r.deputyOf === role.broader) : undefined);
  if (found) return found;
  let d = deputies.get(role.key);
  if (!d) {
    d = { key: `deputy-${role.key}`, label: `Deputy ${role.label}`, beforeName: role.beforeName, notAlone: role.notAlone, forms: [] };
    if (role.institutionType) d.institutionType = role.institutionType;
    deputies.set(role.key, d);
  }
  return d;
}

/**
 * The longest Latin title or role ending exactly at `end` and starting at a word boundary ("Secretary of
 * Defense" ending after "Defense"), or undefined.
 */
export function latinTitleEndingAt(text: string, end: number): TitleMatch | undefined {
  return latinFormEndingAt(text, end, LETTER_OR_DIGIT);
}

/**
 * The longest Latin honorific or before-name role form ending exactly at `end` whose start is not glued to a
 * character matching `glued` (the one rule latinTitleEndingAt and honorificBefore share).
 */
function latinFormEndingAt(text: string, end: number, glued: RegExp): TitleMatch | undefined {
  const lex = loadRoleLexicon();
  const window = foldWindow(text.slice(Math.max(0, end - (lex.latinByLength[0]?.length ?? 0)), end));
  // With a folded window only the forms ending with its last unit can match.
  const groups = window !== undefined ? (lex.latinByLastLength.get(window.charAt(window.length - 1)) ?? []) : lex.latinByLength;
  for (const g of groups) {
    const s = end - g.length;
    if (s < 0) continue;
    const piece = text.slice(s, end);
    const forms = g.byLower.get(window !== undefined ? window.slice(window.length - g.length) : fold(piece));
    if (!forms || (s > 0 && glued.test(text.charAt(s - 1)))) continue;
    for (const f of forms) {
      if (f.role && !f.role.beforeName) continue;
      const m: TitleMatch = { start: s, end, text: piece };
      if (f.honorific) m.honorific = f.honorific;
      if (f.role) m.role = f.role;
      return m;
    }
  }
  return undefined;
}

/** The longest Han role form starting at `pos`, or undefined. */
export function hanRoleAt(text: string, pos: number): TitleMatch | undefined {
  // Only forms starting with the character at pos can match.
  for (const f of loadRoleLexicon().hanByFirst.get(text.charAt(pos)) ?? []) {
    if (text.startsWith(f.form, pos)) return { start: pos, end: pos + f.form.length, text: f.form, role: f.role };
  }
  return undefined;
}

/** Every Han role word in text[start,end), longest match first, without overlaps. */
export function hanRolesIn(text: string, start: number, end: number): TitleMatch[] {
  const out: TitleMatch[] = [];
  for (let i = start; i < end; ) {
    const m = hanRoleAt(text, i);
    if (m && m.end <= end) {
      out.push(m);
      i = m.end;
    } else i++;
  }
  return out;
}

/**
 * The Latin honorific or title-like role written just before `pos` ("товарищ " or "Chargé d'affaires "
 * before a name), or undefined.
 */
export function honorificBefore(text: string, pos: number): TitleMatch | undefined {
  const ws = /\s+$/u.exec(text.slice(Math.max(0, pos - 4), pos));
  if (!ws || ws[0].includes('\n\n')) return undefined;
  return latinFormEndingAt(text, pos - ws[0].length, LETTER);
}

/** The honorific written right after `pos` (" elvtárs", "同志"), or undefined. */
export function honorificAfter(text: string, pos: number): TitleMatch | undefined {
  for (const h of loadRoleLexicon().honorifics) {
    if (h.position !== 'after') continue;
    const han = HAN_OR_HANGUL_RE.test(h.form);
    const gap = han ? (/^ ?/.exec(text.slice(pos)) ?? [''])[0].length : (/^\s+/.exec(text.slice(pos)) ?? [''])[0].length;
    if (!han && gap === 0) continue;
    const s = pos + gap;
    if (text.startsWith(h.form, s)) {
      const after = text.charAt(s + h.form.length);
      if (!han && LETTER_RE.test(after) && !/^elvtárs/.test(h.form)) continue;
      return { start: s, end: s + h.form.length, text: h.form, honorific: h };
    }
  }
  return undefined;
}

/** The role entry with this key, if the lexicon has it. */
export function roleByKey(key: string): RoleEntry | undefined {
  return loadRoleLexicon().roles.find((r) => r.key === key);
}
