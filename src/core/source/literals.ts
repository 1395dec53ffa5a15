/**
 * String literals of the common languages, read without knowing the language.
 *
 * One reader covers the union of the syntaxes certificates are written in:
 * C/C++ (`"…"`, `L"…"`, `u8"…"`, `R"delim(…)delim"`), Java/Kotlin/C#/JS/TS
 * (`"…"`, `'…'`, text blocks `"""…"""`, C# `@"…"` and `"""…"""`), Go (`"…"`
 * and raw `` `…` ``), JS template literals, Python (`'…'`, `"…"`, `'''…'''`,
 * `"""…"""` with `r`/`b`/`f` prefixes), Rust (`"…"`, `r"…"`, `r#"…"#`,
 * `b"…"`) and Swift (`"…"`, `"""…"""`, `#"…"#`). Where languages disagree on
 * an escape the difference cannot change a PEM body (base64 has no `\`), so
 * the union is safe; unknown escapes are kept as written (`\(` of a Swift
 * interpolation stays visible to the placeholder check).
 */
import type { DecodedTextBuilder } from './offset-map';

export type LiteralSyntax = 'quoted' | 'triple' | 'backtick' | 'cpp-raw' | 'rust-raw' | 'verbatim';

export interface Literal {
  readonly syntax: LiteralSyntax;
  /** Prefix and opening quote included. */
  readonly srcStart: number;
  readonly contentStart: number;
  readonly contentEnd: number;
  /** After the closing quote. */
  readonly srcEnd: number;
  /** Backslash escapes are decoded (false for raw strings). */
  readonly escapes: boolean;
  /** The content has a backslash-newline continuation. */
  readonly continued: boolean;
}

/** Literals hold certificates and bundles, not whole files: past this, the reader gives up. */
export const MAX_LITERAL = 1 << 20;

const IDENT = /[A-Za-z0-9_]/;

/**
 * Reads the literal whose quote character is at `q` (`"`, `'` or `` ` ``),
 * with the prefix written before it (`R`, `r#`, `@`, `u8`, `b`, `f`, …).
 * Returns undefined when no literal starts there or it does not close.
 */
