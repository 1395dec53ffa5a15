/**
 * Bounds-checked big-endian reads over Java `DataOutputStream` output, shared
 * by the keystore reader (jks.ts) and the serialization skipper
 * (java-serialization.ts). Each subclass says how running out of bytes is
 * reported (`truncated`), so neither ever reads past its limit.
 */
export abstract class JavaDataInput {
  constructor(
    readonly buf: Uint8Array,
    public p: number,
    readonly limit: number,
  ) {}

  /** The error to throw when `what` needs `n` bytes and only `left` remain. */
  protected abstract truncated(what: string, n: number, left: number): Error;

  left(): number {
    return this.limit - this.p;
  }
  need(n: number, what: string): void {
    if (n < 0 || n > this.left()) throw this.truncated(what, n, Math.max(0, this.left()));
  }
  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.p++]!;
  }
  u16(what: string): number {
    this.need(2, what);
    const v = (this.buf[this.p]! << 8) | this.buf[this.p + 1]!;
    this.p += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const b = this.buf;
    const v = ((b[this.p]! << 24) >>> 0) + (b[this.p + 1]! << 16) + (b[this.p + 2]! << 8) + b[this.p + 3]!;
    this.p += 4;
    return v;
  }
  skip(n: number, what: string): void {
    this.need(n, what);
    this.p += n;
  }
}

/** Java's modified UTF-8 (DataInput.readUTF): no raw NUL, no 4-byte forms; undefined when malformed. */
export function modifiedUtf8(b: Uint8Array, start: number, end: number): string | undefined {
  const units: number[] = [];
  for (let i = start; i < end;) {
    const c = b[i]!;
    if (c < 0x80 && c !== 0) {
      units.push(c);
      i += 1;
    } else if ((c & 0xe0) === 0xc0 && i + 1 < end && (b[i + 1]! & 0xc0) === 0x80) {
      units.push(((c & 0x1f) << 6) | (b[i + 1]! & 0x3f));
      i += 2;
    } else if ((c & 0xf0) === 0xe0 && i + 2 < end && (b[i + 1]! & 0xc0) === 0x80 && (b[i + 2]! & 0xc0) === 0x80) {
      units.push(((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f));
      i += 3;
    } else {
      return undefined;
    }
  }
  let s = '';
  for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
  return s;
}
