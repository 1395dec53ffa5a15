/**
 * probeEndpoint + buildEndpointReport against real servers on loopback:
 * `openssl s_server` (TLS 1.2 and 1.3) and Node TLS servers. Every server is
 * stopped in after(), whatever happened.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tls from 'node:tls';
import { buildEndpointReport } from '../../../../src/core/tls/report';
import { probeEndpoint } from '../../../../src/node/tls/probe';
import { ipv6Available, showCerts, startConnectProxy, startNodeTlsServer, startOpenSslServer } from '../../../support/tls-servers';
import { codes, probeHarness } from './probe-harness';

const h = probeHarness();
const check = h.check.bind(h);
const served = h.served.bind(h);

const hex = (list: Uint8Array[]): string[] => list.map((c) => Buffer.from(c).toString('hex'));

for (const version of ['-tls1_2', '-tls1_3'] as const) {
  const expectedVersion = version === '-tls1_2' ? 'TLSv1.2' : 'TLSv1.3';
  describe(`openssl s_server ${version}`, () => {
    const leafArgs = ['-cert', 'leaf.pem', '-key', 'leaf.key', version];

    const chainCases: Array<{ name: string; args: string[]; order: string[]; codes: string[]; authorizationError?: string }> = [
      { name: 'good chain', args: ['-cert_chain', 'chain-int.pem'], order: ['leaf', 'int'], codes: [] },
      {
        name: 'misordered chain (leaf, root, int)',
        args: ['-cert_chain', 'chain-root-int.pem'],
        order: ['leaf', 'root', 'int'],
        codes: ['chain-misordered', 'chain-root-included'],
      },
      { name: 'leaf only', args: [], order: ['leaf'], codes: [], authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
      {
        name: 'root included',
        args: ['-cert_chain', 'chain-int-root.pem'],
        order: ['leaf', 'int', 'root'],
        codes: ['chain-root-included'],
      },
    ];
    for (const c of chainCases) {
      it(`${c.name}: served order as sent, same as s_client -showcerts`, async () => {
        const server = await startOpenSslServer(h.pki, '127.0.0.1', [...leafArgs, ...c.args]);
        const { probe, report } = await check(server.address);
        assert.equal(probe.error, undefined, probe.error?.message);
        assert.equal(probe.tls?.version, expectedVersion);
        assert.deepEqual(served(probe), c.order);
        assert.deepEqual(hex(probe.servedChain), hex(showCerts(server.address, 'localhost')));
        assert.deepEqual(codes(report), c.codes);
        assert.equal(probe.authorizationError, c.authorizationError);
        assert.equal(report.verdict.status, c.codes.includes('chain-misordered') ? 'warning' : 'ok');
        assert.deepEqual(
          report.servedChain.map((s) => s.role),
          c.order.map((n, i) => (i === 0 ? 'leaf' : n === 'root' ? 'root' : 'intermediate')),
        );
      });
    }

    it('Node caveat: getPeerCertificate(true) hides the served order that the probe reports', async () => {
      const server = await startOpenSslServer(h.pki, '127.0.0.1', [...leafArgs, '-cert_chain', 'chain-root-int.pem']);
      const nodeView = await new Promise<string[]>((resolve, reject) => {
        const s = tls.connect(
          { host: server.host, port: server.port, servername: 'localhost', rejectUnauthorized: false, ca: [h.pki.pem('root.pem')] },
          () => {
            const out: string[] = [];
            for (
              let c: tls.DetailedPeerCertificate | undefined = s.getPeerCertificate(true);
              c?.raw && out.length < 5;
              c = c.issuerCertificate === c ? undefined : c.issuerCertificate
            ) {
              out.push(c.raw.toString('hex'));
            }
            s.destroy();
            resolve(out);
          },
        );
        s.once('error', reject);
      });
      const names = ['leaf', 'int', 'root'];
      const ders = names.map((n) => Buffer.from(h.pki.der(`${n}.pem`)).toString('hex'));
      assert.deepEqual(
        nodeView.map((h) => names[ders.indexOf(h)]),
        ['leaf', 'int', 'root'],
      );
      const { probe } = await check(server.address);
      assert.deepEqual(served(probe), ['leaf', 'root', 'int']);
    });

    it('expired leaf: cert-expired on #1 and OpenSSL agrees', async () => {
      const server = await startOpenSslServer(h.pki, '127.0.0.1', [
        '-cert',
        'leaf-expired.pem',
        '-key',
        'leaf-expired.key',
        '-cert_chain',
        'chain-int.pem',
        version,
      ]);
      const { probe, report } = await check(server.address);
      assert.deepEqual(served(probe), ['leaf-expired', 'int']);
      const expired = report.problems.find((p) => p.code === 'cert-expired');
      assert.equal(expired?.severity, 'error');
      assert.equal(expired?.certIndex, 0);
      assert.equal(probe.authorizationError, 'CERT_HAS_EXPIRED');
      assert.equal(report.verdict.status, 'error');
      assert.match(report.servedChain[0]!.countdown.text, /^expired \d+ (days|months|years?) ago$/);
    });

    it('wrong hostname: hostname-mismatch', async () => {
      const server = await startOpenSslServer(h.pki, '127.0.0.1', [...leafArgs, '-cert_chain', 'chain-int.pem']);
      const { probe, report } = await check(server.address, { servername: 'wrong.example' });
      assert.equal(probe.servername, 'wrong.example');
      assert.deepEqual(codes(report), ['hostname-mismatch']);
      assert.equal(probe.authorizationError, 'ERR_TLS_CERT_ALTNAME_INVALID');
    });

    it('self-signed leaf', async () => {
      const server = await startOpenSslServer(h.pki, '127.0.0.1', ['-cert', 'selfsigned.pem', '-key', 'selfsigned.key', version]);
      const { probe, report } = await check(server.address);
      assert.deepEqual(served(probe), ['selfsigned']);
      assert.equal(report.servedChain[0]?.role, 'self-signed');
      assert.equal(probe.authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    });

    describe('client certificate required', () => {
      const mtls = [...leafArgs, '-cert_chain', 'chain-int.pem', '-Verify', '1', '-CAfile', 'root.pem'];
      it('without a client certificate: unreachable, alert named, served chain still read', async () => {
        const server = await startOpenSslServer(h.pki, '127.0.0.1', mtls);
        const { probe, report } = await check(server.address);
        assert.equal(probe.clientCertificateRequested, true);
        assert.equal(probe.error?.code, 'handshake');
        assert.equal(probe.error?.alert, version === '-tls1_3' ? 'certificate required' : 'handshake failure');
        assert.deepEqual(served(probe), ['leaf', 'int']);
        const f = report.problems.find((p) => p.code === 'endpoint-unreachable');
        assert.match(f?.message ?? '', /requires a client certificate/);
      });
      it('with a PEM client certificate and key', async () => {
        const server = await startOpenSslServer(h.pki, '127.0.0.1', mtls);
        const { probe, report } = await check(server.address, { cert: h.pki.pem('client-chain.pem'), key: h.pki.pem('client.key') });
        assert.equal(probe.error, undefined, probe.error?.message);
        assert.equal(probe.clientCertificateSent, true);
        assert.deepEqual(codes(report), ['client-certificate-requested']);
      });
      it('with a PKCS#12 client certificate', async () => {
        const server = await startOpenSslServer(h.pki, '127.0.0.1', mtls);
        const pfx = new Uint8Array(Buffer.from(h.pki.pem('client.p12'), 'latin1'));
        const { probe } = await check(server.address, { pfx, passphrase: 'secret' });
        assert.equal(probe.error, undefined, probe.error?.message);
      });
      it('with a wrong PKCS#12 password: a plain-words client-certificate error', async () => {
        const pfx = new Uint8Array(Buffer.from(h.pki.pem('client.p12'), 'latin1'));
        const server = await startOpenSslServer(h.pki, '127.0.0.1', mtls);
        const { probe } = await check(server.address, { pfx, passphrase: 'wrong' });
        assert.equal(probe.error?.code, 'client-certificate');
      });
    });

    describe('OCSP stapling', () => {
      it('good response, signature checked against the served issuer', async () => {
        const server = await startOpenSslServer(h.pki, '127.0.0.1', [
          ...leafArgs,
          '-cert_chain',
          'chain-int.pem',
          '-status_file',
          'ocsp-good.der',
        ]);
        const { probe, report } = await check(server.address);
        assert.ok(probe.ocsp, 'a stapled response was captured');
        assert.equal(report.ocsp?.status, 'good');
        assert.equal(report.ocsp?.signature, 'valid');
        assert.equal(report.ocsp?.signer, 'CN=CertLens Test Intermediate');
        assert.ok(report.ocsp?.thisUpdate && report.ocsp.nextUpdate);
        assert.deepEqual(codes(report), []);
      });
      it('revoked response: ocsp-revoked error with reason', async () => {
        const server = await startOpenSslServer(h.pki, '127.0.0.1', [
          ...leafArgs,
          '-cert_chain',
          'chain-int.pem',
          '-status_file',
          'ocsp-revoked.der',
        ]);
        const { report } = await check(server.address);
        assert.equal(report.ocsp?.status, 'revoked');
        assert.equal(report.ocsp?.revocationReason, 'keyCompromise');
        assert.equal(report.ocsp?.revokedAt, '2024-01-01T00:00:00.000Z');
        assert.deepEqual(codes(report), ['ocsp-revoked']);
      });
      it('must-staple leaf without a staple: ocsp-must-staple-missing', async () => {
        const server = await startOpenSslServer(h.pki, '127.0.0.1', [
          '-cert',
          'leaf-muststaple.pem',
          '-key',
          'leaf-muststaple.key',
          '-cert_chain',
          'chain-int.pem',
          version,
        ]);
        const { report } = await check(server.address);
        assert.equal(report.mustStaple, true);
        assert.deepEqual(codes(report), ['ocsp-must-staple-missing']);
      });
    });
  });
}

describe('IPv6 loopback', () => {
  it('s_server on [::1]: misordered chain read as sent', async (t) => {
    if (!(await ipv6Available())) return t.skip('IPv6 loopback (::1) is not available here');
    const server = await startOpenSslServer(h.pki, '::1', ['-cert', 'leaf.pem', '-key', 'leaf.key', '-cert_chain', 'chain-root-int.pem']);
    const { probe, report } = await check(server.address);
    assert.equal(probe.host, '::1');
    assert.deepEqual(served(probe), ['leaf', 'root', 'int']);
    assert.deepEqual(codes(report), ['chain-misordered', 'chain-root-included']);
  });
  it('Node TLS server on [::1] without SNI: the IP SAN matches', async (t) => {
    if (!(await ipv6Available())) return t.skip('IPv6 loopback (::1) is not available here');
    const server = await startNodeTlsServer('::1', { cert: h.pki.pem('leaf.pem') + h.pki.pem('int.pem'), key: h.pki.pem('leaf.key') });
    const probe = await probeEndpoint(server.address, { ca: [h.pki.pem('root.pem')], systemTrust: false, proxy: false });
    const report = await buildEndpointReport(probe, { now: h.now });
    assert.equal(probe.servername, null);
    assert.deepEqual(served(probe), ['leaf', 'int']);
    assert.equal(probe.authorizationError, undefined);
    assert.deepEqual(codes(report), []);
  });
});

describe('IPv6 through a proxy', () => {
  it('CONNECT [::1]:port from a proxy on 127.0.0.1', async (t) => {
    if (!(await ipv6Available())) return t.skip('IPv6 loopback (::1) is not available here');
    const server = await startNodeTlsServer('::1', { cert: h.pki.pem('leaf.pem') + h.pki.pem('int.pem'), key: h.pki.pem('leaf.key') });
    const proxy = await startConnectProxy('127.0.0.1');
    const { probe } = await check(server.address, { proxy: `http://${proxy.address}` });
    assert.equal(probe.error, undefined, probe.error?.message);
    assert.match(proxy.requests[0] ?? '', new RegExp(`^CONNECT \\[::1\\]:${server.port} HTTP/1\\.1`));
    assert.deepEqual(served(probe), ['leaf', 'int']);
  });
});

describe('Node TLS server features', () => {
  it('ALPN is negotiated and reported', async () => {
    const server = await startNodeTlsServer('127.0.0.1', {
      cert: h.pki.pem('leaf.pem') + h.pki.pem('int.pem'),
      key: h.pki.pem('leaf.key'),
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    const { probe } = await check(server.address, { alpn: ['http/1.1'] });
    assert.equal(probe.tls?.alpn, 'http/1.1');
  });
  it('a chain decrypted with ChaCha20-Poly1305 (TLS 1.3)', async () => {
    const server = await startNodeTlsServer('127.0.0.1', {
      cert: h.pki.pem('leaf.pem') + h.pki.pem('int.pem'),
      key: h.pki.pem('leaf.key'),
      ciphers: 'TLS_CHACHA20_POLY1305_SHA256',
      minVersion: 'TLSv1.3',
    });
    const { probe } = await check(server.address);
    assert.equal(probe.tls?.cipher, 'TLS_CHACHA20_POLY1305_SHA256');
    assert.deepEqual(served(probe), ['leaf', 'int']);
  });
  it('a chain decrypted with AES-128-GCM (TLS 1.3)', async () => {
    const server = await startNodeTlsServer('127.0.0.1', {
      cert: h.pki.pem('leaf.pem') + h.pki.pem('int.pem'),
      key: h.pki.pem('leaf.key'),
      ciphers: 'TLS_AES_128_GCM_SHA256',
      minVersion: 'TLSv1.3',
    });
    const { probe } = await check(server.address);
    assert.equal(probe.tls?.cipher, 'TLS_AES_128_GCM_SHA256');
    assert.deepEqual(served(probe), ['leaf', 'int']);
  });
});
