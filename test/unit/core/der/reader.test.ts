import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  children,
  value,
  decodeOid,
  decodeString,
  decodeTime,
  DerError,
  expect as expectTlv,
  integerBitLength,
  readTlv,
  TAG,
  type Tlv,
} from '../../../../src/core/der/reader';
import { toHex } from '../../../../src/core/util/bytes';
import { ascii, tlv as derTlv } from '../../../support/der';

const b = (...x: number[]) => Uint8Array.from(x);
/** A TLV with the shortest DER length encoding. */
const tlv = (tag: number, body: ArrayLike<number>): Uint8Array => Uint8Array.from(derTlv(tag, body));
const whole = (bytes: Uint8Array): Tlv => readTlv(bytes, 0);
type Header = Omit<Tlv, 'buf' | 'rules'>;
const header = (t: Tlv): Header => ({ tag: t.tag, start: t.start, valueStart: t.valueStart, valueEnd: t.valueEnd, end: t.end });

describe('readTlv', () => {
  const ok: Array<{ name: string; bytes: Uint8Array; offset?: number; limit?: number; want: Header }> = [
    { name: 'short length', bytes: b(0x02, 0x01, 0x05), want: { tag: 2, start: 0, valueStart: 2, valueEnd: 3, end: 3 } },
    { name: 'zero length', bytes: b(0x05, 0x00), want: { tag: 5, start: 0, valueStart: 2, valueEnd: 2, end: 2 } },
    {
      name: 'length 127 (short form max)',
      bytes: tlv(0x04, new Uint8Array(127)),
      want: { tag: 4, start: 0, valueStart: 2, valueEnd: 129, end: 129 },
    },
    { name: 'long form 0x81', bytes: tlv(0x04, new Uint8Array(128)), want: { tag: 4, start: 0, valueStart: 3, valueEnd: 131, end: 131 } },
    { name: 'long form 0x82', bytes: tlv(0x04, new Uint8Array(300)), want: { tag: 4, start: 0, valueStart: 4, valueEnd: 304, end: 304 } },
    {
      name: 'long form 0x83',
      bytes: tlv(0x04, new Uint8Array(70000)),
      want: { tag: 4, start: 0, valueStart: 5, valueEnd: 70005, end: 70005 },
    },
    {
      name: 'at an offset',
      bytes: b(0xff, 0xff, 0x30, 0x00),
      offset: 2,
      want: { tag: 0x30, start: 2, valueStart: 4, valueEnd: 4, end: 4 },
    },
    { name: 'context tag [3] constructed', bytes: b(0xa3, 0x00), want: { tag: 0xa3, start: 0, valueStart: 2, valueEnd: 2, end: 2 } },
    {
      name: 'trailing bytes are not its business',
      bytes: b(0x05, 0x00, 0xde, 0xad),
      want: { tag: 5, start: 0, valueStart: 2, valueEnd: 2, end: 2 },
    },
  ];
  for (const c of ok) {
    it(`reads ${c.name}`, () => assert.deepEqual(header(readTlv(c.bytes, c.offset ?? 0, c.limit)), c.want));
  }

  const bad: Array<{ name: string; bytes: Uint8Array; offset?: number; limit?: number; msg: RegExp }> = [
    { name: 'empty input', bytes: b(), msg: /truncated at byte 0/ },
    { name: 'tag only', bytes: b(0x30), msg: /truncated at byte 0/ },
    { name: 'offset at the end', bytes: b(0x05, 0x00), offset: 2, msg: /truncated at byte 2/ },
    { name: 'indefinite length', bytes: b(0x30, 0x80, 0x00, 0x00), msg: /indefinite length/ },
    { name: 'length of length 5', bytes: b(0x04, 0x85, 0, 0, 0, 0, 1, 0), msg: /length too large/ },
    { name: 'length of length 0x7f', bytes: b(0x04, 0xff), msg: /length too large/ },
    { name: 'long-form length bytes missing', bytes: b(0x04, 0x82, 0x01), msg: /truncated length/ },
    { name: 'content shorter than length', bytes: b(0x04, 0x03, 0x01, 0x02), msg: /needs 1 more bytes/ },
    { name: 'long length past end', bytes: b(0x04, 0x82, 0x01, 0x00, 0x00), msg: /needs 255 more bytes/ },
    { name: 'limit cuts the element', bytes: b(0x04, 0x02, 0x01, 0x02), limit: 3, msg: /needs 1 more bytes/ },
    { name: 'high-tag-number form (universal)', bytes: b(0x1f, 0x81, 0x00, 0x00), msg: /high-tag-number/ },
    { name: 'high-tag-number form (context)', bytes: b(0xbf, 0x20, 0x00), msg: /high-tag-number/ },
    { name: '4-byte length of 4 GiB', bytes: b(0x04, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00), msg: /more bytes/ },
  ];
  for (const c of bad) {
    it(`rejects ${c.name}`, () => {
      assert.throws(
        () => readTlv(c.bytes, c.offset ?? 0, c.limit),
        (e: unknown) => e instanceof DerError && c.msg.test(e.message),
      );
    });
  }
});

