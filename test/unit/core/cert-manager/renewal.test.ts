/** computeRenewal against the cases of cert-manager `renewaltime_test.go`. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeRenewal } from '../../../../src/core/cert-manager/renewal';
import { HOUR, MINUTE } from '../../../../src/core/cert-manager/duration';

const NOW = new Date('2026-11-22T00:00:00Z');
const at = (h: number): string => new Date(NOW.getTime() + h * 3.6e6).toISOString();

describe('computeRenewal (renewaltime.go)', () => {
  const cases: Array<{
    name: string;
    input: Parameters<typeof computeRenewal>[0];
    renewBefore: number;
    source: string;
    renewalAt: string;
    lifetimeSource?: string;
  }> = [
    { name: 'default: a third of 2160h', input: {}, renewBefore: 720 * HOUR, source: 'default', renewalAt: at(1440) },
    {
      name: 'renewBefore shorter than the lifetime wins',
      input: { duration: 24 * HOUR, renewBefore: 2 * HOUR },
      renewBefore: 2 * HOUR,
      source: 'renewBefore',
      renewalAt: at(22),
    },
    {
      name: '24h with renewBefore 25h falls back to 1/3 (renews at 16h)',
      input: { duration: 24 * HOUR, renewBefore: 25 * HOUR },
      renewBefore: 8 * HOUR,
      source: 'default',
      renewalAt: at(16),
    },
    {
      name: 'percentage of the lifetime',
      input: { duration: 100 * HOUR, renewBeforePercentage: 25 },
      renewBefore: 25 * HOUR,
      source: 'percentage',
      renewalAt: at(75),
    },
    {
      name: 'percentage 100 is ignored',
      input: { duration: 90 * HOUR, renewBeforePercentage: 100 },
      renewBefore: 30 * HOUR,
      source: 'default',
      renewalAt: at(60),
    },
    {
      name: 'renewBefore wins over percentage',
      input: { duration: 90 * HOUR, renewBefore: HOUR, renewBeforePercentage: 50 },
      renewBefore: HOUR,
      source: 'renewBefore',
      renewalAt: at(89),
    },
    {
      name: 'renewBefore ≥ lifetime then percentage',
      input: { duration: 90 * HOUR, renewBefore: 90 * HOUR, renewBeforePercentage: 50 },
      renewBefore: 45 * HOUR,
      source: 'percentage',
      renewalAt: at(45),
    },
    {
      name: 'issuer lifetime overrides duration',
      input: { duration: 48 * HOUR, issuerLifetime: 2160 * HOUR },
      renewBefore: 720 * HOUR,
      source: 'default',
      renewalAt: at(1440),
      lifetimeSource: 'issuer',
    },
    {
      name: 'truncated to the second',
      input: { duration: HOUR + 1 },
      renewBefore: Math.trunc((HOUR + 1) / 3),
      source: 'default',
      renewalAt: at(40 / 60),
    },
    {
      name: 'just under the lifetime renews at once',
      input: { duration: HOUR, renewBefore: HOUR - 3 * MINUTE },
      renewBefore: HOUR - 3 * MINUTE,
      source: 'renewBefore',
      renewalAt: at(3 / 60),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = computeRenewal(c.input, NOW);
      assert.equal(r.renewBefore, c.renewBefore);
      assert.equal(r.source, c.source);
      assert.equal(r.renewalAt.toISOString(), c.renewalAt);
      assert.equal(r.lifetimeSource, c.lifetimeSource ?? 'spec');
    });
  }
});
