/**
 * One parse per certificate: the summary and the validator's view are kept
 * on one record per DER, found by SHA-256 and checked byte for byte.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RECORDS, summarizeOnce, validatorView } from '../../../../src/core/analysis/certificate-parse';
import { parseCertificate } from '../../../../src/core/chain/certificate';
import { DerError } from '../../../../src/core/der/reader';
import { summarizeCertificate } from '../../../../src/core/x509/certificate';
import { nobleDigest, type DigestFn } from '../../../../src/core/x509/digest';
import { fixtureDer } from '../../../support/fixtures';

const healthy = fixtureDer('healthy.pem');
const root = fixtureDer('root.pem');

describe('summarizeOnce', () => {
  it('equals summarizeCertificate', async () => {
    for (const der of [healthy, root, fixtureDer('expired.pem'), fixtureDer('sha1.pem')])
      assert.deepEqual(await summarizeOnce(der.slice()), await summarizeCertificate(der));
  });
  it('a copy of the same bytes gets the same summary object', async () => {
    const a = await summarizeOnce(healthy.slice());
    assert.equal(await summarizeOnce(healthy.slice()), a);
  });
  it('a digest that collides does not merge two certificates: the bytes are compared', async () => {
    const constant: DigestFn = () => '00';
    const a = await summarizeOnce(healthy.slice(), constant);
    const b = await summarizeOnce(root.slice(), constant);
    assert.notEqual(a.subject, b.subject);
    assert.equal(b.subject, (await summarizeCertificate(root)).subject);
  });
  it('another digest function gets its own fingerprints', async () => {
    const upper: DigestFn = (alg, bytes) => String(nobleDigest(alg, bytes)).toUpperCase();
    const s = await summarizeOnce(healthy.slice(), upper);
    assert.equal(s.sha256, (await summarizeCertificate(healthy)).sha256.toUpperCase());
  });
  it('rejects malformed DER with DerError, every time', async () => {
    const bad = Uint8Array.of(0x30, 0x03, 0x02, 0x01);
    await assert.rejects(summarizeOnce(bad), DerError);
    await assert.rejects(summarizeOnce(bad), DerError);
  });
  it('stays correct past its bound (eviction changes timings only)', async () => {
    const copies = Array.from({ length: 3 }, () => healthy.slice());
    const first = await summarizeOnce(copies[0]!);
    // Many distinct DERs (the healthy certificate with one byte of its signature changed) push the record out.
    for (let i = 0; i < MAX_RECORDS + 10; i++) {
      const other = healthy.slice();
      other[other.length - 1] = i & 0xff;
      other[other.length - 2] = (i >> 8) & 0xff;
      await summarizeOnce(other);
    }
    assert.deepEqual(await summarizeOnce(copies[1]!), first);
  });
});

describe('validatorView', () => {
  it('equals the validator parse and never throws', () => {
    assert.deepEqual(validatorView(healthy.slice()), parseCertificate(healthy));
    assert.ok(validatorView(Uint8Array.of(0x30, 0x81, 0x00)) instanceof DerError);
  });
  it('copies of one certificate share one parse once summarised', async () => {
    const a = healthy.slice();
    const b = healthy.slice();
    await summarizeOnce(a);
    await summarizeOnce(b);
    assert.equal(validatorView(a), validatorView(b));
  });
  const sha = String(nobleDigest('SHA-256', healthy));
  it('copies whose SHA-256 the caller passes share one parse (items decoded in a worker)', () => {
    assert.equal(validatorView(healthy.slice(), sha), validatorView(healthy.slice(), sha));
  });
  it('a buffer parsed before its hash was known joins the shared record', () => {
    const early = healthy.slice();
    validatorView(early);
    assert.equal(validatorView(early, sha), validatorView(healthy.slice(), sha));
  });
  it('a SHA-256 that names other bytes does not merge them', () => {
    const v = validatorView(root.slice(), sha);
    const want = parseCertificate(root);
    assert.ok(!(v instanceof Error));
    assert.equal(v.subject.key, want.subject.key);
    assert.equal(validatorView(healthy.slice(), sha), validatorView(healthy.slice(), sha));
  });
  it('a buffer never summarised is parsed once for itself', () => {
    const c = root.slice();
    assert.equal(validatorView(c), validatorView(c));
  });
});
