/**
 * The one DER/BER reader of core (X.690 §8, §10), over der/tlv.ts (headers),
 * der/oid.ts and der/time.ts. Hand-written rather than asn1js or
 * @peculiar/asn1-schema: decorations need a dozen fields of 10,000
 * certificates at the speed of `openssl storeutl` (`npm run bench -- scan`),
 * the path validator needs exact bytes (the signed TBSCertificate, raw Names
 * for RFC 5280 §7.1, iPAddress constraints with their mask) and must reject
 * non-DER, and PKCS#12 readers must survive hostile BER without exceptions
 * or deep recursion.
 *
 * A mode is chosen where reading starts; every element keeps its buffer and
 * its mode, so its children are read the same way:
 *  - `der`: strict DER for the validator and CRLs: minimal lengths, no
 *    indefinite length (X.690 §10.1), times exactly as RFC 5280 §4.1.2.5.
 *  - `ber`: PKCS#12, PKCS#7, JKS and key files as Windows and Java write
 *    them: indefinite lengths, constructed OCTET STRINGs (X.690 §8.1.3.6, §8.7.3).
 *  - `definite`: the display decoders: definite lengths, but a non-minimal
 *    one and the BER time forms real files carry are shown, not refused.
 *
 * Two ways to read, one set of rules:
 *  - non-throwing: `readElement`/`parseElement` return a `DerResult`;
 *    `tryDer` runs a decoder built on the throwing helpers and returns its
 *    `DerError` as a result; the BER helpers (`readBer`, `elementsOf`,
 *    `octets`, `oidOf`, `smallInt` …) return `undefined` on malformed input.
 *  - throwing: `readTlv`, `parseDer`, `expect`, `children`, `decode*` throw
 *    `DerError`, for decoders whose one wrapper (or `tryDer`) catches it.
 */

import { concat, latin1 } from '../util/bytes';
import { decodeOidContent, type OidFaultCode } from './oid';
import { decodeTimeText } from './time';
import { isConstructed, isFault, readTlvHeader, TAG, type Tlv, type TlvFault, type TlvFaultCode, type TlvRules } from './tlv';

export { TAG, isConstructed, type Tlv };

export type DerMode = 'der' | 'ber' | 'definite';

/** The rules of each mode. */
export const MODES: { readonly [M in DerMode]: TlvRules } = {
  der: { minimalLength: true, rfc5280Time: true },
  ber: { indefinite: true },
  definite: {},
};

export type DerFaultCode = TlvFaultCode | OidFaultCode | 'unexpected-tag' | 'trailing-bytes' | 'bad-time' | 'bad-value';

/** Why reading failed: a stable code and a message that names the byte offset where it can. */
export class DerError extends Error {
  override readonly name = 'DerError';
  constructor(
    message: string,
    readonly code: DerFaultCode = 'bad-value',
  ) {
    super(message);
  }
}

export type DerResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DerError };

// ---- Non-throwing -----------------------------------------------------------

/**
 * The element at `offset`, ending by `limit`, read under `mode`.
 *
 * @example
 * readElement(Uint8Array.of(0x30, 0x81, 0x00), 0, 'der');
 * // { ok: false, error: DerError { code: 'non-minimal-length', … } }
 */
export function readElement(buf: Uint8Array, offset: number, mode: DerMode, limit = buf.length): DerResult<Tlv> {
  return tryDer(() => readTlv(buf, offset, limit, mode));
}

/** `buf` as exactly one element under `mode`: no trailing bytes. */
export function parseElement(buf: Uint8Array, mode: DerMode): DerResult<Tlv> {
  return tryDer(() => parseDer(buf, mode));
}

/**
 * Runs a decoder written with the throwing helpers; its `DerError` becomes
 * the result. Any other exception is a bug and is rethrown.
 */
export function tryDer<T>(decode: () => T): DerResult<T> {
  try {
    return { ok: true, value: decode() };
  } catch (e) {
    if (e instanceof DerError) return { ok: false, error: e };
    throw e;
  }
}

/** The element at `offset` under BER rules, or `undefined` when malformed. */
export function readBer(buf: Uint8Array, offset = 0, limit = buf.length): Tlv | undefined {
  const t = readTlvHeader(buf, offset, limit, MODES.ber);
  return isFault(t) ? undefined : t;
}

/** The children of a constructed element (at most `max`), or `undefined` if any is malformed. */
export function elementsOf(parent: Tlv, max = 100_000): Tlv[] | undefined {
  if (!isConstructed(parent)) return undefined;
  const out: Tlv[] = [];
  for (let p = parent.valueStart; p < parent.valueEnd;) {
    if (out.length >= max) return undefined;
    const c = readTlvHeader(parent.buf, p, parent.valueEnd, parent.rules);
    if (isFault(c)) return undefined;
    out.push(c);
    p = c.end;
  }
  return out;
}

