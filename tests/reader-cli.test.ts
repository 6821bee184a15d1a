import { describe, expect, it } from 'vitest';
import { readFiles } from '../src/cli/read.js';
import { rootPath } from '../src/paths.js';

const SEED = rootPath('data', 'records', '000_2dbcfce8bcb06762.txt');

function run(files: string[], json = false): { code: number; out: string; err: string[] } {
  let out = '';
  const err: string[] = [];
  const code = readFiles(files, { json }, (s) => (out += s), (s) => err.push(s));
  return { code, out, err };
}

describe('archive-ld read', () => {
  it('summarises the seed: layout, parts with line ranges, speakers and furniture', () => {
    const r = run([SEED]);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out).toContain('layout plain-export');
    expect(r.out).toContain('original: lines 31-120, 27 paragraphs, 8 turns');
    expect(r.out).toContain('translation: lines 126-164, 13 paragraphs, 8 turns');
    expect(r.out).toContain('  speakers: Mesyatsev, Huang, Xu, Mesyatsev, Huang, Xu, Mesyatsev, Huang');
    expect(r.out).toContain('furniture: runningHeader 4, pageMarker 1, archiveStamp 1, pageNumber 1, separator 2');
  });

  it('prints the RecordDoc as JSON with --json', () => {
    const r = run([SEED], true);
    const doc = JSON.parse(r.out) as { layout: string; turns: unknown[] };
    expect(doc.layout).toBe('plain-export');
    expect(doc.turns).toHaveLength(16);
  });

  it('reports unreadable records and missing files on one line each and exits 1, still reading the others', () => {
    const r = run([rootPath('tests', 'fixtures', 'records', 'invalid-empty.txt'), '/nonexistent/record.txt', SEED]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      `${rootPath('tests', 'fixtures', 'records', 'invalid-empty.txt')}:1: the record is empty (0 bytes). Export the record again from the archive, or remove the file`,
      '/nonexistent/record.txt: cannot read the file (ENOENT). Check the path.',
    ]);
    expect(r.out).toContain('layout plain-export');
  });
});
