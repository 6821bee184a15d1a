import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractRecord, speakersFromAlignedTurns } from '../src/extract/index.js';
import { readRecord } from '../src/extract/reader/index.js';

const FILE = 'tests/fixtures/speakers/role-tags-hu-1966.txt';

describe('speakers of turns tagged with a role alone', () => {
  it('takes the speaker of the aligned translation turn when the original tags a turn "Nagykövet:" (ambassador)', () => {
    const ext = extractRecord(FILE, readFileSync(FILE));
    const byTurn = ext.doc.turns.map((t, i) => `${t.part}${t.index} ${t.speaker.text}=${ext.turnSpeakers[i] ?? '?'}`);
    expect(byTurn).toEqual([
      'original0 Nagykövet=kerekes',
      'original1 Lindqvist=lindqvist',
      'original2 Nagykövet=kerekes',
      'original3 Lindqvist=lindqvist',
      'translation0 Kerekes=kerekes',
      'translation1 Lindqvist=lindqvist',
      'translation2 Kerekes=kerekes',
      'translation3 Lindqvist=lindqvist',
    ]);
    // The ambassador's tag does not make a person of its own.
    expect(ext.people.map((p) => p.key)).not.toContain('nagykovet');
  });

  it('fills a turn only from the turn it is aligned with, in either direction, and leaves unaligned turns alone', () => {
    const doc = readRecord(FILE, readFileSync(FILE));
    const parts = doc.turns.map((t) => `${t.part}${t.index}`);
    expect(parts).toEqual(['original0', 'original1', 'original2', 'original3', 'translation0', 'translation1', 'translation2', 'translation3']);
    const speakers = ['a', undefined, undefined, 'b', 'a', 'c', undefined, undefined];
    const filled = speakersFromAlignedTurns(doc, speakers, [
      { translation: 0, original: 0 },
      { translation: 1, original: 1 },
      { translation: 3, original: 3 },
    ]);
    // original1 <- translation1; translation3 <- original3; original2 and translation2 are not aligned.
    expect(filled).toEqual(['a', 'c', undefined, 'b', 'a', 'c', undefined, 'b']);
    expect(speakers[1]).toBeUndefined();
  });
});
