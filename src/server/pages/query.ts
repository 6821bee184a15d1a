/**
 * The query page: the Yasgui SPARQL editor pointed at /sparql, preloaded with the named queries. Without
 * JavaScript it is a plain form posting to /sparql, and each named query has its own "Run" form.
 */
import { html, join, layout, raw } from './html.js';
import type { NamedQuery } from './named-queries.js';

export interface QueryView {
  endpoint: string;
  queries: NamedQuery[];
  /** Text the editor starts with. */
  initial: string;
}

const DEFAULT_QUERY = `PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label WHERE {
  ?s rdfs:label ?label .
} LIMIT 25
`;

/** The view model of the query page: the editor starts with the "records" query (else the first one). */
export function queryView(queries: NamedQuery[], endpoint = '/sparql'): QueryView {
  const first = queries.find((q) => q.name === 'records') ?? queries[0];
  return { endpoint, queries, initial: first?.text ?? DEFAULT_QUERY };
}

/** Renders the query page. */
export function renderQueryPage(view: QueryView): string {
  const items = view.queries.map(
    (q) => html`<li id="q-${q.name}">
<form method="post" action="${view.endpoint}">
<span class="title">${q.title}</span>
<p>${q.description}</p>
<p class="vars">returns ${join(
      q.returns.map((v) => `?${v}`),
      ' ',
    )}</p>
<input type="hidden" name="query" value="${q.text}">
<button type="submit" data-run-query="${q.name}">Run</button>
<button type="button" data-load-query="${q.name}" hidden>Load into editor</button>
</form>
</li>`,
  );
  const body = html`<h1>SPARQL</h1>
<p class="lede">Query every record's graph at <a href="${view.endpoint}"><code>${view.endpoint}</code></a> (SPARQL 1.1; the default graph is the union of all graphs). Start from a named query below.</p>
<div id="yasgui" data-endpoint="${view.endpoint}" hidden></div>
<form id="query-form" method="post" action="${view.endpoint}">
<label for="query-text">Query</label>
<textarea class="sparql" id="query-text" name="query" spellcheck="false">${view.initial}</textarea>
<p><button type="submit">Run query</button>
<button type="submit" formaction="${view.endpoint}?format=csv">Run, results as CSV</button>
<button type="submit" formaction="${view.endpoint}?format=xml">Run, results as XML</button></p>
</form>
<h2>Named queries</h2>
<ul class="named-queries">
${items}
</ul>
<script src="/assets/yasgui.min.js" defer></script>
<script src="/assets/query.js" defer></script>`;
  return layout({
    title: 'SPARQL query',
    body,
    current: 'query',
    head: raw('<link rel="stylesheet" href="/assets/yasgui.min.css">'),
  });
}
