/**
 * Each hand-written STARTTLS prelude against a minimal local server of that
 * protocol, which then upgrades to TLS. Loopback only; servers stopped in after().
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tls from 'node:tls';
import { STARTTLS_PROTOCOLS } from '../../../../src/core/tls/target';
import { probeEndpoint } from '../../../../src/node/tls/probe';
import { makePki, removePki, startRawServer, startStartTlsServer, stopAll, type Pki } from '../../../support/tls-servers';

let pki: Pki;
let context: tls.SecureContext;
before(() => {
  pki = makePki();
  context = tls.createSecureContext({ cert: pki.pem('leaf.pem') + pki.pem('int.pem'), key: pki.pem('leaf.key') });
});
after(async () => {
  await stopAll();
  if (pki) removePki(pki);
});

describe('STARTTLS preludes', () => {
  for (const protocol of STARTTLS_PROTOCOLS) {
    it(`${protocol}: upgrades and reads the served chain`, async () => {
      const server = await startStartTlsServer(protocol, '127.0.0.1', context);
      const r = await probeEndpoint(server.address, { starttls: protocol, servername: 'localhost', proxy: false, timeoutMs: 5000 });
      assert.equal(r.error, undefined, r.error?.message);
      assert.equal(r.starttls, protocol);
      assert.equal(r.servedChain.length, 2);
      assert.deepEqual([...r.servedChain[0]!], [...pki.der('leaf.pem')]);
    });
  }
  it('LDAP request bytes are the RFC 4511 StartTLS ExtendedRequest', async () => {
    const server = await startStartTlsServer('ldap', '127.0.0.1', context);
    await probeEndpoint(server.address, { starttls: 'ldap', servername: 'localhost', proxy: false });
    const first = Buffer.concat(server.received).subarray(0, 31);
    assert.equal(first.toString('hex'), `301d02010177188016${Buffer.from('1.3.6.1.4.1.1466.20037').toString('hex')}`);
  });
  const refusals: Array<[string, (s: import('node:net').Socket) => void, RegExp]> = [
    ['postgres', (s) => s.once('data', () => s.write('N')), /does not accept TLS/],
    ['pop3', (s) => (s.write('+OK\r\n'), s.once('data', () => s.write('-ERR no\r\n'))), /STLS refused/],
    ['imap', (s) => s.write('* BYE go away\r\n'), /unexpected greeting/],
    ['ftp', (s) => (s.write('220 hi\r\n'), s.once('data', () => s.write('502 no TLS here\r\n'))), /AUTH TLS refused/],
    ['smtp', (s) => s.end('554 no service\r\n'), /unexpected greeting/],
    [
      'ldap',
      (s) =>
        s.once('data', () => s.write(Buffer.from([0x30, 0x0c, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0a, 0x01, 0x02, 0x04, 0x00, 0x04, 0x00]))),
      /resultCode 2/,
    ],
    ['mysql', (s) => s.write(Buffer.from([5, 0, 0, 0, 0xff, 0x10, 0x04, 0x23, 0x48])), /refused the connection/],
    ['smtp', (s) => s.end('220 hi\r\n'), /closed the connection while waiting for the SMTP EHLO reply/],
  ];
  for (const [protocol, behave, message] of refusals) {
    it(`${protocol}: a refusal is a plain-words starttls error (${message.source})`, async () => {
      const server = await startRawServer('127.0.0.1', behave);
      const r = await probeEndpoint(server.address, {
        starttls: protocol as (typeof STARTTLS_PROTOCOLS)[number],
        proxy: false,
        timeoutMs: 5000,
      });
      assert.equal(r.error?.code, 'starttls', r.error?.message);
      assert.match(r.error?.message ?? '', message);
    });
  }
});
