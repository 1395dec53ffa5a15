import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isConstructed,
  isFault,
  MAX_INDEFINITE_DEPTH,
  readTlvHeader,
  type Tlv,
  type TlvFault,
  type TlvRules,
} from '../../../../src/core/der/tlv';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const DER: TlvRules = {};
const MINIMAL: TlvRules = { minimalLength: true };
const BER: TlvRules = { indefinite: true };
type Header = Omit<Tlv, 'buf' | 'rules'>;
/** The positions of an element (its buffer and rules are the caller's own). */
const header = (r: Tlv | TlvFault): Header | TlvFault =>
  isFault(r) ? r : { tag: r.tag, start: r.start, valueStart: r.valueStart, valueEnd: r.valueEnd, end: r.end };
const ok = (tag: number, start: number, valueStart: number, valueEnd: number, end = valueEnd): Header => ({
  tag,
  start,
  valueStart,
  valueEnd,
  end,
});
const fault = (f: TlvFault['fault'], need?: number): TlvFault => (need === undefined ? { fault: f } : { fault: f, need });

/** Every row is read under each rule set; `want` per rule set, in the order DER, minimal, BER. */
const rows: Array<{
  name: string;
  hex: string;
  offset?: number;
  limit?: number;
  want: [Header | TlvFault, Header | TlvFault, Header | TlvFault];
}> = [
  { name: 'short form', hex: '020105', want: [ok(2, 0, 2, 3), ok(2, 0, 2, 3), ok(2, 0, 2, 3)] },
  { name: 'zero length', hex: '0500', want: [ok(5, 0, 2, 2), ok(5, 0, 2, 2), ok(5, 0, 2, 2)] },
  { name: 'long form 0x81 for 128', hex: '0481 80' + '00'.repeat(128), want: [ok(4, 0, 3, 131), ok(4, 0, 3, 131), ok(4, 0, 3, 131)] },
  { name: 'long form 0x82 for 300', hex: '0482 012c' + '00'.repeat(300), want: [ok(4, 0, 4, 304), ok(4, 0, 4, 304), ok(4, 0, 4, 304)] },
  { name: 'at an offset', hex: 'ffff 3000', offset: 2, want: [ok(0x30, 2, 4, 4), ok(0x30, 2, 4, 4), ok(0x30, 2, 4, 4)] },
  { name: 'trailing bytes are ignored', hex: '0500 dead', want: [ok(5, 0, 2, 2), ok(5, 0, 2, 2), ok(5, 0, 2, 2)] },
  { name: 'context tag [3] constructed', hex: 'a300', want: [ok(0xa3, 0, 2, 2), ok(0xa3, 0, 2, 2), ok(0xa3, 0, 2, 2)] },
  // Malformed
  { name: 'empty input', hex: '', want: [fault('truncated-header'), fault('truncated-header'), fault('truncated-header')] },
  { name: 'tag only', hex: '30', want: [fault('truncated-header'), fault('truncated-header'), fault('truncated-header')] },
  {
    name: 'offset at the end',
    hex: '0500',
    offset: 2,
    want: [fault('truncated-header'), fault('truncated-header'), fault('truncated-header')],
  },
  {
    name: 'negative offset',
    hex: '0500',
    offset: -1,
    want: [fault('truncated-header'), fault('truncated-header'), fault('truncated-header')],
  },
  {
    name: 'limit past the buffer',
    hex: '0500',
    limit: 9,
    want: [fault('truncated-header'), fault('truncated-header'), fault('truncated-header')],
  },
  { name: 'high tag number (universal)', hex: '1f81 00 00', want: [fault('high-tag'), fault('high-tag'), fault('high-tag')] },
  { name: 'high tag number (context)', hex: 'bf20 00', want: [fault('high-tag'), fault('high-tag'), fault('high-tag')] },
  {
    name: 'five length octets',
    hex: '0485 0000000001 00',
    want: [fault('length-too-large'), fault('length-too-large'), fault('length-too-large')],
  },
  { name: 'length of length 0x7f', hex: '04ff', want: [fault('length-too-large'), fault('length-too-large'), fault('length-too-large')] },
  {
    name: 'long-form length octets cut off',
    hex: '0482 01',
    want: [fault('truncated-length'), fault('truncated-length'), fault('truncated-length')],
  },
  {
    name: 'value one byte short',
    hex: '0403 0102',
    want: [fault('truncated-value', 1), fault('truncated-value', 1), fault('truncated-value', 1)],
  },
  {
    name: 'long length past the end',
    hex: '0482 0100 00',
    want: [fault('truncated-value', 255), fault('truncated-value', 255), fault('truncated-value', 255)],
  },
  {
    name: 'limit cuts the element',
    hex: '0402 0102',
    limit: 3,
    want: [fault('truncated-value', 1), fault('truncated-value', 1), fault('truncated-value', 1)],
  },
  {
    name: '4 GiB length',
    hex: '0484 ffffffff 00',
    want: [fault('truncated-value', 0xfffffffe), fault('truncated-value', 0xfffffffe), fault('truncated-value', 0xfffffffe)],
  },
  // Non-minimal lengths: fine for DER-lenient and BER readers, refused where minimal is demanded.
  { name: 'long form for length 5', hex: '0481 05 0102030405', want: [ok(4, 0, 3, 8), fault('non-minimal-length'), ok(4, 0, 3, 8)] },
  {
    name: 'leading zero length octet',
    hex: '0482 0080' + '00'.repeat(128),
    want: [ok(4, 0, 4, 132), fault('non-minimal-length'), ok(4, 0, 4, 132)],
  },
  { name: 'long form for length 0', hex: '0481 00', want: [ok(4, 0, 3, 3), fault('non-minimal-length'), ok(4, 0, 3, 3)] },
  // Indefinite lengths: BER only, constructed only, with end-of-contents.
  {
    name: 'indefinite SEQUENCE',
    hex: '3080 020101 020102 0000',
    want: [fault('indefinite-length'), fault('indefinite-length'), ok(0x30, 0, 2, 8, 10)],
  },
  {
    name: 'nested indefinite',
    hex: '3080 3080 0500 0000 0000',
    want: [fault('indefinite-length'), fault('indefinite-length'), ok(0x30, 0, 2, 8, 10)],
  },
  {
    name: 'indefinite primitive',
    hex: '0480 0000',
    want: [fault('indefinite-length'), fault('indefinite-length'), fault('bad-indefinite-length')],
  },
  {
    name: 'indefinite without end-of-contents',
    hex: '3080 020101',
    want: [fault('indefinite-length'), fault('indefinite-length'), fault('bad-indefinite-length')],
  },
  {
    name: 'indefinite with a bad child',
    hex: '3080 0205 01 0000',
    want: [fault('indefinite-length'), fault('indefinite-length'), fault('truncated-value', 2)],
  },
];

