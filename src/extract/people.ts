/**
 * People extraction: finds every personal name in a record (both scripts), strips titles into roles, and
 * ties every name form to one person.
 *
 * Strategy: first collect *strong* candidates, names whose context shows they are people (a header field
 * such as "Interpreter:", a speaker tag, a title or honorific, a role in apposition, initials, a speech verb,
 * a pinyin-shaped or surname-first name, a Chinese name beside a role word or 同志). Then collect *weak*
 * candidates: any capitalised word sequence or Chinese string that matches a strong name (the full name, its
 * surname, a spelling variant within a small edit distance, the other Chinese script). Candidates are
 * merged with a union-find over name agreement, pinyin, the parallel header fields, shared roles and the
 * aligned speaker turns; clusters without a strong candidate are dropped.
 */
import type {
  Discrepancy,
  HeaderField,
  HeaderKey,
  Institution,
  LangTag,
  Mention,
  MentionContext,
  NameForm,
  NameKind,
  Person,
  Place,
  RecordDoc,
  RoleAttestation,
  Span,
  TextPart,
} from './types.js';
import {
  hasHan,
  isHanOnly,
  isPinyinName,
  isPinyinSurname,
  pinyinMatches,
  pinyinName,
  sameHan,
  toSimplified,
  zhLangOf,
  zhSurnameLength,
} from './chinese.js';
import {
  cyrillicToLatin,
  editDistance,
  isInitials,
  loadNameParticles,
  normaliseWord,
  scriptLangOf,
  similarSurname,
  slugOf,
  spellingKey,
} from './names.js';
import { hanRoleAt, hanRolesIn, honorificAfter, honorificBefore, latinTitleAt, latinTitleEndingAt, loadRoleLexicon, roleByKey } from './roles.js';
import { extractTranslator, guessLanguage, languageOf, looksLikeOrganisation } from './institutions.js';
import type { RoleLexicon, TitleMatch } from './roles.js';

// Module-level patterns: tsx compiles a \p{...} literal to `new RegExp(...)` wherever it stands, so one inside a
// function would be rebuilt on every call.
const CYRILLIC_RE = /\p{Script=Cyrillic}/u;

/** What the people extractor may use from the other extractors. */
export interface PeopleContext {
  institutions?: Institution[];
  places?: Place[];
  /**
   * Institutions a role may imply when the text names none (副部長 -> the one ministry the record mentions);
   * defaults to `institutions`. The orchestrator leaves distribution-list bodies out.
   */
  impliedInstitutions?: Institution[];
  /** ISO date of the record, written as `asOf` on every role. */
  recordDate?: string;
  /** Record id, used to key people known only by role ("wcda-900001-soviet-ambassador"). */
  recordId?: string;
}

/** A person named in a header field ("Interpreter: Sun Gaoping"), for the event's participants. */
export interface HeaderPerson {
  personKey: string;
  headerKey: HeaderKey;
  part: TextPart;
  span: Span;
}

export interface PeopleResult {
  people: Person[];
  /** Person key of each turn in doc.turns. */
  turnSpeakers: Array<string | undefined>;
  headerPeople: HeaderPerson[];
  /** Person keys of the people who sign the record (a name line closing a letter or cable), in text order. */
  signers: string[];
  /** Name discrepancies between the original and the translation. */
  discrepancies: Discrepancy[];
}

type Script = 'latin' | 'han' | 'other';

interface Cand {
  id: number;
  span: Span;
  /** Normalised form ("Zhao Liang", "[Pavel] Belyakov", "A.I. Mikoyan"). */
  value: string;
  /** The full name the form stands for, brackets removed ("Pavel Belyakov"). */
  full: string;
  lang: LangTag;
  kind: NameKind;
  script: Script;
  context: MentionContext;
  strong: boolean;
  roles: RoleAttestation[];
  /** Latin name words (normalised, brackets removed). */
  words: string[];
  header?: { key: HeaderKey; part: TextPart; field: number; order: number };
  turn?: number;
  /** For a code name: the full name of the person it stands for. */
  codeNameOf?: string;
  /** The name signs the record. */
  signature?: boolean;
}

/** Header keys whose values name people. */
const PERSON_HEADER_KEYS: ReadonlySet<HeaderKey> = new Set(['alsoPresent', 'interpreter', 'minutesBy', 'participants', 'from', 'to']);

