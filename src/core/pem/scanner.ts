/**
 * Finds PEM blocks (RFC 7468) in arbitrary text and keeps their offsets.
 *
 * Hand-written on purpose: the PEM readers of @peculiar/x509, pkijs and
 * node:crypto return bytes only, so diagnostics could not be placed on the
 * block that caused them. This scanner tolerates what real files contain:
 * text between blocks, CRLF, a BOM, indentation (YAML block scalars), RFC 1421
 * headers (`Proc-Type`, `DEK-Info`) and JSON strings with `\n` escapes.
 */
import { decodeBase64 } from './base64';
import type { Problem, Span } from '../types';

export interface PemBlock {
  /** The label between `BEGIN ` and `-----`, e.g. `CERTIFICATE`. */
  readonly label: string;
  /** From the first `-` of the BEGIN line to the last `-` of the END line. */
  readonly span: Span;
  /** RFC 1421 headers such as `Proc-Type` (legacy encrypted keys). */
  readonly headers: Readonly<Record<string, string>>;
  /** The decoded body; absent when the block is malformed. */
  readonly der?: Uint8Array;
}

export interface PemScan {
  readonly blocks: PemBlock[];
  readonly problems: Problem[];
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
/** Labels are short; refuse to read a "label" across a huge line. */
const MAX_LABEL = 64;
const LABEL_RE = /^[\x21-\x2c\x2e-\x7e](?:[\x21-\x2c\x2e-\x7e]|[ -](?=[\x21-\x2c\x2e-\x7e]))*$/;

/**
 * Scans `text` for PEM blocks.
 *
 * @example
 * const { blocks } = scanPem(fs.readFileSync('chain.pem', 'utf8'));
 * blocks.map((b) => b.label); // ['CERTIFICATE', 'CERTIFICATE']
 */
export function scanPem(text: string): PemScan {
  const blocks: PemBlock[] = [];
  const problems = cappedProblems();
  // Every search below goes forward from a cached hit, so the whole scan is
  // linear in the text for any arrangement of BEGIN/END lines (40,000 BEGIN
  // lines without END took 17 s when each one searched to the end of file).
  const nextEnd = forwardFinder(text, END);
  const nextNewline = forwardFinder(text, '\n');
  const lines = lineCounter(text);
  let from = 0;
  for (;;) {
    const begin = text.indexOf(BEGIN, from);
    if (begin < 0) break;
    const labelStart = begin + BEGIN.length;
    const labelEnd = dashesWithin(text, labelStart);
    const label = labelEnd < 0 ? '' : text.slice(labelStart, labelEnd);
    if (labelEnd < 0 || !LABEL_RE.test(label)) {
      problems.add({ start: begin, end: lineEnd(text, begin, nextNewline) }, () => 'BEGIN line has no valid label');
      from = labelStart;
      continue;
    }
    const bodyStart = labelEnd + DASHES.length;
    const end = nextEnd(bodyStart);
    const nextBegin = text.indexOf(BEGIN, bodyStart);
    if (end < 0 || (nextBegin >= 0 && nextBegin < end)) {
      const stop = nextBegin >= 0 ? trimEndOffset(text, nextBegin, bodyStart) : trimEndOffset(text, text.length, bodyStart);
      problems.add({ start: begin, end: Math.max(stop, bodyStart) }, () => `truncated: BEGIN ${label} has no END line`);
      from = nextBegin >= 0 ? nextBegin : text.length;
      continue;
    }
    const endLabelStart = end + END.length;
    const endLabelEnd = dashesWithin(text, endLabelStart);
    const endLabel = endLabelEnd < 0 ? '' : text.slice(endLabelStart, endLabelEnd);
    const validEnd = endLabelEnd >= 0 && LABEL_RE.test(endLabel);
    const span: Span = { start: begin, end: validEnd ? endLabelEnd + DASHES.length : lineEnd(text, end, nextNewline) };
    from = span.end;
    if (!validEnd || endLabel !== label) {
      const found = validEnd ? `END ${endLabel}` : 'an END line with no valid label';
      problems.add(span, () => `mismatched markers: BEGIN ${label} ends with ${found}`);
      continue;
    }
    const body = parseBody(text.slice(bodyStart, end));
    if ('reason' in body) {
      const where = body.line === undefined ? '' : `, line ${lines(bodyStart) + body.line}`;
      problems.add(span, () => `PEM ${label} body${where}: ${body.reason}`);
      continue;
    }
    blocks.push({ label, span, headers: body.headers, der: body.der });
  }
  return { blocks, problems: problems.done() };
}

/** More malformed blocks than this in one text are counted, not listed one by one. */
export const MAX_PEM_PROBLEMS = 1000;

/** A problem list that keeps the first MAX_PEM_PROBLEMS and sums up the rest in one more. */
function cappedProblems() {
  const list: Problem[] = [];
  let extra = 0;
  let first: Span | undefined;
  let last: Span | undefined;
  return {
    /** `message` is a function so that a file of 200,000 bad blocks builds 1,000 messages, not 200,000. */
    add(span: Span, message: () => string): void {
      if (list.length < MAX_PEM_PROBLEMS) {
        list.push(malformed(span, message()));
        return;
      }
      extra++;
      first ??= span;
      last = span;
    },
    done(): Problem[] {
      if (extra && first && last) {
        const message = `${extra} more malformed PEM blocks after the first ${MAX_PEM_PROBLEMS} (not listed one by one)`;
        list.push(malformed({ start: first.start, end: last.end }, message));
      }
      return list;
    },
  };
}

/**
 * `text.indexOf(needle, from)` for non-decreasing `from`, remembering the last
 * hit: each character is searched at most once over the whole scan.
 */
function forwardFinder(text: string, needle: string): (from: number) => number {
  let hit = -2; // -2: not searched yet; -1: none left in the text
  return (from) => {
    if (hit === -1) return -1;
    if (hit < from) hit = text.indexOf(needle, from);
    return hit;
  };
}

/** 1-based line of an offset; offsets are asked in increasing order, so counting is linear. */
function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    if (offset < at) {
      at = 0;
      line = 1;
    }
    for (; at < offset; at++) if (text.charCodeAt(at) === 10) line++;
    return line;
  };
}

