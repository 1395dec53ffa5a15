/**
 * The endpoint report as printed and shown (issue 16): a served certificate
 * with hostile names cannot forge lines of `certlens check`, and a password
 * in the target URL never reaches the report, its text, its JSON or the
 * webview.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { toJson } from '../../../../src/cli/commands/check';
import { main } from '../../../../src/cli/main';
import { buildEndpointReport } from '../../../../src/core/tls/report';
import { formatReport } from '../../../../src/core/tls/report-text';
import { parseTarget } from '../../../../src/core/tls/target';
import type { ProbeResult } from '../../../../src/core/tls/types';
import { redactUrlCredentials } from '../../../../src/core/util/redact-url';
import { probeEndpoint } from '../../../../src/node/tls/probe';
import { renderEndpointHtml } from '../../../../src/extension/webview/endpoint-html';
import { FORGED_LINE, hostileCertificate, printable } from '../../../support/hostile-cert';

const SECRET = 's3cr3t-pw';
const TARGET = `https://admin:${SECRET}@localhost:8443/path`;
let der: Uint8Array;
before(async () => {
  der = (await hostileCertificate()).der;
});

function probe(extra: Partial<ProbeResult> = {}): ProbeResult {
  return {
    target: TARGET,
    host: 'localhost',
    port: 8443,
    servername: 'localhost',
    tls: { version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', alpn: null, handshakeMs: 1 },
    servedChain: [der],
    clientCertificateRequested: false,
    clientCertificateSent: false,
    capture: { source: 'handshake-bytes', notes: [] },
    authorizationError: `bad\n${FORGED_LINE}`,
    ...extra,
  };
}

describe('redactUrlCredentials', () => {
  const cases: Array<[string, string]> = [
    ['https://user:pw@host.example/x', 'https://***@host.example/x'],
    ['smtp://u@mail.example', 'smtp://***@mail.example'],
    ['https://us%40er:p@ss@host', 'https://***@host'],
    ['https://host.example/a@b', 'https://host.example/a@b'],
    ['host.example:443', 'host.example:443'],
    ['proxy http://a:b@p:3128 and https://c:d@h', 'proxy http://***@p:3128 and https://***@h'],
  ];
  for (const [input, want] of cases) it(input, () => assert.equal(redactUrlCredentials(input), want));
});

describe('parseTarget never quotes credentials', () => {
  for (const input of [`https://u:${SECRET}@[::1`, `https://u:${SECRET}@bad_host!`, `u:${SECRET}@host.example`, `gopher://u:${SECRET}@h`]) {
    it(input, () => {
      const r = parseTarget(input);
      assert.ok(!r.ok);
      assert.ok(!r.reason.includes(SECRET), r.reason);
    });
  }
  it('credentials without a scheme are refused', () => {
    const r = parseTarget(`u:${SECRET}@host.example`);
    assert.ok(!r.ok && /no user name or password/.test(r.reason));
  });
});

describe('endpoint report output', () => {
  it('text: hostile subject, SAN and OpenSSL message are escaped, one line each', async () => {
    const text = formatReport(await buildEndpointReport(probe(), { now: new Date('2025-06-01T00:00:00Z') }));
    assert.ok(printable(text), JSON.stringify(text));
    for (const line of text.split('\n')) assert.ok(!line.startsWith('prod-tls.pem'), line);
    assert.match(text, /CN=evil\\0Aprod-tls\.pem.*\\u202etxt\.pem/);
    assert.match(text, /DNS:a\\nprod-tls\.pem/);
    assert.match(text, /rejects: bad\\nprod-tls\.pem/);
  });

  it('no password in the report, its text, its JSON or the webview', async () => {
    const report = await buildEndpointReport(probe(), { now: new Date('2025-06-01T00:00:00Z') });
    assert.equal(report.target, 'https://***@localhost:8443/path');
    const html = renderEndpointHtml({ report, options: [] }, { nonce: 'n', cspSource: 'c', styleUri: 's', scriptUri: 'j' });
    for (const out of [JSON.stringify(report), formatReport(report), JSON.stringify(toJson(report)), html]) {
      assert.ok(!out.includes(SECRET), out.slice(0, 200));
    }
  });

  it('probeEndpoint: a target it cannot parse is labelled without the password', async () => {
    const r = await probeEndpoint(`https://u:${SECRET}@[::1`, { proxy: false });
    assert.ok(r.error);
    assert.ok(!JSON.stringify(r).includes(SECRET), JSON.stringify(r));
  });

  it('certlens check --json and text: no password, in- or output', async () => {
    for (const extra of [['--json'], []]) {
      let out = '';
      let err = '';
      const code = await main(['check', `https://u:${SECRET}@[::1`, '--no-proxy', ...extra], {
        stdout: (s) => void (out += s),
        stderr: (s) => void (err += s),
        cwd: process.cwd(),
        now: () => new Date('2025-06-01T00:00:00Z'),
      });
      assert.equal(code, 1);
      assert.ok(!out.includes(SECRET) && !err.includes(SECRET), out + err);
      assert.match(out, /\*\*\*@/);
    }
  });
});
