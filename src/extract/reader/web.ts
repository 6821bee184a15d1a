/**
 * The two web layouts (a saved page reduced to text) and the PDF export:
 *
 * - web-current: title, date, summary and body first, then a "Document Information" block of label lines,
 *   each label on its own line with its value on the next line(s), some labels with nothing under them;
 * - web-legacy: a "Citation / get citation" box holding the summary and a quoted citation, then
 *   "English HTML" and the text (the title may exist only inside the citation's quotes);
 * - pdf-export: the metadata fields run together on one line, page numbers glued to line starts.
 */
import type { LabelledField, SectionKind, Span } from '../types.js';
import type { BodyContext } from './body.js';
import { isHeadingLikeText, readBody } from './body.js';
import { normLabel } from './lexicon.js';
import type { MetaContext } from './plain.js';
import { fillSection } from './plain.js';
import type { Line } from './text.js';
import { isBlank, span, trimmedSpan } from './text.js';

const URL_IN_TEXT = /https?:\/\/[^\s<>"”]+[^\s<>"”.,;)]/u;

function nextNonBlank(lines: Line[], i: number, to = lines.length): number {
  let j = i;
  while (j < to && isBlank(lines[j] as Line)) j++;
  return j;
}

function blockEnd(lines: Line[], i: number, to = lines.length): number {
  let j = i;
  while (j < to && !isBlank(lines[j] as Line)) j++;
  return j;
}

/** A line normalised for comparison with short labels ("" for long lines, which are never labels). */
function norm(line: Line | undefined): string {
  return line && line.text.length <= 80 ? normLabel(line.text) : '';
}

/** Index of the first line (from i) whose normalised text is in the set, or -1. */
function findLine(lines: Line[], set: Set<string>, from = 0, to = lines.length): number {
  for (let i = from; i < to; i++) if (set.has(norm(lines[i]))) return i;
  return -1;
}

/** Detect the web-current layout: a "Document Information" line. */
export function looksWebCurrent(ctx: MetaContext): boolean {
  return findLine(ctx.lines, ctx.lex.webCurrentBlockLabels) >= 0;
}

/** Detect the web-legacy layout: a "get citation" or "English HTML" line. */
export function looksWebLegacy(ctx: MetaContext): boolean {
  const { lines, lex } = ctx;
  return lines.some((l) => lex.legacyDetectLabels.has(norm(l)));
}

