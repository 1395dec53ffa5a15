/**
 * Reads the server's side of a TLS handshake from raw bytes: ServerHello,
 * the Certificate message in served order, stapled OCSP, CertificateRequest
 * and alerts. TLS 1.2 is plaintext (RFC 5246 §7.4); TLS 1.3 encrypts
 * everything after ServerHello (RFC 8446 §2), so the caller injects a
 * record decryptor built from the handshake traffic secret.
 *
 * Pure: no I/O and no crypto here; never throws on bad input.
 */
import { concat, toHex } from '../util/bytes';
import { alertName } from './alerts';
import {
  CONTENT_ALERT,
  CONTENT_APPLICATION_DATA,
  CONTENT_CHANGE_CIPHER_SPEC,
  CONTENT_HANDSHAKE,
  splitRecords,
  type TlsRecord,
} from './records';

export const HS_SERVER_HELLO = 2;
export const HS_NEW_SESSION_TICKET = 4;
export const HS_ENCRYPTED_EXTENSIONS = 8;
export const HS_CERTIFICATE = 11;
export const HS_SERVER_KEY_EXCHANGE = 12;
export const HS_CERTIFICATE_REQUEST = 13;
export const HS_SERVER_HELLO_DONE = 14;
export const HS_CERTIFICATE_VERIFY = 15;
export const HS_FINISHED = 20;
export const HS_CERTIFICATE_STATUS = 22;

const EXT_STATUS_REQUEST = 5;
const EXT_SUPPORTED_VERSIONS = 43;

/** RFC 8446 §4.1.3: ServerHello.random of a HelloRetryRequest. */
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

export interface ServerHello {
  /** Negotiated version: supported_versions when present, else legacy_version. */
  readonly version: number;
  readonly cipherSuite: number;
  readonly helloRetryRequest: boolean;
}

export interface TlsAlert {
  readonly level: 'warning' | 'fatal';
  readonly description: number;
  readonly name: string;
}

export interface ServerFlight {
  readonly serverHello?: ServerHello;
  /** DER certificates exactly as listed in the Certificate message. */
  readonly certificates?: Uint8Array[];
  /** DER OCSPResponse from CertificateStatus (1.2) or the leaf's status_request entry (1.3). */
  readonly ocspStaple?: Uint8Array;
  readonly certificateRequested: boolean;
  readonly alert?: TlsAlert;
  /** Handshake message types in the order received, for diagnostics. */
  readonly messages: number[];
  /** TLS 1.3 only: whether the encrypted part could be read. */
  readonly decrypted?: boolean;
  /** Set when the peer's bytes are not TLS at all. */
  readonly notTls?: string;
  /** Parse notes in plain words (truncated message, decryption failed …). */
  readonly notes: string[];
  /**
   * Set when the bytes end inside the server's Certificate message (a client
   * that refuses an oversized chain stops reading): its declared size, what
   * arrived, and `certificates` then holds the entries that arrived whole.
   */
  readonly truncatedCertificate?: { readonly declaredBytes: number; readonly receivedBytes: number };
}

/**
 * Decrypts one TLS 1.3 record (opaque_type 23) into TLSInnerPlaintext
 * (content ‖ type ‖ zeros), or undefined when authentication fails.
 * Stateful: it numbers records itself (RFC 8446 §5.3).
 */
export type RecordDecryptor = (record: TlsRecord) => Uint8Array | undefined;

export interface ReadOptions {
  /** Builds a decryptor for the negotiated TLS 1.3 cipher suite, if secrets are known. */
  readonly decryptorFor?: (cipherSuite: number) => RecordDecryptor | undefined;
}

/**
 * Parses the bytes a server sent during a handshake.
 *
 * @example
 *   const flight = readServerFlight(captured, { decryptorFor });
 *   flight.certificates // [leafDer, …] in served order
 */
