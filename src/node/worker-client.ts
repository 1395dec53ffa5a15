/**
 * Runs jobs in a worker thread so the extension host's main thread never
 * blocks on a big file. Requests carry a key (the file's URI): a new request
 * for a key supersedes the older one, which is dropped (rejected with
 * `JobCancelled`); `cancel` drops a file's request on edit or close,
 * terminating the worker when that request is the running one. The worker is
 * created on first use. If it cannot start or dies, jobs fall back to this
 * thread (`runHere`), logged once.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './decode-protocol';
import { isPacked, unpackSliced, type UnpackProgress } from './packed';

export class JobCancelled extends Error {
  constructor(readonly key: string) {
    super(`job for ${key} superseded`);
    this.name = 'JobCancelled';
  }
}

export interface WorkerClientOptions {
  /** Path of the worker script (dist/editor-decode-worker.js when bundled). */
  readonly script: string;
  /** e.g. `['--import', 'tsx']` to run the TypeScript entry in tests. */
  readonly execArgv?: string[];
  /** Called once, when jobs fall back to this thread. */
  readonly log?: (message: string) => void;
  /**
   * The worker is terminated after this long with no job (its isolate and
   * heap given back) and started again by the next job. Default 10 s; 0 keeps it.
   */
  readonly idleMs?: number;
}

const IDLE_MS = 10_000;

interface Pending<Job, Result> {
  readonly id: number;
  readonly key: string;
  readonly job: Job;
  readonly resolve: (r: Result) => void;
  readonly reject: (e: unknown) => void;
}

export class WorkerClient<Job, Result, State = never> {
  private worker: Worker | undefined;
  private fallback = false;
  private disposed = false;
  private nextId = 1;
  private queue: Array<Pending<Job, Result>> = [];
  private running: Pending<Job, Result> | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;
  /** Replies being rebuilt on this thread, a slice per turn (packed.ts): a cancel drops them too. */
  private landing = new Set<Pending<Job, Result>>();
  /** The slices of the reply being rebuilt now (tests: a big reply spans several turns). */
  receiving: UnpackProgress | undefined;
  /** Workers started so far (tests and logs: a cancel of a running job restarts it). */
  started = 0;

  /**
   * @param runHere the job as the worker runs it, on this thread: the fallback.
   * @param name what the log calls the worker ("decode", "lint").
   * @param state state the worker keeps between jobs (the report worker's workspace mirror):
   *   `initial` is what a starting worker is told first, `applyHere` applies a message on this thread (the fallback).
   */
  constructor(
    private readonly options: WorkerClientOptions,
    private readonly runHere: (job: Job) => Promise<Result>,
    private readonly name: string,
    private readonly state?: { readonly initial: () => State | undefined; readonly applyHere: (s: State) => unknown },
  ) {}

  /**
   * A state message (a change to what the worker keeps), ahead of every job
   * queued after it. A worker not running now gets `state.initial()` when it
   * starts instead, so nothing is posted; messages get no reply (id 0).
   */
  post(message: State): void {
    if (this.fallback) this.state?.applyHere(message);
    else this.worker?.postMessage({ id: 0, job: message } satisfies WorkerRequest<State>);
  }

  /** True once the worker failed and jobs run on this thread. */
  get onMainThread(): boolean {
    return this.fallback;
  }

  /** True while a worker thread is up (not yet started, idle-terminated or failed: false). */
  get workerAlive(): boolean {
    return this.worker !== undefined;
  }

