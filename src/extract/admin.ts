/**
 * Administrative data of a record: classification marks (絕密 / Совершенно секретно / Streng geheim), document
 * numbers (文27, 文总 27), registration stamps (領二字第314號 with the stamp's date), handwritten instructions
 * (請…商辦), referenced documents (外交部文件25號 / "File 25"), the issuing office above the "printed" date,
 * copies printed and archive copies, the sum of the itemised copies, other stamp numbers and the scan's page
 * statement (P.1-7). The shapes of these marks are in data/lexicon/classification.json.
 */
import { toSimplified } from './chinese.js';
import { escapeRegExp, extractDates, isDateLine, lineAround, loadLexicon, rx, spanOf } from './dates.js';
import { distributionItems, distributionTotals } from './distribution.js';
import { archiveSchemes, extractIdentifiers, scanPages } from './identifiers.js';
import { resolveInstitutionName } from './institutions.js';
import { simplifiedForm, simplifiedText } from './places.js';
import { splitLines, trimmedSpan } from './reader/text.js';
import type { AdminItem, RecordDoc, Span } from './types.js';

interface PatternDef {
  pattern: string;
  label?: string;
  numberGroup?: number;
  prefixGroup?: number;
  seriesGroup?: number;
}

interface ClassificationLexicon {
  classifications: Record<string, string>;
  documentNumbers: PatternDef[];
  registrationNumbers: PatternDef[];
  referencedDocuments: PatternDef[];
  documentSeries: string[];
  leadingWords: string[];
  copyNumbers: PatternDef[];
  instructions: { start: string[]; end: string[]; maxLength: number };
  adminDateRoles: Record<string, string>;
}

type Line = Span;

/** Non-blank lines of doc.text[from, to), trimmed, with their offsets. */
function linesOf(doc: RecordDoc, from: number, to: number): Line[] {
  return splitLines(doc.text.slice(from, to))
    .map((l) => trimmedSpan(doc.text, from + l.start, from + l.end))
    .filter((l): l is Span => l !== undefined);
}

const HAN = /\p{Script=Han}/u;

interface ClassificationForm {
  f: string;
  label: string;
  /** Simplified form of a Chinese or Korean mark, matched at the start of the simplified line. */
  cjk?: string;
  /** The mark holds a Han character: `cjk` is set at the first line holding one. */
  hanForm?: boolean;
  /** An alphabetic mark at the start of the line (after an opening bracket or quote), case-insensitive: `source`
   * compiled into `re` on first use (most marks never pass the prefilter in a process; each costs ~0.3 ms to parse). */
  source?: string;
  re?: RegExp;
  /** The mark lower-cased when plain ASCII: `re` can only match a line whose lower-cased text starts with it at 0 or 1. */
  low?: string;
}

const classificationForms = new WeakMap<ClassificationLexicon, ClassificationForm[]>();

/** The lexicon's marks, longest first, compiled once per lexicon (classificationAt runs on every line). */
function formsOf(lexi: ClassificationLexicon): ClassificationForm[] {
  let out = classificationForms.get(lexi);
  if (!out) {
    out = Object.keys(lexi.classifications)
      .sort((a, b) => b.length - a.length)
      .map((f) => {
        const label = lexi.classifications[f]!;
        // the simplified form is made at the first line that may start with it (hanForm: not before a line with Han)
        if (HAN.test(f)) return { f, label, hanForm: true };
        if (/[\uac00-\ud7af]/u.test(f)) return { f, label, cjk: simplifiedForm(f) };
        const low = f.toLowerCase();
        return {
          f,
          label,
          source: `^[\\[(«"]?(${escapeRegExp(f)})(?![\\p{L}])(.*)$`,
          ...(/^[\x20-\x7e]+$/.test(low) ? { low } : {}),
        };
      });
    classificationForms.set(lexi, out);
  }
  return out;
}

const HAN_START = /^[\p{Script=Han}]/u;
const HAN_RANGE = /\p{Script=Han}-|-\p{Script=Han}/u;

/**
 * How a lexicon form or pattern is matched against a text: simplified when the text holds a Han character, else as
 * written. Both match a text without Han characters alike (simplifying only swaps Han characters for Han
 * characters, and a Han character of a pattern matches only a Han character), and the latter needs no OpenCC.
 * A pattern with a Han character next to a hyphen (maybe a class range, whose order could change) is always simplified.
 */
/** A lexicon form equals a simplified text: a form with Han characters never equals one without (no OpenCC then). */
function sameLexiconForm(form: string, simp: string): boolean {
  return (HAN.test(simp) || !HAN.test(form)) && simplifiedForm(form) === simp;
}

