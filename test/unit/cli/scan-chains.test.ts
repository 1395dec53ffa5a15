/**
 * Chain findings and key pairing through `certlens scan --json --ca root.pem
 * <case>` in-process, one generated fixture folder per code
 * (scripts/gen-chain-findings-fixtures.sh), at a fixed clock. Each case must
 * report its code, at its severity, on the block at fault, and no other
 * warning or error of the chain/key family.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main';

const DIR = join(__dirname, '..', '..', 'fixtures', 'chain-findings');
const NOW = '2026-01-01T00:00:00Z';

interface JsonOut {
  files: Array<{
    path: string;
    items: Array<{ kind: string; range: { start: { line: number } }; chain?: { verdict: string; path: string[]; anchor: unknown } }>;
    problems: Array<{ code: string; severity: string; message: string; range: { start: { line: number } } }>;
  }>;
}

async function scan(args: string[]): Promise<{ code: number; out: JsonOut | undefined; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['scan', '--json', '--now', NOW, '--no-system-trust', ...args], {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd: DIR,
    now: () => new Date('2000-01-01T00:00:00Z'),
  });
  return { code, out: stdout ? (JSON.parse(stdout) as JsonOut) : undefined, stderr };
}

/** 0-based line of the n-th (1-based) PEM block of a fixture file. */
function blockLine(file: string, n: number): number {
  const lines = readFileSync(join(DIR, file), 'utf8').split('\n');
  const begins = lines.flatMap((l, i) => (l.startsWith('-----BEGIN ') ? [i] : []));
  return begins[n - 1]!;
}

const cases: Array<{ code: string; file: string; block: number; line?: number; severity: string; exit: number; verdict?: RegExp }> = [
  { code: 'chain-ok', file: 'chain-ok/fullchain.pem', block: 1, severity: 'info', exit: 0, verdict: /^chain OK → CertLens CF Root$/ },
  { code: 'chain-misordered', file: 'chain-misordered/fullchain.pem', block: 1, severity: 'warning', exit: 0 },
  {
    code: 'chain-missing-intermediate',
    file: 'chain-missing-intermediate/leaf.pem',
    block: 1,
    severity: 'warning',
    exit: 0,
    verdict: /^missing intermediate: CN=CertLens CF Missing ICA$/,
  },
  // Once, on the root's own block; the leaf's verdict names it (below).
  { code: 'chain-private-root', file: 'chain-private-root/private-root.pem', block: 1, severity: 'info', exit: 0 },
  { code: 'chain-self-signed', file: 'chain-self-signed/self.pem', block: 1, severity: 'info', exit: 0 },
  {
    code: 'chain-bad-signature',
    file: 'chain-bad-signature/fullchain.pem',
    block: 1,
    severity: 'error',
    exit: 1,
    verdict: /^bad signature/,
  },
  { code: 'chain-not-ca', file: 'chain-not-ca/fullchain.pem', block: 2, severity: 'error', exit: 1 },
  { code: 'chain-pathlen-exceeded', file: 'chain-pathlen-exceeded/fullchain.pem', block: 3, severity: 'error', exit: 1 },
  { code: 'chain-name-constraints', file: 'chain-name-constraints/fullchain.pem', block: 2, severity: 'error', exit: 1 },
  { code: 'chain-eku', file: 'chain-eku/fullchain.pem', block: 2, severity: 'error', exit: 1 },
  { code: 'chain-expired-intermediate', file: 'chain-expired-intermediate/fullchain.pem', block: 2, severity: 'error', exit: 1 },
  { code: 'chain-root-included', file: 'chain-root-included/fullchain.pem', block: 3, severity: 'info', exit: 0 },
  { code: 'chain-cross-signed', file: 'chain-cross-signed/fullchain.pem', block: 1, severity: 'info', exit: 0 },
  { code: 'chain-expires-early', file: 'chain-expires-early/fullchain.pem', block: 2, severity: 'warning', exit: 0 },
  { code: 'chain-invalid', file: 'chain-invalid/fullchain.pem', block: 1, severity: 'warning', exit: 0 },
  { code: 'key-mismatch', file: 'key-mismatch/server.key', block: 1, severity: 'error', exit: 1 },
  // A Secret's tls.key (line 8, 0-based 7) against its tls.crt.
  { code: 'key-mismatch', file: 'key-mismatch-secret/secret.yaml', block: 0, line: 7, severity: 'error', exit: 1 },
];

