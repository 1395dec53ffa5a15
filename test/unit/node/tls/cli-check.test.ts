/**
 * `certlens check` end to end through the CLI entry (main), against
 * openssl s_server on loopback. Lives beside the probe tests because it
 * needs the same servers.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../../src/cli/main';
import {
  makePki,
  removePki,
  startOpenSslServer,
  startRawServer,
  stopAll,
  type Pki,
  type RunningServer,
} from '../../../support/tls-servers';

let pki: Pki;
let misordered: RunningServer;
let good: RunningServer;
before(async () => {
  pki = makePki();
  misordered = await startOpenSslServer(pki, '127.0.0.1', ['-cert', 'leaf.pem', '-key', 'leaf.key', '-cert_chain', 'chain-root-int.pem']);
  good = await startOpenSslServer(pki, '127.0.0.1', [
    '-cert',
    'leaf.pem',
    '-key',
    'leaf.key',
    '-cert_chain',
    'chain-int.pem',
    '-status_file',
    'ocsp-good.der',
  ]);
});
after(async () => {
  await stopAll();
  if (pki) removePki(pki);
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['check', ...args], {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    cwd: pki.dir,
    now: () => new Date(),
  });
  return { code, out, err };
}

describe('certlens check', () => {
  it('issue 5 "done when": misordered chain listed leaf, root, int with chain-misordered and chain-root-included', async () => {
    const { code, out } = await run(misordered.address, '--servername', 'localhost', '--ca', 'root.pem', '--no-proxy', '--json');
    const json = JSON.parse(out) as {
      version: number;
      targets: Array<{
        servedChain: Array<{ sha256: string; subject: string }>;
        problems: Array<{ code: string; severity: string }>;
        tls: { version: string };
        authorizationError: string | null;
      }>;
    };
    assert.equal(json.version, 1);
    const t = json.targets[0]!;
    assert.deepEqual(
      t.servedChain.map((c) => c.subject),
      ['CN=localhost', 'CN=CertLens Test Root', 'CN=CertLens Test Intermediate'],
    );
    assert.deepEqual(
      t.problems.map((p) => `${p.code}/${p.severity}`),
      ['chain-misordered/warning', 'chain-ok/info', 'chain-root-included/info'],
    );
    assert.equal(t.authorizationError, null);
    assert.equal(code, 0);
  });
  it('human output: verdict first, then TLS, chain in order, findings, OCSP, OpenSSL', async () => {
    const { code, out } = await run(good.address, '--servername', 'localhost', '--ca', 'root.pem', '--no-system-trust', '--no-proxy');
    const lines = out.split('\n');
    assert.match(lines[0]!, /^OK 127\.0\.0\.1:\d+: TLSv1\.3, 2 certificates served, leaf expires in \d+ days$/);
    assert.match(lines[1]!, /^ {2}TLS {8}TLSv1\.3 · TLS_\w+ · ALPN none · handshake [\d.]+ ms$/);
    assert.match(out, /#1 leaf +CN=localhost[\s\S]*#2 intermediate CN=CertLens Test Intermediate/);
    assert.match(out, /OCSP {7}good · signature valid \(CN=CertLens Test Intermediate\)/);
    assert.match(out, /OpenSSL {4}accepts the chain/);
    assert.equal(code, 0);
  });
  it('--now past the leaf expiry: cert-expired, exit 1', async () => {
    const later = new Date(Date.now() + 200 * 86_400_000).toISOString();
    const { code, out } = await run(good.address, '--servername', 'localhost', '--ca', 'root.pem', '--no-proxy', '--now', later, '--json');
    assert.ok(JSON.parse(out).targets[0].problems.some((p: { code: string }) => p.code === 'cert-expired'));
    assert.equal(code, 1);
  });
  it('several targets from arguments and --targets-file, in input order; an unreachable one exits 1', async () => {
    const closed = await startRawServer('127.0.0.1', () => undefined);
    const closedAddress = closed.address;
    await closed.stop();
    writeFileSync(join(pki.dir, 'targets.txt'), `# endpoints\n${good.address}\n\n${closedAddress}  # gone\n`);
    const { code, out } = await run(
      misordered.address,
      '--targets-file',
      'targets.txt',
      '--servername',
      'localhost',
      '--no-proxy',
      '--concurrency',
      '2',
      '--timeout',
      '5000',
      '--json',
    );
    const targets = JSON.parse(out).targets as Array<{ target: string; problems: Array<{ code: string; message: string }> }>;
    assert.deepEqual(
      targets.map((t) => t.target),
      [misordered.address, good.address, closedAddress],
    );
    assert.equal(targets[2]!.problems[0]!.code, 'endpoint-unreachable');
    assert.match(targets[2]!.problems[0]!.message, /connection refused/);
    assert.equal(code, 1);
  });
  it('mTLS from files: --pfx/--pfx-password and --cert/--key reach a server that requires a client certificate', async () => {
    const mtls = await startOpenSslServer(pki, '127.0.0.1', [
      '-cert',
      'leaf.pem',
      '-key',
      'leaf.key',
      '-cert_chain',
      'chain-int.pem',
      '-Verify',
      '1',
      '-CAfile',
      'root.pem',
    ]);
    const common = [mtls.address, '--servername', 'localhost', '--ca', 'root.pem', '--no-proxy', '--json'];
    const without = await run(...common);
    assert.equal(without.code, 1);
    assert.match(JSON.parse(without.out).targets[0].problems[0].message, /requires a client certificate/);
    for (const extra of [
      ['--pfx', 'client.p12', '--pfx-password', 'secret'],
      ['--cert', 'client-chain.pem', '--key', 'client.key'],
    ]) {
      const r = await run(...common, ...extra);
      const t = JSON.parse(r.out).targets[0];
      assert.deepEqual(
        t.problems.map((p: { code: string }) => p.code),
        ['chain-ok', 'client-certificate-requested'],
        extra.join(' '),
      );
      assert.equal(r.code, 0);
    }
  });
  const usage: Array<[string[], RegExp]> = [
    [[], /no target given/],
    [['--bogus', 'x'], /unknown option --bogus/],
    [['x', '--starttls', 'gopher'], /--starttls: one of/],
    [['x', '--cert', 'a.pem'], /--cert and --key go together/],
    [['x', '--timeout', '0'], /--timeout: expected a positive whole number/],
    [['x', '--ca', 'missing.pem'], /--ca missing\.pem: cannot read \(ENOENT\)/],
    [['x', '--ca', 'leaf.key'], /no PEM certificate/],
    [['x', '--now', 'yesterday'], /--now: not an ISO-8601 date/],
    [['x', '--servername'], /--servername needs a value/],
  ];
  for (const [args, message] of usage) {
    it(`usage error, exit 2: ${args.join(' ') || '(no arguments)'}`, async () => {
      const { code, err } = await run(...args);
      assert.equal(code, 2);
      assert.match(err, message);
    });
  }
  it('a target that cannot be parsed is an unreachable finding, not a crash', async () => {
    const { code, out } = await run('[::1:443', '--no-proxy', '--json');
    assert.equal(JSON.parse(out).targets[0].problems[0].code, 'endpoint-unreachable');
    assert.equal(code, 1);
  });
});
