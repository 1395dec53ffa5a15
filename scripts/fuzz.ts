/**
 * `npm run fuzz -- --minutes N [--target name]`: loops fast-check over every
 * parser target of test/fuzz/targets.ts until the time is up, then prints
 * the inputs tried, the crashes (a throw or a broken invariant) and the
 * slowest input per target. Crashing and slowest inputs are saved under
 * `tmp/fuzz/` (git-ignored) so they can be replayed:
 * `npm run fuzz -- --replay tmp/fuzz/<file>`.
 */
import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { TARGETS, type FuzzTarget } from '../test/fuzz/targets';

interface Stats {
  tried: number;
  crashes: number;
  slowestMs: number;
  slowestSize: number;
  slowestFile?: string;
  totalMs: number;
}

const OUT = join(__dirname, '..', 'tmp', 'fuzz');
const WARM_UP = 20;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function save(target: string, kind: string, input: Uint8Array | string): string {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${target}.${kind}.${typeof input === 'string' ? 'txt' : 'bin'}`);
  writeFileSync(file, input);
  return file;
}

async function replay(file: string): Promise<void> {
  const name = basename(file).split('.')[0] ?? '';
  const target = TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`no target named ${name}`);
  const raw = readFileSync(file);
  const input = file.endsWith('.txt') ? raw.toString('utf8') : new Uint8Array(raw);
  // Three times: the first run pays for module and WebCrypto warm-up.
  const times: string[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await target.run(input);
    times.push((performance.now() - t0).toFixed(1));
  }
  console.log(`${name}: ran ${input.length} ${typeof input === 'string' ? 'chars' : 'bytes'} in ${times.join(' / ')} ms, no throw`);
}

async function chunk(t: FuzzTarget, s: Stats, seed: number, runs: number): Promise<void> {
  const result = await fc.check(
    fc.asyncProperty(t.arbitrary, async (input) => {
      const t0 = performance.now();
      try {
        await t.run(input);
      } finally {
        const ms = performance.now() - t0;
        s.tried++;
        s.totalMs += ms;
        // The first inputs of a target pay for module loading and WebCrypto warm-up.
        if (s.tried > WARM_UP && ms > s.slowestMs) {
          s.slowestMs = ms;
          s.slowestSize = input.length;
          s.slowestFile = save(t.name, 'slowest', input);
        }
      }
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  if (result.failed) {
    s.crashes++;
    const input = result.counterexample?.[0];
    const file = input !== undefined ? save(t.name, `crash-${seed}`, input) : '(no input)';
    const error =
      result.errorInstance instanceof Error ? (result.errorInstance.stack ?? result.errorInstance.message) : String(result.errorInstance);
    console.log(`CRASH ${t.name} seed=${seed} saved=${file}\n${error}`);
  }
}

async function main(): Promise<void> {
  const replayFile = arg('replay');
  if (replayFile) return replay(replayFile);
  const minutes = Number(arg('minutes') ?? 1);
  if (!(minutes > 0)) throw new Error('--minutes must be a positive number');
  const only = arg('target');
  const targets = TARGETS.filter((t) => !only || t.name === only);
  const stats = new Map<string, Stats>(targets.map((t) => [t.name, { tried: 0, crashes: 0, slowestMs: 0, slowestSize: 0, totalMs: 0 }]));
  const deadline = Date.now() + minutes * 60_000;
  let seed = Number(arg('seed') ?? Date.now() % 2 ** 31);
  const firstSeed = seed;
  let lastReport = Date.now();
  const blank = (): Stats => ({ tried: 0, crashes: 0, slowestMs: 0, slowestSize: 0, totalMs: 0 });
  while (Date.now() < deadline) {
    for (const t of targets) {
      if (Date.now() >= deadline) break;
      const s = stats.get(t.name) ?? blank();
      stats.set(t.name, s);
      await chunk(t, s, seed++, 100);
    }
    if (Date.now() - lastReport > 60_000) {
      lastReport = Date.now();
      const tried = [...stats.values()].reduce((n, s) => n + s.tried, 0);
      console.log(`… ${tried} inputs, ${Math.round((deadline - Date.now()) / 1000)} s left`);
    }
  }
  console.log(`\nfuzz: ${minutes} min, seeds ${firstSeed}..${seed - 1}`);
  console.log('target              inputs   crashes  mean ms  slowest ms  slowest size  saved');
  let total = 0;
  let crashes = 0;
  let worst: [string, Stats] | undefined;
  for (const [name, s] of stats) {
    total += s.tried;
    crashes += s.crashes;
    if (!worst || s.slowestMs > worst[1].slowestMs) worst = [name, s];
    const mean = s.tried ? s.totalMs / s.tried : 0;
    console.log(
      `${name.padEnd(18)} ${String(s.tried).padStart(7)} ${String(s.crashes).padStart(9)} ${mean.toFixed(2).padStart(8)} ${s.slowestMs.toFixed(1).padStart(11)} ${String(s.slowestSize).padStart(13)}  ${s.slowestFile ?? ''}`,
    );
  }
  console.log(
    `total: ${total} inputs, ${crashes} crashes; slowest: ${worst ? `${worst[0]} ${worst[1].slowestMs.toFixed(1)} ms (${worst[1].slowestSize} bytes/chars)` : '-'}`,
  );
  process.exitCode = crashes ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 2;
});
