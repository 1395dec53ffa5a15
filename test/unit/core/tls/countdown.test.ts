import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countdown, span } from '../../../../src/core/tls/countdown';

const D = 86_400_000;
const nb = new Date('2026-01-01T00:00:00Z');
const at = (days: number): Date => new Date(nb.getTime() + days * D);

describe('countdown (fixed clock)', () => {
  const cases: Array<[string, number, number, string, string | undefined, string | undefined]> = [
    // name, lifetime days, now (days after notBefore), text, code, severity
    ['90-day cert, 85 days left', 90, 5, 'expires in 85 days · 6% of lifetime used', undefined, undefined],
    // min(30 days, 33% of 90 days = 29.7 days): 30 days left is still quiet, 29 is a warning.
    ['90-day cert, 30 days left: quiet', 90, 60, 'expires in 30 days · 67% of lifetime used', undefined, undefined],
    ['90-day cert, 29 days left: warning', 90, 61, 'expires in 29 days · 68% of lifetime used', 'cert-expiring', 'warning'],
    ['90-day cert, 7 days left: error', 90, 83, 'expires in 7 days · 92% of lifetime used', 'cert-expiring', 'error'],
    ['6-day cert, 3 days left: not red all its life', 6, 3, 'expires in 3 days · 50% of lifetime used', undefined, undefined],
    ['6-day cert, 1 day left: warning (33%)', 6, 5, 'expires in 1 day · 83% of lifetime used', 'cert-expiring', 'warning'],
    ['6-day cert, 12 hours left: error (10%)', 6, 5.5, 'expires in 12 hours · 92% of lifetime used', 'cert-expiring', 'error'],
    ['expired 3 days ago', 90, 93, 'expired 3 days ago', 'cert-expired', 'error'],
    ['not yet valid', 90, -2, 'not valid for another 2 days', 'cert-not-yet-valid', 'error'],
    ['at notAfter exactly: still valid (inclusive)', 90, 90, 'expires in 0 minutes · 100% of lifetime used', 'cert-expiring', 'error'],
  ];
  for (const [name, life, now, text, code, severity] of cases) {
    it(name, () => {
      const c = countdown(nb, at(life), at(now));
      assert.equal(c.text, text);
      assert.equal(c.finding?.code, code);
      assert.equal(c.finding?.severity, severity);
    });
  }
  it('span units', () => {
    assert.deepEqual(
      [span(D), span(2 * D), span(3_600_000), span(59_000), span(-5)],
      ['1 day', '2 days', '1 hour', '0 minutes', '0 minutes'],
    );
  });
});