export function readServerFlight(bytes: Uint8Array, options: ReadOptions = {}): ServerFlight {
  const split = splitRecords(bytes);
  const state = new FlightState();
  if (split.notTls) state.notTls = split.notTls;
  let decrypt: RecordDecryptor | undefined;
  let decryptTried = false;
  for (const rec of split.records) {
    if (rec.type === CONTENT_ALERT) {
      // A plaintext alert (e.g. a TLS 1.2 server refusing the client certificate).
      state.onAlert(rec.fragment);
      continue;
    }
    if (state.finished) {
      // After the server's last flight only plaintext alerts are readable.
      if (rec.type === CONTENT_CHANGE_CIPHER_SPEC && !state.isTls13) break;
      continue;
    }
    if (rec.type === CONTENT_CHANGE_CIPHER_SPEC) {
      // TLS 1.2: what follows is encrypted with keys we do not have. TLS 1.3: a compatibility no-op (§D.4).
      if (!state.isTls13) break;
      continue;
    }
    if (rec.type === CONTENT_HANDSHAKE) {
      state.onHandshakeBytes(rec.fragment);
      continue;
    }
    if (rec.type === CONTENT_APPLICATION_DATA && state.isTls13) {
      if (!decryptTried) {
        decryptTried = true;
        decrypt = options.decryptorFor?.(state.serverHello!.cipherSuite);
        if (!decrypt) {
          state.notes.push('TLS 1.3 handshake is encrypted and no traffic secret was available');
          break;
        }
      }
      const inner = decrypt?.(rec);
      if (!inner) {
        state.decrypted = false;
        state.notes.push('could not decrypt a TLS 1.3 handshake record');
        break;
      }
      state.decrypted = true;
      const unwrapped = unwrapInner(inner);
      if (!unwrapped) break;
      if (unwrapped.type === CONTENT_HANDSHAKE) state.onHandshakeBytes(unwrapped.content);
      else if (unwrapped.type === CONTENT_ALERT) state.onAlert(unwrapped.content);
      continue;
    }
    break;
  }
  if (split.trailing > 0 && !split.notTls && !state.finished) state.notes.push('the connection ended in the middle of a record');
  return state.result();
}

/** RFC 8446 §5.2 TLSInnerPlaintext: strip zero padding; the last non-zero byte is the real type. */
function unwrapInner(inner: Uint8Array): { type: number; content: Uint8Array } | undefined {
  let i = inner.length - 1;
  while (i >= 0 && inner[i] === 0) i--;
  if (i < 0) return undefined;
  return { type: inner[i]!, content: inner.subarray(0, i) };
}

class FlightState {
  serverHello: ServerHello | undefined;
  certificates: Uint8Array[] | undefined;
  ocspStaple: Uint8Array | undefined;
  certificateRequested = false;
  alert: TlsAlert | undefined;
  messages: number[] = [];
  decrypted: boolean | undefined;
  notTls: string | undefined;
  notes: string[] = [];
  finished = false;
  truncatedCertificate: { declaredBytes: number; receivedBytes: number } | undefined;
  /** Handshake bytes not yet parsed, kept as chunks until the next message is whole (no copy per record). */
  private chunks: Uint8Array[] = [];
  private chunkBytes = 0;
  private need = 4;

  get isTls13(): boolean {
    return this.serverHello?.version === 0x0304;
  }

  onAlert(fragment: Uint8Array): void {
    if (fragment.length < 2 || this.alert) return;
    const description = fragment[1]!;
    this.alert = { level: fragment[0] === 1 ? 'warning' : 'fatal', description, name: alertName(description) };
  }

  onHandshakeBytes(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.chunkBytes += bytes.length;
    // A 10 MB message arrives in 640 records: join them once it is whole, not at every record.
    if (this.chunkBytes < this.need) return;
    const pending = this.joined();
    let off = 0;
    while (off + 4 <= pending.length) {
      const type = pending[off]!;
      const len = readU24(pending, off + 1);
      if (off + 4 + len > pending.length) break;
      this.onMessage(type, pending.subarray(off + 4, off + 4 + len));
      off += 4 + len;
    }
    const rest = pending.slice(off);
    this.chunks = rest.length ? [rest] : [];
    this.chunkBytes = rest.length;
    this.need = rest.length >= 4 ? 4 + readU24(rest, 1) : 4;
  }

  private joined(): Uint8Array {
    const [only, ...more] = this.chunks;
    return only && more.length === 0 ? only : concat(this.chunks);
  }

  /** The bytes ended inside a Certificate message: keep the certificates that arrived whole. */
  private onTruncated(): void {
    const pending = this.joined();
    if (pending.length < 4 || pending[0] !== HS_CERTIFICATE || this.certificates) return;
    const declared = readU24(pending, 1);
    this.truncatedCertificate = { declaredBytes: declared, receivedBytes: pending.length - 4 };
    const certs: Uint8Array[] = [];
    this.certificates = certs;
    this.notes.push(`the Certificate message declares ${declared} bytes; ${pending.length - 4} arrived`);
    const r = new Reader(pending.subarray(4));
    if (this.isTls13 && r.vec8() === undefined) return;
    if (r.remaining() < 3) return;
    r.bytes(3); // the list length, larger than what arrived
    for (;;) {
      const der = r.vec24();
      if (!der || (this.isTls13 && r.vec16() === undefined)) break;
      certs.push(der.slice());
    }
    this.notes[this.notes.length - 1] += `, holding ${certs.length} whole certificate(s)`;
  }

