import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  computeExpiry,
  DAY_MS,
  DEFAULT_THRESHOLDS,
  formatBadge,
  formatCountdown,
  type ExpiryState,
} from '../../../../src/core/lint/expiry';

const NOW = Date.parse('2025-06-01T00:00:00Z');
const H = 3_600_000;
const d = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('computeExpiry with the default thresholds (30 d / 33 %, 7 d / 10 %)', () => {
  const cases: Array<{ name: string; nb: number; na: number; now?: number; state: ExpiryState; percent?: number }> = [
    // The fixtures of the issue, at NOW.
    { name: 'expired (expired.pem)', nb: d('2025-01-01'), na: d('2025-04-01'), state: 'expired', percent: 100 },
    { name: 'not yet valid (future.pem)', nb: d('2025-07-01'), na: d('2025-10-01'), state: 'not-yet-valid', percent: 0 },
    { name: '5 of 90 days left → error', nb: d('2025-03-08'), na: d('2025-06-06'), state: 'error', percent: (85 / 90) * 100 },
    { name: '20 of 90 days left → warning', nb: d('2025-03-23'), na: d('2025-06-21'), state: 'warning', percent: (70 / 90) * 100 },
    {
      name: '1 of 6 days left → warning, not error (10 % of 6 days is 0.6 days)',
      nb: d('2025-05-27'),
      na: d('2025-06-02'),
      state: 'warning',
      percent: (5 / 6) * 100,
    },
    { name: 'a 6-day certificate on day 1 → ok', nb: NOW - DAY_MS, na: NOW + 5 * DAY_MS, state: 'ok', percent: (1 / 6) * 100 },
    { name: 'a one-year certificate with 7 months left → ok', nb: d('2025-01-01'), na: d('2026-01-01'), state: 'ok' },
    // Inclusive bounds (RFC 5280 §4.1.2.5).
    { name: 'exactly at notBefore is valid', nb: NOW, na: NOW + 365 * DAY_MS, state: 'ok', percent: 0 },
    { name: '1 ms before notBefore', nb: NOW + 1, na: NOW + 365 * DAY_MS, state: 'not-yet-valid' },
    { name: 'exactly at notAfter is valid (error, not expired)', nb: NOW - 90 * DAY_MS, na: NOW, state: 'error', percent: 100 },
    { name: '1 ms after notAfter', nb: NOW - 90 * DAY_MS, na: NOW - 1, state: 'expired' },
    // Threshold edges.
    { name: '90 days: 7 days left is the error edge', nb: NOW - 83 * DAY_MS, na: NOW + 7 * DAY_MS, state: 'error' },
    { name: '90 days: 7 days + 1 ms left → warning', nb: NOW - 83 * DAY_MS, na: NOW + 7 * DAY_MS + 1, state: 'warning' },
    { name: '90 days: 29 days left → warning', nb: NOW - 61 * DAY_MS, na: NOW + 29 * DAY_MS, state: 'warning' },
    { name: '90 days: 29.7 days (33 %) is the warning edge', nb: NOW - 60.3 * DAY_MS, na: NOW + 29.7 * DAY_MS, state: 'warning' },
    { name: '90 days: 30 days left → ok (33 % of 90 days is 29.7 days)', nb: NOW - 60 * DAY_MS, na: NOW + 30 * DAY_MS, state: 'ok' },
    { name: '1 year: 30 days left → warning (day cap)', nb: NOW - 335 * DAY_MS, na: NOW + 30 * DAY_MS, state: 'warning' },
    { name: '1 year: 30 days + 1 ms → ok', nb: NOW - 335 * DAY_MS, na: NOW + 30 * DAY_MS + 1, state: 'ok' },
    { name: '6 days: 0.6 days left → error (10 % edge)', nb: NOW - 5.4 * DAY_MS, na: NOW + 0.6 * DAY_MS, state: 'error' },
    { name: '6 days: 0.6 days + 1 ms left → warning', nb: NOW - 5.4 * DAY_MS - 1, na: NOW + 0.6 * DAY_MS + 1, state: 'warning' },
    { name: '6 days: 1.98 days left is the warning edge', nb: NOW - 4.02 * DAY_MS, na: NOW + 1.98 * DAY_MS, state: 'warning' },
    { name: '6 days: 2 days left → ok', nb: NOW - 4 * DAY_MS, na: NOW + 2 * DAY_MS, state: 'ok' },
    // Degenerate validity.
    { name: 'zero-length lifetime at its instant → error', nb: NOW, na: NOW, state: 'error', percent: 100 },
    { name: 'zero-length lifetime before it', nb: NOW + 1, na: NOW + 1, state: 'not-yet-valid' },
    { name: 'zero-length lifetime after it', nb: NOW - 1, na: NOW - 1, state: 'expired', percent: 100 },
    { name: 'inverted validity (notAfter < notBefore), between them', nb: NOW + DAY_MS, na: NOW - DAY_MS, state: 'not-yet-valid' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e = computeExpiry(c.nb, c.na, c.now ?? NOW, DEFAULT_THRESHOLDS);
      assert.equal(e.state, c.state);
      assert.equal(e.msLeft, c.na - (c.now ?? NOW));
      assert.equal(e.lifetimeMs, Math.max(0, c.na - c.nb));
      assert.ok(e.percentUsed >= 0 && e.percentUsed <= 100);
      if (c.percent !== undefined) assert.ok(Math.abs(e.percentUsed - c.percent) < 1e-9, `${e.percentUsed} vs ${c.percent}`);
    });
  }

  it('thresholds are parameters', () => {
    const nb = NOW - 70 * DAY_MS;
    const na = NOW + 20 * DAY_MS;
    const t = (warnDays: number, errorDays: number, warnLifetimePercent = 100, errorLifetimePercent = 100) =>
      computeExpiry(nb, na, NOW, { warnDays, errorDays, warnLifetimePercent, errorLifetimePercent }).state;
    assert.equal(t(30, 7), 'warning');
    assert.equal(t(10, 7), 'ok');
    assert.equal(t(30, 25), 'error');
    assert.equal(t(30, 25, 100, 10), 'warning', 'the percent bound still caps the error threshold');
    assert.equal(t(0, 0), 'ok');
  });
});

