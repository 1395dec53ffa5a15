/** Stapled OCSP analysis with responses made by `openssl ocsp` (test PKI generated per run). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyzeOcsp } from '../../../../src/core/tls/ocsp';
import { makePki, removePki, type Pki } from '../../../support/tls-servers';

let pki: Pki;
/** The run's clock, read after the PKI exists: certificates are issued "now" (to the second). */
let now: Date;
before(() => {
  pki = makePki();
  now = new Date();
});
after(() => {
  if (pki) removePki(pki);
});
const file = (name: string): Uint8Array => new Uint8Array(Buffer.from(pki.pem(name), 'latin1'));

describe('analyzeOcsp', () => {
  it('good, signed by the issuer', async () => {
    const r = await analyzeOcsp(file('ocsp-good.der'), pki.der('leaf.pem'), [pki.der('int.pem')], now);
    assert.equal(r.responseStatus, 'successful');
    assert.equal(r.status, 'good');
    assert.equal(r.signature, 'valid');
    assert.equal(r.signer, 'CN=CertLens Test Intermediate');
    assert.equal(r.stale, false);
    assert.ok(Date.parse(r.nextUpdate!) > Date.parse(r.thisUpdate!));
  });
  it('revoked with time and reason', async () => {
    const r = await analyzeOcsp(file('ocsp-revoked.der'), pki.der('leaf.pem'), [pki.der('root.pem'), pki.der('int.pem')], now);
    assert.equal(r.status, 'revoked');
    assert.equal(r.revokedAt, '2024-01-01T00:00:00.000Z');
    assert.equal(r.revocationReason, 'keyCompromise');
  });
  it('stale once nextUpdate has passed', async () => {
    const r = await analyzeOcsp(
      file('ocsp-good.der'),
      pki.der('leaf.pem'),
      [pki.der('int.pem')],
      new Date(now.getTime() + 30 * 86_400_000),
    );
    assert.equal(r.stale, true);
  });
  it('issuer not available: no-issuer, status still read', async () => {
    const r = await analyzeOcsp(file('ocsp-good.der'), pki.der('leaf.pem'), [pki.der('root.pem')], now);
    assert.equal(r.signature, 'no-issuer');
    assert.equal(r.status, 'good');
  });
  it('a response for another certificate: error, no status', async () => {
    const r = await analyzeOcsp(file('ocsp-good.der'), pki.der('client.pem'), [pki.der('int.pem')], now);
    assert.equal(r.status, undefined);
    assert.match(r.error ?? '', /does not cover the served leaf/);
  });
  const malformed: Array<[string, number[], string]> = [
    ['tryLater error response', [0x30, 0x03, 0x0a, 0x01, 0x03], 'tryLater'],
    ['unauthorized error response', [0x30, 0x03, 0x0a, 0x01, 0x06], 'unauthorized'],
    ['garbage', [1, 2, 3], 'unparsable'],
    ['empty', [], 'unparsable'],
  ];
  for (const [name, bytes, status] of malformed) {
    it(`${name}: never throws`, async () => {
      const r = await analyzeOcsp(new Uint8Array(bytes), pki.der('leaf.pem'), [pki.der('int.pem')], now);
      assert.equal(r.responseStatus, status);
      assert.equal(r.status, undefined);
    });
  }
  it('a truncated response: never throws', async () => {
    const der = file('ocsp-good.der');
    const r = await analyzeOcsp(der.subarray(0, der.length - 20), pki.der('leaf.pem'), [pki.der('int.pem')], now);
    assert.equal(r.status === undefined || r.signature === 'invalid', true);
  });
});
