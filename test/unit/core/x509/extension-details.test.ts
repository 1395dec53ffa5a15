import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DerError, TAG } from '../../../../src/core/der/reader';
import { listExtensions } from '../../../../src/core/x509/extension-details';
import { countScts, decodeBasicConstraints, decodeGeneralNames, decodeKeyUsage, formatIp } from '../../../../src/core/x509/extensions';
import { ascii, tlv } from '../../../support/der';
import { fixtureDer } from '../../../support/fixtures';

const pemDer = fixtureDer;
const hexColons = (b: number[]) => b.map((x) => x.toString(16).padStart(2, '0')).join(':');
const OID = {
  san: [0x55, 0x1d, 0x11],
  bc: [0x55, 0x1d, 0x13],
  nc: [0x55, 0x1d, 0x1e],
  sct: [0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02],
  unknown: [0x2a, 0x03, 0x04], // 1.2.3.4
};
const ext = (oid: number[], value: number[], critical = false) =>
  tlv(TAG.SEQUENCE, [...tlv(TAG.OID, oid), ...(critical ? tlv(TAG.BOOLEAN, [0xff]) : []), ...tlv(TAG.OCTET_STRING, value)]);
/** Just enough certificate for listExtensions: SEQUENCE { TBS { [3] { SEQUENCE of extensions } } }. */
const cert = (...exts: number[][]) =>
  Uint8Array.from(tlv(TAG.SEQUENCE, tlv(TAG.SEQUENCE, [...tlv(TAG.INTEGER, [1]), ...tlv(0xa3, tlv(TAG.SEQUENCE, exts.flat()))])));