describe('expect / children / value', () => {
  it('expect checks the tag', () => {
    assert.equal(expectTlv(b(0x02, 0x01, 0x00), 0, TAG.INTEGER).end, 3);
    assert.throws(() => expectTlv(b(0x02, 0x01, 0x00), 0, TAG.SEQUENCE), /expected tag 0x30 at byte 0, found 0x02/);
  });
  it('children lists every child and nothing more', () => {
    const seq = tlv(0x30, [...tlv(0x02, [1]), ...tlv(0x05, []), ...tlv(0x04, [9, 9])]);
    const kids = children(whole(seq));
    assert.deepEqual(
      kids.map((k) => k.tag),
      [0x02, 0x05, 0x04],
    );
    assert.deepEqual(Array.from(value(kids[2]!)), [9, 9]);
  });
  it('children of an empty SEQUENCE', () => assert.deepEqual(children(whole(b(0x30, 0x00))), []));
  it('children rejects a child that overruns its parent', () => {
    const bytes = b(0x30, 0x03, 0x04, 0x05, 0x00, 0x00, 0x00, 0x00);
    assert.throws(() => children(whole(bytes)), DerError);
  });
  it('children rejects one dangling byte', () => {
    const bytes = b(0x30, 0x03, 0x05, 0x00, 0x05);
    assert.throws(() => children(whole(bytes)), /truncated at byte 4/);
  });
});

