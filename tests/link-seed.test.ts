/**
 * The seed record's entities, in the shapes the extractor gives them (built by hand here), linked against the
 * committed gazetteer built from the reference file.
 */
import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../src/link/gazetteer.js';
import { linkExtraction } from '../src/link/reconcile.js';
import { linkQuads } from '../src/link/quads.js';
import { copy, extraction, institution, mention, person, place, role } from './link-helpers.js';

const gaz = loadGazetteer();
const header = { mentions: [mention('header'), mention('speakerTag')] };

const seed = extraction('wcda-118206', '1962-08-09', {
  people: [
    person('huang-zhen', 'Huang Zhen', [['Huang Zhen', 'full'], ['黃鎮', 'full'], ['黃', 'speakerTag'], ['Huang', 'surname']], { ...header, roles: [role('Vice Minister', '副部長')], side: 'china' }),
    person('nikolai-mesyatsev', 'Nikolai Mesyatsev', [['[Nikolai] Mesyatsev', 'editorial'], ['Nikolai Mesyatse', 'variant'], ['Mesyastev', 'variant'], ['Mesyatsev', 'speakerTag'], ['梅曉滋夫', 'full']], { ...header, roles: [role("Chargé d'affaires ad interim", '臨時代辦')], side: 'soviet-union' }),
    person('xu-ming', 'Xu Ming', [['Xu Ming', 'full'], ['徐明', 'full'], ['Xu', 'speakerTag']], { ...header, roles: [role('Deputy Director', '副司長')], side: 'china' }),
    person('groux', 'Groux', [['Groux', 'full'], ['格魯士', 'full']], header),
    person('wang-gaoqing', 'Wang Gaoqing', [['Wang Gaoqing', 'full'], ['王薏卿', 'full']], header),
    person('zhang-hanfu', 'Zhang Hanfu', [['Zhang Hanfu', 'full'], ['章漢夫', 'full']]),
    person('ji-pengfei', 'Ji Pengfei', [['Ji Pengfei', 'full'], ['姬鵬飛', 'full']]),
  ],
  places: [place('xinjiang', 'Xinjiang', ['新疆'], 'region'), place('soviet-union', 'Soviet Union', ['蘇聯', '苏联']), place('china', 'China', ['中國']), place('beijing', 'Beijing', [], 'city')],
  institutions: [institution('mfa-prc', 'Ministry of Foreign Affairs', ['外交部'], 'ministry'), institution('soviet-embassy-beijing', 'Soviet Embassy in Beijing', ['蘇聯駐華使館'], 'embassy')],
  distribution: [
    copy('主席', { kind: 'person', key: 'mao-zedong', label: 'Mao Zedong' }, 'established'),
    copy('少奇', { kind: 'person', key: 'liu-shaoqi', label: 'Liu Shaoqi' }, 'established'),
    copy('恩来', { kind: 'person', key: 'zhou-enlai', label: 'Zhou Enlai' }, 'established'),
    copy('朱德', { kind: 'person', key: 'zhu-de', label: 'Zhu De' }, 'explicit'),
    copy('小平', { kind: 'person', key: 'deng-xiaoping', label: 'Deng Xiaoping' }, 'established'),
    copy('李涛', { kind: 'person', key: 'li-tao', label: 'Li Tao' }, 'explicit'),
    copy('陈', { kind: 'person', key: 'chen-yi', label: 'Chen Yi' }, 'probable'),
    copy('黄', { kind: 'person', key: 'huang-zhen', label: 'Huang Zhen' }, 'probable'),
  ],
});

const result = linkExtraction(seed, gaz);
const linked = Object.fromEntries(result.links.filter((l) => l.decision === 'linked').map((l) => [l.subject.key, l.best?.entry.qid]));

describe('linking the seed record', () => {
  it('links exactly the entities with a sourced QID', () => {
    expect(linked).toEqual({
      'mao-zedong': 'Q5816',
      'liu-shaoqi': 'Q16988',
      'zhu-de': 'Q22513',
      'deng-xiaoping': 'Q16977',
      'soviet-union': 'Q15180',
      china: 'Q148',
      xinjiang: 'Q34800',
      beijing: 'Q956',
    });
  });

  it('records the distribution entry that identified Mao Zedong and the life-date check', () => {
    const mao = result.links.find((l) => l.subject.key === 'mao-zedong');
    expect(mao?.best?.evidence.join(' | ')).toMatch(/distribution-list entry "主席"/);
    expect(mao?.best?.features).toContain('alive:match');
    expect(mao?.best?.score).toBeGreaterThanOrEqual(mao?.threshold ?? 100);
  });

  it('keeps Xu Ming, Huang Zhen and Mesyatsev as review items matched to their authority records', () => {
    for (const key of ['xu-ming', 'huang-zhen', 'nikolai-mesyatsev']) {
      const l = result.links.find((x) => x.subject.key === key);
      expect(l?.decision, key).toBe('review');
      expect(l?.best?.entry.qid, key).toBeUndefined();
      expect(l?.best?.entry.iri, key).toMatch(/\/authority\/person\//);
    }
  });

  it('finds the Mesyatsev authority record from each of the four spellings alone', () => {
    for (const form of ['Mesyatsev', 'Nikolai Mesyatse', 'Mesyastev', 'Месяцев']) {
      const ext = extraction('x', '1962-08-09', { people: [person('m', form, [[form, 'full']])] });
      const l = linkExtraction(ext, gaz).links[0];
      expect(l?.best?.entry.key, form).toBe('nikolai_mesyatsev');
    }
  });

  it('writes skos:exactMatch only for linked entities, into the links graph', () => {
    const base = 'http://localhost:3030/';
    const quads = linkQuads([result], base);
    const exact = quads.filter((q) => q.predicate.value === 'http://www.w3.org/2004/02/skos/core#exactMatch');
    expect(exact).toHaveLength(8);
    expect(new Set(quads.map((q) => q.graph.value))).toEqual(new Set([`${base}graph/links`]));
    expect(exact.map((q) => q.subject.value)).toContain(`${base}person/mao-zedong`);
    expect(exact.every((q) => q.object.value.startsWith('http://www.wikidata.org/entity/Q'))).toBe(true);
    expect(quads.some((q) => q.subject.value === `${base}review/wcda-118206/person/xu-ming`)).toBe(true);
  });
});