const gn = {
  email: tlv(0x81, ascii('a@example.test')),
  dns: tlv(0x82, ascii('*.example.test')),
  dirName: tlv(
    0xa4,
    tlv(TAG.SEQUENCE, tlv(TAG.SET, tlv(TAG.SEQUENCE, [...tlv(TAG.OID, [0x55, 0x04, 0x03]), ...tlv(TAG.UTF8_STRING, ascii('Dir, Name'))]))),
  ),
  uri: tlv(0x86, ascii('https://example.test/')),
  ipv4: tlv(0x87, [192, 0, 2, 1]),
  ipv6: tlv(0x87, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
  rid: tlv(0x88, [0x2a, 0x03, 0x04]),
  otherName: tlv(0xa0, [
    ...tlv(TAG.OID, [0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x14, 0x02, 0x03]),
    ...tlv(0xa0, tlv(TAG.UTF8_STRING, ascii('upn@x'))),
  ]),
  x400: tlv(0xa3, [0x05, 0x00]),
};

describe('listExtensions on fixtures', () => {
  it('healthy.pem: every extension named and decoded, in certificate order', () => {
    const l = listExtensions(pemDer('healthy.pem'));
    assert.deepEqual(
      l.map(({ oid, name, critical, text }) => ({ oid, name, critical, text })),
      [
        { oid: '2.5.29.19', name: 'Basic Constraints', critical: true, text: 'CA: false' },
        { oid: '2.5.29.15', name: 'Key Usage', critical: true, text: 'digitalSignature, keyEncipherment' },
        { oid: '2.5.29.37', name: 'Extended Key Usage', critical: false, text: 'serverAuth, clientAuth' },
        { oid: '2.5.29.14', name: 'Subject Key Identifier', critical: false, text: 'e0f77ec6eb55d2c7a566a6334f591a70d6c8b5ac' },
        { oid: '2.5.29.35', name: 'Authority Key Identifier', critical: false, text: '5f8bc811f7b3426f8ff129314b24e2373b78d057' },
        {
          oid: '1.3.6.1.5.5.7.1.1',
          name: 'Authority Information Access',
          critical: false,
          text: 'OCSP: http://ocsp.example.test, CA issuers: http://ca.example.test/int.crt',
        },
        { oid: '2.5.29.31', name: 'CRL Distribution Points', critical: false, text: 'http://crl.example.test/int.crl' },
        { oid: '2.5.29.17', name: 'Subject Alternative Name', critical: false, text: 'DNS:healthy.example.test' },
      ],
    );
    assert.equal(l[0]!.hex, '30:00');
    assert.equal(l[1]!.hex, '03:02:05:a0');
  });
  it('int.pem: pathLen in Basic Constraints', () => {
    const l = listExtensions(pemDer('int.pem'));
    assert.deepEqual(
      l.map((e) => e.text),
      [
        'CA: true, pathLen: 0',
        'keyCertSign, cRLSign',
        '5f8bc811f7b3426f8ff129314b24e2373b78d057',
        '43866fe22210eb0c7f62423f05b4499431b0a21c',
      ],
    );
    assert.equal(l[0]!.hex, '30:06:01:01:ff:02:01:00');
  });
});

describe('listExtensions on synthetic extensions', () => {
  const cases: Array<{ name: string; der: Uint8Array; want: unknown[] }> = [
    { name: 'no extensions block', der: Uint8Array.from(tlv(TAG.SEQUENCE, tlv(TAG.SEQUENCE, tlv(TAG.INTEGER, [1])))), want: [] },
    { name: 'empty extensions', der: cert(), want: [] },
    {
      name: 'unknown extension: raw OID and hex, no name, no text',
      der: cert(ext(OID.unknown, [0x04, 0x02, 0xab, 0xcd], true)),
      want: [{ oid: '1.2.3.4', critical: true, hex: '04:02:ab:cd' }],
    },
    {
      name: 'known extension with an undecodable value keeps its name and hex',
      der: cert(ext(OID.san, [0x05, 0x00])),
      want: [{ oid: '2.5.29.17', name: 'Subject Alternative Name', critical: false, hex: '05:00' }],
    },
    {
      name: 'every GeneralName form in a SAN',
      der: cert(
        ext(
          OID.san,
          tlv(TAG.SEQUENCE, [
            ...gn.email,
            ...gn.dns,
            ...gn.dirName,
            ...gn.uri,
            ...gn.ipv4,
            ...gn.ipv6,
            ...gn.rid,
            ...gn.otherName,
            ...gn.x400,
          ]),
        ),
      ),
      want: [
        {
          oid: '2.5.29.17',
          name: 'Subject Alternative Name',
          critical: false,
          text: 'email:a@example.test, DNS:*.example.test, DirName:CN=Dir\\, Name, URI:https://example.test/, IP:192.0.2.1, IP:2001:db8::1, RID:1.2.3.4, othername:1.3.6.1.4.1.311.20.2.3, [3]:0500',
          hex: hexColons(
            tlv(TAG.SEQUENCE, [
              ...gn.email,
              ...gn.dns,
              ...gn.dirName,
              ...gn.uri,
              ...gn.ipv4,
              ...gn.ipv6,
              ...gn.rid,
              ...gn.otherName,
              ...gn.x400,
            ]),
          ),
        },
      ],
    },
    {
      name: 'CA:true with pathLen 3, critical',
      der: cert(ext(OID.bc, tlv(TAG.SEQUENCE, [...tlv(TAG.BOOLEAN, [0xff]), ...tlv(TAG.INTEGER, [3])]), true)),
      want: [{ oid: '2.5.29.19', name: 'Basic Constraints', critical: true, text: 'CA: true, pathLen: 3', hex: '30:06:01:01:ff:02:01:03' }],
    },
    {
      name: 'name constraints with permitted and excluded DNS',
      der: cert(
        ext(
          OID.nc,
          tlv(TAG.SEQUENCE, [
            ...tlv(0xa0, tlv(TAG.SEQUENCE, tlv(0x82, ascii('example.test')))),
            ...tlv(0xa1, tlv(TAG.SEQUENCE, tlv(0x82, ascii('bad.example.test')))),
          ]),
          true,
        ),
      ),
      want: [
        {
          oid: '2.5.29.30',
          name: 'Name Constraints',
          critical: true,
          text: 'permitted: DNS:example.test; excluded: DNS:bad.example.test',
          hex: hexColons(
            tlv(TAG.SEQUENCE, [
              ...tlv(0xa0, tlv(TAG.SEQUENCE, tlv(0x82, ascii('example.test')))),
              ...tlv(0xa1, tlv(TAG.SEQUENCE, tlv(0x82, ascii('bad.example.test')))),
            ]),
          ),
        },
      ],
    },
    {
      name: 'SCT list with two entries',
      der: cert(ext(OID.sct, tlv(TAG.OCTET_STRING, [0x00, 0x0a, 0x00, 0x03, 1, 2, 3, 0x00, 0x03, 4, 5, 6]))),
      want: [
        {
          oid: '1.3.6.1.4.1.11129.2.4.2',
          name: 'CT Precertificate SCTs',
          critical: false,
          text: '2 signed certificate timestamp(s)',
          hex: '04:0c:00:0a:00:03:01:02:03:00:03:04:05:06',
        },
      ],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(listExtensions(c.der), c.want));

  it('name constraints on IP ranges print address/mask', () => {
    const der = cert(ext(OID.nc, tlv(TAG.SEQUENCE, tlv(0xa0, tlv(TAG.SEQUENCE, tlv(0x87, [10, 0, 0, 0, 255, 0, 0, 0])))), true));
    assert.equal(listExtensions(der)[0]!.text, 'permitted: IP:10.0.0.0/255.0.0.0');
  });

  const never: Array<[string, Uint8Array]> = [
    ['empty input', new Uint8Array(0)],
    ['garbage', Uint8Array.of(0xde, 0xad, 0xbe, 0xef)],
    ['truncated certificate', pemDer('healthy.pem').subarray(0, 300)],
    ['extensions [3] not wrapping a SEQUENCE', Uint8Array.from(tlv(TAG.SEQUENCE, tlv(TAG.SEQUENCE, tlv(0xa3, tlv(TAG.SET, [])))))],
    ['extension without extnValue', cert(tlv(TAG.SEQUENCE, tlv(TAG.OID, OID.unknown)))],
    ['a CRL', pemDer('fresh.crl')],
  ];
  for (const [name, der] of never) it(`never throws on ${name}`, () => assert.ok(Array.isArray(listExtensions(der))));
  it('a structurally broken extension list gives an empty list', () => {
    assert.deepEqual(listExtensions(cert(tlv(TAG.SEQUENCE, tlv(TAG.OID, OID.unknown)))), []);
  });
});

describe('extension decoders', () => {
  const ips: Array<[number[], string]> = [
    [[127, 0, 0, 1], '127.0.0.1'],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [Array<number>(16).fill(0), '::'],
    [[0xfe, 0x80, ...Array<number>(14).fill(0)], 'fe80::'],
    [[0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1], '1:0:1:1:1:1:1:1'],
    [[0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1], '1::1:1:0:0:1'],
    [[0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], '1:0:0:1::1'],
    [[1, 2, 3], '#010203'],
    [[], '#'],
  ];
  for (const [raw, want] of ips) it(`formatIp ${want}`, () => assert.equal(formatIp(Uint8Array.from(raw)), want));

  const bcs: Array<[number[], { ca: boolean; pathLen?: number }]> = [
    [tlv(TAG.SEQUENCE, []), { ca: false }],
    [tlv(TAG.SEQUENCE, tlv(TAG.BOOLEAN, [0xff])), { ca: true }],
    [tlv(TAG.SEQUENCE, [...tlv(TAG.BOOLEAN, [0xff]), ...tlv(TAG.INTEGER, [0x01, 0x00])]), { ca: true, pathLen: 256 }],
  ];
  for (const [v, want] of bcs)
    it(`decodeBasicConstraints ${JSON.stringify(want)}`, () => assert.deepEqual(decodeBasicConstraints(Uint8Array.from(v)), want));
  it('decodeBasicConstraints rejects a non-SEQUENCE', () =>
    assert.throws(() => decodeBasicConstraints(Uint8Array.of(0x01, 0x01, 0xff)), DerError));

  const kus: Array<[number[], string[]]> = [
    [[0x03, 0x02, 0x07, 0x80], ['digitalSignature']],
    [
      [0x03, 0x02, 0x01, 0x06],
      ['keyCertSign', 'cRLSign'],
    ],
    [[0x03, 0x03, 0x07, 0x00, 0x80], ['decipherOnly']],
    [[0x03, 0x01, 0x00], []],
  ];
  for (const [v, want] of kus)
    it(`decodeKeyUsage ${want.join(',') || '(none)'}`, () => assert.deepEqual(decodeKeyUsage(Uint8Array.from(v)), want));

  const scts: Array<[number[], number]> = [
    [tlv(TAG.OCTET_STRING, []), 0],
    [tlv(TAG.OCTET_STRING, [0x00, 0x00]), 0],
    [tlv(TAG.OCTET_STRING, [0x00, 0x05, 0x00, 0x03, 1, 2, 3]), 1],
  ];
  for (const [v, want] of scts) it(`countScts → ${want}`, () => assert.equal(countScts(Uint8Array.from(v)), want));
  it('countScts does not count an entry that overruns the list', () => {
    assert.equal(countScts(Uint8Array.from(tlv(TAG.OCTET_STRING, [0x00, 0x05, 0x00, 0x03, 1, 2, 3, 0x00]))), 1);
    assert.equal(countScts(Uint8Array.from(tlv(TAG.OCTET_STRING, [0x00, 0x04, 0x00, 0x09, 1, 2]))), 0);
  });

  it('decodeGeneralNames rejects a non-SEQUENCE', () => assert.throws(() => decodeGeneralNames(Uint8Array.of(0x82, 0x01, 0x61)), DerError));
});
