/**
 * The home page: what the dataset holds (counted by SPARQL), where to go next (query page, dumps, VoID,
 * ontology) and the list of records with their titles and dates.
 */
import type { QueryService } from '../../store/types.js';
import { ALD, DCTERMS, RDFS } from '../../vocab/index.js';
import { html, layout } from './html.js';
import { iriRef, num, str } from './sparql.js';
import { iriLink, localName } from './terms.js';

export interface HomeCounts {
  records: number;
  people: number;
  institutions: number;
  places: number;
  triples: number;
}

export interface RecordSummary {
  iri: string;
  title: string;
  /** ISO date as stored, '' when unknown. */
  date: string;
  /** Label of the most specific record type ("Minutes"), '' when only ald:Record. */
  type: string;
}

export interface HomeView {
  base: string;
  counts: HomeCounts;
  records: RecordSummary[];
  /** True when there are more records than listed. */
  truncated: boolean;
}

const MAX_RECORDS = 1000;

/** Counts instances of a class or of its subclasses (the ontology graph gives the hierarchy). */
function countQuery(cls: string): string {
  return `SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { ?x a ${iriRef(cls)} } UNION { ?x a ?c . ?c ${iriRef(RDFS.subClassOf.value)}+ ${iriRef(cls)} }
}`;
}

/** Loads the home page's view model: five COUNT queries and the record list. */
export async function loadHome(store: QueryService, base: string): Promise<HomeView> {
  const count = async (q: string) => num((await store.select(q)).rows[0] ?? {}, 'n');
  const [records, people, institutions, places, triples, list] = await Promise.all([
    count(countQuery(ALD.Record.value)),
    count(countQuery(ALD.Person.value)),
    count(countQuery(ALD.Institution.value)),
    count(countQuery(ALD.Place.value)),
    count('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'),
    // One row per record (grouped), so the list is not cut by the store's result cap.
    store.select(`SELECT ?r (SAMPLE(?t) AS ?title) (SAMPLE(?l) AS ?label) (MIN(STR(?d)) AS ?date) (SAMPLE(?ty) AS ?type) (SAMPLE(?tl) AS ?typeLabel) WHERE {
  ?r a ${iriRef(ALD.Record.value)} .
  OPTIONAL { ?r ${iriRef(DCTERMS.title.value)} ?t }
  OPTIONAL { ?r ${iriRef(RDFS.label.value)} ?l FILTER(LANGMATCHES(LANG(?l), "en")) }
  OPTIONAL { ?r ${iriRef(DCTERMS.date.value)} ?d }
  OPTIONAL { ?r a ?ty . ?ty ${iriRef(RDFS.subClassOf.value)} ${iriRef(ALD.Record.value)} .
             OPTIONAL { ?ty ${iriRef(RDFS.label.value)} ?tl FILTER(LANG(?tl) IN ("en", "")) } }
}
GROUP BY ?r
ORDER BY ?date ?title
LIMIT ${MAX_RECORDS}`),
  ]);
  const recordList = list.rows.flatMap((row) => {
    const iri = str(row, 'r');
    if (!iri) return [];
    const type = str(row, 'type');
    return [
      {
        iri,
        title: str(row, 'title') ?? str(row, 'label') ?? localName(iri),
        date: str(row, 'date') ?? '',
        type: str(row, 'typeLabel') ?? (type ? localName(type) : ''),
      },
    ];
  });
  return { base, counts: { records, people, institutions, places, triples }, records: recordList, truncated: records > recordList.length };
}

/** Renders the home page. */
export function renderHomePage(view: HomeView): string {
  const c = view.counts;
  const stat = (n: number, what: string) => html`<li><span class="n">${n.toLocaleString('en')}</span> <span class="what">${what}</span></li>`;
  const rows = view.records.map(
    (r) => html`<tr><td>${r.date}</td><td>${iriLink(r.iri, view.base, new Map([[r.iri, r.title]]))}</td><td>${r.type}</td></tr>`,
  );
  const body = html`<h1>Declassified diplomatic records as linked data</h1>
<p class="lede">Minutes of conversations, cables, letters and memoranda, with the people, institutions, places, dates and archival identifiers found in them, one named graph per record, linked to Wikidata.</p>
<ul class="stats">
${stat(c.records, 'records')}
${stat(c.people, 'people')}
${stat(c.institutions, 'institutions')}
${stat(c.places, 'places')}
${stat(c.triples, 'triples')}
</ul>
<ul class="links">
<li><a href="/sparql">Query the data</a> with SPARQL at <code>/sparql</code>, starting from named queries</li>
<li><a href="/dumps/">Download dumps</a> of the whole dataset</li>
<li><a href="/.well-known/void">Dataset description</a> (VoID)</li>
<li><a href="/ontology">The ontology</a>: classes and properties used here</li>
</ul>
<h2>Records</h2>
${view.truncated ? html`<p class="lede">The first ${view.records.length.toLocaleString('en')} records by date; query <a href="/sparql">the endpoint</a> for all.</p>` : ''}
${
  view.records.length
    ? html`<table class="records"><thead><tr><th>Date</th><th>Title</th><th>Type</th></tr></thead><tbody>
${rows}
</tbody></table>`
    : html`<p>No records are loaded yet. Run <code>archive-ld build</code> and restart the server.</p>`
}`;
  return layout({ title: 'Records', body, current: 'home' });
}
