/**
 * Archival identifiers: "PRC FMA 109-02231-05, 1-6", "AVPRF, fond 0100, opis 46, delo 12, listy 3-7",
 * "BStU, MfS, AIM 1234/62, Bd. 2, Bl. 14-17", ... parsed into the parts their scheme names, kept as written.
 * Schemes, prefixes and part labels live in data/lexicon/archives.json.
 */
import { escapeRegExp, lineAround, loadLexicon, oncePerDoc, rx, spanOf } from './dates.js';
import { slugOf } from './names.js';
import type { ArchivalIdentifier, RecordDoc, Span } from './types.js';

interface PartDef {
  name: string;
  labels?: string[];
  labelsAfter?: string[];
}

interface Scheme {
  key: string;
  label: string;
  repositoryKey: string;
  prefixes: string[];
  unlabelled: string[];
  fileNumberPattern?: string;
  parts: PartDef[];
}

interface ArchivesLexicon {
  referenceFields: string[];
  repositoryFields: string[];
  generic: { unlabelled: string[]; parts: PartDef[] };
  publishers: string[];
  citationEnd: string[];
  schemes: Scheme[];
}

/** The schemes of data/lexicon/archives.json (for callers that need labels or repositories). */
export function archiveSchemes(): Scheme[] {
  return loadLexicon<ArchivesLexicon>('archives.json').schemes;
}

const GENERIC_KEY = '#generic';

/** The part labels used for a reference of no known scheme. */
function genericScheme(): Scheme {
  const g = loadLexicon<ArchivesLexicon>('archives.json').generic;
  return { key: GENERIC_KEY, label: 'reference', repositoryKey: '', prefixes: [], unlabelled: g.unlabelled, parts: g.parts };
}

const PAGE_RANGE = /^(?:pp?\.\s*)?\d+[a-zа-я]?(?:\s*[-–]\s*\d+[a-zа-я]?)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*$/iu;

/** The part a segment names by a label before its value ("fond 12") or after it ("11. doboz"). */
function labelledPart(defs: PartDef[], seg: string): { name: string; value: string } | undefined {
  for (const def of defs) {
    for (const label of [...(def.labels ?? [])].sort((a, b) => b.length - a.length)) {
      if (!seg.startsWith(label)) continue; // the pattern opens with the label: skip building it otherwise
      const sep = /\p{L}$/u.test(label) ? '\\s+' : '\\s*';
      const m = rx(`^${escapeRegExp(label)}${sep}(\\S.*)$`, 'u').exec(seg);
      if (m) return { name: def.name, value: m[1]! };
    }
    for (const label of def.labelsAfter ?? []) {
      if (!seg.endsWith(label)) continue;
      const m = rx(`^(.*\\S)\\s+${escapeRegExp(label)}$`, 'u').exec(seg);
      if (m) return { name: def.name, value: m[1]! };
    }
  }
  return undefined;
}

/** "<words> <label> <value>": the words before a labelled part and the part ("State Archive fond 12"). */
function trailingLabelledPart(defs: PartDef[], seg: string): { before: string; name: string; value: string } | undefined {
  for (const def of defs) {
    for (const label of def.labels ?? []) {
      if (!seg.includes(label)) continue;
      const sep = /\p{L}$/u.test(label) ? '\\s+' : '\\s*';
      const m = rx(`^(.*\\S)\\s+${escapeRegExp(label)}${sep}(\\S+)$`, 'u').exec(seg);
      if (m) return { before: m[1]!, name: def.name, value: m[2]! };
    }
  }
  return undefined;
}

/**
 * Parses the text of a reference after its prefix into parts. Unknown segments are kept under "part{n}" so
 * nothing written is lost.
 */
