import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { runBuild } from '../src/build/index.js';
import { loadConfig } from '../src/config/index.js';
import { parse } from '../src/rdf/index.js';
import { writeCorpus } from '../src/synth/index.js';

/** The graphs of dataset.nq.gz as the publication defines it: the parts' .nq.gz members in the manifest's order. */
function graphsOf(outDir: string): Set<string> {
  const manifest = JSON.parse(readFileSync(join(outDir, 'dumps', 'manifest.json'), 'utf8')) as { parts: string[] };
  const gz = Buffer.concat(manifest.parts.map((p) => readFileSync(join(outDir, 'dumps', `${p}.nq.gz`))));
  const text = gunzipSync(gz).toString('utf8');
  return new Set(parse(text, 'nquads').map((q) => q.graph.value));
}

describe('a synthetic corpus through the whole build', () => {
  it('builds every synthetic record, and a rebuild after removing and changing records publishes exactly the current ones', { timeout: 600_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'archive-ld-scale-'));
    try {
      const dataDir = join(work, 'data');
      const corpus = await writeCorpus(12, join(dataDir, 'records'), { seed: 9 });
      const config = loadConfig({ dataDir, outDir: join(work, 'out'), logLevel: 'silent' });
      const logger = pino({ level: 'silent' });
      // allowInvalid: this test is about what the build publishes; SHACL findings on synthetic records are the
      // extractor's to fix (they are reported as warnings) and would hide the removal/change behaviour here.
      const first = await runBuild({ config, logger, version: 'test', progress: false, allowInvalid: true });
      expect(first.failures.map((f) => `${f.file}:${f.line}: ${f.reason}`)).toEqual([]);
      expect(first.manifest.counts.built).toBe(12);
      const recordGraphs = (g: Set<string>): string[] => [...g].filter((iri) => /\/graph\/(?!ontology|links|gazetteer)/.test(iri)).sort();
      expect(recordGraphs(graphsOf(config.outDir))).toHaveLength(12);

      // Remove two records, change one: the next build publishes ten graphs, the changed one with its new text.
      const [gone1, gone2] = corpus.files as [string, string];
      const changed = corpus.records.slice(2).find((r) => r.layout === 'plain-export')?.fileName ?? '';
      const goneIds = first.manifest.records.filter((r) => r.file.endsWith(gone1) || r.file.endsWith(gone2)).map((r) => r.recordId);
      expect(goneIds).toHaveLength(2);
      unlinkSync(join(dataDir, 'records', gone1));
      unlinkSync(join(dataDir, 'records', gone2));
      const changedPath = join(dataDir, 'records', changed);
      const text = readFileSync(changedPath, 'utf8');
      expect(text).toContain('Summary:\n\n');
      writeFileSync(changedPath, text.replace('Summary:\n\n', 'Summary:\n\nRevised. '));
      const second = await runBuild({ config, logger, version: 'test', progress: false, allowInvalid: true });
      expect(second.failures).toEqual([]);
      // Incremental: only the changed record is extracted again, the nine unchanged ones come from the cache.
      expect(second.manifest.counts.built).toBe(1);
      expect(second.manifest.counts.reused).toBe(9);
      expect(second.manifest.counts.removed).toBe(2);
      const graphs = recordGraphs(graphsOf(config.outDir));
      expect(graphs).toHaveLength(10);
      for (const id of goneIds) expect(graphs.some((g) => g.endsWith(`/${id}`))).toBe(false);
      const before = first.manifest.records.find((r) => r.file.endsWith(changed));
      const after = second.manifest.records.find((r) => r.file.endsWith(changed));
      expect(after?.sha256).toBeDefined();
      expect(after?.sha256).not.toBe(before?.sha256);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