  private onMessage(type: number, body: Uint8Array): void {
    this.messages.push(type);
    const r = new Reader(body);
    switch (type) {
      case HS_SERVER_HELLO: {
        const hello = parseServerHello(r);
        if (hello) this.serverHello = hello;
        else this.notes.push('malformed ServerHello');
        break;
      }
      case HS_CERTIFICATE:
        if (this.certificates) break; // only the first (server) Certificate counts
        if (!this.parseCertificate(r)) this.notes.push('malformed Certificate message');
        break;
      case HS_CERTIFICATE_STATUS: {
        // RFC 6066 §8: status_type(1) = ocsp(1), OCSPResponse<1..2^24-1>
        if (r.u8() === 1) {
          const resp = r.vec24();
          if (resp) this.ocspStaple = resp;
        }
        break;
      }
      case HS_CERTIFICATE_REQUEST:
        this.certificateRequested = true;
        break;
      case HS_SERVER_HELLO_DONE:
      case HS_FINISHED:
        this.finished = true;
        break;
    }
  }

  /** RFC 5246 §7.4.2 (1.2) or RFC 8446 §4.4.2 (1.3, with per-entry extensions). */
  private parseCertificate(r: Reader): boolean {
    const tls13 = this.isTls13;
    if (tls13 && r.vec8() === undefined) return false; // certificate_request_context
    const list = r.vec24();
    if (!list) return false;
    const lr = new Reader(list);
    const certs: Uint8Array[] = [];
    while (lr.remaining() > 0) {
      const der = lr.vec24();
      if (!der) return false;
      if (tls13) {
        const exts = lr.vec16();
        if (!exts) return false;
        if (certs.length === 0) this.readEntryExtensions(exts);
      }
      certs.push(der.slice());
    }
    this.certificates = certs;
    return true;
  }

  private readEntryExtensions(exts: Uint8Array): void {
    const er = new Reader(exts);
    while (er.remaining() >= 4) {
      const type = er.u16()!;
      const data = er.vec16();
      if (!data) return;
      if (type === EXT_STATUS_REQUEST) {
        const sr = new Reader(data);
        if (sr.u8() === 1) {
          const resp = sr.vec24();
          if (resp) this.ocspStaple = resp.slice();
        }
      }
    }
  }

  result(): ServerFlight {
    if (this.chunkBytes > 0) this.onTruncated();
    return {
      ...(this.serverHello ? { serverHello: this.serverHello } : {}),
      ...(this.certificates ? { certificates: this.certificates } : {}),
      ...(this.ocspStaple ? { ocspStaple: this.ocspStaple } : {}),
      certificateRequested: this.certificateRequested,
      ...(this.alert ? { alert: this.alert } : {}),
      messages: this.messages,
      ...(this.decrypted !== undefined ? { decrypted: this.decrypted } : {}),
      ...(this.notTls ? { notTls: this.notTls } : {}),
      notes: this.notes,
      ...(this.truncatedCertificate ? { truncatedCertificate: this.truncatedCertificate } : {}),
    };
  }
}

function parseServerHello(r: Reader): ServerHello | undefined {
  const legacy = r.u16();
  const random = r.bytes(32);
  if (legacy === undefined || !random || r.vec8() === undefined) return undefined;
  const cipherSuite = r.u16();
  if (cipherSuite === undefined || r.u8() === undefined) return undefined;
  let version = legacy;
  if (r.remaining() > 0) {
    const exts = r.vec16();
    if (!exts) return undefined;
    const er = new Reader(exts);
    while (er.remaining() >= 4) {
      const type = er.u16()!;
      const data = er.vec16();
      if (!data) return undefined;
      if (type === EXT_SUPPORTED_VERSIONS && data.length === 2) version = (data[0]! << 8) | data[1]!;
    }
  }
  return { version, cipherSuite, helloRetryRequest: toHex(random) === HRR_RANDOM };
}

/** A bounds-checked cursor: every read returns undefined past the end. */
class Reader {
  private off = 0;
  constructor(private readonly buf: Uint8Array) {}
  remaining(): number {
    return this.buf.length - this.off;
  }
  u8(): number | undefined {
    return this.off < this.buf.length ? this.buf[this.off++] : undefined;
  }
  u16(): number | undefined {
    if (this.remaining() < 2) return undefined;
    const v = (this.buf[this.off]! << 8) | this.buf[this.off + 1]!;
    this.off += 2;
    return v;
  }
  bytes(n: number): Uint8Array | undefined {
    if (this.remaining() < n) return undefined;
    const v = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return v;
  }
  vec8(): Uint8Array | undefined {
    const n = this.u8();
    return n === undefined ? undefined : this.bytes(n);
  }
  vec16(): Uint8Array | undefined {
    const n = this.u16();
    return n === undefined ? undefined : this.bytes(n);
  }
  vec24(): Uint8Array | undefined {
    if (this.remaining() < 3) return undefined;
    const n = readU24(this.buf, this.off);
    this.off += 3;
    return this.bytes(n);
  }
}

function readU24(b: Uint8Array, off: number): number {
  return (b[off]! << 16) | (b[off + 1]! << 8) | b[off + 2]!;
}

/** Names for the TLS versions a ServerHello can select. */
export function tlsVersionName(v: number): string {
  return (
    ({ 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3' } as Record<number, string>)[v] ??
    `0x${v.toString(16)}`
  );
}
