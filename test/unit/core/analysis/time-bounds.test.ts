import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Item } from '../../../../src/core/analysis/decode';
import { boundBetween, mergeBounds, timeBounds } from '../../../../src/core/analysis/time-bounds';

const cert = (notBefore: number, notAfter: number) => ({ kind: 'certificate', certificate: { notBefore, notAfter } }) as unknown as Item;
const crl = (thisUpdate: number, nextUpdate?: number) => ({ kind: 'crl', crl: { thisUpdate, nextUpdate } }) as unknown as Item;

describe('time bounds', () => {
  it('collects certificate and CRL bounds, sorted, each once; other items have none', () => {
    const other = { kind: 'private-key' } as unknown as Item;
    assert.deepEqual(
      timeBounds([cert(50_000, 90_000), crl(40_000), other, cert(50_000, 70_000), crl(10_000, 20_000)]),
      [10_000, 20_000, 40_000, 50_000, 70_000, 90_000],
    );
    assert.deepEqual(mergeBounds([1, 5], [3, 5], []), [1, 3, 5]);
  });

  const cases: Array<[string, number, number, boolean]> = [
    ['no bound between', 20_000, 30_000, false],
    ['the same instant, away from bounds', 25_000, 25_000, false],
    ['a bound between', 5_000, 15_000, true],
    ['either order', 15_000, 5_000, true],
    ['within a second after a bound', 10_500, 30_000, true],
    ['within a second before a bound', 0, 9_500, true],
    ['past every bound', 42_000, 99_000, false],
    ['before every bound', -9_000, 8_000, false],
  ];
  for (const [name, a, b, want] of cases) {
    it(name, () => assert.equal(boundBetween([10_000, 40_000], a, b), want));
  }
  it('no bounds: nothing crosses', () => assert.equal(boundBetween([], 0, 1e12), false));
});
