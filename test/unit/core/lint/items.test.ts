import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { encodeBase64 } from '../../../../src/core/pem/base64';
import { decodeText, type CertificateItem, type Item } from '../../../../src/core/analysis/decode';
import { DEFAULT_THRESHOLDS } from '../../../../src/core/lint/expiry';
import { LINT_CODES, lintItems } from '../../../../src/core/lint/items';
import { haveOpenssl } from '../../../support/fixtures';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'certs');
const NOW = new Date('2025-06-01T00:00:00Z');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');

describe('lintItems per fixture at NOW = 2025-06-01', () => {
  const cases: Array<{ file: string; want: Array<[string, string]>; message?: string }> = [
    { file: 'healthy.pem', want: [] },
    { file: 'root.pem', want: [] },
    { file: 'int.pem', want: [] },
    { file: 'chain.pem', want: [] },
    { file: 'chain-misordered.pem', want: [] },
    {
      file: 'expired.pem',
      want: [['cert-expired', 'error']],
      message: 'leaf "expired.example.test" expired 61 days ago (2025-04-01 00:00 UTC)',
    },
    {
      file: 'future.pem',
      want: [['cert-not-yet-valid', 'error']],
      message: 'leaf "future.example.test" is not valid until 2025-07-01 00:00 UTC (in 30 days)',
    },
    {
      file: 'left5of90.pem',
      want: [['cert-expiring', 'error']],
      message: 'leaf "left5.example.test" expires in 5 days (2025-06-06 00:00 UTC); 94% of its lifetime (90 days) used',
    },
    {
      file: 'left20of90.pem',
      want: [['cert-expiring', 'warning']],
      message: 'leaf "left20.example.test" expires in 20 days (2025-06-21 00:00 UTC); 78% of its lifetime (90 days) used',
    },
    {
      file: 'left1of6.pem',
      want: [['cert-expiring', 'warning']],
      message: 'leaf "left1.example.test" expires in 1 day (2025-06-02 00:00 UTC); 83% of its lifetime (6 days) used',
    },
    {
      file: 'sha1.pem',
      want: [['weak-signature', 'error']],
      message: 'leaf "sha1.example.test" is signed with ecdsa-with-SHA1: SHA-1 signatures are rejected by TLS clients',
    },
    { file: 'rsa1024.pem', want: [['weak-key', 'error']], message: 'leaf "rsa1024.example.test": RSA key of 1024 bits (minimum 2048)' },
    { file: 'fresh.crl', want: [] },
    {
      file: 'stale.crl',
      want: [['crl-stale', 'warning']],
      message:
        'CRL from "CertLens Test Intermediate" is stale: nextUpdate was 2025-05-01 00:00 UTC (31 days ago); clients that check revocation will reject',
    },
    { file: 'healthy.csr', want: [] },
    {
      file: 'bad-signature.csr',
      want: [['csr-bad-signature', 'error']],
      message: 'CSR "healthy.example.test": the signature does not verify with the request\'s own public key',
    },
  ];
  for (const c of cases) {
    it(`${c.file}: ${c.want.map((w) => w.join('/')).join(', ') || 'nothing'}`, async () => {
      const text = read(c.file);
      const { items, problems } = await decodeText(text);
      assert.deepEqual(problems, [], 'decoding is clean');
      const lint = lintItems(items, { now: NOW });
      assert.deepEqual(
        lint.map((p) => [p.code, p.severity]),
        c.want,
      );
      if (c.message) assert.equal(lint[0]!.message, c.message);
      for (const p of lint) {
        const owner = items.find((i) => i.span.start === p.span.start);
        assert.ok(owner, 'every problem sits on a block');
        assert.deepEqual(p.span, owner.span);
        assert.ok(text.slice(p.span.start).startsWith('-----BEGIN '));
        assert.ok(text.slice(0, p.span.end).endsWith('-----'));
        assert.ok(p.code in LINT_CODES, `${p.code} is documented`);
      }
    });
  }

  it('problems of a chain land on the right block', async () => {
    const text = [read('expired.pem'), read('healthy.pem'), read('rsa1024.pem')].join('junk between\r\n');
    const { items } = await decodeText(text);
    const lint = lintItems(items, { now: NOW });
    assert.deepEqual(
      lint.map((p) => [p.code, items.findIndex((i) => i.span === p.span)]),
      [
        ['cert-expired', 0],
        ['weak-key', 2],
      ],
    );
  });

  it('the intermediate and root of chain.pem carry their roles into messages', async () => {
    const { items } = await decodeText(read('chain.pem'));
    const later = new Date('2031-01-01T00:00:00Z');
    const lint = lintItems(items, { now: later });
    assert.deepEqual(
      lint.map((p) => p.message.split(' expired')[0]),
      ['leaf "healthy.example.test"', 'intermediate "CertLens Test Intermediate"'],
    );
  });
});

