import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractRecord } from '../src/extract/index.js';
import { loadRoleLexicon } from '../src/extract/roles.js';
import { toSimplified } from '../src/extract/chinese.js';
import type { Person, RecordExtraction, Span } from '../src/extract/types.js';

// The seed record against the annotator's gold file (/work/shared/gold/seed.json): the expected data lives
// there, not here and never in src/.
const SEED = new URL('../data/records/000_2dbcfce8bcb06762.txt', import.meta.url);
const GOLD = new URL('../../shared/gold/seed.json', import.meta.url);

interface GoldPerson {
  name: string;
  nameZh?: string;
  role: string | null;
  nameVariants: string[];
}
interface Gold {
  people: GoldPerson[];
  turnOrder: string[];
  discrepanciesChineseVsEnglish: Array<{ topic: string; zh: string; en: string }>;
}

let ext: RecordExtraction;
let gold: Gold;

beforeAll(() => {
  ext = extractRecord('data/records/000_2dbcfce8bcb06762.txt', readFileSync(SEED), { claims: false });
  gold = JSON.parse(readFileSync(GOLD, 'utf8')) as Gold;
});

const han = (s: string): boolean => /\p{Script=Han}/u.test(s);
const same = (a: string, b: string): boolean => (han(a) || han(b) ? toSimplified(a) === toSimplified(b) : a === b);

/** Title words and honorifics from the lexicon, longest first, to reduce a gold variant to the bare name. */
function titleWords(): string[] {
  const lex = loadRoleLexicon();
  return [...lex.honorifics.map((h) => h.form), ...lex.roles.flatMap((r) => r.forms.map((f) => f.form))].sort((a, b) => b.length - a.length);
}

/** "Vice Minister Huang [Zhen]" -> "Huang [Zhen]"; "黃副部長" -> "黃"; "梅 (speaker tag)" -> "梅"; "" for title-only variants. */
function bareName(variant: string, titles: string[]): string {
  let s = variant.replace(/\s*\((?!\p{Script=Han})[^)]*\)\s*$/u, '').trim();
  let changed = true;
  while (changed) {
    changed = false;
    for (const t of titles) {
      if (han(t) ? s.endsWith(t) && s.length > t.length : s.toLowerCase().endsWith(` ${t.toLowerCase()}`)) {
        s = s.slice(0, s.length - t.length).trim();
        changed = true;
      }
      if (han(t) ? s.startsWith(t) && s.length > t.length : s.toLowerCase().startsWith(`${t.toLowerCase()} `)) {
        s = s.slice(t.length).trim();
        changed = true;
      }
    }
  }
  if (titles.some((t) => t.toLowerCase() === s.toLowerCase()) || /^(?:the|our|a)$/iu.test(s)) return '';
  return s;
}

function personFor(g: GoldPerson): Person | undefined {
  const latin = g.name.replace(/\s*\(.*\)$/u, '').trim();
  return ext.people.find((p) => !p.unnamed && p.names.some((n) => n.value === latin || (g.nameZh ?? '').split(' / ').some((z) => same(z, n.value))));
}

function allSpans(e: RecordExtraction): Span[] {
  const out: Span[] = [];
  for (const p of e.people) {
    for (const m of p.mentions) out.push(m.span);
    for (const r of p.roles) out.push(r.span);
  }
  for (const pt of e.event?.participants ?? []) out.push(pt.span);
  for (const d of e.discrepancies) out.push(d.original, d.translation);
  return out;
}

