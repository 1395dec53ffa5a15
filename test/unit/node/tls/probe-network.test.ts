/**
 * probeEndpoint through STARTTLS and HTTP CONNECT proxies, and its network
 * failures in plain words, against loopback servers (probe-harness.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tls from 'node:tls';
import { startConnectProxy, startNodeTlsServer, startRawServer, startSmtpServer } from '../../../support/tls-servers';
import type { ProbeOptions } from '../../../../src/node/tls/probe';
import { codes, probeHarness } from './probe-harness';

const h = probeHarness();
const check = h.check.bind(h);
const served = h.served.bind(h);

describe('STARTTLS SMTP', () => {
  for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`upgrades and reads the chain (${maxVersion})`, async () => {
      const ctx = tls.createSecureContext({ cert: h.pki.pem('leaf.pem') + h.pki.pem('int.pem'), key: h.pki.pem('leaf.key'), maxVersion });
      const server = await startSmtpServer('127.0.0.1', ctx);
      const { probe, report } = await check(`smtp://${server.address}`);
      assert.equal(probe.error, undefined, probe.error?.message);
      assert.equal(probe.starttls, 'smtp');
      assert.equal(probe.tls?.version, maxVersion);
      assert.deepEqual(served(probe), ['leaf', 'int']);
      assert.equal(report.verdict.status, 'ok');
    });
  }
  it('a server that does not offer STARTTLS: plain-words starttls error', async () => {
    const server = await startRawServer('127.0.0.1', (s) => {
      s.write('220 mail.test ESMTP\r\n');
      s.on('data', () => s.write('250 mail.test\r\n'));
    });
    const { probe } = await check(server.address, { starttls: 'smtp' });
    assert.equal(probe.error?.code, 'starttls');
    assert.match(probe.error?.message ?? '', /does not offer STARTTLS/);
  });
});

describe('HTTP CONNECT proxy', () => {
  it('explicit proxy URL with basic auth', async () => {
    const server = await startNodeTlsServer('127.0.0.1', {
      cert: h.pki.pem('leaf.pem') + h.pki.pem('int.pem'),
      key: h.pki.pem('leaf.key'),
    });
    const proxy = await startConnectProxy('127.0.0.1', 'user:p@ss');
    const { probe } = await check(server.address, { proxy: `http://user:p%40ss@${proxy.address}` });
    assert.equal(probe.error, undefined, probe.error?.message);
    assert.equal(probe.proxy, `http://${proxy.address}`);
    assert.deepEqual(served(probe), ['leaf', 'int']);
    assert.match(proxy.requests[0] ?? '', new RegExp(`^CONNECT 127\\.0\\.0\\.1:${server.port} HTTP/1\\.1`));
  });
  it('HTTPS_PROXY from the environment, and NO_PROXY bypasses it', async () => {
    const server = await startNodeTlsServer('127.0.0.1', { cert: h.pki.pem('leaf.pem'), key: h.pki.pem('leaf.key') });
    const proxy = await startConnectProxy('127.0.0.1');
    const viaEnv = await check(server.address, { proxy: undefined, env: { HTTPS_PROXY: `http://${proxy.address}` } });
    assert.equal(viaEnv.probe.proxy, `http://${proxy.address}`);
    assert.equal(proxy.requests.length, 1);
    const bypass = await check(server.address, {
      proxy: undefined,
      env: { HTTPS_PROXY: `http://${proxy.address}`, NO_PROXY: 'localhost,127.0.0.1' },
    });
    assert.equal(bypass.probe.proxy, undefined);
    assert.equal(bypass.probe.error, undefined);
    assert.equal(proxy.requests.length, 1);
  });
  it('missing credentials: the proxy says 407, reported in plain words', async () => {
    const server = await startNodeTlsServer('127.0.0.1', { cert: h.pki.pem('leaf.pem'), key: h.pki.pem('leaf.key') });
    const proxy = await startConnectProxy('127.0.0.1', 'user:pass');
    const { probe, report } = await check(server.address, { proxy: `http://${proxy.address}` });
    assert.equal(probe.error?.code, 'proxy');
    assert.match(probe.error?.message ?? '', /requires authentication \(407\)/);
    assert.deepEqual(codes(report), ['endpoint-unreachable']);
  });
});

describe('network failures in plain words', () => {
  it('refused', async () => {
    const server = await startRawServer('127.0.0.1', () => undefined);
    const address = server.address;
    await server.stop();
    const { probe, report } = await check(address);
    assert.equal(probe.error?.code, 'refused');
    assert.match(probe.error?.message ?? '', /connection refused/);
    assert.deepEqual(codes(report), ['endpoint-unreachable']);
    assert.equal(report.verdict.status, 'error');
  });
  it('accepts TCP and never answers: timed out (bounded wait)', async () => {
    const server = await startRawServer('127.0.0.1', () => undefined);
    const { probe } = await check(server.address, { timeoutMs: 300 });
    assert.equal(probe.error?.code, 'timeout');
    assert.match(probe.error?.message ?? '', /timed out after 300 ms waiting for the TLS handshake/);
  });
  it('a STARTTLS server that never greets: the timeout names the phase', async () => {
    const server = await startRawServer('127.0.0.1', () => undefined);
    const { probe } = await check(server.address, { starttls: 'smtp', timeoutMs: 300 });
    assert.equal(probe.error?.code, 'timeout');
    assert.match(probe.error?.message ?? '', /timed out after 300 ms during the SMTP STARTTLS exchange/);
  });
  it('sends garbage: not TLS', async () => {
    const server = await startRawServer('127.0.0.1', (s) => s.end('SSH-2.0-OpenSSH_9.6\r\n'));
    const { probe } = await check(server.address);
    assert.equal(probe.error?.code, 'not-tls');
    assert.match(probe.error?.message ?? '', /SSH-2\.0-OpenSSH_9\.6/);
  });
  it('resets mid-handshake', async () => {
    const server = await startRawServer('127.0.0.1', (s) => {
      s.once('data', () => {
        // The start of a ServerHello record, then a TCP RST.
        // The delay is not a timing assertion: Node turns a reset issued right after a write into a FIN.
        s.write(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00, 0x00]), () => setTimeout(() => s.resetAndDestroy(), 20));
      });
    });
    const { probe } = await check(server.address);
    assert.equal(probe.error?.code, 'reset');
    assert.match(probe.error?.message ?? '', /reset the connection/);
  });
  it('closes mid-handshake without an alert', async () => {
    const server = await startRawServer('127.0.0.1', (s) => {
      s.once('data', () => s.end(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x7a, 0x02])));
    });
    const { probe } = await check(server.address);
    assert.equal(probe.error?.code, 'closed');
    assert.match(probe.error?.message ?? '', /closed the connection during the TLS handshake/);
  });
  it('name not found (injected resolver, no DNS traffic)', async () => {
    const lookup: ProbeOptions['lookup'] = (hostname, _opts, cb) =>
      process.nextTick(() => cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4));
    const { probe } = await check('no-such-host.invalid:443', { lookup });
    assert.equal(probe.error?.code, 'name-not-found');
    assert.match(probe.error?.message ?? '', /name not found: no-such-host\.invalid/);
  });
  it('an unparsable target is a usage error, nothing connects', async () => {
    const { probe } = await check('[::1:443');
    assert.equal(probe.error?.code, 'usage');
  });
});
