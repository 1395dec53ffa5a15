/** Wall time and peak RSS of commands from GNU time (/usr/bin/time), and the benches' result lines. */
import { spawnSync } from 'node:child_process';

export interface Run {
  readonly s: number;
  readonly mb: number;
}

/** Wall seconds and peak RSS (MiB) of a command, from GNU time. */
export function timed(cmd: string, args: string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const last = r.stderr.toString().trim().split('\n').pop() ?? '';
  const [s, kb] = last.split(' ').map(Number);
  return { s: s ?? NaN, mb: (kb ?? NaN) / 1024 };
}

/** Each command run `runs` times, interleaved so that machine load hits all alike; medians of time and RSS. */
export function timedMedians(cmds: ReadonlyArray<readonly [string, string[]]>, runs = Number(process.env.BENCH_RUNS ?? 5)): Run[] {
  const all: Run[][] = cmds.map(() => []);
  for (let i = 0; i < runs; i++) cmds.forEach(([cmd, args], k) => all[k]?.push(timed(cmd, args)));
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  return all.map((rs) => ({ s: med(rs.map((r) => r.s)), mb: med(rs.map((r) => r.mb)) }));
}

export function line(name: string, r: Run, base?: Run): void {
  const ratio = base ? `  ratio ${(r.s / base.s).toFixed(2)}  extra RSS ${(r.mb - base.mb).toFixed(0)} MiB` : '';
  console.log(`  ${name.padEnd(44)} ${r.s.toFixed(2).padStart(7)} s ${r.mb.toFixed(0).padStart(6)} MiB${ratio}`);
}
