/**
 * A server that sends more certificates than OpenSSL accepts (issue 16):
 * the answer says what was received and why the handshake stopped, and the
 * certificates that arrived whole are shown. Node TLS servers on 127.0.0.1
 * serve the leaf and then the intermediate 1,000 times (~420 KiB, over
 * OpenSSL's 100 KiB max_cert_list).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildEndpointReport } from '../../../../src/core/tls/report';
import { probeEndpoint } from '../../../../src/node/tls/probe';
import { makePki, removePki, startNodeTlsServer, stopAll, type Pki } from '../../../support/tls-servers';

let pki: Pki;
before(() => {
  pki = makePki();
});
after(async () => {
  await stopAll();
  if (pki) removePki(pki);
});

describe('an oversized served chain', () => {
  for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`${maxVersion}: 1,001 certificates → what arrived, why it stopped, and the certificates read`, async () => {
      const cert = pki.pem('leaf.pem') + pki.pem('int.pem').repeat(1000);
      const srv = await startNodeTlsServer('127.0.0.1', { cert, key: pki.pem('leaf.key'), maxVersion });
      const probe = await probeEndpoint(srv.address, { servername: 'localhost', systemTrust: false, proxy: false, timeoutMs: 8000 });
      assert.equal(probe.error?.code, 'handshake');
      assert.match(
        probe.error.message,
        /^handshake stopped: the server's Certificate message is \d+\.\d KiB, more than the 100\.0 KiB OpenSSL accepts for a certificate chain \(max_cert_list\), so the client ended the handshake; (\d+) certificate\(s\) arrived whole in the first [\d.]+ KiB and are shown$/,
      );
      const shown = Number(/; (\d+) certificate/.exec(probe.error.message)?.[1]);
      assert.ok(shown > 10, `${shown} certificates read`);
      assert.equal(probe.servedChain.length, shown);
      assert.deepEqual(probe.servedChain[0], pki.der('leaf.pem'));
      assert.deepEqual(probe.servedChain[1], pki.der('int.pem'));
      assert.equal(probe.capture.source, 'handshake-bytes');

      const report = await buildEndpointReport(probe, { now: new Date(), anchors: [pki.der('root.pem')], systemTrust: false });
      assert.equal(report.servedChain.length, shown, 'the report lists the certificates that were read');
      assert.ok(report.problems.some((p) => p.code === 'endpoint-unreachable' && /max_cert_list/.test(p.message)));
    });
  }
});
