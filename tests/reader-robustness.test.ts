import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RecordError, readRecord } from '../src/extract/reader/index.js';
import { rootPath } from '../src/paths.js';
import { badSpans } from './reader-spans.js';

const DIR = rootPath('tests', 'fixtures', 'records');
const fixtures = readdirSync(DIR).filter((f) => !f.startsWith('invalid-') && /\.(txt|html?)$/u.test(f));

/** Small deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A damaged copy of a record: cut short, lines dropped or doubled, line ends changed, spaces added. */
function damage(text: string, r: () => number): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (const l of lines) {
    const x = r();
    if (x < 0.08) continue; // dropped
    if (x < 0.12) out.push(l, l); // doubled
    else if (x < 0.16) out.push(`${l}\r`); // CRLF
    else if (x < 0.2) out.push(`\t${l}  `);
    else out.push(l);
  }
  const joined = out.join('\n');
  return r() < 0.5 ? joined.slice(0, Math.floor(joined.length * (0.3 + r() * 0.7))) : joined;
}

describe('readRecord on damaged records', () => {
  for (const name of fixtures) {
    it(`${name}: every damaged copy is read with exact spans or refused with a RecordError`, () => {
      const text = readFileSync(`${DIR}/${name}`, 'utf8');
      const r = rng(name.length * 7919 + text.length);
      let read = 0;
      for (let n = 0; n < 25; n++) {
        const input = damage(text, r);
        try {
          const doc = readRecord(`damaged-${n}-${name}`, input);
          expect(badSpans(doc), `copy ${n}`).toEqual([]);
          read++;
        } catch (err) {
          if (!(err instanceof RecordError)) throw new Error(`copy ${n} of ${name}: ${(err as Error).stack ?? String(err)}`);
          expect(err.message).toMatch(/^damaged-\d+-.+:\d+: .+\. .+/u);
        }
      }
      expect(read).toBeGreaterThan(0);
    });
  }
});
