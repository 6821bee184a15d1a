/**
 * `archive-ld validate <file>` : check an RDF file against ontology/shapes.ttl and print the report.
 * Exit status 0 when it conforms, 1 when it does not or cannot be read.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { formatFromName, formatFromPath, parseAsync, type RdfFormat } from '../rdf/index.js';
import { formatReport, validate, type ValidationReportSummary } from '../validate/index.js';

/** Read, parse and validate one RDF file. Throws with file and line when it cannot be read or parsed. */
export async function validateFile(file: string, formatName?: string): Promise<{ report: ValidationReportSummary; text: string; quads: number }> {
  let format: RdfFormat;
  if (formatName) format = formatFromName(formatName, '--format');
  else {
    const guessed = formatFromPath(file);
    if (!guessed) {
      throw new Error(`${file}: cannot tell the RDF format from the extension. Use .ttl, .trig, .nq, .nt or .jsonld, or pass --format.`);
    }
    format = guessed;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read the file (${(err as Error).message}). Check the path.`);
  }
  const quads = await parseAsync(text, format, undefined, file);
  const report = await validate(quads);
  return { report, text: formatReport(report, file), quads: quads.length };
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('Check an RDF file (TriG, N-Quads, Turtle, N-Triples, JSON-LD) against the SHACL shapes in ontology/shapes.ttl.')
    .argument('<file>', 'RDF file; the format comes from the extension unless --format is given')
    .option('-f, --format <format>', 'input format: trig, nquads, turtle, ntriples, jsonld')
    .addHelpText('after', '\nExample:\n  archive-ld extract data/records --out records.trig && archive-ld validate records.trig\n')
    .action(async (file: string, opts: { format?: string }) => {
      const { report, text } = await validateFile(file, opts.format);
      process.stdout.write(text);
      if (!report.conforms) process.exitCode = 1;
    });
}
