/** The whole path on the seed record: the real extractor's output linked against the committed gazetteer. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { rootPath } from '../src/paths.js';
import { extractRecord } from '../src/extract/index.js';
import { loadGazetteer } from '../src/link/gazetteer.js';
import { linkExtraction } from '../src/link/reconcile.js';
import { linkQuads } from '../src/link/quads.js';

const file = rootPath('data', 'records', '000_2dbcfce8bcb06762.txt');
const ext = extractRecord(file, readFileSync(file));
const result = linkExtraction(ext, loadGazetteer());
const linked = Object.fromEntries(result.links.filter((l) => l.decision === 'linked').map((l) => [`${l.subject.kind}/${l.subject.key}`, l.best?.entry.qid]));

describe('linking the extracted seed record', () => {
  it('links Mao Zedong, Liu Shaoqi, Zhu De, Deng Xiaoping, the Soviet Union, the PRC, Xinjiang and Beijing to their QIDs', () => {
    expect(linked).toMatchObject({
      'person/mao-zedong': 'Q5816',
      'person/liu-shaoqi': 'Q16988',
      'person/zhu-de': 'Q22513',
      'person/deng-xiaoping': 'Q16977',
      'place/soviet-union': 'Q15180',
      'place/china': 'Q148',
      'place/xinjiang': 'Q34800',
      'place/beijing': 'Q956',
    });
  });

  it('links nothing else but the Chinese Communist Party (a parent body the record implies), each QID once', () => {
    const extra = Object.entries(linked).filter(([, q]) => !['Q5816', 'Q16988', 'Q22513', 'Q16977', 'Q15180', 'Q148', 'Q34800', 'Q956'].includes(q ?? ''));
    expect(extra.every(([k, q]) => k === 'institution/ccp' && q === 'Q17427')).toBe(true);
    expect(new Set(Object.values(linked)).size).toBe(Object.values(linked).length);
  });

  it('links Mao Zedong through the distribution entry 主席', () => {
    const mao = result.links.find((l) => l.best?.entry.qid === 'Q5816');
    expect(mao?.best?.evidence.join(' | ')).toContain('distribution-list entry "主席"');
  });

  it('does not link Xu Ming, and links no entity to anything but a sourced wd: item', () => {
    const xu = result.links.find((l) => l.subject.label === 'Xu Ming');
    expect(xu?.decision).toBe('review');
    const gaz = loadGazetteer();
    for (const q of linkQuads([result], 'http://localhost:3030/').filter((x) => x.predicate.value.endsWith('core#exactMatch'))) {
      expect(gaz.byIri.get(q.object.value)?.qidStatus).toMatch(/^verified/);
    }
  });

  it('keeps review items for the people with authority records, with the offices they held as evidence', () => {
    const m = result.links.find((l) => l.best?.entry.key === 'nikolai_mesyatsev');
    expect(m?.decision).toBe('review');
    expect(m?.best?.features).toContain('position:match');
  });
});