describe('formatCountdown', () => {
  const cases: Array<[string, number, number, string]> = [
    ['expired', d('2025-01-01'), d('2025-04-01'), 'expired 61 days ago'],
    ['not yet valid', d('2025-07-01'), d('2025-10-01'), 'not valid for 30 days'],
    ['5 of 90', d('2025-03-08'), d('2025-06-06'), 'expires in 5 days · 94% of lifetime used'],
    ['20 of 90', d('2025-03-23'), d('2025-06-21'), 'expires in 20 days · 78% of lifetime used'],
    ['1 of 6', d('2025-05-27'), d('2025-06-02'), 'expires in 1 day · 83% of lifetime used'],
    ['exactly at notAfter', NOW - DAY_MS, NOW, 'expires in 1 minute · 100% of lifetime used'],
    ['zero-length', NOW, NOW, 'expires in 1 minute · 100% of lifetime used'],
  ];
  for (const [name, nb, na, want] of cases) {
    it(name, () => assert.equal(formatCountdown(computeExpiry(nb, na, NOW, DEFAULT_THRESHOLDS), nb, NOW), want));
  }
});

describe('formatBadge', () => {
  const badge = (msLeft: number, nb = NOW - 400 * DAY_MS) => formatBadge(computeExpiry(nb, NOW + msLeft, NOW, DEFAULT_THRESHOLDS));
  const table: Array<[string, () => string | undefined, string | undefined]> = [
    ['expired', () => badge(-1), '!'],
    ['not yet valid', () => badge(DAY_MS, NOW + 1), '!'],
    ['100 days → none', () => badge(100 * DAY_MS), undefined],
    ['1000 days → none', () => badge(1000 * DAY_MS), undefined],
    ['99 days 23 h', () => badge(100 * DAY_MS - 1), '99'],
    ['10 days', () => badge(10 * DAY_MS), '10'],
    ['9 days 23 h', () => badge(10 * DAY_MS - 1), '9d'],
    ['1 day', () => badge(DAY_MS), '1d'],
    ['9 hours', () => badge(9 * H), '9h'],
    ['59 minutes', () => badge(H - 60_000), '0h'],
    ['exactly at notAfter', () => badge(0), '0h'],
  ];
  for (const [name, f, want] of table) it(name, () => assert.equal(f(), want));

  it('is at most 2 characters for every hour of the last 120 days', () => {
    for (let h = -2; h < 120 * 24; h++) {
      const b = badge(h * H + 1);
      assert.ok(b === undefined || b.length <= 2, `${h} h left → ${JSON.stringify(b)}`);
    }
  });
});
