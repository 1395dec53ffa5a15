/**
 * NIST PKITS (../shared/conformance/pkits): every case must agree with its
 * expected result, except the two DSA cases listed in docs/conformance.md;
 * on every valid path the user-constrained-policy-set must equal PKITS's
 * expectedPolicySet (RFC 5280 §6.1.6). A missing data folder fails.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runPkitsCase, type PkitsCase } from './pkits-harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const dir = join(root, '..', 'shared', 'conformance', 'pkits');
const casesPath = join(dir, 'cases.json');
const present = existsSync(casesPath);
const cases: PkitsCase[] = present ? (JSON.parse(readFileSync(casesPath, 'utf8')) as PkitsCase[]) : [];

/** Deliberate disagreements, each justified in docs/conformance.md. */
const KNOWN: Record<string, string> = {
  '4.1.4': 'DSA signatures are not accepted',
  '4.1.5': 'DSA parameter inheritance (DSA is not accepted)',
};

describe('NIST PKITS', () => {
  it('has cases.json', () => assert.ok(present, `PKITS cases.json not found at ${casesPath}`));
  it('has all 249 cases', () => assert.equal(cases.length, 249));
  for (const c of cases) {
    it(`${c.id} ${c.name}`, async () => {
      const out = await runPkitsCase(c, dir);
      if (c.id in KNOWN) {
        assert.notEqual(out.got, c.expected, `known disagreement now agrees; remove it from KNOWN: ${KNOWN[c.id]}`);
        return;
      }
      assert.equal(out.got, c.expected, out.reason);
      if (out.got === 'valid') assert.deepEqual([...(out.policies ?? [])].sort(), [...c.expectedPolicySet].sort());
    });
  }
});
