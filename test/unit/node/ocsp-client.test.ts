/**
 * Online OCSP end to end on loopback: planOcspQuery (core) → postOcsp (node)
 * → a Node http responder answering with `openssl ocsp` → analyzeOcsp, all
 * through buildEndpointReport's opt-in `queryOcsp`. Certificates are made
 * per run (relative dates); the clock is read once after they exist.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildEndpointReport } from '../../../src/core/tls/report';
import type { ProbeResult } from '../../../src/core/tls/types';
import { OcspQueryError, postOcsp } from '../../../src/node/ocsp-client';
import { startOcspPki, type OcspPki } from '../../support/ocsp-responder';

let pki: OcspPki;
let now: Date;
before(async () => {
  pki = await startOcspPki();
  now = new Date();
});
after(async () => {
  await pki?.stop();
});

function probe(chain: Uint8Array[], extra: Partial<ProbeResult> = {}): ProbeResult {
  return {
    target: 'localhost:443',
    host: 'localhost',
    port: 443,
    servername: 'localhost',
    tls: { version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', alpn: null, handshakeMs: 1 },
    servedChain: chain,
    clientCertificateRequested: false,
    clientCertificateSent: false,
    capture: { source: 'handshake-bytes', notes: [] },
    ...extra,
  };
}
const query = (url: string, request: Uint8Array): Promise<Uint8Array> => postOcsp(url, request, { proxy: false, timeoutMs: 5000 });
const ocspCodes = (r: { problems: { code: string; severity: string }[] }): string[] =>
  r.problems
    .filter((p) => p.code.startsWith('ocsp'))
    .map((p) => `${p.code}/${p.severity}`)
    .sort();

describe('online OCSP through buildEndpointReport({ queryOcsp })', () => {
  const cases: Array<{
    name: string;
    leaf: string;
    served?: 'with-ca' | 'leaf-only';
    status?: string;
    signer?: RegExp;
    codes: string[];
    message?: RegExp;
  }> = [
    { name: 'good, signed by the issuer', leaf: 'good.pem', status: 'good', signer: /CertLens OCSP Test CA/, codes: [] },
    {
      name: 'revoked, with time and reason',
      leaf: 'revoked.pem',
      status: 'revoked',
      codes: ['ocsp-revoked/error'],
      message: /from http:\/\/127\.0\.0\.1:\d+\/ says the certificate is REVOKED since 2025-03-01T00:00:00\.000Z \(keyCompromise\)/,
    },
    { name: 'unknown to the responder', leaf: 'unknown.pem', status: 'unknown', codes: ['ocsp-unknown/warning'] },
    {
      name: 'good, signed by a delegated responder (id-kp-OCSPSigning)',
      leaf: 'delegated.pem',
      status: 'good',
      signer: /responder\.example\.test/,
      codes: [],
    },
    {
      name: 'responder unreachable: a plain warning, no crash',
      leaf: 'dead.pem',
      codes: ['ocsp-query-failed/warning'],
      message: /connection refused/,
    },
    { name: 'garbage answer', leaf: 'garbage.pem', codes: ['ocsp-invalid/warning'] },
    { name: 'HTTP 500', leaf: 'error.pem', codes: ['ocsp-query-failed/warning'], message: /HTTP 500/ },
    { name: 'no OCSP URL in the certificate', leaf: 'noaia.pem', codes: ['ocsp-not-queried/info'], message: /names no OCSP responder/ },
    { name: 'only a non-http responder', leaf: 'ldap.pem', codes: ['ocsp-not-queried/info'], message: /no http: OCSP responder \(ldap:/ },
    {
      name: 'issuer not served: no CertID, nothing sent',
      leaf: 'good.pem',
      served: 'leaf-only',
      codes: ['ocsp-not-queried/info'],
      message: /issuer certificate was not served/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const chain = c.served === 'leaf-only' ? [pki.der(c.leaf)] : [pki.der(c.leaf), pki.der('ca.pem')];
      const r = await buildEndpointReport(probe(chain), { now, queryOcsp: query });
      assert.deepEqual(ocspCodes(r), c.codes, r.problems.map((p) => p.message).join('; '));
      if (c.status) {
        assert.equal(r.ocsp?.stapled, false);
        assert.match(r.ocsp?.responder ?? '', /^http:\/\/127\.0\.0\.1:\d+\//);
        assert.equal(r.ocsp?.status, c.status);
        assert.equal(r.ocsp?.signature, 'valid');
        assert.ok(Date.parse(r.ocsp!.nextUpdate!) > Date.parse(r.ocsp!.thisUpdate!));
        if (c.signer) assert.match(r.ocsp?.signer ?? '', c.signer);
      }
      if (c.message) assert.match(r.problems.map((p) => p.message).join('\n'), c.message);
    });
  }

  it('without queryOcsp nothing is asked (opt-in)', async () => {
    const before = pki.received.length;
    const r = await buildEndpointReport(probe([pki.der('good.pem'), pki.der('ca.pem')]), { now });
    assert.equal(r.ocsp, undefined);
    assert.equal(pki.received.length, before);
  });

  it('a stapled response wins: the responder is not asked', async () => {
    const r = await buildEndpointReport(
      probe([pki.der('good.pem'), pki.der('ca.pem')], { ocsp: { response: new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x03]) } }),
      {
        now,
        queryOcsp: () => Promise.reject(new Error('must not be called')),
      },
    );
    assert.equal(r.ocsp?.stapled, true);
    assert.equal(r.ocsp?.responseStatus, 'tryLater');
  });

  it('an unreachable endpoint is not followed by an OCSP query', async () => {
    const r = await buildEndpointReport(
      probe([], { tls: undefined, error: { code: 'refused', message: 'connection refused' } } as Partial<ProbeResult>),
      {
        now,
        queryOcsp: () => Promise.reject(new Error('must not be called')),
      },
    );
    assert.equal(r.ocsp, undefined);
  });
});

describe('postOcsp', () => {
  const bad: Array<[string, string, RegExp]> = [
    ['not a URL', 'http//nope', /not a URL/],
    ['https responder refused', 'https://127.0.0.1:1/', /only http: OCSP responders/],
    ['proxy that is not http', 'http://127.0.0.1:1/', /only http:\/\/ proxies/],
  ];
  for (const [name, url, re] of bad) {
    it(`${name}: rejects with a plain OcspQueryError`, async () => {
      const err = await postOcsp(url, new Uint8Array([1]), { proxy: name.startsWith('proxy') ? 'socks5://127.0.0.1:1' : false }).catch(
        (e: unknown) => e,
      );
      assert.ok(err instanceof OcspQueryError);
      assert.match(err.message, re);
    });
  }
  it('through an explicit http proxy: the absolute URL is the request target', async () => {
    // The responder itself plays the proxy: it receives POST http://…/ and answers as usual.
    const body = await postOcsp('http://ocsp.example.test/garbage', new Uint8Array([1, 2]), { proxy: pki.url, timeoutMs: 5000 }).catch(
      (e: unknown) => e,
    );
    assert.ok(body instanceof Uint8Array, String(body));
    assert.equal(Buffer.from(body).toString(), 'this is not DER');
  });
});

describe('formatReport with a queried response', () => {
  it('says where the answer came from', async () => {
    const { formatReport } = await import('../../../src/core/tls/report-text');
    const r = await buildEndpointReport(probe([pki.der('revoked.pem'), pki.der('ca.pem')]), { now, queryOcsp: query });
    assert.match(
      formatReport(r),
      /OCSP {7}revoked · signature valid \(CN=CertLens OCSP Test CA\) · thisUpdate .* · not stapled: queried http:\/\/127\.0\.0\.1:\d+\//,
    );
  });
});
