import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOUR, MINUTE, SECOND, formatCompactDuration, formatGoDuration, parseGoDuration } from '../../../../src/core/cert-manager/duration';

describe('parseGoDuration (time.ParseDuration)', () => {
  const ok: Array<[string, number]> = [
    ['0', 0],
    ['2160h', 2160 * HOUR],
    ['2160h0m0s', 2160 * HOUR],
    ['1h30m', 90 * MINUTE],
    ['1.5h', 90 * MINUTE],
    ['-5m', -5 * MINUTE],
    ['+5m', 5 * MINUTE],
    ['.5s', SECOND / 2],
    ['300ms', 300e6],
    ['10us', 10e3],
    ['10µs', 10e3],
    ['1ns', 1],
  ];
  for (const [s, ns] of ok) it(`accepts ${JSON.stringify(s)}`, () => assert.deepEqual(parseGoDuration(s), { ok: true, ns }));
  const bad: Array<[string, string]> = [
    ['90d', 'time: unknown unit "d" in duration "90d"'],
    ['1w', 'time: unknown unit "w" in duration "1w"'],
    ['', 'time: invalid duration ""'],
    ['h', 'time: invalid duration "h"'],
    ['10', 'time: missing unit in duration "10"'],
    ['1h 30m', 'time: unknown unit "h " in duration "1h 30m"'],
    ['-', 'time: invalid duration "-"'],
    ['.h', 'time: invalid duration ".h"'],
    ['99999999999h', 'time: invalid duration "99999999999h"'],
  ];
  for (const [s, error] of bad) it(`rejects ${JSON.stringify(s)}`, () => assert.deepEqual(parseGoDuration(s), { ok: false, error }));
});

describe('formatGoDuration (Duration.String)', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'],
    [2160 * HOUR, '2160h0m0s'],
    [90 * MINUTE, '1h30m0s'],
    [5 * MINUTE, '5m0s'],
    [1.5 * SECOND, '1.5s'],
    [300e6, '300ms'],
    [1500, '1.5µs'],
    [7, '7ns'],
    [-5 * MINUTE, '-5m0s'],
    [HOUR + 1, '1h0m0.000000001s'],
  ];
  for (const [ns, s] of cases) it(`${ns} → ${s}`, () => assert.equal(formatGoDuration(ns), s));
  it('compact form for quick fixes', () => {
    assert.equal(formatCompactDuration(2160 * HOUR), '2160h');
    assert.equal(formatCompactDuration(90 * MINUTE), '1h30m');
  });
  it('round-trips', () => {
    for (const s of ['2160h0m0s', '1h30m0s', '5m0s', '1.5s', '36h0m0.5s']) {
      const p = parseGoDuration(s);
      assert.ok(p.ok);
      assert.equal(formatGoDuration(p.ns), s);
    }
  });
});