describe('lintItems options', () => {
  it('disabled codes are left out', async () => {
    const { items } = await decodeText(read('expired.pem') + read('rsa1024.pem'));
    assert.deepEqual(
      lintItems(items, { now: NOW }).map((p) => p.code),
      ['cert-expired', 'weak-key'],
    );
    assert.deepEqual(
      lintItems(items, { now: NOW, disabled: new Set(['cert-expired']) }).map((p) => p.code),
      ['weak-key'],
    );
    assert.deepEqual(lintItems(items, { now: NOW, disabled: new Set(['cert-expired', 'weak-key', 'no-such-code']) }), []);
    assert.deepEqual(
      lintItems(items, { now: NOW, disabled: new Set() }).map((p) => p.code),
      ['cert-expired', 'weak-key'],
    );
  });

  it('thresholds change cert-expiring severities', async () => {
    const { items } = await decodeText(read('left5of90.pem') + read('left20of90.pem') + read('left1of6.pem'));
    const sev = (t = DEFAULT_THRESHOLDS) => lintItems(items, { now: NOW, thresholds: t }).map((p) => `${p.code}/${p.severity}`);
    assert.deepEqual(sev(), ['cert-expiring/error', 'cert-expiring/warning', 'cert-expiring/warning']);
    assert.deepEqual(sev({ ...DEFAULT_THRESHOLDS, errorDays: 3 }), [
      'cert-expiring/warning',
      'cert-expiring/warning',
      'cert-expiring/warning',
    ]);
    assert.deepEqual(sev({ ...DEFAULT_THRESHOLDS, warnDays: 10 }), ['cert-expiring/error', 'cert-expiring/warning']);
    assert.deepEqual(sev({ warnDays: 0, warnLifetimePercent: 0, errorDays: 0, errorLifetimePercent: 0 }), []);
    assert.deepEqual(sev({ warnDays: 365, warnLifetimePercent: 100, errorDays: 30, errorLifetimePercent: 100 }), [
      'cert-expiring/error',
      'cert-expiring/error',
      'cert-expiring/error',
    ]);
  });

  it('an empty item list gives no problems', () => assert.deepEqual(lintItems([], { now: NOW }), []));

  it('an unknown block is info', async () => {
    const text = `-----BEGIN FOO BAR-----\n${encodeBase64(Uint8Array.of(0x30, 0x00))}\n-----END FOO BAR-----\n`;
    const { items } = await decodeText(text);
    const lint = lintItems(items, { now: NOW });
    assert.deepEqual(
      lint.map((p) => [p.code, p.severity, p.message]),
      [['unknown-block', 'info', '"FOO BAR" block: not decoded by CertLens']],
    );
    assert.deepEqual(lint[0]!.span, { start: 0, end: text.length - 1 });
  });
});

