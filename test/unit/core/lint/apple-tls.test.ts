/** Apple TLS server rules (HT210176, HT211025) on the fixtures of scripts/gen-private-pki-fixtures.ts and on edited summaries. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText, type CertificateItem } from '../../../../src/core/analysis/decode';
import { appleTlsPublicValidity, isTlsServerLeaf, lintAppleTls } from '../../../../src/core/lint/apple-tls';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'private-pki');
async function cert(name: string): Promise<CertificateItem> {
  const { items } = await decodeText(readFileSync(join(DIR, `${name}.pem`), 'utf8'));
  return items[0] as CertificateItem;
}
const DAY = 86_400_000;
/** The same certificate with other dates (the rules read the summary). */
function dated(item: CertificateItem, from: string, days: number): CertificateItem {
  const notBefore = Date.parse(from);
  return { ...item, certificate: { ...item.certificate, notBefore, notAfter: notBefore + days * DAY - 1000 } };
}

describe('lintAppleTls on the fixtures', () => {
  const table: [string, string[]][] = [
    ['server-ok', []],
    ['apple-tls-validity', ['apple-tls-validity']],
    ['apple-tls-san', ['apple-tls-san']],
    ['apple-tls-eku', ['apple-tls-eku']],
    // An SVID is authenticated by its SPIFFE ID, not a host name.
    ['svid-ok', []],
    // A CA is not a TLS server leaf.
    ['spiffe-signing-profile', []],
  ];
  for (const [name, codes] of table)
    it(name, async () => {
      const found = lintAppleTls(await cert(name));
      assert.deepEqual(
        found.map(([code]) => code),
        codes,
      );
      for (const [, severity] of found) assert.equal(severity, 'warning');
    });
});

describe('Apple validity limits', () => {
  it('825 days: inclusive bound, and only for certificates issued since 2019-07-01', async () => {
    const ok = await cert('server-ok');
    assert.deepEqual(lintAppleTls(dated(ok, '2025-01-01T00:00:00Z', 825)), []);
    assert.deepEqual(
      lintAppleTls(dated(ok, '2025-01-01T00:00:00Z', 826)).map(([c]) => c),
      ['apple-tls-validity'],
    );
    assert.deepEqual(lintAppleTls(dated(ok, '2019-06-30T00:00:00Z', 1000)), []);
  });

  it('398 days for a leaf chaining to a public root, issued since 2020-09-01', async () => {
    const ok = await cert('server-ok');
    assert.deepEqual(appleTlsPublicValidity(dated(ok, '2025-01-01T00:00:00Z', 398)), []);
    const [p] = appleTlsPublicValidity(dated(ok, '2025-01-01T00:00:00Z', 399));
    assert.equal(p?.code, 'apple-tls-validity');
    assert.equal(p?.severity, 'warning');
    assert.deepEqual(appleTlsPublicValidity(dated(ok, '2020-08-31T00:00:00Z', 399)), []);
    // Over 825 days the profile lint already reports it.
    assert.deepEqual(appleTlsPublicValidity(dated(ok, '2025-01-01T00:00:00Z', 900)), []);
  });

  it('inverted validity: nothing, never a throw', async () => {
    const ok = await cert('server-ok');
    assert.deepEqual(lintAppleTls(dated(ok, '2025-01-01T00:00:00Z', -5)), []);
  });
});

describe('isTlsServerLeaf', () => {
  it('server EKU, or no EKU with a DNS name; not a CA, not a client-only leaf', async () => {
    const s = (await cert('server-ok')).certificate;
    assert.equal(isTlsServerLeaf(s), true);
    assert.equal(isTlsServerLeaf({ ...s, extendedKeyUsage: ['clientAuth'] }), false);
    assert.equal(isTlsServerLeaf({ ...s, isCA: true }), false);
    const { extendedKeyUsage: _e, ...noEku } = s;
    assert.equal(isTlsServerLeaf(noEku), true);
    assert.equal(isTlsServerLeaf({ ...noEku, subjectAltNames: [], commonName: 'Acme Device' }), false);
  });
});
