import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Quad } from '@rdfjs/types';
import { extractClaims, findDiscrepancies, type Claim } from '../src/extract/claims/index.js';
import { claimLexicon, compileCue, loadScheme, TOPIC_NS } from '../src/extract/claims/lexicon.js';
import { findQuantities, parseChineseNumeral } from '../src/extract/claims/quantities.js';
import { isEditorialNote, langOf, splitChinese, splitEnglish } from '../src/extract/claims/sentences.js';
import { validate, formatReport } from '../src/validate/index.js';
import { toQuads } from '../src/model/index.js';
import { chineseNegations, englishNegations, negationScope } from '../src/extract/claims/discrepancies.js';
import { contentOf, resolvePerson } from '../src/extract/claims/analyse.js';
import { claimsToQuads, ALDC } from '../src/model/claims.js';
import type { Discrepancy, RecordExtraction, Span } from '../src/extract/types.js';
import { rootPath } from '../src/paths.js';
import { parse } from '../src/rdf/index.js';
import { extractionOf } from './fixtures/claims/harness.js';

const lex = claimLexicon();
const span = (text: string): Span => ({ start: 0, end: text.length, text });
const SEED = rootPath('data', 'records', '000_2dbcfce8bcb06762.txt');

/** Content words, crudely stemmed, for matching a gold paraphrase against a claim's words. */
function stems(s: string): Set<string> {
  const stop = new Set(['the', 'and', 'that', 'with', 'they', 'their', 'them', 'this', 'from', 'have', 'has', 'was', 'were', 'are', 'for', 'not', 'its', 'his', 'into', 'before', 'after', 'would', 'could', 'should', 'been', 'than', 'what', 'also', 'only', 'even']);
  return new Set(
    (s.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length > 2 && !stop.has(w)).map((w) => w.slice(0, 5)),
  );
}

describe('sentences', () => {
  it('splits English at sentence ends but not after abbreviations or initials', () => {
    const t = 'Com. Li arrived at 6 p.m. today. A.I. Mikoyan agreed. Why not?';
    expect(splitEnglish(t, span(t), lex).map((s) => s.text)).toEqual(['Com. Li arrived at 6 p.m. today.', 'A.I. Mikoyan agreed.', 'Why not?']);
  });
  it('keeps a sentence whole across a paragraph break that does not start a sentence', () => {
    const t = 'We send them back to you, but\n\nyou have kept them. Next one.';
    expect(splitEnglish(t, span(t), lex).map((s) => s.text)).toEqual(['We send them back to you, but\n\nyou have kept them.', 'Next one.']);
  });
  it('splits Chinese at 。！？ with absolute offsets', () => {
    const t = 'xx甲说了。乙呢？好！';
    const s = splitChinese(t, { start: 2, end: t.length, text: t.slice(2) }, lex);
    expect(s.map((x) => x.text)).toEqual(['甲说了。', '乙呢？', '好！']);
    for (const x of s) expect(t.slice(x.start, x.end)).toBe(x.text);
  });
});

describe('editorial notes and languages', () => {
  it('treats a sentence wholly in brackets as an editorial note, but not two bracketed parts', () => {
    expect(isEditorialNote('(Vice Minister Li asks the interpreter to read the statement.)')).toBe(true);
    expect(isEditorialNote('[...]')).toBe(true);
    expect(isEditorialNote('（该声明请见文件409号）。')).toBe(true);
    expect(isEditorialNote('(a) the boats and (b) the crews')).toBe(false);
    expect(isEditorialNote('We agree (in principle).')).toBe(false);
  });
  it('tags sentences by script', () => {
    expect([langOf('我们同意。'), langOf('Мы согласны.'), langOf('우리는 동의합니다.'), langOf('We agree.')]).toEqual(['zh', 'ru', 'ko', 'en']);
  });
});

