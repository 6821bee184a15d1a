/**
 * The body of a record: the original-language text and the English translation. Shared by every layout:
 * a layout reader finds where the body lies (a range of lines), this module finds the two parts in it, the
 * page furniture, the headings, the header block, the speaker turns and the running paragraphs.
 */
import type { Furniture, FurnitureKind, HeaderField, ReaderWarning, RecordDoc, Span, TextPart, Turn } from '../types.js';
import type { LayoutLexicon } from './lexicon.js';
import { normLabel } from './lexicon.js';
import type { Line } from './text.js';
import { isBlank, span, trimmedSpan } from './text.js';

// Module-level patterns: tsx compiles a \p{...} literal to `new RegExp(...)` wherever it stands, so one inside a
// function would be rebuilt on every call.
const LETTER_RE = /\p{L}/u;

/** What the body reader needs: the text, its lines, the lexicon, and the document being filled. */
export interface BodyContext {
  text: string;
  lines: Line[];
  lex: LayoutLexicon;
  doc: RecordDoc;
}

export interface BodyOptions {
  /** True when the record says its original language is English (then there is no translation). */
  originalIsEnglish?: boolean;
  /** Extra text in which speaker names may be mentioned (title, summary, citation). */
  context?: string;
  /** True when the original is known to be in a non-Latin script: then any Latin text is the English. */
  latinIsEnglish?: boolean;
  /**
   * Force the part of the whole range instead of guessing it from the language of the text (used by
   * layouts that label the parts themselves, e.g. "English HTML").
   */
  part?: TextPart;
}

/** Rough language class of a piece of text: English, another language, or too little to tell. */
export type LangClass = 'en' | 'other' | 'neutral';

const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;

/** Letter counts and English function-word counts of a piece of text; they add up over lines. */
export interface LangStats {
  latin: number;
  other: number;
  words: number;
  /** English function words. */
  stop: number;
  /** Function words of Latin-script originals (German, Romanian, Hungarian, Vietnamese, ...). */
  foreign: number;
}

// Script of each non-ASCII code point met so far (0 not a letter, 1 Latin letter, 2 other letter).
const scriptCache = new Map<number, 0 | 1 | 2>();

function scriptOf(cp: number): 0 | 1 | 2 {
  let k = scriptCache.get(cp);
  if (k === undefined) {
    const ch = String.fromCodePoint(cp);
    k = !LETTER.test(ch) ? 0 : LATIN.test(ch) ? 1 : 2;
    scriptCache.set(cp, k);
  }
  return k;
}

const WORD = /\p{L}+(?:'\p{L}+)?/gu;

/** Count letters by script and, for Latin text, words and English function words. */
export function langStats(s: string, lex: LayoutLexicon): LangStats {
  let latin = 0;
  let other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
      continue;
    }
    const cp = s.codePointAt(i) as number;
    if (cp > 0xffff) i++;
    const k = scriptOf(cp);
    if (k === 1) latin++;
    else if (k === 2) other++;
  }
  let words = 0;
  let stop = 0;
  let foreign = 0;
  if (latin > 0 && latin >= other) {
    for (const m of s.toLowerCase().matchAll(WORD)) {
      words++;
      if (lex.englishStopwords.has(m[0])) stop++;
      else if (lex.foreignStopwords.has(m[0])) foreign++;
    }
  }
  return { latin, other, words, stop, foreign };
}

/** Classify counted text as English, other or neutral, by script and by the share of English function words. */
export function classify(st: LangStats, lex: LayoutLexicon, latinIsEnglish = false): LangClass {
  if (st.latin + st.other < 3) return 'neutral';
  if (st.other > st.latin) return 'other';
  if (latinIsEnglish) return 'en';
  if (st.words < lex.englishMinWords) return st.stop > st.foreign ? 'en' : 'neutral';
  const en = st.stop / st.words;
  const fo = st.foreign / st.words;
  if (en >= lex.englishMinStopwordRatio && en >= fo) return 'en';
  if (fo >= lex.foreignMinRatio && fo > en && st.foreign >= 2) return 'other';
  // Latin text without function words of either kind (a list of names, "Time: 4 March 1950") tells nothing.
  return 'neutral';
}

/** Classify text as English, other or neutral (see classify). */
export function langClass(s: string, lex: LayoutLexicon, latinIsEnglish = false): LangClass {
  return classify(langStats(s, lex), lex, latinIsEnglish);
}

