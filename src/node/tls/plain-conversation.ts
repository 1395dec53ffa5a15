/**
 * A small reader over a plain TCP socket for the text and binary preludes
 * that come before TLS (STARTTLS dialects, HTTP CONNECT). It buffers what
 * arrives, hands it out by line or by byte count, and gives back anything
 * unread when TLS takes over.
 */
import type { Socket } from 'node:net';

export class PreludeError extends Error {
  override readonly name = 'PreludeError';
  constructor(
    message: string,
    readonly code: 'starttls' | 'proxy',
  ) {
    super(message);
  }
}

export class PlainConversation {
  private buf: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private failure: Error | undefined;
  private ended = false;
  private readonly onData = (c: Buffer): void => {
    this.buf = Buffer.concat([this.buf, c]);
    this.wake();
  };
  private readonly onEnd = (): void => {
    this.ended = true;
    this.wake();
  };
  private readonly onError = (e: Error): void => {
    this.failure = e;
    this.wake();
  };

  constructor(
    private readonly socket: Socket,
    initial?: Buffer,
  ) {
    if (initial?.length) this.buf = initial;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  write(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  /** One line without its CRLF/LF. Lines are capped at 64 KiB. */
  async readLine(what: string): Promise<string> {
    for (;;) {
      const nl = this.buf.indexOf(0x0a);
      if (nl >= 0) {
        const line = this.buf.subarray(0, nl).toString('latin1').replace(/\r$/, '');
        this.buf = this.buf.subarray(nl + 1);
        return line;
      }
      if (this.buf.length > 65536) throw new PreludeError(`${what}: line too long`, 'starttls');
      await this.more(what);
    }
  }

  async readBytes(n: number, what: string): Promise<Buffer> {
    while (this.buf.length < n) await this.more(what);
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Stops listening; returns bytes that arrived but were not read. */
  detach(): Buffer {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    // Paused so nothing is lost before the next reader attaches.
    this.socket.pause();
    return this.buf;
  }

  private more(what: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.reject(new PreludeError(`the server closed the connection while ${what}`, 'starttls'));
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}