describe('certlens scan --ca root.pem: one fixture per chain code', () => {
  for (const c of cases) {
    it(`${c.code} on ${c.line !== undefined ? `line ${c.line + 1}` : `block ${c.block}`} of ${c.file} (${c.severity})`, async () => {
      const folder = c.file.split('/')[0]!;
      const r = await scan(['--ca', 'root.pem', folder]);
      assert.equal(r.code, c.exit, r.stderr);
      const all = r.out!.files.flatMap((f) => f.problems.map((p) => ({ ...p, path: f.path })));
      const hits = all.filter((p) => p.code === c.code);
      assert.deepEqual(
        hits.map((p) => [p.path, p.range.start.line, p.severity]),
        [[c.file, c.line ?? blockLine(c.file, c.block), c.severity]],
        JSON.stringify(all, null, 1),
      );
      const others = all.filter((p) => p.code !== c.code && /^(chain|key)-/.test(p.code) && p.severity !== 'info');
      // Misordered and missing-intermediate cases are otherwise sound; key-mismatch's folder has no intermediate.
      const allowed = c.code === 'key-mismatch' ? ['chain-missing-intermediate'] : [];
      assert.deepEqual(
        others.filter((p) => !allowed.includes(p.code)),
        [],
      );
      if (c.verdict) {
        const leaf = r.out!.files.find((f) => f.path === c.file)!.items.find((i) => i.chain);
        assert.match(leaf!.chain!.verdict, c.verdict);
      }
    });
  }

  it('JSON: the leaf carries chain {verdict, path of sha256, anchor}', async () => {
    const r = await scan(['--ca', 'root.pem', 'chain-ok']);
    const items = r.out!.files[0]!.items;
    assert.equal(items.length, 2);
    const chain = items[0]!.chain!;
    assert.equal(chain.path.length, 3);
    assert.ok(chain.path.every((h) => /^[0-9a-f]{64}$/.test(h)));
    assert.deepEqual(chain.anchor, { subject: 'CN=CertLens CF Root', source: 'extra', label: '--ca root.pem' });
    assert.equal(items[1]!.chain, undefined, 'the intermediate issues the leaf: not a target');
  });

  it('JSON: key items carry pairing {verdict, matches}', async () => {
    const r = await scan(['--ca', 'root.pem', 'key-mismatch']);
    const pairing = (name: string) =>
      (r.out!.files.find((f) => f.path === `key-mismatch/${name}`)!.items[0] as unknown as { pairing: unknown }).pairing;
    assert.deepEqual(pairing('client.key'), {
      verdict: 'matches client.crt (CN=client.example.com)',
      matches: [{ path: 'key-mismatch/client.crt', index: 0, kind: 'certificate', subject: 'client.example.com' }],
    });
    assert.deepEqual(pairing('server.key'), { verdict: 'no certificate in the workspace uses this key', matches: [] });
  });

  it('without --ca the same chain ends at an untrusted root: missing intermediate (the root is not in the folder)', async () => {
    const r = await scan(['chain-ok']);
    assert.deepEqual(
      r.out!.files[0]!.problems.map((p) => p.code),
      ['chain-missing-intermediate'],
    );
  });

  it('the root in the scanned paths but not trusted: private root, not an error', async () => {
    const r = await scan(['chain-ok', 'root.pem']);
    assert.equal(r.code, 0);
    const leaf = r.out!.files[0]!;
    assert.ok(!leaf.problems.some((p) => p.code === 'chain-private-root'), 'the leaf gets no chain-private-root of its own');
    assert.match(String((leaf.items[0] as { chain?: { verdict: string } }).chain?.verdict), /private root/);
    const root = r.out!.files.find((f) => f.path === 'root.pem')!;
    assert.deepEqual(
      root.problems.map((p) => `${p.code}/${p.severity}`),
      ['chain-private-root/info'],
      'the private root is reported once, on its own block',
    );
  });

  it('--disable chain-ok hides it', async () => {
    const r = await scan(['--ca', 'root.pem', '--disable', 'chain-ok', 'chain-ok']);
    assert.deepEqual(r.out!.files[0]!.problems, []);
  });

  it('an unreadable --ca is a usage error (exit 2, one line)', async () => {
    const r = await scan(['--ca', 'nope.pem', 'chain-ok']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^certlens scan: --ca nope\.pem: .*ENOENT.*\n$/);
  });

  it('--ca with no certificate in it is a usage error', async () => {
    const r = await scan(['--ca', 'key-mismatch/server.key', 'chain-ok']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no CERTIFICATE blocks found/);
  });
});
