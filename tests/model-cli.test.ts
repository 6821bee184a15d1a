import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractRecord } from '../src/extract/index.js';
import { expandInputs, runExtract, runTime, writeAtomically } from '../src/cli/extract.js';
import { validateFile } from '../src/cli/validate.js';
import { parse } from '../src/rdf/index.js';
import { DEFAULT_BASE } from '../src/model/index.js';
import { rootPath } from '../src/paths.js';

const run = promisify(execFile);
const BIN = rootPath('bin', 'archive-ld.js');
const FIXTURES = join('tests', 'fixtures', 'records');
const OPTS = { format: 'nquads' as const, base: DEFAULT_BASE, version: 'test' };
const fixture = (name: string) => join(FIXTURES, name);
const validFixture = readdirSync(rootPath(FIXTURES)).filter((n) => n.endsWith('.txt') && !n.startsWith('invalid-')).sort()[0]!;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: rootPath(), maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('runExtract', () => {
  it('writes one named graph per record and one error line per failed record', { timeout: 120_000 }, async () => {
    const out = await runExtract([fixture(validFixture), fixture('invalid-empty.txt')], OPTS, extractRecord);
    expect(out.records).toBe(1);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatch(/^tests\/fixtures\/records\/invalid-empty\.txt:\d+: .+\. .+/);
    const graphs = new Set(parse(out.output, 'nquads').map((q) => q.graph.value));
    expect(graphs.size).toBe(1);
    expect([...graphs][0]).toMatch(/^http:\/\/localhost:3030\/graph\//);
  });

  it('refuses a second file that gives the same record id', { timeout: 60_000 }, async () => {
    const out = await runExtract([fixture(validFixture), fixture(validFixture)], OPTS, extractRecord);
    expect(out.records).toBe(1);
    expect(out.errors).toEqual([expect.stringMatching(/:1: record id ".+" was already produced by .+ keep one\.$/)]);
  });

  it('reports a path that does not exist', async () => {
    const out = await runExtract(['no/such/place.txt'], OPTS, extractRecord);
    expect(out.errors).toEqual(['no/such/place.txt:0: no such file or folder. Check the path (give record files or folders of them).']);
    expect(out.output).toBe('');
  });

  it('notes that a triples-only format merges the record graphs', { timeout: 120_000 }, async () => {
    const two = readdirSync(rootPath(FIXTURES)).filter((n) => n.endsWith('.txt') && !n.startsWith('invalid-')).sort().slice(0, 2);
    const out = await runExtract(two.map(fixture), { ...OPTS, format: 'turtle' }, extractRecord);
    expect(out.notes.join('\n')).toMatch(/turtle holds no named graphs/);
  });
});

describe('expandInputs', () => {
  it('lists a folder recursively in sorted order, skipping hidden files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ald-in-'));
    writeFileSync(join(dir, 'b.txt'), 'x');
    writeFileSync(join(dir, 'a.txt'), 'x');
    writeFileSync(join(dir, '.hidden'), 'x');
    writeFileSync(join(dir, 'README.md'), 'x');
    writeFileSync(join(dir, 'out.trig'), 'x');
    expect(expandInputs([dir]).files).toEqual([join(dir, 'a.txt'), join(dir, 'b.txt')]);
    expect(expandInputs([join(dir, 'README.md')]).files).toEqual([join(dir, 'README.md')]);
  });
});

describe('writeAtomically', () => {
  it('writes the file and leaves no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ald-out-'));
    writeAtomically(join(dir, 'x.nq'), 'content\n');
    expect(readFileSync(join(dir, 'x.nq'), 'utf8')).toBe('content\n');
    expect(readdirSync(dir)).toEqual(['x.nq']);
  });
  it('says which file could not be written and which option to check', () => {
    expect(() => writeAtomically('/no/such/dir/x.nq', '')).toThrow(/^Cannot write \/no\/such\/dir\/x\.nq .*option --out/);
  });
});

describe('runTime', () => {
  it('is absent by default so output stays reproducible', () => {
    expect(runTime(undefined, {})).toBeUndefined();
  });
  it('takes an ISO time, "now", or SOURCE_DATE_EPOCH', () => {
    expect(runTime('2026-01-31T12:00:00Z', {})?.toISOString()).toBe('2026-01-31T12:00:00.000Z');
    expect(runTime('now', {})).toBeInstanceOf(Date);
    expect(runTime(undefined, { SOURCE_DATE_EPOCH: '86400' })?.toISOString()).toBe('1970-01-02T00:00:00.000Z');
  });
  it('rejects a value it cannot read', () => {
    expect(() => runTime('yesterday', {})).toThrow('--run-time "yesterday" is neither "now" nor an ISO date-time');
  });
});

describe('archive-ld extract / validate (processes)', () => {
  it('prints byte-identical N-Quads on two runs', { timeout: 120_000 }, async () => {
    const a = await cli(['extract', fixture(validFixture), '--format', 'nquads']);
    const b = await cli(['extract', fixture(validFixture), '--format', 'nquads']);
    expect(a.code).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(b.stdout).toBe(a.stdout);
  });

  it('exits 1 with a file:line message when a record fails, still writing the others', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ald-cli-'));
    const out = join(dir, 'out.trig');
    const r = await cli(['extract', fixture(validFixture), fixture('invalid-empty.txt'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tests\/fixtures\/records\/invalid-empty\.txt:\d+: /m);
    expect(existsSync(out)).toBe(true);
    const v = await cli(['validate', out]);
    expect(v.stdout).toMatch(/out\.trig: (conforms|does NOT conform)/);
  });

  it('validate exits 1 and prints focus node and path for a graph that breaks the shapes', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ald-val-'));
    const file = join(dir, 'bad.ttl');
    writeFileSync(
      file,
      '@prefix ald: <http://localhost:3030/ontology#> .\n<http://localhost:3030/person/x> a ald:Person .\n',
    );
    const r = await cli(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('focus node: <http://localhost:3030/person/x>');
    expect(r.stdout).toContain('path:       <http://www.w3.org/2000/01/rdf-schema#label>');
  });

  it('documents both commands in --help', { timeout: 60_000 }, async () => {
    const e = await cli(['extract', '--help']);
    expect(e.stdout).toContain('--format <format>');
    expect(e.stdout).toContain('--run-time <when>');
    const v = await cli(['validate', '--help']);
    expect(v.stdout).toContain('Check an RDF file');
  });
});

describe('validateFile', () => {
  it('names the file and line of a syntax error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ald-syn-'));
    const file = join(dir, 'broken.ttl');
    writeFileSync(file, '<http://e/a> <http://e/b> .\n');
    await expect(validateFile(file)).rejects.toThrow(new RegExp(`^${file.replace(/[.]/g, '\\.')}:1: `));
  });
  it('asks for --format when the extension says nothing', async () => {
    await expect(validateFile('x.data')).rejects.toThrow(/pass --format/);
  });
});

describe('output to a pipe that closes early', () => {
  it('ends quietly with status 0 when the reader goes away (archive-ld extract ... | head)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, 'extract', 'data/records', '--format', 'nquads'], { cwd: rootPath(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Read the first chunk, then close the pipe as `head` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});
