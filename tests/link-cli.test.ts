import { describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from 'n3';
import { register } from '../src/cli/link.js';
import { rootPath } from '../src/paths.js';

describe('archive-ld link', () => {
  it('extracts the seed, writes the links graph as TriG and summarises each decision on stderr', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ald-link-')), 'links.trig');
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    try {
      const program = new Command().exitOverride();
      register(program);
      await program.parseAsync(['node', 'archive-ld', 'link', rootPath('data', 'records', '000_2dbcfce8bcb06762.txt'), '--out', out, '--base', 'https://example.org/ald']);
    } finally {
      spy.mockRestore();
    }
    const quads = new Parser({ format: 'application/trig' }).parse(readFileSync(out, 'utf8'));
    const exact = quads.filter((q) => q.predicate.value === 'http://www.w3.org/2004/02/skos/core#exactMatch');
    expect(exact.map((q) => q.object.value.replace('http://www.wikidata.org/entity/', ''))).toEqual(expect.arrayContaining(['Q148', 'Q15180', 'Q16977', 'Q16988', 'Q22513', 'Q34800', 'Q5816', 'Q956']));
    expect(new Set(quads.map((q) => q.graph.value))).toEqual(new Set(['https://example.org/ald/graph/links']));
    expect(stderr.join('')).toMatch(new RegExp(`1 records: ${exact.length} linked, \\d+ review items \\(gazetteer sha256:[0-9a-f]{16}\\)`));
    expect(stderr.join('')).toMatch(/wcda-118206\tlinked\tperson\/mao-zedong\tQ5816\t100/);
  });
});

describe('archive-ld gazetteer', () => {
  it('build writes the gazetteer from a reference file and reports its counts', async () => {
    const { register: registerGazetteer } = await import('../src/cli/gazetteer.js');
    const out = join(mkdtempSync(join(tmpdir(), 'ald-gaz-')), 'g.ttl');
    const stdout: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
    try {
      const program = new Command().exitOverride();
      registerGazetteer(program);
      await program.parseAsync(['node', 'archive-ld', 'gazetteer', 'build', '--out', out]);
    } finally {
      spy.mockRestore();
    }
    expect(stdout.join('')).toMatch(/19 linkable wd: items/);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(rootPath('data', 'wikidata', 'gazetteer.ttl'), 'utf8'));
  });

  it('refresh refuses to reach the network without --online', async () => {
    const { register: registerGazetteer } = await import('../src/cli/gazetteer.js');
    const program = new Command().exitOverride();
    registerGazetteer(program);
    await expect(program.parseAsync(['node', 'archive-ld', 'gazetteer', 'refresh'])).rejects.toThrow('gazetteer refresh reaches wikidata.org: pass --online to allow it.');
  });
});