describe('seed record: people against the gold file', () => {
  it('finds every named gold person', () => {
    const named = gold.people.filter((g) => !g.name.startsWith('('));
    expect(named.length).toBeGreaterThanOrEqual(8);
    for (const g of named) expect(personFor(g), g.name).toBeDefined();
  });

  it('finds no named person beyond the gold people except those of the distribution list', () => {
    const goldKeys = new Set(gold.people.map((g) => personFor(g)?.key).filter((k) => k !== undefined));
    const copyBlock = ext.distribution.map((d) => d.span);
    for (const p of ext.people.filter((x) => !x.unnamed && !goldKeys.has(x.key))) {
      const outside = p.mentions.filter((m) => !copyBlock.some((c) => c.start <= m.span.start && m.span.end <= c.end));
      expect(outside.map((m) => m.span.text), `${p.key} is not a gold person`).toEqual([]);
    }
  });

  it('ties every name variant of every gold person to that person, in both scripts', () => {
    const titles = titleWords();
    for (const g of gold.people.filter((x) => !x.name.startsWith('('))) {
      const p = personFor(g) as Person;
      const forms = [...p.names.map((n) => n.value), ...p.mentions.map((m) => m.span.text)];
      const expected = [...g.nameVariants, ...(g.nameZh ?? '').split(' / ')]
        .flatMap((v) => v.split(' / '))
        .map((v) => bareName(v, titles))
        .filter((v) => v !== '');
      for (const v of expected) expect(forms.some((f) => same(f, v)), `${g.name}: ${v} in ${forms.join(', ')}`).toBe(true);
    }
  });

  it('tags each name form with its language: zh-Hant, zh-Hans, zh or en', () => {
    const huang = personFor(gold.people[0] as GoldPerson) as Person;
    const tags = Object.fromEntries(huang.names.map((n) => [`${n.value}/${n.kind}`, n.lang]));
    expect(tags['黃鎮/full']).toBe('zh-Hant');
    expect(tags['黄鎮/full']).toBe('zh');
    expect(tags['Huang Zhen/full']).toBe('en');
  });

  it('gives each gold person the gold role, dated by the record, with the affiliation the text states', () => {
    for (const g of gold.people.filter((x) => !x.name.startsWith('(') && x.role !== null)) {
      const p = personFor(g) as Person;
      const goldRole = (g.role as string).replace(/\s*[([—].*$/u, '').replace(/\s+of the .*$/u, '').toLowerCase();
      expect(
        p.roles.some((r) => goldRole.startsWith(r.label.toLowerCase()) || goldRole.startsWith(r.asWritten.toLowerCase())),
        `${g.name}: ${goldRole} in ${p.roles.map((r) => r.label).join(', ')}`,
      ).toBe(true);
      const zh = /\((\p{Script=Han}+)\)/u.exec(g.role as string)?.[1];
      if (zh) expect(p.roles.some((r) => zh.endsWith(r.asWritten) || same(r.asWritten, zh)), `${g.name}: ${zh}`).toBe(true);
      for (const r of p.roles) expect(r.asOf).toBe('1962-08-09');
    }
    const byName = (n: string): Person => personFor(gold.people.find((g) => g.name.startsWith(n)) as GoldPerson) as Person;
    expect(byName('Mesyatsev').roles.every((r) => /embassy/.test(r.affiliationKey ?? ''))).toBe(true);
    expect(byName('Groux').roles.every((r) => /embassy/.test(r.affiliationKey ?? ''))).toBe(true);
    expect(byName('Huang Zhen').roles.some((r) => r.affiliationKey !== undefined)).toBe(true);
  });

  it('keeps the unnamed gold person apart, known by role only, with its role references', () => {
    const unnamedGold = gold.people.filter((g) => g.name.startsWith('('));
    const unnamed = ext.people.filter((p) => p.unnamed);
    expect(unnamed).toHaveLength(unnamedGold.length);
    for (const g of unnamedGold) {
      const p = unnamed.find((u) => u.roles.some((r) => (g.role ?? '').toLowerCase().includes(r.label.toLowerCase()))) as Person;
      expect(p, g.name).toBeDefined();
      const written = p.mentions.map((m) => m.span.text.toLowerCase());
      for (const v of g.nameVariants.map((x) => x.replace(/\s*\(.*\)$/u, '').toLowerCase())) expect(written, v).toContain(v);
    }
  });

  it('ties references by role alone to the one named holder of the role', () => {
    const titles = titleWords();
    for (const g of gold.people.filter((x) => !x.name.startsWith('('))) {
      const p = personFor(g) as Person;
      const titled = g.nameVariants.flatMap((v) => v.split(' / ')).filter((v) => bareName(v, titles) === '' && !/[()]/u.test(v));
      const written = p.mentions.map((m) => m.span.text);
      for (const v of titled) {
        const core = v.replace(/同志$/u, '');
        expect(written.some((w) => same(w, core) || w.toLowerCase() === core.toLowerCase()), `${g.name}: ${v}`).toBe(true);
      }
    }
  });

  it('gives no role to the people the gold file gives none', () => {
    for (const g of gold.people.filter((x) => !x.name.startsWith('(') && x.role === null)) expect(personFor(g)?.roles).toEqual([]);
  });

  it('prefers the pinyin of the original over a misread English rendering and notes the discrepancy', () => {
    const d = gold.discrepanciesChineseVsEnglish.find((x) => x.topic === 'interpreter name');
    const zh = (d?.zh ?? '').split(' ')[0] as string;
    const wang = ext.people.find((p) => p.names.some((n) => n.value === zh)) as Person;
    expect(wang.preferredName).toBe(/\(([^)]+)\)/u.exec(d?.zh ?? '')?.[1]);
    const nd = ext.discrepancies.filter((x) => x.kind === 'name');
    expect(nd.filter((x) => x.original.text === zh).map((x) => x.translation.text)).toEqual([d?.en]);
  });

  it('notes a name discrepancy for each name the gold file finds rendered differently', () => {
    const nameTopics = gold.discrepanciesChineseVsEnglish.filter((x) => /name/u.test(x.topic));
    expect(nameTopics.length).toBeGreaterThanOrEqual(3);
    const nd = ext.discrepancies.filter((x) => x.kind === 'name');
    for (const t of nameTopics) {
      const zh = t.zh.split(/\s/u)[0] as string;
      expect(nd.some((x) => x.original.text === zh), t.topic).toBe(true);
    }
    expect(nd).toHaveLength(nameTopics.length);
  });
});

describe('seed record: turns and the event', () => {
  it('resolves the speaker of every turn in both parts, in the gold order', () => {
    const orig = ext.doc.turns.map((t, i) => ({ t, key: ext.turnSpeakers[i] })).filter((x) => x.t.part === 'original');
    const trans = ext.doc.turns.map((t, i) => ({ t, key: ext.turnSpeakers[i] })).filter((x) => x.t.part === 'translation');
    expect(orig).toHaveLength(gold.turnOrder.length);
    expect(trans).toHaveLength(gold.turnOrder.length);
    gold.turnOrder.forEach((entry, k) => {
      const [zhTag, enTag] = entry.split('/') as [string, string];
      const person = ext.people.find((p) => p.key === trans[k]?.key) as Person;
      expect(person.names.some((n) => n.value === enTag)).toBe(true);
      expect(orig[k]?.key).toBe(trans[k]?.key);
      expect(same(orig[k]?.t.speaker.text ?? '', zhTag) || toSimplified(orig[k]?.t.speaker.text ?? '') === toSimplified(zhTag.charAt(0))).toBe(true);
    });
    expect(ext.turnAlignment).toEqual(gold.turnOrder.map((_, k) => ({ translation: k, original: k })));
  });

  it('records a meeting with its speakers, the people also present, the interpreter and the note-taker', () => {
    expect(ext.event?.kind).toBe('meeting');
    expect(ext.event?.time?.value).toBe('1962-08-09T18:00:00');
    const parts = (part: string): string[] => [...new Set((ext.event?.participants ?? []).filter((p) => p.part === part).map((p) => p.personKey))].sort();
    const key = (n: string): string => (personFor(gold.people.find((g) => g.name.startsWith(n)) as GoldPerson) as Person).key;
    expect(parts('speaker')).toEqual([key('Huang Zhen'), key('Mesyatsev'), key('Xu Ming')].sort());
    expect(parts('alsoPresent')).toEqual([key('Groux'), key('Xu Ming')].sort());
    expect(parts('interpreter')).toEqual([key('Wang Yiqing')]);
    expect(parts('noteTaker')).toEqual([key('Li Debiao')]);
  });
});

describe('seed record: offsets', () => {
  it('keeps text.slice(start, end) === span.text for every mention, role, participant and discrepancy', () => {
    const spans = allSpans(ext);
    expect(spans.length).toBeGreaterThan(80);
    for (const s of spans) expect(ext.doc.text.slice(s.start, s.end)).toBe(s.text);
  });

  it('points every mention at a name form of its person', () => {
    for (const p of ext.people) for (const m of p.mentions) if (m.nameIndex !== undefined) expect(p.names[m.nameIndex]).toBeDefined();
  });
});
