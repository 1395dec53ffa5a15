/**
 * The compact, JSON-serialisable record the editor's workspace index keeps
 * per file across reloads: the decoded items (certificate summaries,
 * fingerprints, CRLs, key descriptions) and the file's line layout, so
 * findings keep their ranges without the text. Never key material: the
 * encoded bytes of private keys, keystores, PKCS#12 and unknown blocks are
 * dropped (their summaries, which hold public halves only, are kept), and
 * the text itself is not stored.
 *
 * @example
 * const json = JSON.stringify(toIndexRecord(decoded, text));
 * const back = fromIndexRecord(JSON.parse(json)); // { decoded, text: layout only } or undefined
 */
import { decodeBase64, encodeBase64 } from '../pem/base64';
import type { DecodedFile, Item } from './decode';

export interface IndexRecord {
  /** Text length, and the offset of every line start after the first; absent for binary files. */
  readonly layout?: { readonly length: number; readonly starts: readonly number[] };
  /** The decoded file, with bytes as `{ $b64 }`. */
  readonly decoded: unknown;
}

/** Kinds whose encoded bytes may hold private material or are never needed again. */
const DROP_DER = new Set<Item['kind']>(['private-key', 'pkcs12', 'keystore', 'unknown', 'pkcs7']);
const EMPTY = new Uint8Array(0);

export function toIndexRecord(decoded: DecodedFile, text: string | undefined): IndexRecord {
  const items = decoded.items.map((i) => (DROP_DER.has(i.kind) ? { ...i, der: EMPTY } : i));
  return {
    ...(text !== undefined && { layout: layoutOf(text) }),
    decoded: encode({ items, problems: decoded.problems, ...(decoded.secrets && { secrets: decoded.secrets }) }),
  };
}

/**
 * The decoded file of a record, and a stand-in text of the same length and
 * line breaks (spaces elsewhere) for ranges; undefined when the record is
 * not one this version wrote.
 */
export function fromIndexRecord(record: unknown): { decoded: DecodedFile; text?: string } | undefined {
  try {
    if (!isObject(record)) return undefined;
    const decoded = decode(record.decoded);
    if (!isObject(decoded) || !Array.isArray(decoded.items) || !Array.isArray(decoded.problems)) return undefined;
    if (!decoded.items.every(validItem)) return undefined;
    const text = record.layout === undefined ? undefined : layoutText(record.layout);
    if (record.layout !== undefined && text === undefined) return undefined;
    return { decoded: decoded as unknown as DecodedFile, ...(text !== undefined && { text }) };
  } catch {
    return undefined;
  }
}

function layoutOf(text: string): { length: number; starts: number[] } {
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return { length: text.length, starts };
}

/** Spaces with a line feed before each line start: LineIndex gives the same positions as for the original. */
function layoutText(layout: unknown): string | undefined {
  if (!isObject(layout) || typeof layout.length !== 'number' || !Array.isArray(layout.starts)) return undefined;
  const { length, starts } = layout;
  if (!Number.isInteger(length) || length < 0 || length > 1e9) return undefined;
  const parts: string[] = [];
  let at = 0;
  for (const s of starts) {
    if (typeof s !== 'number' || !Number.isInteger(s) || s <= at || s > length) return undefined;
    parts.push(' '.repeat(s - 1 - at), '\n');
    at = s;
  }
  parts.push(' '.repeat(length - at));
  return parts.join('');
}

function validItem(i: unknown): boolean {
  if (!isObject(i) || typeof i.kind !== 'string' || !(i.der instanceof Uint8Array)) return false;
  const span = i.span;
  if (!isObject(span) || typeof span.start !== 'number' || typeof span.end !== 'number') return false;
  return i.kind !== 'certificate' || (isObject(i.certificate) && typeof i.certificate.sha256 === 'string');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function encode(v: unknown): unknown {
  if (v instanceof Uint8Array) return { $b64: encodeBase64(v) };
  if (Array.isArray(v)) return v.map(encode);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encode(x);
    return out;
  }
  return v;
}

function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (!isObject(v)) return v;
  if (typeof v.$b64 === 'string' && Object.keys(v).length === 1) {
    const r = decodeBase64(v.$b64);
    if (!r.ok) throw new Error(r.reason);
    return r.bytes;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = decode(x);
  return out;
}