/** Furniture kind of one line, looking at the line alone (running headers need the whole body: see below). */
export function lineFurniture(t: string, lex: LayoutLexicon): FurnitureKind | undefined {
  const s = t.trim();
  if (s === '') return undefined;
  if (lex.separators.has(s)) return 'separator';
  if (lex.archiveStamps.has(s) || lex.archiveStampPatterns.some((r) => r.test(s))) return 'archiveStamp';
  if (lex.pageMarker.some((r) => r.test(s))) return 'pageMarker';
  if (lex.pageNumber.some((r) => r.test(s))) return 'pageNumber';
  if (lex.runningFooter.some((r) => r.test(s))) return 'runningHeader';
  return undefined;
}

/** Lines that repeat as page headers: same text, shaped like a file number, at least N times in the range. */
function runningHeaders(lines: Line[], from: number, to: number, lex: LayoutLexicon): Set<string> {
  const counts = new Map<string, number>();
  for (let i = from; i < to; i++) {
    const s = (lines[i]?.text ?? '').trim();
    if (s.length < 5 || !/\p{N}/u.test(s)) continue;
    if (!lex.runningHeader.some((r) => r.test(s))) continue;
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const out = new Set<string>();
  for (const [s, n] of counts) if (n >= lex.runningHeaderMinRepeats) out.add(s);
  return out;
}

const LABEL_LINE = /^(\s*)([^:：\n]{1,60}?)(\s*[:：])(.*)$/u;

interface Labelled {
  label: string;
  /** Offsets of the label (trimmed) and of the text after the colon. */
  labelStart: number;
  labelEnd: number;
  restStart: number;
}

function labelled(line: Line): Labelled | undefined {
  const m = LABEL_LINE.exec(line.text);
  if (!m) return undefined;
  const lead = m[1] ?? '';
  const label = m[2] ?? '';
  const colon = m[3] ?? '';
  // A colon inside a URL or a clock time is not a label.
  if (/^\/\//u.test(m[4] ?? '') || /\d$/u.test(label) && /^\d/u.test(m[4] ?? '')) return undefined;
  const labelStart = line.start + lead.length;
  return { label: label.trim(), labelStart, labelEnd: labelStart + label.trimEnd().length, restStart: labelStart + label.length + colon.length };
}

/** True when a label has the shape of a speaker tag ("Volkov", "Com. Brandner", "高", "김영철"). */
export function speakerShape(label: string, lex: LayoutLexicon): boolean {
  const s = label.trim();
  if (s === '' || s.length > lex.speakerMaxChars || !LETTER.test(s)) return false;
  const n = normLabel(s);
  if (lex.nonSpeakerLabels.has(n) || lex.headerLabels.has(n) || lex.sectionLabels.has(n)) return false;
  if (/[,;?!"“”«»<>=/\\|#*_@]/u.test(s)) return false;
  if (CJK.test(s)) {
    const chars = [...s.replace(/\s/gu, '')];
    return chars.length <= lex.speakerMaxCjkChars && chars.every((c) => CJK.test(c) || c === '·' || c === '・');
  }
  if (HANGUL.test(s)) {
    const words = s.split(/\s+/u);
    return words.length <= 3 && s.length <= 12 && [...s].every((c) => HANGUL.test(c) || c === ' ');
  }
  const words = s.split(/\s+/u);
  if (words.length > lex.speakerMaxLatinWords) return false;
  const first = words[0] ?? '';
  if (!/^[\p{Lu}[(]/u.test(first) && !lex.speakerTitleWords.has(first.toLowerCase())) return false;
  // Every word is a capitalised name, an initial, a bracketed addition, a title or a short particle (de, von).
  return words.every(
    (w) => /^[\p{Lu}[(]/u.test(w) || lex.speakerTitleWords.has(w.toLowerCase()) || /^\p{Ll}{1,3}\.?$/u.test(w),
  );
}

/** Whether a speaker label is mentioned in the context text (whole label, or its last word, or a CJK char). */
function inContext(label: string, context: string): boolean {
  const s = label.replace(/[[\]()]/gu, '').trim();
  if (s === '') return false;
  // Case-sensitive: names are capitalised, and "Agriculture:" must not match "agriculture" in a summary.
  if (context.includes(s)) return true;
  const words = s.split(/\s+/u).filter((w) => w.length > 1 && LETTER_RE.test(w));
  const last = words[words.length - 1];
  return last !== undefined && last.length >= 2 && context.includes(last);
}

/** Where one part (original or translation) lies: lines [from, to). */
export interface PartRange {
  part: TextPart;
  from: number;
  /** Exclusive. */
  to: number;
}

/**
 * Read the body lying in lines [from, to): fills doc.original / doc.translation, headings, header, turns,
 * furniture and paragraphs, and adds warnings. Returns the parts found.
 */
export function readBody(ctx: BodyContext, from: number, to: number, opts: BodyOptions = {}): PartRange[] {
  const { lines, lex, doc } = ctx;
  const furn = new Map<number, FurnitureKind>();
  const repeated = runningHeaders(lines, from, to, lex);
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line) continue;
    const s = line.text.trim();
    const kind = lineFurniture(s, lex) ?? (repeated.has(s) ? 'runningHeader' : undefined);
    if (kind) furn.set(i, kind);
  }

  const parts = findParts(ctx, from, to, furn, opts);
  // Furniture is reported wherever it lies in the range, inside a part or around it ("[...]" between parts).
  for (const [i, kind] of furn) {
    const line = lines[i] as Line;
    const sp = trimmedSpan(ctx.text, line.start, line.end);
    if (sp) doc.furniture.push({ kind, span: sp });
  }
  doc.furniture.sort((a: Furniture, b: Furniture) => a.span.start - b.span.start);

  const context = [opts.context ?? '', ...headerValuesIn(ctx, from, to), ...parts.flatMap((p) => firstLines(ctx, p, furn, 15))].join('\n');
  for (const p of parts) readPart(ctx, p, furn, context);
  return parts;
}

/** The first unlabelled heading-like lines of a part (titles name the participants of a conversation). */
function firstLines(ctx: BodyContext, p: PartRange, furn: Map<number, FurnitureKind>, n: number): string[] {
  const out: string[] = [];
  for (let i = p.from; i < p.to && out.length < n; i++) {
    const line = ctx.lines[i];
    if (!line || isBlank(line) || furn.has(i)) continue;
    if (labelled(line) || !isHeadingLikeText(line.text, ctx.lex)) break;
    out.push(line.text);
  }
  return out;
}

function headerValuesIn(ctx: BodyContext, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const line = ctx.lines[i];
    const l = line ? labelled(line) : undefined;
    if (line && l && ctx.lex.headerLabels.has(normLabel(l.label))) out.push(ctx.text.slice(l.restStart, line.end));
  }
  return out;
}

interface Block {
  from: number;
  /** Exclusive. */
  to: number;
  cls: LangClass;
  letters: number;
  /** A separator line lies between this block and the previous one. */
  afterSeparator: boolean;
}

/** Split the body into the original and the translation by the language of its blocks. */
function findParts(
  ctx: BodyContext,
  from: number,
  to: number,
  furn: Map<number, FurnitureKind>,
  opts: BodyOptions,
): PartRange[] {
  const { lines, lex } = ctx;
  const blocks: Block[] = [];
  let sep = false;
  let cur: { from: number; to: number } | undefined;
  const latin = opts.latinIsEnglish ?? false;
  // Count each line once; a block's counts are the sum of its lines'.
  const stats = new Map<number, LangStats>();
  const lineStats = (i: number): LangStats => {
    let st = stats.get(i);
    if (!st) {
      st = furn.has(i) ? { latin: 0, other: 0, words: 0, stop: 0, foreign: 0 } : langStats((lines[i] as Line).text, lex);
      stats.set(i, st);
    }
    return st;
  };
  const unit = (a: number, b: number, afterSeparator: boolean): Block => {
    const sum: LangStats = { latin: 0, other: 0, words: 0, stop: 0, foreign: 0 };
    for (let i = a; i < b; i++) {
      const st = lineStats(i);
      sum.latin += st.latin;
      sum.other += st.other;
      sum.words += st.words;
      sum.stop += st.stop;
      sum.foreign += st.foreign;
    }
    return { from: a, to: b, cls: classify(sum, lex, latin), letters: sum.latin + sum.other, afterSeparator };
  };
  const close = (): void => {
    if (!cur) return;
    // A block whose lines are in different languages (a layout without blank lines) is split into lines.
    const perLine: Block[] = [];
    for (let i = cur.from; i < cur.to; i++) perLine.push(unit(i, i + 1, i === cur.from && sep));
    const classes = new Set(perLine.map((b) => b.cls));
    if (classes.has('en') && classes.has('other')) blocks.push(...perLine);
    else blocks.push(unit(cur.from, cur.to, sep));
    sep = false;
    cur = undefined;
  };
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line) continue;
    if (isBlank(line)) {
      close();
      continue;
    }
    if (furn.get(i) === 'separator') {
      close();
      sep = true;
      continue;
    }
    if (cur) cur.to = i + 1;
    else cur = { from: i, to: i + 1 };
  }
  close();
  const content = blocks.filter((b) => b.letters > 0 || !isAllFurniture(b, furn));
  if (content.length === 0) return [];
  const first = content[0] as Block;
  const last = content[content.length - 1] as Block;
  const whole = (part: TextPart): PartRange[] => [trimFurniture({ part, from: first.from, to: last.to }, furn)];
  if (opts.part) return whole(opts.part);
  if (opts.originalIsEnglish) return whole('original');

  const en = content.filter((b) => b.cls === 'en').reduce((n, b) => n + b.letters, 0);
  const other = content.filter((b) => b.cls === 'other').reduce((n, b) => n + b.letters, 0);
  // Nothing but numbers, marks and scraps: no text to read (the caller reports it).
  if (en === 0 && other === 0) return [];
  if (other === 0) return whole('translation');
  if (en === 0) return whole('original');

  // Choose one boundary k (blocks before k in one part, from k on in the other) and an order, minimising the
  // letters of blocks that land in the part of the other language. Ties: prefer a boundary at a separator.
  // Prefix sums of the letters that would be misplaced, so each boundary costs O(1) (records can be long).
  const n = content.length;
  const wrongIf = (b: Block, want: LangClass): number => (b.cls !== 'neutral' && b.cls !== want ? b.letters : 0);
  const prefEn = [0];
  const prefOther = [0];
  content.forEach((b, i) => {
    prefEn.push((prefEn[i] as number) + wrongIf(b, 'en'));
    prefOther.push((prefOther[i] as number) + wrongIf(b, 'other'));
  });
  let best = { cost: Infinity, k: 0, enFirst: false, atSep: false };
  let bestAdj = Infinity;
  for (const enFirst of [false, true]) {
    const head = enFirst ? prefEn : prefOther;
    const tail = enFirst ? prefOther : prefEn;
    for (let k = 1; k < n; k++) {
      const cost = (head[k] as number) + (tail[n] as number) - (tail[k] as number);
      const atSep = (content[k] as Block).afterSeparator;
      // Original first is the archive's usual order: a small bias toward it; a separator is a likely boundary.
      const adj = cost + (enFirst ? 0.5 : 0) - (atSep ? 0.25 : 0);
      if (adj < bestAdj) {
        best = { cost, k, enFirst, atSep };
        bestAdj = adj;
      }
    }
  }
  // Where neutral blocks lie between the two languages and no separator decides, the boundary goes right
  // before the first block of the second part's language.
  if (!best.atSep) {
    const want: LangClass = best.enFirst ? 'other' : 'en';
    let k = best.k;
    while (k < content.length && (content[k] as Block).cls === 'neutral') k++;
    if (k < content.length && (content[k] as Block).cls === want) best.k = k;
  }
  const a = content.slice(0, best.k);
  const b = content.slice(best.k);
  const firstPart: TextPart = best.enFirst ? 'translation' : 'original';
  const secondPart: TextPart = best.enFirst ? 'original' : 'translation';
  const out: PartRange[] = [];
  if (a.length) out.push({ part: firstPart, from: (a[0] as Block).from, to: (a[a.length - 1] as Block).to });
  if (b.length) out.push({ part: secondPart, from: (b[0] as Block).from, to: (b[b.length - 1] as Block).to });
  return out.map((p) => trimFurniture(p, furn));
}

/** A part does not start or end with page furniture (a page footer on its last line). */
function trimFurniture(p: PartRange, furn: Map<number, FurnitureKind>): PartRange {
  let { from, to } = p;
  while (from < to - 1 && furn.has(from)) from++;
  while (to - 1 > from && furn.has(to - 1)) to--;
  return { part: p.part, from, to };
}

function isAllFurniture(b: Block, furn: Map<number, FurnitureKind>): boolean {
  for (let i = b.from; i < b.to; i++) if (!furn.has(i)) return false;
  return true;
}

type LineRole = 'blank' | 'furniture' | 'header' | 'heading' | 'tag' | 'content';

/** Read one part: headings, header block, turns, paragraphs. */
function readPart(ctx: BodyContext, p: PartRange, furn: Map<number, FurnitureKind>, context: string): void {
  const { lines, lex, doc, text } = ctx;
  // The part's region: from its first to its last non-blank, non-separator line.
  const startLine = lines[p.from] as Line;
  const endLine = lines[p.to - 1] as Line;
  const region = trimmedSpan(text, startLine.start, endLine.end);
  if (!region) return;
  if (p.part === 'original') doc.original = region;
  else doc.translation = region;
  doc.sections.push({ kind: p.part, content: region });

  const hasBlankLines = lines.slice(p.from, p.to).some(isBlank);
  const roles: LineRole[] = [];
  const tagAt = new Map<number, Labelled>();

  // Pass 1: speaker candidates and which of them to accept.
  const candidates: Array<{ i: number; l: Labelled }> = [];
  for (let i = p.from; i < p.to; i++) {
    const line = lines[i] as Line;
    if (isBlank(line) || furn.has(i)) continue;
    const l = labelled(line);
    if (l && speakerShape(l.label, lex)) candidates.push({ i, l });
  }
  const byTag = new Map<string, number>();
  for (const c of candidates) byTag.set(c.l.label, (byTag.get(c.l.label) ?? 0) + 1);
  const conversation = candidates.length >= 3 && byTag.size >= 2 && [...byTag.values()].some((n) => n >= 2);
  for (const c of candidates) {
    const ok = conversation || (candidates.length >= 2 && inContext(c.l.label, context));
    if (ok) tagAt.set(c.i, c.l);
  }

  // Pass 2: the role of every line.
  let seenText = false; // a turn or running paragraph has started
  let seenHeader = false;
  let seenContent = false; // headings come before any other line
  const pre: number[] = []; // content lines before any header/turn/running text: heading candidates
  const headerFields: HeaderField[] = [];
  for (let i = p.from; i < p.to; i++) {
    const line = lines[i] as Line;
    if (isBlank(line)) {
      roles[i - p.from] = 'blank';
      continue;
    }
    if (furn.has(i)) {
      roles[i - p.from] = 'furniture';
      continue;
    }
    const l = labelled(line);
    const key = l ? lex.headerLabels.get(normLabel(l.label)) : undefined;
    if (l && key && (!seenText || lex.headerKeysAfterText.has(key))) {
      // The value runs to the end of its block; a label alone on its line takes the next block (a list).
      const lastValueLine = headerValueEnd(ctx, p, i, furn, hasBlankLines, tagAt);
      const value = trimmedSpan(text, l.restStart, (lines[lastValueLine] as Line).end);
      roles[i - p.from] = 'header';
      for (let k = i + 1; k <= lastValueLine; k++) roles[k - p.from] = isBlank(lines[k] as Line) ? 'blank' : 'header';
      if (value) headerFields.push({ key, label: span(text, l.labelStart, l.labelEnd), value, part: p.part });
      seenHeader = true;
      i = lastValueLine;
      continue;
    }
    if (tagAt.has(i)) {
      roles[i - p.from] = 'tag';
      seenText = true;
      continue;
    }
    if (!seenText && !seenHeader && !seenContent && isHeadingLikeText(line.text, lex)) {
      roles[i - p.from] = 'heading';
      pre.push(i);
      continue;
    }
    roles[i - p.from] = 'content';
    seenContent = true;
    // A short line (a dateline, "Dear Comrade,") does not yet close the header zone; running text does.
    if (isRunningText(line.text)) seenText = true;
  }

  // Headings: the last few heading-like blocks right before a header block or the first turn; when running
  // text follows instead, the first few. Other leading lines are ordinary paragraphs (scan marks, notes).
  const headingBlocks = groupBlocks(pre);
  // Right above a header block or a turn, or above running text? Look at what follows the heading lines.
  let beforeStructure = false;
  for (let i = p.from; i < p.to; i++) {
    const r = roles[i - p.from];
    if (r === 'header' || r === 'tag') {
      beforeStructure = true;
      break;
    }
    if (r === 'content') break;
  }
  const titled = headingBlocks.filter((b) => {
    const t = blockText(ctx, b);
    // Datelines, classification marks and bracketed editorial notes sit above texts but are not headings.
    return hasLetters(ctx, b) && !datelineLike(t, lex) && !lex.notHeading.some((r) => r.test(t)) && !lex.stageDirection.test(t);
  });
  const keep = beforeStructure ? titled.slice(-lex.headingMaxLines) : titled.slice(0, lex.headingMaxLinesTop);
  const kept = new Set(keep.flat());
  for (const i of pre) if (!kept.has(i)) roles[i - p.from] = 'content';
  for (const b of keep) {
    const sp = trimmedSpan(text, (lines[b[0] as number] as Line).start, (lines[b[b.length - 1] as number] as Line).end);
    if (sp) doc.headings.push({ part: p.part, span: sp });
  }
  doc.header.push(...headerFields);

  const paragraphs = paragraphsOf(ctx, p, roles, tagAt, hasBlankLines);
  for (const sp of paragraphs) doc.paragraphs.push({ part: p.part, span: sp });
  doc.turns.push(...turnsOf(ctx, p, roles, tagAt, paragraphs));
  const cut = cutOff(ctx, p, paragraphs);
  if (cut) doc.warnings.push(cut);
}

/**
 * Paragraphs of a part: runs of content lines (a speaker tag starts one, after the tag), broken by blank,
 * furniture, header and heading lines.
 */
function paragraphsOf(
  ctx: BodyContext,
  p: PartRange,
  roles: LineRole[],
  tagAt: Map<number, Labelled>,
  hasBlankLines: boolean,
): Span[] {
  const { lines, text } = ctx;
  const paragraphs: Span[] = [];
  let para: { start: number; end: number } | undefined;
  const flush = (): void => {
    if (para) {
      const sp = trimmedSpan(text, para.start, para.end);
      if (sp) paragraphs.push(sp);
    }
    para = undefined;
  };
  for (let i = p.from; i < p.to; i++) {
    const line = lines[i] as Line;
    const role = roles[i - p.from];
    if (role === 'tag') {
      flush();
      const l = tagAt.get(i) as Labelled;
      para = { start: l.restStart, end: line.end };
    } else if (role === 'content') {
      // Without blank lines between paragraphs, a line continues the paragraph unless the previous one
      // ended a sentence and this one starts like a new sentence.
      const prev = para ? text.slice(para.start, para.end).trimEnd() : '';
      const continues = hasBlankLines || !/[.!?。！？:：”"]$/u.test(prev) || /^\s*\p{Ll}/u.test(line.text);
      if (para && continues) para.end = line.end;
      else {
        flush();
        para = { start: line.start, end: line.end };
      }
    } else {
      flush();
    }
  }
  flush();
  return paragraphs;
}

/**
 * Turns of a part: from a tag to the next tag, header line or editorial footnote (or the part's end), over
 * the paragraphs between, without trailing paragraphs that are not speech.
 */
function turnsOf(ctx: BodyContext, p: PartRange, roles: LineRole[], tagAt: Map<number, Labelled>, paragraphs: Span[]): Turn[] {
  const { lines, lex, text } = ctx;
  // Stage directions, stamp-like scraps (registration numbers on a page foot) and short lines that are not
  // sentences (an office's name, a signature) at the end of a turn are not speech.
  const notSpeech = (t: string): boolean =>
    lex.stageDirection.test(t) || stampLike(t) || (t.length <= 60 && isHeadingLikeText(t, lex) && !/\n/u.test(t));
  const footnote = (k: number): boolean => lex.footnote.some((re) => re.test((lines[k] as Line).text.trim()));
  const starts = [...tagAt.keys()].sort((a, b) => a - b);
  return starts.map((i, n) => {
    const l = tagAt.get(i) as Labelled;
    let stop = p.to;
    for (let k = i + 1; k < p.to; k++) {
      const r = roles[k - p.from];
      if (r === 'tag' || r === 'header' || (r === 'content' && footnote(k))) {
        stop = k;
        break;
      }
    }
    const inTurn = paragraphs.filter((sp) => sp.start >= l.restStart && sp.end <= (lines[stop - 1] as Line).end);
    while (inTurn.length > 1 && notSpeech((inTurn[inTurn.length - 1] as Span).text)) inTurn.pop();
    const first = inTurn[0];
    const last = inTurn[inTurn.length - 1];
    const body = first && last ? span(text, first.start, last.end) : span(text, l.restStart, l.restStart);
    return { index: n, part: p.part, speaker: span(text, l.labelStart, l.labelEnd), body };
  });
}

/** A warning when the record's last part stops in the middle of a sentence (the export was cut off). */
function cutOff(ctx: BodyContext, p: PartRange, paragraphs: Span[]): ReaderWarning | undefined {
  const last = paragraphs[paragraphs.length - 1];
  if (!last || p.to < lastContentLine(ctx) || !/[\p{L}\p{N},]$/u.test(last.text)) return undefined;
  const long = CJK.test(last.text) ? last.text.length >= 30 : last.text.length >= 60 && last.text.split(/\s+/u).length >= 8;
  if (!long) return undefined;
  return {
    line: (ctx.lines[p.to - 1] as Line).index + 1,
    message: `the ${p.part === 'original' ? 'original-language text' : 'translation'} ends mid-sentence ("…${last.text.slice(-30)}"): the record looks cut off`,
  };
}

function lastContentLine(ctx: BodyContext): number {
  for (let i = ctx.lines.length - 1; i >= 0; i--) {
    const line = ctx.lines[i] as Line;
    if (!isBlank(line) && !ctx.lex.separators.has(line.text.trim())) return i + 1;
  }
  return 0;
}

/** A line of running prose: long, or a sentence of several words. */
function isRunningText(t: string): boolean {
  const s = t.trim();
  return s.length > 80 || (/[.!?。！？]$/u.test(s) && s.split(/\s+/u).length >= 8) || (CJK.test(s) && s.length > 30);
}

/** A short scrap made mostly of digits and punctuation: a stamp or registration number, not speech. */
function stampLike(s: string): boolean {
  const chars = s.replace(/\s/gu, '');
  if (chars.length === 0 || chars.length > 40) return false;
  const digitsPunct = (chars.match(/[\p{N}\p{P}]/gu) ?? []).length;
  return digitsPunct / chars.length >= 0.4;
}

function blockText(ctx: BodyContext, block: number[]): string {
  return block.map((i) => (ctx.lines[i] as Line).text).join(' ').trim();
}

/** A dateline ("Beijing, November 30, 1957", "1.9.1961") is not a heading. */
function datelineLike(s: string, lex: LayoutLexicon): boolean {
  if (lex.dateLine.some((r) => r.test(s))) return true;
  return s.length <= 40 && s.split(/\s+/u).length <= 5 && /(?:^|\D)(?:1[89]|20)\d\d(?:\D|$)/u.test(s);
}

function hasLetters(ctx: BodyContext, block: number[]): boolean {
  return block.some((i) => LETTER.test((ctx.lines[i] as Line).text));
}

/** Group line indexes into runs of consecutive lines. */
function groupBlocks(idx: number[]): number[][] {
  const out: number[][] = [];
  for (const i of idx) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1] === i - 1) last.push(i);
    else out.push([i]);
  }
  return out;
}

/** A heading is short and does not end like a sentence. */
export function isHeadingLikeText(t: string, lex: LayoutLexicon): boolean {
  const s = t.trim();
  return s.length > 0 && s.length <= lex.headingMaxLength && !/[.!?。！？;；,，:：]$/u.test(s);
}

/**
 * Last line index of a header field's value starting at line i: the label line itself, plus the following
 * lines of the same block (when the part uses blank lines between paragraphs), or the next block when the
 * label stands alone.
 */
function headerValueEnd(
  ctx: BodyContext,
  p: PartRange,
  i: number,
  furn: Map<number, FurnitureKind>,
  hasBlankLines: boolean,
  tagAt: Map<number, Labelled>,
): number {
  const { lines, lex } = ctx;
  const line = lines[i] as Line;
  const l = labelled(line) as Labelled;
  const rest = ctx.text.slice(l.restStart, line.end).trim();
  let k = i;
  if (rest === '') {
    // Label alone: the value is the next block.
    let j = i + 1;
    while (j < p.to && isBlank(lines[j] as Line)) j++;
    if (j >= p.to || furn.has(j) || tagAt.has(j) || isLabelLine(lines[j] as Line, lex)) return i;
    k = j;
  }
  if (!hasBlankLines) return k;
  while (k + 1 < p.to) {
    const next = lines[k + 1] as Line;
    if (isBlank(next) || furn.has(k + 1) || tagAt.has(k + 1) || isLabelLine(next, lex)) break;
    k++;
  }
  return k;
}

function isLabelLine(line: Line, lex: LayoutLexicon): boolean {
  const l = labelled(line);
  return !!l && lex.headerLabels.has(normLabel(l.label));
}
