/**
 * `certlens scan --json --now … --ca root.pem <dir>` on the revocation
 * fixtures (scripts/gen-revocation-fixtures.sh), in-process at a fixed clock:
 * cert-revoked lands exactly on the revoked (and on-hold) leaves' blocks.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main';

const DIR = join(__dirname, '..', '..', 'fixtures', 'revocation');

interface JsonOut {
  files: Array<{
    path: string;
    items: Array<{
      kind: string;
      range: { start: { line: number } };
      revocation?: { state: string; text: string; crl: { path: string } | null };
    }>;
    problems: Array<{ code: string; severity: string; message: string; range: { start: { line: number } } }>;
  }>;
}

async function scan(args: string[]): Promise<{ code: number; out: JsonOut; stdout: string }> {
  let stdout = '';
  const code = await main(['scan', '--now', '2026-01-01T00:00:00Z', '--no-system-trust', '--ca', 'root.pem', ...args], {
    stdout: (s) => void (stdout += s),
    stderr: () => undefined,
    cwd: DIR,
    now: () => new Date('2000-01-01T00:00:00Z'),
  });
  return { code, out: args.includes('--json') ? (JSON.parse(stdout) as JsonOut) : { files: [] }, stdout };
}

const REVOCATION = new Set(['cert-revoked', 'crl-bad-signature', 'crl-unsupported']);

describe('certlens scan: CRL revocation', () => {
  const cases: Array<{ dir: string; expect: string[]; exit: number }> = [
    { dir: 'pki', expect: ['cert-revoked/error@pki/hold.pem:0', 'cert-revoked/error@pki/revoked.pem:0'], exit: 1 },
    { dir: 'bad-signature', expect: ['crl-bad-signature/error@bad-signature/wrong-key.crl:0'], exit: 1 },
    // Delta CRLs are processed now (RFC 5280 §5.2.4); one without its complete CRL decides nothing.
    { dir: 'delta', expect: [], exit: 0 },
    { dir: 'scope', expect: [], exit: 0 },
  ];
  for (const c of cases) {
    it(`${c.dir}: ${c.expect.join(', ') || 'no revocation finding'}`, async () => {
      const { code, out } = await scan(['--json', c.dir]);
      const got = out.files.flatMap((f) =>
        f.problems.filter((p) => REVOCATION.has(p.code)).map((p) => `${p.code}/${p.severity}@${f.path}:${p.range.start.line}`),
      );
      assert.deepEqual(got.sort(), c.expect);
      assert.equal(code, c.exit);
    });
  }

  it('--json carries the revocation status on the certificate items', async () => {
    const { out } = await scan(['--json', 'pki']);
    const item = (path: string) => out.files.find((f) => f.path === path)!.items[0]!;
    assert.equal(item('pki/revoked.pem').revocation?.state, 'revoked');
    assert.equal(item('pki/revoked.pem').revocation?.crl?.path, 'pki/ica.crl');
    assert.match(item('pki/good.pem').revocation?.text ?? '', /^not revoked per pki\/ica\.crl, next update 2026-02-01$/);
    assert.equal(item('pki/ica.pem').revocation, undefined);
  });

  it('text output names the date, the reason and the CRL; --no-chain turns it off', async () => {
    const { stdout } = await scan(['pki']);
    assert.match(
      stdout,
      /pki\/revoked\.pem:1:1: error \[cert-revoked\] certificate revoked on 2025-09-01 \(keyCompromise, key invalid since 2025-08-15\) per pki\/ica\.crl/,
    );
    const off = await scan(['--no-chain', 'pki']);
    assert.doesNotMatch(off.stdout, /cert-revoked/);
  });
});
