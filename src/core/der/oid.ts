/**
 * The one OBJECT IDENTIFIER content decoder (X.690 §8.19) behind the DER
 * readers; like der/tlv.ts it never throws and each caller words its own
 * error.
 */

export type OidFaultCode =
  | 'empty'
  /** More than 256 content bytes: no real OID comes close. */
  | 'too-long'
  /** The last byte has its continuation bit set. */
  | 'truncated-arc'
  /** An arc starts with 0x80 (X.690 §8.19.2: the fewest possible octets). */
  | 'non-minimal-arc';

export interface OidFault {
  readonly fault: OidFaultCode;
}

export const MAX_OID_BYTES = 256;

const FAULT: { readonly [K in OidFaultCode]: OidFault } = {
  empty: { fault: 'empty' },
  'too-long': { fault: 'too-long' },
  'truncated-arc': { fault: 'truncated-arc' },
  'non-minimal-arc': { fault: 'non-minimal-arc' },
};

/**
 * Dotted text of the OID content `buf[from, to)`, or a fault code. Arcs are
 * numbers until they outgrow 2^53; 2.25.<UUID> OIDs (X.667) need BigInt.
 *
 * @example decodeOidContent(Uint8Array.of(0x55, 0x04, 0x03), 0, 3) // '2.5.4.3'
 */
export function decodeOidContent(buf: Uint8Array, from: number, to: number): string | OidFault {
  const n = to - from;
  if (n <= 0 || n > MEMO_BYTES) return decodeArcs(buf, from, to);
  // Up to 6 bytes pack exactly into one number, with the length (leading zero bytes count); up to 12 into two.
  const head = packed(buf, from, Math.min(to, from + 6));
  let memo: Map<number, string | OidFault> | undefined = SHORT;
  let key = head;
  if (n > 6) {
    memo = LONG.get(head);
    if (!memo) LONG.set(head, (memo = new Map()));
    key = packed(buf, from + 6, to);
  }
  let text = memo.get(key);
  if (text === undefined) {
    text = decodeArcs(buf, from, to);
    if (entries < MEMO_ENTRIES) {
      memo.set(key, text);
      entries++;
    }
  }
  return text;
}

/**
 * Decoded OIDs of up to 12 content bytes (every OID a certificate usually
 * holds), so that each is decoded once and shared: a 20 MB bundle of 31,000
 * certificates decoded ~400,000 OIDs (extension ids, name attributes,
 * algorithms), 20 or so distinct ones, as as many fresh strings (issue 16).
 * Bounded: past MEMO_ENTRIES new OIDs are decoded each time.
 */
const MEMO_BYTES = 12;
const MEMO_ENTRIES = 4096;
const SHORT = new Map<number, string | OidFault>();
const LONG = new Map<number, Map<number, string | OidFault>>();
let entries = 0;

/** `buf[from, to)` (at most 6 bytes) and its length as one exact integer (< 2^51). */
function packed(buf: Uint8Array, from: number, to: number): number {
  let k = 0;
  for (let i = from; i < to; i++) k = k * 256 + (buf[i] ?? 0);
  return k * 8 + (to - from);
}

function decodeArcs(buf: Uint8Array, from: number, to: number): string | OidFault {
  if (to === from) return FAULT['empty'];
  if (to - from > MAX_OID_BYTES) return FAULT['too-long'];
  if (buf[to - 1]! & 0x80) return FAULT['truncated-arc'];
  const parts: Array<number | bigint> = [];
  let v: number | bigint = 0;
  let start = true;
  for (let i = from; i < to; i++) {
    const b = buf[i]!;
    if (start && b === 0x80) return FAULT['non-minimal-arc'];
    start = false;
    if (typeof v === 'number' && v > Number.MAX_SAFE_INTEGER / 128) v = BigInt(v);
    v = typeof v === 'bigint' ? v * 128n + BigInt(b & 0x7f) : v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) {
        // X.690 §8.19.4: the first two arcs share one subidentifier.
        const first = v < 80 ? Math.floor(Number(v) / 40) : 2;
        parts.push(first, typeof v === 'bigint' ? v - BigInt(first * 40) : v - first * 40);
      } else parts.push(v);
      v = 0;
      start = true;
    }
  }
  return parts.join('.');
}
