/**
 * `certlens scan` on the policy / revocation fixtures
 * (scripts/gen-policy-revocation-fixtures.sh), in-process at a fixed clock:
 * chain-policy and revocation-unknown land on the right block, the policy
 * set reaches `--json` as chain.policies, and the RFC 5280 §6.1.1 / §6.3
 * flags change the verdicts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main';

const DIR = join(__dirname, '..', '..', 'fixtures', 'policy-revocation');
const P = '1.3.6.1.4.1.55555.1.1';

interface JsonOut {
  files: Array<{
    path: string;
    items: Array<{ chain?: { ok: boolean; code: string; policies: string[] } }>;
    problems: Array<{ code: string; severity: string; message: string; range: { start: { line: number } } }>;
  }>;
}

async function scan(args: string[]): Promise<{ code: number; out: JsonOut; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['scan', '--now', '2026-01-01T00:00:00Z', '--no-system-trust', '--ca', 'root.pem', ...args], {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd: DIR,
    now: () => new Date('2000-01-01T00:00:00Z'),
  });
  return { code, out: args.includes('--json') && code !== 2 ? (JSON.parse(stdout) as JsonOut) : { files: [] }, stdout, stderr };
}

const CODES = new Set(['chain-policy', 'revocation-unknown', 'cert-revoked']);
function findings(out: JsonOut): string[] {
  return out.files
    .flatMap((f) => f.problems.filter((p) => CODES.has(p.code)).map((p) => `${p.code}/${p.severity}@${f.path}:${p.range.start.line}`))
    .sort();
}

describe('certlens scan: certificate policies and revocation in path validation', () => {
  const cases: Array<{ name: string; args: string[]; expect: string[]; exit: number }> = [
    {
      name: "a CA's requireExplicitPolicy:0 makes the leaf without a policy chain-policy",
      args: ['policy'],
      expect: ['chain-policy/error@policy/no-policy.pem:0'],
      exit: 1,
    },
    {
      name: '--policy with another OID: no acceptable policy for either leaf',
      args: ['--policy', '1.2.3.4', 'policy'],
      expect: ['chain-policy/error@policy/ica.pem:0', 'chain-policy/error@policy/no-policy.pem:0', 'chain-policy/error@policy/ok.pem:0'],
      exit: 1,
    },
    {
      name: '--policy with the asserted OID: the leaf that has it passes',
      args: ['--policy', P, 'policy'],
      expect: ['chain-policy/error@policy/no-policy.pem:0'],
      exit: 1,
    },
    {
      name: 'a CRL limited to keyCompromise leaves the leaf revocation-unknown (info)',
      args: ['unknown'],
      expect: ['revocation-unknown/info@unknown/leaf.pem:0'],
      exit: 0,
    },
    {
      name: '--require-revocation: revocation-unknown is an error, also where no CRL exists',
      args: ['--require-revocation', 'unknown'],
      expect: ['revocation-unknown/error@unknown/ica.pem:0', 'revocation-unknown/error@unknown/leaf.pem:0'],
      exit: 1,
    },
    {
      name: '--crl FILE joins the set without being reported itself',
      args: ['--crl', 'unknown/ica.crl', 'unknown/ica.pem', 'unknown/leaf.pem'],
      expect: ['revocation-unknown/info@unknown/leaf.pem:0'],
      exit: 0,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { code, out } = await scan(['--json', ...c.args]);
      assert.deepEqual(findings(out), c.expect);
      assert.equal(code, c.exit);
    });
  }

  it('--json: chain.policies is the user-constrained policy set', async () => {
    const { out } = await scan(['--json', 'policy']);
    const chain = (path: string) => out.files.find((f) => f.path === path)?.items[0]?.chain ?? { ok: false, code: 'none', policies: [] };
    assert.deepEqual(chain('policy/ok.pem').policies, [P]);
    assert.equal(chain('policy/ok.pem').ok, true);
    assert.equal(chain('policy/no-policy.pem').code, 'chain-policy');
    assert.deepEqual(chain('policy/no-policy.pem').policies, []);
  });

  // Bad input: usage errors (exit 2), never a crash.
  const bad: Array<[string, string[], RegExp]> = [
    ['a malformed --policy OID', ['--policy', '1.2.x', 'policy'], /--policy: not a dotted OID/],
    ['an empty --policy', ['--policy', '', 'policy'], /--policy: not a dotted OID/],
    ['a --crl file without a CRL', ['--crl', 'root.pem', 'policy'], /--crl root\.pem: no CRL found/],
    ['a missing --crl file', ['--crl', 'nope.crl', 'policy'], /--crl nope\.crl/],
  ];
  for (const [name, args, message] of bad) {
    it(`${name}: exit 2 with a message`, async () => {
      const r = await scan(['--json', ...args]).catch((e: Error) => ({ code: -1, stderr: e.message, out: { files: [] }, stdout: '' }));
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }
});