const NAME_WORD = /^\[?(?:\p{Lu}[\p{L}\p{M}'’\-]*|(?:\p{Lu}\.)+)\]?$/u;

// Patterns used per word or per run, kept at module level: tsx compiles a \p{...} literal to `new RegExp(...)`
// wherever it stands, so one inside a method would be rebuilt on every call.
const NO_LOWER_START = /^[^\p{Ll}]/u;
const NO_LOWER = /^[^\p{Ll}]+$/u;
const TRAILING_INITIALS = /^,\s*((?:\p{Lu}\.\s?){1,3})(?=[\s,;)]|$)/u;
const NEXT_LOWER_WORD = /^\s+(\p{Ll}+)/u;
const HYPHENATED_GIVEN = /^\p{Lu}\p{Ll}{0,5}['’]?\p{Ll}* \p{Lu}\p{Ll}+-\p{Ll}+$/u;
const ALL_CAPS_WORD = /^\p{Lu}{2,}$/u;
const HAS_LOWER = /\p{Ll}/u;
const CODE_NAME_3 = /^\[\p{Lu}[\p{L}'’\-]{3,}\]$/u;
const EDITORIAL_START = /^\[\p{Lu}/u;
const LOWER_START = /^\p{Ll}/u;
const HAS_LETTER = /\p{L}/u;
const CODE_NAME = /^\[\p{Lu}[\p{L}'’\-]+\]$/u;
const CAPITALISED = /^\p{Lu}\p{Ll}+$/u;

const dottedFormsOf = new WeakMap<RoleLexicon, Set<string>>();

/** The Latin title forms ending with a dot ("Com.", "Mr."), whose dot belongs to the word. */
function dottedForms(lex: RoleLexicon): Set<string> {
  let set = dottedFormsOf.get(lex);
  if (!set) {
    set = new Set(lex.latinForms.filter((f) => f.form.endsWith('.')).map((f) => f.form));
    dottedFormsOf.set(lex, set);
  }
  return set;
}

/**
 * Extracts the people of one record.
 * Example: for the seed, returns Zhao Liang with 趙亮, 赵亮, Zhao, 趙 ... and the role Vice Minister.
 */
export function extractPeople(doc: RecordDoc, ctx: PeopleContext = {}): PeopleResult {
  return new PeopleExtractor(doc, ctx).run();
}

class PeopleExtractor {
  private readonly text: string;
  private readonly cands: Cand[] = [];
  private readonly bySpan = new Map<string, Cand>();
  private readonly blocked: Span[] = [];
  private readonly institutionSpans: Array<{ span: Span; key: string }> = [];
  private readonly particles = loadNameParticles();
  private readonly roleLex = loadRoleLexicon();
  private readonly headerNames: Cand[] = [];

  private readonly originalLang: LangTag | undefined;
  /** The original text is in a language that capitalises every noun (named by the record, else guessed). */
  private readonly originalCapitalisesNouns: boolean;

  constructor(
    private readonly doc: RecordDoc,
    private readonly ctx: PeopleContext,
  ) {
    this.text = doc.text;
    this.originalLang = doc.originalLanguage ? languageOf(doc.originalLanguage.text)?.tag : undefined;
    // Only this rule uses a guessed language: the language tags of names still follow what the record says.
    const o = doc.original;
    const lang = this.originalLang ?? (o ? guessLanguage(doc.text.slice(o.start, o.end)) : undefined);
    this.originalCapitalisesNouns = lang !== undefined && this.roleLex.nounCapitalising.has(lang);
    for (const inst of ctx.institutions ?? [])
      for (const m of inst.mentions) {
        this.blocked.push(m.span);
        this.institutionSpans.push({ span: m.span, key: inst.key });
      }
    for (const p of ctx.places ?? []) for (const m of p.mentions) this.blocked.push(m.span);
    for (const f of doc.furniture) this.blocked.push(f.span);
  }

  run(): PeopleResult {
    this.headerCandidates();
    this.translatorCandidate();
    this.speakerCandidates();
    this.latinStrongCandidates();
    this.hanStrongCandidates();
    this.latinWeakCandidates();
    this.hanWeakCandidates();
    return this.cluster();
  }

  // -------------------------------------------------------------------------------------------------------
  // Candidate bookkeeping

  private add(c: Omit<Cand, 'id'>): Cand | undefined {
    if (c.span.end <= c.span.start || this.text.slice(c.span.start, c.span.end) !== c.span.text) return undefined;
    if (c.script === 'latin') c.lang = this.latinLang(c.full, c.span.start);
    const k = `${c.span.start}-${c.span.end}`;
    const prev = this.bySpan.get(k);
    if (prev) {
      prev.strong ||= c.strong;
      for (const r of c.roles) if (!prev.roles.some((x) => x.span.start === r.span.start)) prev.roles.push(r);
      if (c.header && !prev.header) prev.header = c.header;
      if (c.turn !== undefined && prev.turn === undefined) prev.turn = c.turn;
      return prev;
    }
    // A span inside an already-found name (e.g. "Liang" inside "Zhao Liang") is not a new mention.
    for (const o of this.cands) if (o.span.start <= c.span.start && c.span.end <= o.span.end) return undefined;
    const cand: Cand = { ...c, id: this.cands.length };
    this.cands.push(cand);
    this.bySpan.set(k, cand);
    return cand;
  }

  /** A word that is never a name by itself (stop-list, any capitalisation: "MEMORANDUM" as "Memorandum"). */
  private notName(word: string): boolean {
    return this.particles.notNameWords.has(word) || this.particles.notNameWords.has(normaliseWord(word));
  }

  private isBlocked(start: number, end: number): boolean {
    return this.blocked.some((b) => b.start < end && start < b.end);
  }

  private span(start: number, end: number): Span {
    return { start, end, text: this.text.slice(start, end) };
  }

  /**
   * Language of a non-Chinese name form: in the original-language text, the record's original language when
   * it uses the same script (a Latin form in a German original is 'de'); otherwise by script ('en', 'ru', 'ko').
   */
  private latinLang(form: string, pos: number): LangTag {
    const byScript = scriptLangOf(form);
    const o = this.doc.original;
    if (!o || pos < o.start || pos >= o.end || !this.originalLang) return byScript;
    const cyr = CYRILLIC_RE.test(form);
    const cyrLangs = new Set(['ru', 'uk', 'be', 'bg', 'sr', 'mk', 'mn', 'kk']);
    if (byScript === 'ko' || /^zh|^ja/u.test(this.originalLang)) return byScript;
    if (cyr === cyrLangs.has(this.originalLang)) return this.originalLang;
    return byScript;
  }

  /** True when a Latin word at `pos` is in an original text written in a language that capitalises every noun. */
  private inNounCapitalisingText(pos: number, word: string): boolean {
    const o = this.doc.original;
    return this.originalCapitalisesNouns && o !== undefined && o.start <= pos && pos < o.end && !CYRILLIC_RE.test(word);
  }

  /** True when an offset lies in the English translation or the English metadata (title, citation, summary). */
  private isEnglishSide(pos: number): boolean {
    const d = this.doc;
    const inside = (sp: Span | undefined): boolean => sp !== undefined && sp.start <= pos && pos < sp.end;
    return inside(d.translation) || inside(d.title) || inside(d.citation) || inside(d.summary);
  }

  /** The context of a span from the section it lies in. */
  private contextOf(start: number): MentionContext {
    const d = this.doc;
    const inside = (s: Span | undefined): boolean => s !== undefined && s.start <= start && start < s.end;
    if (d.turns.some((t) => inside(t.speaker))) return 'speakerTag';
    if (d.header.some((h) => inside(h.value))) return 'header';
    if (inside(d.title)) return 'title';
    if (inside(d.citation)) return 'citation';
    if (inside(d.summary)) return 'summary';
    if (d.headings.some((h) => inside(h.span))) return 'heading';
    if (d.documentInformation.some((f) => inside(f.value))) return 'documentInformation';
    if (inside(d.original) || inside(d.translation) || d.paragraphs.some((p) => inside(p.span))) return 'body';
    return 'other';
  }

  private role(t: TitleMatch, nameEnd: number): RoleAttestation | undefined {
    if (!t.role) return undefined;
    const r: RoleAttestation = {
      asWritten: t.text,
      roleKey: t.role.key,
      label: t.role.label,
      span: this.span(t.start, t.end),
    };
    if (this.ctx.recordDate) r.asOf = this.ctx.recordDate;
    const aff = this.affiliationNear(t, nameEnd);
    if (aff) r.affiliationKey = aff;
    return r;
  }

  /**
   * The institution a role is held in: "First Secretary of the Soviet Embassy" (Latin, after the role),
   * "蘇使館一秘" / "蘇聯駐華使館臨時代辦" (Han, just before the role).
   */
  private affiliationNear(t: TitleMatch, nameEnd: number): string | undefined {
    const after = /^\s+(?:of|at|in|to)\s+(?:the\s+)?/u.exec(this.text.slice(t.end, t.end + 12));
    if (after) {
      const s = t.end + after[0].length;
      const inst = this.institutionSpans.find((i) => i.span.start === s);
      if (inst) return inst.key;
    }
    if (hasHan(t.text)) {
      for (const pos of [t.start, Math.min(t.start, nameEnd)]) {
        const inst = this.institutionSpans.find((i) => i.span.end <= pos && /^\s*$/u.test(this.text.slice(i.span.end, pos)));
        if (inst) return inst.key;
      }
    }
    // The role implies a kind of institution and the record mentions exactly one of that kind.
    const kind = t.role?.institutionType;
    if (kind) {
      const pool = (this.ctx.impliedInstitutions ?? this.ctx.institutions ?? []).filter((i) => i.kind === kind);
      const keys = new Set(pool.map((i) => i.key));
      if (keys.size === 1) return [...keys][0];
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------------------
  // Strong candidates

  /** Names in person-valued header fields, split on commas and 、, roles peeled off. */
  private headerCandidates(): void {
    this.doc.header.forEach((h, fieldIndex) => {
      if (!PERSON_HEADER_KEYS.has(h.key)) return;
      const found = hasHan(h.value.text) ? this.hanHeaderNames(h) : this.latinHeaderNames(h);
      // The label itself may be the role: "Interpreter:", "譯員：", "Minutes Prepared:", "記錄：".
      const labelRole = hanRoleAt(this.text, h.label.start) ?? latinTitleAt(this.text, h.label.start) ?? this.headerKeyRole(h);
      found.forEach((c, order) => {
        c.header = { key: h.key, part: h.part, field: fieldIndex, order };
        if (labelRole?.role && !labelRole.role.beforeName && labelRole.end <= h.label.end) {
          const r = this.role(labelRole, c.span.end);
          if (r) c.roles.push(r);
        }
        this.headerNames.push(c);
      });
    });
  }

  private latinHeaderNames(h: HeaderField): Cand[] {
    const out: Cand[] = [];
    const v = h.value;
    // Segments between commas, semicolons, line breaks and "and" (English, German, Russian, Romanian, French, Hungarian, Czech).
    const re = /(?:(?!\s(?:and|und|и|şi|și|et|és|a)\s)[^,;\n])+/gu;
    let m: RegExpExecArray | null;
    let last: Cand | undefined;
    while ((m = re.exec(v.text))) {
      let s = v.start + m.index;
      let e = s + m[0].length;
      while (s < e && /\s/u.test(this.text.charAt(s))) s++;
      while (e > s && /[\s.]/u.test(this.text.charAt(e - 1)) && !/\b\p{Lu}\.$/u.test(this.text.slice(s, e))) e--;
      const jm = /^(?:and|&|und|и|şi|și)\s+/iu.exec(this.text.slice(s, e));
      if (jm) s += jm[0].length;
      if (s >= e) continue;
      const seg = this.text.slice(s, e);
      const role = latinTitleAt(this.text, s);
      if (role?.role && role.end >= e - 1) {
        // A segment that is a role alone belongs to the name before it ("Sun Li, Deputy Director").
        const r = this.role(role, s);
        if (r && last) last.roles.push(r);
        continue;
      }
      if (role?.role && /^\s+of\b/u.test(this.text.slice(role.end, e))) {
        const r = this.role(role, s);
        if (r && last) last.roles.push(r);
        continue;
      }
      const words = this.tokens(s, e);
      if (looksLikeOrganisation(seg) || this.isBlocked(s, e)) continue;
      // An organisation word anywhere after the title ("District Leadership Gera") makes it no person.
      let lastTitleEnd = -1;
      for (const w of words) {
        const tm = latinTitleAt(this.text, w.start);
        if (tm && (tm.role?.beforeName || tm.honorific)) lastTitleEnd = Math.max(lastTitleEnd, tm.end);
      }
      const afterTitle = words.filter((w) => w.start >= lastTitleEnd);
      if (afterTitle.length > 1 && afterTitle.some((w) => this.notName(w.core))) continue;
      // From/To name an office as often as a person: a person there needs a title or another strong mention.
      const strong = (h.key !== 'from' && h.key !== 'to') || latinTitleAt(this.text, s) !== undefined || honorificBefore(this.text, s) !== undefined;
      const c = this.nameFromWords(words, { strong, context: 'header' });
      if (c) {
        out.push(c);
        last = c;
      }
    }
    return out;
  }

  private hanHeaderNames(h: HeaderField): Cand[] {
    const out: Cand[] = [];
    const v = h.value;
    const re = /[^、，,；;\s及和與与]+/gu;
    let m: RegExpExecArray | null;
    while ((m = re.exec(v.text))) {
      const s = v.start + m.index;
      const e = s + m[0].length;
      const roles = hanRolesIn(this.text, s, e);
      let ns = s;
      let ne = e;
      const last = roles[roles.length - 1];
      if (last && last.end === e) {
        ne = last.start; // 孫力副司長
        if (roles.length > 1) ns = (roles[roles.length - 2] as TitleMatch).end;
      } else if (last) ns = last.end; // 使館一秘杜布瓦
      // An institution written before the name (使館杜布瓦) is not part of it.
      const inst = this.institutionSpans.find((i) => i.span.start >= ns && i.span.start < ne && i.span.end <= ne);
      if (inst && inst.span.start === ns) ns = inst.span.end;
      if (ne - ns < 2 || ne - ns > 8 || !isHanOnly(this.text.slice(ns, ne))) continue;
      const c = this.hanCand(ns, ne, { strong: true, context: 'header', kind: 'full' });
      if (!c) continue;
      for (const r of roles) {
        const ra = this.role(r, ne);
        if (ra) c.roles.push(ra);
      }
      out.push(c);
    }
    return out;
  }

  /** A person credited as translator ("Translated by Li Wei"); record.ts keys it by slugOf(name). */
  private translatorCandidate(): void {
    const tr = extractTranslator(this.doc).person;
    if (!tr || tr.end <= tr.start) return;
    const words = this.tokens(tr.start, tr.end);
    if (words.length === 0 || !words.every((w) => NAME_WORD.test(w.core) || this.particles.latinParticles.has(w.core))) return;
    this.nameFromWords(words, { strong: true, context: this.contextOf(tr.start) });
  }

  /** The role a header field gives its people when its label is no role word of the lexicon ("翻译："). */
  private headerKeyRole(h: HeaderField): TitleMatch | undefined {
    const key = h.key === 'interpreter' ? 'interpreter' : h.key === 'minutesBy' ? 'note-taker' : undefined;
    const role = key ? roleByKey(key) : undefined;
    if (!role) return undefined;
    const text = h.label.text.replace(/[\s:：]+$/u, '');
    return { start: h.label.start, end: h.label.start + text.length, text, role };
  }

  /** Every speaker tag is a person (title stripped). */
  private speakerCandidates(): void {
    this.doc.turns.forEach((t, i) => {
      const sp = t.speaker;
      if (hasHan(sp.text)) {
        let s = sp.start;
        let e = sp.end;
        while (s < e && /\s/u.test(this.text.charAt(s))) s++;
        while (e > s && /\s/u.test(this.text.charAt(e - 1))) e--;
        // "周总理说": a speech verb and a role after the name are not part of it.
        const verb = this.roleLex.zhSpeechVerbs.find((v) => toSimplified(this.text.slice(s, e)).endsWith(toSimplified(v)));
        if (verb && e - verb.length > s) e -= verb.length;
        const roles = hanRolesIn(this.text, s, e);
        const lastRole = roles[roles.length - 1];
        let role: TitleMatch | undefined;
        if (lastRole && lastRole.end === e && lastRole.start > s) {
          e = lastRole.start;
          role = lastRole;
        }
        if (e <= s || e - s > 8) return;
        const c = this.hanCand(s, e, { strong: true, context: 'speakerTag', kind: e - s === 1 ? 'speakerTag' : 'full' });
        if (c) {
          c.turn = i;
          const r = role ? this.role(role, e) : undefined;
          if (r) c.roles.push(r);
        }
        return;
      }
      const words = this.tokens(sp.start, sp.end);
      const c = this.nameFromWords(words, { strong: true, context: 'speakerTag', kind: 'speakerTag' });
      if (c) c.turn = i;
    });
  }

  /**
   * Latin-script names shown to be people by their context: titles and honorifics, roles in apposition,
   * initials, coordination after a plural honorific, speech verbs, pinyin or surname-first shape, letter-spacing.
   */
  private latinStrongCandidates(): void {
    const runs = this.allLatinRuns();
    for (let ri = 0; ri < runs.length; ri++) {
      const run = runs[ri] as Tok[];
      this.strongFromRun(run, runs, ri);
    }
    this.letterSpaced();
    this.roleLines();
    this.signatureLines();
  }

  /**
   * Signature blocks: a line holding only a name, followed by a line that starts with a role ("Miklós Varga" /
   * "Chargé d'affaires a.i."), or preceded by a closing formula ending in a comma ("With comradely greetings,"),
   * or a name in capitals among the last lines of a part ("SOKOLIN").
   */
  private signatureLines(): void {
    const lines: Array<{ start: number; end: number; text: string }> = [];
    const re = /[^\r\n]+/gu;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.text))) {
      const lead = m[0].length - m[0].trimStart().length;
      const tx = m[0].trim();
      if (tx) lines.push({ start: m.index + lead, end: m.index + lead + tx.length, text: tx });
    }
    const partEnds = [this.doc.original, this.doc.translation].filter((p): p is Span => p !== undefined).map((p) => p.end);
    lines.forEach((ln, i) => {
      if (/[:;]$/u.test(ln.text)) return;
      const words = this.tokens(ln.start, ln.end);
      if (words.length === 0 || words.length > 4 || !words.every((w) => NAME_WORD.test(w.core) || this.particles.latinParticles.has(w.core))) return;
      if (words.some((w) => this.notName(w.core)) || this.isBlocked(ln.start, ln.end)) return;
      if (this.doc.turns.some((t) => t.speaker.start < ln.end && ln.start < t.speaker.end)) return;
      if (this.doc.header.some((h) => h.value.start < ln.end && ln.start < h.value.end)) return;
      if (this.doc.headings.some((h) => h.span.start < ln.end && ln.start < h.span.end)) return;
      const next = lines[i + 1];
      const prev = lines[i - 1];
      const roleNext = (next ? latinTitleAt(this.text, next.start) : undefined) ?? (prev && NO_LOWER_START.test(prev.text) && prev.text.length < 80 ? latinTitleAt(this.text, prev.start) : undefined);
      const closing = prev !== undefined && prev.text.length < 60 && /,$/u.test(prev.text) && words.length >= 2;
      const caps = words.every((w) => NO_LOWER.test(w.core)) && words.some((w) => w.core.length >= 4);
      const nearEnd = partEnds.some((e) => ln.end <= e && lines.filter((l) => l.start >= ln.end && l.end <= e).length <= 2);
      if (!(roleNext?.role || closing || (caps && nearEnd))) return;
      const c = this.nameFromWords(words, { strong: true, context: this.contextOf(ln.start) });
      if (!c) return;
      c.signature = true;
      if (roleNext?.role) {
        const r = this.role(roleNext, ln.end);
        if (r) c.roles.push(r);
      }
    });
  }

  /** A line holding only a role, a colon and a name: "Director: Mihai Stoica" (signature blocks). */
  private roleLines(): void {
    const re = /^[ \t]*(\S[^\n:]{1,60}?)[ \t]*:[ \t]*([^\n]+?)[ \t]*$/gmu;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.text))) {
      const ls = m.index + m[0].indexOf(m[1] ?? '');
      const t = latinTitleAt(this.text, ls);
      if (!t?.role || t.end !== ls + (m[1] ?? '').length) continue;
      const vs = m.index + m[0].lastIndexOf(m[2] ?? '');
      const words = this.tokens(vs, vs + (m[2] ?? '').length);
      if (words.length === 0 || words.length > 4 || !words.every((w) => NAME_WORD.test(w.core))) continue;
      if (this.doc.turns.some((tu) => tu.speaker.start <= ls && ls < tu.speaker.end)) continue;
      if (this.isBlocked(vs, vs + (m[2] ?? '').length)) continue;
      const c = this.nameFromWords(words, { strong: true, context: this.contextOf(vs) });
      const r = this.role(t, vs);
      if (c && r) c.roles.push(r);
    }
  }

  private strongFromRun(run: Tok[], runs: Tok[][], ri: number): void {
    // Peel titles, honorifics and leading non-name words off the front.
    let i = 0;
    const titles: TitleMatch[] = [];
    let plural = false;
    const before = honorificBefore(this.text, (run[0] as Tok).start);
    if (before) {
      titles.push(before);
      plural ||= before.honorific?.plural === true;
    } else {
      // A title begun before the run and ending inside it: "Secretary of Defense McNamara".
      for (let k = 0; k < Math.min(2, run.length - 1); k++) {
        const tt = latinTitleEndingAt(this.text, (run[k] as Tok).end);
        if (tt && tt.start < (run[0] as Tok).start) {
          titles.push(tt);
          i = k + 1;
          break;
        }
      }
    }
    while (i < run.length) {
      const tok = run[i] as Tok;
      const t = latinTitleAt(this.text, tok.start);
      if (t && (t.role?.beforeName === true || t.honorific) && t.end <= (run[run.length - 1] as Tok).end) {
        titles.push(t);
        plural ||= t.honorific?.plural === true;
        while (i < run.length && (run[i] as Tok).end <= t.end) i++;
        continue;
      }
      if (titles.length === 0 && this.notName(tok.core)) {
        i++;
        continue;
      }
      break;
    }
    let j = i;
    while (j < run.length && !this.notName((run[j] as Tok).core)) j++;
    const words = run.slice(i, j);
    if (words.length === 0) return;
    const first = words[0] as Tok;
    const lastTok = words[words.length - 1] as Tok;
    if (this.isBlocked(first.start, lastTok.end)) return;
    // A title ending just before the name once leading words are dropped ("Secretary of State Dulford").
    if (titles.length === 0) {
      const tb = honorificBefore(this.text, first.start);
      if (tb) titles.push(tb);
    }
    const nameEnd = lastTok.end;
    const roles: RoleAttestation[] = [];
    for (const t of titles) {
      const r = this.role(t, nameEnd);
      if (r) roles.push(r);
    }
    // "Mikoyan, A.I." -> initials after the surname.
    const after = this.text.slice(nameEnd, nameEnd + 40);
    const inv = TRAILING_INITIALS.exec(after);
    if (inv && words.length === 1 && lastTok.end === run[run.length - 1]?.end) {
      const initials = (inv[1] ?? '').replace(/\s+/g, '').trim();
      const value = `${initials} ${normaliseWord(first.core)}`;
      const sEnd = nameEnd + inv[0].length;
      this.add({
        span: this.span(first.start, sEnd),
        value,
        full: value,
        lang: scriptLangOf(value),
        kind: 'full',
        script: 'latin',
        context: this.contextOf(first.start),
        strong: true,
        roles,
        words: [initials, normaliseWord(first.core)],
      });
      return;
    }
    // Role in apposition: "Pavel Belyako, Chargé d'affaires Ad Interim", "Dubois (First Secretary)".
    const app = /^(?:,|\s*\(|\s+-+|\s+–)\s*(?:the\s+|a\s+)?/iu.exec(after);
    if (app) {
      const t = latinTitleAt(this.text, nameEnd + app[0].length);
      // "Chen Yimin, Ambassador P. F. Yudanov": a role followed by a name is that name's title.
      const follow = t ? /^\s+(\S+)/u.exec(this.text.slice(t.end, t.end + 40)) : null;
      const titlesNext = follow !== null && NAME_WORD.test((follow[1] ?? '').replace(/[,.;:]$/u, '')) && !this.notName((follow[1] ?? '').replace(/[,.;:]$/u, ''));
      if (t?.role && !titlesNext) {
        const r = this.role(t, nameEnd);
        if (r) roles.push(r);
      }
    }
    const hasInitials = words.some((w) => isInitials(w.core)) && words.some((w) => !isInitials(w.core) && w.core.length > 1);
    const verb = NEXT_LOWER_WORD.exec(after);
    const speech = verb !== null && this.roleLex.speechVerbs.has(verb[1] ?? '');
    // An honorific written after the name: "Horváth elvtárs".
    const postHonorific = honorificAfter(this.text, nameEnd);
    if (postHonorific && !hasHan(postHonorific.text)) titles.push(postHonorific);
    const coreWords = words.map((w) => w.core.replace(/[[\]]/g, ''));
    const shapeName = coreWords.join(' ');
    const shaped =
      words.length >= 2 &&
      words.length <= 3 &&
      // Headings in capitals ("BÁO CÁO", "MEMORANDUM OF CONVERSATION") are not names by shape.
      !coreWords.every((w) => NO_LOWER.test(w)) &&
      (isPinyinName(shapeName) ||
        // East Asian names with a hyphenated given name: "Teng Hsiao-ping", "Pak Hon-yong".
        HYPHENATED_GIVEN.test(shapeName) ||
        this.particles.surnameFirstLatin.has(normaliseWord(coreWords[0] ?? '')) ||
        (ALL_CAPS_WORD.test(coreWords[0] ?? '') && coreWords.slice(1).every((w) => HAS_LOWER.test(w))));
    // "Filippov [Stalin]": the record states who writes under the name.
    const codeShape = words.length >= 2 && CODE_NAME_3.test(lastTok.core) && !words.slice(0, -1).some((w) => w.core.includes('['));
    // "[Pavel] Belyakov": an editor completed a name.
    const editorialShape = words.length >= 2 && words.some((w) => EDITORIAL_START.test(w.core)) && words.some((w) => !w.core.startsWith('['));
    // "The Daily Courier", "the Red Star": a determiner before a capitalised phrase without a title names a thing.
    if (titles.length === 0 && (/^the$/iu.test((run[0] as Tok).core) || /\bthe\s+$/iu.test(this.text.slice(Math.max(0, (run[0] as Tok).start - 5), (run[0] as Tok).start)))) return;
    // A speech verb alone does not make a person of an organisation ("the New York Times said").
    const speechPerson = speech && !looksLikeOrganisation(coreWords.join(' '));
    // Surnames known from the lexicon, or shaped like Slavic/Armenian/Georgian/Romanian surnames, when not
    // after a locative preposition ("in Kharkov").
    const norms = coreWords.map((w) => normaliseWord(w));
    const lastWord = norms[norms.length - 1] ?? '';
    const locative = /\b(?:in|at|from|near|into|towards|via|outside|inside)\s+$/iu.test(this.text.slice(Math.max(0, first.start - 12), first.start));
    const mixedCase = coreWords.some((w) => HAS_LOWER.test(w));
    const known = mixedCase && !locative && norms.some((w) => this.particles.wellKnownSurnames.has(w));
    const suffixed =
      mixedCase &&
      !locative &&
      words.length <= 3 &&
      lastWord.length >= 6 &&
      this.particles.surnameSuffixes.some((x) => lastWord.toLowerCase().endsWith(x));
    // "Lenin Prize", "Stalin Avenue": a name inside a longer proper noun is no mention of the person.
    const compound = j < run.length && !(run[j - 1] as Tok).breakAfter;
    const byShape = !compound && (shaped || known || suffixed);
    const strong = titles.length > 0 || roles.length > 0 || hasInitials || speechPerson || codeShape || editorialShape || byShape;
    if (!strong) return;
    // German capitalises every noun, so after a title that is also a noun ("unter den Genossen Unmut"), a speech
    // verb or by its shape a lone word there may be no name: it stays a person only if a mention with better
    // evidence (a header, a speaker tag, a given name, the translation) joins it.
    const nounTitlesOnly = roles.length === 0 && titles.every((t) => t.honorific?.alsoNoun === true);
    const weakIn = (ws: Tok[]): boolean => ws.length === 1 && this.inNounCapitalisingText((ws[0] as Tok).start, (ws[0] as Tok).core);
    const lone = nounTitlesOnly && !codeShape && !editorialShape && weakIn(words);
    const c = this.nameFromWords(words, { strong: !lone, context: this.contextOf(first.start) });
    if (!c) return;
    for (const r of roles) c.roles.push(r);
    // "Comrades Tan Wenbo and Lu Hongsheng": the coordinated names share the plural title.
    if (plural) {
      let k = ri + 1;
      let prevEnd = nameEnd;
      while (k < runs.length) {
        const nxt = runs[k] as Tok[];
        const gap = this.text.slice(prevEnd, (nxt[0] as Tok).start);
        const joined = /^\s*(?:,\s*)?(?:(?:and|&|und|и|şi|și)\s+)?$/u.test(gap) && gap.trim().length <= 4 && gap.length > 0;
        if (!joined) break;
        const c2 = this.nameFromWords(nxt, { strong: !(nounTitlesOnly && weakIn(nxt)), context: this.contextOf((nxt[0] as Tok).start) });
        if (c2) for (const r of roles) c2.roles.push({ ...r });
        prevEnd = (nxt[nxt.length - 1] as Tok).end;
        k++;
      }
    }
  }

  /** "S H T Y K O V": four or more capitals separated by single spaces on one line. */
  private letterSpaced(): void {
    const re = /(?<![\p{L}])(?:\p{Lu} ){3,}\p{Lu}(?![\p{L}])/gu;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.text))) {
      const joined = m[0].replace(/ /g, '');
      const value = normaliseWord(joined);
      if (this.particles.notNameWords.has(value) || this.isBlocked(m.index, m.index + m[0].length)) continue;
      this.add({
        span: this.span(m.index, m.index + m[0].length),
        value,
        full: value,
        lang: scriptLangOf(value),
        kind: 'full',
        script: 'latin',
        context: this.contextOf(m.index),
        strong: true,
        roles: [],
        words: [value],
      });
    }
  }

  /** Chinese names shown to be people: beside a role word, before 同志, in speaker tags (done) and headers (done). */
  private hanStrongCandidates(): void {
    const t = this.text;
    // Known Han names from headers first, so that look-backs prefer them.
    for (const r of hanRolesIn(t, 0, t.length)) {
      if (this.isBlocked(r.start, r.end) && !this.institutionSpans.some((i) => i.span.end === r.start)) {
        // A role word inside an institution name (大使館) is not a role.
        if (this.institutionSpans.some((i) => i.span.start <= r.start && r.end <= i.span.end)) continue;
      }
      if (/[館馆處处]/u.test(t.charAt(r.end))) continue;
      // Name before the role: 趙亮副部長, 孫力副司長, 趙副部長.
      const back = this.hanNameBefore(r.start);
      if (back) {
        const c = this.hanCand(back.start, back.end, { strong: back.end - back.start > 1, context: this.contextOf(back.start), kind: back.end - back.start === 1 ? 'surname' : 'full' });
        const ra = this.role(r, back.end);
        if (c && ra) c.roles.push(ra);
        continue;
      }
      // Name after the role, in headings, titles and headers only: 臨時代辦彼得羅夫談話記錄.
      const ctx = this.contextOf(r.start);
      if (ctx !== 'heading' && ctx !== 'title' && ctx !== 'header' && !this.isHeadingLine(r.start)) continue;
      const fwd = this.hanNameAfter(r.end);
      if (fwd) {
        const c = this.hanCand(fwd.start, fwd.end, { strong: true, context: ctx === 'other' ? 'heading' : ctx, kind: 'full' });
        const ra = this.role(r, fwd.end);
        if (c && ra) c.roles.push(ra);
      }
    }
    // A name before a speech verb: 朱德說, 陳毅指出.
    const simpText = toSimplified(t);
    const textHasHan = hasHan(simpText);
    for (const v of this.roleLex.zhSpeechVerbs) {
      // a verb with a Han character is not in a text without one: not simplified then (OpenCC not loaded)
      if (!textHasHan && hasHan(v)) continue;
      const sv = toSimplified(v);
      let from = 0;
      let idx: number;
      while ((idx = simpText.indexOf(sv, from)) >= 0) {
        from = idx + sv.length;
        const after = t.charAt(idx + sv.length);
        if (after !== '' && this.roleLex.zhSpeechNotFollowedBy.includes(after)) continue;
        const nm = this.hanNameBefore(idx);
        if (!nm || nm.end - nm.start < 2) continue;
        if (this.isBlocked(nm.start, nm.end)) continue;
        // The name must start a clause: after punctuation, a line start or a conjunction-like boundary.
        const before = t.charAt(nm.start - 1);
        if (nm.start > 0 && isHanOnly(before) && !this.zhStopsName(before)) continue;
        this.hanCand(nm.start, nm.end, { strong: true, context: this.contextOf(nm.start), kind: 'full' });
      }
    }
    // Names before an honorific written after the name: 孫力同志, 錢文海和蔣立群兩位同志.
    for (const h of this.roleLex.honorifics) {
      if (h.position !== 'after' || !hasHan(h.form)) continue;
      let from = 0;
      let idx: number;
      while ((idx = t.indexOf(h.form, from)) >= 0) {
        from = idx + h.form.length;
        let end = idx;
        const q = /(?:兩位|两位|二位|三位|諸位|诸位|們|们)$/u.exec(t.slice(Math.max(0, end - 2), end));
        if (q) end -= q[0].length;
        for (let guard = 0; guard < 6; guard++) {
          const nm = this.hanNameBefore(end);
          if (!nm) break;
          this.hanCand(nm.start, nm.end, { strong: nm.end - nm.start > 1, context: this.contextOf(nm.start), kind: nm.end - nm.start === 1 ? 'surname' : 'full' });
          const joiner = t.charAt(nm.start - 1);
          if (!this.roleLex.pluralJoiners.has(joiner) || !q) break;
          end = nm.start - 1;
        }
      }
    }
  }

  /** A character that no Chinese name contains and that may stand right before one (的, 請, 和, punctuation). */
  private zhStopsName(c: string): boolean {
    return (
      this.particles.zhNeverInName.has(c) ||
      this.particles.zhNeverInName.has(toSimplified(c)) ||
      this.particles.zhNameBoundaries.includes(c) ||
      this.particles.zhNameBoundaries.includes(toSimplified(c))
    );
  }

  /** True when `pos` starts a line (only spaces before it on its line). */
  private isHeadingStart(pos: number): boolean {
    return /(?:^|\n)[ \t\u3000]*$/u.test(this.text.slice(Math.max(0, pos - 20), pos));
  }

  /** A line of the original that is a heading (short, no sentence punctuation) even if the reader did not mark it. */
  private isHeadingLine(pos: number): boolean {
    const ls = this.text.lastIndexOf('\n', pos - 1) + 1;
    let le = this.text.indexOf('\n', pos);
    if (le < 0) le = this.text.length;
    const line = this.text.slice(ls, le);
    return line.length <= 40 && !/[。，：:]/u.test(line) && isHanOnly(line.replace(/\s/g, ''));
  }

  /** A Chinese name ending at `end`: a known name, else surname + 1–2 characters, else a lone known surname. */
  private hanNameBefore(end: number): { start: number; end: number } | undefined {
    const t = this.text;
    const simpBack = toSimplified(t.slice(Math.max(0, end - 8), end));
    // Known names (from headers and earlier finds) win.
    for (const c of this.cands) {
      if (c.script !== 'han' || c.full.length < 2) continue;
      if (simpBack.endsWith(toSimplified(c.full))) return { start: end - c.full.length, end };
    }
    // A foreign name written in characters: 赫鲁晓夫同志, 杜勒斯说.
    let fs = end;
    while (fs > 0 && end - fs < 6 && this.particles.zhTransliterationChars.has(toSimplified(t.charAt(fs - 1)))) fs--;
    const foreign = toSimplified(t.slice(fs, end));
    if (end - fs >= 3 && [...foreign].some((c) => this.particles.zhTransliterationMarks.has(c)) && (fs === 0 || !isHanOnly(t.charAt(fs - 1)) || this.zhStopsName(t.charAt(fs - 1)) || zhSurnameLength(foreign) === 0))
      return { start: fs, end };
    const ch = (k: number): string => t.charAt(end - k);
    const boundary = (s: string): boolean => !isHanOnly(s) || this.zhStopsName(s) || this.particles.zhInstitutionFinals.has(s);
    const roleEndsAt = (p: number): boolean => this.roleLex.hanRoleForms.some((f) => t.slice(0, p).endsWith(f.form));
    for (const len of [3, 2]) {
      const s = end - len;
      if (s < 0) continue;
      const piece = t.slice(s, end);
      if (!isHanOnly(piece)) continue;
      if ([...piece].some((c) => boundary(c))) continue;
      if (zhSurnameLength(piece) === 0) continue;
      if (roleEndsAt(end) || roleEndsAt(s + 1) || hanRoleAt(t, s)) continue;
      if (this.particles.zhNotNames.some((w) => toSimplified(piece).endsWith(w) || toSimplified(piece).startsWith(w))) continue;
      // 明同志 is no name: an honorific is never inside one.
      if (this.roleLex.honorifics.some((h) => h.position === 'after' && hasHan(h.form) && [...h.form].some((c) => piece.includes(c)))) continue;
      // A three-character reading needs a clear start: a longer foreign name (赫鲁晓夫) is not 鲁晓夫.
      if (len === 3 && isHanOnly(ch(4)) && !boundary(ch(4)) && !this.isHeadingStart(s)) continue;
      return { start: s, end };
    }
    // A lone surname (趙副部長) only when a full name with that surname is known.
    const one = t.slice(end - 1, end);
    if (end >= 1 && isHanOnly(one) && this.cands.some((c) => c.script === 'han' && c.full.length >= 2 && sameHan(c.full.charAt(0), one)))
      return { start: end - 1, end };
    return undefined;
  }

  /** A Chinese name starting at `start` and running to the next boundary word (at most six characters). */
  private hanNameAfter(start: number): { start: number; end: number } | undefined {
    const t = this.text;
    let e = start;
    while (e < t.length && e - start < 7 && isHanOnly(t.charAt(e))) {
      const rest = t.slice(e);
      if (this.particles.zhNameBoundaries.some((b) => rest.startsWith(b))) break;
      if (hanRoleAt(t, e)) break;
      e++;
    }
    if (e - start < 2 || e - start > 6) return undefined;
    if ([...t.slice(start, e)].some((c) => this.particles.zhInstitutionFinals.has(c))) return undefined;
    if (zhSurnameLength(t.slice(start, e)) === 0 && !this.cands.some((c) => c.script === 'han' && sameHan(c.full, t.slice(start, e))))
      return undefined;
    return { start, end: e };
  }

  private hanCand(s: number, e: number, o: { strong: boolean; context: MentionContext; kind: NameKind }): Cand | undefined {
    const form = this.text.slice(s, e);
    if (!isHanOnly(form)) return undefined;
    return this.add({
      span: this.span(s, e),
      value: form,
      full: form,
      lang: zhLangOf(form),
      kind: o.kind,
      script: 'han',
      context: o.context,
      strong: o.strong,
      roles: [],
      words: [],
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Weak candidates: later mentions of the names found above.

  private latinWeakCandidates(): void {
    const seen = new Set<string>();
    const strong = this.cands.filter((c) => {
      if (c.script !== 'latin') return false;
      const k = c.words.join(' ');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    if (strong.length === 0) return;
    for (const run of this.allLatinRuns()) {
      // Try every sub-run, longest first, so "Zhao Liang" wins over "Zhao".
      for (let i = 0; i < run.length; i++) {
        // Inside a longer proper noun ("Ho Chi Minh City", "Lenin Prize") a name is no mention of the person.
        if (!this.notName((run[i] as Tok).core)) {
          let k = i;
          while (k < run.length && !this.notName((run[k] as Tok).core) && !(run[k] as Tok).breakAfter) k++;
          if (k < run.length && k > i && this.notName((run[k] as Tok).core)) {
            i = k;
            continue;
          }
        }
        for (let j = Math.min(run.length, i + 4); j > i; j--) {
          const words = run.slice(i, j);
          if (LOWER_START.test((words[0] as Tok).core)) break;

          const s = (words[0] as Tok).start;
          const e = (words[words.length - 1] as Tok).end;
          if (this.isBlocked(s, e)) continue;
          if (words.some((w) => this.notName(w.core.replace(/[[\]]/g, '')))) continue;
          const norm = words.map((w) => normaliseWord(w.core.replace(/[[\]]/g, '')));
          // Several words must match a full name given name and all ("Later Belyakvo" is not "Belyako").
          const agrees = strong.some((c) => this.namesAgree(norm, c.words) && (norm.length === 1 || (c.words.length >= 2 && givenCompatible(this.surnameOf(norm).given, this.surnameOf(c.words).given))));
          if (!agrees) continue;
          const c = this.nameFromWords(words, { strong: false, context: this.contextOf(s) });
          if (c) {
            i = j - 1;
            break;
          }
        }
      }
    }
  }

  private hanWeakCandidates(): void {
    const names = [...new Set(this.cands.filter((c) => c.script === 'han' && c.full.length >= 2).map((c) => toSimplified(c.full)))];
    if (names.length === 0) return;
    const simp = toSimplified(this.text);
    for (const n of names) {
      let from = 0;
      let idx: number;
      while ((idx = simp.indexOf(n, from)) >= 0) {
        from = idx + 1;
        if (this.isBlocked(idx, idx + n.length)) continue;
        this.hanCand(idx, idx + n.length, { strong: false, context: this.contextOf(idx), kind: 'full' });
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Latin tokens

  private wholeTextRuns: Tok[][] | undefined;

  /** latinRuns over the whole text, computed once (the strong and the weak pass both walk them, read-only). */
  private allLatinRuns(): Tok[][] {
    return (this.wholeTextRuns ??= this.latinRuns(0, this.text.length));
  }

  /** Capitalised-word runs in text[start,end): words separated by single spaces, broken at punctuation. */
  private latinRuns(start: number, end: number): Tok[][] {
    const toks = this.tokens(start, end);
    const runs: Tok[][] = [];
    let cur: Tok[] = [];
    const flush = (): void => {
      // Trailing particles are not part of a name.
      while (cur.length && LOWER_START.test((cur[cur.length - 1] as Tok).core)) cur.pop();
      if (cur.length) runs.push(cur);
      cur = [];
    };
    for (let i = 0; i < toks.length; i++) {
      const tok = toks[i] as Tok;
      // Title Case function words ("Between Mao Zedong And Khrushchev") separate names.
      const isName = NAME_WORD.test(tok.core) && HAS_LETTER.test(tok.core) && !hasHan(tok.core) && !this.particles.titleCaseFunctionWords.has(tok.core);
      const isParticle = cur.length > 0 && this.particles.latinParticles.has(tok.core) && NAME_WORD.test(toks[i + 1]?.core ?? '');
      const prev = cur[cur.length - 1];
      const gapOk = prev === undefined || /^[ \t]{1,2}$|^ ?\n ?$/u.test(this.text.slice(prev.end, tok.start)) && !/\n/u.test(this.text.slice(prev.end, tok.start));
      if ((isName || isParticle) && gapOk && !(prev?.breakAfter ?? false)) cur.push(tok);
      else {
        flush();
        if (isName) cur.push(tok);
      }
    }
    flush();
    return runs;
  }

  /** Word tokens with their core (surrounding punctuation and possessive removed). */
  private tokens(start: number, end: number): Tok[] {
    const out: Tok[] = [];
    const re = /\S+/gu;
    const slice = this.text.slice(start, end);
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice))) {
      let s = start + m.index;
      let e = s + m[0].length;
      let breakAfter = false;
      while (s < e && /["“”‘(«„*_]/u.test(this.text.charAt(s))) s++;
      let raw = this.text.slice(s, e);
      const poss = /(?:'s|’s|'|’)$/u.exec(raw);
      if (poss && raw.length > poss[0].length + 1 && !/\]$/u.test(raw)) {
        e -= poss[0].length;
        breakAfter = true;
        raw = this.text.slice(s, e);
      }
      while (e > s) {
        const last = this.text.charAt(e - 1);
        // Keep the dot of initials and of abbreviated titles ("A.I.", "Com.", "Mr."), not of a sentence end.
        if (last === '.' && (isInitials(this.text.slice(s, e)) || dottedForms(this.roleLex).has(this.text.slice(s, e)))) break;
        if (/[,.;:!?)"”’»*_]/u.test(last) || (last === ']' && !this.text.slice(s, e - 1).includes('['))) {
          e--;
          breakAfter = true;
          continue;
        }
        break;
      }
      if (e <= s) continue;
      out.push({ start: s, end: e, core: this.text.slice(s, e), breakAfter });
    }
    return out;
  }

  /**
   * A name candidate from word tokens: normalises upper case, records editorial brackets ("[Pavel]
   * Belyakov" -> full "Pavel Belyakov") and code names ("Filippov [Stalin]").
   */
  private nameFromWords(words: Tok[], o: { strong: boolean; context: MentionContext; kind?: NameKind }): Cand | undefined {
    // Strip honorifics and role words the caller left in (speaker tags "Com. Dorticos", header values).
    let i = 0;
    const roles: RoleAttestation[] = [];
    while (i < words.length) {
      // Leading descriptive words before a title ("Embassy Counsellor Laptev").
      if (this.notName((words[i] as Tok).core) && i + 1 < words.length && latinTitleAt(this.text, (words[i + 1] as Tok).start)) {
        i++;
        continue;
      }
      const t = latinTitleAt(this.text, (words[i] as Tok).start);
      if (!t || t.end > (words[words.length - 1] as Tok).end || (!t.honorific && !t.role?.beforeName)) break;
      const r = this.role(t, (words[words.length - 1] as Tok).end);
      if (r) roles.push(r);
      while (i < words.length && (words[i] as Tok).end <= t.end) i++;
    }
    const ws = words.slice(i);
    if (ws.length === 0 || ws.length > 5) return undefined;
    if (ws.every((w) => this.notName(w.core.replace(/[[\]]/g, '')))) return undefined;
    const first = ws[0] as Tok;
    const last = ws[ws.length - 1] as Tok;
    const cores = ws.map((w) => w.core);
    // Code name: "Filippov [Stalin]" -- a trailing bracket naming a different person.
    let codeNameOf: string | undefined;
    let corrected = false;
    const lastCore = last.core;
    if (ws.length >= 2 && CODE_NAME.test(lastCore)) {
      const inner = lastCore.slice(1, -1);
      const outer = cores.slice(0, -1).map((c) => normaliseWord(c.replace(/[[\]]/g, '')));
      const together = [...outer, inner].join(' ');
      // "Filippov [Stalin]", "Fyn Si [Stalin]"; not "Huang [Zhen]" (a completed pinyin name) nor a corrected spelling.
      const correction = similarSurname(outer[outer.length - 1] ?? '', inner);
      if (!isPinyinName(together) && !this.particles.surnameFirstLatin.has(outer[0] ?? '') && outer.length <= 2 && inner.length >= 4 && !correction)
        codeNameOf = inner;
      corrected = correction;
    }
    // "Хрущев Н.С.", "KHRUSHCHEV N.S.": initials after the surname move before it.
    if (cores.length >= 2 && isInitials(cores[cores.length - 1] as string) && !isInitials(cores[0] as string) && cores.slice(1).every((c) => isInitials(c))) {
      cores.push(...cores.splice(0, 1));
    }
    const plain = cores.map((c) => normaliseWord(c.replace(/[[\]]/g, '')));
    // "Karpenkov [Karpenko]": the editor's bracket corrects the spelling; the full name takes the correction.
    const nameWords = codeNameOf ? plain.slice(0, -1) : corrected ? [...plain.slice(0, -2), plain[plain.length - 1] as string] : plain;
    const spanEnd = codeNameOf ? (ws[ws.length - 2] as Tok).end : last.end;
    const value = codeNameOf ? nameWords.join(' ') : cores.map((c) => (c.startsWith('[') ? c : normaliseWord(c))).map((c) => c.replace(/^\[(.*)\]$/u, (_m, x: string) => `[${normaliseWord(x)}]`)).join(' ');
    const full = nameWords.join(' ');
    if (nameWords.some((w) => LOWER_START.test(w) && !this.particles.latinParticles.has(w))) return undefined;
    const editorial = !codeNameOf && cores.some((c) => c.includes('['));
    const kind: NameKind = codeNameOf ? 'codeName' : editorial ? 'editorial' : (o.kind ?? (nameWords.length === 1 ? 'surname' : 'full'));
    const c = this.add({
      span: this.span(first.start, spanEnd),
      value,
      full,
      lang: scriptLangOf(full),
      kind,
      script: 'latin',
      context: o.context,
      strong: o.strong,
      roles,
      words: nameWords,
      ...(codeNameOf ? { codeNameOf } : {}),
    });
    if (c && codeNameOf) {
      const s = last.start + 1;
      this.add({
        span: this.span(s, s + codeNameOf.length),
        value: codeNameOf,
        full: codeNameOf,
        lang: scriptLangOf(codeNameOf),
        kind: 'surname',
        script: 'latin',
        context: o.context,
        strong: true,
        roles: [],
        words: [codeNameOf],
      });
    }
    return c;
  }

  // -------------------------------------------------------------------------------------------------------
  // Name agreement

  /** Surname and given names of Latin name words, by naming order. */
  private readonly surnameCache = new Map<string, { surname: string; given: string[] }>();

  private surnameOf(words: string[]): { surname: string; given: string[] } {
    const k = words.join('\u0000');
    const hit = this.surnameCache.get(k);
    if (hit) return hit;
    const v = this.splitSurname(words);
    this.surnameCache.set(k, v);
    return v;
  }

  private splitSurname(words: string[]): { surname: string; given: string[] } {
    if (words.length === 1) return { surname: words[0] ?? '', given: [] };
    const joined = words.join(' ');
    const first = words[0] ?? '';
    if (isPinyinName(joined) || this.particles.surnameFirstLatin.has(first) || (words.length === 2 && isPinyinName(joined) && isPinyinSurname(first) && CAPITALISED.test(words[1] ?? '')))
      return { surname: first, given: words.slice(1) };
    // Initials are given names wherever they stand ("Хрущев Н.С." has the surname first).
    const lw = words.filter((w) => !this.particles.latinParticles.has(w));
    const full = lw.filter((w) => !isInitials(w));
    if (full.length === 1 && lw.length > 1) return { surname: full[0] as string, given: lw.filter((w) => isInitials(w)) };
    return { surname: lw[lw.length - 1] ?? '', given: lw.slice(0, -1) };
  }

  /** Whether name words `a` can refer to the same person as `b` (same surname spelling, compatible given names). */
  private namesAgree(a: string[], b: string[]): boolean {
    if (a.length === 0 || b.length === 0) return false;
    const A = this.surnameOf(a);
    const B = this.surnameOf(b);
    // Scripts without a transliteration here (Hangul) have no spelling key: they agree only through alignment.
    if (spellingKey(A.surname) === '' || spellingKey(B.surname) === '') return false;
    // The same words in another order: "Varga Miklós" (Hungarian order) ~ "Miklós Varga".
    if (a.length >= 2 && a.length === b.length) {
      const ka = a.map((w) => spellingKey(w)).sort().join(' ');
      const kb = b.map((w) => spellingKey(w)).sort().join(' ');
      if (ka === kb) return true;
    }
    // A lone word may also be the given name of a surname-first name only if equal to the surname; the
    // surname test covers "Zhao" ~ "Zhao Liang" and "Belyakvo" ~ "Belyakov".
    if (!similarSurname(A.surname, B.surname)) {
      if (A.surname.length < 5 || B.surname.length < 5) {
        if (spellingKey(A.surname) !== spellingKey(B.surname)) return false;
      } else return false;
    }
    if (A.surname.length < 5 && spellingKey(A.surname) !== spellingKey(B.surname)) return false;
    if (A.given.length === 0 || B.given.length === 0) return true;
    return givenCompatible(A.given, B.given);
  }

  // -------------------------------------------------------------------------------------------------------
  // Clustering

  private cluster(): PeopleResult {
    const n = this.cands.length;
    const parent = Array.from({ length: n }, (_, i) => i);
    const find = (i: number): number => {
      let r = i;
      while (parent[r] !== r) r = parent[r] as number;
      while (parent[i] !== r) {
        const nx = parent[i] as number;
        parent[i] = r;
        i = nx;
      }
      return r;
    };
    const union = (a: number, b: number): void => {
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    };
    const cs = this.cands;
    // Identical forms are one from the start; the pairwise rules below then run on one form of each.
    const firstOf = new Map<string, number>();
    const sameForm = new Map<number, Cand[]>();
    for (const c of cs) {
      const k = c.script === 'han' ? `h:${toSimplified(c.full)}` : `${c.script}:${c.codeNameOf ? 'code:' : ''}${c.words.join(' ')}`;
      const f = firstOf.get(k);
      if (f === undefined) firstOf.set(k, c.id);
      else union(f, c.id);
      const id = f ?? c.id;
      sameForm.set(id, [...(sameForm.get(id) ?? []), c]);
    }
    const reps = new Set(firstOf.values());
    const latin = cs.filter((c) => c.script === 'latin' && !c.codeNameOf && reps.has(c.id));
    const han = cs.filter((c) => c.script === 'han' && reps.has(c.id));

    // 1. Latin: multi-word names that agree; then single words to the one multi-word cluster they fit.
    const multi = latin.filter((c) => c.words.length >= 2);
    for (let i = 0; i < multi.length; i++)
      for (let j = i + 1; j < multi.length; j++) {
        const a = multi[i] as Cand;
        const b = multi[j] as Cand;
        if (this.namesAgree(a.words, b.words)) union(a.id, b.id);
      }
    const singles = latin.filter((c) => c.words.length === 1);
    for (const s of singles) {
      const roots = new Set(multi.filter((m) => this.namesAgree(s.words, m.words)).map((m) => find(m.id)));
      if (roots.size === 1) union(s.id, [...roots][0] as number);
      else if (roots.size > 1) {
        // Prefer the clusters whose surname is spelled exactly like this word.
        const exact = new Set(multi.filter((m) => spellingKey(this.surnameOf(m.words).surname) === spellingKey(s.words[0] ?? '')).map((m) => find(m.id)));
        if (exact.size === 1) union(s.id, [...exact][0] as number);
        // A lone surname shared by several named people ("Wang" beside Wang Lin and Wang Qiang) is not a
        // person of its own unless it speaks.
        else for (const m of sameForm.get(s.id) ?? [s]) if (m.turn === undefined) m.strong = false;
      }
    }
    for (let i = 0; i < singles.length; i++)
      for (let j = i + 1; j < singles.length; j++) {
        const a = singles[i] as Cand;
        const b = singles[j] as Cand;
        if (find(a.id) === find(b.id) || !this.namesAgree(a.words, b.words)) continue;
        // Two lone words join when neither is already tied to different full names.
        const ra = find(a.id);
        const rb = find(b.id);
        const aMulti = multi.some((m) => find(m.id) === ra);
        const bMulti = multi.some((m) => find(m.id) === rb);
        if (!(aMulti && bMulti)) union(a.id, b.id);
      }

    // 2. Han: same name in either script; lone surnames to the one full name with that surname.
    const hanFull = han.filter((c) => c.full.length >= 2);
    for (let i = 0; i < hanFull.length; i++)
      for (let j = i + 1; j < hanFull.length; j++)
        if (sameHan((hanFull[i] as Cand).full, (hanFull[j] as Cand).full)) union((hanFull[i] as Cand).id, (hanFull[j] as Cand).id);
    for (const s of han.filter((c) => c.full.length === 1)) {
      const roots = new Set(hanFull.filter((f) => sameHan(f.full.charAt(0), s.full)).map((f) => find(f.id)));
      if (roots.size === 1) union(s.id, [...roots][0] as number);
    }
    for (let i = 0; i < han.length; i++)
      for (let j = i + 1; j < han.length; j++) {
        const a = han[i] as Cand;
        const b = han[j] as Cand;
        if (a.full.length === 1 && b.full.length === 1 && sameHan(a.full, b.full)) {
          const ra = find(a.id);
          const rb = find(b.id);
          const aFull = hanFull.some((f) => find(f.id) === ra);
          const bFull = hanFull.some((f) => find(f.id) === rb);
          if (!(aFull && bFull)) union(a.id, b.id);
        }
      }

    // 3. Across scripts by pinyin: 孫力 ~ Sun Li; a lone pinyin surname ~ 孫.
    for (const h of hanFull)
      for (const l of latin) if (l.words.length >= 2 && pinyinMatches(h.full, l.full)) union(h.id, l.id);

    // 4. The parallel header fields: the k-th name of 列席人 is the k-th name of "Also Present".
    const discrepancies: Discrepancy[] = [];
    const byKey = new Map<string, { original: Cand[]; translation: Cand[] }>();
    for (const c of this.headerNames) {
      if (!c.header) continue;
      const k = `${c.header.key}`;
      const e = byKey.get(k) ?? { original: [], translation: [] };
      e[c.header.part].push(c);
      byKey.set(k, e);
    }
    for (const { original, translation } of byKey.values()) {
      if (original.length === 0 || original.length !== translation.length) continue;
      original.sort((a, b) => a.span.start - b.span.start);
      translation.sort((a, b) => a.span.start - b.span.start);
      original.forEach((o, k) => {
        const t = translation[k] as Cand;
        union(o.id, t.id);
        if (o.script === 'han' && t.script === 'latin' && isPinyinName(t.full) && !pinyinMatches(o.full, t.full)) {
          discrepancies.push({
            kind: 'name',
            original: o.span,
            translation: t.span,
            note: `The original name ${o.full} reads ${pinyinName(o.full)} in pinyin; the translation renders it "${t.full}".`,
          });
        } else if (o.script === 'han' && t.script === 'latin' && !isPinyinName(t.full) && !pinyinMatches(o.full, t.full) && !sameSpelling(pinyinName(o.full), t.full)) {
          // A foreign name written in characters (杜布瓦) and rendered by guessing the original (Dubois).
          discrepancies.push({
            kind: 'name',
            original: o.span,
            translation: t.span,
            note: `The original writes the name in characters, ${o.full} (${pinyinName(o.full)} in pinyin); the translation renders it "${t.full}", a reconstruction of the foreign name.`,
          });
        }
      });
    }

    // 5. Speaker turns aligned in order: 彼 ~ Belyakov.
    const turnCand = new Map<number, Cand>();
    for (const c of cs) if (c.turn !== undefined) turnCand.set(c.turn, c);
    for (const [o, t] of alignTurns(this.doc)) {
      const a = turnCand.get(o);
      const b = turnCand.get(t);
      if (a && b) union(a.id, b.id);
    }

    // 6. A role held by exactly one Han-named and one Latin-named cluster: 臨時代辦 ~ Chargé d'affaires ad interim.
    const roleClusters = new Map<string, { han: Set<number>; latin: Set<number> }>();
    for (const c of cs) {
      for (const r of c.roles) {
        if (!r.roleKey) continue;
        const e = roleClusters.get(r.roleKey) ?? { han: new Set(), latin: new Set() };
        (c.script === 'han' ? e.han : e.latin).add(find(c.id));
        roleClusters.set(r.roleKey, e);
      }
    }
    for (const e of roleClusters.values()) {
      const hs = new Set([...e.han].map(find));
      const ls = new Set([...e.latin].map(find));
      if (hs.size === 1 && ls.size === 1) {
        const h = [...hs][0] as number;
        const l = [...ls][0] as number;
        const hasLatin = cs.some((c) => find(c.id) === h && c.script === 'latin');
        const hasHanForm = cs.some((c) => find(c.id) === l && c.script === 'han');
        if (!hasLatin && !hasHanForm) union(h, l);
      }
    }

    // Code names join the person they stand for.
    for (const c of cs) {
      if (!c.codeNameOf) continue;
      const target = cs.find((o) => o.script === 'latin' && !o.codeNameOf && o.full === c.codeNameOf);
      if (target) union(c.id, target.id);
    }

    // Build people from clusters holding at least one strong candidate.
    const groups = new Map<number, Cand[]>();
    for (const c of cs) {
      const r = find(c.id);
      const g = groups.get(r) ?? [];
      g.push(c);
      groups.set(r, g);
    }
    const people: Person[] = [];
    const keyOfCand = new Map<number, string>();
    for (const g of groups.values()) {
      if (!g.some((c) => c.strong)) continue;
      // Lone surnames that stayed alone and never appeared as a speaker are not people by themselves.
      if (g.every((c) => c.kind === 'surname' && c.turn === undefined && c.roles.length === 0 && c.script === 'han')) continue;
      const p = this.buildPerson(g);
      const existing = people.find((x) => x.key === p.key);
      if (existing) mergePerson(existing, p);
      else people.push(p);
      for (const c of g) keyOfCand.set(c.id, p.key);
    }
    this.titledReferences(people);
    discrepancies.push(...this.spellingDiscrepancies(groups, keyOfCand, discrepancies));
    // A speaker tag that is a role alone ("The Ambassador") speaks for the person the role refers to.
    const turnSpeakers = this.doc.turns.map((t, i) => {
      const c = turnCand.get(i);
      if (c) return keyOfCand.get(c.id);
      return people.find((p) => p.mentions.some((m) => t.speaker.start <= m.span.start && m.span.end <= t.speaker.end))?.key;
    });
    const headerPeople: HeaderPerson[] = [];
    for (const c of this.headerNames) {
      const key = keyOfCand.get(c.id);
      if (key && c.header) headerPeople.push({ personKey: key, headerKey: c.header.key, part: c.header.part, span: c.span });
    }
    people.sort((a, b) => (a.mentions[0]?.span.start ?? 0) - (b.mentions[0]?.span.start ?? 0));
    const signers = [...new Set(cs.filter((c) => c.signature).sort((a, b) => a.span.start - b.span.start).map((c) => keyOfCand.get(c.id)).filter((k): k is string => k !== undefined))];
    return { people, turnSpeakers, headerPeople, discrepancies, signers };
  }

  /**
   * A person whose name the translation spells in several ways (Belyako, Belyakvo, Belyakov) while the
   * original writes it one way (彼得羅夫): one 'name' discrepancy, from the original form to the first
   * English spelling that differs from the preferred one.
   */
  private spellingDiscrepancies(groups: Map<number, Cand[]>, keyOfCand: Map<number, string>, known: Discrepancy[]): Discrepancy[] {
    const out: Discrepancy[] = [];
    for (const g of groups.values()) {
      if (!g.some((c) => keyOfCand.has(c.id))) continue;
      const o = this.doc.original;
      const han = g.filter((c) => c.script === 'han' && c.full.length >= 2 && (!o || (c.span.start >= o.start && c.span.end <= o.end))).sort((a, b) => a.span.start - b.span.start)[0];
      const latin = g.filter((c) => c.script === 'latin' && !c.codeNameOf).sort((a, b) => a.span.start - b.span.start);
      if (!han || latin.length < 2) continue;
      const spellings = new Map<string, Cand>();
      for (const c of latin) {
        const sur = this.surnameOf(c.words).surname;
        const k = spellingKey(sur);
        if (!spellings.has(k)) spellings.set(k, c);
      }
      if (spellings.size < 2) continue;
      const counts = new Map<string, number>();
      for (const c of latin) {
        const k = spellingKey(this.surnameOf(c.words).surname);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
      const odd = [...spellings.entries()].find(([k]) => k !== top)?.[1];
      if (!odd || known.some((d) => d.original.start === han.span.start && d.translation.start === odd.span.start)) continue;
      const forms = [...new Set(latin.map((c) => this.surnameOf(c.words).surname))];
      out.push({
        kind: 'name',
        original: han.span,
        translation: odd.span,
        note: `The original writes the name one way (${han.full}); the translation spells it ${forms.length} ways: ${forms.join(', ')}.`,
      });
    }
    return out;
  }

  /**
   * References by role alone ("the Chargé d'affaires", "Comrade Chargé d'affaires", "代办", "譯員同志"):
   * a 'titled' mention of the one named person holding that role (or a narrower one: chargé d'affaires ad
   * interim is a chargé d'affaires); when nobody named holds it, one unnamed person per role ("the Soviet
   * Ambassador", "我国大使"). Distribution lists and institution names are skipped.
   */
  private titledReferences(people: Person[]): void {
    const t = this.text;
    const refs: Array<{ start: number; end: number; roleKey: string; adjective?: string; role: TitleMatch }> = [];
    const skip = (s: number, e: number): boolean =>
      this.doc.header.some((h) => h.key === 'copy' && h.value.start <= s && e <= h.value.end) ||
      this.isBlocked(s, e) ||
      this.cands.some((c) => c.span.start < e && s < c.span.end) ||
      people.some((p) => p.roles.some((r) => r.span.start < e && s < r.span.end));
    // English: a determiner or honorific, an optional capitalised adjective, the role, and no name after it.
    const re = /\b(the|our|your|his|their|Comrade|Com\.)\s+(?:(\p{Lu}[\p{L}\-]+)\s+)?/giu;
    let m: RegExpExecArray | null;
    while ((m = re.exec(t))) {
      // The role right after the determiner ("the Chargé d'affaires"), else after an adjective ("the Soviet Ambassador").
      const bare = m.index + (m[1] ?? '').length + ((/^\s+/u.exec(t.slice(m.index + (m[1] ?? '').length)) ?? [''])[0].length);
      let r = latinTitleAt(t, bare);
      let adj: string | undefined;
      if (!r?.role) {
        r = latinTitleAt(t, m.index + m[0].length);
        adj = m[2];
      }
      if (!r?.role || r.role.notAlone) continue;
      // Only country-like adjectives from the stop-list ("Soviet", "Chinese") may stand between.
      if (adj && !this.particles.notNameWords.has(adj)) continue;
      // A capitalised word right after the role makes it a name's title or part of a proper noun ("the General Assembly").
      if (/^[ \t]+\p{Lu}/u.test(t.slice(r.end, r.end + 3))) continue;
      const spanStart = m.index;
      if (skip(r.start, r.end)) continue;
      // "the Minister of Foreign Affairs of the DPRK, Comrade Pak Son Il": the role is the named person's.
      const app = /^(?:\s+(?:of|in|at|to|for)\s+[^,;.\n]{1,80})?,\s*/u.exec(t.slice(r.end, r.end + 120));
      if (app) {
        let at = r.end + app[0].length;
        const hb = latinTitleAt(t, at);
        if (hb?.honorific) at = hb.end + ((/^\s+/u.exec(t.slice(hb.end)) ?? [''])[0].length);
        const named = people.find((p) => !p.unnamed && p.mentions.some((x) => x.span.start === at));
        if (named) {
          const ra = this.role(r, at);
          if (ra && !named.roles.some((x) => x.span.start === ra.span.start)) named.roles.push(ra);
          continue;
        }
      }
      refs.push({ start: spanStart, end: r.end, roleKey: r.role.key, ...(adj ? { adjective: adj } : {}), role: r });
    }
    // Chinese: a role word with no name beside it.
    for (const r of hanRolesIn(t, 0, t.length)) {
      if (!r.role || r.role.notAlone || skip(r.start, r.end) || /[館馆處处]/u.test(t.charAt(r.end))) continue;
      if (this.institutionSpans.some((i) => i.span.start <= r.start && r.end <= i.span.end)) continue;
      refs.push({ start: r.start, end: r.end, roleKey: r.role.key, role: r });
    }
    const holders = (key: string): Person[] =>
      people.filter((p) => !p.unnamed && p.roles.some((x) => x.roleKey !== undefined && (x.roleKey === key || roleByKey(x.roleKey)?.broader === key)));
    const unnamed = new Map<string, Person>();
    for (const ref of refs.sort((a, b) => a.start - b.start)) {
      const span = this.span(ref.start, ref.end);
      const lang: LangTag = hasHan(span.text) ? zhLangOf(span.text) : scriptLangOf(span.text);
      const hs = holders(ref.roleKey);
      if (hs.length === 1) {
        const p = hs[0] as Person;
        if (p.mentions.some((x) => x.span.start < span.end && span.start < x.span.end)) continue;
        let ni = p.names.findIndex((n) => n.value === span.text && n.lang === lang && n.kind === 'titled');
        if (ni < 0) ni = p.names.push({ value: span.text, lang, kind: 'titled' }) - 1;
        p.mentions.push({ span, lang, context: this.contextOf(span.start), nameIndex: ni });
        p.mentions.sort((a, b) => a.span.start - b.span.start);
        continue;
      }
      if (hs.length > 1) continue;
      let p = unnamed.get(ref.roleKey);
      if (!p) {
        const label = `${ref.adjective ? `${ref.adjective} ` : ''}${ref.role.role?.label ?? span.text}`;
        p = {
          key: slugOf(`${this.ctx.recordId ?? slugOf(this.doc.file)} ${label}`),
          preferredName: label,
          names: [],
          mentions: [],
          roles: [],
          affiliations: [],
          unnamed: true,
        };
        unnamed.set(ref.roleKey, p);
        people.push(p);
      }
      if (ref.adjective && !/\s/u.test(p.preferredName)) p.preferredName = `${ref.adjective} ${p.preferredName}`;
      const ni = p.names.findIndex((n) => n.value === span.text && n.lang === lang);
      p.names.push(...(ni >= 0 ? [] : [{ value: span.text, lang, kind: 'titled' as const }]));
      p.mentions.push({ span, lang, context: this.contextOf(span.start), nameIndex: ni >= 0 ? ni : p.names.length - 1 });
      const ra = this.role(ref.role, ref.end);
      if (ra) p.roles.push(ra);
    }
    for (const p of unnamed.values()) {
      p.key = slugOf(`${this.ctx.recordId ?? slugOf(this.doc.file)} ${p.preferredName}`);
      p.affiliations = [...new Set(p.roles.map((r) => r.affiliationKey).filter((k): k is string => k !== undefined))];
    }
  }

  private buildPerson(g: Cand[]): Person {
    const latin = g.filter((c) => c.script === 'latin' && !c.codeNameOf);
    const preferred = this.preferredName(g);
    const prefSurname = latin.length ? this.surnameOf(preferred.split(' ')).surname : '';
    const names: NameForm[] = [];
    const indexOf = (f: NameForm): number => {
      const i = names.findIndex((n) => n.value === f.value && n.lang === f.lang && n.kind === f.kind);
      if (i >= 0) return i;
      names.push(f);
      return names.length - 1;
    };
    // The preferred name first, as a full form.
    const prefLang = hasHan(preferred) ? zhLangOf(preferred) : scriptLangOf(preferred);
    indexOf({ value: preferred, lang: prefLang, kind: 'full' });
    const mentions: Mention[] = [];
    const sorted = [...g].sort((a, b) => a.span.start - b.span.start);
    for (const c of sorted) {
      let kind = c.kind;
      if (c.script === 'latin' && kind !== 'editorial' && kind !== 'codeName' && prefSurname) {
        // Another spelling of the surname, or other given names than the preferred name's: a variant.
        const { surname, given } = this.surnameOf(c.words);
        const prefGiven = this.surnameOf(preferred.split(' ')).given;
        if (spellingKey(surname) !== spellingKey(prefSurname) || (given.length > 0 && !givenCompatible(given, prefGiven))) kind = 'variant';
      }
      // A one-word name that is the person's whole known name is their full name, not a bare surname.
      if (kind === 'surname' && c.value === preferred) kind = 'full';
      const ni = indexOf({ value: c.value, lang: c.lang, kind });
      if (c.kind === 'editorial') indexOf({ value: c.full, lang: c.lang, kind: 'full' });
      mentions.push({ span: c.span, lang: c.lang, context: c.context, nameIndex: ni });
    }
    const roles: RoleAttestation[] = [];
    for (const c of sorted)
      for (const r of c.roles)
        if (!roles.some((x) => x.span.start === r.span.start && x.span.end === r.span.end)) roles.push(r);
    roles.sort((a, b) => a.span.start - b.span.start);
    const affiliations = [...new Set(roles.map((r) => r.affiliationKey).filter((k): k is string => k !== undefined))];
    return { key: slugOf(preferred), preferredName: preferred, names, mentions, roles, affiliations };
  }

  /**
   * The preferred Latin name: the longest full form, its surname spelled as most mentions spell it;
   * pinyin of the Chinese name when the record has no Latin form; a transliteration for Cyrillic only.
   */
  private preferredName(g: Cand[]): string {
    const latin = g.filter((c) => c.script === 'latin' && !c.codeNameOf && /^[\p{Script=Latin}\s.'’\-]+$/u.test(c.full));
    // A Chinese name whose pinyin-shaped English renderings all misread it (孫薏平 / "Sun Gaoping"): the
    // original is the authority, so the preferred name is its pinyin.
    const hanNames = g.filter((c) => c.script === 'han' && c.full.length >= 2);
    const latinFull = latin.filter((c) => c.words.length >= 2);
    if (
      hanNames.length > 0 &&
      latinFull.length > 0 &&
      latinFull.every((c) => isPinyinName(c.full)) &&
      !latinFull.some((c) => hanNames.some((h) => pinyinMatches(h.full, c.full)))
    ) {
      const h = [...hanNames].sort((a, b) => b.full.length - a.full.length)[0] as Cand;
      const py = pinyinName(h.full);
      if (py) return py;
    }
    if (latin.length) {
      const surnameCount = new Map<string, number>();
      for (const c of latin) {
        const s = this.surnameOf(c.words).surname;
        surnameCount.set(s, (surnameCount.get(s) ?? 0) + 1);
      }
      const best = [...latin].sort((a, b) => {
        const wa = a.words.length - b.words.length;
        if (wa !== 0) return -wa;
        const sa = (surnameCount.get(this.surnameOf(a.words).surname) ?? 0) - (surnameCount.get(this.surnameOf(b.words).surname) ?? 0);
        if (sa !== 0) return -sa;
        // The English side's spelling and order win over the original's ("Miklós Varga" over "Varga Miklós").
        const ea = this.isEnglishSide(a.span.start) ? 1 : 0;
        const eb = this.isEnglishSide(b.span.start) ? 1 : 0;
        if (ea !== eb) return eb - ea;
        return a.span.start - b.span.start;
      })[0] as Cand;
      // Given names from the longest form, surname in the most frequent spelling.
      const { surname } = this.surnameOf(best.words);
      const topSurname = [...surnameCount.entries()]
        .filter(([s]) => similarSurname(s, surname) || s === surname)
        .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0]?.[0];
      if (topSurname && topSurname !== surname) return best.full.replace(surname, topSurname);
      return best.full;
    }
    const hanFull = g.filter((c) => c.script === 'han').sort((a, b) => b.full.length - a.full.length)[0];
    if (hanFull) return pinyinName(hanFull.full) || hanFull.full;
    const other = g[0] as Cand;
    return cyrillicToLatin(other.full);
  }
}

interface Tok {
  start: number;
  end: number;
  core: string;
  breakAfter: boolean;
}

/** Two Latin spellings that fold to the same letters ('Ge Lushi' ~ 'Gelushi'). */
function sameSpelling(a: string, b: string): boolean {
  return spellingKey(a) === spellingKey(b);
}

/** Given names agree when equal, or one is an initial of the other ('P.' ~ 'Pavel'). */
function givenCompatible(a: string[], b: string[]): boolean {
  const fa = a.join(' ').replace(/\./g, '. ').split(/\s+/).filter(Boolean);
  const fb = b.join(' ').replace(/\./g, '. ').split(/\s+/).filter(Boolean);
  const n = Math.min(fa.length, fb.length);
  for (let i = 0; i < n; i++) {
    const x = (fa[i] as string).replace(/\.$/, '');
    const y = (fb[i] as string).replace(/\.$/, '');
    if (x.length === 1 || y.length === 1) {
      // Initials compare by their Latin reading ('А.' ~ 'A.', 'Н.' ~ 'N.').
      if (spellingKey(x).charAt(0) !== spellingKey(y).charAt(0)) return false;
    } else {
      const kx = spellingKey(x);
      const ky = spellingKey(y);
      if (kx !== ky && !similarSurname(x, y) && !(Math.min(kx.length, ky.length) >= 3 && editDistance(kx, ky) <= 1)) return false;
    }
  }
  return true;
}

/**
 * Merges person `from` into `into` (the same key from two clusters or two extractors): union of names
 * (mentions re-pointed at the merged name list), mentions (one per span), roles, affiliations and side.
 */
export function mergePerson(into: Person, from: Person): void {
  into.roles = [...into.roles];
  into.affiliations = [...into.affiliations];
  mergeNamedMentions(into, from, (x, n) => x.value === n.value && x.lang === n.lang && x.kind === n.kind);
  for (const r of from.roles) if (!into.roles.some((x) => x.span.start === r.span.start && x.span.end === r.span.end)) into.roles.push(r);
  for (const f of from.affiliations) if (!into.affiliations.includes(f)) into.affiliations.push(f);
  if (into.side === undefined && from.side !== undefined) into.side = from.side;
  if (into.unnamed && !from.unnamed) delete into.unnamed;
}

/**
 * Pairs of (original turn index, translation turn index) into doc.turns, aligned in order. When both parts
 * have the same number of turns they pair one to one; otherwise nothing is paired here (the orchestrator
 * aligns by speaker agreement once speakers are known).
 */
export function alignTurns(doc: RecordDoc): Array<[number, number]> {
  const orig: number[] = [];
  const trans: number[] = [];
  doc.turns.forEach((t, i) => (t.part === 'original' ? orig : trans).push(i));
  if (orig.length === 0 || orig.length !== trans.length) return [];
  return orig.map((o, k) => [o, trans[k] as number]);
}

/**
 * Union of the name forms and mentions of one entity from two sources (copies, never mutates `from`'s arrays):
 * names equal by `sameName` are kept once, mentions of the same span once, and `from`'s mentions are re-pointed
 * at the merged name list.
 */
export function mergeNamedMentions(
  into: { names: NameForm[]; mentions: Mention[] },
  from: { names: NameForm[]; mentions: Mention[] },
  sameName: (a: NameForm, b: NameForm) => boolean,
): void {
  into.names = [...into.names];
  into.mentions = [...into.mentions];
  const map = from.names.map((n) => {
    const i = into.names.findIndex((x) => sameName(x, n));
    if (i >= 0) return i;
    into.names.push(n);
    return into.names.length - 1;
  });
  for (const m of from.mentions) {
    if (into.mentions.some((x) => x.span.start === m.span.start && x.span.end === m.span.end)) continue;
    into.mentions.push(m.nameIndex === undefined ? m : { ...m, nameIndex: map[m.nameIndex] ?? 0 });
  }
  into.mentions.sort((x, y) => x.span.start - y.span.start);
}
