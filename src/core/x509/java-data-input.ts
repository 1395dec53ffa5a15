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