function lexiconFormFor(textHasHan: boolean): (s: string) => string {
  return (s) => (textHasHan || (HAN.test(s) && HAN_RANGE.test(s)) ? simplifiedForm(s) : s);
}

function classificationAt(simp: string, line: { text: string }, lexi: ClassificationLexicon): { length: number; label: string } | undefined {
  // The prefilter of ASCII marks: /iu folds only long s and the Kelvin sign to ASCII letters besides the two cases,
  // and toLowerCase does not: with those in the line every pattern is run.
  const lowLine = /[\u017f\u212a]/u.test(line.text) ? undefined : line.text.toLowerCase();
  let simpHasHan: boolean | undefined;
  for (const form of formsOf(lexi)) {
    if (form.hanForm) {
      // a mark with a Han character cannot start a line without one: no need to simplify it (loading OpenCC)
      if (!(simpHasHan ??= HAN.test(simp))) continue;
      form.cjk ??= simplifiedForm(form.f);
    }
    const { f, label, cjk, low } = form;
    if (cjk !== undefined) {
      if (simp.startsWith(cjk) && line.text.length <= 30 && !HAN_START.test(simp.slice(f.length, f.length + 1) || ' ')) return { length: f.length, label };
      continue;
    }
    if (low !== undefined && lowLine !== undefined && !lowLine.startsWith(low) && !lowLine.startsWith(low, 1)) continue;
    const m = (form.re ??= new RegExp(form.source!, 'iu')).exec(line.text);
    if (!m) continue;
    const written = m[1]!;
    const rest = m[2]!.trim();
    const caps = written === written.toUpperCase() && /\p{Lu}/u.test(written);
    if (rest === '' || /^[\])»".:!,;]*$/u.test(rest) || (caps && !/^\p{Ll}/u.test(rest) && rest.length <= 30)) {
      return { length: m[0].indexOf(written) + written.length, label };
    }
  }
  return undefined;
}

/**
 * Administrative items of the record, in text order. Dates tied to an item (a stamp's date, the printed date of
 * the issuing office) are attached as `date`.
 */
