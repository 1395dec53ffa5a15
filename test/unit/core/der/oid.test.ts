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
});
