/**
 * Adversarial CA sets (issue 16 §2; target ≤ 2 s per scan), two ways:
 *
 * 1. In process: sets generated in memory (fixed dates, scripts/lib/adversarial-pki.ts),
 *    one certificate per file, through prepareWorkspace + findings for every
 *    file, as `certlens scan` runs them. Baseline in the same run: an ordinary
 *    workspace of as many certificates (one root, CAs under it, a leaf).
 * 2. End to end, when dist/cli.js exists (`npm run build`): `certlens scan` on
 *    the committed fixtures (test/fixtures/chain-adversarial), each set and then
 *    the whole folder in one scan, against the same scan with `--no-chain`
 *    (decoding and lint only) as the baseline.
 *
 *   npm run bench -- chain-adversarial
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeText } from '../src/core/analysis/decode';
import { prepareWorkspace, type DecodedWorkspaceFile } from '../src/core/chain/workspace';
import { FIXTURE_NOW, issue, layered, mesh, newCa, sameName, toPem, type GeneratedCert } from '../scripts/lib/adversarial-pki';

async function files(certs: readonly GeneratedCert[]): Promise<DecodedWorkspaceFile[]> {
  return Promise.all(certs.map(async (c) => ({ file: `${c.name}.pem`, items: (await decodeText(toPem(c.der))).items })));
}

/** Seconds to scan the set's chains, and the leaf's verdict. */
async function scan(certs: readonly GeneratedCert[]): Promise<{ s: number; leaf: string; budget: number }> {
  const decoded = await files(certs);
  const t0 = performance.now();
  const ws = prepareWorkspace(decoded, [], { clock: () => performance.now() });
  let leaf = '?';
  let budget = 0;
  for (const f of decoded) {
    const r = await ws.findings(f.file, f.items, FIXTURE_NOW);
    budget += r.problems.filter((p) => p.code === 'chain-budget-exceeded').length;
    if (f.file === 'leaf.pem') leaf = r.verdicts[0]?.code ?? '?';
  }
  return { s: (performance.now() - t0) / 1000, leaf, budget };
}

/** An ordinary PKI of n certificates: a root, n-2 CAs under it, a leaf. */
async function ordinary(n: number): Promise<GeneratedCert[]> {
  const root = await newCa('Plain Root');
  const out: GeneratedCert[] = [{ name: 'root', der: await issue(root, root) }];
  let last = root;
  for (let i = 0; i < n - 2; i++) {
    const ca = await newCa(`Plain CA ${i}`);
    out.push({ name: `ca-${i}`, der: await issue(ca, root) });
    last = ca;
  }
  const leaf = await newCa('leaf.plain.example');
  out.push({ name: 'leaf', der: await issue(leaf, last, { ca: false, dns: leaf.name }) });
  return out;
}

async function inProcess(): Promise<void> {
  const sets: [string, GeneratedCert[]][] = [
    ['mesh 10, no root', await mesh(10, 'none')],
    ['mesh 10, expired root', await mesh(10, 'expired')],
    ['mesh 14, expired root', await mesh(14, 'expired')],
    ['layered 6x6, one valid root', await layered(6, 6, 'one-valid')],
    ['layered 6x6, all expired', await layered(6, 6, 'all-expired')],
    ['1000 same-name roots', await sameName(1000)],
  ];
  for (const [label, certs] of sets) {
    const base = await scan(await ordinary(certs.length));
    const r = await scan(certs);
    console.log(
      `${label}: ${certs.length} files, chains in ${r.s.toFixed(2)} s (leaf: ${r.leaf}, ${r.budget} chain-budget-exceeded); ` +
        `baseline ordinary PKI of ${certs.length} files ${base.s.toFixed(2)} s; ratio ${(r.s / base.s).toFixed(1)}x`,
    );
  }
}

function endToEnd(): void {
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.log('end to end: skipped (run `npm run build` first)');
    return;
  }
  const dir = join(__dirname, '..', 'test', 'fixtures', 'chain-adversarial');
  const run = (args: string[]): number => {
    const t0 = performance.now();
    spawnSync(process.execPath, [cli, 'scan', '--no-system-trust', '--now', FIXTURE_NOW.toISOString(), ...args], { stdio: 'ignore' });
    return (performance.now() - t0) / 1000;
  };
  // The last one is the whole folder: every set in one scan, same names with other keys across sets.
  for (const set of ['mesh', 'mesh-expired-root', 'layered', 'layered-dead', 'mesh.pem', 'layered.pem', '.']) {
    const base = run(['--no-chain', join(dir, set)]);
    const full = run([join(dir, set)]);
    console.log(
      `certlens scan ${set === '.' ? 'chain-adversarial (all sets)' : set}: ${full.toFixed(2)} s; baseline --no-chain ${base.toFixed(2)} s`,
    );
  }
}

async function main(): Promise<void> {
  await inProcess();
  endToEnd();
}

void main();
