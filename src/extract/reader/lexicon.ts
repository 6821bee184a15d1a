/**
 * The reader's layout vocabulary, loaded at run time from data/lexicon/layout.json: section labels, header
 * labels in several languages, words that are never speakers, page-furniture patterns. Nothing about a
 * particular record lives in code; a new label variant is a line in the JSON file.
 */
import { readFileSync } from 'node:fs';
import { rootPath } from '../../paths.js';
import type { HeaderKey, SectionKind } from '../types.js';

/** The shape of data/lexicon/layout.json. */
export interface LayoutJson {
  sectionLabels: Record<string, string[]>;
  webCurrent: {
    blockLabels: string[];
    fieldLabels: string[];
    fieldKinds: Record<string, string[]>;
    summaryLabels: string[];
  };
  webLegacy: {
    detectLabels: string[];
    citationMarkers: string[];
    citationBoxLabels: string[];
    textLabels: string[];
    originalTextLabels: string[];
    chromeLines: string[];
  };
  headerLabels: Record<string, string[]>;
  headerKeysAfterText: string[];
  nonSpeakerLabels: string[];
  furniture: {
    separators: string[];
    pageMarkerPatterns: string[];
    pageNumberPatterns: string[];
    runningHeaderPatterns: string[];
    runningHeaderMinRepeats: number;
    runningFooterPatterns: string[];
    archiveStamps: string[];
    archiveStampPatterns: string[];
  };
  dateLinePatterns: string[];
  contentsItemPatterns: string[];
  contentsItemSplitPattern: string;
  contentsKinds: { translation: string; transcript: string };
  pdfGluedPageNumber: { pattern: string };
  englishStopwords: string[];
  english: { minStopwordRatio: number; minWords: number; minForeignRatio: number };
  foreignStopwords: Record<string, string[]>;
  languageNames: Record<string, string[]>;
  latinScriptLanguages: string[];
  notHeadingPatterns: string[];
  footnotePatterns: string[];
  stageDirectionPattern: string;
  headingMaxLength: number;
  headingMaxLines: number;
  headingMaxLinesTop: number;
  speakerTag: { maxLatinWords: number; maxChars: number; maxCjkChars: number; titleWords: string[] };
}

/** The compiled layout vocabulary. */
export interface LayoutLexicon {
  /** Normalised label -> section kind. */
  sectionLabels: Map<string, SectionKind>;
  webCurrentBlockLabels: Set<string>;
  webCurrentFieldLabels: Set<string>;
  /** Normalised Document Information label -> the section kind it fills. */
  webCurrentFieldKinds: Map<string, SectionKind | 'date'>;
  /** Lines whose presence marks the legacy web layout ("get citation", "English HTML"). */
  legacyDetectLabels: Set<string>;
  /** Words that mark a block of the citation box as the citation string. */
  legacyCitationMarkers: string[];
  legacyCitationBoxLabels: Set<string>;
  legacyTextLabels: Set<string>;
  legacyOriginalTextLabels: Set<string>;
  legacyChromeLines: Set<string>;
  /** Normalised header label -> header key. */
  headerLabels: Map<string, HeaderKey>;
  headerKeysAfterText: Set<HeaderKey>;
  nonSpeakerLabels: Set<string>;
  separators: Set<string>;
  pageMarker: RegExp[];
  pageNumber: RegExp[];
  runningHeader: RegExp[];
  runningHeaderMinRepeats: number;
  /** Page headers/footers recognised without repeating (the archive's own page footer in PDF exports). */
  runningFooter: RegExp[];
  archiveStamps: Set<string>;
  archiveStampPatterns: RegExp[];
  dateLine: RegExp[];
  contentsItem: RegExp[];
  /** Contents items promising a translation / a transcript of the original. */
  contentsTranslation: RegExp;
  contentsTranscript: RegExp;
  /** Finds contents items run together on one line (PDF export); global. */
  contentsItemSplit: RegExp;
  /** A page number glued to the start of a line (PDF export); group 1 is the number. */
  pdfGluedPageNumber: RegExp;
  englishStopwords: Set<string>;
  englishMinStopwordRatio: number;
  englishMinWords: number;
  /** Function words of Latin-script originals (German, Romanian, ...), none of them English. */
  foreignStopwords: Set<string>;
  foreignMinRatio: number;
  /** Lower-cased language name -> BCP 47 tag. */
  languageNames: Map<string, string>;
  /** Tags of languages written in Latin script (their text cannot be told from English by script). */
  latinScriptLanguages: Set<string>;
  /** Short lines above a text that are marks, not headings (classification, copy number, urgency). */
  notHeading: RegExp[];
  /** Lines that start the editorial notes at the foot of a text ("[1] ...", "Notes"); they end a turn. */
  footnote: RegExp[];
  stageDirection: RegExp;
  headingMaxLength: number;
  /** Heading blocks kept right above a header block or the first turn (title, wrapped title, subtitle). */
  headingMaxLines: number;
  /** Heading blocks kept at the top of running text (no header, no turns). */
  headingMaxLinesTop: number;
  speakerMaxLatinWords: number;
  speakerMaxChars: number;
  speakerMaxCjkChars: number;
  speakerTitleWords: Set<string>;
}

