/** Span checks shared by the reader tests (and usable by anyone testing a RecordDoc). */
import type { RecordDoc, Span } from '../src/extract/types.js';

/** Every span of a document, with a name saying where it came from. */
export function allSpans(doc: RecordDoc): Array<[string, Span]> {
  const out: Array<[string, Span]> = [];
  const add = (name: string, s: Span | undefined): void => {
    if (s) out.push([name, s]);
  };
  add('date', doc.date);
  add('title', doc.title);
  add('citation', doc.citation);
  add('url', doc.url);
  add('summary', doc.summary);
  add('credits', doc.credits);
  add('originalLanguage', doc.originalLanguage);
  add('original', doc.original);
  add('translation', doc.translation);
  doc.contents.forEach((s, i) => add(`contents[${i}]`, s));
  doc.sections.forEach((s, i) => {
    add(`sections[${i}].label`, s.label);
    add(`sections[${i}].content`, s.content);
  });
  doc.documentInformation.forEach((f, i) => {
    add(`documentInformation[${i}].labelSpan`, f.labelSpan);
    add(`documentInformation[${i}].value`, f.value);
  });
  doc.headings.forEach((h, i) => add(`headings[${i}]`, h.span));
  doc.header.forEach((h, i) => {
    add(`header[${i}].label`, h.label);
    add(`header[${i}].value`, h.value);
  });
  doc.turns.forEach((t, i) => {
    add(`turns[${i}].speaker`, t.speaker);
    add(`turns[${i}].body`, t.body);
  });
  doc.furniture.forEach((f, i) => add(`furniture[${i}]`, f.span));
  doc.paragraphs.forEach((p, i) => add(`paragraphs[${i}]`, p.span));
  return out;
}

/** Spans whose text differs from the slice of doc.text they claim to cover. */
export function badSpans(doc: RecordDoc): string[] {
  return allSpans(doc)
    .filter(([, s]) => doc.text.slice(s.start, s.end) !== s.text || s.start > s.end || s.end > doc.text.length)
    .map(([n, s]) => `${n} [${s.start},${s.end}) ${JSON.stringify(s.text.slice(0, 30))}`);
}
