/**
 * Certificates in source code: what reading large source files costs.
 * 5 MB of real C headers (/usr/include, when present) with no certificate,
 * the same with one C-literal certificate appended, and 20k marker constants
 * (a TLS library's `"-----BEGIN CERTIFICATE-----"` comparisons). Baseline in
 * the same run: splitting the text into lines (one pass over the text).
 * Prints times and ratios; never asserts a time.
 *
 *   npx tsx bench/source.bench.ts [MB=5]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText, mayHoldMaterial } from '../src/core/analysis/decode';

const MB = Number(process.argv[2] ?? 5);

function cHeaders(size: number): string {
  const parts: string[] = [];
  let n = 0;
  for (const dir of ['/usr/include', '/usr/include/linux', '/usr/include/x86_64-linux-gnu/bits']) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.h') || n >= size) continue;
      try {
        const t = readFileSync(join(dir, f), 'utf8');
        parts.push(t);
        n += t.length;
      } catch {
        // unreadable header: skip
      }
    }
  }
  const unit = 'static const uint8_t lut[] = {0x30, 0x31, 0x82, 0x00};\nconst char *m = "a\\"b" "c"; // x\n';
  let text = parts.join('');
  while (text.length < size) text += unit;
  return text.slice(0, size);
}

async function time(f: () => unknown, runs = 5): Promise<number> {
  await f();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await f();
  return (performance.now() - t0) / runs;
}

async function main(): Promise<void> {
  const big = cHeaders(MB * 1024 * 1024);
  const pem = readFileSync(join(__dirname, '..', 'test', 'fixtures', 'certs', 'root.pem'), 'utf8')
    .trim()
    .split('\n');
  const withCert = `${big}\nconst char *ca =\n${pem.map((l) => `  "${l}\\n"`).join('\n')};\n`;
  let markers = '';
  for (let i = 0; i < 20_000; i++) markers += `if (strncmp(p, "-----BEGIN CERTIFICATE-----", 27) == 0) { n${i}++; }\n`;
  const rows: Array<[string, string, () => unknown]> = [
    [`${MB} MB C, no certificate: mayHoldMaterial`, big, () => mayHoldMaterial(big, false)],
    [`${MB} MB C, no certificate: decodeText`, big, () => decodeText(big)],
    [`${MB} MB C + one certificate: decodeText`, withCert, () => decodeText(withCert)],
    ['20k marker constants: decodeText', markers, () => decodeText(markers)],
  ];
  for (const [name, text, f] of rows) {
    const base = await time(() => text.split('\n').length);
    const t = await time(f);
    console.log(`${name}: ${t.toFixed(1)} ms (baseline split: ${base.toFixed(1)} ms, ratio ${(t / base).toFixed(1)}×)`);
  }
}

void main();