/** The children of a SEQUENCE (by default the BER element at the start of `buf`). */
export function readSequence(buf: Uint8Array, tlv?: Tlv): Tlv[] | undefined {
  const t = tlv ?? readBer(buf);
  if (!t || t.tag !== TAG.SEQUENCE) return undefined;
  return elementsOf(t);
}

/**
 * The content of an OCTET STRING, primitive or constructed (BER, X.690 §8.7.3),
 * optionally under an implicit `tag`; `undefined` if malformed.
 */
export function octets(t: Tlv, tag: number = TAG.OCTET_STRING, depth = 0): Uint8Array | undefined {
  if ((t.tag & 0xdf) !== (tag & 0xdf)) return undefined;
  if (!isConstructed(t)) return value(t);
  if (depth > 4) return undefined;
  const parts = elementsOf(t);
  if (!parts) return undefined;
  const chunks: Uint8Array[] = [];
  for (const c of parts) {
    const v = octets(c, TAG.OCTET_STRING, depth + 1);
    if (!v) return undefined;
    chunks.push(v);
  }
  return concat(chunks);
}

/** Dotted OID text, or `undefined` for anything but a well-formed OID. */
export function oidOf(t: Tlv | undefined): string | undefined {
  if (!t || t.tag !== TAG.OID) return undefined;
  const r = decodeOidContent(t.buf, t.valueStart, t.valueEnd);
  return typeof r === 'string' ? r : undefined;
}

/** A non-negative INTEGER's magnitude bytes without leading zeros. */
export function unsignedInt(t: Tlv | undefined): Uint8Array | undefined {
  if (!t || t.tag !== TAG.INTEGER || t.valueEnd === t.valueStart) return undefined;
  let s = t.valueStart;
  while (s < t.valueEnd - 1 && t.buf[s] === 0) s++;
  return t.buf.subarray(s, t.valueEnd);
}

/** A small non-negative INTEGER (below 2^48) as a number, else `undefined`. */
export function smallInt(t: Tlv | undefined): number | undefined {
  const b = unsignedInt(t);
  if (!t || !b || b.length > 6 || (t.buf[t.valueStart] ?? 0) & 0x80) return undefined;
  let n = 0;
  for (const x of b) n = n * 256 + x;
  return n;
}

/** Bit length of an unsigned big-endian integer. */
export function bitLength(mag: Uint8Array, from = 0, to = mag.length): number {
  let i = from;
  while (i < to && mag[i] === 0) i++;
  if (i === to) return 0;
  return (to - i - 1) * 8 + (32 - Math.clz32(mag[i] ?? 0));
}

export function value(t: Tlv): Uint8Array {
  return t.buf.subarray(t.valueStart, t.valueEnd);
}

export function whole(t: Tlv): Uint8Array {
  return t.buf.subarray(t.start, t.end);
}

// ---- Throwing (DerError), behind one wrapper ---------------------------------

/** Reads the element at `offset`; its end must not pass `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit = buf.length, mode: DerMode = 'definite'): Tlv {
  const t = readTlvHeader(buf, offset, limit, MODES[mode]);
  // Not isFault(t): this line runs for every element of every certificate (npm run bench -- scan).
  if (t.end === undefined) throw faultError(t, offset);
  return t;
}

/** Reads a complete value: exactly one element, no trailing bytes. */
export function parseDer(buf: Uint8Array, mode: DerMode): Tlv {
  const t = readTlv(buf, 0, buf.length, mode);
  if (t.end !== buf.length) throw new DerError(`trailing bytes after the element (byte ${t.end})`, 'trailing-bytes');
  return t;
}

/** Reads the element at `offset` and checks its tag. */
export function expect(buf: Uint8Array, offset: number, tag: number, limit?: number, mode?: DerMode): Tlv {
  const t = readTlv(buf, offset, limit, mode);
  if (t.tag !== tag) throw new DerError(`expected tag 0x${hex2(tag)} at byte ${offset}, found 0x${hex2(t.tag)}`, 'unexpected-tag');
  return t;
}

/** Checks the tag of an element already read; `what` names it in the message. */
export function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new DerError(`expected ${what}`, 'unexpected-tag');
  return t;
}

/** The children of a constructed element, in order, read under its mode. */
export function children(parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.valueStart; at < parent.valueEnd;) {
    const t = readTlvHeader(parent.buf, at, parent.valueEnd, parent.rules);
    if (t.end === undefined) throw faultError(t, at);
    out.push(t);
    at = t.end;
  }
  return out;
}

