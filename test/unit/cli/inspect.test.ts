import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { toPem } from '../../../src/core/pem/base64';
import { main } from '../../../src/cli/main';
import { scanPem } from '../../../src/core/pem/scanner';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'certs');
const NOW = '2025-06-01T00:00:00Z';
const fx = (f: string) => join('test', 'fixtures', 'certs', f);

async function run(args: string[], cwd = ROOT) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd,
    now: () => new Date('2000-01-01T00:00:00Z'),
  });
  return { code, stdout, stderr };
}
const tmp = mkdtempSync(join(tmpdir(), 'certlens-inspect-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('certlens inspect: usage', () => {
  const cases: Array<{ name: string; args: string[]; code: number; stderr: RegExp | '' }> = [
    { name: 'missing path → 2', args: ['inspect'], code: 2, stderr: /^certlens inspect: expected at least one path\n$/ },
    {
      name: 'nonexistent path → 2',
      args: ['inspect', join(tmp, 'nope.pem')],
      code: 2,
      stderr: /^certlens inspect: cannot read .*nope\.pem: ENOENT\n$/,
    },
    {
      name: 'unknown option → 2',
      args: ['inspect', '--warn-days', '3', fx('healthy.pem')],
      code: 2,
      stderr: /^certlens inspect: unknown option --warn-days\n$/,
    },
    {
      name: 'bad --now → 2',
      args: ['inspect', '--now', '2025-13-45', fx('healthy.pem')],
      code: 2,
      stderr: /^certlens inspect: --now: not an ISO-8601 date: 2025-13-45\n$/,
    },
    { name: '--help → 0 with usage on stdout', args: ['inspect', '--help'], code: 0, stderr: '' },
    { name: 'a healthy file → 0', args: ['inspect', '--now', NOW, fx('healthy.pem')], code: 0, stderr: '' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await run(c.args);
      assert.equal(r.code, c.code);
      if (c.stderr === '') assert.equal(r.stderr, '');
      else assert.match(r.stderr, c.stderr);
    });
  }
  it('--help prints the usage line', async () =>
    assert.match((await run(['inspect', '--help'])).stdout, /^usage: certlens inspect <file…> \[--json\] \[--now ISO-8601\]/));
});

