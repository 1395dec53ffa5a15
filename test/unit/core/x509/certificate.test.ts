/**
 * Every certificate fixture decoded by CertLens, compared with `openssl x509`
 * (run here) and with the values the fixture script (scripts/gen-certs-fixtures.sh)
 * hard-codes. Plus malformed input and a seeded fuzz loop.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { toPem } from '../../../../src/core/pem/base64';
import { scanPem } from '../../../../src/core/pem/scanner';
import { parseCertificate, summarizeCertificate, type CertificateSummary } from '../../../../src/core/x509/certificate';
import { DerError } from '../../../../src/core/der/reader';
import { CERT_FIXTURES, fixtureDer, haveOpenssl } from '../../../support/fixtures';

const DIR = CERT_FIXTURES;
const pemDer = fixtureDer;

interface Expected {
  file: string;
  cn: string;
  issuerCn: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  keyAlgorithm: string;
  keySize: number;
  curve?: string;
  sig: string;
  sigOid: string;
  isCA: boolean;
  pathLen?: number;
  role: CertificateSummary['role'];
  selfSigned: boolean;
  leaf: boolean;
}

const LEAF = {
  issuerCn: 'CertLens Test Intermediate',
  keyAlgorithm: 'EC',
  keySize: 256,
  curve: 'P-256',
  sig: 'ecdsa-with-SHA256',
  sigOid: '1.2.840.10045.4.3.2',
  isCA: false,
  role: 'leaf',
  selfSigned: false,
  leaf: true,
} as const;
const FIXTURES: Expected[] = [
  {
    file: 'root.pem',
    cn: 'CertLens Test Root',
    issuerCn: 'CertLens Test Root',
    serial: '1000',
    notBefore: '2025-01-01',
    notAfter: '2035-01-01',
    keyAlgorithm: 'EC',
    keySize: 384,
    curve: 'P-384',
    sig: 'ecdsa-with-SHA384',
    sigOid: '1.2.840.10045.4.3.3',
    isCA: true,
    role: 'root',
    selfSigned: true,
    leaf: false,
  },
  {
    file: 'int.pem',
    cn: 'CertLens Test Intermediate',
    issuerCn: 'CertLens Test Root',
    serial: '1001',
    notBefore: '2025-01-01',
    notAfter: '2030-01-01',
    keyAlgorithm: 'EC',
    keySize: 256,
    curve: 'P-256',
    sig: 'ecdsa-with-SHA384',
    sigOid: '1.2.840.10045.4.3.3',
    isCA: true,
    pathLen: 0,
    role: 'intermediate',
    selfSigned: false,
    leaf: false,
  },
  { ...LEAF, file: 'healthy.pem', cn: 'healthy.example.test', serial: '1002', notBefore: '2025-01-01', notAfter: '2026-01-01' },
  { ...LEAF, file: 'expired.pem', cn: 'expired.example.test', serial: '1003', notBefore: '2025-01-01', notAfter: '2025-04-01' },
  { ...LEAF, file: 'future.pem', cn: 'future.example.test', serial: '1004', notBefore: '2025-07-01', notAfter: '2025-10-01' },
  { ...LEAF, file: 'left5of90.pem', cn: 'left5.example.test', serial: '1005', notBefore: '2025-03-08', notAfter: '2025-06-06' },
  { ...LEAF, file: 'left20of90.pem', cn: 'left20.example.test', serial: '1006', notBefore: '2025-03-23', notAfter: '2025-06-21' },
  { ...LEAF, file: 'left1of6.pem', cn: 'left1.example.test', serial: '1007', notBefore: '2025-05-27', notAfter: '2025-06-02' },
  {
    ...LEAF,
    file: 'sha1.pem',
    cn: 'sha1.example.test',
    serial: '1008',
    notBefore: '2025-01-01',
    notAfter: '2026-01-01',
    keyAlgorithm: 'RSA',
    keySize: 2048,
    curve: undefined,
    sig: 'ecdsa-with-SHA1',
    sigOid: '1.2.840.10045.4.1',
  },
  {
    ...LEAF,
    file: 'rsa1024.pem',
    cn: 'rsa1024.example.test',
    serial: '1009',
    notBefore: '2025-01-01',
    notAfter: '2026-01-01',
    keyAlgorithm: 'RSA',
    keySize: 1024,
    curve: undefined,
  },
];

/** `openssl x509` on the DER, parsed into the fields we compare. */
function openssl(der: Uint8Array) {
  const out = execFileSync(
    'openssl',
    [
      'x509',
      '-noout',
      '-serial',
      '-subject',
      '-issuer',
      '-nameopt',
      'RFC2253,-esc_msb',
      '-startdate',
      '-enddate',
      '-dateopt',
      'iso_8601',
      '-fingerprint',
      '-sha256',
      '-ext',
      'subjectKeyIdentifier,authorityKeyIdentifier,subjectAltName',
    ],
    { input: toPem('CERTIFICATE', der), encoding: 'utf8' },
  );
  const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1] ?? '';
  const hexAfter = (header: string) => {
    const m = new RegExp(`${header}[^\\n]*\\n\\s*(?:keyid:)?([0-9A-F:]+)`).exec(out);
    return m ? m[1]!.replace(/:/g, '').toLowerCase() : undefined;
  };
  const san = /X509v3 Subject Alternative Name:[^\n]*\n\s*(.*)/.exec(out)?.[1];
  const iso = (s: string) => new Date(s.replace(' ', 'T')).getTime();
  return {
    serial: field('serial').toLowerCase(),
    subject: field('subject'),
    issuer: field('issuer'),
    notBefore: iso(field('notBefore')),
    notAfter: iso(field('notAfter')),
    sha256: field('sha256 Fingerprint').replace(/:/g, '').toLowerCase(),
    ski: hexAfter('X509v3 Subject Key Identifier'),
    aki: hexAfter('X509v3 Authority Key Identifier'),
    san: san ? san.split(', ') : [],
  };
}