describe('quantities', () => {
  it('reads vague English quantities as ranges with their unit', () => {
    const t = 'tens of thousands of people crossed, hundreds of kilometers away, a couple of kilometers back';
    const q = findQuantities(t, span(t), lex);
    expect(q.map((x) => [x.span.text, x.min, x.max, x.unit, x.approximate])).toEqual([
      ['tens of thousands of people', 20000, 99999, 'person', true],
      ['hundreds of kilometers', 200, 999, 'kilometre', true],
      ['a couple of kilometers', 2, 3, 'kilometre', true],
    ]);
  });
  it('reads exact English quantities with scales and modifiers before the unit', () => {
    const t = 'the 650 million Chinese people and two hundred and fifty tanks';
    const q = findQuantities(t, span(t), lex);
    expect(q.map((x) => [x.span.text, x.value, x.unit])).toEqual([
      ['650 million Chinese people', 650_000_000, 'person'],
      ['two hundred and fifty tanks', 250, 'weapon'],
    ]);
  });
  it('reads Chinese numerals, vague digits and units, and skips dates', () => {
    const t = '六亿五千万中国人民，几万人，几百公里，几公里，6月26日，1962年';
    const q = findQuantities(t, span(t), lex);
    expect(q.map((x) => [x.span.text, x.value ?? [x.min, x.max], x.unit])).toEqual([
      ['六亿五千万中国人民', 650_000_000, 'person'],
      ['几万人', [20000, 90000], 'person'],
      ['几百公里', [200, 900], 'kilometre'],
      ['几公里', [2, 9], 'kilometre'],
    ]);
    expect(parseChineseNumeral('三千零五', lex)).toEqual({ min: 3005, max: 3005, approximate: false });
  });
});

describe('negation', () => {
  it('counts negation markers, ignoring lexicalised compounds', () => {
    expect(chineseNegations('我没有听到任何新的东西。', lex)).toBe(1);
    expect(chineseNegations('这是一件不幸的非法事件。', lex)).toBe(0);
    expect(englishNegations("I've got something new.", lex)).toBe(0);
    expect(englishNegations("I don't think it is inconsistent.", lex)).toBe(2);
  });
  it('tells total negation from partial negation in both languages', () => {
    expect(negationScope('声明是完全不能令人满意的。', true, lex)).toBe('total');
    expect(negationScope("I don't think the statement is completely satisfactory.", false, lex)).toBe('partial');
    expect(negationScope('The statement is completely unacceptable, not at all.', false, lex)).toBe('total');
  });
});

describe('lexicon', () => {
  it('loads every topic with English and Chinese labels and cues from the Turtle', () => {
    expect(lex.topics.length).toBeGreaterThanOrEqual(20);
    const required = ['illegal-border-crossing', 'crossing-scale', 'fence-gaps', 'inland-transport', 'repatriation', 'customary-practice', 'responsibility', 'humanitarian-treatment', 'border-weapons', 'persuasion-mission', 'friendship', 'trade', 'military-aid', 'territorial-dispute'];
    for (const k of required) {
      const t = lex.topics.find((x) => x.key === k);
      expect(t, k).toBeDefined();
      expect(t?.labels.en && t.labels.zh, k).toBeTruthy();
      expect(t?.cues.some((c) => c.lang === 'en') && t.cues.some((c) => c.lang === 'zh'), k).toBe(true);
    }
    expect(lex.stances.map((s) => s.key).sort()).toEqual(['asserts', 'concedes', 'demands', 'denies', 'promises', 'proposes']);
  });
  it('picks up a topic a user adds to a Turtle file without code changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-'));
    const file = join(dir, 'topics.ttl');
    writeFileSync(
      file,
      `@prefix ald: <http://localhost:3030/ontology#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
       <${TOPIC_NS}whaling> a skos:Concept ; skos:prefLabel "Whaling"@en , "捕鲸"@zh ; ald:cue "whal*"@en , "捕鲸"@zh .`,
    );
    const [t] = loadScheme(file, TOPIC_NS);
    expect(t?.key).toBe('whaling');
    expect(t?.cues[0]?.test('The whalers left port.')).toBe(true);
    expect(t?.cues[1]?.test('他们捕鲸。')).toBe(true);
  });
  it('names the file and the cue when a cue pattern is broken', () => {
    expect(() => compileCue('\\b(unclosed', 'ontology/stances.ttl <x>')).toThrow(/ontology\/stances\.ttl <x>: cue "\\b\(unclosed" is not a valid pattern/);
  });
});

