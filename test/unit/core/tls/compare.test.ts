/** "Compare with a workspace file": fingerprint and SPKI against the served chain, on a generated PKI. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { decodeText } from '../../../../src/core/analysis/decode';
import { certificateMaterial, compareWithServed, type FileMaterial, type ServedSummary } from '../../../../src/core/tls/compare';
import { decodeServed } from '../../../../src/core/tls/served-cert';
import { makePki, pemToDer, removePki, type Pki } from '../../../support/tls-servers';

let pki: Pki;
let served: ServedSummary[];
before(async () => {
  pki = makePki();
  // Same key as the leaf, different certificate: what a repo holds after the server re-issued.
  execFileSync(
    'openssl',
    ['req', '-new', '-x509', '-key', 'leaf.key', '-subj', '/CN=localhost', '-days', '1', '-out', 'leaf-reissued.pem'],
    { cwd: pki.dir, stdio: 'ignore' },
  );
  served = await Promise.all(
    ['leaf', 'int', 'root'].map(async (n, i) => {
      const d = await decodeServed(pki.der(`${n}.pem`), i);
      assert.ok(d.ok);
      return d.cert;
    }),
  );
});
after(() => {
  if (pki) removePki(pki);
});

async function material(...names: string[]): Promise<FileMaterial[]> {
  const ders = names.flatMap((n) => pemToDer(pki.pem(`${n}.pem`)));
  return certificateMaterial(ders.map((der, index) => ({ index, der })));
}

describe('compareWithServed', () => {
  it('the served leaf itself: same certificate', async () => {
    const r = compareWithServed(await material('leaf'), served);
    assert.equal(r.verdict, 'same-certificate');
    assert.match(r.text, /^same certificate: block 1 of the file is the served leaf \(CN=localhost\)/);
    assert.deepEqual(
      r.matches.map((m) => [m.verdict, m.servedIndex]),
      [['same-certificate', 0]],
    );
  });

  it('a full chain file whose second block is the leaf', async () => {
    const r = compareWithServed(await material('int', 'leaf'), served);
    assert.equal(r.verdict, 'same-certificate');
    assert.match(r.text, /block 2/);
    assert.deepEqual(
      r.matches.map((m) => m.servedIndex),
      [1, 0],
    );
  });

  it('a re-issued certificate with the same key: same key, different certificate', async () => {
    const r = compareWithServed(await material('leaf-reissued'), served);
    assert.equal(r.verdict, 'same-key');
    assert.match(
      r.text,
      /^same key, different certificate: block 1 of the file .* has the served leaf's key, but the server sends another certificate \(serial /,
    );
  });

  it("the leaf's private key: same key", async () => {
    const decoded = await decodeText(pki.pem('leaf.key'));
    const keys: FileMaterial[] = decoded.items.flatMap((it, index) =>
      it.kind === 'private-key' && it.key.spkiSha256 ? [{ kind: 'key' as const, index, spkiSha256: it.key.spkiSha256 }] : [],
    );
    assert.equal(keys.length, 1, 'the key decodes with its SPKI hash');
    const r = compareWithServed(keys, served);
    assert.equal(r.verdict, 'same-key');
    assert.match(r.text, /^same key: block 1 of the file is the key of the served leaf/);
  });

  it('an unrelated certificate: different', async () => {
    const r = compareWithServed(await material('selfsigned'), served);
    assert.equal(r.verdict, 'different');
    assert.match(r.text, /^different: nothing in the file matches the served leaf \(CN=localhost\) by fingerprint or key$/);
  });

  it('only the intermediate: different for the leaf, but says which served certificate it is', async () => {
    const r = compareWithServed(await material('int'), served);
    assert.equal(r.verdict, 'different');
    assert.match(r.text, /block 1 matches served certificate #2/);
  });

  it('hashes compare case- and separator-insensitively', () => {
    const leaf = served[0]!;
    const colon = leaf.sha256.toUpperCase().replace(/(..)(?!$)/g, '$1:');
    const r = compareWithServed([{ kind: 'certificate', index: 0, sha256: colon }], served);
    assert.equal(r.verdict, 'same-certificate');
  });

  it('empty inputs', async () => {
    assert.match(compareWithServed([], served).text, /no certificate or public key/);
    assert.match(compareWithServed(await material('leaf'), []).text, /served no certificate/);
  });

  it('an undecodable certificate is skipped, not thrown', async () => {
    const m = await certificateMaterial([{ index: 0, der: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]) }]);
    assert.deepEqual(m, []);
  });
});
