/**
 * `certlens inspect` / `scan` on Java keystores, with `--keystore-password`
 * and `CERTLENS_KEYSTORE_PASSWORD` (also used for PKCS#12).
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';

const ROOT = join(__dirname, '..', '..', '..');
const JKS = join(ROOT, 'test', 'fixtures', 'jks');
const P12 = join(ROOT, 'test', 'fixtures', 'p12');
const NOW = '2025-06-01T00:00:00Z';

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd: ROOT,
    now: () => new Date('2000-01-01T00:00:00Z'),
    env,
  });
  return { code, stdout, stderr };
}
const tmp = mkdtempSync(join(tmpdir(), 'certlens-keystore-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('certlens inspect / scan on keystores', () => {
  const jks = join(JKS, 'keystore.jks');
  type Row = { name: string; args: string[]; env?: Record<string, string>; code: number; out: RegExp[]; not?: RegExp[] };
  const rows: Row[] = [
    {
      name: 'inspect without a password lists entries and says integrity is unverified',
      args: ['inspect', '--now', NOW, jks],
      code: 0,
      out: [
        /JKS keystore · 3 entries \(2 keys, 1 trusted certificate\)/,
        /integrity not verified/,
        /"server" PrivateKeyEntry, chain 1\/3 · leaf · leaf\.jks\.test/,
        /info \[keystore-unverified\]/,
      ],
    },
    {
      name: 'inspect --keystore-password verifies the digest',
      args: ['inspect', '--now', NOW, '--keystore-password', 'changeit', jks],
      code: 0,
      out: [/integrity verified/],
      not: [/keystore-unverified|keystore-integrity-failed/],
    },
    {
      name: 'CERTLENS_KEYSTORE_PASSWORD works the same',
      args: ['inspect', '--now', NOW, jks],
      env: { CERTLENS_KEYSTORE_PASSWORD: 'changeit' },
      code: 0,
      out: [/integrity verified/],
    },
    {
      name: 'the flag wins over the environment',
      args: ['inspect', '--now', NOW, '--keystore-password', 'changeit', jks],
      env: { CERTLENS_KEYSTORE_PASSWORD: 'wrong' },
      code: 0,
      out: [/integrity verified/],
    },
    {
      name: 'scan with a wrong password: keystore-integrity-failed is an error (exit 1)',
      args: ['scan', '--now', NOW, '--no-chain', '--keystore-password', 'wrong', jks],
      code: 1,
      out: [/keystore\.jks:1:1: error \[keystore-integrity-failed\] JKS: the keystore digest does not match/],
    },
    {
      name: 'scan with the password: no errors (exit 0)',
      args: ['scan', '--now', NOW, '--no-chain', '--keystore-password', 'changeit', join(JKS, 'keystore.jceks')],
      code: 0,
      out: [/0 error\(s\)/],
    },
    {
      name: 'scan: a keystore key stored with a certificate that is not its own is key-mismatch (exit 1)',
      args: ['scan', '--now', NOW, '--no-chain', '--keystore-password', 'changeit', join(JKS, 'mismatch.jks')],
      code: 1,
      out: [
        /mismatch\.jks:1:1: error \[key-mismatch\] this key does not belong to the certificate "CertLens JKS Intermediate" \(the key and certificate of keystore entry "server"\)/,
      ],
    },
    {
      name: 'scan: without the password the same keystore has no key verdict',
      args: ['scan', '--now', NOW, '--no-chain', join(JKS, 'mismatch.jks')],
      code: 0,
      out: [/info \[keystore-unverified\]/],
      not: [/key-mismatch/],
    },
    {
      name: 'scan: a key with its own key password is keystore-key-locked (info, exit 0)',
      args: ['scan', '--now', NOW, '--no-chain', '--keystore-password', 'changeit', join(JKS, 'keypass.jceks')],
      code: 0,
      out: [/info \[keystore-key-locked\] JCEKS: entry "server": the keystore password does not open this key/],
    },
    {
      name: 'inspect: the unlocked key entry says its key matches its certificate',
      args: ['inspect', '--now', NOW, '--keystore-password', 'changeit', jks],
      code: 0,
      out: [
        /server +PrivateKeyEntry · EC P-256 private key, encrypted \(JKS key protector\), opened with the keystore password to read its public key · key matches its certificate/,
        /"server" PrivateKeyEntry, key · private key · EC P-256/,
      ],
    },
    {
      name: 'scan --json: the keystore key pairs with a CSR elsewhere',
      args: ['scan', '--now', NOW, '--json', '--no-system-trust', '--keystore-password', 'changeit', jks, join(JKS, 'leaf.csr')],
      code: 0,
      out: [
        /"pairing": \{\s+"verdict": "matches this file \(CN=leaf\.jks\.test\) and 1 more"/,
        /"path": "test\/fixtures\/jks\/leaf\.csr",\s+"index": 0,\s+"kind": "csr"/,
      ],
    },
    {
      name: 'scan: the password also opens a PKCS#12',
      args: ['scan', '--now', NOW, '--no-chain', '--json', '--keystore-password', 'changeit', join(P12, 'changeit-modern.p12')],
      code: 0,
      out: [/"status": "ok"/],
      not: [/pkcs12-needs-password/],
    },
    {
      name: 'scan: a PKCS#12 with the empty password still opens when a password is given',
      args: ['scan', '--now', NOW, '--no-chain', '--json', '--keystore-password', 'changeit', join(P12, 'empty-modern.p12')],
      code: 0,
      out: [/"status": "ok"/],
      not: [/pkcs12-wrong-password/],
    },
    {
      name: 'scan: without a password a PKCS#12 stays locked',
      args: ['scan', '--now', NOW, '--no-chain', '--json', join(P12, 'changeit-modern.p12')],
      code: 0,
      out: [/"status": "needs-password"/],
    },
  ];
  for (const r of rows) {
    it(r.name, async () => {
      const got = await run(r.args, r.env);
      assert.equal(got.stderr, '');
      assert.equal(got.code, r.code, got.stdout);
      for (const re of r.out) assert.match(got.stdout, re);
      for (const re of r.not ?? []) assert.doesNotMatch(got.stdout, re);
    });
  }

  it('scan finds keystores by extension, by the name cacerts and by content', async () => {
    const dir = join(tmp, 'walk');
    mkdirSync(join(dir, 'lib', 'security'), { recursive: true });
    copyFileSync(join(JKS, 'truststore.jks'), join(dir, 'a.truststore'));
    copyFileSync(join(JKS, 'truststore.jceks'), join(dir, 'b.jceks'));
    copyFileSync(join(JKS, 'truststore.jks'), join(dir, 'lib', 'security', 'cacerts'));
    copyFileSync(join(JKS, 'keystore.jks'), join(dir, 'server.ks')); // unknown extension, found by its magic
    copyFileSync(join(P12, 'chain.p7b'), join(dir, 'bundle.bin')); // binary, unknown extension, not a keystore: skipped
    const got = await run(['scan', '--now', NOW, '--no-chain', '--json', dir]);
    const files = (JSON.parse(got.stdout) as { files: Array<{ path: string; items: Array<{ kind: string }> }> }).files;
    assert.deepEqual(
      files.map((f) => [f.path.slice(dir.length + 1), f.items[0]?.kind]),
      [
        ['a.truststore', 'keystore'],
        ['b.jceks', 'keystore'],
        ['lib/security/cacerts', 'keystore'],
        ['server.ks', 'keystore'],
      ],
    );
  });

  it('a truncated keystore: keystore-malformed error with the byte offset, exit 1, no crash', async () => {
    const cut = join(tmp, 'cut.jks');
    writeFileSync(cut, readFileSync(jks).subarray(0, 500));
    const got = await run(['scan', '--now', NOW, '--no-chain', cut]);
    assert.equal(got.code, 1);
    assert.match(got.stdout, /error \[keystore-malformed\] JKS: .*at byte \d+/);
  });
});
