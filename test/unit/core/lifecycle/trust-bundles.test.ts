import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { FleetCertificate } from '../../../../src/core/lifecycle/fleet';
import { findTrustBundles } from '../../../../src/core/lifecycle/trust-bundles';
import type { CertificateSummary } from '../../../../src/core/x509/certificate';

/** Only the fields findTrustBundles reads. */
function ca(file: string, key = 'k1'): FleetCertificate {
  const certificate = { isCA: true, selfSigned: true, spkiSha256: key } as unknown as CertificateSummary;
  return { file, index: 0, span: { start: 0, end: 1 }, certificate };
}

describe('findTrustBundles: which single-CA files are bundles', () => {
  const rows: Array<[string, boolean]> = [
    ['pki/ca.crt', true],
    ['pki/ca-bundle.pem', true],
    ['pki/truststore.pem', true],
    ['etc/cacerts.pem', true],
    ['pki/roots.pem', true],
    ['pki/trust-anchors.pem', true],
    ['bundles/old-only.pem', true],
    ['deploy/truststore/current.pem', true],
    ['config/trust-anchors/2026.pem', true],
    ['pki/issuing-ca.pem', false],
    ['pki/root-ca.pem', false],
    ['pki/intermediate.pem', false],
    // Only the last two folders count: a checkout under a folder named "trust" is not a bundle.
    ['trust/repo/pki/issuing-ca.pem', false],
  ];
  for (const [file, bundle] of rows)
    it(`${file}: ${bundle ? 'a bundle' : 'not a bundle'}`, () => {
      assert.equal(findTrustBundles([ca(file)]).length, bundle ? 1 : 0);
    });

  it('two CA certificates in one file make a bundle whatever its name', () => {
    assert.equal(findTrustBundles([ca('pki/x.pem', 'a'), ca('pki/x.pem', 'b')]).length, 1);
  });

  it('a file that also holds a private key is never a bundle', () => {
    assert.equal(findTrustBundles([ca('bundles/ca.pem')], new Set(['bundles/ca.pem'])).length, 0);
  });
});
