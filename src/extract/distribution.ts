/**
 * Distribution lists ("抄送：主席、恩来、王震、外办（3）… 存档2分 共印9分", "Distribution: …",
 * "Разослано: …"): every entry with its number of copies, resolved through data/lexicon/distribution.json to a
 * person or an institution with the certainty the data file gives. Chinese full names not in the file are read as
 * explicit persons; anything else stays unresolved.
 */
import { isHanOnly, isPinyinName, pinyinName, toSimplified, zhLangOf, zhSurnameLength } from './chinese.js';
import { distributionBlocks, escapeRegExp, loadLexicon, oncePerDoc, rx, spanOf } from './dates.js';
import { institutionEntry, institutionsLexicon, withParents } from './institutions.js';
import { slugOf } from './names.js';
import { addName, mentionOf } from './places.js';
import type { Certainty, DistributionEntry, Institution, Person, RecordDoc, Span } from './types.js';

interface DistEntry {
  person?: string;
  zh?: string;
  institution?: string;
  certainty: Certainty;
  note?: string;
}

const HAN = /\p{Script=Han}/u;

interface DistributionLexicon {
  cues: string[];
  titleSuffixes: string[];
  archiveCopies: string[];
  total: string[];
  copyWords: string[];
  entries: Record<string, DistEntry>;
}

/** data/lexicon/distribution.json. */
function lexicon(): DistributionLexicon {
  return loadLexicon<DistributionLexicon>('distribution.json');
}

const simplifiedEntries = new WeakMap<DistributionLexicon, Map<string, DistEntry>>();

/** The lexicon's entries by simplified key (so both scripts match), built at first use: simplifying loads OpenCC. */
function bySimplified(l: DistributionLexicon): Map<string, DistEntry> {
  let m = simplifiedEntries.get(l);
  if (!m) {
    m = new Map(Object.entries(l.entries).map(([k, v]) => [toSimplified(k), v]));
    simplifiedEntries.set(l, m);
  }
  return m;
}

/**
 * The entry written `simp` (already simplified). A key without Han characters is its own simplified form and no
 * key with one simplifies to a form without: such a name is looked up directly, without simplifying the lexicon.
 */
function knownEntry(l: DistributionLexicon, simp: string): DistEntry | undefined {
  if (HAN.test(simp)) return bySimplified(l).get(simp);
  return Object.hasOwn(l.entries, simp) ? l.entries[simp] : undefined;
}

/** One token of a list: its span (count included) and the parts read from it. */
export interface ListItem {
  span: Span;
  asWritten: string;
  copies: number;
  kind: 'entry' | 'archive' | 'total';
}

/**
 * Splits the distribution blocks of the record into items: entries ("李涛（2）" -> 李涛 ×2), archive copies
 * ("存档2分") and the stated total ("共印9分").
 */
export const distributionItems: (doc: RecordDoc) => ListItem[] = oncePerDoc(readItems);

function readItems(doc: RecordDoc): ListItem[] {
  const l = lexicon();
  const items: ListItem[] = [];
  const words = l.copyWords.map(escapeRegExp).join('|');
  const countRe = rx(`^(.*?)\\s*(?:[（(]\\s*(\\d+)\\s*[）)]|[×x]\\s*(\\d+)|(\\d+)\\s*(?:${words})?)$`, 'u');
  // a word with a Han character cannot start a string without one: not simplified then (OpenCC not loaded)
  const startsWith = (s: string, list: string[]) =>
    list.find((w) => (HAN.test(s) || !HAN.test(w)) && toSimplified(s).toLowerCase().startsWith(toSimplified(w).toLowerCase()));
  for (const b of distributionBlocks(doc)) {
    const c = b.content;
    const cjk = /\p{Script=Han}/u.test(c.text);
    const sep = cjk ? /[、，,；;\s]+/gu : /[,;，；\n]+/gu;
    let pos = 0;
    const pieces: Array<{ start: number; end: number }> = [];
    for (let m = sep.exec(c.text); m; m = sep.exec(c.text)) {
      pieces.push({ start: pos, end: m.index });
      pos = m.index + m[0].length;
    }
    pieces.push({ start: pos, end: c.text.length });
    for (const p of pieces) {
      let s = p.start;
      let e = p.end;
      while (s < e && /\s/u.test(c.text[s]!)) s++;
      while (e > s && /[\s.。]/u.test(c.text[e - 1]!)) e--;
      if (e <= s) continue;
      const raw = c.text.slice(s, e);
      const m = countRe.exec(raw);
      let name = raw;
      let copies = 1;
      if (m && (m[2] ?? m[3] ?? m[4]) !== undefined && m[1] !== '') {
        name = m[1]!;
        copies = Number(m[2] ?? m[3] ?? m[4]);
      }
      const total = startsWith(raw, l.total);
      const archive = startsWith(raw, l.archiveCopies);
      if (total) {
        const n = /(\d+)/u.exec(raw);
        items.push({ span: spanOf(doc, c.start + s, c.start + e), asWritten: total, copies: n ? Number(n[1]) : 0, kind: 'total' });
        continue;
      }
      items.push({ span: spanOf(doc, c.start + s, c.start + e), asWritten: archive ?? name, copies, kind: archive ? 'archive' : 'entry' });
    }
  }
  return items;
}

