/** A minimal escaped HTML page, used where the pages module has nothing (errors, fallbacks). */
import { escapeHtml } from './pages/index.js';

/** A complete small page; `title` is escaped, `bodyHtml` must already be safe HTML. */
export function minimalPage(title: string, bodyHtml: string): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} — archive-ld</title></head>\n<body><h1>${escapeHtml(title)}</h1>\n${bodyHtml}\n</body></html>\n`;
}