describe('claims vocabulary and schemes', () => {
  const ttl = (f: string) => parse(readFileSync(rootPath('ontology', f), 'utf8'), 'turtle', undefined, f);
  const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
  const SKOS = 'http://www.w3.org/2004/02/skos/core#';
  it('declares, labels and comments every claim term the model writes, each under a standard term', () => {
    const quads = [...ttl('claims.ttl'), ...ttl('archive-ld.ttl')];
    const has = (s: string, p: string) => quads.some((q) => q.subject.value === s && q.predicate.value === p);
    const standard = (s: string): boolean => {
      const sup = quads.filter((q) => q.subject.value === s && (q.predicate.value === `${RDFS}subClassOf` || q.predicate.value === `${RDFS}subPropertyOf`)).map((q) => q.object.value);
      return sup.some((o) => !o.startsWith('http://localhost:3030/ontology#') || standard(o));
    };
    // Plain data properties with no standard counterpart.
    const local = ['priority', 'approximate', 'subjectLabel', 'predicateLabel', 'objectLabel', 'negated'];
    for (const t of ALDC.$terms) {
      expect(has(t.value, `${RDFS}label`), t.value).toBe(true);
      expect(has(t.value, `${RDFS}comment`), t.value).toBe(true);
      const name = t.value.split('#')[1] ?? '';
      if (!local.includes(name)) expect(standard(t.value), `${t.value} under a standard term`).toBe(true);
    }
  });
  it('keeps every topic and stance concept in its scheme, with broader topics that exist', () => {
    for (const [file, scheme] of [['topics.ttl', 'http://localhost:3030/scheme/topic/'], ['stances.ttl', 'http://localhost:3030/scheme/stance/']] as const) {
      const quads = ttl(file);
      const concepts = new Set(quads.filter((q) => q.object.value === `${SKOS}Concept`).map((q) => q.subject.value));
      expect(concepts.size).toBeGreaterThan(5);
      for (const c of concepts) {
        expect(quads.some((q) => q.subject.value === c && q.predicate.value === `${SKOS}inScheme` && q.object.value === scheme), c).toBe(true);
        for (const b of quads.filter((q) => q.subject.value === c && q.predicate.value === `${SKOS}broader`)) expect(concepts.has(b.object.value), b.object.value).toBe(true);
      }
    }
  });
});

describe('structured content', () => {
  it('reads subject, predicate and object of a simple sentence', () => {
    expect(contentOf('However, many gaps were opened in the wire fence at that time.', lex)).toEqual({
      subject: 'many gaps',
      predicate: 'were opened',
      object: 'in the wire fence at that time',
      negated: false,
    });
  });
  it('reads the clause under "I don\'t think that" as negated content', () => {
    expect(contentOf("I don't think that the statement is satisfactory.", lex)).toMatchObject({ subject: 'the statement', negated: true });
  });
  it('gives nothing for questions and expletive openings', () => {
    expect(contentOf('Why did you fail to follow these practices?', lex)).toBeUndefined();
    expect(contentOf('It is not right to put the blame on us.', lex)).toBeUndefined();
  });
});