/** The label regex of the one-line PDF header: any section label followed by a colon. */
function pdfLabelRegex(ctx: MetaContext): RegExp {
  const labels = [...ctx.lex.sectionLabels.keys()].sort((a, b) => b.length - a.length).map((l) => l.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&').replace(/ /gu, '\\s+'));
  return new RegExp(`(?:^|\\s)(${labels.join('|')})\\s*[:：]`, 'giu');
}

/** Detect the PDF export: two or more section labels with colons on one line. */
export function pdfHeaderLine(ctx: MetaContext): number {
  const re = pdfLabelRegex(ctx);
  for (let i = 0; i < Math.min(ctx.lines.length, 80); i++) {
    const t = (ctx.lines[i] as Line).text;
    const kinds = new Set<string>();
    for (const m of t.matchAll(re)) kinds.add(normLabel(m[1] ?? ''));
    if (kinds.size >= 2) {
      // The header may start a line or two above, with a field that wraps ("Citation: ..." alone).
      let start = i;
      while (start > 0) {
        const prev = ctx.lines[start - 1] as Line;
        if (isBlank(prev) || !new RegExp(re.source, 'iu').test(prev.text)) break;
        start--;
      }
      return start;
    }
  }
  return -1;
}

/** Top of a web or PDF page: an optional title line and date line, in either order. Returns the next line. */
function readTitleAndDate(ctx: MetaContext, from: number, to: number, skip: Set<string>): number {
  const { lines, lex, doc, text } = ctx;
  let i = nextNonBlank(lines, from, to);
  for (let n = 0; n < 3 && i < to; n++) {
    const line = lines[i] as Line;
    const s = line.text.trim();
    if (skip.has(normLabel(s))) {
      i = nextNonBlank(lines, i + 1, to);
      continue;
    }
    if (!doc.date && lex.dateLine.some((r) => r.test(s))) {
      const sp = trimmedSpan(text, line.start, line.end);
      if (sp) {
        doc.date = sp;
        doc.sections.push({ kind: 'date', content: sp });
      }
    } else if (!doc.title && isHeadingLikeText(s, lex) && !lex.sectionLabels.has(normLabel(s)) && /\p{L}/u.test(s)) {
      const end = blockEnd(lines, i, to);
      // A title wraps over the lines of its block unless the next line is the date.
      let last = i;
      while (last + 1 < end && !lex.dateLine.some((r) => r.test((lines[last + 1] as Line).text.trim()))) last++;
      const sp = trimmedSpan(text, line.start, (lines[last] as Line).end);
      if (sp) {
        doc.title = sp;
        doc.sections.push({ kind: 'title', content: sp });
      }
      i = last;
    } else break;
    i = nextNonBlank(lines, i + 1, to);
  }
  return i;
}

/**
 * web-current: [title] [date] [Summary label] summary, body, "Document Information", label lines.
 */
export function readWebCurrent(ctx: MetaContext & BodyContext): void {
  const { lines, lex, doc, text } = ctx;
  const info = findLine(lines, lex.webCurrentBlockLabels);
  const end = info >= 0 ? info : lines.length;
  let i = readTitleAndDate(ctx, 0, end, lex.legacyChromeLines);

  // Summary: under a "Summary" label, or the first block when it reads as a paragraph of prose.
  const summaryLabels = new Set([...lex.sectionLabels].filter(([, k]) => k === 'summary').map(([l]) => l));
  if (i < end && summaryLabels.has(norm(lines[i]))) {
    const labelLine = lines[i] as Line;
    const label = trimmedSpan(text, labelLine.start, labelLine.end);
    const from = nextNonBlank(lines, i + 1, end);
    const to = blockEnd(lines, from, end);
    const content = from < to ? trimmedSpan(text, (lines[from] as Line).start, (lines[to - 1] as Line).end) : undefined;
    if (content) fillSection(ctx, 'summary', label, content, from, to);
    i = nextNonBlank(lines, to, end);
  } else if (i < end) {
    const to = blockEnd(lines, i, end);
    const content = trimmedSpan(text, (lines[i] as Line).start, (lines[to - 1] as Line).end);
    if (content && content.text.length >= 60 && /[.!?]$/u.test(content.text) && !/[:：]/u.test(content.text.split('\n')[0]?.slice(0, 40) ?? '')) {
      fillSection(ctx, 'summary', undefined, content, i, to);
      i = nextNonBlank(lines, to, end);
    }
  }

  const bodyFrom = i;
  if (info >= 0) readDocumentInformation(ctx, info);
  else doc.warnings.push({ line: lines.length, message: 'no "Document Information" block found: the page looks cut off' });
  readBody(ctx, bodyFrom, end, bodyOptions(ctx));
}

/** The label lines under "Document Information": each known label on its own line, its value below. */
function readDocumentInformation(ctx: MetaContext, info: number): void {
  const { lines, lex, doc, text } = ctx;
  const infoLine = lines[info] as Line;
  const blockLabel = trimmedSpan(text, infoLine.start, infoLine.end);
  const fields: Array<{ i: number; label: string }> = [];
  for (let i = info + 1; i < lines.length; i++) {
    const n = norm(lines[i]);
    if (lex.webCurrentFieldLabels.has(n)) fields.push({ i, label: (lines[i] as Line).text.trim() });
  }
  if (fields.length === 0) {
    doc.warnings.push({ line: info + 1, message: `"${infoLine.text.trim()}" has no known label lines under it; add the labels to data/lexicon/layout.json webCurrent.fieldLabels` });
  }
  const firstField = fields[0];
  if (firstField && nextNonBlank(lines, info + 1) < firstField.i) {
    doc.warnings.push({ line: info + 2, message: 'text between "Document Information" and its first known label was skipped' });
  }
  fields.forEach((f, n) => {
    const line = lines[f.i] as Line;
    const labelSpan = trimmedSpan(text, line.start, line.end) as Span;
    const stop = fields[n + 1]?.i ?? lines.length;
    const from = nextNonBlank(lines, f.i + 1, stop);
    const value = from < stop ? trimmedSpan(text, (lines[from] as Line).start, (lines[stop - 1] as Line).end) : undefined;
    const field: LabelledField = value ? { label: f.label, labelSpan, value } : { label: f.label, labelSpan };
    doc.documentInformation.push(field);
    const kind = lex.webCurrentFieldKinds.get(normLabel(f.label));
    if (value && kind) {
      if (kind === 'date') {
        if (!doc.date) {
          doc.date = value;
          doc.sections.push({ kind: 'date', label: labelSpan, content: value });
        }
      } else if (!hasSection(ctx, kind)) {
        fillSection(ctx, kind, labelSpan, value, from, stop);
      }
    }
  });
  const lastLine = lines[lines.length - 1] as Line;
  const whole = blockLabel ? trimmedSpan(text, blockLabel.end, lastLine.end) : undefined;
  if (blockLabel && whole) doc.sections.push({ kind: 'documentInformation', label: blockLabel, content: whole });
  // The URL is often only inside the Source or citation value.
  if (!doc.url) {
    for (const f of doc.documentInformation) {
      const m = f.value ? URL_IN_TEXT.exec(f.value.text) : null;
      if (f.value && m) {
        const off = f.value.start + m.index;
        doc.url = span(text, off, off + m[0].length);
        doc.sections.push({ kind: 'url', content: doc.url });
        break;
      }
    }
  }
}

function hasSection(ctx: MetaContext, kind: SectionKind): boolean {
  return ctx.doc.sections.some((s) => s.kind === kind);
}

/**
 * web-legacy: a citation box ("Citation", "get citation") with the summary and the quoted citation, then
 * "English HTML" and the translation (and "Original HTML" with the original, when present).
 */
export function readWebLegacy(ctx: MetaContext & BodyContext): void {
  const { lines, lex, doc, text } = ctx;
  const english = findLine(lines, lex.legacyTextLabels);
  const box = findLine(lines, lex.legacyCitationBoxLabels, 0, english >= 0 ? english : lines.length);
  const boxEnd = english >= 0 ? english : lines.length;
  readTitleAndDate(ctx, 0, box >= 0 ? box : boxEnd, lex.legacyChromeLines);
  if (box < 0) doc.warnings.push({ line: 1, message: 'no citation box ("Citation" / "get citation") found before the text' });

  // Inside the box: skip the box labels and page chrome; the block that holds a quoted title or the archive's
  // name is the citation; prose before it is the summary.
  let i = box >= 0 ? box : 0;
  const blocks: Array<{ from: number; to: number }> = [];
  while (i < boxEnd) {
    i = nextNonBlank(lines, i, boxEnd);
    if (i >= boxEnd) break;
    const n = norm(lines[i]);
    if (lex.legacyCitationBoxLabels.has(n) || lex.legacyChromeLines.has(n)) {
      i++;
      continue;
    }
    let to = i;
    while (to < boxEnd && !isBlank(lines[to] as Line) && !lex.legacyChromeLines.has(norm(lines[to])) && !lex.legacyCitationBoxLabels.has(norm(lines[to]))) to++;
    blocks.push({ from: i, to });
    i = to;
  }
  const isCitation = (b: { from: number; to: number }): boolean => {
    const t = lines.slice(b.from, b.to).map((l) => l.text).join('\n').trim();
    return /^["“„]/u.test(t) || lex.legacyCitationMarkers.some((m) => t.includes(m));
  };
  const citeBlock = blocks.find(isCitation);
  for (const b of blocks) {
    if (b === citeBlock) continue;
    const sp = trimmedSpan(text, (lines[b.from] as Line).start, (lines[b.to - 1] as Line).end);
    if (!sp) continue;
    if (!doc.summary && (!citeBlock || b.from < citeBlock.from)) fillSection(ctx, 'summary', undefined, sp, b.from, b.to);
    else if (!doc.url && URL_IN_TEXT.test(sp.text) && sp.text.split(/\s+/u).length === 1) {
      const m = URL_IN_TEXT.exec(sp.text) as RegExpExecArray;
      doc.url = span(text, sp.start + m.index, sp.start + m.index + m[0].length);
      doc.sections.push({ kind: 'url', content: doc.url });
    }
  }
  if (citeBlock) {
    const first = lines[citeBlock.from] as Line;
    const last = lines[citeBlock.to - 1] as Line;
    const sp = trimmedSpan(text, first.start, last.end) as Span;
    citationWithInlineUrl(ctx, sp);
  } else {
    doc.warnings.push({ line: (box >= 0 ? box : 0) + 1, message: 'no citation string found in the citation box' });
  }

  if (english < 0) {
    doc.warnings.push({ line: boxEnd, message: 'no "English HTML" label found: no text after the citation box' });
    return;
  }
  const original = findLine(lines, lex.legacyOriginalTextLabels, english + 1);
  const opts = bodyOptions(ctx);
  // Tabs and page chrome ("Original Scan", "Back to top") around the texts are not part of them.
  const inner = (from: number, to: number): [number, number] => {
    let a = from;
    let b = to;
    const chrome = (i: number): boolean => isBlank(lines[i] as Line) || lex.legacyChromeLines.has(norm(lines[i]));
    while (a < b && chrome(a)) a++;
    while (b > a && chrome(b - 1)) b--;
    return [a, b];
  };
  if (original >= 0) {
    readBody(ctx, ...inner(english + 1, original), { ...opts, part: 'translation' });
    readBody(ctx, ...inner(original + 1, lines.length), { ...opts, part: 'original' });
  } else {
    readBody(ctx, ...inner(english + 1, lines.length), { ...opts, part: opts.originalIsEnglish ? 'original' : 'translation' });
  }
}

/**
 * A citation whose URL may sit at its end on the same line: the URL becomes doc.url, the rest the citation;
 * without a title elsewhere, the span inside the citation's leading quotes is the title.
 */
function citationWithInlineUrl(ctx: MetaContext, sp: Span): void {
  const { doc, text } = ctx;
  let citeEnd = sp.end;
  const m = URL_IN_TEXT.exec(sp.text);
  if (m) {
    const off = sp.start + m.index;
    if (!doc.url) {
      doc.url = span(text, off, off + m[0].length);
      doc.sections.push({ kind: 'url', content: doc.url });
    }
    // The URL ends the citation: drop it (and the angle brackets around it) from the citation span.
    if (sp.end - (off + m[0].length) <= 2) citeEnd = off;
  }
  let cite = trimmedSpan(text, sp.start, citeEnd);
  if (cite && /[<(]$/u.test(cite.text)) cite = trimmedSpan(text, cite.start, cite.end - 1);
  if (!cite) return;
  doc.citation = cite;
  doc.sections.push({ kind: 'citation', content: cite });
  const q = /^(["“„])([\s\S]+?)(["”“])/u.exec(cite.text);
  const quoted = q && q[2] ? trimmedSpan(text, cite.start + (q[1] ?? '').length, cite.start + (q[1] ?? '').length + q[2].length) : undefined;
  if (!quoted) return;
  // The quoted title is the record's title unless the page shows the same title above (a site banner is not).
  const same = (a: string, b: string): boolean => a.replace(/\s+/gu, ' ').toLowerCase() === b.replace(/\s+/gu, ' ').toLowerCase();
  if (doc.title && !same(doc.title.text, quoted.text)) {
    const old = doc.title;
    doc.sections = doc.sections.filter((sec) => !(sec.kind === 'title' && sec.content.start === old.start));
    delete doc.title;
  }
  if (!doc.title) {
    doc.title = quoted;
    doc.sections.push({ kind: 'title', content: quoted });
  }
}

/**
 * pdf-export: [date] [title], then one line holding "Citation: ... Summary: ... Original Language: ...
 * Contents: ..." (the citation without quotation marks), then the body with page numbers glued to lines.
 */
export function readPdfExport(ctx: MetaContext & BodyContext, headerLine: number): void {
  const { lines, lex, doc, text } = ctx;
  readTitleAndDate(ctx, 0, headerLine, lex.legacyChromeLines);
  const hdrEnd = pdfHeaderEnd(ctx, headerLine);
  const first = lines[headerLine] as Line;
  const last = lines[hdrEnd - 1] as Line;
  const region = span(text, first.start, last.end);
  const re = pdfLabelRegex(ctx);
  const marks: Array<{ kind: SectionKind; labelStart: number; labelEnd: number }> = [];
  for (const m of region.text.matchAll(re)) {
    const kind = lex.sectionLabels.get(normLabel(m[1] ?? ''));
    if (!kind) continue;
    const labelStart = region.start + (m.index ?? 0) + (m[0].length - m[0].trimStart().length);
    marks.push({ kind, labelStart, labelEnd: region.start + (m.index ?? 0) + m[0].length });
  }
  marks.forEach((mk, n) => {
    const stop = marks[n + 1]?.labelStart ?? region.end;
    const content = trimmedSpan(text, mk.labelEnd, stop);
    const label = span(text, mk.labelStart, mk.labelEnd);
    if (!content) {
      doc.warnings.push({ line: headerLine + 1, message: `the section "${label.text}" is empty` });
      return;
    }
    if (mk.kind === 'citation') citationWithInlineUrl(ctx, content);
    else if (mk.kind === 'contents') {
      doc.sections.push({ kind: 'contents', label, content });
      for (const c of content.text.matchAll(lex.contentsItemSplit)) {
        if (c[0] === '') continue;
        const off = content.start + (c.index ?? 0);
        doc.contents.push(span(text, off, off + c[0].length));
      }
    } else fillSection(ctx, mk.kind, label, content, headerLine, hdrEnd);
  });
  // The citation section was pushed without its label; attach it.
  const citeMark = marks.find((mk) => mk.kind === 'citation');
  const citeSection = doc.sections.find((s) => s.kind === 'citation');
  if (citeMark && citeSection) citeSection.label = span(text, citeMark.labelStart, citeMark.labelEnd);

  // Page numbers glued to line starts: the number must be the next page (2, 3, ...) to count.
  let expected = 2;
  for (let i = hdrEnd; i < lines.length; i++) {
    const line = lines[i] as Line;
    const m = lex.pdfGluedPageNumber.exec(line.text);
    // One page may lack its number (a page starting with a blank line): accept the one after too.
    if (m && m[1] && (Number(m[1]) === expected || Number(m[1]) === expected + 1)) {
      expected = Number(m[1]);
      const n = m[1].length;
      doc.furniture.push({ kind: 'pageNumber', span: span(text, line.start, line.start + n) });
      // The body reader sees the line without its page number.
      lines[i] = { index: i, start: line.start + n, end: line.end, text: line.text.slice(n) };
      expected++;
    } else if (lex.pageNumber.some((r) => r.test(line.text.trim())) && Number(line.text.trim()) >= expected) {
      expected = Number(line.text.trim()) + 1;
    }
  }
  readBody(ctx, hdrEnd, lines.length, bodyOptions(ctx));
}

/**
 * End (exclusive) of the PDF header: the header line and the lines it wraps onto. A wrapped line goes on
 * while the text is still in a citation or summary, or holds a label; after "Contents:" only contents items.
 */
function pdfHeaderEnd(ctx: MetaContext, headerLine: number): number {
  const { lines, lex } = ctx;
  const re = pdfLabelRegex(ctx);
  const lastKind = (t: string): string | undefined => {
    let k: string | undefined;
    for (const m of t.matchAll(re)) k = lex.sectionLabels.get(normLabel(m[1] ?? ''));
    return k;
  };
  let kind = lastKind((lines[headerLine] as Line).text);
  let i = headerLine + 1;
  while (i < lines.length && i <= headerLine + 10) {
    const line = lines[i] as Line;
    if (isBlank(line)) break;
    const k = lastKind(line.text);
    if (k) {
      kind = k;
      i++;
      continue;
    }
    if (kind === 'contents') {
      const rest = line.text.replace(lex.contentsItemSplit, '').trim();
      if (rest !== '') break;
    } else if (kind === 'originalLanguage') {
      break;
    }
    i++;
  }
  return i;
}

/** Body options from what the metadata said: is the original English, and the names to look speakers up in. */
export function bodyOptions(ctx: MetaContext): { originalIsEnglish: boolean; latinIsEnglish: boolean; context: string } {
  const { doc, lex } = ctx;
  const ol = doc.originalLanguage?.text.trim().toLowerCase() ?? '';
  const tags = ol === '' ? [] : ol.split(/[,;/]|\band\b/u).map((s) => lex.languageNames.get(s.trim()));
  const originalIsEnglish = tags.length > 0 && tags.every((t) => t === 'en');
  // Known languages none of which is written in Latin script: Latin text in the body is the translation.
  const latinIsEnglish = tags.length > 0 && tags.every((t) => t !== undefined && t !== 'en' && !lex.latinScriptLanguages.has(t));
  const context = [doc.title?.text, doc.summary?.text, doc.citation?.text].filter(Boolean).join('\n');
  return { originalIsEnglish, latinIsEnglish, context };
}