describe('summarizeCertificate on every fixture', () => {
  for (const f of FIXTURES) {
    describe(f.file, () => {
      const der = pemDer(f.file);

      it('matches the fixture script', async () => {
        const c = await summarizeCertificate(der);
        assert.equal(c.subject, `O=CertLens Test,CN=${f.cn}`);
        assert.equal(c.issuer, `O=CertLens Test,CN=${f.issuerCn}`);
        assert.equal(c.commonName, f.cn);
        assert.equal(c.subjectLabel, f.cn);
        assert.equal(c.issuerLabel, f.issuerCn);
        assert.equal(c.serialNumber, f.serial);
        assert.equal(c.version, 3);
        assert.equal(new Date(c.notBefore).toISOString(), `${f.notBefore}T00:00:00.000Z`);
        assert.equal(new Date(c.notAfter).toISOString(), `${f.notAfter}T00:00:00.000Z`);
        assert.equal(c.keyAlgorithm, f.keyAlgorithm);
        assert.equal(c.keySize, f.keySize);
        assert.equal(c.curve, f.curve);
        assert.equal(c.signatureAlgorithm, f.sig);
        assert.equal(c.signatureAlgorithmOid, f.sigOid);
        assert.equal(c.isCA, f.isCA);
        assert.equal(c.pathLen, f.pathLen);
        assert.equal(c.role, f.role);
        assert.equal(c.selfSigned, f.selfSigned);
        assert.equal(c.selfIssued, f.selfSigned);
        assert.equal(c.sctCount, 0);
        assert.equal(c.mustStaple, false);
        assert.match(c.sha256, /^[0-9a-f]{64}$/);
        assert.match(c.sha1, /^[0-9a-f]{40}$/);
        assert.match(c.spkiSha256, /^[0-9a-f]{64}$/);
        if (f.leaf) {
          assert.deepEqual(c.subjectAltNames, [`DNS:${f.cn}`]);
          assert.deepEqual(c.keyUsage, ['digitalSignature', 'keyEncipherment']);
          assert.deepEqual(c.extendedKeyUsage, ['serverAuth', 'clientAuth']);
          assert.deepEqual(c.ocspUrls, ['http://ocsp.example.test']);
          assert.deepEqual(c.caIssuerUrls, ['http://ca.example.test/int.crt']);
          assert.deepEqual(c.crlUrls, ['http://crl.example.test/int.crl']);
          assert.deepEqual(c.extensions, [
            { oid: '2.5.29.19', critical: true },
            { oid: '2.5.29.15', critical: true },
            { oid: '2.5.29.37', critical: false },
            { oid: '2.5.29.14', critical: false },
            { oid: '2.5.29.35', critical: false },
            { oid: '1.3.6.1.5.5.7.1.1', critical: false },
            { oid: '2.5.29.31', critical: false },
            { oid: '2.5.29.17', critical: false },
          ]);
        } else {
          assert.deepEqual(c.subjectAltNames, []);
          assert.deepEqual(c.keyUsage, ['keyCertSign', 'cRLSign']);
          assert.equal(c.extendedKeyUsage, undefined);
          assert.deepEqual([c.ocspUrls, c.caIssuerUrls, c.crlUrls], [[], [], []]);
        }
      });

      it('matches openssl x509', { skip: !haveOpenssl && 'openssl is not installed' }, async () => {
        const c = await summarizeCertificate(der);
        const o = openssl(der);
        assert.equal(c.serialNumber, o.serial);
        assert.equal(c.subject, o.subject);
        assert.equal(c.issuer, o.issuer);
        assert.equal(c.notBefore, o.notBefore);
        assert.equal(c.notAfter, o.notAfter);
        assert.equal(c.sha256, o.sha256);
        assert.equal(c.subjectKeyId, o.ski);
        assert.equal(c.authorityKeyId, o.aki);
        assert.deepEqual(c.subjectAltNames, o.san);
      });
    });
  }

  it('the chain links by key identifiers: leaf AKI = int SKI, int AKI = root SKI, root has no AKI', async () => {
    const [leaf, int, root] = await Promise.all(['healthy.pem', 'int.pem', 'root.pem'].map((f) => summarizeCertificate(pemDer(f))));
    assert.equal(leaf!.authorityKeyId, int!.subjectKeyId);
    assert.equal(int!.authorityKeyId, root!.subjectKeyId);
    assert.equal(root!.authorityKeyId, undefined);
    assert.equal(leaf!.issuerDerHex, int!.subjectDerHex);
    assert.equal(int!.issuerDerHex, root!.subjectDerHex);
    assert.equal(root!.issuerDerHex, root!.subjectDerHex);
  });

  it('healthy.der and healthy.pem decode identically', async () => {
    const a = await summarizeCertificate(new Uint8Array(readFileSync(join(DIR, 'healthy.der'))));
    const b = await summarizeCertificate(pemDer('healthy.pem'));
    assert.deepEqual(a, b);
  });

  it('SHA-1 and SHA-256 fingerprints equal node:crypto over the DER', async () => {
    const { createHash } = await import('node:crypto');
    const der = pemDer('healthy.pem');
    const c = await summarizeCertificate(der);
    assert.equal(c.sha256, createHash('sha256').update(der).digest('hex'));
    assert.equal(c.sha1, createHash('sha1').update(der).digest('hex'));
  });
});

