/**
 * No private-key material in any output (issue 16): every CLI command, in
 * every output format, run over every fixture, must not print the bytes of
 * any fixture private key, as PEM base64 or as DER hex. Keys are collected
 * from PEM files and from base64 values in Kubernetes Secrets (`tls.key`).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const NOW = '2025-06-01T00:00:00Z';

interface KeyNeedles {
  readonly source: string;
  readonly needles: string[];
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const PEM_KEY = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** Base64 lines of the body (the first is skipped: its ASN.1 header is shared with other keys) and 32-byte hex windows of the DER. */
function needlesOf(body: string): string[] {
  const lines = body
    .split(/\r?\n/)
    .filter((l) => l && !l.includes(':'))
    .slice(1)
    .filter((l) => l.length >= 40);
  const der = Buffer.from(lines.join(''), 'base64');
  const hex: string[] = [];
  for (let i = 0; i + 32 <= der.length; i += 32) {
    const h = der.subarray(i, i + 32).toString('hex');
    hex.push(h, h.toUpperCase(), (h.match(/../g) ?? []).join(':').toUpperCase());
  }
  return [...lines, ...hex];
}

function fixtureKeys(): KeyNeedles[] {
  const out: KeyNeedles[] = [];
  for (const f of files(FIXTURES)) {
    const text = readFileSync(f, 'latin1');
    const texts = [text];
    // Kubernetes Secrets hold the PEM base64-encoded once more.
    for (const m of text.matchAll(/tls\.key["']?\s*:\s*["']?([A-Za-z0-9+/=]{40,})/g))
      texts.push(Buffer.from(m[1] ?? '', 'base64').toString('latin1'));
    for (const t of texts) for (const m of t.matchAll(PEM_KEY)) out.push({ source: relative(ROOT, f), needles: needlesOf(m[2] ?? '') });
  }
  return out;
}

async function run(args: string[]): Promise<string> {
  let text = '';
  await main(args, { stdout: (s) => void (text += s), stderr: (s) => void (text += s), cwd: ROOT, now: () => new Date(NOW) });
  return text;
}

describe('no private-key bytes in any output', { timeout: 240_000 }, () => {
  let keys: KeyNeedles[];
  before(() => {
    keys = fixtureKeys();
  });

  it('the fixtures hold keys to look for (PEM files and Secrets)', () => {
    assert.ok(keys.length >= 20, `${keys.length} keys`);
    assert.ok(keys.some((k) => k.source.includes('k8s')));
    // The needles really find a key: the file itself contains them.
    const first = keys.find((k) => k.source.endsWith('.pem'));
    assert.ok(first);
    const text = readFileSync(join(ROOT, first.source), 'latin1');
    assert.ok(first.needles.some((n) => text.includes(n)));
  });

  const f = (p: string) => join('test', 'fixtures', p);
  const runs: string[][] = [
    ['scan', '--now', NOW, f('')],
    ['scan', '--json', '--now', NOW, f('')],
    ['scan', '--json', '--no-chain', '--keystore-password', 'changeit', '--now', NOW, f('keys'), f('p12'), f('jks'), f('k8s')],
    ['inspect', '--now', NOW, f('')],
    ['inspect', '--json', '--now', NOW, f('')],
    ['inspect', '--keystore-password', 'changeit', '--now', NOW, f('keys'), f('p12'), f('jks'), f('k8s')],
    ['lint', '--now', NOW, f('')],
    ['lint', '--format', 'json', '--now', NOW, f('')],
    ['lint', '--format', 'sarif', '--now', NOW, f('')],
    // The client key is read, never printed, also when the connection fails.
    ['check', '127.0.0.1:1', '--no-proxy', '--timeout', '2000', '--cert', f('certs/healthy.pem'), '--key', f('certs/healthy.key')],
    [
      'check',
      '127.0.0.1:1',
      '--no-proxy',
      '--json',
      '--timeout',
      '2000',
      '--cert',
      f('certs/healthy.pem'),
      '--key',
      f('certs/healthy.key'),
    ],
    ['scan', '--now', NOW, '--bogus', f('keys/ec-p256.pkcs8.pem')],
  ];
  for (const args of runs) {
    it(args.join(' '), async () => {
      const out = await run(args);
      assert.ok(out.length > 0);
      for (const k of keys) {
        const hit = k.needles.find((n) => out.includes(n));
        assert.equal(hit, undefined, `${k.source}: key bytes in the output of ${args.join(' ')}`);
      }
    });
  }
});
