/**
 * The archive's plain-text export (layout 1): leading date line, `**title**`, labelled metadata sections
 * ("Citation:", "Summary:", "Credits:", "Original Language:", "Contents:"), each label on its own line with
 * its content below, then the body (original, `[...]`, translation).
 */
import type { RecordDoc, SectionKind, Span } from '../types.js';
import type { LayoutLexicon } from './lexicon.js';
import { normLabel } from './lexicon.js';
import type { Line } from './text.js';
import { isBlank, span, trimmedSpan } from './text.js';
import { nextNonBlank, splitCitation } from './meta.js';

export interface MetaContext {
  text: string;
  lines: Line[];
  lex: LayoutLexicon;
  doc: RecordDoc;
}

const OWN_LINE_LABEL = /^\s*(\p{L}[\p{L}'’ ]{0,40}?)\s*[:：]\s*$/u;
const INLINE_LABEL = /^\s*(\p{L}[\p{L}'’ ]{0,40}?)\s*[:：]\s*(\S.*)$/u;

/** The section kind of a label line ("Citation:" alone, or "Original Language: Chinese"), if it is one. */
export function sectionLabelOf(line: Line, lex: LayoutLexicon): { kind: SectionKind; label: string; inline: boolean } | undefined {
  const own = OWN_LINE_LABEL.exec(line.text);
  if (own) {
    const kind = lex.sectionLabels.get(normLabel(own[1] ?? ''));
    if (kind) return { kind, label: own[1] ?? '', inline: false };
  }
  const inl = INLINE_LABEL.exec(line.text);
  if (inl) {
    const kind = lex.sectionLabels.get(normLabel(inl[1] ?? ''));
    if (kind) return { kind, label: inl[1] ?? '', inline: true };
  }
  return undefined;
}

/**
 * True when the text looks like the plain export: two section labels starting lines ("Citation:" alone, or
 * "Original Language: Chinese"), or one and a `**title**`.
 */
export function looksPlain(lines: Line[], lex: LayoutLexicon): boolean {
  let labels = 0;
  for (const line of lines.slice(0, 200)) if (line.text.length < 2000 && sectionLabelOf(line, lex)) labels++;
  const bold = lines.slice(0, 20).some((l) => l.text.trimStart().startsWith('**'));
  return labels >= 2 || (bold && labels >= 1);
}


/** End (exclusive) of the block of consecutive non-blank lines starting at i; a label line ends it too. */
function blockEnd(lines: Line[], i: number, lex: LayoutLexicon): number {
  let j = i + 1;
  while (j < lines.length && !isBlank(lines[j] as Line) && !isMetaLabel(lines[j] as Line, lex)) j++;
  return j;
}

/** A line that is a metadata label: a known section label, or an unknown "Word(s):" alone on its line. */
function isMetaLabel(line: Line, lex: LayoutLexicon): boolean {
  if (sectionLabelOf(line, lex)) return true;
  const own = OWN_LINE_LABEL.exec(line.text);
  return own !== null && /^\p{Lu}/u.test(own[1] ?? '') && !lex.headerLabels.has(normLabel(own[1] ?? ''));
}

/** Date line and `**title**` at the top; returns the index of the next unread line. */
export function readDateAndTitle(ctx: MetaContext, i0: number): number {
  const { lines, lex, doc, text } = ctx;
  let i = nextNonBlank(lines, i0);
  const first = lines[i];
  if (first && lex.dateLine.some((r) => r.test(first.text.trim()))) {
    const sp = trimmedSpan(text, first.start, first.end);
    if (sp) {
      doc.date = sp;
      doc.sections.push({ kind: 'date', content: sp });
    }
    i = nextNonBlank(lines, i + 1);
  }
  const t = lines[i];
  if (t && t.text.trimStart().startsWith('**')) {
    let j = i;
    // The bold title may wrap over several lines; it ends on the line that ends with "**".
    while (j < lines.length && j < i + 8 && !(lines[j] as Line).text.trimEnd().endsWith('**')) j++;
    if (j >= lines.length || j >= i + 8) j = i;
    const startOff = t.start + t.text.indexOf('**') + 2;
    const last = lines[j] as Line;
    const endOff = last.start + last.text.lastIndexOf('**');
    const sp = endOff > startOff ? trimmedSpan(text, startOff, endOff) : undefined;
    if (sp) {
      doc.title = sp;
      doc.sections.push({ kind: 'title', content: sp });
    }
    i = j + 1;
  } else if (t && !sectionLabelOf(t, lex) && !OWN_LINE_LABEL.test(t.text) && t.text.trim().length <= 300) {
    // No bold markers: an unlabelled block right above the first section label is the title.
    const end = blockEnd(lines, i, lex);
    const next = nextNonBlank(lines, end);
    const nextLine = lines[next];
    if (nextLine && sectionLabelOf(nextLine, lex)) {
      const sp = trimmedSpan(text, t.start, (lines[end - 1] as Line).end);
      if (sp) {
        doc.title = sp;
        doc.sections.push({ kind: 'title', content: sp });
      }
      i = end;
    }
  }
  return i;
}

/**
 * Read the labelled metadata sections from line i on. Returns the first line of the body. A section holds
 * its first block; further blocks belong to it only when another section label follows within a few blocks
 * (a summary in two paragraphs); the contents list never takes more than its block.
 */
export function readSections(ctx: MetaContext, i0: number): number {
  const { lines, lex, doc, text } = ctx;
  let i = nextNonBlank(lines, i0);
  let bodyStart = i;
  while (i < lines.length) {
    const line = lines[i] as Line;
    const sec = sectionLabelOf(line, lex);
    const unknown = !sec ? OWN_LINE_LABEL.exec(line.text) : null;
    const unknownOk =
      unknown !== null && doc.sections.some((s) => s.label) && !lex.headerLabels.has(normLabel(unknown[1] ?? '')) && /^\p{Lu}/u.test(unknown[1] ?? '');
    if (!sec && !unknownOk) break;
    const kind: SectionKind = sec?.kind ?? 'other';
    const labelText = sec?.label ?? unknown?.[1] ?? '';
    const labelStart = line.start + line.text.indexOf(labelText);
    let colonEnd = labelStart + labelText.length;
    while (colonEnd < line.end && /[\s:：]/u.test(text[colonEnd] ?? '')) {
      colonEnd++;
      if (/[:：]/u.test(text[colonEnd - 1] ?? '')) break;
    }
    const label = span(text, labelStart, colonEnd);
    if (!sec) {
      doc.warnings.push({ line: i + 1, message: `unknown section label "${labelText}:" read as an "other" section; add it to data/lexicon/layout.json sectionLabels if it is a known one` });
    }
    let contentFrom: number;
    let contentTo: number; // exclusive line index
    if (sec?.inline) {
      // The value starts on the label's line and may go on over its block (a citation and its URL).
      contentFrom = i;
      contentTo = blockEnd(lines, i, lex);
      if (kind === 'contents') {
        // Further lines belong to the list only while they are contents items (no blank line before the body).
        let k = i + 1;
        while (k < contentTo && lex.contentsItem.some((r) => r.test((lines[k] as Line).text.trim()))) k++;
        contentTo = k;
      }
    } else {
      contentFrom = nextNonBlank(lines, i + 1);
      if (contentFrom >= lines.length || sectionLabelOf(lines[contentFrom] as Line, lex)) {
        doc.warnings.push({ line: i + 1, message: `the section "${labelText}:" is empty` });
        doc.sections.push({ kind, label, content: span(text, line.end, line.end) });
        i = contentFrom;
        bodyStart = i;
        continue;
      }
      contentTo = blockEnd(lines, contentFrom, lex);
      if (kind === 'contents') {
        // Without a blank line after it, the list ends at the first line that is not a contents item.
        const isItem = (k: number): boolean => lex.contentsItem.some((r) => r.test((lines[k] as Line).text.trim()));
        if (isItem(contentFrom)) {
          let k = contentFrom;
          while (k < contentTo && isItem(k)) k++;
          contentTo = k;
        }
      } else {
        // Absorb further blocks when a section label follows within three blocks.
        let j = contentTo;
        for (let n = 0; n < 3; n++) {
          const k = nextNonBlank(lines, j);
          if (k >= lines.length) break;
          if (isMetaLabel(lines[k] as Line, lex)) {
            if (n > 0) contentTo = j;
            break;
          }
          j = blockEnd(lines, k, lex);
        }
      }
    }
    const first = lines[contentFrom] as Line;
    const last = lines[contentTo - 1] as Line;
    const startOff = sec?.inline ? colonEnd : first.start;
    const content = trimmedSpan(text, startOff, last.end);
    if (content) fillSection(ctx, kind, label, content, contentFrom, contentTo);
    i = nextNonBlank(lines, contentTo);
    bodyStart = i;
  }
  return bodyStart;
}

/** Record one section in the document, splitting the citation's URL and the contents list. */
export function fillSection(
  ctx: MetaContext,
  kind: SectionKind,
  label: Span | undefined,
  content: Span,
  fromLine: number,
  toLine: number,
): void {
  const { lines, doc, text } = ctx;
  const withLabel = <T extends object>(o: T): T & { label?: Span } => (label ? { ...o, label } : o);
  if (kind === 'citation') {
    // The record URL sits under the citation (in angle brackets in the plain export) or at its end.
    const { cite, url } = splitCitation(ctx, content);
    if (url) {
      doc.url = url;
      doc.sections.push({ kind: 'url', content: url });
    }
    if (cite) {
      doc.citation = cite;
      doc.sections.push(withLabel({ kind, content: cite }));
    }
    return;
  }
  doc.sections.push(withLabel({ kind, content }));
  if (kind === 'summary') doc.summary = content;
  else if (kind === 'credits') doc.credits = content;
  else if (kind === 'originalLanguage') doc.originalLanguage = content;
  else if (kind === 'url') doc.url = content;
  else if (kind === 'date') doc.date ??= content;
  else if (kind === 'contents') {
    for (let k = fromLine; k < toLine; k++) {
      const line = lines[k] as Line;
      const lo = Math.max(line.start, content.start);
      const sp = lo < line.end ? trimmedSpan(text, lo, Math.min(line.end, content.end)) : undefined;
      if (sp) doc.contents.push(...contentsItems(ctx, sp));
    }
  }
}

/** The contents items of one line: several when they run together ("Original Scan, Translation - English"). */
export function contentsItems(ctx: MetaContext, sp: Span): Span[] {
  const items = [...sp.text.matchAll(ctx.lex.contentsItemSplit)].filter((m) => m[0] !== '');
  if (items.length < 2) return [sp];
  return items.map((m) => span(ctx.text, sp.start + (m.index ?? 0), sp.start + (m.index ?? 0) + m[0].length));
}
