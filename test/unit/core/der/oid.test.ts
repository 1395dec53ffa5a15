import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeOidContent, MAX_OID_BYTES } from '../../../../src/core/der/oid';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const decode = (hex: string) => {
  const b = h(hex);
  return decodeOidContent(b, 0, b.length);
};

describe('decodeOidContent', () => {
  const ok: Array<[hex: string, want: string]> = [
    ['2a864886f70d01010b', '1.2.840.113549.1.1.11'],
    ['550403', '2.5.4.3'],
    ['00', '0.0'],
    ['27', '0.39'],
    ['28', '1.0'],
    ['4f', '1.39'],
    ['50', '2.0'],
    ['8837', '2.999'],
    ['883703', '2.999.3'],
    ['2a 8fffffffffff7f', '1.2.70368744177663'],
    ['2a ffffffffffffffff7f', '1.2.9223372036854775807'], // past 2^53: BigInt
  ];
  for (const [hex, want] of ok) it(`decodes ${want}`, () => assert.equal(decode(hex), want));

  it('decodes inside a larger buffer', () => {
    const b = h('ffff 550403 ffff');
    assert.equal(decodeOidContent(b, 2, 5), '2.5.4.3');
  });

  const bad: Array<[name: string, hex: string, fault: string]> = [
    ['empty', '', 'empty'],
    ['last byte continues', '2a864886', 'truncated-arc'],
    ['only a continuation byte', '81', 'truncated-arc'],
    ['leading 0x80 in the first arc', '8001', 'non-minimal-arc'],
    ['leading 0x80 in a later arc', '2a8001', 'non-minimal-arc'],
    [`longer than ${MAX_OID_BYTES} bytes`, '2a' + '81'.repeat(300) + '01', 'too-long'],
  ];
  for (const [name, hex, fault] of bad) it(`rejects ${name}`, () => assert.deepEqual(decode(hex), { fault }));

  // OIDs of up to 12 bytes are memoised by their packed bytes and length: no two contents may share an entry.
  it('the memo gives every content its own text: leading zeros, lengths 1–14, past the memo size', () => {
    const reference = (b: Uint8Array): string => {
      const arcs: bigint[] = [];
      let v = 0n;
      for (const x of b) {
        v = v * 128n + BigInt(x & 0x7f);
        if (!(x & 0x80)) {
          if (arcs.length === 0) arcs.push(v < 80n ? v / 40n : 2n, v < 80n ? v % 40n : v - 80n);
          else arcs.push(v);
          v = 0n;
        }
      }
      return arcs.join('.');
    };
    assert.equal(decode('002a'), '0.0.42');
    assert.equal(decode('2a'), '1.2');
    assert.equal(decode('00002a'), '0.0.0.42');
    assert.equal(decode('2a 86 48 86 f7 0d 01 01 0b 00'), '1.2.840.113549.1.1.11.0');
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const inputs: Uint8Array[] = [];
    for (let i = 0; i < 6000; i++) {
      const b = Uint8Array.from({ length: 1 + (next() % 14) }, () => next() % 128);
      if (b.length > 1 && next() % 2) b[0] = 0x81 + (next() % 0x7e); // a multi-byte first arc now and then
      inputs.push(b);
    }
    for (const round of [1, 2])
      for (const b of inputs)
        assert.equal(decodeOidContent(b, 0, b.length), reference(b), `round ${round}: ${Buffer.from(b).toString('hex')}`);
  });
});