describe('decodeOid', () => {
  const ok: Array<[string, number[]]> = [
    ['1.2.840.113549.1.1.11', [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]],
    ['2.5.4.3', [0x55, 0x04, 0x03]],
    ['0.9.2342.19200300.100.1.25', [0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19]],
    ['1.3.6.1.4.1.11129.2.4.2', [0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02]],
    ['0.0', [0x00]],
    ['1.39', [0x4f]],
    ['2.0', [0x50]],
    ['2.47', [0x7f]],
    ['2.48', [0x81, 0x00]],
    ['2.999', [0x88, 0x37]],
    ['2.999.3', [0x88, 0x37, 0x03]],
    ['1.2.127.128.16383.16384', [0x2a, 0x7f, 0x81, 0x00, 0xff, 0x7f, 0x81, 0x80, 0x00]],
    ['1.2.4294967295', [0x2a, 0x8f, 0xff, 0xff, 0xff, 0x7f]],
    ['1.2.70368744177663', [0x2a, 0x8f, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]], // 2^46 - 1
    ['1.2.9223372036854775807', [0x2a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]], // 2^63 - 1, past 2^53
  ];
  for (const [want, body] of ok) {
    it(`decodes ${want}`, () => {
      const bytes = tlv(TAG.OID, body);
      assert.equal(decodeOid(whole(bytes)), want);
    });
  }

  const bad: Array<[string, number[], RegExp]> = [
    ['empty OID', [], /empty OID/],
    ['non-minimal leading 0x80 in the first arc', [0x80, 0x01], /non-minimal/],
    ['non-minimal leading 0x80 in a later arc', [0x2a, 0x80, 0x01], /non-minimal/],
    ['OID longer than 256 bytes', [0x2a, ...new Array<number>(300).fill(0x81), 0x01], /too long/],
  ];
  for (const [name, body, msg] of bad) {
    it(`rejects ${name}`, () => {
      const bytes = tlv(TAG.OID, body);
      assert.throws(
        () => decodeOid(whole(bytes)),
        (e: unknown) => e instanceof DerError && msg.test(e.message),
      );
    });
  }

  it('rejects an OID whose last arc is unterminated (high bit set on the last byte)', () => {
    const bytes = tlv(TAG.OID, [0x2a, 0x86, 0x48, 0x86]);
    assert.throws(() => decodeOid(whole(bytes)), DerError);
  });

  it('decodes a 128-bit UUID arc (2.25.<uuid>, X.667)', () => {
    // 2.25.329800735698586629295641978511506172918 (ITU-T X.667 example)
    const arc = 329800735698586629295641978511506172918n;
    const groups: number[] = [];
    let v = arc;
    do {
      groups.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    const body = [0x69, ...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g))];
    const bytes = tlv(TAG.OID, body);
    assert.equal(decodeOid(whole(bytes)), `2.25.${arc}`);
  });
});

describe('decodeTime', () => {
  const utc = (s: string) => tlv(TAG.UTC_TIME, ascii(s));
  const gen = (s: string) => tlv(TAG.GENERALIZED_TIME, ascii(s));
  const ok: Array<[string, Uint8Array, string]> = [
    ['UTCTime 49 → 2049', utc('491231235959Z'), '2049-12-31T23:59:59.000Z'],
    ['UTCTime 50 → 1950', utc('500101000000Z'), '1950-01-01T00:00:00.000Z'],
    ['UTCTime 00 → 2000', utc('000229120000Z'), '2000-02-29T12:00:00.000Z'],
    ['UTCTime 99 → 1999', utc('991231235959Z'), '1999-12-31T23:59:59.000Z'],
    ['UTCTime fixture NOW', utc('250601000000Z'), '2025-06-01T00:00:00.000Z'],
    ['UTCTime without seconds (BER)', utc('2506010000Z'), '2025-06-01T00:00:00.000Z'],
    ['GeneralizedTime', gen('20500101000000Z'), '2050-01-01T00:00:00.000Z'],
    ['GeneralizedTime 9999 (no well-defined expiry)', gen('99991231235959Z'), '9999-12-31T23:59:59.000Z'],
    ['GeneralizedTime 1950', gen('19500101000000Z'), '1950-01-01T00:00:00.000Z'],
  ];
  for (const [name, bytes, iso] of ok) {
    it(name, () => assert.equal(new Date(decodeTime(whole(bytes))).toISOString(), iso));
  }

  it('GeneralizedTime with a fraction lands within the second', () => {
    const bytes = gen('20250601123456.789Z');
    const ms = decodeTime(whole(bytes));
    const base = Date.UTC(2025, 5, 1, 12, 34, 56);
    assert.ok(ms >= base && ms < base + 1000, new Date(ms).toISOString());
  });

  const bad: Array<[string, Uint8Array]> = [
    ['UTCTime without Z', utc('250601000000')],
    ['UTCTime with offset', utc('250601000000+0100')],
    ['UTCTime 4-digit year', utc('20250601000000Z')],
    ['GeneralizedTime too short', gen('2506010000Z')],
    ['GeneralizedTime local time', gen('20250601000000')],
    ['letters', utc('YYMMDDHHMMSSZ')],
    ['empty', utc('')],
    ['wrong tag (OCTET STRING)', tlv(TAG.OCTET_STRING, ascii('250601000000Z'))],
    ['fraction without digits', gen('20250601000000.Z')],
  ];
  for (const [name, bytes] of bad) {
    it(`rejects ${name}`, () => assert.throws(() => decodeTime(whole(bytes)), /bad time/));
  }

  for (const [name, s] of [
    ['month 13', '251301000000Z'],
    ['day 32', '250132000000Z'],
    ['hour 24', '250601240000Z'],
    ['minute 60', '250601006000Z'],
    ['February 30', '250230000000Z'],
  ] as const) {
    it(`rejects out-of-range ${name}`, () => {
      const bytes = utc(s);
      assert.throws(() => decodeTime(whole(bytes)), DerError);
    });
  }
});

