// Endpoint checks inside a real VS Code (issue 5): the command with
// arguments, the report panel, saved endpoints and the API's last result,
// against TLS servers this file starts on 127.0.0.1 (loopback only).
//
// It takes the runner's `suite` and `test` as parameters; index.ts registers it.
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as net from 'node:net';
import * as tls from 'node:tls';
import * as vscode from 'vscode';
import type { EndpointReport } from '../../src/core/tls/report-types';

type SuiteFn = (title: string, body: () => void) => void;
type TestFn = (title: string, fn: () => Promise<void> | void, timeoutMs?: number) => void;

interface CertLensApi {
  lastEndpointReport(id: string): EndpointReport | undefined;
}

const EXTENSION_ID = 'certlens.certlens';

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder is open');
  return f.uri;
}

async function read(name: string): Promise<Buffer> {
  return Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), name)));
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A TLS server on 127.0.0.1 serving the fixture workspace's leaf + intermediate (www.example.test). */
async function startServer(): Promise<{ port: number; close: () => Promise<void>; served: string[] }> {
  const key = await read('leaf.key');
  const cert = await read('fullchain.pem');
  const server = tls.createServer({ key, cert }, (s) => s.end());
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const served = cert
    .toString('latin1')
    .match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)!
    .map((pem) => new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase());
  return { port, served, close: () => new Promise((r) => server.close(() => r())) };
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A TCP listener that only counts connections: proves that nothing connected. */
async function startCounter(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = net.createServer((s) => {
    n++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => n,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A minimal HTTP CONNECT proxy on 127.0.0.1 that records the request lines. */
async function startProxy(): Promise<{ port: number; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = net.createServer((client) => {
    client.once('data', (head: Buffer) => {
      const first = head.toString('latin1').split('\r\n')[0] ?? '';
      requests.push(first);
      const m = /^CONNECT ([^:\s]+):(\d+) HTTP\/1\.1$/.exec(first);
      if (!m) return void client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      const upstream = net.connect(Number(m[2]), m[1]!, () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, requests, close: () => new Promise((r) => server.close(() => r())) };
}

export function registerEndpointTests(suite: SuiteFn, test: TestFn): void {
  // The harness opens the workspace trusted (--disable-workspace-trust); a run
  // without that flag opens it in restricted mode and gets these tests instead.
  if (!vscode.workspace.isTrusted) {
    suite('endpoints in restricted mode', () => {
      test('the commands refuse and nothing connects', async () => {
        await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
        const counter = await startCounter();
        try {
          const report = await vscode.commands.executeCommand('certlens.checkEndpoint', `127.0.0.1:${counter.port}`, { timeoutMs: 2000 });
          assert.equal(report, undefined);
          await vscode.commands.executeCommand('certlens.checkAllEndpoints');
          await vscode.commands.executeCommand('certlens.checkSavedEndpoint', `127.0.0.1:${counter.port}`);
          await vscode.commands
            .executeCommand(
              'certlens.fetchMissingIntermediate',
              vscode.Uri.joinPath(folder(), 'leaf.crt'),
              `http://127.0.0.1:${counter.port}/ca.cer`,
            )
            .then(
              () => undefined,
              () => undefined,
            );
          // No sleep: a control connection of our own must be counted first if nothing else
          // connected (loopback accepts in order), so waiting for it proves the count is settled.
          const control = net.connect(counter.port, '127.0.0.1');
          await waitFor('the control connection', () => counter.connections() >= 1);
          control.destroy();
          assert.equal(counter.connections(), 1, 'a connection was opened in restricted mode');
        } finally {
          await counter.close();
        }
      });
    });
    return;
  }
  suite('endpoints', () => {
    test('the manifest contributes the commands, the Endpoints view and the settings', () => {
      const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
      const commands: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
      for (const c of ['certlens.checkEndpoint', 'certlens.checkSavedEndpoint', 'certlens.checkAllEndpoints'])
        assert.ok(commands.includes(c), c);
      assert.ok(pkg.contributes.views.explorer.some((v: { id: string }) => v.id === 'certlens.endpoints'));
      assert.equal(pkg.contributes.configuration.properties['certlens.endpointChecks.intervalMinutes'].default, 0);
      assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('certlens.endpoints'));
      assert.ok(!(pkg.activationEvents ?? []).includes('*'));
    });

    test('Check TLS Endpoint with arguments returns the served chain in served order and opens the report', async () => {
      await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
      const srv = await startServer();
      try {
        const report = await vscode.commands.executeCommand<EndpointReport | undefined>('certlens.checkEndpoint', `127.0.0.1:${srv.port}`, {
          servername: 'www.example.test',
          timeoutMs: 5000,
        });
        assert.ok(report, 'the command returned no report');
        assert.equal(report.error, undefined, JSON.stringify(report.error));
        assert.deepEqual(
          report.servedChain.map((c) => c.sha256),
          srv.served,
        );
        assert.equal(report.servername, 'www.example.test');
        assert.ok(!report.problems.some((p) => p.code === 'hostname-mismatch'), JSON.stringify(report.problems));
        assert.ok(report.tls?.version.startsWith('TLSv1.'));
        assert.ok(report.authorizationError, "OpenSSL's verdict is kept: the test root is not trusted");
        await waitFor('the report tab', () =>
          vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === `TLS: 127.0.0.1:${srv.port}`),
        );
      } finally {
        await srv.close();
      }
    });

    test('extra trust anchors from the workspace reach OpenSSL: the sample root makes it accept the chain', async () => {
      const srv = await startServer();
      try {
        const report = await vscode.commands.executeCommand<EndpointReport | undefined>('certlens.checkEndpoint', `127.0.0.1:${srv.port}`, {
          servername: 'www.example.test',
          anchors: [vscode.Uri.joinPath(folder(), 'root-ca.crt')],
          timeoutMs: 5000,
        });
        assert.equal(report?.error, undefined);
        assert.equal(report?.authorizationError, undefined, `OpenSSL still rejects: ${report?.authorizationError}`);
      } finally {
        await srv.close();
      }
    });

    test('mTLS: a PKCS#12 or a PEM certificate and key from the workspace is sent', async () => {
      const key = await read('leaf.key');
      const cert = await read('fullchain.pem');
      const peers: string[] = [];
      const server = tls.createServer({ key, cert, requestCert: true, rejectUnauthorized: false }, (s) => {
        peers.push(String(s.getPeerCertificate().subject?.CN ?? '(none)'));
        s.end();
      });
      server.on('tlsClientError', () => undefined);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const target = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
      try {
        const viaP12 = await vscode.commands.executeCommand<EndpointReport | undefined>('certlens.checkEndpoint', target, {
          servername: 'www.example.test',
          pfx: vscode.Uri.joinPath(folder(), 'bundle.p12'),
          passphrase: 'certlens-sample',
          timeoutMs: 5000,
        });
        assert.equal(viaP12?.error, undefined, JSON.stringify(viaP12?.error));
        assert.equal(viaP12?.clientCertificateRequested, true);
        const viaPem = await vscode.commands.executeCommand<EndpointReport | undefined>('certlens.checkEndpoint', target, {
          servername: 'www.example.test',
          clientCert: vscode.Uri.joinPath(folder(), 'fullchain.pem'),
          clientKey: vscode.Uri.joinPath(folder(), 'leaf.key'),
          timeoutMs: 5000,
        });
        assert.equal(viaPem?.error, undefined, JSON.stringify(viaPem?.error));
        await waitFor('both handshakes on the server', () => peers.length >= 2);
        assert.deepEqual(peers.slice(0, 2), ['www.example.test', 'www.example.test']);
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    });

    test("VS Code's http.proxy setting is used for the check (HTTP CONNECT)", async () => {
      const srv = await startServer();
      const proxy = await startProxy();
      const http = vscode.workspace.getConfiguration('http');
      try {
        await http.update('proxy', `http://127.0.0.1:${proxy.port}`, vscode.ConfigurationTarget.Global);
        const report = await vscode.commands.executeCommand<EndpointReport | undefined>('certlens.checkEndpoint', `127.0.0.1:${srv.port}`, {
          servername: 'www.example.test',
          timeoutMs: 5000,
        });
        assert.equal(report?.error, undefined, JSON.stringify(report?.error));
        assert.equal(report?.proxy, `http://127.0.0.1:${proxy.port}`);
        assert.deepEqual(proxy.requests, [`CONNECT 127.0.0.1:${srv.port} HTTP/1.1`]);
        assert.equal(report?.servedChain.length, 2);
      } finally {
        await http.update('proxy', undefined, vscode.ConfigurationTarget.Global);
        await proxy.close();
        await srv.close();
      }
    });

    test('a wrong host name is an error finding', async () => {
      const srv = await startServer();
      try {
        const report = await vscode.commands.executeCommand<EndpointReport | undefined>('certlens.checkEndpoint', `127.0.0.1:${srv.port}`, {
          servername: 'other.example',
          timeoutMs: 5000,
        });
        assert.ok(report?.problems.some((p) => p.code === 'hostname-mismatch' && p.severity === 'error'));
        assert.equal(report?.verdict.status, 'error');
      } finally {
        await srv.close();
      }
    });

    test('a refused connection is reported in plain words', async () => {
      const port = await closedPort();
      const report = await vscode.commands.executeCommand<EndpointReport | undefined>('certlens.checkEndpoint', `127.0.0.1:${port}`, {
        timeoutMs: 3000,
      });
      assert.equal(report?.error?.code, 'refused');
      assert.match(report!.verdict.text, /^ERROR 127\.0\.0\.1:\d+: connection refused/);
    });

    test('a saved endpoint is checked on command and its last result is kept', async () => {
      const srv = await startServer();
      const config = vscode.workspace.getConfiguration('certlens');
      try {
        await config.update(
          'endpoints',
          [{ name: 'local', host: '127.0.0.1', port: srv.port, servername: 'www.example.test' }],
          vscode.ConfigurationTarget.Workspace,
        );
        const id = `127.0.0.1:${srv.port}/www.example.test`;
        const api = vscode.extensions.getExtension<CertLensApi>(EXTENSION_ID)!.exports;
        assert.equal(api.lastEndpointReport(id), undefined, 'nothing is checked before the user asks (interval 0)');
        await vscode.commands.executeCommand('certlens.checkSavedEndpoint', id);
        const report = await waitFor('the saved endpoint result', () => api.lastEndpointReport(id));
        assert.deepEqual(
          report.servedChain.map((c) => c.sha256),
          srv.served,
        );
        await vscode.commands.executeCommand('certlens.checkAllEndpoints');
        const again = api.lastEndpointReport(id);
        assert.ok(again && again.checkedAt >= report.checkedAt);
      } finally {
        await config.update('endpoints', undefined, vscode.ConfigurationTarget.Workspace);
        await srv.close();
      }
    });

    test('endpointChecks.intervalMinutes > 0 checks saved endpoints without a command', async () => {
      const srv = await startServer();
      const config = vscode.workspace.getConfiguration('certlens');
      const api = vscode.extensions.getExtension<CertLensApi>(EXTENSION_ID)!.exports;
      const id = `127.0.0.1:${srv.port}/www.example.test`;
      try {
        await config.update(
          'endpoints',
          [{ host: '127.0.0.1', port: srv.port, servername: 'www.example.test' }],
          vscode.ConfigurationTarget.Workspace,
        );
        assert.equal(api.lastEndpointReport(id), undefined);
        await config.update('endpointChecks.intervalMinutes', 60, vscode.ConfigurationTarget.Workspace);
        const report = await waitFor('the periodic check', () => api.lastEndpointReport(id));
        assert.equal(report.servedChain.length, 2);
      } finally {
        await config.update('endpointChecks.intervalMinutes', undefined, vscode.ConfigurationTarget.Workspace);
        await config.update('endpoints', undefined, vscode.ConfigurationTarget.Workspace);
        await srv.close();
      }
    });
  });
}