describe('the seed record', () => {
  let ext: RecordExtraction;
  let claims: Claim[];
  let discrepancies: Discrepancy[];
  const gold = JSON.parse(readFileSync(join(rootPath(), '..', 'shared', 'gold', 'seed.json'), 'utf8')) as {
    claims: Array<{ assertedBy: string; claim: string; sourceZh?: string; sourceEn?: string }>;
    turnOrder: string[];
  };
  const keyOf = (name: string): string | undefined =>
    ext.people.find((p) => p.preferredName === name || p.names.some((n) => n.value === name) || p.key === name.toLowerCase().replace(/\s+/g, '-'))?.key;

  beforeAll(async () => {
    ext = await extractionOf(SEED);
    claims = extractClaims(ext);
    discrepancies = [...ext.discrepancies, ...findDiscrepancies(ext)];
  });

  it('keeps every span equal to the record text it points at', () => {
    const text = ext.doc.text;
    for (const c of claims) {
      expect(text.slice(c.span.start, c.span.end)).toBe(c.span.text);
      if (c.original) expect(text.slice(c.original.start, c.original.end)).toBe(c.original.text);
      for (const q of c.quantities) expect(text.slice(q.span.start, q.span.end)).toBe(q.span.text);
    }
  });

  it('finds at least 90% of the gold claims with the right claimant and a span containing them', () => {
    const found = gold.claims.filter((g) => {
      const key = keyOf(g.assertedBy.split(' (')[0] ?? g.assertedBy);
      expect(key, g.assertedBy).toBeDefined();
      const mine = claims.filter((c) => c.kind === 'claim' && c.claimant === key && c.reportedBy === undefined);
      const zh = g.sourceZh?.replace(/[。，]$/u, '');
      const en = g.sourceEn?.split(' (')[0];
      return mine.some((c) => {
        if (zh && c.original?.text.includes(zh)) return true;
        if (en && c.span.text.includes(en)) return true;
        const gs = stems(g.claim);
        const shared = [...stems(c.span.text)].filter((w) => gs.has(w)).length;
        return shared >= 3;
      });
    });
    expect(found.length / gold.claims.length).toBeGreaterThanOrEqual(0.9);
  });

  it("attributes every own claim to the speaker of its turn (the gold turn order) and never to anyone else", () => {
    const enTurns = ext.doc.turns.filter((t) => t.part === 'translation');
    expect(enTurns.length).toBe(gold.turnOrder.length);
    for (const c of claims) {
      if (c.reportedBy !== undefined || !c.turn) continue;
      const g = gold.turnOrder[c.turn.index] ?? '';
      expect(c.claimant, c.span.text).toBe(keyOf(g.split('/')[1] ?? ''));
    }
  });

  it('attributes reported speech to the person reported, as reported by the speaker', () => {
    const reported = claims.filter((c) => c.reportedBy !== undefined);
    expect(reported.length).toBeGreaterThanOrEqual(4);
    for (const r of reported) expect(r.claimant).not.toBe(r.reportedBy);
    const chargé = claims.find((c) => c.span.text.startsWith("The Chargé d'affaires said that I had asked"));
    expect(chargé?.claimant).toBe(keyOf('Mesyatsev'));
    expect(chargé?.reportedBy).toBe(keyOf('Xu Ming'));
    // ... and Xu disputes what he is reported to have asked.
    const dispute = claims.find((c) => c.span.text.startsWith('This is not a correct understanding'));
    expect(dispute?.relations).toContainEqual({ type: 'disputes', target: chargé?.n });
    const weapons = claims.find((c) => c.span.text.startsWith('Comrade Xu Ming claimed that Soviet border guards'));
    expect(weapons?.claimant).toBe(keyOf('Xu Ming'));
    expect(claims.some((c) => c.claimant === keyOf('Mesyatsev') && c.relations.some((r) => r.type === 'disputes' && r.target === weapons?.n))).toBe(true);
  });

  it('makes procedural remarks speech acts, not claims', () => {
    for (const s of ['I will report [this] to the government.', 'Please allow me to say a few words.', "Let's stop here for today."]) {
      const c = claims.find((x) => x.span.text === s);
      expect(c?.kind, s).toBe('speechAct');
    }
  });

  it('aligns English sentences with their Chinese originals inside aligned turns', () => {
    const c = claims.find((x) => x.span.text.startsWith('Today, I\'ve got something new'));
    expect(c?.original?.text).toBe('今天从徐明同志的談話中我没有听到任何新的东西。');
    const q = claims.find((x) => x.span.text.includes('650 million'));
    expect(q?.original?.text).toContain('六亿五千万');
  });

  it('finds topics, stances and quantities', () => {
    const gaps = claims.filter((c) => c.topics.includes('fence-gaps'));
    expect(gaps.some((c) => c.claimant === keyOf('Xu Ming'))).toBe(true);
    const proposal = claims.find((c) => c.span.text.startsWith('The Soviet Government suggests that China send officials'));
    expect(proposal?.stance).toBe('proposes');
    expect(proposal?.topics).toContain('persuasion-mission');
    const written = claims.flatMap((c) => c.quantities.map((q) => q.span.text));
    for (const w of ['tens of thousands of people', '650 million Chinese people', 'hundreds of kilometers', 'a couple of kilometers', '几万人', '六亿五千万中国人民', '几百公里', '几公里']) {
      expect(written, w).toContain(w);
    }
    const untopical = claims.filter((c) => c.kind === 'claim' && c.topics.length === 0);
    for (const c of untopical) expect(c.keyPhrases.length, c.span.text).toBeGreaterThan(0);
  });

  it('finds the polarity, page and name differences between original and translation, without flooding', () => {
    const polarity = discrepancies.filter((d) => d.kind === 'polarity');
    expect(polarity.some((d) => d.original.text.includes('完全不能令人滿意') && d.translation.text.includes('completely satisfactory'))).toBe(true);
    expect(polarity.some((d) => d.original.text.includes('没有听到任何新的东西') && d.translation.text.includes("I've got something new"))).toBe(true);
    expect(polarity.length).toBeLessThanOrEqual(4);
    const pages = discrepancies.find((d) => d.kind === 'pages');
    expect([pages?.original.text, pages?.translation.text]).toEqual(['P.1-11', '1-6']);
    expect(discrepancies.some((d) => d.kind === 'name' && d.original.text.includes('王薏卿'))).toBe(true);
    expect(discrepancies.filter((d) => d.kind === 'number')).toEqual([]);
  });

  it('adds the hand-made differences of data/annotations/<recordId>.json, anchored in the text, with their source', () => {
    const annotated = discrepancies.filter((d) => d.source?.includes('data/annotations/'));
    expect(annotated.length).toBeGreaterThanOrEqual(1);
    for (const d of annotated) {
      expect(ext.doc.text.slice(d.original.start, d.original.end)).toBe(d.original.text);
      expect(ext.doc.text.slice(d.translation.start, d.translation.end)).toBe(d.translation.text);
    }
  });

  it('writes claims as quads in the record graph without asserting their content', () => {
    const quads: Quad[] = claimsToQuads(ext, claims, 'http://localhost:3030/');
    const graph = `http://localhost:3030/graph/${ext.recordId}`;
    expect(quads.every((q) => q.graph.value === graph)).toBe(true);
    const claimIris = new Set(quads.filter((q) => q.predicate.value.endsWith('#claimant')).map((q) => q.subject.value));
    expect([...claimIris].every((s) => new RegExp(`^http://localhost:3030/record/${ext.recordId}/claim/\\d+$`).test(s))).toBe(true);
    // Structured content is only ever a literal label on an ald:ClaimContent node.
    const labels = quads.filter((q) => q.predicate.equals(ALDC.subjectLabel));
    expect(labels.length).toBeGreaterThan(5);
    expect(labels.every((q) => q.object.termType === 'Literal')).toBe(true);
    const positions = quads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/oa#start');
    expect(positions.length).toBeGreaterThan(claims.length);
    expect(quads.some((q) => q.predicate.value === 'http://purl.org/spar/cito/disputes')).toBe(true);
  });

  it('gives claim quads that, with the rest of the record, conform to the SHACL shapes', async () => {
    const quads = [...toQuads({ ...ext, claims: [] }, { base: 'http://localhost:3030/', version: 'test' }), ...claimsToQuads(ext, claims, 'http://localhost:3030/')];
    const report = await validate(quads);
    expect(report.conforms, formatReport(report)).toBe(true);
  });

  it('refuses a claim whose span does not match the text, naming the record and the span', () => {
    const bad: Claim = { ...claims[0]!, span: { start: 0, end: 5, text: 'wrong' } };
    expect(() => claimsToQuads(ext, [bad], 'http://localhost:3030/')).toThrow(/record .*: the span 0-5 \("wrong"\) does not match the record text/);
  });

  it('works on the original alone: Chinese speech acts, and reported speech by name and verb', () => {
    const keep = ext.doc.turns.map((t, i) => [t, ext.turnSpeakers[i]] as const).filter(([t]) => t.part === 'original');
    const zhOnly: RecordExtraction = {
      ...ext,
      doc: { ...ext.doc, turns: keep.map(([t]) => t) },
      turnSpeakers: keep.map(([, k]) => k),
      turnAlignment: [],
    };
    const zh = extractClaims(zhOnly);
    expect(zh.every((c) => c.lang === 'zh')).toBe(true);
    expect(zh.find((c) => c.span.text === '請允許我讲几句话。')?.kind).toBe('speechAct');
    const reported = zh.find((c) => c.span.text.startsWith('徐明同志說，'));
    expect([reported?.claimant, reported?.reportedBy]).toEqual([keyOf('Xu Ming'), keyOf('Mesyatsev')]);
    expect(zh.find((c) => c.span.text.startsWith('我认为苏联政府的声明'))?.kind).toBe('claim');
  });

  it('does not attribute a sentence naming somebody to them unless it reports their words', () => {
    expect(resolvePerson('The Chargé d\'affaires', ext.people)).toBe(keyOf('Mesyatsev'));
    expect(resolvePerson('The local authorities', ext.people)).toBeUndefined();
  });
});

