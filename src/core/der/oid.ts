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
