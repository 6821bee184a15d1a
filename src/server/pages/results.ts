/**
 * SELECT and ASK results as an HTML page, for a browser that submits the query page's plain form without
 * JavaScript (its Accept header asks for text/html). Every value is escaped; IRIs link as on entity pages.
 */
import type { SelectResult } from '../../store/types.js';
import { html, layout } from './html.js';
import { termHtml } from './terms.js';

export type ResultsView =
  | { kind: 'select'; query: string; result: SelectResult; base: string }
  | { kind: 'ask'; query: string; answer: boolean };

/** Renders a query's results with the query above them and a form to edit and run it again. */
export function renderResultsPage(view: ResultsView): string {
  const table =
    view.kind === 'ask'
      ? html`<p class="answer">The answer is <strong>${view.answer ? 'yes (true)' : 'no (false)'}</strong>.</p>`
      : html`<p class="lede">${view.result.rows.length} ${view.result.rows.length === 1 ? 'row' : 'rows'}${
          view.result.truncated ? ' (cut at the result cap; page with LIMIT and OFFSET)' : ''
        }.</p>
<table class="results"><thead><tr>${view.result.variables.map((v) => html`<th>?${v}</th>`)}</tr></thead><tbody>
${view.result.rows.map(
  (row) => html`<tr>${view.result.variables.map((v) => {
    const t = row[v];
    return html`<td>${t ? termHtml(t, view.base) : ''}</td>`;
  })}</tr>`,
)}
</tbody></table>`;
  const body = html`<h1>Query results</h1>
${table}
<h2>Query</h2>
<form method="post" action="/sparql">
<textarea class="sparql" name="query" spellcheck="false">${view.query}</textarea>
<p><button type="submit">Run again</button> <a href="/sparql">Back to the query page</a></p>
</form>`;
  return layout({ title: 'Query results', body, current: 'query' });
}
