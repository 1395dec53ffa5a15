/**
 * Output that cannot be forged (issue 16): names from input are printed
 * escaped, so a newline in a CN, a SAN, a file name or a cert-manager name
 * never starts a line of its own, and no escape sequence or bidi override
 * reaches the terminal.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { FORGED_LINE, hostileCertificate, printable } from '../../support/hostile-cert';

const tmp = mkdtempSync(join(tmpdir(), 'certlens-forged-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const HOSTILE_FILE = `x\n${FORGED_LINE}\u202e.pem`;

before(async () => {
  const { pem } = await hostileCertificate();
  mkdirSync(join(tmp, 'certs'));
  writeFileSync(join(tmp, 'certs', 'evil.pem'), pem);
  writeFileSync(join(tmp, 'certs', HOSTILE_FILE), pem);
  mkdirSync(join(tmp, 'k8s'));
  writeFileSync(
    join(tmp, 'k8s', 'cert.yaml'),
    [
      'apiVersion: cert-manager.io/v1',
      'kind: Certificate',
      'metadata:',
      `  name: ${JSON.stringify(`evil\n${FORGED_LINE}\u001b[2J`)}`,
      'spec:',
      '  secretName: s',
      '  duration: 1h',
      '  renewBefore: 2h',
      '  dnsNames: [a.example]',
      '  issuerRef: {name: nowhere}',
      '',
    ].join('\n'),
  );
});

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd: tmp,
    now: () => new Date('2027-06-01T00:00:00Z'),
  });
  return { code, stdout, stderr };
}

/** No line of the output starts with the forged text, and nothing unprintable is left. */
function assertUnforged(out: string): void {
  assert.ok(printable(out), JSON.stringify(out));
  for (const line of out.split('\n')) assert.ok(!line.startsWith('prod-tls.pem'), `forged line: ${JSON.stringify(line)}`);
  assert.ok(out.includes('prod-tls.pem'), 'the hostile text is shown, escaped');
}

describe('text output escapes what came from input', () => {
  it('scan: one finding line per finding, CN and file name escaped', async () => {
    const r = await run(['scan', '--no-chain', '--now', '2027-06-01', 'certs']);
    assertUnforged(r.stdout);
    const findings = r.stdout.split('\n').filter((l) => /^\S.*:\d+:\d+: (error|warning|info) \[/.test(l));
    // The hostile CN itself holds "[cert-expired]": count the lines whose own finding is cert-expired
    // (the certificate also gets apple-tls-eku, a TLS server leaf without serverAuth).
    assert.equal(findings.filter((l) => l.includes('[cert-expired] self-signed')).length, 2, r.stdout);
    assert.match(
      r.stdout,
      /^certs\/x\\nprod-tls\.pem:1:1: error \[cert-expired\] forged\\u202e\.pem:1:1: error \[cert-expired\] .*evil\\n/m,
    );
    assert.equal(r.code, 1);
  });

  it('inspect: subject, SAN and file name escaped', async () => {
    const r = await run(['inspect', '--now', '2027-06-01', 'certs']);
    assertUnforged(r.stdout);
    assert.match(r.stdout, /DNS:a\\nprod-tls\.pem/);
    assert.match(r.stdout, /\\x1b\]0;owned\\x07/);
  });

  it('lint: the cert-manager name escaped', async () => {
    const r = await run(['lint', '--now', '2027-06-01T00:00:00Z', 'k8s']);
    assertUnforged(r.stdout);
    assert.match(r.stdout, /Certificate evil\\nprod-tls\.pem:1:1: error \[cert-expired\] forged\\x1b\[2J: /);
  });

  it('usage errors: the argument is escaped on stderr', async () => {
    const r = await run(['scan', `--x\n${FORGED_LINE}`]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `certlens scan: unknown option --x\\n${FORGED_LINE}\n`);
  });
});
