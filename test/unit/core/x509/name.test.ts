import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { scanPem } from '../../../../src/core/pem/scanner';
import { summarizeCertificate } from '../../../../src/core/x509/certificate';
import { DerError, readTlv, TAG } from '../../../../src/core/der/reader';
import { commonName, decodeName, displayName, formatName } from '../../../../src/core/x509/name';
import { tlv } from '../../../support/der';

function oid(dotted: string): number[] {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const arc of rest) {
    const g: number[] = [];
    let v = arc;
    do {
      g.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    out.push(...g.map((x, i) => (i < g.length - 1 ? x | 0x80 : x)));
  }
  return tlv(TAG.OID, out);
}
const utf8 = (s: string) => tlv(TAG.UTF8_STRING, new TextEncoder().encode(s));
const printable = (s: string) =>
  tlv(
    TAG.PRINTABLE_STRING,
    Array.from(s, (c) => c.charCodeAt(0)),
  );
type Atv = [string, number[]];
/** A Name from RDNs in encoding order (least specific first). */
const name = (...rdns: Atv[][]) =>
  Uint8Array.from(
    tlv(
      TAG.SEQUENCE,
      rdns.flatMap((rdn) =>
        tlv(
          TAG.SET,
          rdn.flatMap(([t, v]) => tlv(TAG.SEQUENCE, [...oid(t), ...v])),
        ),
      ),
    ),
  );
const CN = '2.5.4.3';
const O = '2.5.4.10';
const C = '2.5.4.6';
const OU = '2.5.4.11';
const fmt = (bytes: Uint8Array) => formatName(decodeName(bytes, readTlv(bytes, 0)));

describe('formatName (RFC 4514)', () => {
  const cases: Array<{ name: string; der: Uint8Array; want: string }> = [
    {
      name: 'reverse order: most specific first',
      der: name([[C, printable('US')]], [[O, utf8('Acme')]], [[CN, utf8('api.example.com')]]),
      want: 'CN=api.example.com,O=Acme,C=US',
    },
    { name: 'empty name', der: name(), want: '' },
    {
      name: 'multi-valued RDN joined with +',
      der: name(
        [[O, utf8('Acme')]],
        [
          [CN, utf8('a')],
          [OU, utf8('b')],
        ],
      ),
      want: 'CN=a+OU=b,O=Acme',
    },
    { name: 'unknown OID shown dotted', der: name([['1.2.3.4.5', utf8('x')]]), want: '1.2.3.4.5=x' },
    {
      name: 'DC and emailAddress',
      der: name(
        [['0.9.2342.19200300.100.1.25', tlv(TAG.IA5_STRING, [0x63, 0x6f, 0x6d])]],
        [['1.2.840.113549.1.9.1', tlv(TAG.IA5_STRING, [0x61, 0x40, 0x62])]],
      ),
      want: 'emailAddress=a@b,DC=com',
    },
    { name: 'comma escaped', der: name([[O, utf8('Acme, Inc.')]]), want: 'O=Acme\\, Inc.' },
    { name: 'every special char escaped', der: name([[CN, utf8('a\\b,c+d"e<f>g;h')]]), want: 'CN=a\\\\b\\,c\\+d\\"e\\<f\\>g\\;h' },
    { name: 'leading space', der: name([[CN, utf8(' x')]]), want: 'CN=\\ x' },
    { name: 'trailing space', der: name([[CN, utf8('x ')]]), want: 'CN=x\\ ' },
    { name: 'leading and trailing spaces', der: name([[CN, utf8('  x  ')]]), want: 'CN=\\  x \\ ' },
    { name: 'leading # of a string value', der: name([[CN, utf8('#1')]]), want: 'CN=\\#1' },
    { name: 'inner # and = left alone', der: name([[CN, utf8('a#b=c')]]), want: 'CN=a#b=c' },
    { name: 'control characters hex-escaped', der: name([[CN, utf8('a\nb\u0000')]]), want: 'CN=a\\0ab\\00' },
    { name: 'non-ASCII kept as is', der: name([[CN, utf8('Zürich')]]), want: 'CN=Zürich' },
    { name: 'BMPString value', der: name([[CN, tlv(TAG.BMP_STRING, [0x00, 0x41, 0x67, 0x71])]]), want: 'CN=A東' },
    { name: 'non-string value of an unknown type as #hex', der: name([['1.2.3.4', tlv(TAG.INTEGER, [0x05])]]), want: '1.2.3.4=#020105' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(fmt(c.der), c.want));

  it('a value of one space is "\\ "', () => {
    assert.equal(fmt(name([[CN, utf8(' ')]])), 'CN=\\ ');
  });
  it('a string value starting with # under an unknown type is escaped', () => {
    assert.equal(fmt(name([['1.2.3.4', utf8('#x')]])), '1.2.3.4=\\#x');
  });
  it('a non-string value of a known type is printed in #hex form, unescaped', () => {
    assert.equal(fmt(name([[CN, tlv(TAG.INTEGER, [0x05])]])), 'CN=#020105');
  });
});

describe('commonName / displayName', () => {
  const cases: Array<{ name: string; der: Uint8Array; cn: string | undefined; label: string }> = [
    { name: 'CN present', der: name([[O, utf8('Acme')]], [[CN, utf8('host')]]), cn: 'host', label: 'host' },
    { name: 'most specific CN wins', der: name([[CN, utf8('outer')]], [[CN, utf8('inner')]]), cn: 'inner', label: 'inner' },
    {
      name: 'CN inside a multi-valued RDN',
      der: name([
        [OU, utf8('u')],
        [CN, utf8('c')],
      ]),
      cn: 'c',
      label: 'c',
    },
    { name: 'no CN: most specific O or OU', der: name([[O, utf8('Acme')]], [[OU, utf8('Unit')]]), cn: undefined, label: 'Unit' },
    { name: 'no CN, O, OU: whole name', der: name([[C, printable('US')]]), cn: undefined, label: 'C=US' },
    { name: 'empty name', der: name(), cn: undefined, label: '(empty name)' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const dn = decodeName(c.der, readTlv(c.der, 0));
      assert.equal(commonName(dn), c.cn);
      assert.equal(displayName(dn), c.label);
    });
  }
});

