/**
 * Helpers shared by the layout readers of web pages and PDF exports: line scanning, the title and date at
 * the top of a page, the citation with its URL and quoted title, and the options the body reader needs.
 */
import type { Span } from '../types.js';
import { isHeadingLikeText } from './body.js';
import { normLabel } from './lexicon.js';
import type { MetaContext } from './plain.js';
import type { Line } from './text.js';
import { isBlank, span, trimmedSpan } from './text.js';

// Module-level patterns: tsx compiles a \p{...} literal to `new RegExp(...)` wherever it stands, so one inside a
// function would be rebuilt on every call.
const LETTER_RE = /\p{L}/u;

/** A URL in running text (without trailing punctuation or closing brackets). */
export const URL_IN_TEXT = /https?:\/\/[^\s<>"”]+[^\s<>"”.,;)]/u;

/** The first non-blank line from i (or `to`). */
export function nextNonBlank(lines: Line[], i: number, to = lines.length): number {
  let j = i;
  while (j < to && isBlank(lines[j] as Line)) j++;
  return j;
}

/** End (exclusive) of the run of non-blank lines starting at i. */
export function blockEnd(lines: Line[], i: number, to = lines.length): number {
  let j = i;
  while (j < to && !isBlank(lines[j] as Line)) j++;
  return j;
}

/** A line normalised for comparison with short labels ("" for long lines, which are never labels). */
export function norm(line: Line | undefined): string {
  return line && line.text.length <= 80 ? normLabel(line.text) : '';
}

/** Index of the first line (from i) whose normalised text is in the set, or -1. */
export function findLine(lines: Line[], set: Set<string>, from = 0, to = lines.length): number {
  for (let i = from; i < to; i++) if (set.has(norm(lines[i]))) return i;
  return -1;
}

/** Top of a web or PDF page: an optional title line and date line, in either order. Returns the next line. */
export function readTitleAndDate(ctx: MetaContext, from: number, to: number, skip: Set<string>): number {
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
    } else if (!doc.title && isHeadingLikeText(s, lex) && !lex.sectionLabels.has(normLabel(s)) && LETTER_RE.test(s)) {
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
 * Split the record URL off a citation: the first URL in it is the record's; when nothing but spaces and a
 * closing ">" follows it (on its line or on a line of its own), it is cut off the citation, with its "<".
 */
export function splitCitation(ctx: MetaContext, sp: Span): { cite: Span | undefined; url: Span | undefined } {
  const { text } = ctx;
  const m = URL_IN_TEXT.exec(sp.text);
  if (!m) return { cite: sp, url: undefined };
  const off = sp.start + m.index;
  const end = off + m[0].length;
  const url = span(text, off, end);
  if (!/^[>\s]*$/u.test(text.slice(end, sp.end))) return { cite: sp, url };
  let cite = trimmedSpan(text, sp.start, off);
  if (cite && /[<(]$/u.test(cite.text)) cite = trimmedSpan(text, cite.start, cite.end - 1);
  return { cite, url };
}

/**
 * The citation section (URL split off), and the title from the citation's leading quotes: the quoted title
 * replaces a title found above it unless they agree (on a web page, what stands above may be a site banner).
 */
export function citationAndQuotedTitle(ctx: MetaContext, sp: Span, label?: Span): void {
  const { doc, text } = ctx;
  const { cite, url } = splitCitation(ctx, sp);
  if (url && !doc.url) {
    doc.url = url;
    doc.sections.push({ kind: 'url', content: url });
  }
  if (!cite) return;
  doc.citation = cite;
  doc.sections.push(label ? { kind: 'citation', label, content: cite } : { kind: 'citation', content: cite });
  const q = /^(["“„])([\s\S]+?)(["”“])/u.exec(cite.text);
  const quoted = q && q[2] ? trimmedSpan(text, cite.start + (q[1] ?? '').length, cite.start + (q[1] ?? '').length + q[2].length) : undefined;
  if (!quoted) return;
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
