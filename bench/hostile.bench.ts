/**
 * Large and hostile files, end to end through the built CLI (`npm run build`
 * first), against the reference parser for each format in the same run
 * (issue 16 targets):
 *
 * - a 20 MB PEM bundle: `openssl storeutl -noout -certs`; the same
 *   certificates as a DER PKCS#7: `openssl pkcs7 -print_certs -noout`
 *   (OpenSSL 3.0's storeutl finds no certificate in a DER PKCS#7);
 * - `pemchain`: 20 MB PEMs of non-root chains (bench/lib/chain-bundle.ts:
 *   fullchain files concatenated, distinct leaves of one CA, fullchains mixed
 *   with the system roots): `certlens scan` with chains against
 *   `openssl storeutl -noout -certs` (medians of BENCH_RUNS, default 3), and
 *   `buildFileReport` in this process with the editor's inputs (an
 *   issuers-only workspace, the system trust store), once;
 * - a 20 MB YAML of TLS Secrets: the `yaml` package parsing it in a fresh
 *   node process; the same Secrets as a kubectl JSON List (the `yaml`
 *   package again, and `JSON.parse` for scale); one sequence of 1,000,000
 *   scalars; 10,000 cert-manager resources (the linter parses them with the
 *   `yaml` package, then checks them);
 * - 200,000 BEGIN lines without END (target ≤ 0.2 s), next to the CLI's
 *   start-up on a one-line file;
 * - a hostile folder (target < 1 s end to end): an unreadable file, a FIFO,
 *   a socket, /dev/zero linked as .pem, a symlinked certificate, a symlink
 *   loop, beside a good certificate and a cert-manager manifest.
 *
 * Wall time and peak RSS come from /usr/bin/time. Prints ratios; never
 * asserts a time.   npx tsx bench/hostile.bench.ts [MB=20] [sections]
 * where sections is a comma list of pem,pemchain,p7,yaml,begin,folder (default all).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanPem } from '../src/core/pem/scanner';
import { encodeBase64, toPem } from '../src/core/pem/base64';
import { pemChains } from './lib/pem-chains-section';
import { generateManifest } from './lib/cert-manager-manifest';
import { line, timed, timedMedians, type Run } from './lib/gnu-time';

const MB = Number(process.argv[2] ?? 20);
const SECTIONS = new Set((process.argv[3] ?? 'pem,pemchain,p7,yaml,begin,folder').split(','));
const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** The folder of test/unit/cli/hostile-files.test.ts; as root, "unreadable" is a link to /proc/self/mem (EIO on read). */
async function hostileFolder(dir: string): Promise<{ path: string; close: () => void }> {
  const repo = join(dir, 'folder', 'repo');
  mkdirSync(join(repo, 'sub'), { recursive: true });
  mkdirSync(join(dir, 'folder', 'elsewhere'));
  copyFileSync(join(ROOT, 'test', 'fixtures', 'certs', 'healthy.pem'), join(repo, 'good.pem'));
  copyFileSync(join(ROOT, 'test', 'fixtures', 'certs', 'healthy.pem'), join(dir, 'folder', 'elsewhere', 'real.pem'));
  copyFileSync(join(ROOT, 'test', 'fixtures', 'cert-manager', 'realistic', 'linkerd-identity.yaml'), join(repo, 'good.yaml'));
  symlinkSync(join(dir, 'folder', 'elsewhere', 'real.pem'), join(repo, 'linked.pem'));
  symlinkSync('/proc/self/mem', join(repo, 'unreadable.pem'));
  symlinkSync('/dev/zero', join(repo, 'z.pem'));
  symlinkSync('loop.pem', join(repo, 'loop.pem'));
  symlinkSync('..', join(repo, 'sub', 'up'));
  execFileSync('mkfifo', [join(repo, 'fifo.pem')]);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(join(repo, 'sock.pem'), resolve));
  return { path: repo, close: () => server.close() };
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'certlens-hostile-'));
  try {
    const roots = scanPem(readFileSync(BUNDLE, 'utf8')).blocks.flatMap((b) => (b.der ? [b.der] : []));
    const limit = MB * 1024 * 1024 - 8192;
    const root = (i: number): Uint8Array => roots[i % roots.length] ?? new Uint8Array(0);
    let size = 0;

    // PEM bundle
    const pemFile = join(dir, 'bundle.pem');
    if (SECTIONS.has('pem') || SECTIONS.has('p7')) {
      const pem: string[] = [];
      for (let i = 0; size < limit; i++) {
        const p = toPem('CERTIFICATE', root(i));
        pem.push(p);
        size += p.length;
      }
      writeFileSync(pemFile, pem.join(''));
      console.log(`PEM bundle: ${pem.length} certificates, ${(size / 1048576).toFixed(1)} MiB`);
    }
    if (SECTIONS.has('pem')) {
      const openssl = timed('openssl', ['storeutl', '-noout', '-certs', pemFile]);
      line('openssl storeutl -noout -certs', openssl);
      line('certlens scan --no-chain', timed(process.execPath, [CLI, 'scan', '--no-chain', pemFile]), openssl);
      line('certlens scan (chains)', timed(process.execPath, [CLI, 'scan', pemFile]), openssl);
    }

    if (SECTIONS.has('pemchain')) await pemChains(dir, limit, roots, CLI);

    // PKCS#7 of the same certificates
    if (SECTIONS.has('p7')) {
      const p7File = join(dir, 'bundle.p7b');
      execFileSync('openssl', ['crl2pkcs7', '-nocrl', '-certfile', pemFile, '-outform', 'DER', '-out', p7File]);
      console.log(`PKCS#7: ${(readFileSync(p7File).length / 1048576).toFixed(1)} MiB`);
      // OpenSSL 3.0's storeutl finds no certificate in a DER PKCS#7 ("Total found: 0"), so the baseline is pkcs7 -print_certs.
      const opensslP7 = timed('openssl', ['pkcs7', '-inform', 'DER', '-in', p7File, '-print_certs', '-noout']);
      line('openssl pkcs7 -print_certs -noout', opensslP7);
      line('certlens scan --no-chain', timed(process.execPath, [CLI, 'scan', '--no-chain', p7File]), opensslP7);
    }

    // YAML of TLS Secrets
    if (SECTIONS.has('yaml')) {
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
      // Alternating runs, medians: both are single-threaded, so load moves both alike.
      const [yaml, cli] = timedMedians([
        [
          process.execPath,
          ['-e', `require(${JSON.stringify(yamlPkg)}).parseAllDocuments(require('fs').readFileSync(${JSON.stringify(yamlFile)}, 'utf8'))`],
        ],
        [process.execPath, [CLI, 'scan', '--no-chain', yamlFile]],
      ]) as [Run, Run];
      console.log(`  (${process.env.BENCH_RUNS ?? 5} alternating runs, medians; load average ${loadavg()[0]?.toFixed(2)})`);
      line('yaml package parseAllDocuments (median)', yaml);
      line('certlens scan --no-chain (median)', cli, yaml);

      // The same Secrets as `kubectl get secrets -o json` writes them, up to the same size.
      const items: string[] = [];
      let jsonSize = 0;
      for (let i = 0; jsonSize < limit - 4096; i++) {
        const crt = encodeBase64(new TextEncoder().encode(toPem('CERTIFICATE', root(i))));
        const item = JSON.stringify(
          {
            apiVersion: 'v1',
            kind: 'Secret',
            type: 'kubernetes.io/tls',
            metadata: { name: `s${i}`, namespace: 'default' },
            data: { 'tls.crt': crt, 'tls.key': '' },
          },
          null,
          4,
        ).replace(/\n/g, '\n        ');
        items.push(item);
        jsonSize += item.length + 10;
      }
      const jsonFile = join(dir, 'secrets.json');
      writeFileSync(
        jsonFile,
        `{\n    "apiVersion": "v1",\n    "kind": "List",\n    "items": [\n        ${items.join(',\n        ')}\n    ]\n}\n`,
      );
      console.log(`JSON (kubectl -o json): ${items.length} TLS Secrets, ${(readFileSync(jsonFile).length / 1048576).toFixed(1)} MiB`);
      const [yamlJson, cliJson, jsonParse] = timedMedians([
        [
          process.execPath,
          ['-e', `require(${JSON.stringify(yamlPkg)}).parseAllDocuments(require('fs').readFileSync(${JSON.stringify(jsonFile)}, 'utf8'))`],
        ],
        [process.execPath, [CLI, 'scan', '--no-chain', jsonFile]],
        [process.execPath, ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(jsonFile)}, 'utf8'))`]],
      ]) as [Run, Run, Run];
      line('yaml package parseAllDocuments (median)', yamlJson);
      line('JSON.parse, no offsets kept (median)', jsonParse);
      line('certlens scan --no-chain (median)', cliJson, yamlJson);

      // One long sequence: each item's key search must stay on its line (it once searched the rest of the text).
      const seqFile = join(dir, 'sequence.yaml');
      writeFileSync(seqFile, `items:\n${'- x\n'.repeat(1_000_000)}`);
      console.log('YAML: one sequence of 1,000,000 scalars, 3.8 MiB');
      const [yamlSeq, cliSeq] = timedMedians([
        [
          process.execPath,
          ['-e', `require(${JSON.stringify(yamlPkg)}).parseAllDocuments(require('fs').readFileSync(${JSON.stringify(seqFile)}, 'utf8'))`],
        ],
        [process.execPath, [CLI, 'scan', '--no-chain', seqFile]],
      ]) as [Run, Run];
      line('yaml package parseAllDocuments (median)', yamlSeq);
      line('certlens scan --no-chain (median)', cliSeq, yamlSeq);

      // cert-manager resources: the linter reads them through the yaml package's documents, then checks them.
      const cmFile = join(dir, 'cert-manager.yaml');
      const manifest = generateManifest();
      writeFileSync(cmFile, Array.from({ length: 10 }, () => manifest).join('---\n'));
      console.log(`YAML: 10,000 cert-manager resources, ${(readFileSync(cmFile).length / 1048576).toFixed(1)} MiB (the document cap)`);
      const [yamlCm, cliCm] = timedMedians([
        [
          process.execPath,
          ['-e', `require(${JSON.stringify(yamlPkg)}).parseAllDocuments(require('fs').readFileSync(${JSON.stringify(cmFile)}, 'utf8'))`],
        ],
        [process.execPath, [CLI, 'scan', '--no-chain', cmFile]],
      ]) as [Run, Run];
      line('yaml package parseAllDocuments (median)', yamlCm);
      line('certlens scan --no-chain (median)', cliCm, yamlCm);
    }

    const tiny = join(dir, 'tiny.pem');
    writeFileSync(tiny, 'x\n');
    const [node, startup] = timedMedians([
      [process.execPath, ['-e', '0']],
      [process.execPath, [CLI, 'scan', tiny]],
    ]) as [Run, Run];
    console.log('Start-up (medians)');
    line('node -e 0', node);
    line('certlens scan, a one-line file (start-up)', startup, node);

    // 200,000 BEGIN lines without END
    if (SECTIONS.has('begin')) {
      const beginFile = join(dir, 'begin.pem');
      writeFileSync(beginFile, '-----BEGIN CERTIFICATE-----\n'.repeat(200_000));
      console.log('200,000 BEGIN lines without END (target ≤ 0.2 s)');
      const begin = timed(process.execPath, [CLI, 'scan', beginFile]);
      line('certlens scan, 200,000 BEGIN lines', begin, startup);
      const text = readFileSync(beginFile, 'utf8');
      const t0 = performance.now();
      scanPem(text);
      console.log(`  scanPem alone (in process)                   ${((performance.now() - t0) / 1000).toFixed(3)} s`);
    }

    // A hostile folder (target < 1 s end to end)
    if (SECTIONS.has('folder')) {
      const folder = await hostileFolder(dir);
      try {
        console.log(
          'Hostile folder: unreadable file, FIFO, socket, /dev/zero as .pem, symlinked certificate, symlink loops (target < 1 s)',
        );
        const cmds = [['scan'], ['scan', '--no-chain'], ['lint']];
        const runs = timedMedians(cmds.map((c) => [process.execPath, [CLI, ...c, folder.path]] as const));
        cmds.forEach((c, i) => line(`certlens ${c.join(' ')} <folder> (median)`, runs[i] ?? { s: NaN, mb: NaN }, node));
      } finally {
        folder.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