export function extractAdmin(doc: RecordDoc): AdminItem[] {
  const lexi = loadLexicon<ClassificationLexicon>('classification.json');
  const items: AdminItem[] = [];
  const text = doc.text;
  const region = doc.original ?? doc.translation ?? { start: 0, end: text.length };
  const dates = extractDates(doc);
  const lines = linesOf(doc, region.start, region.end);
  const firstTurn = doc.turns.filter((t) => t.part === 'original' || region === doc.translation).map((t) => t.speaker.start).sort((a, b) => a - b)[0];
  const firstHeader = doc.header.filter((h) => h.value.start >= region.start && h.value.end <= region.end).map((h) => h.label.start).sort((a, b) => a - b)[0];
  const preamble = Math.min(firstTurn ?? region.end, firstHeader ?? region.end);
  const taken: Array<{ start: number; end: number }> = [];
  const push = (it: AdminItem) => {
    items.push(it);
    taken.push({ start: it.span.start, end: it.span.end });
  };
  const free = (s: number, e: number) => !taken.some((t) => s < t.end && t.start < e);
  // archival references and the citation are not administrative marks ("…, File 12/1970, f. 8")
  const reserved = [...extractIdentifiers(doc).map((i) => i.span), ...(doc.citation ? [doc.citation] : [])];
  const outsideReserved = (s: number, e: number) => !reserved.some((t) => s < t.end && t.start < e);

  // classification marks (on short lines of both parts)
  const allLines = doc.translation && doc.original ? [...lines, ...linesOf(doc, doc.translation.start, doc.translation.end)] : lines;
  for (const line of allLines) {
    const c = classificationAt(simplifiedText(doc).slice(line.start, line.end), line, lexi);
    if (c) push({ kind: 'classification', span: spanOf(doc, line.start, line.start + c.length), value: c.label, label: c.label });
  }

  // registration stamps (亚二字第314号) in the record's own part; referenced documents (外交部文件25号,
  // "Ministry of Foreign Affairs File 25") anywhere. Matched on the simplified text: offsets are the same.
  const simp = simplifiedText(doc);
  const asMatched = lexiconFormFor(HAN.test(simp));
  const series = lexi.documentSeries.map((x) => escapeRegExp(asMatched(x))).join('|');
  const scan = (defs: PatternDef[], kind: AdminItem['kind'], from: number, to: number) => {
    for (const d of defs) {
      const re = rx(asMatched(d.pattern).replace('{series}', series), 'gmu');
      re.lastIndex = from;
      for (let m = re.exec(simp); m && m.index < to; m = re.exec(simp)) {
        const num = m[d.numberGroup ?? 1] ?? '';
        const extra = (d.prefixGroup !== undefined ? m[d.prefixGroup] : d.seriesGroup !== undefined ? m[d.seriesGroup] : undefined) ?? '';
        // the name part as written, without leading words ("See Ministry of Foreign Affairs File 25")
        let name = extra.trim();
        for (let w = lexi.leadingWords.find((x) => name.startsWith(`${x} `)); w; w = lexi.leadingWords.find((x) => name.startsWith(`${x} `))) name = name.slice(w.length + 1).trimStart();
        const s = name !== '' && d.seriesGroup !== undefined ? m.index + m[0].indexOf(name) : m.index + (m[0].length - m[0].trimStart().length);
        const e = m.index + m[0].length;
        if (e <= s || !free(s, e) || !outsideReserved(s, e)) continue;
        const it: AdminItem = { kind, span: spanOf(doc, s, e), value: num };
        const written = name === '' ? '' : text.slice(m.index + m[0].indexOf(name), m.index + m[0].indexOf(name) + name.length);
        if (d.label) it.label = written ? `${d.label} (${written})` : d.label;
        else it.label = text.slice(s, e);
        push(it);
      }
    }
  };
  scan(lexi.registrationNumbers, 'registrationNumber', region.start, region.end);
  scan(lexi.referencedDocuments, 'referencedDocument', 0, text.length);
  // document numbers only on the record's own furniture lines (classification line, the closing lines)
  for (const d of lexi.documentNumbers) {
    const re = rx(asMatched(d.pattern), 'u');
    for (const line of lines) {
      if (line.start >= preamble && !isClosingLine(doc, line)) continue;
      if (line.text.length > 30) continue;
      const ls = simplifiedText(doc).slice(line.start, line.end);
      const m = re.exec(ls);
      if (!m) continue;
      const s = line.start + m.index;
      const e = s + m[0].length;
      if (!free(s, e)) continue;
      push({ kind: 'documentNumber', span: spanOf(doc, s, e), value: m[1] ?? '', ...(d.label ? { label: d.label } : {}) });
    }
  }
  // a registration stamp's date: the stamp date written right after it
  for (const it of items) {
    if (it.kind !== 'registrationNumber') continue;
    const d = dates.find((x) => x.role === 'stamp' && x.span.start >= it.span.end && x.span.start - it.span.end < 40);
    if (d) it.date = d;
  }

  // copy numbers ("Copy No. 2", "Экз. №1") on short lines of the original's preamble
  for (const d of lexi.copyNumbers) {
    const re = rx(d.pattern, 'u');
    for (const line of lines) {
      if (line.start >= preamble) break;
      const m = line.text.length <= 40 ? re.exec(line.text) : null;
      if (!m || !free(line.start + m.index, line.start + m.index + m[0].length)) continue;
      push({ kind: 'other', span: spanOf(doc, line.start + m.index, line.start + m.index + m[0].length), value: m[1] ?? '', label: d.label ?? 'Copy number' });
    }
  }

  // handwritten instruction and document series in the preamble (before the header / first turn)
  const ins = lexi.instructions;
  for (const line of lines) {
    if (line.start >= preamble) break;
    const ls = simplifiedText(doc).slice(line.start, line.end).replace(/[。.]$/u, '');
    if (!free(line.start, line.end)) continue;
    if (ls.length <= ins.maxLength && ins.start.some((w) => ls.startsWith(w)) && ins.end.some((w) => ls.endsWith(w))) {
      push({ kind: 'instruction', span: spanOf(doc, line.start, line.end), value: line.text });
      continue;
    }
    if (lexi.documentSeries.some((w) => sameLexiconForm(w, ls))) {
      push({ kind: 'other', span: spanOf(doc, line.start, line.end), value: line.text, label: 'Document series' });
    }
  }

  // scan page statement (P.1-7) beside the file number
  for (const s of archiveSchemes()) {
    if (!s.fileNumberPattern) continue;
    const re = rx(`^[ \\t]*(${s.fileNumberPattern})[ \\t]*$`, 'mu');
    const m = re.exec(text.slice(region.start, region.end));
    if (!m) continue;
    const p = scanPages(text, region.start + m.index + m[0].indexOf(m[1]!));
    if (p && free(p.start, p.end)) push({ kind: 'pages', span: spanOf(doc, p.start, p.end), value: p.pages, label: 'Pages as stated on the scan' });
  }

  // other stamp numbers: long bare numbers on their own line that are neither file numbers nor page numbers
  const fileRes = archiveSchemes()
    .filter((s) => s.fileNumberPattern)
    .map((s) => rx(`^${s.fileNumberPattern}$`, 'u'));
  for (const line of lines) {
    if (!/^\d{6,}$/u.test(line.text) || fileRes.some((r) => r.test(line.text)) || !free(line.start, line.end)) continue;
    push({ kind: 'stampNumber', span: spanOf(doc, line.start, line.end), value: line.text });
  }

  // the archive's own stamp on the scan (外交部开放档案: declassified for the open archive), as the reader found it
  for (const f of doc.furniture) {
    if (f.kind === 'archiveStamp' && free(f.span.start, f.span.end)) push({ kind: 'other', span: f.span, value: f.span.text.trim(), label: 'Archive stamp' });
  }

  // copies printed, archive copies, and the sum of the itemised copies
  for (const it of distributionItems(doc)) {
    if (it.kind === 'total') push({ kind: 'copiesPrinted', span: it.span, value: String(it.copies), label: 'Copies printed' });
    if (it.kind === 'archive') push({ kind: 'archiveCopies', span: it.span, value: String(it.copies), label: 'Archive copies' });
  }
  const totals = distributionTotals(doc);
  const list = distributionItems(doc).filter((i) => i.kind !== 'total');
  // the sum is worth stating when there is a total to check it against or when entries have several copies
  if (list.length > 0 && (totals.stated !== undefined || list.some((i) => i.copies > 1))) {
    const first = list[0]!;
    const last = list[list.length - 1]!;
    const note =
      totals.stated === undefined
        ? 'Sum of the itemised copies (no total stated)'
        : totals.stated === totals.itemised
          ? `Sum of the itemised copies (equals the stated total ${totals.stated})`
          : `Sum of the itemised copies (differs from the stated total ${totals.stated})`;
    items.push({ kind: 'other', span: spanOf(doc, first.span.start, last.span.end), value: String(totals.itemised), label: note });
  }

  // received / sent-to-print / printed dates, and the issuing office written above the printed date
  for (const d of dates) {
    const label = lexi.adminDateRoles[d.role];
    if (!label) continue;
    const around = lineAround(text, d.span.start);
    const line = trimmedSpan(text, around.start, around.end) ?? d.span;
    items.push({ kind: 'other', span: line, value: d.value, label, date: d });
    if (d.role === 'printed') {
      const office = lineBefore(doc, line.start);
      if (office && free(office.start, office.end) && !dates.some((x) => x.span.start >= office.start && x.span.end <= office.end)) {
        const inst = resolveInstitutionName(doc, office.text);
        if (inst) push({ kind: 'issuingOffice', span: spanOf(doc, office.start, office.end), value: inst.key, label: inst.preferredName, date: d });
      }
    }
  }
  return items.sort((a, b) => a.span.start - b.span.start);
}

