import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildInventory } from '../../../../src/core/analysis/inventory';
import type { CertificateSummary } from '../../../../src/core/x509/certificate';

const DAY = 86_400_000;
function cert(sha256: string, subject: string, notBefore: number, notAfter: number, sans: string[] = []): CertificateSummary {
  return {
    sha256,
    subject,
    subjectAltNames: sans,
    notBefore: notBefore * DAY,
    notAfter: notAfter * DAY,
    isCA: false,
  } as unknown as CertificateSummary;
}

describe('buildInventory', () => {
  it('sorts by expiry and deduplicates by SHA-256, keeping every location', () => {
    const inv = buildInventory([
      { certificate: cert('b', 'CN=b', 0, 90), file: 'x.pem', index: 0 },
      { certificate: cert('a', 'CN=a', 0, 30), file: 'y.pem', index: 1 },
      { certificate: cert('b', 'CN=b', 0, 90), file: 'z.pem', index: 0 },
    ]);
    assert.deepEqual(
      inv.entries.map((e) => e.certificate.sha256),
      ['a', 'b'],
    );
    assert.deepEqual(inv.entries[1]!.locations, [
      { file: 'x.pem', index: 0 },
      { file: 'z.pem', index: 0 },
    ]);
  });

  const series: Array<[string, number, number, number | undefined]> = [
    ['overlap of 30 days', 60, 90, 30 * DAY],
    ['gap of 10 days', 100, 190, -10 * DAY],
    ['back to back', 90, 180, 0],
  ];
  for (const [name, nb, na, overlap] of series) {
    it(`rotation series: ${name}`, () => {
      const inv = buildInventory([
        { certificate: cert('old', 'CN=api', 0, 90, ['DNS:api']), file: 'old.pem', index: 0 },
        { certificate: cert('new', 'CN=api', nb, na, ['DNS:api']), file: 'new.pem', index: 0 },
      ]);
      const old = inv.entries.find((e) => e.certificate.sha256 === 'old')!;
      assert.equal(old.successor, 'new');
      assert.equal(old.overlapMs, overlap);
      assert.equal(inv.entries.find((e) => e.certificate.sha256 === 'new')!.successor, undefined);
    });
  }

  it('different SANs are different series', () => {
    const inv = buildInventory([
      { certificate: cert('a', 'CN=api', 0, 90, ['DNS:a']), file: 'a.pem', index: 0 },
      { certificate: cert('b', 'CN=api', 60, 150, ['DNS:b']), file: 'b.pem', index: 0 },
    ]);
    assert.ok(inv.entries.every((e) => e.successor === undefined));
  });

  it('an empty workspace gives an empty inventory', () => {
    assert.deepEqual(buildInventory([]).entries, []);
  });
});
