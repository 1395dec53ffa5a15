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
  const problems: Problem[] = [];
  let from = 0;
  for (;;) {
    const begin = text.indexOf(BEGIN, from);
    if (begin < 0) break;
    const labelStart = begin + BEGIN.length;
    const labelEnd = text.indexOf(DASHES, labelStart);
    const label = labelEnd < 0 ? '' : text.slice(labelStart, labelEnd);
    if (labelEnd < 0 || labelEnd - labelStart > MAX_LABEL || !LABEL_RE.test(label)) {
      problems.push(malformed({ start: begin, end: lineEnd(text, begin) }, 'BEGIN line has no valid label'));
      from = labelStart;
      continue;
    }
    const bodyStart = labelEnd + DASHES.length;
    const nextEnd = text.indexOf(END, bodyStart);
    const nextBegin = text.indexOf(BEGIN, bodyStart);
    if (nextEnd < 0 || (nextBegin >= 0 && nextBegin < nextEnd)) {
      const stop = nextBegin >= 0 ? trimEndOffset(text, nextBegin) : trimEndOffset(text, text.length);
      problems.push(malformed({ start: begin, end: Math.max(stop, bodyStart) }, `truncated: BEGIN ${label} has no END line`));
      from = nextBegin >= 0 ? nextBegin : text.length;
      continue;
    }
    const endLabelStart = nextEnd + END.length;
    const endLabelEnd = text.indexOf(DASHES, endLabelStart);
    const endLabel = endLabelEnd < 0 ? '' : text.slice(endLabelStart, endLabelEnd);
    const validEnd = endLabelEnd >= 0 && endLabelEnd - endLabelStart <= MAX_LABEL && LABEL_RE.test(endLabel);
    const span: Span = { start: begin, end: validEnd ? endLabelEnd + DASHES.length : lineEnd(text, nextEnd) };
    from = span.end;
    if (!validEnd || endLabel !== label) {
      const found = validEnd ? `END ${endLabel}` : 'an END line with no valid label';
      problems.push(malformed(span, `mismatched markers: BEGIN ${label} ends with ${found}`));
      continue;
    }
    const body = parseBody(text.slice(bodyStart, nextEnd));
    if (typeof body === 'string') {
      problems.push(malformed(span, `${label}: ${body}`));
      continue;
    }
    blocks.push({ label, span, headers: body.headers, der: body.der });
  }
  return { blocks, problems };
}

interface Body {
  readonly headers: Record<string, string>;
  readonly der: Uint8Array;
}

/** Returns the decoded body, or the reason it cannot be decoded. */
function parseBody(raw: string): Body | string {
  // Fast path: the common body is base64 lines and nothing else.
  if (!raw.includes(':') && !raw.includes('\\')) return finishBody({}, raw.replace(/\s+/g, ''));
  // JSON and some env files carry PEM on one line with literal "\n" escapes.
  const lines = raw.replace(/\\r|\\n/g, '\n').split(/\r?\n|\r/);
  const headers: Record<string, string> = {};
  let b64 = '';
  let lastHeader: string | undefined;
  let inHeaders = true;
  for (const line of lines) {
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
    b64 += t.replace(/\s+/g, '');
  }
  return finishBody(headers, b64);
}

function finishBody(headers: Record<string, string>, raw: string): Body | string {
  // YAML/JSON quoting that wraps the whole block leaves a stray quote.
  const b64 = raw.replace(/^["']|["',]$/g, '');
  if (b64 === '') return 'empty body';
  const decoded = decodeBase64(b64);
  if (!decoded.ok) return decoded.reason;
  return { headers, der: decoded.bytes };
}

function malformed(span: Span, message: string): Problem {
  return { code: 'pem-malformed', severity: 'error', message, span };
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  const end = nl < 0 ? text.length : nl;
  return end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

function trimEndOffset(text: string, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return i;
}
