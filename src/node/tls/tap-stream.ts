/**
 * A Duplex that sits between a TCP socket and `tls.connect({socket})` and
 * keeps a copy of every byte the server sends.
 *
 * Why a wrapper instead of listening to the socket's 'data': when handed a
 * real `net.Socket`, Node's TLS layer takes over its libuv handle and reads
 * it natively, so 'data' never fires on the JS side. A plain Duplex is
 * driven through JSStreamSocket instead, so every chunk passes through here
 * first — the server's records exactly as received, whatever OpenSSL and
 * `getPeerCertificate` make of them later.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

/** The handshake is what we need; cap the copy so a chatty server cannot grow it without bound. */
const CAPTURE_LIMIT = 1 << 20;

export class TapStream extends Duplex {
  private readonly chunks: Buffer[] = [];
  private captured = 0;
  /** First error seen on the TCP socket (ECONNRESET …), before TLS wraps it. */
  socketError: Error | undefined;

  constructor(
    private readonly raw: Socket,
    leftover?: Buffer,
  ) {
    super();
    if (leftover?.length) {
      this.record(leftover);
      this.push(leftover);
    }
    raw.on('data', (chunk: Buffer) => {
      this.record(chunk);
      if (!this.push(chunk)) raw.pause();
    });
    raw.on('end', () => this.push(null));
    raw.on('error', (err) => {
      this.socketError ??= err;
      this.destroy(err);
    });
    raw.on('close', () => {
      if (!this.destroyed) this.push(null);
    });
  }

  /** Everything the server sent so far, in order. */
  bytes(): Uint8Array {
    const b = Buffer.concat(this.chunks);
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  }

  private record(chunk: Buffer): void {
    if (this.captured >= CAPTURE_LIMIT) return;
    const part = chunk.subarray(0, CAPTURE_LIMIT - this.captured);
    this.chunks.push(Buffer.from(part));
    this.captured += part.length;
  }

  override _read(): void {
    this.raw.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.raw.destroyed) return cb(new Error('socket closed'));
    this.raw.write(chunk, cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.raw.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.raw.destroy();
    cb(err);
  }
}