describe('certlens inspect: text output', () => {
  it('a certificate: title, countdown at --now, every field', async () => {
    const r = await run(['inspect', '--now', NOW, fx('healthy.pem')]);
    const out = r.stdout;
    assert.ok(
      out.startsWith(
        'test/fixtures/certs/healthy.pem: 1 item(s)\n\n  [1] leaf · healthy.example.test (line 1)\n      expires in 7 months · 41% of lifetime used\n',
      ),
      out,
    );
    for (const line of [
      /^ {6}Subject +O=CertLens Test,CN=healthy\.example\.test$/m,
      /^ {6}Issuer +O=CertLens Test,CN=CertLens Test Intermediate$/m,
      /^ {6}Serial +1002$/m,
      /^ {6}Not before +2025-01-01 00:00 UTC \(/m,
      /^ {6}Not after +2026-01-01 00:00 UTC \(/m,
      /^ {6}SANs +DNS:healthy\.example\.test$/m,
      /^ {6}Key +EC P-256$/m,
      /^ {6}Signature +ecdsa-with-SHA256$/m,
      /^ {6}SHA-256 +80:52:33:99:F4:D0:0D:E1:A1:1A:08:BD:FA:E4:59:63:67:B6:97:7F:55:C3:DC:AA:11:25:36:5C:3D:AF:84:7B$/m,
      /^ {6}Subject key ID +E0:F7:7E:C6:EB:55:D2:C7:A5:66:A6:33:4F:59:1A:70:D6:C8:B5:AC$/m,
      /^ {6}Authority key ID +5F:8B:C8:11:F7:B3:42:6F:8F:F1:29:31:4B:24:E2:37:3B:78:D0:57$/m,
      /^ {6}Basic constraints +not a CA$/m,
      /^ {6}OCSP +http:\/\/ocsp\.example\.test$/m,
      /^ {6}CRL +http:\/\/crl\.example\.test\/int\.crl$/m,
    ])
      assert.match(out, line);
  });

  it('every block of a chain, with its line', async () => {
    const r = await run(['inspect', '--now', NOW, fx('chain.pem')]);
    const titles = r.stdout.split('\n').filter((l) => /^ {2}\[\d\]/.test(l));
    const n = readFileSync(join(FIXTURES, 'healthy.pem'), 'utf8').split('\n').length - 1;
    const m = readFileSync(join(FIXTURES, 'int.pem'), 'utf8').split('\n').length - 1;
    assert.deepEqual(titles, [
      `  [1] leaf · healthy.example.test (line 1)`,
      `  [2] intermediate · CertLens Test Intermediate (line ${n + 1})`,
      `  [3] root · CertLens Test Root (line ${n + m + 1})`,
    ]);
  });

  const statuses: Array<[string, string]> = [
    ['expired.pem', 'expired 61 days ago'],
    ['future.pem', 'not valid for 30 days'],
    ['left5of90.pem', 'expires in 5 days · 94% of lifetime used'],
    ['fresh.crl', 'next update 2025-06-20 00:00 UTC'],
    ['stale.crl', 'stale since 2025-05-01 00:00 UTC'],
    ['healthy.csr', 'signature valid'],
    ['bad-signature.csr', 'signature INVALID'],
  ];
  for (const [file, status] of statuses) {
    it(`${file}: status "${status}"`, async () => {
      const r = await run(['inspect', '--now', NOW, fx(file)]);
      assert.equal(r.stdout.split('\n')[3], `      ${status}`);
    });
  }

  it('a DER file has no line numbers', async () => {
    const r = await run(['inspect', '--now', NOW, fx('healthy.der')]);
    assert.match(r.stdout, /^ {2}\[1\] leaf · healthy\.example\.test\n/m);
  });

  it('a private key shows type and size only, never key material', async () => {
    const r = await run(['inspect', '--now', NOW, fx('healthy.key')]);
    assert.match(
      r.stdout,
      /^test\/fixtures\/certs\/healthy.key: 1 item\(s\)\n\n  \[1\] private key · EC P-256 \(line 1\)\n      not encrypted\n      Key +EC P-256\n      SPKI SHA-256 +([0-9A-F]{2}:){31}[0-9A-F]{2}\n\n$/,
    );
    const body = Buffer.from(scanPem(readFileSync(join(FIXTURES, 'healthy.key'), 'utf8')).blocks[0]!.der!).toString('base64');
    for (let i = 0; i + 12 <= body.length; i += 6) assert.ok(!r.stdout.includes(body.slice(i, i + 12)));
  });

  it('decode problems are printed after the items', async () => {
    const file = join(tmp, 'broken.pem');
    const good = readFileSync(join(FIXTURES, 'healthy.pem'), 'utf8');
    writeFileSync(
      file,
      `${toPem('CERTIFICATE', Uint8Array.of(0x30, 0x05, 0x02))}${good}-----BEGIN CERTIFICATE-----\nMIIB*\n-----END CERTIFICATE-----\n`,
    );
    const r = await run(['inspect', '--now', NOW, file], tmp);
    assert.equal(r.code, 0);
    const problems = r.stdout.split('\n').filter((l) => /^ {2}(error|warning|info) \[/.test(l));
    assert.deepEqual(
      problems.map((l) => l.replace(/\].*/, ']')),
      ['  error [pem-malformed]', '  error [der-malformed]'],
    );
    assert.match(r.stdout, /^broken\.pem: 1 item\(s\)$/m);
  });

  it('naming a folder inspects only certificate-like files in it', async () => {
    const dir = join(tmp, 'folder');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.pem'), readFileSync(join(FIXTURES, 'healthy.pem')));
    writeFileSync(join(dir, 'README.md'), '# hi\n');
    writeFileSync(join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    const r = await run(['inspect', '--now', NOW, dir], tmp);
    assert.deepEqual(
      r.stdout.split('\n').filter((l) => /^\S.*: \d+ item\(s\)$/.test(l)),
      ['folder/a.pem: 1 item(s)'],
    );
  });
});

describe('certlens inspect --json', () => {
  it('version 1, items and lint problems at --now for every named file', async () => {
    const r = await run(['inspect', '--json', '--now', NOW, fx('expired.pem'), fx('healthy.der'), fx('stale.crl')]);
    assert.equal(r.code, 0);
    const j = JSON.parse(r.stdout) as {
      version: number;
      files: Array<{ path: string; items: Array<{ kind: string; range: unknown }>; problems: Array<{ code: string; severity: string }> }>;
    };
    assert.equal(j.version, 1);
    assert.deepEqual(
      j.files.map((f) => [f.path, f.items.map((i) => i.kind), f.problems.map((p) => `${p.code}/${p.severity}`)]),
      [
        ['test/fixtures/certs/expired.pem', ['certificate'], ['cert-expired/error']],
        ['test/fixtures/certs/healthy.der', ['certificate'], []],
        ['test/fixtures/certs/stale.crl', ['crl'], ['crl-stale/warning']],
      ],
    );
    assert.deepEqual(j.files[1]!.items[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });
  it("a copy of a trust-store root gets no profile findings (Node's bundled roots include some with serial 0 or no SKI)", async () => {
    const { rootCertificates } = await import('node:tls');
    const { PROFILE_CODES } = await import('../../../src/core/lint/profile');
    const file = join(tmp, 'node-roots.pem');
    writeFileSync(file, rootCertificates.join('\n'));
    const r = await run(['inspect', '--json', '--now', NOW, file]);
    const j = JSON.parse(r.stdout) as { files: Array<{ items: unknown[]; problems: Array<{ code: string }> }> };
    assert.equal(j.files[0]!.items.length, rootCertificates.length);
    assert.deepEqual(
      j.files[0]!.problems.filter((p) => p.code in PROFILE_CODES),
      [],
    );
  });
  it('keys in JSON carry no key material', async () => {
    const r = await run(['inspect', '--json', '--now', NOW, fx('healthy.key'), fx('other.key')]);
    assert.doesNotMatch(r.stdout, /MII[A-Za-z0-9+/]{8}/);
    assert.doesNotMatch(r.stdout, /"der"/);
  });
});
