import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeOnce } from '../../../../src/core/util/memo';

describe('decodeOnce', () => {
  it('decodes once per key and returns the same value after', () => {
    let calls = 0;
    const f = decodeOnce((k: { n: number }) => (calls++, k.n * 2));
    const a = { n: 2 };
    assert.equal(f(a), 4);
    assert.equal(f(a), 4);
    assert.equal(calls, 1);
    assert.equal(f({ n: 3 }), 6);
    assert.equal(calls, 2);
  });
  it('turns a throw into the Error, kept too, and never throws', () => {
    let calls = 0;
    const f = decodeOnce((_k: object): number => {
      calls++;
      throw new TypeError('bad');
    });
    const k = {};
    const r = f(k);
    assert.ok(r instanceof TypeError);
    assert.equal(f(k), r);
    assert.equal(calls, 1);
    const g = decodeOnce((_k: object): number => {
      throw 'not an Error';
    });
    assert.equal((g({}) as Error).message, 'not an Error');
  });
});
