/** The data lists synthetic records are drawn from (data/synth/*.json), loaded and checked once. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootPath } from '../paths.js';

/** One part of a name: in the original's script and as an English translation spells it. */
export interface NamePart {
  native: string;
  latin: string;
}

export interface Culture {
  surnames: NamePart[];
  given: NamePart[];
  /** Hungarian order: family name first in the original, last in English. */
  familyNameFirst?: boolean;
  /** Chinese, Korean, Vietnamese: the English translation keeps the family name first too. */
  familyFirstInEnglish?: boolean;
}

export interface LanguagePack {
  name: string;
  sentences: string[];
  months?: string[];
  classification: string;
  labels: { time: string; venue: string; present: string; interpreter: string; recorder: string };
  heading: { minutes: string; cable: string; letter: string };
  titles: Record<TitleKey, string>;
  greeting: string;
  closing: string;
  roleTag: string;
  venue: string;
  fromPlace: string;
  dateFormats: string[];
  noteSentence: string;
  letterLabels: { to: string; from: string };
  /** Colon after header labels and speaker tags (default ': '; Chinese uses the full-width '：'). */
  colon?: string;
  topics?: string[];
  funders?: string[];
  translators?: string[];
}

export type TitleKey = 'ambassador' | 'viceMinister' | 'counsellor' | 'firstSecretary' | 'deputyDirector' | 'minister';

export interface Side {
  country: string;
  adjective: string;
  capital: string;
  ministry: string;
  embassy: string;
  party: string;
  references: string[];
}

/** A place: its form in each language code. */
export type Place = Record<string, string>;

export interface SynthLists {
  names: Record<string, Culture>;
  languages: Record<string, LanguagePack>;
  places: Place[];
  sides: Record<string, Side>;
}

/** Default folder of the lists. */
export const SYNTH_DATA_DIR = rootPath('data/synth');

function readJson(dir: string, name: string): Record<string, unknown> {
  const path = join(dir, name);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`Cannot read the synthetic-record list ${path}: ${(err as Error).message}. Restore it from git or point --lists at a folder holding names.json, languages.json, places.json and countries.json.`);
  }
}

function withoutComments<T>(obj: Record<string, unknown>): Record<string, T> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !k.startsWith('$'))) as Record<string, T>;
}

/**
 * Load the lists from `dir` (default data/synth) and check that every language has its names, side and
 * sentences paired with the English ones.
 */
export function loadSynthLists(dir: string = SYNTH_DATA_DIR): SynthLists {
  const names = withoutComments<Culture>(readJson(dir, 'names.json'));
  const languages = withoutComments<LanguagePack>(readJson(dir, 'languages.json'));
  const places = (readJson(dir, 'places.json').places ?? []) as Place[];
  const sides = withoutComments<Side>(readJson(dir, 'countries.json'));
  const en = languages.en;
  if (!en) throw new Error(`${join(dir, 'languages.json')}: no "en" entry; the English sentences are the translation of every record.`);
  for (const [code, pack] of Object.entries(languages)) {
    const where = `${join(dir, 'languages.json')} "${code}"`;
    if (pack.sentences.length !== en.sentences.length) {
      throw new Error(`${where}: ${pack.sentences.length} sentences but "en" has ${en.sentences.length}; sentences are paired by index, add or remove to match.`);
    }
    if (!names[code]) throw new Error(`${join(dir, 'names.json')}: no names for language "${code}" (listed in languages.json).`);
    if (!sides[code]) throw new Error(`${join(dir, 'countries.json')}: no side for language "${code}" (listed in languages.json).`);
    for (const p of places) {
      if (!p[code]) throw new Error(`${join(dir, 'places.json')}: place "${p.en}" has no "${code}" form.`);
    }
  }
  return { names, languages, places, sides };
}
