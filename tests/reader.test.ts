import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRecord } from '../src/extract/reader/index.js';
import { rootPath } from '../src/paths.js';
import { allSpans, badSpans } from './reader-spans.js';

const SEED = rootPath('data', 'records', '000_2dbcfce8bcb06762.txt');

describe('readRecord on the seed (plain-text export)', () => {
  const bytes = readFileSync(SEED);
  const doc = readRecord(SEED, bytes);

  it('recognises the plain-export layout and keeps the text byte for byte', () => {
    expect(doc.layout).toBe('plain-export');
    expect(doc.text).toBe(bytes.toString('utf8'));
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(doc.file).toBe(SEED);
  });

  it('reads the date line, the bold title over three lines, citation and url', () => {
    expect(doc.date?.text).toBe('August 9, 1962');
    expect(doc.title?.text).toBe(
      "Minutes of Vice Minister Huang Zhen's Talk with\nNikolai Mesyatse, Chargé d'affaires Ad Interim of\nthe Soviet Embassy in Beijing",
    );
    expect(doc.citation?.text.startsWith('"Minutes of Vice Minister')).toBe(true);
    expect(doc.citation?.text.endsWith('PRC FMA 118-01767-01, 1-6. Translated by 7Brands.')).toBe(true);
    expect(doc.url?.text).toBe('https://wilson-center.drivingcreative.com/document/118206');
  });

  it('reads summary, credits, original language and the contents list', () => {
    expect(doc.summary?.text.startsWith('Huang Zhen, Mesyastev, and Xu discuss')).toBe(true);
    expect(doc.credits?.text).toBe('This document was made possible with support from MacArthur Foundation');
    expect(doc.originalLanguage?.text).toBe('Chinese');
    expect(doc.contents.map((c) => c.text)).toEqual(['Original Scan', 'Translation - English']);
    const labelled = doc.sections.filter((s) => s.label).map((s) => [s.kind, s.label?.text]);
    expect(labelled).toEqual([
      ['citation', 'Citation:'],
      ['summary', 'Summary:'],
      ['credits', 'Credits:'],
      ['originalLanguage', 'Original Language:'],
      ['contents', 'Contents:'],
    ]);
  });

  it('splits the body into the Chinese original and the English translation at the [...] separator', () => {
    expect(doc.original?.text.startsWith('62.08.09')).toBe(true);
    expect(doc.original?.text.endsWith('文总 411')).toBe(true);
    expect(doc.translation?.text.startsWith("Minutes of Vice Minister Huang Zhen's Talk with [Nikolai] Mesyatsev")).toBe(true);
    expect(doc.translation?.text.endsWith("Huang: Let's stop here for today.")).toBe(true);
    expect(doc.warnings).toEqual([]);
  });

  it('finds the eight English turns in order, speakers without the colon', () => {
    const t = doc.turns.filter((x) => x.part === 'translation');
    expect(t.map((x) => x.speaker.text)).toEqual(['Mesyatsev', 'Huang', 'Xu', 'Mesyatsev', 'Huang', 'Xu', 'Mesyatsev', 'Huang']);
    expect(t.map((x) => x.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(t[0]?.body.text).toBe(
      "I have been instructed to deliver a statement of the Soviet Government in reply to the Chinese Government's 26 June statement.",
    );
    // A turn runs over the following paragraphs until the next speaker tag.
    expect(t[2]?.body.text.startsWith('After hearing the preliminary translation')).toBe(true);
    expect(t[2]?.body.text.endsWith("before offering a reply.")).toBe(true);
    expect(t[5]?.body.text).toContain('you have taken the border crossers to your hinterland.');
    expect(t[7]?.body.text).toBe("Let's stop here for today.");
  });

  it('finds the eight original turns 梅/黃/徐/梅/黄/徐/梅/黃 and keeps stamps out of their ends', () => {
    const o = doc.turns.filter((x) => x.part === 'original');
    expect(o.map((x) => x.speaker.text)).toEqual(['梅', '黃', '徐', '梅', '黄', '徐', '梅', '黃']);
    expect(o[1]?.body.text.endsWith('徐明同志有什麼意見可以談一談。')).toBe(true);
    expect(o[1]?.body.text).not.toContain('— 上 —');
    expect(o[7]?.body.text).toBe('我們今天就談到这里吧。');
  });

  it('reads the header blocks of both parts with their keys', () => {
    const h = (part: string): Array<[string, string, string]> =>
      doc.header.filter((x) => x.part === part).map((x) => [x.key, x.label.text, x.value.text]);
    expect(h('translation')).toEqual([
      ['time', 'Time', '9 August 1962, 6:00 p.m.'],
      ['venue', 'Venue', 'Meeting Room, Ministry of Foreign Affairs'],
      ['alsoPresent', 'Also Present', 'Xu Ming, Deputy Director, and Groux, First Secretary of the Soviet Embassy'],
      ['interpreter', 'Interpreter', 'Wang Gaoqing'],
      ['minutesBy', 'Minutes Prepared', 'Li Debiao'],
    ]);
    const o = h('original');
    expect(o.slice(0, 5)).toEqual([
      ['time', '時間', '1962年8月9日下午6時'],
      ['venue', '地點', '本部會客室'],
      ['alsoPresent', '列席人', '徐明副司長、蘇使館一秘格魯士'],
      ['interpreter', '譯員', '王薏卿'],
      ['minutesBy', '記錄', '李德標'],
    ]);
    // The distribution list after the last turn is a header field too, over its five lines.
    expect(o[5]?.[0]).toBe('copy');
    expect(o[5]?.[2].startsWith('主席、少奇')).toBe(true);
    expect(o[5]?.[2].endsWith('存档3分 共印61分')).toBe(true);
  });

  it('reads the headings of both parts', () => {
    expect(doc.headings.map((h) => [h.part, h.span.text])).toEqual([
      ['original', '黃鎮副部長接見蘇聯駐華使館'],
      ['original', '臨時代辦梅曉滋夫談話記錄'],
      ['original', '梅曉滋夫交來蘇聯政府關於新疆居民逃入蘇聯問題的聲明'],
      ['translation', "Minutes of Vice Minister Huang Zhen's Talk with [Nikolai] Mesyatsev, Chargé d'affaires Ad Interim of the Soviet Embassy in Beijing"],
      ['translation', 'Statement of the Soviet Government concerning the Flight of Xinjiang Residents to the Soviet Union as Delivered by Mesyatsev'],
    ]);
  });

  it('recognises the page furniture: repeated file number, page marker, archive stamp, final page number, separators', () => {
    const f = doc.furniture.map((x) => [x.kind, x.span.text]);
    expect(f.filter(([k]) => k === 'runningHeader')).toEqual(Array(4).fill(['runningHeader', '118-01767-01']));
    expect(f).toContainEqual(['pageMarker', '— 上 —']);
    expect(f).toContainEqual(['archiveStamp', '外交部开放档案']);
    expect(f).toContainEqual(['pageNumber', '6']);
    expect(f.filter(([k]) => k === 'separator')).toHaveLength(2);
    expect(f).toHaveLength(9);
  });

  it('keeps furniture, header lines and headings out of the paragraphs, and speaker tags out of them', () => {
    const texts = doc.paragraphs.map((p) => p.span.text);
    for (const bad of ['118-01767-01', '— 上 —', '外交部开放档案', '6', '[...]', 'Venue: Meeting Room, Ministry of Foreign Affairs']) {
      expect(texts).not.toContain(bad);
    }
    expect(texts.some((t) => t.startsWith('時間'))).toBe(false);
    expect(texts.some((t) => t.startsWith('Mesyatsev:'))).toBe(false);
    expect(texts).toContain('我們今天就談到这里吧。');
    expect(doc.paragraphs.filter((p) => p.part === 'translation')).toHaveLength(13);
  });

  it('gives spans that all equal the slice of the text they cover', () => {
    expect(allSpans(doc).length).toBeGreaterThan(80);
    expect(badSpans(doc)).toEqual([]);
  });

  it('reads the same record given as a string, with the same hash of the UTF-8 bytes', () => {
    const again = readRecord(SEED, bytes.toString('utf8'));
    expect(again.sha256).toBe(doc.sha256);
    expect(again.turns.length).toBe(16);
  });
});
