/**
 * `archive-ld extract <file or folder>...` : records in, RDF out (TriG by default: one named graph per record).
 *
 * Every record is processed; a record that fails gets one readable line on stderr (file:line: problem. what to
 * do) and the command exits 1 after writing the records that succeeded. Output is reproducible: the same inputs
 * give byte-identical N-Quads, because the extraction time is left out unless --run-time (or the
 * reproducible-builds variable SOURCE_DATE_EPOCH) supplies one.
 */
import type { Command } from 'commander';
import { readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { Quad } from '@rdfjs/types';
import type { RecordExtraction } from '../extract/types.js';
import { RecordError } from '../extract/types.js';
import { packageVersion, rootPath } from '../paths.js';
import { DEFAULT_BASE, normaliseBase, toQuads } from '../model/index.js';
import { FORMAT_INFO, formatFromName, serialize, type RdfFormat } from '../rdf/index.js';

/** The stage the CLI drives: one record file in, one extraction out. */
export type Extractor = (file: string, input: Uint8Array) => RecordExtraction | Promise<RecordExtraction>;

export interface ExtractOptions {
  format: RdfFormat;
  base: string;
  version: string;
  /** Extraction time recorded as prov:startedAtTime; absent = not recorded (reproducible output). */
  now?: Date;
  /** Also validate the output against the shapes; failures make the run fail. */
  validate?: boolean;
}

export interface ExtractOutcome {
  /** The serialised RDF of every record that succeeded. */
  output: string;
  /** One readable line per failed record or problem. */
  errors: string[];
  /** Notes that are not failures (e.g. graphs dropped by a triples-only format). */
  notes: string[];
  records: number;
  quads: number;
  /** Validation report text, when asked for and not conforming. */
  report?: string;
}

/** Notes kept beside records in a folder (README, sidecar JSON/Markdown): not records, skipped in folder walks. */
const NOT_A_RECORD = /^(readme|license|notes?)(\.|$)|\.(md|json|jsonl|ttl|trig|nq|nt|jsonld)$/i;

/**
 * Files a record folder holds: regular files, sorted so runs are reproducible; hidden files and notes beside the
 * records (README.md, *.json, RDF output) are skipped. Files named explicitly are always taken.
 */
export function expandInputs(paths: string[]): { files: string[]; errors: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || NOT_A_RECORD.test(name)) continue;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) files.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      errors.push(`${p}:0: no such file or folder. Check the path (give record files or folders of them).`);
      continue;
    }
    if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return { files, errors };
}

/** One line for a failed record: file:line: problem. what to do. */
export function describeFailure(file: string, err: unknown): string {
  if (err instanceof RecordError) return err.message;
  const msg = err instanceof Error ? err.message : String(err);
  return `${file}:1: extraction failed: ${msg.replace(/\.$/, '')}. Check the record is one of the archive's export formats; if it is, report this with the file.`;
}

/** Extract, model and serialise every input. Pure apart from reading the inputs. */
export async function runExtract(paths: string[], options: ExtractOptions, extractor: Extractor): Promise<ExtractOutcome> {
  const { files, errors } = expandInputs(paths);
  const notes: string[] = [];
  const quads: Quad[] = [];
  const owner = new Map<string, string>();
  let records = 0;
  for (const file of files) {
    let input: Uint8Array;
    try {
      input = readFileSync(file);
    } catch (err) {
      errors.push(`${file}:0: cannot read the file (${(err as Error).message}). Check it exists and is readable.`);
      continue;
    }
    try {
      const ext = await extractor(file, input);
      const first = owner.get(ext.recordId);
      if (first !== undefined) {
        errors.push(
          `${file}:1: record id "${ext.recordId}" was already produced by ${first}. The two files are the same record (same archive URL or file stem): keep one.`,
        );
        continue;
      }
      owner.set(ext.recordId, file);
      const q = toQuads(ext, { base: options.base, version: options.version, ...(options.now ? { now: options.now } : {}) });
      quads.push(...q);
      records += 1;
    } catch (err) {
      errors.push(describeFailure(file, err));
    }
  }
  if (files.length === 0 && errors.length === 0) errors.push(`${paths.join(' ')}:0: no record files found. Give record files or folders holding them.`);
  if (!FORMAT_INFO[options.format].datasets && records > 1) {
    notes.push(`${options.format} holds no named graphs: the ${records} record graphs are merged. Use --format trig or nquads to keep them apart.`);
  }
  const outcome: ExtractOutcome = { output: await serialize(quads, options.format), errors, notes, records, quads: quads.length };
  if (options.validate) {
    // Loaded only when asked for: the SHACL engine is the slowest import of the CLI.
    const { formatReport, validate } = await import('../validate/index.js');
    const report = await validate(quads);
    if (!report.conforms) {
      outcome.report = formatReport(report, 'extracted RDF');
      errors.push(`extracted RDF: does not conform to ontology/shapes.ttl (report above). Fix the extractor or the shapes.`);
    }
  }
  return outcome;
}