describe('readTlvHeader', () => {
  const names = ['DER', 'minimal DER', 'BER'] as const;
  for (const row of rows) {
    [DER, MINIMAL, BER].forEach((rules, i) => {
      it(`${names[i]}: ${row.name}`, () => {
        assert.deepEqual(header(readTlvHeader(h(row.hex), row.offset ?? 0, row.limit, rules)), row.want[i]);
      });
    });
  }

  it(`refuses indefinite nesting deeper than ${MAX_INDEFINITE_DEPTH}`, () => {
    const nest = (n: number) => h('3080'.repeat(n) + '0000'.repeat(n));
    assert.equal(isFault(readTlvHeader(nest(MAX_INDEFINITE_DEPTH), 0, undefined, BER)), false);
    assert.deepEqual(readTlvHeader(nest(MAX_INDEFINITE_DEPTH + 1), 0, undefined, BER), fault('bad-indefinite-length'));
  });

  it('never throws on random bytes', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let n = 0; n < 2000; n++) {
      const bytes = Uint8Array.from({ length: n % 40 }, rnd);
      for (const rules of [DER, MINIMAL, BER]) {
        const t = readTlvHeader(bytes, 0, bytes.length, rules);
        if (!isFault(t)) assert.ok(t.start <= t.valueStart && t.valueStart <= t.valueEnd && t.valueEnd <= t.end && t.end <= bytes.length);
      }
    }
  });

  it('isConstructed reads bit 6 of the identifier', () => {
    assert.equal(isConstructed(ok(0x30, 0, 2, 2)), true);
    assert.equal(isConstructed(ok(0xa0, 0, 2, 2)), true);
    assert.equal(isConstructed(ok(0x04, 0, 2, 2)), false);
    assert.equal(isConstructed(ok(0x80, 0, 2, 2)), false);
  });
});
