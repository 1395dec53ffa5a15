/**
 * TLS record layer parsing (RFC 8446 §5.1, RFC 5246 §6.2.1): splits the
 * bytes a server sent into records without interpreting them. Pure; never
 * throws on bad input.
 */

export const CONTENT_CHANGE_CIPHER_SPEC = 20;
export const CONTENT_ALERT = 21;
export const CONTENT_HANDSHAKE = 22;
export const CONTENT_APPLICATION_DATA = 23;

export interface TlsRecord {
  readonly type: number;
  /** legacy_record_version, e.g. 0x0303. */
  readonly version: number;
  /** The 5-byte header, needed as AEAD additional data in TLS 1.3. */
  readonly header: Uint8Array;
  readonly fragment: Uint8Array;
}

export interface RecordSplit {
  readonly records: TlsRecord[];
  /** Bytes after the last complete record (a connection cut mid-record). */
  readonly trailing: number;
  /** Set when the stream stops looking like TLS; records before it are kept. */
  readonly notTls?: string;
}

/** RFC 8446 §5.1: TLSPlaintext.length MUST NOT exceed 2^14 (+256 for ciphertext, §5.2). */
const MAX_FRAGMENT = (1 << 14) + 2048;

/** Splits a byte stream into TLS records. */
export function splitRecords(bytes: Uint8Array): RecordSplit {
  const records: TlsRecord[] = [];
  let off = 0;
  while (off + 5 <= bytes.length) {
    const type = bytes[off]!;
    const major = bytes[off + 1]!;
    const version = (major << 8) | bytes[off + 2]!;
    const len = (bytes[off + 3]! << 8) | bytes[off + 4]!;
    if (type < 20 || type > 24 || major !== 3 || len > MAX_FRAGMENT) {
      return { records, trailing: bytes.length - off, notTls: describeNonTls(bytes.subarray(off)) };
    }
    if (off + 5 + len > bytes.length) break;
    records.push({ type, version, header: bytes.subarray(off, off + 5), fragment: bytes.subarray(off + 5, off + 5 + len) });
    off += 5 + len;
  }
  if (records.length === 0 && off < bytes.length && bytes.length > 0) {
    const b0 = bytes[0]!;
    if (b0 < 20 || b0 > 24 || (bytes.length > 1 && bytes[1] !== 3)) {
      return { records, trailing: bytes.length, notTls: describeNonTls(bytes) };
    }
  }
  return { records, trailing: bytes.length - off };
}

/** A short, printable description of what the peer sent instead of TLS. */
export function describeNonTls(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 40);
  let printable = 0;
  for (const b of head) if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09) printable++;
  if (head.length > 0 && printable / head.length > 0.9) {
    const text =
      Array.from(head, (b) => String.fromCharCode(b))
        .join('')
        .split(/\r?\n/)[0] ?? '';
    return `the server answered with text instead of TLS: "${text.trim()}"`;
  }
  const hex = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `the server answered with bytes that are not TLS (${hex}…)`;
}
