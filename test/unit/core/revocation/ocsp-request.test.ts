/** planOcspQuery: the OCSPRequest it builds, read back with pkijs and with `openssl ocsp -reqin`; malformed input never throws. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as pkijs from 'pkijs';
import { planOcspQuery } from '../../../../src/core/revocation/ocsp-request';
import { startOcspPki, type OcspPki } from '../../../support/ocsp-responder';

let pki: OcspPki;
before(async () => {
  pki = await startOcspPki();
});
after(async () => {
  await pki?.stop();
});

describe('planOcspQuery', () => {
  it('SHA-1 CertID of the issuer name and key, the leaf serial, the AIA URL', async () => {
    const plan = await planOcspQuery(pki.der('good.pem'), [pki.der('responder.pem'), pki.der('ca.pem')]);
    assert.ok(plan.ok, plan.ok ? '' : plan.reason);
    assert.equal(plan.url, `${pki.url}/`);
    assert.deepEqual(plan.issuer, pki.der('ca.pem'));
    const req = pkijs.OCSPRequest.fromBER(plan.request as Uint8Array<ArrayBuffer>);
    const id = req.tbsRequest.requestList[0]!.reqCert;
    assert.equal(id.hashAlgorithm.algorithmId, '1.3.14.3.2.26');
    assert.equal(id.issuerNameHash.valueBlock.valueHexView.length, 20);
    const leaf = pkijs.Certificate.fromBER(pki.der('good.pem') as Uint8Array<ArrayBuffer>);
    assert.deepEqual(Buffer.from(id.serialNumber.valueBlock.valueHexView), Buffer.from(leaf.serialNumber.valueBlock.valueHexView));
    const file = join(pki.dir, 'plan-req.der');
    writeFileSync(file, plan.request);
    const text = execFileSync('openssl', ['ocsp', '-reqin', file, '-req_text', '-noverify'], { encoding: 'latin1' });
    assert.match(text, /Hash Algorithm: sha1/);
    assert.match(text, /Serial Number: 5001/);
  });

  const bad: Array<[string, Uint8Array, Uint8Array[], RegExp]> = [
    ['garbage leaf', new Uint8Array([1, 2, 3]), [], /cannot build the OCSP request/],
    ['empty leaf', new Uint8Array(0), [], /cannot build the OCSP request/],
  ];
  it('no issuer among the candidates: a reason, no request', async () => {
    const plan = await planOcspQuery(pki.der('good.pem'), [pki.der('responder.pem'), new Uint8Array([0x30, 0x00])]);
    assert.equal(plan.ok, false);
    assert.match(plan.ok ? '' : plan.reason, /issuer certificate was not served/);
  });
  it('truncated leaf: a reason, never throws', async () => {
    const der = pki.der('good.pem');
    const plan = await planOcspQuery(der.subarray(0, der.length - 10), [pki.der('ca.pem')]);
    assert.equal(plan.ok, false);
  });
  it('trailing bytes after the leaf: still one request for the leaf', async () => {
    const der = pki.der('good.pem');
    const plan = await planOcspQuery(new Uint8Array([...der, 0, 0]), [pki.der('ca.pem')]);
    assert.equal(typeof plan.ok, 'boolean');
  });
  for (const [name, leaf, candidates, re] of bad) {
    it(`${name}: a reason, never throws`, async () => {
      const plan = await planOcspQuery(leaf, candidates);
      assert.equal(plan.ok, false);
      assert.match(plan.ok ? '' : plan.reason, re);
    });
  }
});