  /**
   * @param supersedeRunning false: a running request for `key` finishes (and
   *   resolves) instead of the worker being terminated, which would cost a
   *   restart and the worker's state; queued ones are still dropped.
   */
  run(key: string, job: Job, supersedeRunning = true): Promise<Result> {
    this.drop(key, supersedeRunning);
    if (this.disposed) return Promise.reject(new JobCancelled(key));
    if (this.fallback) return this.runHere(job);
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, key, job, resolve, reject });
      this.pump();
    });
  }

  /** Drops the queued request for `key`, and the running one (terminating the worker) unless `running` is false. */
  cancel(key: string, running = true): void {
    this.drop(key, running);
  }

  private drop(key: string, running: boolean): void {
    const dropped = this.queue.filter((p) => p.key === key);
    this.queue = this.queue.filter((p) => p.key !== key);
    for (const p of dropped) p.reject(new JobCancelled(key));
    for (const p of [...this.landing].filter((l) => l.key === key)) {
      this.landing.delete(p);
      p.reject(new JobCancelled(key));
    }
    if (running && this.running?.key === key) {
      const p = this.running;
      this.running = undefined;
      this.stopWorker();
      p.reject(new JobCancelled(key));
      this.pump();
    }
  }

  dispose(): void {
    this.disposed = true;
    const all = [...(this.running ? [this.running] : []), ...this.queue.splice(0), ...this.landing];
    this.landing.clear();
    this.running = undefined;
    this.stopWorker();
    for (const p of all) p.reject(new JobCancelled(p.key));
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const next = this.queue.shift();
    if (!next) {
      this.scheduleIdleStop();
      return;
    }
    this.clearIdle();
    if (this.fallback) {
      this.runHere(next.job).then(next.resolve, next.reject);
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
    worker.postMessage({ id: next.id, job: next.job } satisfies WorkerRequest<Job>);
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
    const initial = this.state?.initial();
    if (initial !== undefined) worker.postMessage({ id: 0, job: initial } satisfies WorkerRequest<State>);
    worker.on('message', (res: WorkerResponse<Result>) => {
      if (worker !== this.worker) return;
      const p = this.running;
      if (!p || p.id !== res.id) return;
      this.running = undefined;
      if (!res.ok) p.reject(new Error(res.error));
      else if (isPacked(res.result)) this.land(p, res.result);
      else p.resolve(res.result);
      this.pump();
    });
    worker.on('error', (e) => {
      if (worker === this.worker) this.fail(e);
    });
    worker.on('exit', (code) => {
      if (worker === this.worker) this.fail(new Error(`${this.name} worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  /** A big reply, rebuilt a slice per event-loop turn while the worker goes on with the next job; dropped if cancelled meanwhile. */
  private land(p: Pending<Job, Result>, packed: unknown): void {
    this.landing.add(p);
    unpackSliced(
      packed as Result,
      (progress) => (this.receiving = progress),
      undefined,
      () => !this.landing.has(p),
    ).then(
      (result) => {
        this.receiving = undefined;
        if (this.landing.delete(p)) p.resolve(result);
      },
      (e: unknown) => {
        this.receiving = undefined;
        if (this.landing.delete(p)) p.reject(e);
      },
    );
  }

  /** The worker cannot be used: everything from now on runs on this thread. */
  private fail(e: unknown): void {
    if (this.fallback) return;
    this.fallback = true;
    this.stopWorker();
    this.options.log?.(`${this.name} worker unavailable, running on the main thread: ${e instanceof Error ? e.message : String(e)}`);
    const initial = this.state?.initial();
    if (initial !== undefined) this.state?.applyHere(initial);
    const p = this.running;
    this.running = undefined;
    if (p) this.queue.unshift(p);
    this.pump();
  }

  /** Nothing queued or running: the worker goes after `idleMs` unless a job comes first. */
  private scheduleIdleStop(): void {
    const ms = this.options.idleMs ?? IDLE_MS;
    if (!this.worker || ms <= 0 || this.idle) return;
    this.idle = setTimeout(() => {
      this.idle = undefined;
      if (!this.running && this.queue.length === 0) this.stopWorker();
    }, ms);
    this.idle.unref();
  }

  private clearIdle(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
  }

  private stopWorker(): void {
    this.clearIdle();
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate();
  }
}
