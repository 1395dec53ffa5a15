import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { bytesEqual, concat, latin1, toHex } from '../../../../src/core/util/bytes';

const b = (...x: number[]) => Uint8Array.from(x);

describe('bytes', () => {
  const hexRows: Array<[Uint8Array, string, string]> = [
    [b(), '', ''],
    [b(0), '00', '00'],
    [b(0, 0x0f, 0xab, 0xff), '000fabff', '00:0f:ab:ff'],
  ];
  for (const [bytes, plain, colons] of hexRows) {
    it(`toHex ${plain || '(empty)'}`, () => {
      assert.equal(toHex(bytes), plain);
      assert.equal(toHex(bytes, ':'), colons);
    });
  }
  it('latin1 maps each byte to one code unit, within bounds', () => {
    assert.equal(latin1(b(0x4d, 0xfc, 0x6c, 0x6c)), 'Müll');
    assert.equal(latin1(b(0x41, 0x42, 0x43), 1, 2), 'B');
    assert.equal(latin1(b()), '');
  });
  // Long inputs are built in one piece (no rope of one node per byte): same text as byte by byte, at every length around the switch and past a chunk.
  it('toHex and latin1 of every byte value, at lengths 0–40, 446 and 20,000', () => {
    const naiveHex = (x: Uint8Array) => Array.from(x, (v) => v.toString(16).padStart(2, '0')).join('');
    const naiveLatin1 = (x: Uint8Array) => Array.from(x, (v) => String.fromCharCode(v)).join('');
    for (const n of [...Array.from({ length: 41 }, (_, i) => i), 446, 20_000]) {
      const x = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256);
      assert.equal(toHex(x), naiveHex(x), `toHex, ${n} bytes`);
      assert.equal(latin1(x), naiveLatin1(x), `latin1, ${n} bytes`);
      assert.equal(latin1(x, 3, n - 2), naiveLatin1(x.subarray(3, n - 2)), `latin1 range, ${n} bytes`);
    }
  });
  // A 20 MB bundle keeps a key identifier, serial and name per certificate: built byte by byte, each was a rope of
  // one 32-byte node per byte past 13 characters (a 20-byte key identifier in hex: ~500 bytes, not ~60).
  it('short hex and Latin-1 text is one flat string, not a rope of a node per byte', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const bytesPerString = (make: (i: number) => string): number => {
      const n = 20_000;
      const keep: string[] = new Array<string>(n);
      gc();
      const before = getHeapStatistics().used_heap_size;
      for (let i = 0; i < n; i++) keep[i] = make(i);
      gc();
      const used = getHeapStatistics().used_heap_size - before;
      assert.equal(keep.length, n);
      return used / n;
    };
    const key = (i: number) => Uint8Array.from({ length: 20 }, (_, k) => (i * 131 + k * 7) & 0xff);
    const name = (i: number) => new TextEncoder().encode(`device-${String(i).padStart(7, '0')}.fleet`);
    // Flat: a header and one byte per character (~60-70 bytes); a rope of 14-20 nodes is 450 bytes and more.
    assert.ok(bytesPerString((i) => toHex(key(i))) < 200, 'toHex of 20 bytes');
    assert.ok(bytesPerString((i) => toHex(key(i), ':')) < 250, 'toHex with a separator');
    assert.ok(bytesPerString((i) => latin1(name(i))) < 200, 'latin1 of 20 bytes');
  });
  it('concat', () => {
    assert.deepEqual(concat([]), b());
    assert.deepEqual(concat([b(1), b(), b(2, 3)]), b(1, 2, 3));
  });
  it('bytesEqual', () => {
    assert.equal(bytesEqual(b(), b()), true);
    assert.equal(bytesEqual(b(1, 2), b(1, 2)), true);
    assert.equal(bytesEqual(b(1, 2), b(1, 3)), false);
    assert.equal(bytesEqual(b(1, 2), b(1, 2, 3)), false);
  });
  it('bytesEqual on long views, aligned or not: a difference at any byte is seen', () => {
    const base = Uint8Array.from({ length: 203 }, (_, i) => (i * 31) & 0xff);
    for (const [offA, offB] of [
      [0, 0],
      [4, 8],
      [1, 0],
      [3, 5],
    ] as const) {
      const bufA = new Uint8Array(offA + base.length);
      const bufB = new Uint8Array(offB + base.length);
      bufA.set(base, offA);
      bufB.set(base, offB);
      const a = bufA.subarray(offA);
      const v = bufB.subarray(offB);
      assert.equal(bytesEqual(a, v), true, `offsets ${offA}/${offB}`);
      for (let i = 0; i < base.length; i++) {
        v.set([(v[i] ?? 0) ^ 0x40], i);
        assert.equal(bytesEqual(a, v), false, `offsets ${offA}/${offB}, byte ${i}`);
        v.set([(v[i] ?? 0) ^ 0x40], i);
      }
    }
  });
});
