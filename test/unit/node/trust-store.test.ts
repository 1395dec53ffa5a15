import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { describe, it } from 'node:test';
import { loadTrustStore, pemCertificates } from '../../../src/node/trust-store.js';

const ROOT = rootCertificates[0]!;
const OTHER = rootCertificates[1]!;
const files: Record<string, string> = {
  '/bundle.crt': `${ROOT}\n${OTHER}\n`,
  '/extra.pem': `junk before\r\n${OTHER}\r\ntrailing`,
  '/own.pem': ROOT.replace('-----BEGIN CERTIFICATE-----', '-----BEGIN CERTIFICATE-----\r\n'),
  '/empty.pem': 'no pem here',
};
const readText = async (p: string): Promise<string> => {
  const t = files[p];
  if (t === undefined) throw new Error(`ENOENT: ${p}`);
  return t;
};

describe('pemCertificates', () => {
  const cases: [string, string, number][] = [
    ['one block', ROOT, 1],
    ['CRLF and junk between blocks', `x\r\n${ROOT}\r\njunk\r\n${OTHER}`, 2],
    ['mismatched END', ROOT.replace('END CERTIFICATE', 'END X509 CRL'), 0],
    ['nothing', '', 0],
  ];
  for (const [name, text, n] of cases) it(name, () => assert.equal(pemCertificates(text).length, n));
});

describe('loadTrustStore', () => {
  it('loads Node roots, skipping system duplicates', async () => {
    const s = await loadTrustStore({ systemBundle: '/bundle.crt', readText });
    assert.equal(s.anchors.length, rootCertificates.length);
    assert.ok(s.anchors.every((a) => a.source === 'store'));
    assert.deepEqual(s.errors, []);
  });
  it('tolerates a missing system bundle', async () => {
    const s = await loadTrustStore({ systemBundle: '/missing', readText });
    assert.equal(s.anchors.length, rootCertificates.length);
  });
  it('--no-system-trust keeps only extra anchors, marked extra', async () => {
    const s = await loadTrustStore({ systemTrust: false, extraFiles: ['/extra.pem'], readText });
    assert.equal(s.anchors.length, 1);
    assert.equal(s.anchors[0]!.source, 'extra');
    assert.deepEqual(s.anchors[0]!.ref, { origin: 'extra', file: '/extra.pem', index: 0 });
  });
  it('reports unreadable and empty extra files', async () => {
    const s = await loadTrustStore({ systemTrust: false, extraFiles: ['/nope.pem', '/empty.pem', '/own.pem'], readText });
    assert.equal(s.anchors.length, 1);
    assert.deepEqual(
      s.errors.map((e) => e.file),
      ['/nope.pem', '/empty.pem'],
    );
  });
});
