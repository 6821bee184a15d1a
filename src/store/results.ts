/**
 * SPARQL results in plain data (the SPARQL 1.1 JSON results structure, as Oxigraph writes it) and writers for the
 * other result formats: XML, CSV, TSV. Plain data because results cross a worker-thread boundary.
 */

/** A term as in SPARQL JSON results. */
export type JsonTerm =
  | { type: 'uri'; value: string }
  | { type: 'bnode'; value: string }
  | { type: 'literal'; value: string; 'xml:lang'?: string; datatype?: string; direction?: string }
  | { type: 'triple'; value: { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm } };

export interface JsonBindingsResult {
  head: { vars: string[]; link?: string[] };
  results: { bindings: Array<Record<string, JsonTerm>> };
}

export interface JsonBooleanResult {
  head: Record<string, never>;
  boolean: boolean;
}

export const SPARQL_JSON = 'application/sparql-results+json';
export const SPARQL_XML = 'application/sparql-results+xml';
export const CSV = 'text/csv';
export const TSV = 'text/tab-separated-values';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function xmlTerm(t: JsonTerm): string {
  switch (t.type) {
    case 'uri':
      return `<uri>${xmlEscape(t.value)}</uri>`;
    case 'bnode':
      return `<bnode>${xmlEscape(t.value)}</bnode>`;
    case 'literal': {
      const lang = t['xml:lang'] ? ` xml:lang="${xmlEscape(t['xml:lang'])}"` : '';
      const dt = t.datatype && !t['xml:lang'] ? ` datatype="${xmlEscape(t.datatype)}"` : '';
      return `<literal${lang}${dt}>${xmlEscape(t.value)}</literal>`;
    }
    case 'triple':
      return `<triple><subject>${xmlTerm(t.value.subject)}</subject><predicate>${xmlTerm(t.value.predicate)}</predicate><object>${xmlTerm(t.value.object)}</object></triple>`;
  }
}

/**
 * Serialise a SELECT or ASK result as SPARQL XML. `note` (e.g. the result cap) goes into an XML comment.
 */
export function toXml(result: JsonBindingsResult | JsonBooleanResult, note?: string): string {
  const out: string[] = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">'];
  if (note) out.push(`<!-- ${note.replace(/--/g, '- -')} -->`);
  if ('boolean' in result) {
    out.push('<head/>', `<boolean>${result.boolean}</boolean>`);
  } else {
    out.push('<head>', ...result.head.vars.map((v) => `<variable name="${xmlEscape(v)}"/>`), '</head>', '<results>');
    for (const row of result.results.bindings) {
      out.push('<result>');
      for (const [name, term] of Object.entries(row)) out.push(`<binding name="${xmlEscape(name)}">${xmlTerm(term)}</binding>`);
      out.push('</result>');
    }
    out.push('</results>');
  }
  out.push('</sparql>', '');
  return out.join('\n');
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvTerm(t: JsonTerm): string {
  if (t.type === 'bnode') return `_:${t.value}`;
  if (t.type === 'triple') return `<< ${tsvTerm(t.value.subject)} ${tsvTerm(t.value.predicate)} ${tsvTerm(t.value.object)} >>`;
  return t.value;
}

/** SPARQL 1.1 CSV: header of variable names, values without type information, CRLF line ends. */
export function toCsv(result: JsonBindingsResult | JsonBooleanResult): string {
  if ('boolean' in result) return `_askResult\r\n${result.boolean}\r\n`;
  const vars = result.head.vars;
  const lines = [vars.map(csvField).join(',')];
  for (const row of result.results.bindings) {
    lines.push(vars.map((v) => (row[v] ? csvField(csvTerm(row[v])) : '')).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function tsvString(s: string): string {
  return s.replace(/[\\"\t\n\r]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? c);
}

function tsvTerm(t: JsonTerm): string {
  switch (t.type) {
    case 'uri':
      return `<${t.value}>`;
    case 'bnode':
      return `_:${t.value}`;
    case 'literal':
      if (t['xml:lang']) return `"${tsvString(t.value)}"@${t['xml:lang']}`;
      if (t.datatype && t.datatype !== XSD_STRING) return `"${tsvString(t.value)}"^^<${t.datatype}>`;
      return `"${tsvString(t.value)}"`;
    case 'triple':
      return `<< ${tsvTerm(t.value.subject)} ${tsvTerm(t.value.predicate)} ${tsvTerm(t.value.object)} >>`;
  }
}

/** SPARQL 1.1 TSV: header of ?variables, values in Turtle syntax. */
export function toTsv(result: JsonBindingsResult | JsonBooleanResult): string {
  if ('boolean' in result) return `?_askResult\n${result.boolean}\n`;
  const vars = result.head.vars;
  const lines = [vars.map((v) => `?${v}`).join('\t')];
  for (const row of result.results.bindings) lines.push(vars.map((v) => (row[v] ? tsvTerm(row[v]) : '')).join('\t'));
  return `${lines.join('\n')}\n`;
}

/**
 * Number of solutions in SPARQL JSON results as Oxigraph writes them (`{"head":...,"results":{"bindings":[...]}}`),
 * found by scanning the text instead of parsing it (parsing builds every row as objects: tens of ms for a few MB).
 * Undefined when the text is not laid out that way (the caller then parses it).
 *
 * @example
 *   countJsonBindings('{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"x"}}]}}'); // 1
 */
export function countJsonBindings(json: string): number | undefined {
  const open = json.indexOf('"results":{"bindings":[');
  if (open < 0) return undefined;
  let count = 0;
  let depth = 0;
  for (let i = open + 23; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 34) {
      // Skip the string: find its closing quote, one not escaped by an odd run of backslashes.
      for (;;) {
        const q = json.indexOf('"', i + 1);
        if (q < 0) return undefined;
        let slashes = 0;
        while (json.charCodeAt(q - 1 - slashes) === 92) slashes++;
        i = q;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 123) {
      if (depth === 0) count++;
      depth++;
    } else if (c === 125) {
      depth--;
    } else if (c === 93 && depth === 0) {
      return count;
    }
  }
  return undefined;
}

/** Serialise a JSON-structured result in one of the four SPARQL result media types. */
export function serialiseResults(result: JsonBindingsResult | JsonBooleanResult, mediaType: string, note?: string): string {
  switch (mediaType) {
    case SPARQL_JSON:
      return JSON.stringify(note && !('boolean' in result) ? { ...result, 'archive-ld:note': note } : result);
    case SPARQL_XML:
      return toXml(result, note);
    case CSV:
      return toCsv(result);
    case TSV:
      return toTsv(result);
    default:
      throw new Error(`No SPARQL results writer for '${mediaType}'; use one of ${[SPARQL_JSON, SPARQL_XML, CSV, TSV].join(', ')}`);
  }
}
