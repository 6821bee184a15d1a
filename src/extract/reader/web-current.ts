/**
 * The current web layout (a saved page reduced to text): title, date, summary and body first, then a
 * "Document Information" block of label lines, each label on its own line with its value on the next
 * line(s), some labels with nothing under them.
 */
import type { LabelledField, SectionKind, Span } from '../types.js';
import type { BodyContext } from './body.js';
import { readBody } from './body.js';
import { normLabel } from './lexicon.js';
import { URL_IN_TEXT, blockEnd, bodyOptions, findLine, nextNonBlank, norm, readTitleAndDate } from './meta.js';
import type { MetaContext } from './plain.js';
import { fillSection } from './plain.js';
import type { Line } from './text.js';
import { span, trimmedSpan } from './text.js';

/** Detect the web-current layout: a "Document Information" line. */
export function looksWebCurrent(ctx: MetaContext): boolean {
  return findLine(ctx.lines, ctx.lex.webCurrentBlockLabels) >= 0;
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