describe('generated edge cases', { skip: !haveOpenssl && 'openssl is not installed' }, () => {
  const selfSigned = (extra: string[]) =>
    scanPem(
      execFileSync(
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
          '/CN=edge',
          '-days',
          '1',
          '-config',
          '/dev/null',
          ...extra,
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      ),
    ).blocks[0]!.der!;

  it('a v1 certificate: no extensions, self-signed, not a CA', async () => {
    const c = await summarizeCertificate(selfSigned([]));
    assert.deepEqual(
      [c.version, c.role, c.selfSigned, c.isCA, c.extensions, c.subjectAltNames, c.keyUsage],
      [1, 'self-signed', true, false, [], [], undefined],
    );
  });

  it('a v3 self-signed CA is a root', async () => {
    const c = await summarizeCertificate(
      selfSigned([
        '-addext',
        'basicConstraints=critical,CA:true,pathlen:2',
        '-addext',
        'subjectAltName=IP:192.0.2.7,IP:2001:db8::1,email:a@b.test,URI:https://x.test/',
      ]),
    );
    assert.deepEqual([c.version, c.role, c.isCA, c.pathLen], [3, 'root', true, 2]);
    assert.deepEqual(c.subjectAltNames, ['IP:192.0.2.7', 'IP:2001:db8::1', 'email:a@b.test', 'URI:https://x.test/']);
  });

  const serials: Array<[string, string]> = [
    ['1', '01'],
    ['0x7F', '7f'],
    ['0x0100', '0100'],
    ['0x1234567890ABCDEF1234567890ABCDEF12345678', '1234567890abcdef1234567890abcdef12345678'],
  ];
  for (const [set, want] of serials) {
    it(`serial ${set} → ${want}, as openssl -serial prints it`, async () => {
      const der = selfSigned(['-set_serial', set]);
      const c = await summarizeCertificate(der);
      assert.equal(c.serialNumber, want);
      assert.equal(c.serialNumber.replace(/^0(?=.)/, ''), openssl(der).serial.replace(/^0(?=.)/, ''));
    });
  }
  it('a serial with the high bit set prints without the DER sign byte', async () => {
    const der = selfSigned(['-set_serial', '0xF00DCAFE']);
    assert.equal((await summarizeCertificate(der)).serialNumber, openssl(der).serial);
  });
});

