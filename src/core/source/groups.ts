/**
 * Runs of literals that a compiler joins into one string: C/C++/Python
 * adjacent literals, `+` concatenation (Java, Kotlin, C#, JS/TS, Go, Swift),
 * backslash line continuations (C macros, Arduino sketches, Python) and a C
 * `#define` holding any of these.
 */
import { DecodedTextBuilder, type LiteralToken, type OffsetMap } from './offset-map';
import { decodeLiteral, readLiteral, type CloserMemo, type Literal } from './literals';

export type SourceForm =
  /** One quoted literal with escapes (`"-----BEGIN …\n…"`). */
  | 'string'
  /** `"…\n" "…\n"`: C, C++, Python implicit concatenation. */
  | 'adjacent'
  /** `"…\n" + "…\n"`: Java, Kotlin, C#, JS/TS, Go, Swift. */
  | 'concatenation'
  /** Backslash line continuations, inside a literal or between literals. */
  | 'continuation'
  /** C `#define NAME "…" \` (with continuations). */
  | 'define'
  /** C++ `R"(…)"`, Rust `r#"…"#`, Python `r"…"`, Swift `#"…"#`. */
  | 'raw-string'
  /** C# `@"…"`. */
  | 'verbatim-string'
  /** Python/Kotlin/Swift/Java/C# `"""…"""` and Python `'''…'''`. */
  | 'multiline-string'
  /** Go raw string or JS/TS template literal: `` `…` ``. */
  | 'backtick'
  /** `{0x30, 0x82, …}`: DER (or PEM text) as a C/C++/Java/Go/Rust byte array. */
  | 'byte-array'
  /** `"\x30\x82…"` or Python `b'0\x82…'`: DER bytes as string escapes. */
  | 'escaped-bytes';

export interface LiteralGroup {
  readonly literals: readonly Literal[];
  /** Decoded text of all the literals, in order. */
  readonly text: string;
  readonly map: OffsetMap;
  readonly form: SourceForm;
  /** From the first literal's prefix to the last literal's closing quote. */
  readonly start: number;
  readonly end: number;
}

/** Too many pieces for a certificate bundle: stop reading (bounded work on hostile input). */
const MAX_PIECES = 20_000;
const DIRECTIVE = /^#\s*(?:define|undef|if|ifdef|ifndef|elif|else|endif|include|pragma|error|line)\b/;

/** Reads the literal at `first` and every literal joined to it. */
export function readGroup(text: string, first: Literal, memo: CloserMemo = new Map()): LiteralGroup {
  const literals: Literal[] = [first];
  let plus = false;
  let continuation = first.continued;
  let last = first;
  while (literals.length < MAX_PIECES) {
    const sep = skipSeparators(text, last.srcEnd);
    const next = literalStartingAt(text, sep.end, memo);
    if (!next) break;
    plus ||= sep.plus;
    continuation ||= sep.continuation || next.continued;
    literals.push(next);
    last = next;
  }
  const out = new DecodedTextBuilder();
  const tokens: LiteralToken[] = [];
  for (const lit of literals) {
    const decStart = out.size;
    decodeLiteral(text, lit, out);
    tokens.push({ decStart, decEnd: out.size, srcStart: lit.srcStart, srcEnd: lit.srcEnd });
  }
  const start = first.srcStart;
  const end = last.srcEnd;
  const form: SourceForm = inDefine(text, start)
    ? 'define'
    : plus
      ? 'concatenation'
      : continuation
        ? 'continuation'
        : literals.length > 1
          ? 'adjacent'
          : singleForm(first);
  return { literals, text: out.text(), map: out.map(tokens), form, start, end };
}

function singleForm(lit: Literal): SourceForm {
  switch (lit.syntax) {
    case 'cpp-raw':
    case 'rust-raw':
      return 'raw-string';
    case 'verbatim':
      return 'verbatim-string';
    case 'triple':
      return 'multiline-string';
    case 'backtick':
      return 'backtick';
    default:
      return lit.escapes ? 'string' : 'raw-string';
  }
}

interface Separators {
  readonly end: number;
  readonly plus: boolean;
  readonly continuation: boolean;
}

/** Skips what may sit between two joined literals: blanks, one `+`, `\`-newline, comments. */
function skipSeparators(text: string, from: number): Separators {
  let i = from;
  let plus = false;
  let continuation = false;
  for (;;) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') i++;
    else if (c === '+' && !plus && text[i + 1] !== '+' && text[i + 1] !== '=') {
      plus = true;
      i++;
    } else if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      continuation = true;
      i += 2;
    } else if (c === '/' && text[i + 1] === '/') i = lineEnd(text, i);
    else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) break;
      i = close + 2;
    } else if (c === '#' && /[ \t!]/.test(text[i + 1] ?? '') && !DIRECTIVE.test(text.slice(i, i + 12))) {
      i = lineEnd(text, i); // Python comment between implicitly joined literals
    } else break;
  }
  return { end: i, plus, continuation };
}

/** The literal whose prefix or quote is at `at`, if any. */
function literalStartingAt(text: string, at: number, memo: CloserMemo): Literal | undefined {
  let q = at;
  while (q < text.length && q - at < 6 && /[A-Za-z0-9#@$]/.test(text.charAt(q))) q++;
  const c = text[q];
  if (c !== '"' && c !== "'" && c !== '`') return undefined;
  const lit = readLiteral(text, q, memo);
  return lit && lit.srcStart === at ? lit : undefined;
}

/** True when the literal sits on a `#define` line or its backslash continuations. */
function inDefine(text: string, at: number): boolean {
  let ls = text.lastIndexOf('\n', at - 1) + 1;
  // Walk up through continued lines (each ending in a backslash), at most a few.
  for (let n = 0; n < 8; n++) {
    if (/^\s*#\s*define\b/.test(text.slice(ls, ls + 64))) return true;
    if (ls < 2) return false;
    const prevEnd = text[ls - 2] === '\r' ? ls - 2 : ls - 1;
    if (text[prevEnd - 1] !== '\\') return false;
    ls = text.lastIndexOf('\n', prevEnd - 1) + 1;
  }
  return false;
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}
