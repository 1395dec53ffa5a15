/**
 * `certlens scan --json` on the adversarial CA sets of test/fixtures/chain-adversarial
 * (scripts/gen-adversarial-chain-fixtures.ts), one certificate per file: the scan ends,
 * and the leaf's verdict is the correct one or chain-budget-exceeded. No timing here
 * (bench/chain-adversarial.bench.ts measures it).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main';

const ROOT = join(__dirname, '..', '..', '..');

interface Report {
  files: Array<{ path: string; items: Array<{ chain?: { ok: boolean; code: string } }> }>;
}

async function leafChain(set: string): Promise<{ ok: boolean; code: string } | undefined> {
  let stdout = '';
  await main(['scan', '--json', '--now', '2026-01-01T00:00:00Z', '--no-system-trust', `test/fixtures/chain-adversarial/${set}`], {
    stdout: (s) => void (stdout += s),
    stderr: () => undefined,
    cwd: ROOT,
    now: () => new Date('2000-01-01T00:00:00Z'),
  });
  const report = JSON.parse(stdout) as Report;
  return report.files.find((f) => f.path.endsWith('/leaf.pem'))?.items[0]?.chain;
}

describe('certlens scan on adversarial CA sets', () => {
  // With no valid path: "no trust anchor above", or the expired root that breaks it.
  const DEAD = ['chain-invalid', 'chain-expired-intermediate'];
  const table: [string, boolean, string[]][] = [
    ['mesh', false, ['chain-invalid']],
    ['mesh-expired-root', false, DEAD],
    ['layered', true, ['chain-private-root']],
    ['layered-dead', false, DEAD],
  ];
  for (const [set, ok, code] of table)
    it(set, async () => {
      const chain = await leafChain(set);
      assert.ok(chain, 'the leaf has a chain verdict');
      if (chain.code !== 'chain-budget-exceeded') {
        assert.ok(code.includes(chain.code), chain.code);
        assert.equal(chain.ok, ok);
      } else assert.equal(chain.ok, false);
    });
});