/**
 * True when every line of a text is an administrative mark: a classification, a copy number, a document series
 * or a date alone ("Совершенно секретно / Экз. №3" above a title is not part of the title).
 */
export function isAdminMark(text: string): boolean {
  const lexi = loadLexicon<ClassificationLexicon>('classification.json');
  const lines = text.split(/\r?\n/u).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return false;
  return lines.every((l) => {
    const simp = toSimplified(l);
    if (classificationAt(simp, { text: l }, lexi)) return true;
    if (lexi.copyNumbers.some((d) => rx(d.pattern, 'u').test(l))) return true;
    if (lexi.documentSeries.some((w) => sameLexiconForm(w, simp))) return true;
    if (/^(?:P|pp?|S|Bl|л)\.?\s*\d+\s*[-–]\s*\d+$/u.test(l)) return true; // page statement (P.1-7)
    if (archiveSchemes().some((sc) => sc.fileNumberPattern && rx(`^${sc.fileNumberPattern}$`, 'u').test(l))) return true;
    return isDateLine(l);
  });
}

/** The previous non-blank line before offset. */
function lineBefore(doc: RecordDoc, offset: number): Line | undefined {
  let pos = offset - 1;
  while (pos >= 0) {
    const l = lineAround(doc.text, pos);
    const t = doc.text.slice(l.start, l.end).trim();
    if (t !== '') {
      const s = l.start + doc.text.slice(l.start, l.end).indexOf(t);
      return { start: s, end: s + t.length, text: t };
    }
    pos = l.start - 1;
  }
  return undefined;
}

/** True for the lines after the last turn of the original (the closing administrative block). */
function isClosingLine(doc: RecordDoc, line: Line): boolean {
  const turns = doc.turns.filter((t) => t.part === 'original');
  const lastTurn = turns[turns.length - 1];
  if (!lastTurn) return false;
  return line.start >= lastTurn.body.end;
}