describe('decodeName keeps encoding order and types', () => {
  it('attributes carry OID, short name and value', () => {
    const der = name(
      [[C, printable('US')]],
      [
        [CN, utf8('a')],
        ['1.2.3', utf8('b')],
      ],
    );
    assert.deepEqual(decodeName(der, readTlv(der, 0)), [
      [{ type: '2.5.4.6', shortName: 'C', value: 'US' }],
      [
        { type: '2.5.4.3', shortName: 'CN', value: 'a' },
        { type: '1.2.3', shortName: '1.2.3', value: 'b' },
      ],
    ]);
  });

  const bad: Array<{ name: string; der: number[]; msg: RegExp }> = [
    { name: 'not a SEQUENCE', der: tlv(TAG.SET, []), msg: /not a SEQUENCE/ },
    { name: 'RDN not a SET', der: tlv(TAG.SEQUENCE, tlv(TAG.SEQUENCE, [])), msg: /RDN is not a SET/ },
    { name: 'ATV without value', der: tlv(TAG.SEQUENCE, tlv(TAG.SET, tlv(TAG.SEQUENCE, oid(CN)))), msg: /bad AttributeTypeAndValue/ },
    {
      name: 'ATV type not an OID',
      der: tlv(TAG.SEQUENCE, tlv(TAG.SET, tlv(TAG.SEQUENCE, [...utf8('CN'), ...utf8('x')]))),
      msg: /bad AttributeTypeAndValue/,
    },
    { name: 'truncated inner length', der: [0x30, 0x04, 0x31, 0x05, 0x30, 0x00], msg: /truncated/ },
  ];
  for (const c of bad) {
    it(`rejects ${c.name}`, () => {
      const bytes = Uint8Array.from(c.der);
      assert.throws(
        () => decodeName(bytes, readTlv(bytes, 0)),
        (e: unknown) => e instanceof DerError && c.msg.test(e.message),
      );
    });
  }
});

describe('formatName agrees with openssl -nameopt RFC2253 on generated subjects', () => {
  const haveOpenssl = (() => {
    try {
      execFileSync('openssl', ['version']);
      return true;
    } catch {
      return false;
    }
  })();
  const subjects: Array<[string, string]> = [
    ['/CN=a\\,b/O=x', 'O=x,CN=a\\,b'],
    ['/CN= lead/O=trail ', 'O=trail\\ ,CN=\\ lead'],
    ['/CN=#hash', 'CN=\\#hash'],
    ['/CN=q"uote<>;', 'CN=q\\"uote\\<\\>\\;'],
    ['/CN=Zürich', 'CN=Zürich'],
    ['/DC=com/DC=example/CN=z', 'CN=z,DC=example,DC=com'],
    ['/CN=back\\\\slash', 'CN=back\\\\slash'],
    ['/C=US/ST=CA/L=SF/O=Acme/OU=Ops/CN=api/emailAddress=a@b.test', 'emailAddress=a@b.test,CN=api,OU=Ops,O=Acme,L=SF,ST=CA,C=US'],
  ];
  for (const [subj, want] of subjects) {
    it(subj, { skip: !haveOpenssl && 'openssl is not installed' }, async () => {
      const pem = execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-keyout',
          '/dev/null',
          '-subj',
          subj,
          '-utf8',
          '-days',
          '1',
          '-config',
          '/dev/null',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
      const ours = (await summarizeCertificate(scanPem(pem).blocks[0]!.der!)).subject;
      const theirs = execFileSync('openssl', ['x509', '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb'], {
        input: pem,
        encoding: 'utf8',
      })
        .trim()
        .replace(/^subject=/, '');
      assert.equal(ours, want);
      assert.equal(ours, theirs);
    });
  }
  it(
    'multi-valued RDN: same attributes as openssl (order inside an RDN is not significant, RFC 4514 §2.2)',
    { skip: !haveOpenssl && 'openssl is not installed' },
    async () => {
      const pem = execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-keyout',
          '/dev/null',
          '-subj',
          '/CN=a/O=x+OU=y',
          '-days',
          '1',
          '-config',
          '/dev/null',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
      const ours = (await summarizeCertificate(scanPem(pem).blocks[0]!.der!)).subject;
      const theirs = execFileSync('openssl', ['x509', '-noout', '-subject', '-nameopt', 'RFC2253'], { input: pem, encoding: 'utf8' })
        .trim()
        .replace(/^subject=/, '');
      const norm = (dn: string) => dn.split(',').map((rdn) => rdn.split('+').sort().join('+'));
      assert.equal(ours, 'O=x+OU=y,CN=a');
      assert.deepEqual(norm(ours), norm(theirs));
    },
  );
});
