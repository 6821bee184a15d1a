/**
 * The legacy web layout: a "Citation / get citation" box holding the summary and a quoted citation, then
 * "English HTML" and the text (and "Original HTML" with the original, when the page has it). The title may
 * exist only inside the citation's quotes.
 */
import type { Span } from '../types.js';
import type { BodyContext } from './body.js';
import { readBody } from './body.js';
import { URL_IN_TEXT, bodyOptions, citationAndQuotedTitle, findLine, nextNonBlank, norm, readTitleAndDate } from './meta.js';
import type { MetaContext } from './plain.js';
import { fillSection } from './plain.js';
import type { Line } from './text.js';
import { isBlank, span, trimmedSpan } from './text.js';

/** Detect the web-legacy layout: a "get citation" or "English HTML" line. */
export function looksWebLegacy(ctx: MetaContext): boolean {
  const { lines, lex } = ctx;
  return lines.some((l) => lex.legacyDetectLabels.has(norm(l)));
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
    citationAndQuotedTitle(ctx, sp);
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