export function readLiteral(text: string, q: number, memo: CloserMemo = new Map()): Literal | undefined {
  const c = text[q];
  if (c === '`') return readBacktick(text, q);
  if (c !== '"' && c !== "'") return undefined;
  const prefix = prefixBefore(text, q);
  const srcStart = q - prefix.length;
  // `R"` is C++ raw when a `(` follows within 16 characters; otherwise a Python raw string.
  const cpp = c === '"' && /^(?:u8|[uUL])?R$/.test(prefix) ? readCppRaw(text, q, srcStart, memo) : undefined;
  if (cpp) return cpp;
  if (c === '"' && /^(?:[bc]?r)?#+$|^[bc]?r$/.test(prefix)) return readHashed(text, q, srcStart, prefix.replace(/^[bcr]+/, ''), memo);
  if (c === '"' && /@/.test(prefix)) return readVerbatim(text, q, srcStart);
  let n = 1;
  while (text[q + n] === c && n < 64) n++;
  const raw = /^[bBfFuU]?[rR][bBfF]?$/.test(prefix);
  if (n >= 3 && (c === '"' || n === 3)) return readRun(text, q, srcStart, c.repeat(c === "'" ? 3 : n), 'triple', !raw);
  if (n === 2)
    return { syntax: 'quoted', srcStart, contentStart: q + 1, contentEnd: q + 1, srcEnd: q + 2, escapes: true, continued: false };
  return readRun(text, q, srcStart, c, 'quoted', !raw);
}

/** Letters, `#`, `@`, `$` and `u8` right before a quote, when they are a literal prefix and not an identifier's tail. */
function prefixBefore(text: string, q: number): string {
  let i = q;
  while (i > 0 && q - i < 8 && /[A-Za-z0-9#@$]/.test(text.charAt(i - 1))) i--;
  const p = text.slice(i, q);
  const m = /(?:u8R|[uUL]R|u8|[uULR]|[bBfFrRuU]{1,2}|[bc]?r#*|#+|\$?@\$?|\$+)$/.exec(p);
  if (!m) return '';
  const start = q - m[0].length;
  if (start > 0 && IDENT.test(text.charAt(start - 1))) return '';
  return m[0];
}

function readRun(text: string, q: number, srcStart: number, closer: string, syntax: LiteralSyntax, escapes: boolean): Literal | undefined {
  const contentStart = q + closer.length;
  const limit = Math.min(text.length, contentStart + MAX_LITERAL);
  const single = closer.length === 1;
  let continued = false;
  for (let i = contentStart; i < limit; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 92 /* \ */) {
      const next = text[i + 1];
      if (next === '\n' || next === '\r') continued = true;
      if (escapes || next === closer[0]) i++;
      continue;
    }
    // A single-quoted string never spans lines (C char, JS/Python strings); a double-quoted one may (Rust, shell, PHP).
    if (ch === 10 && single && closer === "'") return undefined;
    if (ch === closer.charCodeAt(0) && text.startsWith(closer, i)) {
      // `""""` closing a `"""` Python/Kotlin string: the last three quotes close it.
      let end = i;
      if (!single) while (text[end + closer.length] === closer[0]) end++;
      return { syntax, srcStart, contentStart, contentEnd: end, srcEnd: end + closer.length, escapes, continued };
    }
  }
  return undefined;
}

function readBacktick(text: string, q: number): Literal | undefined {
  // A Markdown fence (```) is not a literal.
  if (text[q + 1] === '`' || text[q - 1] === '`') return undefined;
  const r = readRun(text, q, q, '`', 'backtick', true);
  return r && { ...r, continued: false };
}

/** C++11 raw string: `R"delim( … )delim"`, no escapes, at most 16 delimiter characters. */
function readCppRaw(text: string, q: number, srcStart: number, memo: CloserMemo): Literal | undefined {
  const open = text.indexOf('(', q + 1);
  if (open < 0 || open - q - 1 > 16) return undefined;
  const delim = text.slice(q + 1, open);
  if (/[\s\\)"]/.test(delim)) return undefined;
  const closer = `)${delim}"`;
  const end = findCloser(text, closer, open + 1, memo);
  if (end < 0 || end - open > MAX_LITERAL) return undefined;
  return {
    syntax: 'cpp-raw',
    srcStart,
    contentStart: open + 1,
    contentEnd: end,
    srcEnd: end + closer.length,
    escapes: false,
    continued: false,
  };
}

/** Rust `r"…"`, `r#"…"#`, `br#"…"#` and Swift `#"…"#`: closed by a quote and as many `#`. */
function readHashed(text: string, q: number, srcStart: number, hashes: string, memo: CloserMemo): Literal | undefined {
  const closer = `"${hashes}`;
  const end = findCloser(text, closer, q + 1, memo);
  if (end < 0 || end - q > MAX_LITERAL) return undefined;
  return {
    syntax: 'rust-raw',
    srcStart,
    contentStart: q + 1,
    contentEnd: end,
    srcEnd: end + closer.length,
    escapes: false,
    continued: false,
  };
}

/**
 * Per text: for a closing delimiter (`)x"`, `"#`), the first position after
 * which it is known to be absent. One scan of a text shares one memo.
 */
export type CloserMemo = Map<string, number>;

/**
 * `text.indexOf(closer, from)`, remembering misses: a closer absent after one
 * position is absent after every later one, so a file of unclosed `r#"` or
 * `R"x(` lines is searched once, not once per line (bounded work on hostile
 * input). The memo never changes a result.
 */
function findCloser(text: string, closer: string, from: number, memo: CloserMemo): number {
  const miss = memo.get(closer);
  if (miss !== undefined && from >= miss) return -1;
  const at = text.indexOf(closer, from);
  if (at < 0) memo.set(closer, Math.min(from, miss ?? from));
  return at;
}

/** C# `@"…"`: no escapes, `""` is a quote, newlines allowed. */
function readVerbatim(text: string, q: number, srcStart: number): Literal | undefined {
  const limit = Math.min(text.length, q + 1 + MAX_LITERAL);
  for (let i = q + 1; i < limit; i++) {
    if (text[i] !== '"') continue;
    if (text[i + 1] === '"') {
      i++;
      continue;
    }
    return { syntax: 'verbatim', srcStart, contentStart: q + 1, contentEnd: i, srcEnd: i + 1, escapes: false, continued: false };
  }
  return undefined;
}

const SIMPLE: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  e: '\x1b',
  '0': '\0',
  '\\': '\\',
  '"': '"',
  "'": "'",
  '`': '`',
  '/': '/',
  $: '$',
  '?': '?',
};

/** Appends the literal's decoded content to `out`. */
export function decodeLiteral(text: string, lit: Literal, out: DecodedTextBuilder): void {
  const { contentStart: from, contentEnd: to } = lit;
  if (lit.syntax === 'verbatim') {
    let run = from;
    for (let i = from; i < to; i++) {
      if (text[i] === '"' && text[i + 1] === '"') {
        out.verbatim(text, run, i + 1);
        i++;
        run = i + 1;
      }
    }
    out.verbatim(text, run, to);
    return;
  }
  if (!lit.escapes) return out.verbatim(text, from, to);
  let run = from;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) !== 92) continue;
    out.verbatim(text, run, i);
    const end = escapeAt(text, i, to, out);
    run = end;
    i = end - 1;
  }
  out.verbatim(text, run, to);
}

/** Decodes the escape at `i` (a backslash) into `out`; returns where the source continues. */
function escapeAt(text: string, i: number, to: number, out: DecodedTextBuilder): number {
  const next = text[i + 1];
  if (next === undefined || i + 1 >= to) return to;
  // Backslash-newline: the line continues (C splice; Rust also drops the next line's indentation).
  if (next === '\n' || next === '\r') {
    let j = i + 2;
    if (next === '\r' && text[j] === '\n') j++;
    while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
    return j;
  }
  const hex = (re: RegExp) => {
    const m = re.exec(text.slice(i + 2, Math.min(to, i + 12)));
    return m ? m : undefined;
  };
  if (next === 'x') {
    const m = hex(/^[0-9a-fA-F]{1,2}/);
    if (m) return put(out, String.fromCharCode(parseInt(m[0], 16)), i, i + 2 + m[0].length);
  } else if (next === 'u' || next === 'U') {
    const m = hex(next === 'u' ? /^(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))/ : /^([0-9a-fA-F]{8})()/);
    const cp = m ? parseInt(m[1] ?? m[2] ?? '', 16) : NaN;
    if (m && cp <= 0x10ffff) return put(out, String.fromCodePoint(cp), i, i + 2 + m[0].length);
  } else if (next >= '0' && next <= '7') {
    const digits = /^[0-7]{1,3}/.exec(text.slice(i + 1, Math.min(to, i + 4)))?.[0] ?? next;
    return put(out, String.fromCharCode(parseInt(digits, 8) & 0xff), i, i + 1 + digits.length);
  } else if (SIMPLE[next] !== undefined) {
    return put(out, SIMPLE[next], i, i + 2);
  }
  // Unknown escape: kept as written.
  out.verbatim(text, i, i + 2);
  return i + 2;
}

function put(out: DecodedTextBuilder, s: string, from: number, to: number): number {
  out.escape(s, from, to);
  return to;
}