interface Expected {
  claims: Array<{ contains: string; claimant?: string; claimantInstitution?: string; stance?: string; reportedBy?: string; topics?: string[]; quantities?: Array<{ asWritten: string; value: number }> }>;
  speechActs: string[];
  relations: Array<{ from: string; type: string; to: string }>;
  /** English claim -> the aligned original sentence (bilingual records). */
  originals?: Array<{ contains: string; original: string }>;
  /** Differences the rules must find between original and translation. */
  discrepancies?: Array<{ kind: string; original: string; translation: string }>;
  /** Claims that must not be attributed to the given person (another person said them). */
  notAttributed?: Array<{ contains: string; claimant: string }>;
  absent: string[];
}

describe('fixture records (invented)', () => {
  const dir = rootPath('tests', 'fixtures', 'claims');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
    it(`${file}: finds the expected claims, speech acts and relations`, async () => {
      const exp = JSON.parse(readFileSync(join(dir, file.replace(/\.txt$/, '.expected.json')), 'utf8')) as Expected;
      const ext = await extractionOf(join(dir, file));
      const claims = extractClaims(ext);
      const find = (s: string) => claims.find((c) => c.span.text.includes(s) && c.kind === 'claim');
      for (const e of exp.claims) {
        const c = claims.find((x) => x.span.text.includes(e.contains) && x.kind === 'claim' && (e.reportedBy === undefined) === (x.reportedBy === undefined));
        expect(c, e.contains).toBeDefined();
        expect(c?.claimant, e.contains).toBe(e.claimant);
        expect(c?.claimantInstitution, e.contains).toBe(e.claimantInstitution);
        if (e.reportedBy) expect(c?.reportedBy, e.contains).toBe(e.reportedBy);
        if (e.stance) expect(c?.stance, e.contains).toBe(e.stance);
        for (const t of e.topics ?? []) expect(c?.topics, e.contains).toContain(t);
        for (const q of e.quantities ?? []) {
          expect(c?.quantities.map((x) => [x.span.text, x.value]), e.contains).toContainEqual([q.asWritten, q.value]);
        }
      }
      for (const s of exp.speechActs) expect(claims.find((c) => c.span.text === s)?.kind, s).toBe('speechAct');
      for (const r of exp.relations) {
        const from = r.type === 'reportOf' ? claims.find((c) => c.span.text.includes(r.from) && c.reportedBy) : find(r.from);
        const to = claims.find((c) => c.span.text.includes(r.to) && c !== from && c.kind === 'claim');
        expect(from?.relations, `${r.from} ${r.type} ${r.to}`).toContainEqual({ type: r.type, target: to?.n });
      }
      for (const a of exp.absent) expect(claims.some((c) => c.span.text.includes(a)), a).toBe(false);
      for (const n of exp.notAttributed ?? []) {
        const c = claims.find((x) => x.span.text.includes(n.contains));
        expect(c, n.contains).toBeDefined();
        expect(c?.claimant, n.contains).not.toBe(n.claimant);
      }
      for (const o of exp.originals ?? []) expect(find(o.contains)?.original?.text, o.contains).toBe(o.original);
      const found = [...ext.discrepancies, ...findDiscrepancies(ext)];
      for (const d of exp.discrepancies ?? []) {
        const hit = found.some((x) => x.kind === d.kind && x.original.text.includes(d.original) && x.translation.text.includes(d.translation));
        expect(hit, `${d.kind}: ${d.original} / ${d.translation}`).toBe(true);
      }
      // Only the expected kinds of difference, and none where the record has no original.
      const kinds = new Set((exp.discrepancies ?? []).map((d) => d.kind));
      expect(found.filter((x) => (x.kind === 'number' || x.kind === 'polarity') && !kinds.has(x.kind))).toEqual([]);
      // Institution claimants are written as org IRIs.
      const quads = claimsToQuads(ext, claims, 'http://localhost:3030/');
      for (const c of claims.filter((x) => x.claimantInstitution)) {
        const org = `http://localhost:3030/org/${c.claimantInstitution}`;
        expect(quads.some((q) => q.subject.value.endsWith(`/claim/${c.n + 1}`) && q.predicate.value.endsWith('#claimant') && q.object.value === org)).toBe(true);
      }
      // Nobody outside the record's people is ever a claimant.
      const keys = new Set(ext.people.map((p) => p.key));
      for (const c of claims) if (c.claimant !== undefined) expect(keys.has(c.claimant)).toBe(true);
    });
  }
});
