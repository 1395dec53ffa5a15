/**
 * TLS 1.3 handshake record decryption from the server handshake traffic
 * secret that Node reports through the socket's `keylog` event.
 *
 * Why here (node:crypto) rather than in core with WebCrypto: WebCrypto has
 * no ChaCha20-Poly1305 and no AES-CCM, and its HKDF always runs Extract
 * before Expand, while TLS 1.3 needs Expand alone (RFC 8446 §7.1). It is
 * also asynchronous, and the record parser consumes records one by one.
 * Everything that parses stays in `src/core/tls`; this module only turns a
 * secret into a `RecordDecryptor`.
 */
import { createDecipheriv, createHmac, type CipherCCMTypes, type CipherGCMTypes } from 'node:crypto';
import type { RecordDecryptor } from '../../core/tls/handshake';
import type { TlsRecord } from '../../core/tls/records';

interface SuiteParams {
  readonly hash: 'sha256' | 'sha384';
  readonly cipher: CipherGCMTypes | CipherCCMTypes | 'chacha20-poly1305';
  readonly keyLength: number;
  readonly tagLength: number;
}

/** RFC 8446 §B.4 cipher suites. */
const SUITES: Readonly<Record<number, SuiteParams>> = {
  0x1301: { hash: 'sha256', cipher: 'aes-128-gcm', keyLength: 16, tagLength: 16 },
  0x1302: { hash: 'sha384', cipher: 'aes-256-gcm', keyLength: 32, tagLength: 16 },
  0x1303: { hash: 'sha256', cipher: 'chacha20-poly1305', keyLength: 32, tagLength: 16 },
  0x1304: { hash: 'sha256', cipher: 'aes-128-ccm', keyLength: 16, tagLength: 16 },
  0x1305: { hash: 'sha256', cipher: 'aes-128-ccm', keyLength: 16, tagLength: 8 },
};

/** RFC 5869 §2.3 HKDF-Expand. */
export function hkdfExpand(hash: string, prk: Uint8Array, info: Uint8Array, length: number): Buffer {
  const out: Buffer[] = [];
  let prev: Buffer = Buffer.alloc(0);
  let total = 0;
  for (let i = 1; total < length; i++) {
    prev = createHmac(hash, prk)
      .update(prev)
      .update(info)
      .update(Buffer.from([i]))
      .digest();
    out.push(prev);
    total += prev.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

/** RFC 8446 §7.1 HKDF-Expand-Label(Secret, Label, Context, Length). */
export function hkdfExpandLabel(hash: string, secret: Uint8Array, label: string, context: Uint8Array, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([
    Buffer.from([length >> 8, length & 0xff, full.length]),
    full,
    Buffer.from([context.length]),
    Buffer.from(context),
  ]);
  return hkdfExpand(hash, secret, info, length);
}

/** RFC 8446 §7.3: the write key and IV for a traffic secret. */
export function trafficKeys(cipherSuite: number, secret: Uint8Array): { key: Buffer; iv: Buffer } | undefined {
  const p = SUITES[cipherSuite];
  if (!p) return undefined;
  return {
    key: hkdfExpandLabel(p.hash, secret, 'key', new Uint8Array(0), p.keyLength),
    iv: hkdfExpandLabel(p.hash, secret, 'iv', new Uint8Array(0), 12),
  };
}

/**
 * A stateful decryptor for records protected with `secret` (sequence numbers
 * start at 0 for each new secret, RFC 8446 §5.3). Returns TLSInnerPlaintext,
 * or undefined when the record does not authenticate.
 */
export function createRecordDecryptor(cipherSuite: number, secret: Uint8Array): RecordDecryptor | undefined {
  const p = SUITES[cipherSuite];
  const keys = trafficKeys(cipherSuite, secret);
  if (!p || !keys) return undefined;
  let seq = 0n;
  return (record: TlsRecord) => {
    const nonce = Buffer.from(keys.iv);
    let s = seq++;
    for (let i = 11; i >= 4; i--) {
      nonce[i]! ^= Number(s & 0xffn);
      s >>= 8n;
    }
    const frag = record.fragment;
    if (frag.length < p.tagLength) return undefined;
    const ciphertext = frag.subarray(0, frag.length - p.tagLength);
    const tag = frag.subarray(frag.length - p.tagLength);
    try {
      // The cast keeps one code path for GCM, CCM and ChaCha20-Poly1305, which share this API.
      const d = createDecipheriv(p.cipher as CipherGCMTypes, keys.key, nonce, { authTagLength: p.tagLength });
      d.setAAD(record.header, { plaintextLength: ciphertext.length });
      d.setAuthTag(tag);
      const out = Buffer.concat([d.update(ciphertext), d.final()]);
      return new Uint8Array(out.buffer, out.byteOffset, out.length);
    } catch {
      return undefined;
    }
  };
}

/**
 * Picks a secret out of keylog lines (NSS key log format):
 * `SERVER_HANDSHAKE_TRAFFIC_SECRET <client_random hex> <secret hex>`.
 */
export function secretFromKeylog(lines: readonly string[], label: string): Uint8Array | undefined {
  for (const line of lines) {
    const parts = line.trim().split(/\s+/);
    if (parts[0] === label && parts[2] && /^[0-9a-f]+$/i.test(parts[2])) return new Uint8Array(Buffer.from(parts[2], 'hex'));
  }
  return undefined;
}
