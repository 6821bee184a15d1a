/**
 * `archive-ld gazetteer build` : data/wikidata/gazetteer.ttl from the reference JSON.
 * `archive-ld gazetteer refresh --online` : fill/update it from Wikidata (opt-in; merges, never deletes).
 */
import type { Command } from 'commander';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { rootPath } from '../paths.js';
import { buildGazetteerTurtle, readReference } from '../link/build-gazetteer.js';
import { DEFAULT_GAZETTEER, loadGazetteer } from '../link/gazetteer.js';

export const DEFAULT_REFERENCE = rootPath('..', 'shared', 'reference', 'wikidata-gazetteer.json');

export function register(program: Command): void {
  const cmd = program.command('gazetteer').description('Build or refresh the Wikidata gazetteer the linker matches against.');
  cmd
    .command('build')
    .description('Write the gazetteer Turtle from the reference JSON (only entries with a sourced QID become wd: items).')
    .option('--reference <file>', 'reference gazetteer JSON', DEFAULT_REFERENCE)
    .option('--out <file>', 'output Turtle file', DEFAULT_GAZETTEER)
    .action(async (opts: { reference: string; out: string }) => {
      const ref = readReference(opts.reference);
      const ttl = await buildGazetteerTurtle(ref, 'wikidata-gazetteer.json');
      mkdirSync(dirname(opts.out), { recursive: true });
      writeFileSync(opts.out, ttl);
      const gaz = loadGazetteer(opts.out);
      const linkable = gaz.entries.filter((e) => e.qid).length;
      process.stdout.write(`${opts.out}: ${gaz.entries.length} entries, ${linkable} linkable wd: items, ${gaz.entries.length - linkable} authority records; version ${gaz.version}\n`);
    });
  cmd
    .command('refresh')
    .description('Update the gazetteer from the Wikidata Query Service and API (needs --online; merges, never deletes local entries).')
    .option('--online', 'allow network access to wikidata.org')
    .option('--gazetteer <file>', 'gazetteer Turtle to update', DEFAULT_GAZETTEER)
    .option('--search <names...>', 'also search these names with wbsearchentities and cache the items found')
    .option('--search-type <type>', 'entity type given to non-human items found by --search: organization or place')
    .option('--user-agent <ua>', 'User-Agent sent to Wikidata (name, version, contact)')
    .action(async (opts: { online?: boolean; gazetteer: string; search?: string[]; searchType?: string; userAgent?: string }) => {
      if (!opts.online) throw new Error('gazetteer refresh reaches wikidata.org: pass --online to allow it.');
      if (opts.searchType !== undefined && opts.searchType !== 'organization' && opts.searchType !== 'place') {
        throw new Error(`--search-type "${opts.searchType}" is not one of organization, place (humans are typed person by their P31).`);
      }
      const { refreshGazetteer } = await import('../link/refresh.js');
      const summary = await refreshGazetteer({
        path: opts.gazetteer,
        ...(opts.search ? { search: opts.search } : {}),
        ...(opts.searchType ? { searchType: opts.searchType } : {}),
        ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
      });
      process.stdout.write(`${opts.gazetteer}: ${summary}\n`);
    });
}
