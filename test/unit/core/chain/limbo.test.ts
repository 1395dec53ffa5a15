/**
 * Regression subset of x509-limbo: every native (non-bettertls) case must
 * agree with the expected result, except the commented known disagreements.
 * The full suite runs with `npm run conformance -- --check`.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SKIPPED_FEATURES, runLimboCase, type LimboCase } from './limbo-harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const limboPath = join(root, '..', 'shared', 'conformance', 'limbo.json');

/** Known disagreements, each explained in docs/conformance.md. */
const KNOWN: Record<string, string> = {
  // Conflicts with rfc5280::nc::permitted-dns-match-more (CN unrelated to the SAN, expected SUCCESS).
  'webpki::cn::not-in-san': 'CN that is merely a different name is accepted',
  // Conflicts with rfc5280::eku::ee-without-eku (same shape, expected SUCCESS).
  'webpki::eku::ee-without-eku': 'EE without EKU is accepted (RFC 5280 §4.2.1.12)',
  // Conflicts with rfc5280::ca-as-leaf (same shape, expected SUCCESS).
  'webpki::ca-as-leaf': 'CA certificate in leaf position is accepted (RFC 5280)',
};

/** Fixed clock for cases without a validation time (their certificates span 1970-2969). */
const NULL_TIME = new Date('2026-11-22T00:00:00Z');
const present = existsSync(limboPath);
const cases: LimboCase[] = present
  ? (JSON.parse(readFileSync(limboPath, 'utf8')) as { testcases: LimboCase[] }).testcases.filter((c) => !c.id.startsWith('bettertls::'))
  : [];

describe('x509-limbo native cases', () => {
  // A missing data file fails the run: a skipped conformance test reads as a pass.
  it('has limbo.json', () => assert.ok(present, `limbo.json not found at ${limboPath}`));
  it('has the 208 native cases', () => assert.equal(cases.length, 208));
  for (const c of cases) {
    const skip = c.features.find((f) => SKIPPED_FEATURES.includes(f));
    it(c.id, { skip: skip ? `feature ${skip} not implemented` : false }, async () => {
      const out = await runLimboCase(c, NULL_TIME);
      if (c.id in KNOWN)
        assert.notEqual(out.result, c.expected_result, `known disagreement now agrees; remove it from KNOWN: ${KNOWN[c.id]}`);
      else assert.equal(out.result, c.expected_result, out.context);
    });
  }
});
