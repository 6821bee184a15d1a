/**
 * The named SPARQL queries in queries/*.rq. Each file opens with a header of comments:
 *
 *   # title: Participants of a meeting
 *   # description: Who took part in the meeting of a given date, and in what role.
 *   # returns: ?person ?name ?part
 *
 * The query page lists them and loads them into the editor.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rootPath } from '../../paths.js';

export interface NamedQuery {
  /** File stem: "meeting-participants". */
  name: string;
  file: string;
  title: string;
  description: string;
  /** Variables the query returns, without '?'. */
  returns: string[];
  /** The whole file, header included (comments are valid SPARQL). */
  text: string;
}

/** Thrown for a query file whose header lacks a field; the message names the file and the field. */
export class NamedQueryError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}. Start the file with "# title: ...", "# description: ..." and "# returns: ?a ?b" lines.`);
    this.name = 'NamedQueryError';
  }
}

/** Parses the header comments of one query file. */
export function parseNamedQuery(file: string, text: string): NamedQuery {
  const fields = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = /^#\s*(\w+):\s*(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) {
      last = m[1].toLowerCase();
      fields.set(last, m[2].trim());
      continue;
    }
    // "#   continued text" lines extend the previous field.
    const cont = /^#\s+(\S.*)$/.exec(line);
    if (cont?.[1] && last) {
      fields.set(last, `${fields.get(last) ?? ''} ${cont[1].trim()}`.trim());
      continue;
    }
    if (!line.startsWith('#')) break;
  }
  const need = (key: string): string => {
    const v = fields.get(key);
    if (!v) throw new NamedQueryError(file, `the header has no "# ${key}:" line`);
    return v;
  };
  const name = (file.split(/[\\/]/).pop() ?? file).replace(/\.rq$/, '');
  return {
    name,
    file,
    title: need('title'),
    description: need('description'),
    returns: need('returns')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((v) => v.replace(/^[?$]/, '')),
    text,
  };
}

/** Reads every queries/*.rq (sorted by file name). */
export async function loadNamedQueries(dir: string = rootPath('queries')): Promise<NamedQuery[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.rq')).sort();
  return Promise.all(files.map(async (f) => parseNamedQuery(join(dir, f), await readFile(join(dir, f), 'utf8'))));
}