export function parseParts(scheme: Scheme | undefined, body: string): Record<string, string> {
  const parts: Record<string, string> = {};
  const segments = body
    .split(/\s*,\s*/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unlabelled = [...(scheme?.unlabelled ?? [])];
  let n = 0;
  const put = (name: string, value: string) => {
    // "fond|pages": the first name when the part opens the reference, else the second
    const alt = name.split('|');
    const base = alt.length > 1 ? (Object.keys(parts).every((x) => x === 'repository') ? alt[0]! : alt[1]!) : name;
    let k = base;
    for (let i = 2; parts[k] !== undefined; i++) k = `${base}${i}`;
    parts[k] = value;
  };
  for (const seg of segments) {
    const own = labelledPart(scheme?.parts ?? [], seg);
    if (own) {
      put(own.name, own.value);
      continue;
    }
    // a known scheme's segment it does not label: the generic labels ("box 4", "pages 3-6")
    if (scheme && scheme.key !== GENERIC_KEY && (scheme.unlabelled.length === 0 || unlabelled.length === 0)) {
      const g = labelledPart(genericScheme().parts, seg);
      if (g) {
        put(g.name, g.value);
        continue;
      }
    }
    // "<repository words> <label> <value>" (an unknown scheme's first segment: "State Archive fond 12")
    const trailing = scheme?.key === GENERIC_KEY && unlabelled[0] !== undefined ? trailingLabelledPart(scheme.parts, seg) : undefined;
    if (trailing) {
      put(unlabelled.shift()!, trailing.before);
      put(trailing.name, trailing.value);
      continue;
    }
    const next = unlabelled.shift();
    if (next !== undefined) put(next, seg);
    else if (PAGE_RANGE.test(seg)) put('pages', seg.replace(/^pp?\.\s*/u, ''));
    else put(`part${++n}`, seg);
  }
  return parts;
}

/** End of the reference that starts at `from`: the end of the sentence or line, whichever comes first. */
function referenceEnd(text: string, from: number, stops: string[]): number {
  const line = lineAround(text, from);
  let end = line.end;
  const rest = text.slice(from, end);
  const stopRe = rx(`\\.\\s+(?=\\p{Lu}\\p{Ll})|["“”;(\\[]|\\s(?:${stops.map(escapeRegExp).join('|')})`, 'u');
  const m = stopRe.exec(rest);
  if (m) end = from + m.index;
  while (end > from && /[\s.,]/u.test(text[end - 1]!)) end--;
  return end;
}

/**
 * Every archival identifier in the record: references opened by a known prefix (in the citation, the document
 * information or the text), the citation's reference when no scheme is known (scheme left empty), and a scheme's
 * bare file number written on the scan (with the page statement beside it, "P.1-7", as its pages).
 */
export const extractIdentifiers: (doc: RecordDoc) => ArchivalIdentifier[] = oncePerDoc(findIdentifiers);

function findIdentifiers(doc: RecordDoc): ArchivalIdentifier[] {
  const lexi = loadLexicon<ArchivesLexicon>('archives.json');
  const text = doc.text;
  const out: ArchivalIdentifier[] = [];
  const overlaps = (s: number, e: number) => out.some((i) => s < i.span.end && i.span.start < e);

  // 1. references opened by a scheme prefix, longest prefix first
  const prefixes = lexi.schemes
    .flatMap((s) => s.prefixes.map((p) => ({ p, s })))
    .sort((a, b) => b.p.length - a.p.length);
  for (const { p, s } of prefixes) {
    if (!text.includes(p)) continue; // the pattern needs the prefix as written
    const re = rx(`(?<![\\p{L}\\p{N}])${escapeRegExp(p)}(?![\\p{L}\\p{N}])`, 'gu');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let start = m.index;
      let bodyStart = start + m[0].length;
      // "Archive of the President of the Russian Federation (APRF), fond 45, …": the reference starts at the name
      if (text[start - 1] === '(' && text[bodyStart] === ')') {
        const line = lineAround(text, start);
        const before = text.slice(line.start, start - 1);
        const cut = Math.max(before.lastIndexOf(', '), before.lastIndexOf('. '), before.lastIndexOf('"'), before.lastIndexOf('”'));
        const nameStart = line.start + (cut >= 0 ? cut + (before[cut] === '"' || before[cut] === '”' ? 1 : 2) : 0);
        if (/^\s*\p{Lu}/u.test(text.slice(nameStart, start))) start = nameStart + (text.slice(nameStart, start).length - text.slice(nameStart, start).trimStart().length);
        bodyStart += 1;
      }
      const end = referenceEnd(text, bodyStart, lexi.citationEnd);
      const body = text.slice(bodyStart, end).replace(/^[\s,:]+/u, '');
      if (body === '' || !/\d/u.test(body) || overlaps(start, end)) continue; // a bare name is not a reference
      out.push({ span: spanOf(doc, start, end), asWritten: text.slice(start, end), scheme: s.key, repositoryKey: s.repositoryKey, parts: parseParts(s, body) });
    }
  }

  // 2. the citation's own reference ("..., Wilson Center Digital Archive, <reference>. Translated by ...")
  if (doc.citation && !out.some((i) => i.span.start >= doc.citation!.start && i.span.end <= doc.citation!.end)) {
    const c = doc.citation;
    for (const pub of lexi.publishers.sort((a, b) => b.length - a.length)) {
      const at = c.text.indexOf(`${pub},`);
      if (at < 0) continue;
      let start = c.start + at + pub.length + 1;
      while (/\s/u.test(text[start] ?? '')) start++;
      const end = Math.min(referenceEnd(text, start, lexi.citationEnd), c.end);
      if (end > start && /\d/u.test(text.slice(start, end))) {
        out.push({ span: spanOf(doc, start, end), asWritten: text.slice(start, end), parts: parseParts(genericScheme(), text.slice(start, end)) });
      }
      break;
    }
  }

  // 2b. the web page's Document Information: "Source: <reference>. Translated by …", "Original Archive: <name>"
  const repoField = repositoryField(doc);
  for (const f of doc.documentInformation) {
    const v = f.value;
    if (!v || !labelIs(f.label, lexi.referenceFields) || out.some((i) => i.span.start >= v.start && i.span.end <= v.end)) continue;
    const end = Math.min(referenceEnd(text, v.start, lexi.citationEnd), v.end);
    if (end <= v.start || !/\d/u.test(text.slice(v.start, end))) continue;
    const id: ArchivalIdentifier = { span: spanOf(doc, v.start, end), asWritten: text.slice(v.start, end), parts: parseParts(genericScheme(), text.slice(v.start, end)) };
    if (repoField) id.repositoryKey = repositoryKeyOf(repoField.value.text);
    out.push(id);
  }

  // 3. bare file numbers on the scan: the first standalone one (later ones are running headers)
  const region = doc.original ?? { start: 0, end: text.length, text };
  for (const s of lexi.schemes) {
    if (!s.fileNumberPattern) continue;
    const re = rx(`^[ \\t]*(${s.fileNumberPattern})[ \\t]*$`, 'gmu');
    re.lastIndex = region.start;
    const m = re.exec(text);
    if (!m || m.index >= region.end) continue;
    const start = m.index + m[0].indexOf(m[1]!);
    const end = start + m[1]!.length;
    if (overlaps(start, end)) continue;
    const parts: Record<string, string> = { fileNumber: m[1]! };
    const pages = scanPages(text, start);
    if (pages) {
      parts['pages'] = pages.pages;
      parts['pagesAsWritten'] = pages.asWritten;
    }
    out.push({ span: spanOf(doc, start, end), asWritten: m[1]!, scheme: s.key, repositoryKey: s.repositoryKey, parts });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * The institution key of an archive named in Document Information ("Original Archive"): its lexicon key when the
 * lexicon knows the name, else the slugged name.
 */
export function repositoryKeyOf(name: string): string {
  const n = name.trim();
  const inst = loadLexicon<{ institutions: Array<{ key: string; names: Record<string, string[]> }> }>('institutions.json').institutions.find((e) =>
    Object.values(e.names).some((fs) => fs.some((f) => f.toLowerCase() === n.toLowerCase())),
  );
  return inst?.key ?? slugOf(n);
}

/** The Document Information field naming the holding archive, if any. */
export function repositoryField(doc: RecordDoc): { label: string; value: Span } | undefined {
  const names = loadLexicon<ArchivesLexicon>('archives.json').repositoryFields;
  const f = doc.documentInformation.find((x) => x.value && labelIs(x.label, names));
  return f?.value ? { label: f.label, value: f.value } : undefined;
}

/** True when a label (Document Information, section) is one of the names given, ignoring case and a colon. */
export function labelIs(label: string, names: string[]): boolean {
  const l = label.trim().replace(/:$/u, '').toLowerCase();
  return names.some((n) => n.toLowerCase() === l);
}

/** A page statement ("P.1-7") within three lines of a scan header's file number. */
export function scanPages(text: string, near: number): { pages: string; asWritten: string; start: number; end: number } | undefined {
  const from = Math.max(0, near - 200);
  const to = Math.min(text.length, near + 200);
  const re = /^[ \t]*((?:P|pp?|S|Bl|л)\.?[ \t]*(\d+)[ \t]*[-–][ \t]*(\d+))[ \t]*$/gmu;
  re.lastIndex = from;
  let best: { pages: string; asWritten: string; start: number; end: number } | undefined;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    const start = m.index + m[0].indexOf(m[1]!);
    const cand = { pages: `${m[2]}-${m[3]}`, asWritten: m[1]!, start, end: start + m[1]!.length };
    const lines = text.slice(Math.min(start, near), Math.max(start, near)).split('\n').length - 1;
    if (lines <= 6 && (!best || Math.abs(start - near) < Math.abs(best.start - near))) best = cand;
  }
  return best;
}
