/**
 * Runs decodes in a worker thread (editor-decode-worker.ts) so the extension host's
 * main thread never blocks on a big file. Requests carry a key (the file's
 * URI): a new request for a key supersedes the older one, which is dropped
 * (rejected with `DecodeCancelled`); `cancel` drops a file's request on edit
 * or close, terminating the worker when that request is the running one.
 * The worker is created on first use. If it cannot start or dies, decoding
 * falls back to this thread, logged once.
 */
import { Worker } from 'node:worker_threads';
import { decodeBinary, decodeText, type DecodedFile } from '../core/analysis/decode';
import { nodeDigest } from './digest';
import type { DecodeRequest, DecodeResponse } from './decode-protocol';

export type DecodeJob = { kind: 'text'; text: string; structured: boolean } | { kind: 'binary'; bytes: Uint8Array; password?: string };

export class DecodeCancelled extends Error {
  constructor(readonly key: string) {
    super(`decode of ${key} superseded`);
    this.name = 'DecodeCancelled';
  }
}

export interface DecodeClientOptions {
  /** Path of the worker script (dist/editor-decode-worker.js when bundled). */
  readonly script: string;
  /** e.g. `['--import', 'tsx']` to run the TypeScript entry in tests. */
  readonly execArgv?: string[];
  /** Called once, when decoding falls back to this thread. */
  readonly log?: (message: string) => void;
}

interface Pending {
  readonly id: number;
  readonly key: string;
  readonly job: DecodeJob;
  readonly resolve: (d: DecodedFile) => void;
  readonly reject: (e: unknown) => void;
}

/** The decode the worker runs, on this thread: the fallback. */
export function decodeInProcess(job: DecodeJob): Promise<DecodedFile> {
  if (job.kind === 'text') return decodeText(job.text, { structured: job.structured, digest: nodeDigest });
  return decodeBinary(job.bytes, job.password === undefined ? { digest: nodeDigest } : { password: job.password, digest: nodeDigest });
}

export class DecodeClient {
  private worker: Worker | undefined;
  private fallback = false;
  private disposed = false;
  private nextId = 1;
  private queue: Pending[] = [];
  private running: Pending | undefined;
  /** Workers started so far (tests and logs: a cancel of a running decode restarts it). */
  started = 0;

  constructor(private readonly options: DecodeClientOptions) {}

  /** True once the worker failed and decodes run on this thread. */
  get inProcess(): boolean {
    return this.fallback;
  }

  decode(key: string, job: DecodeJob): Promise<DecodedFile> {
    this.cancel(key);
    if (this.disposed) return Promise.reject(new DecodeCancelled(key));
    if (this.fallback) return decodeInProcess(job);
    return new Promise<DecodedFile>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, key, job, resolve, reject });
      this.pump();
    });
  }

  /** Drops the queued or running request for `key`, if any. */
  cancel(key: string): void {
    const dropped = this.queue.filter((p) => p.key === key);
    this.queue = this.queue.filter((p) => p.key !== key);
    for (const p of dropped) p.reject(new DecodeCancelled(key));
    if (this.running?.key === key) {
      const p = this.running;
      this.running = undefined;
      this.stopWorker();
      p.reject(new DecodeCancelled(key));
      this.pump();
    }
  }

  dispose(): void {
    this.disposed = true;
    const all = [...(this.running ? [this.running] : []), ...this.queue.splice(0)];
    this.running = undefined;
    this.stopWorker();
    for (const p of all) p.reject(new DecodeCancelled(p.key));
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const next = this.queue.shift();
    if (!next) return;
    if (this.fallback) {
      decodeInProcess(next.job).then(next.resolve, next.reject);
      this.pump();
      return;
    }
    const worker = this.ensureWorker();
    if (!worker) {
      this.queue.unshift(next);
      this.pump();
      return;
    }
    this.running = next;
    const req: DecodeRequest = { id: next.id, ...next.job };
    worker.postMessage(req);
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(this.options.script, this.options.execArgv ? { execArgv: this.options.execArgv } : {});
    } catch (e) {
      this.fail(e);
      return undefined;
    }
    this.started++;
    worker.unref();
    worker.on('message', (res: DecodeResponse) => {
      if (worker !== this.worker) return;
      const p = this.running;
      if (!p || p.id !== res.id) return;
      this.running = undefined;
      if (res.ok) p.resolve(res.decoded);
      else p.reject(new Error(res.error));
      this.pump();
    });
    worker.on('error', (e) => {
      if (worker === this.worker) this.fail(e);
    });
    worker.on('exit', (code) => {
      if (worker === this.worker) this.fail(new Error(`decode worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  /** The worker cannot be used: everything from now on decodes on this thread. */
  private fail(e: unknown): void {
    if (this.fallback) return;
    this.fallback = true;
    this.stopWorker();
    this.options.log?.(`decode worker unavailable, decoding on the main thread: ${e instanceof Error ? e.message : String(e)}`);
    const p = this.running;
    this.running = undefined;
    if (p) this.queue.unshift(p);
    this.pump();
  }

  private stopWorker(): void {
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate();
  }
}
