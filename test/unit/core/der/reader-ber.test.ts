import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TAG, bitLength, elementsOf, octets, oidOf, readBer, smallInt } from '../../../../src/core/der/reader';
import { encode, encodeOid, encodeUnsigned } from '../../../../src/core/der/encode';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));

describe('reader, ber mode', () => {
  const tlvs: Array<[name: string, hex: string, want: { tag: number; valueStart: number; valueEnd: number; end: number } | undefined]> = [
    ['short form', '020105', { tag: 2, valueStart: 2, valueEnd: 3, end: 3 }],
    ['long form', '0481810' + '0'.repeat(257), { tag: 4, valueStart: 3, valueEnd: 132, end: 132 }],
    ['indefinite SEQUENCE', '3080020101020102 0000', { tag: 0x30, valueStart: 2, valueEnd: 8, end: 10 }],
    ['nested indefinite', '3080 3080 0500 0000 0000', { tag: 0x30, valueStart: 2, valueEnd: 8, end: 10 }],
    ['truncated value', '020305', undefined],
    ['truncated header', '30', undefined],
    ['empty', '', undefined],
    ['indefinite primitive (invalid)', '0480 0000', undefined],
    ['indefinite without end-of-contents', '3080 020101', undefined],
    ['five length octets', '3085 0000000001 00', undefined],
    ['high tag number', '1f8101 00', undefined],
  ];
  for (const [name, hex, want] of tlvs) {
    it(`readBer: ${name}`, () => {
      const t = readBer(h(hex));
      if (!want) return assert.equal(t, undefined);
      assert.ok(t);
      assert.deepEqual({ tag: t.tag, valueStart: t.valueStart, valueEnd: t.valueEnd, end: t.end }, want);
    });
  }
  it('elementsOf: stops with undefined on a bad child', () => {
    const good = h('3006 020101 020102');
    assert.equal(elementsOf(readBer(good)!)?.length, 2);
    const bad = h('3005 020101 0203');
    assert.equal(elementsOf(readBer(bad)!), undefined);
  });
  it('octets: joins a constructed BER OCTET STRING', () => {
    const b = h('2480 0402 4142 0401 43 0000');
    assert.equal(Buffer.from(octets(readBer(b)!)!).toString(), 'ABC');
    const bad = h('2480 0202 4142 0000');
    assert.equal(octets(readBer(bad)!), undefined);
  });
  const oids = ['1.2.840.113549.1.12.1.6', '2.16.840.1.101.3.4.1.42', '1.3.101.112', '2.999.3'];
  for (const o of oids) it(`oid round trip ${o}`, () => assert.equal(oidOf(readBer(encodeOid(o))), o));
  it('oid: malformed encodings', () => {
    for (const bad of ['0600', '06028186', '0301 00']) assert.equal(oidOf(readBer(h(bad))), undefined, bad);
  });
  it('integers', () => {
    assert.equal(smallInt(readBer(h('02020800'))), 2048);
    assert.equal(smallInt(readBer(h('0201ff'))), undefined, 'negative');
    assert.equal(smallInt(readBer(h('020801000000000000ff'))), undefined, 'too large');
    assert.deepEqual(encodeUnsigned(h('80')), h('02020080'));
    assert.deepEqual(encodeUnsigned(h('000001')), h('020101'));
    assert.equal(bitLength(h('00ff')), 8);
    assert.equal(bitLength(h('0100')), 9);
    assert.equal(bitLength(h('')), 0);
  });
  it('encode: long lengths', () => {
    const e = encode(TAG.OCTET_STRING, new Uint8Array(300));
    assert.deepEqual(e.subarray(0, 4), h('0482012c'));
    assert.equal(readBer(e)?.end, 304);
  });
});
