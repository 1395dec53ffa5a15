/**
 * A short fuzz run of every parser target (test/fuzz/targets.ts) so that
 * `npm test` keeps the invariant: findings, never a throw. Long runs with
 * timings: `npm run fuzz -- --minutes N`. The seed is fixed so a failure
 * here reproduces; fast-check prints the shrunk counterexample.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TARGETS } from '../../fuzz/targets';

const RUNS = Number(process.env.CERTLENS_FUZZ_RUNS ?? 60);

describe('parsers under fuzzing: findings, never a throw', () => {
  for (const t of TARGETS) {
    it(t.name, async () => {
      await fc.assert(
        fc.asyncProperty(t.arbitrary, async (input) => {
          await t.run(input);
        }),
        { numRuns: RUNS, seed: 16016, endOnFailure: true },
      );
    });
  }

  it('covers the formats issue 16 names', () => {
    const names = TARGETS.map((t) => t.name);
    for (const n of ['pem-scanner', 'der', 'pkcs7', 'pkcs12', 'jks', 'crl', 'yaml-embedded', 'cert-manager-lint', 'tls-records']) {
      assert.ok(names.includes(n), n);
    }
  });
});
