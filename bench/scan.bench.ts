/**
 * Cold scan of N certificate files (the system roots, copied until N files
 * exist) against a baseline in the same run: OpenSSL parsing the same
 * certificates from one file (`openssl storeutl -noout -certs` reads and
 * decodes every certificate). Prints the ratio; never asserts a time.
 *
 *   npx tsx bench/scan.bench.ts [N=10000]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPem } from '../src/core/pem/base64';
import { lintItems } from '../src/core/lint/items';
import { scanPem } from '../src/core/pem/scanner';
import { loadFile, walk } from '../src/node/files';
import { mapOrdered } from '../src/node/concurrency';

const N = Number(process.argv[2] ?? 10_000);
const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

async function main(): Promise<void> {
  const roots = scanPem(readFileSync(BUNDLE, 'utf8')).blocks.map((b) => toPem('CERTIFICATE', b.der!));
  const dir = mkdtempSync(join(tmpdir(), 'certlens-bench-'));
  try {
    const all: string[] = [];
    for (let i = 0; i < N; i++) {
      const sub = join(dir, 'certs', String(i % 100));
      if (i < 100) mkdirSync(sub, { recursive: true });
      const pem = roots[i % roots.length]!;
      writeFileSync(join(sub, `cert-${i}.pem`), pem);
      all.push(pem);
    }
    writeFileSync(join(dir, 'all.pem'), all.join(''));

    const t0 = performance.now();
    execFileSync('openssl', ['storeutl', '-noout', '-certs', join(dir, 'all.pem')], {
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const opensslMs = performance.now() - t0;

    const now = new Date();
    let items = 0;
    const t1 = performance.now();
    for await (const f of mapOrdered(walk([join(dir, 'certs')]), 16, (p) => loadFile(p, false))) {
      if (!f) continue;
      items += f.decoded.items.length;
      lintItems(f.decoded.items, { now });
    }
    const oursMs = performance.now() - t1;
    const mem = process.memoryUsage().rss / 1024 / 1024;
    console.log(`scan: ${N} files, ${items} certificates`);
    console.log(`  openssl storeutl, one file       : ${opensslMs.toFixed(0)} ms`);
    console.log(`  certlens cold scan, ${N} files   : ${oursMs.toFixed(0)} ms (${((oursMs * 1000) / N).toFixed(0)} µs/file)`);
    console.log(`  ratio certlens/openssl            : ${(oursMs / opensslMs).toFixed(2)}  (target ≤ 1.00)`);
    console.log(`  rss after scan                    : ${mem.toFixed(0)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
