/**
 * Low-level text handling for the reader: decoding input bytes, splitting into lines with offsets, and
 * building spans that always satisfy `text.slice(start, end) === span.text`.
 */
import { createHash } from 'node:crypto';
import { RecordError } from '../types.js';
import type { Span } from '../types.js';

/** One line of the record: offsets into the full text, `end` before the line break (CR, LF or CRLF). */
export interface Line {
  /** 0-based line index; the 1-based line number is index + 1. */
  index: number;
  start: number;
  end: number;
  /** The line without its line break. */
  text: string;
}

/** Split text into lines, keeping offsets; handles LF, CRLF and lone CR. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  const re = /\r\n|\n|\r/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    lines.push({ index: lines.length, start, end: m.index, text: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  lines.push({ index: lines.length, start, end: text.length, text: text.slice(start) });
  return lines;
}

/** A span over text[start, end). */
export function span(text: string, start: number, end: number): Span {
  return { start, end, text: text.slice(start, end) };
}

const WS = /\s/u;

/** A span over text[start, end) with surrounding whitespace (including U+3000) removed; undefined if empty. */
export function trimmedSpan(text: string, start: number, end: number): Span | undefined {
  let s = start;
  let e = end;
  while (s < e && WS.test(text[s] ?? '')) s++;
  while (e > s && WS.test(text[e - 1] ?? '')) e--;
  return s < e ? span(text, s, e) : undefined;
}

/** True when a line has nothing but whitespace. */
export function isBlank(line: Line): boolean {
  return line.text.trim() === '';
}

/** 1-based line number of a text offset. */
export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/** Hex SHA-256 of the input as given (a string is hashed as its UTF-8 bytes). */
export function sha256(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

/** 1-based line of a byte offset in UTF-8 bytes. */
function byteLine(bytes: Uint8Array, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 10) n++;
    else if (bytes[i] === 13 && bytes[i + 1] !== 10) n++;
  }
  return n;
}

/** Offset of the first byte that breaks UTF-8, or -1 when the bytes are valid UTF-8. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    let need: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) need = 2;
    else if (c >= 0xf0 && c <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

const HINT_TEXT =
  "Give the reader the archive's plain-text export, a PDF export saved as text, or a saved HTML page of the record (UTF-8)";

/**
 * Decode the input to text: UTF-8, leading BOM removed, nothing else changed. Throws RecordError for empty
 * input, binary data (NUL bytes or many control characters) and bytes that are not UTF-8.
 */
export function decodeInput(file: string, input: string | Uint8Array): string {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    // UTF-16 (as Windows editors save "Unicode" text) is text, but not ours: say so rather than "binary".
    if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
      throw new RecordError(file, 1, 'the file is UTF-16 text, not UTF-8', 'Convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8) and read it again');
    }
    const nul = input.indexOf(0);
    if (nul >= 0) {
      throw new RecordError(file, byteLine(input, nul), `the file holds binary data (a NUL byte at byte ${nul})`, HINT_TEXT);
    }
    let decoded: string | undefined;
    try {
      decoded = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      decoded = undefined;
    }
    const valid = decoded !== undefined;
    // The fatal decoder says whether; the scanner says where (0 if it only catches what the decoder caught).
    const bad = valid ? -1 : Math.max(0, firstInvalidUtf8(input));
    if (bad >= 0) {
      throw new RecordError(
        file,
        byteLine(input, bad),
        `the file is not UTF-8 text (invalid byte 0x${(input[bad] ?? 0).toString(16).padStart(2, '0')} at byte ${bad})`,
        'Convert it to UTF-8 (e.g. iconv -f <encoding> -t UTF-8) or export the record again',
      );
    }
    text = decoded as string;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    throw new RecordError(file, lineOf(text, nul), `the file holds binary data (a NUL character at offset ${nul})`, HINT_TEXT);
  }
  if (text === '') {
    throw new RecordError(file, 1, 'the record is empty (0 bytes)', 'Export the record again from the archive, or remove the file');
  }
  if (text.trim() === '') {
    throw new RecordError(file, 1, 'the record holds only whitespace', 'Export the record again from the archive, or remove the file');
  }
  // Control characters other than tab, line breaks and form feed mean this is not a text export.
  let controls = 0;
  let firstControl = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f || c === 0xfffd) {
      controls++;
      if (firstControl < 0) firstControl = i;
    }
  }
  if (firstControl >= 0 && controls > Math.max(3, text.length / 200)) {
    throw new RecordError(
      file,
      lineOf(text, firstControl),
      `the file holds binary data (${controls} control characters, the first at offset ${firstControl})`,
      HINT_TEXT,
    );
  }
  return text;
}
