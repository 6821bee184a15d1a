/** A minimal escaped HTML page, used where the pages module has nothing (errors, fallbacks). */

/** Escape text for HTML content and attribute values. */
export function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

/** A complete small page; `title` is escaped, `bodyHtml` must already be safe HTML. */
export function minimalPage(title: string, bodyHtml: string): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${htmlEscape(title)} — archive-ld</title></head>\n<body><h1>${htmlEscape(title)}</h1>\n${bodyHtml}\n</body></html>\n`;
}
