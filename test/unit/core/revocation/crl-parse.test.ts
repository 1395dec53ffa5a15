/**
 * parseCrl on CRLs built in the test (unsigned: parsing does not verify):
 * serial matching with sign octets, indirect-CRL entries, cRLNumber and
 * delta fields, and malformed input (a DerError the callers turn into
 * crl-unsupported, never a crash of the run).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DerError } from '../../../../src/core/der/reader';
import { parseCrl } from '../../../../src/core/revocation/crl-parse';

function len(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}
const tlv = (tag: number, body: number[]): number[] => [tag, ...len(body.length), ...body];
const seq = (...parts: number[][]): number[] => tlv(0x30, parts.flat());
const ascii = (s: string): number[] => [...Buffer.from(s, 'latin1')];
const name = (cn: string): number[] => seq(tlv(0x31, seq(tlv(0x06, [0x55, 0x04, 0x03]), tlv(0x0c, ascii(cn)))));
const time = tlv(0x17, ascii('250101000000Z'));
const alg = seq(tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]));
const ext = (oid: number[], value: number[], critical = false): number[] =>
  seq(tlv(0x06, oid), ...(critical ? [[0x01, 0x01, 0xff]] : []), tlv(0x04, value));
const reason = (n: number): number[] => ext([0x55, 0x1d, 0x15], tlv(0x0a, [n]));
const certIssuer = (cn: string): number[] => ext([0x55, 0x1d, 0x1d], seq(tlv(0xa4, name(cn))), true);

interface Entry {
  serial: number[];
  exts?: number[][];
}
function crl(entries: Entry[] | undefined, crlExts: number[][] = [], tail: number[] = []): Uint8Array {
  const revoked = entries ? [seq(...entries.map((e) => seq(tlv(0x02, e.serial), time, ...(e.exts ? [seq(...e.exts)] : []))))] : [];
  const tbs = seq(tlv(0x02, [1]), alg, name('Test CA'), time, ...revoked, ...(crlExts.length ? [tlv(0xa0, seq(...crlExts))] : []), tail);
  return Uint8Array.from(seq(tbs, alg, tlv(0x03, [0, 0x30, 0])));
}
const CA = parseCrl(crl([])).issuer.key;
const key = (cn: string): string =>
  parseCrl(Uint8Array.from(seq(seq(tlv(0x02, [1]), alg, name(cn), time), alg, tlv(0x03, [0, 0x30, 0])))).issuer.key;

describe('parseCrl', () => {
  it('serials keep their sign: 00 FF (255) is not FF (-1) (PKITS 4.4.14/15)', () => {
    const c = parseCrl(crl([{ serial: [0xff], exts: [reason(1)] }]));
    assert.equal(c.lookup(Uint8Array.of(0x00, 0xff), CA), undefined);
    assert.equal(c.lookup(Uint8Array.of(0xff), CA)?.reason, 'keyCompromise');
  });

  it('a non-minimal serial encoding still matches', () => {
    const c = parseCrl(crl([{ serial: [0x00, 0x05] }]));
    assert.ok(c.lookup(Uint8Array.of(0x05), CA));
  });

  it('indirect CRL: entries belong to the CRL issuer until a certificateIssuer, then to that CA (§5.3.3)', () => {
    const c = parseCrl(crl([{ serial: [1] }, { serial: [2], exts: [certIssuer('Other CA')] }, { serial: [3] }]));
    assert.ok(c.lookup(Uint8Array.of(1), CA));
    assert.equal(c.lookup(Uint8Array.of(2), CA), undefined);
    assert.ok(c.lookup(Uint8Array.of(2), key('Other CA')));
    assert.ok(c.lookup(Uint8Array.of(3), key('Other CA')));
    assert.equal(c.lookup(Uint8Array.of(3), CA), undefined);
  });

  it('removeFromCRL and certificateHold reasons are read', () => {
    const c = parseCrl(
      crl([
        { serial: [7], exts: [reason(8)] },
        { serial: [8], exts: [reason(6)] },
      ]),
    );
    assert.equal(c.lookup(Uint8Array.of(7), CA)?.reason, 'removeFromCRL');
    assert.equal(c.lookup(Uint8Array.of(8), CA)?.reason, 'certificateHold');
  });

  it('cRLNumber, deltaCRLIndicator and a critical cRLNumber', () => {
    const c = parseCrl(crl([], [ext([0x55, 0x1d, 0x14], tlv(0x02, [0x10]), true), ext([0x55, 0x1d, 0x1b], tlv(0x02, [0x0f]), true)]));
    assert.equal(c.crlNumber, 16n);
    assert.equal(c.crlNumberCritical, true);
    assert.equal(c.delta, true);
    assert.equal(c.baseCrlNumber, 15n);
  });

  it('an unknown critical entry extension is recorded (the CRL must not be used, §5.3)', () => {
    const c = parseCrl(crl([{ serial: [1], exts: [ext([0x2a, 0x03], [0x05, 0x00], true)] }]));
    assert.equal(c.entryUnknownCritical, '1.2.3');
  });

  it('20,000 entries: indexed, last one found', () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => ({ serial: [0x01, (i >> 16) & 255, (i >> 8) & 255, i & 255] }));
    const c = parseCrl(crl(entries));
    assert.equal(c.entryCount, 20_000);
    assert.ok(c.lookup(Uint8Array.of(0x01, 0x00, 0x4e, 0x1f), CA));
    assert.equal(c.lookup(Uint8Array.of(0x02, 0, 0, 0), CA), undefined);
  });

  const malformed: Array<[string, () => Uint8Array]> = [
    ['an entry without a date', () => Uint8Array.from(crl(undefined, [], seq(seq(tlv(0x02, [1])))))],
    ['an entry whose date is an INTEGER', () => crl(undefined, [], seq(seq(tlv(0x02, [1]), tlv(0x02, [1]))))],
    ['trailing bytes', () => Uint8Array.from([...crl([]), 0])],
    ['truncated', () => crl([{ serial: [1] }]).subarray(0, 30)],
    ['a CRLNumber that is negative', () => crl([], [ext([0x55, 0x1d, 0x14], tlv(0x02, [0x80]))])],
    [
      'a certificateIssuer without a directoryName',
      () => crl([{ serial: [1], exts: [ext([0x55, 0x1d, 0x1d], seq(tlv(0x82, ascii('x'))), true)] }]),
    ],
    ['an issuingDistributionPoint that is not a SEQUENCE', () => crl([], [ext([0x55, 0x1d, 0x1c], tlv(0x04, []), true)])],
  ];
  for (const [what, make] of malformed) {
    it(`malformed: ${what} → DerError`, () => {
      assert.throws(() => parseCrl(make()), DerError);
    });
  }
});
