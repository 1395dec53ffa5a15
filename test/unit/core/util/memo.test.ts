import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeOnce, Lru, memoize } from '../../../../src/core/util/memo';

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

describe('Lru', () => {
  const filled = (max: number, maxWeight = Infinity, keys = ['a', 'b', 'c']) => {
    const lru = new Lru<string, string>(max, maxWeight, (v) => v.length);
    for (const k of keys) lru.set(k, k.repeat(2));
    return lru;
  };
  const rows: Array<{ name: string; lru: () => Lru<string, string>; want: Record<string, string | undefined> }> = [
    { name: 'keeps everything under the bounds', lru: () => filled(3), want: { a: 'aa', b: 'bb', c: 'cc' } },
    { name: 'count bound: the oldest goes', lru: () => filled(2), want: { a: undefined, b: 'bb', c: 'cc' } },
    { name: 'weight bound: the oldest go', lru: () => filled(10, 4), want: { a: undefined, b: 'bb', c: 'cc' } },
    {
      name: 'a read makes an entry the newest',
      lru: () => {
        const l = filled(2, Infinity, ['a', 'b']);
        l.get('a');
        l.set('c', 'cc');
        return l;
      },
      want: { a: 'aa', b: undefined, c: 'cc' },
    },
    {
      name: 'setting a key again replaces it and its weight',
      lru: () => {
        const l = filled(10, 6);
        l.set('a', 'a');
        l.set('d', 'dd');
        return l;
      },
      want: { a: 'a', b: undefined, c: 'cc', d: 'dd' },
    },
    { name: 'a value heavier than the bound is not kept', lru: () => filled(10, 1), want: { a: undefined, b: undefined, c: undefined } },
    { name: 'zero entries keeps nothing', lru: () => filled(0), want: { a: undefined } },
  ];
  for (const r of rows) {
    it(r.name, () => {
      const lru = r.lru();
      for (const [k, v] of Object.entries(r.want)) assert.equal(lru.get(k), v, k);
      assert.equal(lru.size, Object.values(r.want).filter((v) => v !== undefined).length);
    });
  }
});

describe('memoize', () => {
  it('computes each key once, keeps undefined results, and starts over when full', () => {
    const calls: number[] = [];
    const f = memoize((n: number) => (calls.push(n), n % 2 ? undefined : n * 10), 2);
    assert.deepEqual([f(2), f(2), f(1), f(1)], [20, 20, undefined, undefined]);
    assert.deepEqual(calls, [2, 1]);
    f(4); // the third key empties the memo first
    f(2);
    assert.deepEqual(calls, [2, 1, 4, 2]);
  });
});