describe('malformed certificates', () => {
  const healthy = pemDer('healthy.pem');
  const crl = pemDer('fresh.crl');
  const csr = pemDer('healthy.csr');
  const cases: Array<{ name: string; der: Uint8Array; msg?: RegExp }> = [
    { name: 'empty', der: new Uint8Array(0), msg: /truncated/ },
    { name: 'one byte', der: Uint8Array.of(0x30), msg: /truncated/ },
    { name: 'truncated by one byte', der: healthy.subarray(0, healthy.length - 1), msg: /truncated/ },
    { name: 'truncated to half', der: healthy.subarray(0, healthy.length >> 1), msg: /truncated/ },
    { name: 'outer tag is not SEQUENCE', der: Uint8Array.of(0x31, ...healthy.subarray(1)), msg: /expected tag 0x30/ },
    { name: 'a CRL', der: crl },
    { name: 'a CSR', der: csr },
    { name: 'empty SEQUENCE', der: Uint8Array.of(0x30, 0x00), msg: /not an X.509 certificate/ },
    {
      name: 'SEQUENCE of three NULLs',
      der: Uint8Array.of(0x30, 0x06, 0x05, 0x00, 0x05, 0x00, 0x05, 0x00),
      msg: /not an X.509 certificate/,
    },
    { name: 'indefinite length (BER)', der: Uint8Array.of(0x30, 0x80, 0x00, 0x00), msg: /indefinite/ },
    { name: 'PEM text instead of DER', der: new TextEncoder().encode(toPem('CERTIFICATE', healthy)) },
  ];
  for (const c of cases) {
    it(`throws DerError on ${c.name}`, async () => {
      await assert.rejects(summarizeCertificate(c.der), (e: unknown) => e instanceof DerError && (!c.msg || c.msg.test(e.message)));
    });
  }

  it('trailing bytes after the certificate are ignored here (decode.ts reports them) and do not change the fields', () => {
    const withTrailing = Uint8Array.of(...healthy, 0x00, 0x00);
    assert.deepEqual(parseCertificate(withTrailing).fields, parseCertificate(healthy).fields);
  });
});