function faultError(f: TlvFault, offset: number): DerError {
  return new DerError(TLV_FAULT_MESSAGE[f.fault](offset, f.need), f.fault);
}

const TLV_FAULT_MESSAGE: { readonly [K in TlvFaultCode]: (at: number, need?: number) => string } = {
  'truncated-header': (at) => `truncated at byte ${at}`,
  'high-tag': (at) => `high-tag-number form at byte ${at}`,
  'indefinite-length': (at) => `indefinite length at byte ${at}`,
  'bad-indefinite-length': (at) => `bad indefinite length at byte ${at}`,
  'length-too-large': (at) => `length too large at byte ${at}`,
  'truncated-length': (at) => `truncated length at byte ${at}`,
  // X.690 §10.1: the definite form with the fewest octets.
  'non-minimal-length': (at) => `non-minimal length at byte ${at}`,
  'truncated-value': (at, need) => `truncated: element at byte ${at} needs ${need} more bytes`,
};

/** Dotted OID text (X.690 §8.19). */
export function decodeOid(t: Tlv): string {
  const r = decodeOidContent(t.buf, t.valueStart, t.valueEnd);
  if (typeof r === 'string') return r;
  throw new DerError(OID_FAULT_MESSAGE[r.fault], r.fault);
}

const OID_FAULT_MESSAGE: { readonly [K in OidFaultCode]: string } = {
  empty: 'empty OID',
  'too-long': 'OID too long',
  'truncated-arc': 'truncated OID arc',
  'non-minimal-arc': 'non-minimal OID arc',
};

/** UTCTime / GeneralizedTime as milliseconds since the epoch (RFC 5280 §4.1.2.5; to the letter in `der` mode). */
export function decodeTime(t: Tlv): number {
  const s = latin1(t.buf, t.valueStart, t.valueEnd);
  const ms = decodeTimeText(t.tag, s, t.rules.rfc5280Time ? RFC5280_TIME : LAX_TIME);
  if (ms === undefined) throw new DerError(`bad time ${JSON.stringify(s)}`, 'bad-time');
  return ms;
}

const RFC5280_TIME = { rfc5280: true };
const LAX_TIME = {};

/** The character string types of names (X.520 DirectoryString), and IA5/Printable/Teletex as Latin-1. */
export function decodeString(t: Tlv): string {
  const { buf, valueStart: from, valueEnd: to } = t;
  switch (t.tag) {
    case TAG.UTF8_STRING:
      return utf8.decode(buf.subarray(from, to));
    case TAG.BMP_STRING: {
      let s = '';
      for (let i = from; i + 1 < to; i += 2) s += String.fromCharCode(((buf[i] ?? 0) << 8) | (buf[i + 1] ?? 0));
      return s;
    }
    case TAG.UNIVERSAL_STRING: {
      let s = '';
      for (let i = from; i + 3 < to; i += 4) {
        const cp = (((buf[i] ?? 0) << 24) | ((buf[i + 1] ?? 0) << 16) | ((buf[i + 2] ?? 0) << 8) | (buf[i + 3] ?? 0)) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    default:
      return latin1(buf, from, to);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** BOOLEAN; DER TRUE is 0xFF (X.690 §11.1). */
export function decodeBoolean(t: Tlv): boolean {
  const v = t.buf[t.valueStart];
  if (t.tag !== TAG.BOOLEAN || t.valueEnd - t.valueStart !== 1 || (v !== 0 && v !== 0xff)) throw new DerError('bad BOOLEAN');
  return v === 0xff;
}

/** A small non-negative INTEGER (pathLenConstraint, version, BaseDistance). */
export function decodeSmallInt(t: Tlv): number {
  const v = value(t);
  if (v.length === 0 || v.length > 6) throw new DerError('bad INTEGER');
  if ((v[0] ?? 0) & 0x80) throw new DerError('negative INTEGER');
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

/** BIT STRING content without the unused-bits octet; `unused` is that count. */
export function decodeBitString(t: Tlv): { bytes: Uint8Array; unused: number } {
  const unused = t.valueEnd > t.valueStart ? (t.buf[t.valueStart] ?? 8) : 8;
  if (t.tag !== TAG.BIT_STRING || unused > 7) throw new DerError('bad BIT STRING');
  return { bytes: t.buf.subarray(t.valueStart + 1, t.valueEnd), unused };
}

/** Bit length of an unsigned INTEGER's contents (RSA modulus, DSA p). */
export function integerBitLength(t: Tlv): number {
  return bitLength(t.buf, t.valueStart, t.valueEnd);
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