describe('decodeString', () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['PrintableString', tlv(TAG.PRINTABLE_STRING, ascii('Acme Ltd.')), 'Acme Ltd.'],
    ['IA5String', tlv(TAG.IA5_STRING, ascii('a@b.test')), 'a@b.test'],
    ['UTF8String multibyte', tlv(TAG.UTF8_STRING, Array.from(new TextEncoder().encode('Zürich 東京 🔒'))), 'Zürich 東京 🔒'],
    ['UTF8String invalid bytes → U+FFFD', tlv(TAG.UTF8_STRING, [0x41, 0xff, 0x42]), 'A\ufffdB'],
    ['TeletexString as Latin-1', tlv(TAG.TELETEX_STRING, [0x4d, 0xfc, 0x6c, 0x6c]), 'Müll'],
    ['BMPString', tlv(TAG.BMP_STRING, [0x00, 0x41, 0x00, 0xe9, 0x67, 0x71]), 'Aé東'],
    ['BMPString surrogate pair', tlv(TAG.BMP_STRING, [0xd8, 0x3d, 0xdd, 0x12]), '🔒'],
    ['BMPString odd trailing byte ignored', tlv(TAG.BMP_STRING, [0x00, 0x41, 0x00]), 'A'],
    ['UniversalString', tlv(TAG.UNIVERSAL_STRING, [0, 0, 0, 0x41, 0, 1, 0xf5, 0x12]), 'A🔒'],
    ['UniversalString beyond U+10FFFF → U+FFFD', tlv(TAG.UNIVERSAL_STRING, [0x00, 0x11, 0x00, 0x00]), '\ufffd'],
    ['UniversalString 0xFFFFFFFF → U+FFFD', tlv(TAG.UNIVERSAL_STRING, [0xff, 0xff, 0xff, 0xff]), '\ufffd'],
    ['empty', tlv(TAG.UTF8_STRING, []), ''],
  ];
  for (const [name, bytes, want] of cases) {
    it(name, () => assert.equal(decodeString(whole(bytes)), want));
  }
});

describe('integerBitLength / toHex', () => {
  const cases: Array<[number[], number]> = [
    [[0x00], 0],
    [[], 0],
    [[0x01], 1],
    [[0x7f], 7],
    [[0x00, 0x80], 8],
    [[0x01, 0x00], 9],
    [[0x00, 0xff, 0xff], 16],
    [[0x00, ...Array<number>(256).fill(0xff)], 2048],
    [[0x00, 0x80, ...Array<number>(127).fill(0)], 1024],
    [[0x00, 0x00, 0x00, 0x01], 1],
  ];
  for (const [body, bits] of cases) {
    it(`${body.length}-byte INTEGER → ${bits} bits`, () => {
      const bytes = tlv(TAG.INTEGER, body);
      assert.equal(integerBitLength(whole(bytes)), bits);
    });
  }
  it('toHex', () => {
    assert.equal(toHex(b()), '');
    assert.equal(toHex(b(0, 0x0f, 0xab, 0xff)), '000fabff');
    assert.equal(toHex(b(0, 0x0f, 0xab), ':'), '00:0f:ab');
  });
});
