import type { Span } from '../types';
import type { DecodedFile } from './decode';

/**
 * The part of a big PEM text that can be decoded on its own, so the editor
 * decorates the screenful the user sees before the whole file is decoded:
 * whole blocks from the block at `from` up to the end of the last
 * `-----END …-----` line within `maxChars`. Cutting before a BEGIN line and
 * after an END line leaves no block half-read.
 */
export interface TextWindow {
  readonly start: number;
  readonly end: number;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';

/**
 * The window of whole blocks around offset `from` (the first visible line),
 * at most `maxChars` long. Undefined when the text is short enough to decode
 * whole, or when no END line fits in the window.
 *
 * @example
 * screenWindow(bundle, doc.offsetAt(firstVisibleLine), 64 * 1024); // { start, end }
 */
export function screenWindow(text: string, from: number, maxChars: number): TextWindow | undefined {
  if (text.length <= maxChars) return undefined;
  // Back to the line of the block that holds `from` (or the one before it).
  const begin = from <= 0 ? -1 : text.lastIndexOf(BEGIN, Math.min(from, text.length));
  const start = begin < 0 ? 0 : text.lastIndexOf('\n', begin) + 1;
  const limit = start + maxChars;
  if (limit >= text.length) return { start, end: text.length };
  for (let end = text.lastIndexOf(END, limit); end >= start; end = end === 0 ? -1 : text.lastIndexOf(END, end - 1)) {
    const eol = text.indexOf('\n', end);
    if (eol >= 0 && eol < limit) return { start, end: eol + 1 };
  }
  return undefined;
}

/**
 * The window's text with everything before it blanked, so a decode of it
 * gives spans at the right offsets of the whole text (the PEM scanner skips
 * spaces with one `indexOf`).
 */
export function windowText(text: string, w: TextWindow): string {
  return ' '.repeat(w.start) + text.slice(w.start, w.end);
}

/**
 * The window's text with everything before it blanked, as the report's text
 * (what surfaces read lines from, not what is decoded): `before` is the
 * character just before the window in the whole text. The line break there is
 * kept, so a reader looking for the start of the window's first line
 * (`headSpan`, for every diagnostic of the first block) stops at it instead of
 * running a regex over megabytes of blanks. Decoding it would count that line
 * break in the line numbers of messages: decode `windowText`.
 */
export function blankBefore(start: number, text: string, before: string): string {
  if (start <= 0) return text;
  return ' '.repeat(start - 1) + (before === '\n' ? '\n' : ' ') + text;
}

/**
 * A decode of a window's text alone, moved to the window's place in the
 * whole text (`offset`: where the window starts): the same items and
 * problems as a decode of `windowText`, without scanning the blanks before
 * it. Undefined when an item carries positions of its own (blocks found in
 * source code or YAML), which the caller then decodes from `windowText`.
 */
export function shiftDecoded(decoded: DecodedFile, offset: number): DecodedFile | undefined {
  if (decoded.secrets || decoded.items.some((i) => i.source !== undefined || i.embedded !== undefined)) return undefined;
  const at = (s: Span): Span => ({ start: s.start + offset, end: s.end + offset });
  return {
    ...decoded,
    items: decoded.items.map((i) => ({ ...i, span: at(i.span) })),
    problems: decoded.problems.map((p) => ({ ...p, span: at(p.span) })),
  };
}
