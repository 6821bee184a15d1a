/**
 * HTML building for the server-rendered pages. Every value that comes from a record or the store goes through
 * `escapeHtml` (directly, or by being interpolated into the `html` template tag); only `Html` values built by
 * this module are inserted as they are.
 */

/** A fragment of HTML that is already safe to insert (built by `html`, `raw` or `join`). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values: `& < > " '`.
 *
 * @example escapeHtml(`<script>alert("x")</script>`) === '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A value that may be interpolated into `html`: text is escaped, `Html` inserted, arrays concatenated. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('');
  return escapeHtml(String(value));
}

/**
 * Template tag building safe HTML: every interpolated value is escaped unless it is `Html`.
 *
 * @example html`<a href="${url}">${label}</a>`  // url and label escaped
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Marks a string of markup written by this code (never data) as safe. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** Joins fragments with a separator (the separator is escaped unless it is `Html`). */
export function join(items: readonly HtmlValue[], separator: HtmlValue = ''): Html {
  const sep = render(separator);
  return new Html(items.map((v) => render(v)).join(sep));
}

/**
 * A URL for an href/src attribute: only http(s), mailto, relative and fragment URLs pass; anything else
 * (javascript:, data:) becomes "#" so a hostile IRI in the data cannot run script when clicked.
 */
export function safeUrl(url: string): string {
  const trimmed = url.trim();
  if (/^(https?:|mailto:|urn:)/i.test(trimmed)) return trimmed;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return '#';
  return trimmed;
}

export interface LayoutOptions {
  /** Page title (plain text; escaped). */
  title: string;
  body: Html;
  /** Extra elements for <head> (stylesheets, scripts). */
  head?: Html;
  /** Which navigation entry is current. */
  current?: 'home' | 'query' | 'ontology' | 'entity';
}

/** The common page frame: head with the stylesheet, navigation bar, main content, footer. */
export function layout(options: LayoutOptions): string {
  const nav = (href: string, label: string, key: LayoutOptions['current']) =>
    html`<a href="${href}"${options.current === key ? raw(' aria-current="page"') : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · archive-ld</title>
<link rel="stylesheet" href="/assets/style.css">
${options.head}
</head>
<body>
<header class="site"><nav>
<a class="brand" href="/">archive-ld</a>
${nav('/', 'Records', 'home')}
${nav('/sparql', 'SPARQL', 'query')}
${nav('/ontology', 'Ontology', 'ontology')}
<a href="/dumps/">Dumps</a>
</nav></header>
<main>
${options.body}
</main>
<footer class="site">Declassified diplomatic records as linked data · <a href="/.well-known/void">VoID</a> · <a href="/sparql">SPARQL endpoint</a></footer>
</body>
</html>
`.value;
}
