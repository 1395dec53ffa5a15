import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText, type CertificateItem, type Item } from '../../../src/core/analysis/decode';
import { CertificateInterner } from '../../../src/node/certificate-interner';
import { nodeDigest } from '../../../src/node/digest';

const CERTS = join(__dirname, '..', '..', 'fixtures', 'certs');
const decode = async (name: string): Promise<Item[]> =>
  (await decodeText(readFileSync(join(CERTS, name), 'utf8'), { digest: nodeDigest })).items;
const cert = (items: readonly Item[], i = 0): CertificateItem => {
  const item = items[i];
  assert.equal(item?.kind, 'certificate');
  return item as CertificateItem;
};

describe('CertificateInterner', () => {
  it('shares the DER and summary of a certificate seen before, keeping each copy its own span and label', async () => {
    const interner = new CertificateInterner();
    const a = interner.items(await decode('expired.pem'));
    const b = interner.items(await decode('expired.pem'));
    assert.notEqual(b[0], a[0]);
    assert.equal(cert(b).der, cert(a).der);
    assert.equal(cert(b).certificate, cert(a).certificate);
    assert.deepEqual(cert(b).span, cert(a).span);
  });

  it('leaves distinct certificates and other items alone', async () => {
    const interner = new CertificateInterner();
    const a = interner.items(await decode('expired.pem'));
    const other = await decode('future.pem');
    const keys = await decode('healthy.key');
    const before = [...other, ...keys];
    const after = interner.items([...other, ...keys]);
    after.forEach((item, i) => assert.equal(item, before[i]));
    assert.notEqual(cert(after).der, cert(a).der);
  });

  it('never merges two certificates whose bytes differ, even under one SHA-256 label', async () => {
    const interner = new CertificateInterner();
    const a = cert(interner.items(await decode('expired.pem')));
    const forged = { ...a, der: a.der.slice().fill(0, 10, 20) };
    const [out] = interner.items([forged]);
    assert.equal(out, forged);
  });
});