describe('weak-signature on variations of a certificate', () => {
  const base = async (): Promise<CertificateItem> => (await decodeText(read('healthy.pem'))).items[0] as CertificateItem;
  const variant = (item: CertificateItem, c: Partial<CertificateItem['certificate']>): Item => ({
    ...item,
    certificate: { ...item.certificate, ...c },
  });
  const cases: Array<{ name: string; change: Partial<CertificateItem['certificate']>; weak: boolean }> = [
    {
      name: 'sha256WithRSA',
      change: { signatureAlgorithmOid: '1.2.840.113549.1.1.11', signatureAlgorithm: 'sha256WithRSAEncryption' },
      weak: false,
    },
    {
      name: 'sha1WithRSA leaf',
      change: { signatureAlgorithmOid: '1.2.840.113549.1.1.5', signatureAlgorithm: 'sha1WithRSAEncryption' },
      weak: true,
    },
    {
      name: 'md5WithRSA leaf',
      change: { signatureAlgorithmOid: '1.2.840.113549.1.1.4', signatureAlgorithm: 'md5WithRSAEncryption' },
      weak: true,
    },
    {
      name: 'dsa-with-sha1 intermediate',
      change: { signatureAlgorithmOid: '1.2.840.10040.4.3', isCA: true, role: 'intermediate' },
      weak: true,
    },
    {
      name: 'sha1WithRSA self-signed root: not reported',
      change: { signatureAlgorithmOid: '1.2.840.113549.1.1.5', selfSigned: true, isCA: true, role: 'root' },
      weak: false,
    },
    {
      name: 'sha1WithRSA self-signed non-CA: reported',
      change: { signatureAlgorithmOid: '1.2.840.113549.1.1.5', selfSigned: true, isCA: false, role: 'self-signed' },
      weak: true,
    },
    { name: 'unknown signature OID', change: { signatureAlgorithmOid: '1.2.3.4', signatureAlgorithm: '1.2.3.4' }, weak: false },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.weak ? 'weak-signature error' : 'nothing'}`, async () => {
      const lint = lintItems([variant(await base(), c.change)], { now: NOW });
      assert.deepEqual(
        lint.map((p) => [p.code, p.severity]),
        c.weak ? [['weak-signature', 'error']] : [],
      );
    });
  }

  const keys: Array<{ name: string; change: Partial<CertificateItem['certificate']>; weak: string | undefined }> = [
    { name: 'RSA 2048', change: { keyAlgorithm: 'RSA', keySize: 2048 }, weak: undefined },
    { name: 'RSA 2047', change: { keyAlgorithm: 'RSA', keySize: 2047 }, weak: 'RSA key of 2047 bits (minimum 2048)' },
    { name: 'RSA-PSS 1024', change: { keyAlgorithm: 'RSA-PSS', keySize: 1024 }, weak: 'RSA key of 1024 bits (minimum 2048)' },
    { name: 'EC P-224', change: { keyAlgorithm: 'EC', keySize: 224, curve: 'P-224' }, weak: 'EC key on P-224 (minimum 256 bits)' },
    { name: 'EC P-256', change: { keyAlgorithm: 'EC', keySize: 256, curve: 'P-256' }, weak: undefined },
    { name: 'DSA 3072', change: { keyAlgorithm: 'DSA', keySize: 3072 }, weak: 'DSA keys are deprecated and rejected by TLS clients' },
    { name: 'Ed25519', change: { keyAlgorithm: 'Ed25519', keySize: 256 }, weak: undefined },
    {
      name: 'EC with explicit parameters (no size)',
      change: { keyAlgorithm: 'EC', keySize: undefined, curve: 'explicit parameters' },
      weak: undefined,
    },
  ];
  for (const c of keys) {
    it(`weak-key: ${c.name}`, async () => {
      const lint = lintItems([variant(await base(), c.change)], { now: NOW });
      assert.deepEqual(
        lint.map((p) => p.message),
        c.weak ? [`leaf "healthy.example.test": ${c.weak}`] : [],
      );
    });
  }

  it(
    'a real self-signed SHA-1 CA made by openssl is not reported; the same as a leaf is',
    { skip: !haveOpenssl && 'openssl is not installed' },
    async () => {
      const make = (ca: boolean) =>
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
            '-sha1',
            '-subj',
            '/CN=Old',
            '-days',
            '3650',
            '-config',
            '/dev/null',
            '-addext',
            `basicConstraints=critical,CA:${ca}`,
          ],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
        );
      // The CA has neither keyUsage nor subjectKeyIdentifier (-config /dev/null): cert-ca-profile, not weak-signature.
      for (const [ca, want] of [
        [true, ['cert-ca-profile']],
        [false, ['weak-signature']],
      ] as const) {
        const { items, problems } = await decodeText(make(ca));
        assert.deepEqual(problems, []);
        const c = (items[0] as CertificateItem).certificate;
        assert.equal(c.selfSigned, true);
        const lint = lintItems(items, { now: new Date(c.notBefore + 86_400_000) });
        assert.deepEqual(
          lint.map((p) => p.code),
          want,
        );
      }
    },
  );
});

describe('keys and containers (issue 2: type and size, every certificate inside)', () => {
  it('a PRIVATE KEY block is a private-key item, not unknown-block', async () => {
    const { items } = await decodeText(read('healthy.key'));
    assert.deepEqual(
      items.map((i) => i.kind),
      ['private-key'],
    );
    assert.deepEqual(lintItems(items, { now: NOW }), []);
  });
  it('a PKCS7 block yields a container item and its three certificates', async () => {
    const { items } = await decodeText(read('chain.p7b'));
    assert.deepEqual(
      items.map((i) => i.kind),
      ['pkcs7', 'certificate', 'certificate', 'certificate'],
    );
    assert.deepEqual(
      items.map((i) => i.container),
      [undefined, 0, 0, 0],
    );
  });
});
