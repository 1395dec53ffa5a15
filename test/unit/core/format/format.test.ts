import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DAY_MS,
  formatDate,
  formatDuration,
  formatFingerprint,
  formatKey,
  formatRelative,
  formatUtc,
  wrapFingerprint,
} from '../../../../src/core/format/format';

const H = 3_600_000;
const d = (s: string) => Date.parse(`${s}T00:00:00Z`);

describe('formatDuration', () => {
  const cases: Array<[number, string]> = [
    [0, '1 minute'],
    [59_999, '1 minute'],
    [120_000, '2 minutes'],
    [H - 1, '59 minutes'],
    [H, '1 hour'],
    [DAY_MS - 1, '23 hours'],
    [DAY_MS, '1 day'],
    [2 * DAY_MS - 1, '1 day'],
    [61 * DAY_MS + 5 * H, '61 days'],
    [90 * DAY_MS, '90 days'],
    [91 * DAY_MS, '2 months'],
    [200 * DAY_MS, '6 months'],
    [365 * DAY_MS, '1 year'],
    [500 * DAY_MS, '1 year 4 months'],
    [729 * DAY_MS, '1 year 11 months'],
    [730 * DAY_MS, '2 years'],
    [1824 * DAY_MS, '4 years'],
    [10 * 365.25 * DAY_MS, '10 years'],
    [-3 * DAY_MS, '3 days'],
    [-800 * DAY_MS, '2 years'],
    [Number.NaN, 'an unknown time'],
  ];
  for (const [ms, want] of cases) it(`${ms} ms → ${want}`, () => assert.equal(formatDuration(ms), want));
  it('endpoint style counts down to 0 minutes', () => {
    const endpoint = { minMinutes: 0 } as const;
    assert.deepEqual(
      [0, 59_999, -5, 60_000, 800 * DAY_MS].map((ms) => formatDuration(ms, endpoint)),
      ['0 minutes', '0 minutes', '0 minutes', '1 minute', '2 years'],
    );
  });
});

describe('dates', () => {
  const now = d('2026-03-01');
  const cases: Array<[number, string]> = [
    [d('2026-03-04'), '2026-03-04 00:00 UTC (in 3 days)'],
    [d('2024-02-01'), '2024-02-01 00:00 UTC (2 years ago)'],
    [now + 30_000, '2026-03-01 00:00 UTC (now)'],
    [d('2030-06-01') + 90 * 60_000, '2030-06-01 01:30 UTC (in 4 years)'],
  ];
  for (const [ms, want] of cases) it(want, () => assert.equal(formatDate(ms, now), want));
  it('relative without the date', () => assert.equal(formatRelative(now - 2 * H, now), '2 hours ago'));
  it('an out-of-range date does not throw', () => {
    assert.equal(formatUtc(8.64e15 + 1), 'invalid date');
    assert.equal(formatUtc(Number.NaN), 'invalid date');
  });
});

describe('formatKey', () => {
  const cases: Array<[Parameters<typeof formatKey>[0], string]> = [
    [{ keyAlgorithm: 'EC', curve: 'P-256', keySize: 256 }, 'EC P-256'],
    [{ keyAlgorithm: 'RSA', keySize: 2048 }, 'RSA 2048'],
    [{ keyAlgorithm: 'RSA-PSS', keySize: 3072 }, 'RSA-PSS 3072'],
    [{ keyAlgorithm: 'DSA', keySize: 1024 }, 'DSA 1024'],
    [{ keyAlgorithm: 'Ed25519', curve: 'Ed25519', keySize: 256 }, 'Ed25519'],
    [{ keyAlgorithm: 'Ed448', keySize: 456 }, 'Ed448'],
    [{ keyAlgorithm: 'unknown' }, 'unknown'],
    [{ keyAlgorithm: 'RSA' }, 'RSA'],
  ];
  for (const [k, want] of cases) it(want, () => assert.equal(formatKey(k), want));
});

describe('fingerprints', () => {
  const sha256 = 'ab'.repeat(32);
  it('upper case, colon-separated', () => assert.equal(formatFingerprint('0a1B2c'), '0A:1B:2C'));
  it('idempotent on a colonned value', () => assert.equal(formatFingerprint('0A:1B:2C'), '0A:1B:2C'));
  it('junk and odd digits', () => {
    assert.equal(formatFingerprint(' 0a-1b zz 2 '), '0A:1B:2');
    assert.equal(formatFingerprint(''), '');
  });
  it('wraps at byte boundaries, 16 bytes a line', () => {
    const lines = wrapFingerprint(sha256);
    assert.equal(lines.length, 2);
    assert.equal(lines[0], `${'AB:'.repeat(16)}`);
    assert.equal(lines[1], `${'AB:'.repeat(15)}AB`);
    assert.equal(lines.join(''), formatFingerprint(sha256));
  });
  it('a 20-byte SHA-1 in lines of 10', () => {
    const lines = wrapFingerprint('01'.repeat(20), 10);
    assert.deepEqual(
      lines.map((l) => l.length),
      [30, 29],
    );
  });
});
