import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { rootPath } from '../src/paths.js';
import { extractRecord, slugOf } from '../src/extract/index.js';
import { generateCorpus, loadSynthLists, Random, writeCorpus, SYNTH_MANIFEST, type SynthRecord } from '../src/synth/index.js';

const lists = loadSynthLists();

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'archive-ld-synth-'));
}

describe('Random', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const sa = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(sa);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('writeCorpus', () => {
  it('writes byte-identical files for the same seed, different ones for another seed', async () => {
    const [d1, d2, d3] = [tempDir(), tempDir(), tempDir()];
    try {
      await writeCorpus(30, d1, { seed: 5 });
      await writeCorpus(30, d2, { seed: 5 });
      await writeCorpus(30, d3, { seed: 6 });
      const names = readdirSync(d1).sort();
      expect(names).toHaveLength(31);
      expect(names).toContain(SYNTH_MANIFEST);
      expect(readdirSync(d2).sort()).toEqual(names);
      for (const n of names) expect(readFileSync(join(d2, n)).equals(readFileSync(join(d1, n))), n).toBe(true);
      const differing = names.filter((n) => {
        try {
          return !readFileSync(join(d3, n)).equals(readFileSync(join(d1, n)));
        } catch {
          return true;
        }
      });
      expect(differing.length).toBeGreaterThan(25);
    } finally {
      for (const d of [d1, d2, d3]) rmSync(d, { recursive: true, force: true });
    }
  });

  it('refuses a negative record count with the value in the message', async () => {
    await expect(writeCorpus(-3, tempDir())).rejects.toThrow(/-3/);
  });
});

describe('generateCorpus', () => {
  const records: SynthRecord[] = [...generateCorpus(120, 11, lists)];

  it('covers every layout, every kind, the languages of the lists and translation-only records', () => {
    expect(new Set(records.map((r) => r.layout))).toEqual(new Set(['plain-export', 'web-current', 'web-legacy', 'pdf-export']));
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['minutes', 'cable', 'letter']));
    expect(new Set(records.map((r) => r.language)).size).toBe(Object.keys(lists.languages).length);
    expect(records.some((r) => r.translationOnly)).toBe(true);
    const scripts = [/\p{Script=Han}/u, /\p{Script=Cyrillic}/u, /\p{Script=Hangul}/u, /[ăîșțđơư]/u];
    for (const s of scripts) expect(records.some((r) => s.test(r.text)), String(s)).toBe(true);
  });

  it('writes records of roughly the seed record size on average (10-20 KB)', () => {
    const avg = records.reduce((n, r) => n + Buffer.byteLength(r.text), 0) / records.length;
    expect(avg).toBeGreaterThan(10_000);
    expect(avg).toBeLessThan(20_000);
  });

  it('gives every record its own file name and record number', () => {
    expect(new Set(records.map((r) => r.fileName)).size).toBe(records.length);
    expect(new Set(records.map((r) => r.recordNumber)).size).toBe(records.length);
  });

  it('writes dates in several forms (month names, ISO, CJK, dotted)', () => {
    const all = records.map((r) => r.text).join('\n');
    expect(all).toMatch(/\b(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}/);
    expect(all).toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(all).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(all).toMatch(/\d{4}년 \d{1,2}월 \d{1,2}일/);
    expect(all).toMatch(/\b\d{2}\.\d{2}\.\d{4}\b/);
  });
});

describe('synthetic records through the extractor', () => {
  it('extracts 50 records without error and finds the people put into them', { timeout: 300_000 }, () => {
    const dir = tempDir();
    try {
      const records = [...generateCorpus(50, 3, lists)];
      let expected = 0;
      let found = 0;
      const missed: string[] = [];
      const ids = new Set<string>();
      for (const r of records) {
        const ext = extractRecord(r.fileName, Buffer.from(r.text));
        ids.add(ext.recordId);
        const keys = new Set(ext.people.map((p) => p.key));
        for (const p of r.people) {
          expected++;
          if (keys.has(slugOf(p.name))) found++;
          else missed.push(`${r.fileName}: ${p.part} ${p.name}`);
        }
      }
      expect(ids.size).toBe(50);
      // The extractor is measured on unseen text: most, not necessarily all, names must be found.
      expect(found / expected, missed.join('\n')).toBeGreaterThanOrEqual(0.9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('archive-ld synth', () => {
  const bin = rootPath('bin', 'archive-ld.js');

  it('writes the records and says how many, how large, with which seed', () => {
    const dir = tempDir();
    try {
      const out = execFileSync(process.execPath, [bin, 'synth', '3', '--out', dir, '--seed', '2'], { encoding: 'utf8' });
      expect(out).toMatch(/^Wrote 3 record\(s\), [\d.]+ MB \(\d+ bytes on average\) to .* \(seed 2\)/);
      expect(readdirSync(dir).filter((n) => n.endsWith('.txt'))).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a count that is not a whole number, naming it', () => {
    const res = spawnSync(process.execPath, [bin, 'synth', 'ten', '--out', tmpdir()], { encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain("the record count must be a whole number >= 0, got 'ten'");
  });
});

describe('loadSynthLists', () => {
  it('refuses a language whose sentences are not paired with the English ones, naming the file and language', () => {
    const dir = tempDir();
    try {
      cpSync(rootPath('data', 'synth'), dir, { recursive: true });
      const langs = JSON.parse(readFileSync(join(dir, 'languages.json'), 'utf8')) as Record<string, { sentences: string[] }>;
      langs.de?.sentences.pop();
      writeFileSync(join(dir, 'languages.json'), JSON.stringify(langs));
      expect(() => loadSynthLists(dir)).toThrow(/languages\.json "de".*sentences are paired/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
