/**
 * The reader's three modes and its non-throwing API: the same bytes read
 * under `der`, `definite` and `ber`, element by element and through
 * `children`, whose mode is the parent's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  children,
  decodeBitString,
  decodeBoolean,
  decodeSmallInt,
  decodeTime,
  DerError,
  elementsOf,
  expectTag,
  parseDer,
  parseElement,
  readElement,
  readTlv,
  TAG,
  tryDer,
  type DerMode,
} from '../../../../src/core/der/reader';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const MODES: DerMode[] = ['der', 'definite', 'ber'];

/** Each row is read under der, definite and ber; `want` is the element's end or the fault code. */
const rows: Array<{ name: string; hex: string; want: [number | string, number | string, number | string] }> = [
  { name: 'short form', hex: '020105', want: [3, 3, 3] },
  { name: 'non-minimal long form (0x81 for 5)', hex: '0281 05 0000000001', want: ['non-minimal-length', 8, 8] },
  { name: 'leading zero length octet', hex: '0482 0001 00', want: ['non-minimal-length', 5, 5] },
  { name: 'indefinite SEQUENCE', hex: '3080 020101 0000', want: ['indefinite-length', 'indefinite-length', 7] },
  { name: 'indefinite primitive', hex: '0480 0000', want: ['indefinite-length', 'indefinite-length', 'bad-indefinite-length'] },
  { name: 'truncated value', hex: '020305', want: ['truncated-value', 'truncated-value', 'truncated-value'] },
  { name: 'high tag number', hex: '1f8101 00', want: ['high-tag', 'high-tag', 'high-tag'] },
  { name: 'empty input', hex: '', want: ['truncated-header', 'truncated-header', 'truncated-header'] },
];

describe('readElement: one reader, three modes', () => {
  for (const row of rows) {
    MODES.forEach((mode, i) => {
      it(`${row.name} (${mode})`, () => {
        const r = readElement(h(row.hex), 0, mode);
        assert.equal(r.ok ? r.value.end : r.error.code, row.want[i]);
      });
    });
  }
  it('a fault carries the offset in its message', () => {
    const r = readElement(h('0500 0281 05 00000000 01'), 2, 'der');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error.message, /non-minimal length at byte 2/);
  });
});

describe('children follow the mode of their parent', () => {
  // SEQUENCE { INTEGER with a non-minimal length }: the outer header is fine in every mode.
  const seq = h('3008 0281 05 0000000001');
  it('der refuses the child', () => assert.throws(() => children(parseDer(seq, 'der')), /non-minimal length at byte 2/));
  it('definite reads it', () => assert.equal(children(parseDer(seq, 'definite'))[0]?.end, 10));
  it('the BER walker reads an indefinite child', () => {
    const ber = h('3080 3080 0500 0000 0000');
    assert.deepEqual(
      elementsOf(readTlv(ber, 0, ber.length, 'ber'))?.map((t) => t.end),
      [8],
    );
  });
});

describe('parseElement / tryDer', () => {
  it('trailing bytes', () => {
    const r = parseElement(h('0500 00'), 'der');
    assert.equal(r.ok ? 'ok' : r.error.code, 'trailing-bytes');
  });
  it('a whole element', () => {
    const r = parseElement(h('3003 020101'), 'der');
    assert.equal(r.ok && r.value.tag, TAG.SEQUENCE);
  });
  it('tryDer returns a DerError as a result', () => {
    const r = tryDer(() => expectTag(parseDer(h('020101'), 'der'), TAG.SEQUENCE, 'a SEQUENCE'));
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.error instanceof DerError && r.error.code === 'unexpected-tag');
  });
  it('tryDer rethrows anything else (a bug, not bad input)', () => {
    assert.throws(
      () =>
        tryDer(() => {
          throw new TypeError('bug');
        }),
      TypeError,
    );
  });
});

describe('value decoders', () => {
  const one = (hex: string, mode: DerMode = 'der') => parseDer(h(hex), mode);
  it('decodeTime: RFC 5280 forms only in der mode', () => {
    const noSeconds = '170b 32353036303130303030 5a'; // UTCTime 2506010000Z
    assert.throws(() => decodeTime(one(noSeconds, 'der')), /bad time/);
    assert.equal(decodeTime(one(noSeconds, 'definite')), Date.UTC(2025, 5, 1));
    assert.equal(decodeTime(one('170d 323530363031303030303030 5a', 'der')), Date.UTC(2025, 5, 1));
  });
  const bools: Array<[string, boolean | RegExp]> = [
    ['0101ff', true],
    ['010100', false],
    ['010101', /bad BOOLEAN/],
    ['0100', /bad BOOLEAN/],
    ['020100', /bad BOOLEAN/],
  ];
  for (const [hex, want] of bools) {
    it(`decodeBoolean ${hex}`, () =>
      want instanceof RegExp ? assert.throws(() => decodeBoolean(one(hex)), want) : assert.equal(decodeBoolean(one(hex)), want));
  }
  const ints: Array<[string, number | RegExp]> = [
    ['020100', 0],
    ['02020100', 256],
    ['0201ff', /negative/],
    ['0200', /bad INTEGER/],
    ['0207 01000000000000', /bad INTEGER/],
  ];
  for (const [hex, want] of ints) {
    it(`decodeSmallInt ${hex}`, () =>
      want instanceof RegExp ? assert.throws(() => decodeSmallInt(one(hex)), want) : assert.equal(decodeSmallInt(one(hex)), want));
  }
  it('decodeBitString', () => {
    const { bytes, unused } = decodeBitString(one('0302 06 c0'));
    assert.deepEqual([unused, ...bytes], [6, 0xc0]);
    assert.throws(() => decodeBitString(one('0302 08 00')), /bad BIT STRING/);
    // Empty content: the unused-bits octet is missing, and the next element's byte is not read in its place.
    const [empty] = children(one('3004 0300 0500'));
    assert.ok(empty);
    assert.throws(() => decodeBitString(empty), /bad BIT STRING/);
  });
});
