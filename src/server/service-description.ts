/**
 * The SPARQL 1.1 Service Description of the endpoint (Turtle), returned by GET /sparql without a query.
 */
import { FORMATS } from './negotiate.js';

/** W3C format IRIs (https://www.w3.org/ns/formats/) for the media types the endpoint serves. */
const FORMAT_IRIS: Record<string, string> = {
  'application/sparql-results+json': 'SPARQL_Results_JSON',
  'application/sparql-results+xml': 'SPARQL_Results_XML',
  'text/csv': 'SPARQL_Results_CSV',
  'text/tab-separated-values': 'SPARQL_Results_TSV',
  'text/turtle': 'Turtle',
  'application/n-triples': 'N-Triples',
  'application/ld+json': 'JSON-LD',
  'application/rdf+xml': 'RDF_XML',
  'application/trig': 'TriG',
  'application/n-quads': 'N-Quads',
};

export interface ServiceDescriptionOptions {
  /** Absolute URL of the query endpoint as the client reached it. */
  endpoint: string;
  /** Absolute URL of the update endpoint, when updates are on. */
  updateEndpoint?: string;
  /** URL of the VoID description of the dataset. */
  voidUrl: string;
  /** Query deadline, stated so clients know the limit. */
  queryTimeoutMs: number;
  resultCap: number;
}

/** Turtle text of the service description. IRIs are written between <> after checking they hold no '>' or space. */
export function serviceDescription(o: ServiceDescriptionOptions): string {
  const iri = (s: string): string => `<${s.replace(/[<>"{}|^`\\\s]/g, (c) => encodeURIComponent(c))}>`;
  const formats = [...new Set([...FORMATS.bindings, ...FORMATS.graph].map((f) => f.mediaType))]
    .map((m) => FORMAT_IRIS[m])
    .filter((x): x is string => x !== undefined)
    .map((n) => `<http://www.w3.org/ns/formats/${n}>`);
  const lines = [
    '@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .',
    '@prefix void: <http://rdfs.org/ns/void#> .',
    '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .',
    '',
    `${iri(o.endpoint)} a sd:Service ;`,
    `  sd:endpoint ${iri(o.endpoint)} ;`,
    '  sd:supportedLanguage sd:SPARQL11Query' + (o.updateEndpoint ? ', sd:SPARQL11Update ;' : ' ;'),
    '  sd:feature sd:UnionDefaultGraph ;',
    `  sd:resultFormat ${formats.join(',\n    ')} ;`,
    `  rdfs:comment ${JSON.stringify(`archive-ld SPARQL 1.1 endpoint. The default graph is the union of all named graphs (one per record). Queries stop after ${o.queryTimeoutMs} ms; results are capped at ${o.resultCap} rows or triples.${o.updateEndpoint ? ` SPARQL Update: POST ${o.updateEndpoint} with a Bearer token.` : ' SPARQL Update is switched off.'}`)} ;`,
    '  sd:defaultDataset [',
    '    a sd:Dataset ;',
    `    void:inDataset ${iri(o.voidUrl)} ;`,
    '    sd:defaultGraph [ a sd:Graph ; rdfs:comment "union of all named graphs" ]',
    '  ] .',
    '',
  ];
  return lines.join('\n');
}
