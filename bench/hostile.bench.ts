/**
 * Large and hostile files, end to end through the built CLI (`npm run build`
 * first), against the reference parser for each format in the same run
 * (issue 16 targets):
 *
 * - a 20 MB PEM bundle: `openssl storeutl -noout -certs`; the same
 *   certificates as a DER PKCS#7: `openssl pkcs7 -print_certs -noout`
 *   (OpenSSL 3.0's storeutl finds no certificate in a DER PKCS#7);
 * - a 20 MB YAML of TLS Secrets: the `yaml` package parsing it in a fresh
 *   node process;
 * - 200,000 BEGIN lines without END (target ≤ 0.2 s), next to the CLI's
 *   start-up on a one-line file.
 *
 * Wall time and peak RSS come from /usr/bin/time. Prints ratios; never
 * asserts a time.   npx tsx bench/hostile.bench.ts [MB=20]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanPem } from '../src/core/pem/scanner';
import { encodeBase64, toPem } from '../src/core/pem/base64';

const MB = Number(process.argv[2] ?? 20);
const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

interface Run {
  readonly s: number;
  readonly mb: number;
}

/** Wall seconds and peak RSS (MiB) of a command, from GNU time. */
function timed(cmd: string, args: string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const last = r.stderr.toString().trim().split('\n').pop() ?? '';
  const [s, kb] = last.split(' ').map(Number);
  return { s: s ?? NaN, mb: (kb ?? NaN) / 1024 };
}

function line(name: string, r: Run, base?: Run): void {
  const ratio = base ? `  ratio ${(r.s / base.s).toFixed(2)}  extra RSS ${(r.mb - base.mb).toFixed(0)} MiB` : '';
  console.log(`  ${name.padEnd(44)} ${r.s.toFixed(2).padStart(7)} s ${r.mb.toFixed(0).padStart(6)} MiB${ratio}`);
}

function main(): void {
  if (!existsSync(CLI)) throw new Error('run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'certlens-hostile-'));
  try {
    const roots = scanPem(readFileSync(BUNDLE, 'utf8')).blocks.flatMap((b) => (b.der ? [b.der] : []));
    const limit = MB * 1024 * 1024 - 8192;
    const root = (i: number): Uint8Array => roots[i % roots.length] ?? new Uint8Array(0);

    // PEM bundle
    const pem: string[] = [];
    let size = 0;
    for (let i = 0; size < limit; i++) {
      const p = toPem('CERTIFICATE', root(i));
      pem.push(p);
      size += p.length;
    }
    const pemFile = join(dir, 'bundle.pem');
    writeFileSync(pemFile, pem.join(''));
    console.log(`PEM bundle: ${pem.length} certificates, ${(size / 1048576).toFixed(1)} MiB`);
    const openssl = timed('openssl', ['storeutl', '-noout', '-certs', pemFile]);
    line('openssl storeutl -noout -certs', openssl);
    line('certlens scan --no-chain', timed(process.execPath, [CLI, 'scan', '--no-chain', pemFile]), openssl);
    line('certlens scan (chains)', timed(process.execPath, [CLI, 'scan', pemFile]), openssl);

    // PKCS#7 of the same certificates
    const p7File = join(dir, 'bundle.p7b');
    execFileSync('openssl', ['crl2pkcs7', '-nocrl', '-certfile', pemFile, '-outform', 'DER', '-out', p7File]);
    console.log(`PKCS#7: ${(readFileSync(p7File).length / 1048576).toFixed(1)} MiB`);
    // OpenSSL 3.0's storeutl finds no certificate in a DER PKCS#7 ("Total found: 0"), so the baseline is pkcs7 -print_certs.
    const opensslP7 = timed('openssl', ['pkcs7', '-inform', 'DER', '-in', p7File, '-print_certs', '-noout']);
    line('openssl pkcs7 -print_certs -noout', opensslP7);
    line('certlens scan --no-chain', timed(process.execPath, [CLI, 'scan', '--no-chain', p7File]), opensslP7);

    // YAML of TLS Secrets
    const docs: string[] = [];
    size = 0;
    for (let i = 0; size < limit; i++) {
      const crt = encodeBase64(new TextEncoder().encode(toPem('CERTIFICATE', root(i))));
      const d = `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: s${i}\n  namespace: default\ndata:\n  tls.crt: ${crt}\n  tls.key: ""\n---\n`;
      docs.push(d);
      size += d.length;
    }
    const yamlFile = join(dir, 'secrets.yaml');
    writeFileSync(yamlFile, docs.join(''));
    console.log(`YAML: ${docs.length} TLS Secrets, ${(size / 1048576).toFixed(1)} MiB`);
    const yamlPkg = join(ROOT, 'node_modules', 'yaml');
    const yaml = timed(process.execPath, [
      '-e',
      `require(${JSON.stringify(yamlPkg)}).parseAllDocuments(require('fs').readFileSync(${JSON.stringify(yamlFile)}, 'utf8'))`,
    ]);
    line('yaml package parseAllDocuments', yaml);
    line('certlens scan --no-chain', timed(process.execPath, [CLI, 'scan', '--no-chain', yamlFile]), yaml);

    // 200,000 BEGIN lines without END
    const beginFile = join(dir, 'begin.pem');
    writeFileSync(beginFile, '-----BEGIN CERTIFICATE-----\n'.repeat(200_000));
    const tiny = join(dir, 'tiny.pem');
    writeFileSync(tiny, 'x\n');
    console.log('200,000 BEGIN lines without END (target ≤ 0.2 s)');
    const startup = timed(process.execPath, [CLI, 'scan', tiny]);
    line('certlens scan, a one-line file (start-up)', startup);
    const begin = timed(process.execPath, [CLI, 'scan', beginFile]);
    line('certlens scan, 200,000 BEGIN lines', begin, startup);
    const text = readFileSync(beginFile, 'utf8');
    const t0 = performance.now();
    scanPem(text);
    console.log(`  scanPem alone (in process)                   ${((performance.now() - t0) / 1000).toFixed(3)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
