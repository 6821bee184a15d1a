/**
 * Reduce a saved HTML page of the archive to plain text with the same line layout as the web layouts:
 * block elements become line breaks (paragraph-like blocks a blank line), inline whitespace collapses to
 * one space, and script, style, nav, head and similar chrome are dropped.
 */
import { Parser } from 'htmlparser2';

/** Elements whose content is never part of the record. */
const DROP = new Set(['script', 'style', 'nav', 'noscript', 'template', 'head', 'svg', 'iframe', 'button', 'form', 'select', 'object', 'footer']);
/** Blocks separated by a blank line. */
const PARA = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'section', 'article', 'main', 'header', 'aside', 'table', 'ul', 'ol', 'dl', 'pre', 'figure', 'address', 'hr']);
/** Blocks on their own line. */
const LINE = new Set(['div', 'li', 'tr', 'dt', 'dd', 'figcaption', 'caption', 'details', 'summary', 'fieldset', 'legend', 'label']);
const CELL = new Set(['td', 'th']);

/** True when the text looks like an HTML document rather than a text export. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2000).trimStart().toLowerCase();
  return (
    head.startsWith('<!doctype html') ||
    head.startsWith('<html') ||
    (head.startsWith('<?xml') && head.includes('<html')) ||
    (/^<[a-z]/u.test(head) && /<(body|div|p|article|main)[\s>]/u.test(head))
  );
}

/**
 * Reduce an HTML page to text: one line per block, a blank line between paragraphs, entities decoded.
 *
 * @example reduceHtml('<p>Citation</p><p>"A talk", 1962</p>') === 'Citation\n\n"A talk", 1962\n'
 */
export function reduceHtml(html: string): string {
  const out: string[] = [];
  let drop = 0;
  let pre = 0;
  // Breaks are held back until the next text, so nested blocks give one break, not several.
  let pending = 0;
  const breakLine = (n: 1 | 2): void => {
    pending = Math.max(pending, n);
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (DROP.has(name)) {
          drop++;
          return;
        }
        if (drop) return;
        if (name === 'pre') pre++;
        if (name === 'br') pending = Math.min(2, pending + 1);
        else if (PARA.has(name)) breakLine(2);
        else if (LINE.has(name)) breakLine(1);
        else if (CELL.has(name)) out.push(' ');
      },
      ontext(data) {
        if (drop) return;
        const t = pre ? data : data.replace(/[ \t\r\n\f]+/gu, ' ');
        if (t.trim() === '' && !pre) {
          if (pending === 0) out.push(t);
          return;
        }
        if (pending) out.push(pending === 2 ? '\n\n' : '\n');
        pending = 0;
        out.push(t);
      },
      onclosetag(name) {
        if (DROP.has(name)) {
          drop = Math.max(0, drop - 1);
          return;
        }
        if (drop) return;
        if (name === 'pre') pre = Math.max(0, pre - 1);
        if (PARA.has(name)) breakLine(2);
        else if (LINE.has(name)) breakLine(1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  // Normalise the joined pieces: trim each line, at most one blank line in a row.
  const lines = out
    .join('')
    .split('\n')
    .map((l) => l.replace(/\u00a0/gu, ' ').replace(/[ \t]+$/u, '').replace(/^[ \t]+/u, ''));
  const kept: string[] = [];
  for (const l of lines) {
    if (l === '' && (kept.length === 0 || kept[kept.length - 1] === '')) continue;
    kept.push(l);
  }
  while (kept.length && kept[kept.length - 1] === '') kept.pop();
  return kept.length ? `${kept.join('\n')}\n` : '';
}