/** Write a file atomically: a temporary file beside it, then a rename, so readers never see half a file. */
export function writeAtomically(path: string, content: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw new Error(`Cannot write ${path} (${(err as Error).message}). Check the folder exists and is writable (option --out).`);
  }
}

/** The run time from --run-time ('now' or an ISO date-time) or SOURCE_DATE_EPOCH; undefined when neither. */
export function runTime(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Date | undefined {
  if (option !== undefined) {
    const d = option === 'now' ? new Date() : new Date(option);
    if (Number.isNaN(d.getTime())) {
      throw new Error(`--run-time "${option}" is neither "now" nor an ISO date-time such as 2026-01-31T12:00:00Z.`);
    }
    return d;
  }
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH "${epoch}" is not a number of seconds. Unset it or fix it.`);
    return new Date(Number(epoch) * 1000);
  }
  return undefined;
}

export function register(program: Command): void {
  program
    .command('extract')
    .description('Extract records (files or folders of them) to RDF: one named graph per record, TriG on stdout by default.')
    .argument('<paths...>', 'record files or folders of record files')
    .option('-f, --format <format>', 'output format: trig, nquads, turtle, ntriples, jsonld', 'trig')
    .option('-o, --out <file>', 'write to this file (atomically) instead of stdout')
    .option('--base <iri>', 'base IRI for the data', DEFAULT_BASE)
    .option('--run-time <when>', 'record the extraction time as prov:startedAtTime: "now" or an ISO date-time (default: SOURCE_DATE_EPOCH if set, else not recorded, for byte-identical output)')
    .option('--validate', 'also check the output against ontology/shapes.ttl and fail when it does not conform')
    .addHelpText(
      'after',
      '\nExamples:\n  archive-ld extract data/records > records.trig\n  archive-ld extract data/records/x.txt --format nquads --out x.nq --validate\n',
    )
    .action(async (paths: string[], opts: { format: string; out?: string; base: string; runTime?: string; validate?: boolean }) => {
      const format = formatFromName(opts.format, '--format');
      const base = normaliseBase(opts.base);
      const now = runTime(opts.runTime);
      const { extractRecord } = await import('../extract/index.js');
      const outcome = await runExtract(
        paths,
        { format, base, version: packageVersion(), ...(now ? { now } : {}), ...(opts.validate ? { validate: true } : {}) },
        extractRecord,
      );
      if (opts.out) {
        writeAtomically(opts.out, outcome.output);
        process.stderr.write(`${relative(process.cwd(), opts.out) || opts.out}: ${outcome.records} record(s), ${outcome.quads} quads (${format}).\n`);
      } else {
        process.stdout.write(outcome.output);
      }
      for (const n of outcome.notes) process.stderr.write(`note: ${n}\n`);
      if (outcome.report) process.stderr.write(outcome.report);
      for (const e of outcome.errors) process.stderr.write(`${e}\n`);
      if (outcome.errors.length) process.exitCode = 1;
    });
}
