/**
 * Finds certificate material written as source code and claims its range,
 * so the plain PEM scanner no longer reads quotes, `+` and backslashes as a
 * broken base64 body (`invalid base64: character """`).
 */
import type { Problem, Span } from '../types';
import { contextOf } from './anchors';
import { BYTE_ARRAY_START, bytesOf, readByteArray } from './byte-arrays';
import { readGroup, type SourceForm } from './groups';
import type { CloserMemo } from './literals';
import type { OffsetMap } from './offset-map';

/** A run of literals (or a byte array) holding PEM text or DER bytes. */
export interface SourceRegion {
  /** The literal(s) or array, quotes and brackets included. */
  readonly span: Span;
  readonly form: SourceForm;
  /** Decoded text: PEM text, or one character per DER byte. */
  readonly text: string;
  readonly map: OffsetMap;
  readonly content: 'pem' | 'der';
}

export interface SourceMaterial {
  readonly regions: SourceRegion[];
  /** `pem-skipped` infos (a PEM block in a comment). */
  readonly problems: Problem[];
  /** The text with every claimed range blanked (newlines kept): what the PEM scanner reads. */
  readonly masked: string;
}

const BEGIN = '-----BEGIN ';
/** Marker lines and blanks only, no body: a constant compared against (`"-----BEGIN "`), not a certificate. */
function markerOnly(text: string): boolean {
  return text.split('\n').every((l) => l.trim() === '' || (l.length < 100 && /^\s*-----(?:BEGIN|END)\b/.test(l)));
}
/** DER as string escapes: `"\x30\x82` (C, Python, JS) or Python's repr `b'0\x82`. */
const ESCAPED_DER = /\\x30(?:["']\s*["'])?\\x8[1-4]|(?<=["'])0\\x8[1-4]/g;
/**
 * The anchors' distinctive parts, one regex each: each starts with a literal
 * V8 scans for quickly (one alternation starting with `[{[]` ran 3× slower on
 * 5 MB of C headers). Non-global: `test` on a global regex moves `lastIndex`.
 */
