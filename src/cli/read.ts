/**
 * `archive-ld read <file>...` : show what the record reader finds in a record (layout, metadata sections,
 * parts, header fields, speaker turns, page furniture, warnings), as text or as the RecordDoc in JSON. For
 * checking a new record or a new layout before extraction.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { readRecord } from '../extract/reader/index.js';
import type { RecordDoc, Span } from '../extract/types.js';
import { RecordError } from '../extract/types.js';

export interface ReadOptions {
  json?: boolean;
}

/** 1-based line of an offset. */
function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\n|\r/u).length;
}

function short(s: string, n = 70): string {
  const one = s.replace(/\s+/gu, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/** A readable summary of a read record, one fact per line. */
export function describeDoc(doc: RecordDoc): string {
  const out: string[] = [];
  const at = (s: Span): string => `line ${lineAt(doc.text, s.start)}`;
  const field = (name: string, s: Span | undefined): void => {
    if (s) out.push(`${name}: ${short(s.text)} (${at(s)})`);
  };
  out.push(`${doc.file}: layout ${doc.layout}, ${doc.text.length} chars, sha256 ${doc.sha256.slice(0, 12)}`);
  field('date', doc.date);
  field('title', doc.title);
  field('citation', doc.citation);
  field('url', doc.url);
  field('summary', doc.summary);
  field('original language', doc.originalLanguage);
  if (doc.contents.length) out.push(`contents: ${doc.contents.map((c) => c.text).join(' | ')}`);
  for (const f of doc.documentInformation) out.push(`document information: ${f.label} = ${f.value ? short(f.value.text, 50) : '(empty)'}`);
  for (const part of ['original', 'translation'] as const) {
    const region = doc[part];
    if (!region) {
      out.push(`${part}: none`);
      continue;
    }
    const turns = doc.turns.filter((t) => t.part === part);
    out.push(
      `${part}: lines ${lineAt(doc.text, region.start)}-${lineAt(doc.text, region.end)}, ` +
        `${doc.paragraphs.filter((p) => p.part === part).length} paragraphs, ${turns.length} turns`,
    );
    for (const h of doc.headings.filter((x) => x.part === part)) out.push(`  heading: ${short(h.span.text)}`);
    for (const h of doc.header.filter((x) => x.part === part)) out.push(`  ${h.key}: ${h.label.text} = ${short(h.value.text, 50)}`);
    if (turns.length) out.push(`  speakers: ${turns.map((t) => t.speaker.text).join(', ')}`);
  }
  const kinds = new Map<string, number>();
  for (const f of doc.furniture) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
  if (kinds.size) out.push(`furniture: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const w of doc.warnings) out.push(`warning: ${doc.file}:${w.line}: ${w.message}`);
  return `${out.join('\n')}\n`;
}

/**
 * Read each file and write its summary (or JSON) with `write`; a record that cannot be read gets one line
 * through `fail`. Returns the exit code: 0 when every record was read, 1 otherwise.
 */
export function readFiles(files: string[], opts: ReadOptions, write: (s: string) => void, fail: (s: string) => void): number {
  let code = 0;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      fail(`${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Check the path.`);
      code = 1;
      continue;
    }
    try {
      const doc = readRecord(file, bytes);
      write(opts.json ? `${JSON.stringify(doc, null, 2)}\n` : describeDoc(doc));
    } catch (err) {
      if (!(err instanceof RecordError)) throw err;
      fail(err.message);
      code = 1;
    }
  }
  return code;
}

/** Registers `read`. */
export function register(program: Command): void {
  program
    .command('read')
    .description("show what the record reader finds in records (layout, sections, parts, turns, furniture, warnings)")
    .argument('<files...>', 'record files (plain-text export, PDF export as text, or saved HTML page)')
    .option('--json', 'print the whole RecordDoc as JSON instead of a summary')
    .action((files: string[], opts: ReadOptions) => {
      const code = readFiles(files, opts, (s) => process.stdout.write(s), (s) => process.stderr.write(`${s}\n`));
      if (code) process.exitCode = code;
    });
}