/** Sum of the itemised copies and the stated total ("共印9分"), when the list states one. */
export function distributionTotals(doc: RecordDoc): { itemised: number; stated?: number; statedSpan?: Span } {
  const items = distributionItems(doc);
  const itemised = items.filter((i) => i.kind !== 'total').reduce((a, i) => a + i.copies, 0);
  const t = items.find((i) => i.kind === 'total');
  return t ? { itemised, stated: t.copies, statedSpan: t.span } : { itemised };
}

/**
 * The distribution list: entries with copies, resolution and certainty; the persons and institutions they
 * resolve to (person keys are slugOf(preferred Latin name), e.g. "mao-zedong"), with a mention in the list.
 */
export function extractDistribution(doc: RecordDoc): { entries: DistributionEntry[]; people: Person[]; institutions: Institution[] } {
  const l = lexicon();
  const entries: DistributionEntry[] = [];
  const people = new Map<string, Person>();
  const institutions = new Map<string, Institution>();
  const instNames = institutionsLexicon().institutions;

  const addPerson = (latin: string, zh: string | undefined, item: ListItem, written: string) => {
    const key = slugOf(latin);
    let p = people.get(key);
    if (!p) {
      p = { key, preferredName: latin, names: [{ value: latin, lang: 'en', kind: 'full' }], mentions: [], roles: [], affiliations: [] };
      if (zh) p.names.push({ value: zh, lang: zhLangOf(zh), kind: 'full' });
      people.set(key, p);
    }
    const lang = /\p{Script=Han}/u.test(written) ? zhLangOf(written) : 'und';
    const zhFull = zh !== undefined && toSimplified(written) === toSimplified(zh);
    const kind = zhFull ? 'full' : written.length === 1 ? 'surname' : /\p{Script=Han}/u.test(written) && zh && toSimplified(zh).endsWith(toSimplified(written)) ? 'given' : 'titled';
    const start = item.span.start;
    const m = mentionOf(doc, start, start + written.length, lang, addName(p.names, written, lang, kind));
    m.context = 'distribution';
    p.mentions.push(m);
    return key;
  };
  const addInst = (key: string, item: ListItem, written: string) => {
    const e = institutionEntry(key);
    let i = institutions.get(key);
    if (!i) {
      i = { key, preferredName: e?.names['en']?.[0] ?? key, names: [{ value: e?.names['en']?.[0] ?? key, lang: 'en', kind: 'full' }], kind: e?.kind ?? 'other', mentions: [] };
      if (e?.parent) i.parentKey = e.parent;
      if (e?.country) i.country = e.country;
      institutions.set(key, i);
    }
    const lang = /\p{Script=Han}/u.test(written) ? zhLangOf(written) : 'und';
    const m = mentionOf(doc, item.span.start, item.span.start + written.length, lang, addName(i.names, written, lang, 'variant'));
    m.context = 'distribution';
    i.mentions.push(m);
    return i;
  };

  for (const item of distributionItems(doc)) {
    if (item.kind === 'total') continue;
    const entry: DistributionEntry = { span: item.span, asWritten: item.asWritten, copies: item.copies, certainty: 'unresolved' };
    if (item.kind === 'archive') {
      entry.certainty = 'explicit'; // archive copies are what they say
      entries.push(entry);
      continue;
    }
    const written = item.asWritten;
    const simp = toSimplified(written);
    const known = knownEntry(l, simp);
    if (known) {
      entry.certainty = known.certainty;
      if (known.person) {
        const key = addPerson(known.person, known.zh, item, written);
        entry.resolved = { kind: 'person', key, label: known.person };
      } else if (known.institution) {
        const inst = addInst(known.institution, item, written);
        entry.resolved = { kind: 'institution', key: inst.key, label: inst.preferredName };
      }
    } else {
      // a Han form cannot equal a name without Han characters: compared without simplifying it then
      const simpHasHan = HAN.test(simp);
      const inst = instNames.find((e) => Object.values(e.names).some((fs) => fs.some((f) => ((simpHasHan || !HAN.test(f)) && toSimplified(f) === simp) || f === written)));
      if (inst) {
        const i = addInst(inst.key, item, written);
        entry.resolved = { kind: 'institution', key: i.key, label: i.preferredName };
        entry.certainty = 'explicit';
      } else if (
        isHanOnly(written) &&
        written.length >= 2 &&
        written.length <= 4 &&
        zhSurnameLength(written) > 0 &&
        !l.titleSuffixes.some((t) => simp.endsWith(toSimplified(t)))
      ) {
        // a Chinese full name written out: the person is explicit
        const latin = pinyinName(written);
        if (latin) {
          const key = addPerson(latin, written, item, written);
          entry.resolved = { kind: 'person', key, label: latin };
          entry.certainty = 'explicit';
        }
      } else {
        // a Latin full name: a leader the file knows by that name, or a name in pinyin ("Liu Shaoqi")
        const bare = written.replace(/^(?:Comrade|Com\.|Cde\.|tov\.|т\.|тов\.|Genosse|Gen\.)\s+/iu, '');
        const knownLatin = [...bySimplified(l).values()].find((v) => v.person !== undefined && v.person.toLowerCase() === bare.toLowerCase());
        if (knownLatin?.person || isPinyinName(bare)) {
          const latin = knownLatin?.person ?? bare;
          const key = addPerson(latin, knownLatin?.zh, item, written);
          entry.resolved = { kind: 'person', key, label: latin };
          entry.certainty = 'explicit';
        }
      }
    }
    entries.push(entry);
  }
  return { entries, people: [...people.values()], institutions: withParents([...institutions.values()]) };
}
