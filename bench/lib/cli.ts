/** Runs the bundled CLI (`dist/cli.js`, built first when missing) and a baseline command, timing both. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

export function ensureBuilt(): void {
  if (existsSync(CLI) && existsSync(join(ROOT, 'dist', 'decode-worker.js'))) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) throw new Error('build failed');
}

export interface Timed {
  readonly ms: number;
  readonly status: number | null;
  /** Peak RSS of the CLI process, MiB (CLI runs only). */
  readonly maxRssMiB?: number;
}

export function timeCommand(cmd: string, args: readonly string[], cwd: string): Timed {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
  return { ms: performance.now() - t0, status: r.status };
}

export function timeCli(args: readonly string[], cwd: string): Timed {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', join(__dirname, 'report-rss.cjs'), CLI, ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  const m = /certlens-bench-maxrss-kib (\d+)/.exec(r.stderr.toString());
  return { ms, status: r.status, ...(m && { maxRssMiB: Number(m[1]) / 1024 }) };
}

export const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms`;

/**
 * Runs the tasks in turn, `runs` rounds (A B A B …, so a load spike on a shared
 * machine hits both sides alike), and gives each task's median time, its
 * exit status and the highest peak RSS seen.
 */
export function alternate(runs: number, tasks: ReadonlyArray<() => Timed>): Timed[] {
  const seen: Timed[][] = tasks.map(() => []);
  for (let r = 0; r < runs; r++) tasks.forEach((t, i) => seen[i]!.push(t()));
  return seen.map((list) => {
    const ms = list.map((t) => t.ms).sort((a, b) => a - b);
    const rss = list.flatMap((t) => (t.maxRssMiB === undefined ? [] : [t.maxRssMiB]));
    return {
      ms: ms[Math.floor(ms.length / 2)] ?? NaN,
      status: list[list.length - 1]?.status ?? null,
      ...(rss.length > 0 && { maxRssMiB: Math.max(...rss) }),
    };
  });
}