/** The closing `-----` of a label, looked for only within MAX_LABEL characters. */
function dashesWithin(text: string, labelStart: number): number {
  const i = text.slice(labelStart, labelStart + MAX_LABEL + DASHES.length).indexOf(DASHES);
  return i < 0 ? -1 : labelStart + i;
}

interface Body {
  readonly headers: Record<string, string>;
  readonly der: Uint8Array;
}

/** Why a body cannot be decoded; `line` counts line breaks from the BEGIN line when known. */
interface BodyError {
  readonly reason: string;
  readonly line?: number;
}

/** Returns the decoded body, or the reason it cannot be decoded. */
function parseBody(raw: string): Body | BodyError {
  // Fast path: the common body is base64 lines and nothing else.
  if (!raw.includes(':') && !raw.includes('\\')) {
    return finishBody({}, raw.replace(/\s+/g, ''), (i) => newlinesBefore(raw, nonSpaceOffset(raw, i)));
  }
  // JSON and some env files carry PEM on one line with literal "\n" escapes.
  const escaped = raw.includes('\\');
  const lines = raw.replace(/\\r|\\n/g, '\n').split(/\r?\n|\r/);
  const headers: Record<string, string> = {};
  let b64 = '';
  /** b64 length at the start of each line that fed it, with that line's index. */
  const starts: Array<[number, number]> = [];
  let lastHeader: string | undefined;
  let inHeaders = true;
  for (const [k, line] of lines.entries()) {
    const t = line.trim();
    if (inHeaders) {
      const colon = t.indexOf(':');
      if (colon > 0 && /^[A-Za-z][A-Za-z0-9-]*$/.test(t.slice(0, colon))) {
        lastHeader = t.slice(0, colon);
        headers[lastHeader] = t.slice(colon + 1).trim();
        continue;
      }
      if (lastHeader && t !== '' && /^\s/.test(line) && !/^[A-Za-z0-9+/=]+$/.test(t)) {
        headers[lastHeader] += t; // RFC 1421 continuation line
        continue;
      }
      if (t === '' && b64 === '') continue;
      inHeaders = false;
    }
    starts.push([b64.length, k]);
    b64 += t.replace(/\s+/g, '');
  }
  // With "\n" escapes (a JSON string) the whole body sits on the BEGIN line's line.
  const lineOf = (i: number) => (escaped ? 0 : lineIndexOf(starts, i));
  return finishBody(headers, b64, lineOf);
}

function finishBody(headers: Record<string, string>, raw: string, lineOf: (index: number) => number | undefined): Body | BodyError {
  // YAML/JSON quoting that wraps the whole block leaves a stray quote.
  const quoted = raw.startsWith('"') || raw.startsWith("'");
  const b64 = quoted || /["',]$/.test(raw) ? raw.replace(/^["']|["',]$/g, '') : raw;
  if (b64 === '') return { reason: 'empty body' };
  const decoded = decodeBase64(b64);
  if (decoded.ok) return { headers, der: decoded.bytes };
  const at = Math.min(decoded.index + (quoted ? 1 : 0), Math.max(raw.length - 1, 0));
  const line = lineOf(at);
  return line === undefined ? { reason: decoded.reason } : { reason: decoded.reason, line };
}

/** Offset in `raw` of its `n`-th non-whitespace character (or of its last one). */
function nonSpaceOffset(raw: string, n: number): number {
  let seen = -1;
  let last = 0;
  for (let i = 0; i < raw.length; i++) {
    if (/\s/.test(raw.charAt(i))) continue;
    last = i;
    if (++seen === n) return i;
  }
  return last;
}

function newlinesBefore(raw: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset; i++) if (raw.charCodeAt(i) === 10) n++;
  return n;
}

function lineIndexOf(starts: ReadonlyArray<readonly [number, number]>, index: number): number | undefined {
  let line: number | undefined;
  for (const [start, k] of starts) {
    if (start > index) break;
    line = k;
  }
  return line;
}

function malformed(span: Span, message: string): Problem {
  return { code: 'pem-malformed', severity: 'error', message, span };
}

function lineEnd(text: string, at: number, nextNewline: (from: number) => number): number {
  const nl = nextNewline(at);
  const end = nl < 0 ? text.length : nl;
  return end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

/** Backs over whitespace before `at`, never past `floor` (so each gap is walked once). */
function trimEndOffset(text: string, at: number, floor: number): number {
  let i = at;
  while (i > floor && /\s/.test(text[i - 1]!)) i--;
  return i;
}