const HINTS = [
  /0[xX]30(?:[uU]8|[uU])?\s*,\s*(?:\(\s*\w+\s*\)\s*)?0[xX]8[1-4]/,
  /48(?:[uU]8|[uU])?\s*,\s*(?:\(\s*\w+\s*\)\s*)?(?:13[0-2]|-12[4-7])(?!\d)/,
  /0[xX]2[dD]\s*,\s*0[xX]2[dD]\s*,\s*0[xX]2[dD]/,
  /\\x30(?:["']\s*["'])?\\x8[1-4]/,
  /["']0\\x8[1-4]/,
];
/** A commented-out PEM block is looked for this far. */
const MAX_COMMENT_BLOCK = 64 * 1024;

/** Cheap pre-check: may `text` hold certificate material written as source code (beyond `-----BEGIN`)? */
export function mayHoldSourceMaterial(text: string): boolean {
  return HINTS.some((r) => r.test(text));
}

/**
 * Finds PEM in string literals, DER in byte arrays and escaped strings, and
 * PEM blocks in comments (claimed, reported as `pem-skipped`, not decoded).
 *
 * @example
 * findSourceMaterial('const char* ca = "-----BEGIN CERTIFICATE-----\\n" "MIIB…\\n" …;').regions[0].form; // 'adjacent'
 */
export function findSourceMaterial(text: string): SourceMaterial {
  return plainText(text) ? { regions: [], problems: [], masked: text } : readSourceMaterial(text);
}

/** `findSourceMaterial` without its pre-screen (`plainText`); exported so tests can check the screen drops nothing. */
export function readSourceMaterial(text: string): SourceMaterial {
  const regions: SourceRegion[] = [];
  const problems: Problem[] = [];
  const claimed: Span[] = [];
  const ends = new NextEnd(text);
  const memo: CloserMemo = new Map();
  for (let at = text.indexOf(BEGIN); at >= 0; at = text.indexOf(BEGIN, at + BEGIN.length)) {
    const last = claimed[claimed.length - 1];
    if (last && at < last.end) continue;
    const ctx = contextOf(text, at, last?.end ?? 0, memo);
    if (!ctx) continue;
    if (ctx.kind === 'comment') {
      const span = commentBlock(text, at, ends);
      claimed.push(span.block ?? span.line);
      if (span.block) problems.push(skipped(span.block, 'a PEM block in a comment is not decoded'));
      continue;
    }
    const group = readGroup(text, ctx.literal, memo);
    const span = { start: group.start, end: group.end };
    claimed.push(span);
    if (!markerOnly(group.text)) regions.push({ span, form: group.form, text: group.text, map: group.map, content: 'pem' });
  }
  const isFree = (s: number, e: number) => !claimed.some((c) => c.start < e && s < c.end);
  if (mayHoldSourceMaterial(text)) {
    for (const m of text.matchAll(BYTE_ARRAY_START)) {
      const arr = readByteArray(text, m.index);
      if (!arr || !isFree(arr.start, arr.end)) continue;
      const content = arr.text.includes(BEGIN) ? 'pem' : isDer(arr.text) ? 'der' : undefined;
      if (!content) continue;
      const span = { start: arr.start, end: arr.end };
      claimed.push(span);
      regions.push({ span, form: 'byte-array', text: arr.text, map: arr.map, content });
    }
    for (const m of text.matchAll(ESCAPED_DER)) {
      if (!isFree(m.index, m.index + 1)) continue;
      const ctx = contextOf(text, m.index, 0, memo);
      if (ctx?.kind !== 'literal') continue;
      const group = readGroup(text, ctx.literal, memo);
      if (!isDer(group.text) || !isFree(group.start, group.end)) continue;
      const span = { start: group.start, end: group.end };
      claimed.push(span);
      regions.push({ span, form: 'escaped-bytes', text: group.text, map: group.map, content: 'der' });
    }
  }
  return { regions, problems, masked: claimed.length ? mask(text, claimed) : text };
}

/**
 * Text the source reader has nothing to find in, screened in one pass: no
 * quote (no literal can hold a marker or escaped bytes), no comma (no byte
 * array) and no backslash, and every marker at a line start (none behind a
 * comment leader). A plain PEM file, the usual input of a scan, passes.
 */
function plainText(text: string): boolean {
  if (/["'`,\\]/.test(text)) return false;
  for (let at = text.indexOf(BEGIN); at >= 0; at = text.indexOf(BEGIN, at + BEGIN.length)) {
    if (at > 0 && text.charCodeAt(at - 1) !== 10) return false;
  }
  return true;
}

/** A DER structure filling the bytes (one trailing NUL allowed: C strings and `xxd` of a NUL-terminated buffer). */
function isDer(text: string): boolean {
  const bytes = bytesOf(text);
  if (!bytes || bytes.length < 4 || bytes[0] !== 0x30) return false;
  const second = bytes[1] ?? 0;
  const n = second & 0x7f;
  if (second < 0x80 || n < 1 || n > 4 || bytes.length < 2 + n) return false;
  let len = 0;
  for (const b of bytes.subarray(2, 2 + n)) len = len * 256 + b;
  const total = 2 + n + len;
  return total === bytes.length || (total === bytes.length - 1 && bytes[bytes.length - 1] === 0);
}

/** The commented BEGIN line, and the whole block when a commented END line follows. */
function commentBlock(text: string, at: number, ends: NextEnd): { line: Span; block?: Span } {
  const nl = text.indexOf('\n', at);
  const line = { start: at, end: nl < 0 ? text.length : nl };
  const end = ends.after(at);
  if (end < 0 || end - at > MAX_COMMENT_BLOCK) return { line };
  const nextBegin = text.indexOf(BEGIN, at + BEGIN.length);
  if (nextBegin >= 0 && nextBegin < end) return { line };
  if (contextOf(text, end)?.kind !== 'comment') return { line };
  const close = text.indexOf('-----', end + 9);
  const endLine = text.indexOf('\n', end);
  const stop = close >= 0 && (endLine < 0 || close < endLine) ? close + 5 : endLine < 0 ? text.length : endLine;
  return { line, block: { start: at, end: stop } };
}

/** The next END marker after a position, remembered: markers are visited in order, so the text is searched once (no O(n²) on thousands of BEGIN lines without END). */
class NextEnd {
  private at = -1;
  private found = -2;
  constructor(private readonly text: string) {}
  after(pos: number): number {
    if (this.found === -1 || (this.found >= pos && this.at <= pos)) return this.found;
    this.at = pos;
    this.found = this.text.indexOf('-----END ', pos);
    return this.found;
  }
}

/** Blanks the claimed ranges, keeping line breaks so every other offset stays valid. */
function mask(text: string, claimed: readonly Span[]): string {
  const sorted = [...claimed].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let from = 0;
  for (const s of sorted) {
    if (s.start < from) continue;
    const nl = text.indexOf('\n', s.start);
    const blank = nl < 0 || nl >= s.end ? ' '.repeat(s.end - s.start) : text.slice(s.start, s.end).replace(/[^\r\n]/g, ' ');
    parts.push(text.slice(from, s.start), blank);
    from = s.end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

function skipped(span: Span, message: string): Problem {
  return { code: 'pem-skipped', severity: 'info', message, span };
}