const HEADER_KEYS: readonly HeaderKey[] = [
  'time', 'venue', 'alsoPresent', 'interpreter', 'minutesBy', 'participants', 'from', 'to', 'subject', 'copy', 'other',
];
const SECTION_KINDS: readonly SectionKind[] = [
  'date', 'title', 'citation', 'url', 'summary', 'credits', 'originalLanguage', 'contents', 'original', 'translation',
  'documentInformation', 'other',
];

/** Normalise a label for lookup: trim, drop a trailing colon, collapse spaces, lower-case. */
export function normLabel(label: string): string {
  return label
    .trim()
    .replace(/[:：]\s*$/u, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

let cached: LayoutLexicon | undefined;

/** The layout lexicon from data/lexicon/layout.json (read once, then cached). */
export function layoutLexicon(): LayoutLexicon {
  cached ??= compileLayoutLexicon(loadJson(rootPath('data', 'lexicon', 'layout.json')));
  return cached;
}

function loadJson(file: string): LayoutJson {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read the reader's layout lexicon (${(err as Error).message}). Restore it from git.`);
  }
  try {
    return JSON.parse(raw) as LayoutJson;
  } catch (err) {
    throw new Error(`${file}: the layout lexicon is not valid JSON (${(err as Error).message}). Fix the JSON syntax.`);
  }
}

function regexes(file: string, where: string, patterns: string[]): RegExp[] {
  return patterns.map((p, i) => {
    try {
      return new RegExp(p, 'u');
    } catch (err) {
      throw new Error(`${file}: ${where}[${i}] is not a valid regular expression (${(err as Error).message}). Fix the pattern.`);
    }
  });
}

/**
 * A map from normalised label to its key, from `{ key: [labels] }`: every key must be one of `keys`, and a
 * label may stand under one key only.
 */
function labelMap<K extends string>(
  file: string,
  field: string,
  what: string,
  keyWhat: string,
  entries: Record<string, string[]>,
  keys: readonly K[],
): Map<string, K> {
  const out = new Map<string, K>();
  for (const [key, labels] of Object.entries(entries)) {
    if (!keys.includes(key as K)) {
      throw new Error(`${file}: ${field}."${key}" is not a ${keyWhat} (one of ${keys.join(', ')}). Rename the key.`);
    }
    for (const l of labels) {
      const n = normLabel(l);
      const prev = out.get(n);
      if (prev && prev !== key) throw new Error(`${file}: ${what} "${l}" is listed under both "${prev}" and "${key}". Keep it under one key.`);
      out.set(n, key as K);
    }
  }
  return out;
}

/** Compile the JSON lexicon (exported for tests of its checks). */
export function compileLayoutLexicon(j: LayoutJson): LayoutLexicon {
  const file = 'data/lexicon/layout.json';
  const sectionLabels = labelMap(file, 'sectionLabels', 'section label', 'section kind', j.sectionLabels, SECTION_KINDS);
  const headerLabels = labelMap(file, 'headerLabels', 'header label', 'header key', j.headerLabels, HEADER_KEYS);
  const webCurrentFieldKinds = new Map<string, SectionKind | 'date'>();
  for (const [kind, labels] of Object.entries(j.webCurrent.fieldKinds)) {
    for (const l of labels) webCurrentFieldKinds.set(normLabel(l), kind as SectionKind | 'date');
  }
  const languageNames = new Map<string, string>();
  for (const [tag, names] of Object.entries(j.languageNames)) for (const n of names) languageNames.set(n.toLowerCase(), tag);
  const set = (xs: string[]): Set<string> => new Set(xs.map(normLabel));
  let stageDirection: RegExp;
  try {
    stageDirection = new RegExp(j.stageDirectionPattern, 'u');
  } catch (err) {
    throw new Error(`${file}: stageDirectionPattern is not a valid regular expression (${(err as Error).message}). Fix the pattern.`);
  }
  return {
    sectionLabels,
    webCurrentBlockLabels: set(j.webCurrent.blockLabels),
    webCurrentFieldLabels: set(j.webCurrent.fieldLabels),
    webCurrentFieldKinds,
    legacyDetectLabels: set(j.webLegacy.detectLabels),
    legacyCitationMarkers: j.webLegacy.citationMarkers,
    legacyCitationBoxLabels: set(j.webLegacy.citationBoxLabels),
    legacyTextLabels: set(j.webLegacy.textLabels),
    legacyOriginalTextLabels: set(j.webLegacy.originalTextLabels),
    legacyChromeLines: set(j.webLegacy.chromeLines),
    headerLabels,
    headerKeysAfterText: new Set(j.headerKeysAfterText as HeaderKey[]),
    nonSpeakerLabels: set(j.nonSpeakerLabels),
    separators: new Set(j.furniture.separators.map((s) => s.trim())),
    pageMarker: regexes(file, 'furniture.pageMarkerPatterns', j.furniture.pageMarkerPatterns),
    pageNumber: regexes(file, 'furniture.pageNumberPatterns', j.furniture.pageNumberPatterns),
    runningHeader: regexes(file, 'furniture.runningHeaderPatterns', j.furniture.runningHeaderPatterns),
    runningHeaderMinRepeats: j.furniture.runningHeaderMinRepeats,
    runningFooter: regexes(file, 'furniture.runningFooterPatterns', j.furniture.runningFooterPatterns),
    archiveStamps: new Set(j.furniture.archiveStamps.map((s) => s.trim())),
    archiveStampPatterns: regexes(file, 'furniture.archiveStampPatterns', j.furniture.archiveStampPatterns),
    dateLine: regexes(file, 'dateLinePatterns', j.dateLinePatterns),
    contentsItem: regexes(file, 'contentsItemPatterns', j.contentsItemPatterns),
    contentsTranslation: regexes(file, 'contentsKinds.translation', [j.contentsKinds.translation])[0] as RegExp,
    contentsTranscript: regexes(file, 'contentsKinds.transcript', [j.contentsKinds.transcript])[0] as RegExp,
    contentsItemSplit: new RegExp((regexes(file, 'contentsItemSplitPattern', [j.contentsItemSplitPattern])[0] as RegExp).source, 'gu'),
    pdfGluedPageNumber: regexes(file, 'pdfGluedPageNumber.pattern', [j.pdfGluedPageNumber.pattern])[0] as RegExp,
    englishStopwords: new Set(j.englishStopwords.map((w) => w.toLowerCase())),
    englishMinStopwordRatio: j.english.minStopwordRatio,
    englishMinWords: j.english.minWords,
    foreignStopwords: new Set(
      Object.entries(j.foreignStopwords)
        .filter(([k]) => !k.startsWith('$'))
        .flatMap(([, ws]) => ws.map((w) => w.toLowerCase())),
    ),
    foreignMinRatio: j.english.minForeignRatio,
    languageNames,
    latinScriptLanguages: new Set(j.latinScriptLanguages),
    notHeading: regexes(file, 'notHeadingPatterns', j.notHeadingPatterns),
    footnote: regexes(file, 'footnotePatterns', j.footnotePatterns),
    stageDirection,
    headingMaxLength: j.headingMaxLength,
    headingMaxLines: j.headingMaxLines,
    headingMaxLinesTop: j.headingMaxLinesTop,
    speakerMaxLatinWords: j.speakerTag.maxLatinWords,
    speakerMaxChars: j.speakerTag.maxChars,
    speakerMaxCjkChars: j.speakerTag.maxCjkChars,
    speakerTitleWords: new Set(j.speakerTag.titleWords.map((w) => w.toLowerCase())),
  };
}
