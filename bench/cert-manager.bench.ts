/**
 * Lint time of a generated 1,000-document (~1 MB) manifest file, beside the
 * time the `yaml` package alone takes to parse it, in the same run. The lint
 * includes the CRD schema check (CM030–CM034, added by issue 13); a second
 * lint line has those five codes disabled, which skips the check: the rule
 * set of the linter before it, to compare with older trees on equal work.
 * Run: npx tsx bench/cert-manager.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { lintManifest } from '../src/core/cert-manager';
import { generateManifest } from './lib/cert-manager-manifest';

const NOW = new Date('2026-11-22T00:00:00Z');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall ms, and CPU ms of the whole process (GC helper threads included): CPU time barely moves with machine load. */
function time1(fn: () => unknown): [number, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const c = process.cpuUsage(c0);
  return [performance.now() - t0, (c.user + c.system) / 1000];
}

const text = generateManifest();
const runs = Number(process.env.BENCH_RUNS ?? 7);
let problems = 0;
let run = 0;
// Interleaved so that machine load affects all three alike.
const samples = { parse: [] as number[], parseSame: [] as number[], lint: [] as number[], lintNoSchema: [] as number[] };
const cpu = { parse: [] as number[], parseSame: [] as number[], lint: [] as number[], lintNoSchema: [] as number[] };
const NO_SCHEMA = ['CM030', 'CM031', 'CM032', 'CM033', 'CM034'];
const fns = {
  parse: () => parseAllDocuments(text),
  // The options the linter passes (no duplicate-key check): the fair baseline.
  parseSame: () => parseAllDocuments(text, { uniqueKeys: false, strict: false }),
  // A fresh text per run: the YAML parse is memoised by text (core/k8s/parse-yaml.ts),
  // and a cache hit would hide the parse this benchmark must include.
  lint: () => (problems = lintManifest({ path: 'bench.yaml', text: `${text}# run ${++run}\n` }, { now: NOW }).problems.length),
  lintNoSchema: () => lintManifest({ path: 'bench.yaml', text: `${text}# run ${++run}\n` }, { now: NOW, disabledRules: NO_SCHEMA }),
};
for (const f of Object.values(fns)) f(); // warm-up
for (let i = 0; i < runs; i++) {
  for (const [k, f] of Object.entries(fns)) {
    const [wall, used] = time1(f);
    samples[k as keyof typeof fns].push(wall);
    cpu[k as keyof typeof fns].push(used);
  }
}
const parse = median(samples.parse);
const parseSame = median(samples.parseSame);
const lint = median(samples.lint);
console.log(`cert-manager lint benchmark: 1,000 documents, ${(text.length / 1e6).toFixed(2)} MB, median of ${runs}`);
console.log(`  yaml parseAllDocuments (defaults): ${parse.toFixed(1)} ms`);
console.log(`  yaml parseAllDocuments (linter's options): ${parseSame.toFixed(1)} ms`);
console.log(`  certlens lint (parse + rules): ${lint.toFixed(1)} ms (${problems} findings)`);
console.log(`  ratio lint / parse: ${(lint / parse).toFixed(2)}x (defaults), ${(lint / parseSame).toFixed(2)}x (same options)`);
const cpuRatio = (k: 'lint' | 'lintNoSchema'): string =>
  `${(median(cpu[k]) / median(cpu.parse)).toFixed(2)}x (defaults), ${(median(cpu[k]) / median(cpu.parseSame)).toFixed(2)}x (same options)`;
console.log(`  CPU-time ratio lint / parse: ${cpuRatio('lint')}`);
console.log(`  CPU-time ratio lint without the CRD schema check (CM030–CM034 disabled) / parse: ${cpuRatio('lintNoSchema')}`);
