/**
 * `archive-ld link [files or folders...]` : extract the records, link their people, institutions and places to
 * Wikidata through the gazetteer, and write the links graph (BASE graph/links: skos:exactMatch, link resources,
 * review items). A summary goes to stderr: one line per entity linked or kept for review.
 *
 * With --online, the names the gazetteer does not know are first looked up with wbsearchentities and the items
 * found are cached into the gazetteer file (opt-in: nothing else here reaches the network).
 */
import type { Command } from 'commander';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rootPath } from '../paths.js';
import { DEFAULT_BASE, normaliseBase } from '../model/index.js';
import { formatFromName, serialize } from '../rdf/index.js';
import type { RecordExtraction } from '../extract/types.js';
import { DEFAULT_GAZETTEER, loadGazetteer } from '../link/gazetteer.js';
import { linkExtraction, subjectsOf, type LinkResult } from '../link/reconcile.js';
import { linkQuads } from '../link/quads.js';
import { describeFailure, expandInputs } from './extract.js';

interface LinkCliOptions {
  gazetteer: string;
  base: string;
  format: string;
  out?: string;
  online?: boolean;
  userAgent?: string;
  quiet?: boolean;
}

/** One summary line per linked entity or review item. */
export function summarise(results: LinkResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    for (const l of r.links) {
      const best = l.best;
      const target = best?.entry.qid ?? best?.entry.key ?? best?.entry.iri ?? '-';
      lines.push(`${r.recordId}\t${l.decision}\t${l.subject.kind}/${l.subject.key}\t${target}\t${best?.score ?? ''}${l.reason ? `\t${l.reason}` : ''}`);
    }
  }
  return lines;
}

export function register(program: Command): void {
  program
    .command('link')
    .description('Link the records\' people, institutions and places to Wikidata; write the links graph (review items for the rest).')
    .argument('[inputs...]', 'record files or folders', [rootPath('data', 'records')])
    .option('--gazetteer <file>', 'gazetteer Turtle', DEFAULT_GAZETTEER)
    .option('--base <iri>', 'base IRI for the data', DEFAULT_BASE)
    .option('-f, --format <format>', 'output format: trig, nquads', 'trig')
    .option('-o, --out <file>', 'write to this file (atomically) instead of stdout')
    .option('--online', 'look names the gazetteer lacks up on Wikidata first and cache them into the gazetteer')
    .option('--user-agent <ua>', 'User-Agent sent to Wikidata with --online')
    .option('-q, --quiet', 'no summary on stderr')
    .action(async (inputs: string[], opts: LinkCliOptions) => {
      const base = normaliseBase(opts.base);
      const format = formatFromName(opts.format, '--format');
      const { extractRecord } = await import('../extract/index.js');
      const { files, errors } = expandInputs(inputs);
      const extractions: RecordExtraction[] = [];
      for (const file of files) {
        try {
          extractions.push(await extractRecord(file, readFileSync(file)));
        } catch (err) {
          errors.push(describeFailure(file, err));
        }
      }
      if (opts.online) {
        const { refreshGazetteer } = await import('../link/refresh.js');
        const gaz = loadGazetteer(opts.gazetteer, base);
        const unknown = new Set<string>();
        for (const ext of extractions) {
          const known = new Set(linkExtraction(ext, gaz).links.map((l) => `${l.subject.kind}/${l.subject.key}`));
          for (const s of subjectsOf(ext)) if (s.kind === 'person' && !known.has(`person/${s.key}`)) unknown.add(s.label);
        }
        const summary = await refreshGazetteer({ path: opts.gazetteer, search: [...unknown].sort(), ...(opts.userAgent ? { userAgent: opts.userAgent } : {}) });
        process.stderr.write(`gazetteer ${opts.gazetteer}: ${summary}\n`);
      }
      const gazetteer = loadGazetteer(opts.gazetteer, base);
      const results = extractions.map((ext) => linkExtraction(ext, gazetteer));
      const text = await serialize(linkQuads(results, base), format);
      if (opts.out) {
        const tmp = `${opts.out}.tmp-${process.pid}`;
        writeFileSync(tmp, text);
        renameSync(tmp, opts.out);
      } else process.stdout.write(text);
      if (!opts.quiet) {
        for (const line of summarise(results)) process.stderr.write(`${line}\n`);
        const linked = results.reduce((n, r) => n + r.links.filter((l) => l.decision === 'linked').length, 0);
        const review = results.reduce((n, r) => n + r.links.filter((l) => l.decision === 'review').length, 0);
        process.stderr.write(`${extractions.length} records: ${linked} linked, ${review} review items (gazetteer ${gazetteer.version})\n`);
      }
      for (const e of errors) process.stderr.write(`${e}\n`);
      if (errors.length > 0) process.exitCode = 1;
    });
}
