/**
 * Sentence splitting inside a span of the record text, for English and Chinese. Every sentence is a Span into
 * the same text (offsets absolute), trimmed of surrounding whitespace.
 */
import type { Span } from '../types.js';
import type { ClaimLexicon } from './lexicon.js';

// Module-level patterns: tsx compiles a \p{...} literal to `new RegExp(...)` wherever it stands, so one inside a
// function would be rebuilt on every call.
const CYRILLIC_RE = /\p{Script=Cyrillic}/u;
const HANGUL_RE = /\p{Script=Hangul}/u;

const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '」', '』', '）', '》']);

function makeSpan(text: string, start: number, end: number): Span | undefined {
  while (start < end && /\s/u.test(text[start] ?? '')) start++;
  while (end > start && /\s/u.test(text[end - 1] ?? '')) end--;
  if (end <= start) return undefined;
  return { start, end, text: text.slice(start, end) };
}

/** True when the text is mostly Han characters (a Chinese sentence or span). */
export function isChinese(s: string): boolean {
  // called for every sentence and span: count without building match arrays, stop once the answer is known
  if (!HAN_ANY.test(s)) return false;
  let latin = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
  }
  HAN_ALL.lastIndex = 0;
  for (let han = 1; HAN_ALL.exec(s); han++) if (han >= latin) return true;
  return false;
}

const HAN_ANY = /\p{Script=Han}/u;
const HAN_ALL = /\p{Script=Han}/gu;

/** Split an English span into sentences (abbreviations and initials do not end a sentence). */
export function splitEnglish(text: string, span: Span, lex: ClaimLexicon): Span[] {
  const out: Span[] = [];
  let start = span.start;
  const end = span.end;
  for (let i = span.start; i < end; i++) {
    const ch = text[i] ?? '';
    let boundaryAt = -1; // index just after the sentence's last character
    if (lex.enTerminators.includes(ch)) {
      let j = i + 1;
      while (j < end && CLOSERS.has(text[j] ?? '')) j++;
      const next = text.slice(j, j + 1);
      if (j >= end) boundaryAt = j;
      else if (/\s/u.test(next)) {
        let k = j;
        while (k < end && /\s/u.test(text[k] ?? '')) k++;
        const after = text[k] ?? '';
        if (k >= end || /[\p{Lu}\p{N}"“'‘([\p{Script=Han}]/u.test(after)) {
          if (ch === '.') {
            const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(span.start, i - 12), i))?.[1] ?? '';
            const isAbbrev = lex.abbreviations.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word);
            if (!isAbbrev) boundaryAt = j;
          } else boundaryAt = j;
        }
      }
      if (boundaryAt >= 0) {
        const s = makeSpan(text, start, boundaryAt);
        if (s) out.push(s);
        start = boundaryAt;
        i = boundaryAt - 1;
      }
    } else if (ch === '\n' && text[i + 1] === '\n') {
      // A paragraph break ends a sentence only when the next paragraph starts like a sentence.
      let k = i;
      while (k < end && /\s/u.test(text[k] ?? '')) k++;
      const prev = text.slice(start, i).trimEnd();
      if (/[\p{Lu}"“(]/u.test(text[k] ?? '') && /[.!?:"”)\]]$/u.test(prev)) {
        const s = makeSpan(text, start, i);
        if (s) out.push(s);
        start = k;
        i = k - 1;
      }
    }
  }
  const last = makeSpan(text, start, end);
  if (last) out.push(last);
  return out;
}

/** Split a Chinese span into sentences at 。！？ (and the other configured terminators), keeping closing quotes. */
export function splitChinese(text: string, span: Span, lex: ClaimLexicon): Span[] {
  const out: Span[] = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    const ch = text[i] ?? '';
    if (lex.zhTerminators.includes(ch)) {
      let j = i + 1;
      while (j < span.end && CLOSERS.has(text[j] ?? '')) j++;
      const s = makeSpan(text, start, j);
      if (s) out.push(s);
      start = j;
      i = j - 1;
    }
  }
  const last = makeSpan(text, start, span.end);
  if (last) out.push(last);
  return out;
}

/** Split by the script of the span's text. */
export function splitSentences(text: string, span: Span, lex: ClaimLexicon): Span[] {
  return isChinese(span.text) ? splitChinese(text, span, lex) : splitEnglish(text, span, lex);
}

/**
 * A sentence wholly inside one pair of parentheses or brackets ("(The interpreter reads the statement.)", "[...]")
 * is an editorial note, not speech.
 */
export function isEditorialNote(s: string): boolean {
  const t = s.trim().replace(/[.。]$/u, '');
  const open = t[0] ?? '';
  const close = t[t.length - 1] ?? '';
  const pairs: Record<string, string> = { '(': ')', '（': '）', '[': ']' };
  if (pairs[open] !== close) return false;
  // The opening bracket must close only at the very end: "(a) ... (b)" is not one note.
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i] ?? '';
    if (ch === open) depth++;
    else if (ch === close) depth--;
    if (depth === 0 && i < t.length - 1) return false;
  }
  return true;
}

/** Language tag of a sentence from its script: 'zh', 'ru', 'ko', 'ja', otherwise 'en'. */
export function langOf(s: string): string {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(s)) return 'ja';
  if (HANGUL_RE.test(s)) return 'ko';
  if (isChinese(s)) return 'zh';
  if (CYRILLIC_RE.test(s)) return 'ru';
  return 'en';
}
