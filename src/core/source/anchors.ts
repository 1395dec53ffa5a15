/**
 * What surrounds a marker found in source text: a string literal, a comment,
 * or plain text (a PEM file, a Markdown fence) left to the PEM scanner.
 *
 * Only the marker's line (and, for a literal opened on the line before, that
 * line) is lexed: a whole-file lexer would need the language, and one wrong
 * guess early in a file would misplace everything after it.
 */
import { readLiteral, type CloserMemo, type Literal } from './literals';

export type Context = { readonly kind: 'literal'; readonly literal: Literal } | { readonly kind: 'comment' } | undefined;

/** Lines longer than this (minified bundles) are not lexed: the marker is left to the PEM scanner. */
const MAX_PREFIX = 4096;
const COMMENT_LEADER = /^(?:\/\/|\/\*|\*|#(?!\s*(?:define|undef|if|ifdef|ifndef|elif|else|endif|include|pragma)\b)|--|;|%|<!--)/;

/**
 * The context of the text at `at` (the first `-` of a marker, or an escaped
 * byte). Nothing before `floor` is read: it belongs to a literal already
 * claimed, whose closing quote must not open another.
 */
export function contextOf(text: string, at: number, floor = 0, memo: CloserMemo = new Map()): Context {
  const ls = Math.max(floor, text.lastIndexOf('\n', at - 1) + 1);
  if (at - ls > MAX_PREFIX) return undefined;
  const here = lexLine(text, ls, at, at, memo);
  if (here !== 'blank') return here;
  // A literal opened on an earlier line: `` ` ``, `"""`, `R"(`, `r#"`, `@"` then a newline.
  let prevEnd = ls - 1;
  while (prevEnd > 0 && /\s/.test(text.charAt(prevEnd - 1))) prevEnd--;
  if (prevEnd <= floor) return undefined;
  const pls = Math.max(floor, text.lastIndexOf('\n', prevEnd - 1) + 1);
  if (prevEnd - pls > MAX_PREFIX) return undefined;
  const before = lexLine(text, pls, prevEnd, at, memo);
  if (before === 'blank' || before?.kind !== 'literal') return undefined;
  // A plain quote left open (`ssl_certificate_inline "` in an nginx file, a shell variable) keeps the PEM
  // scanner's reading; a multi-line syntax or a backslash continuation is a literal.
  return before.literal.syntax !== 'quoted' || text[prevEnd - 1] === '\\' ? before : undefined;
}

/**
 * Lexes `text` from `from` (a line start) up to `to`. Returns the literal that
 * contains `target` (default `to`), `comment` when a comment opens first,
 * `blank` when nothing but blanks precede `to`, undefined otherwise.
 */
function lexLine(text: string, from: number, to: number, target: number, memo: CloserMemo): Context | 'blank' {
  let i = from;
  while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
  if (i >= to) return target === to ? 'blank' : undefined;
  if (COMMENT_LEADER.test(text.slice(i, i + 12))) return { kind: 'comment' };
  while (i < to) {
    const c = text.charAt(i);
    if (c === '"' || c === "'" || c === '`') {
      const lit = readLiteral(text, i, memo);
      if (lit && lit.contentStart <= target && target < lit.contentEnd) return { kind: 'literal', literal: lit };
      if (lit && lit.srcEnd <= target) {
        i = lit.srcEnd;
        continue;
      }
      // An apostrophe in prose, a Rust lifetime, a literal that never closes: not a literal start.
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/' && text[i - 1] !== ':') return { kind: 'comment' };
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close >= to) return { kind: 'comment' };
      i = close + 2;
      continue;
    }
    i++;
  }
  return undefined;
}
