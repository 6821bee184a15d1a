/**
 * The PDF export saved as text: date and title, then one line holding "Citation: ... Summary: ... Original
 * Language: ... Contents: ..." (the citation without quotation marks), then the body, with page numbers
 * glued to the start of lines ("2Xu: ...", "3the border ...").
 */
import type { SectionKind } from '../types.js';
import type { BodyContext } from './body.js';
import { readBody, speakerShape } from './body.js';
import { normLabel } from './lexicon.js';
import { bodyOptions, citationAndQuotedTitle, readTitleAndDate } from './meta.js';
import type { MetaContext } from './plain.js';
import { fillSection } from './plain.js';
import type { Line } from './text.js';
import { isBlank, span, trimmedSpan } from './text.js';

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
    if (mk.kind === 'citation') citationAndQuotedTitle(ctx, content, label);
    else fillSection(ctx, mk.kind, label, content, headerLine, hdrEnd);
  });
  // Page numbers glued to line starts. A number counts when it is the next page (2, 3, ...; one page may lack
  // its number), or when the numbering starts again (a second part paginated on its own) and what follows is
  // plainly the text going on: a speaker tag, or a lower-case word continuing an unfinished line.
  let expected = 2;
  let prevText = '';
  for (let i = hdrEnd; i < lines.length; i++) {
    const line = lines[i] as Line;
    const m = lex.pdfGluedPageNumber.exec(line.text);
    const n = m?.[1] ? Number(m[1]) : NaN;
    const rest = m?.[1] ? line.text.slice(m[1].length) : '';
    const tag = /^([^\s:：][^:：]{0,39}?)\s*[:：]/u.exec(rest);
    const restart =
      n >= 1 && n <= 3 && ((tag !== null && speakerShape(tag[1] ?? '', lex)) || (/^\p{Ll}/u.test(rest) && !/[.!?。！？:：]\s*$/u.test(prevText)));
    if (m?.[1] && (n === expected || n === expected + 1 || restart)) {
      doc.furniture.push({ kind: 'pageNumber', span: span(text, line.start, line.start + m[1].length) });
      // The body reader sees the line without its page number.
      lines[i] = { index: i, start: line.start + m[1].length, end: line.end, text: rest };
      expected = n + 1;
    } else if (lex.pageNumber.some((r) => r.test(line.text.trim())) && Number(line.text.trim()) >= expected) {
      expected = Number(line.text.trim()) + 1;
    }
    if (!isBlank(lines[i] as Line)) prevText = (lines[i] as Line).text;
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
