/**
 * `certlens scan` in-process through `main`, with captured output and a fixed
 * clock (`--now`), on the committed fixtures and on temporary folders.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'certs');
const NOW = '2025-06-01T00:00:00Z';

async function run(args: string[], cwd = ROOT) {
  let stdout = '';
  let stderr = '';
  // Chain findings and key pairing have their own tests (scan-chains.test.ts).
  // Git state (private-key-committed) has its own test (test/unit/node/git-state.test.ts): the fixtures are committed keys.
  const code = await main(args[0] === 'scan' && !args.includes('--help') ? [...args, '--no-chain', '--no-git'] : args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd,
    now: () => new Date('2000-01-01T00:00:00Z'), // --now must win; a test forgetting it sees everything expired
  });
  return { code, stdout, stderr };
}
const oneLine = (s: string) => s.endsWith('\n') && !s.slice(0, -1).includes('\n');

const tmp = mkdtempSync(join(tmpdir(), 'certlens-scan-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
function folder(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(tmp, name);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}
const fx = (f: string) => readFileSync(join(FIXTURES, f));

describe('certlens scan: exit codes and usage errors', () => {
  const cases: Array<{ name: string; args: () => string[]; code: number; stderr?: RegExp; oneLine?: boolean }> = [
    {
      name: 'unknown option → 2, one line on stderr',
      args: () => ['scan', '--bogus', FIXTURES],
      code: 2,
      stderr: /^certlens scan: unknown option --bogus\n$/,
      oneLine: true,
    },
    {
      name: 'missing path → 2',
      args: () => ['scan', '--now', NOW],
      code: 2,
      stderr: /^certlens scan: expected at least one path\n$/,
      oneLine: true,
    },
    {
      name: 'nonexistent path → 2',
      args: () => ['scan', '--now', NOW, join(tmp, 'does-not-exist')],
      code: 2,
      stderr: /^certlens scan: cannot read .*does-not-exist: ENOENT\n$/,
      oneLine: true,
    },
    { name: '--now without a value → 2', args: () => ['scan', FIXTURES, '--now'], code: 2, stderr: /--now/, oneLine: true },
    {
      name: '--now not a date → 2',
      args: () => ['scan', '--now', 'yesterday', FIXTURES],
      code: 2,
      stderr: /^certlens scan: --now: not an ISO-8601 date: yesterday\n$/,
      oneLine: true,
    },
    {
      name: '--warn-days not a number → 2',
      args: () => ['scan', '--now', NOW, '--warn-days', 'ten', FIXTURES],
      code: 2,
      stderr: /--warn-days: expected a non-negative number, got "ten"/,
      oneLine: true,
    },
    {
      name: '--error-days negative → 2',
      args: () => ['scan', '--now', NOW, '--error-days=-1', FIXTURES],
      code: 2,
      stderr: /^certlens scan: --error-days: expected a non-negative number, got "-1"\n$/,
      oneLine: true,
    },
    {
      name: '--error-days above --warn-days → 2',
      args: () => ['scan', '--now', NOW, '--warn-days', '5', '--error-days', '6', FIXTURES],
      code: 2,
      stderr: /--error-days must not exceed --warn-days/,
      oneLine: true,
    },
    {
      name: 'unknown command → 2, reason on the first stderr line',
      args: () => ['frobnicate'],
      code: 2,
      stderr: /^certlens: unknown command 'frobnicate'\n/,
    },
    { name: 'fixtures folder → 1', args: () => ['scan', '--now', NOW, FIXTURES], code: 1 },
    {
      name: 'only healthy certificates → 0',
      args: () => [
        'scan',
        '--now',
        NOW,
        folder('healthy', {
          'a.pem': fx('healthy.pem'),
          'b/chain.pem': fx('chain.pem'),
          'c.der': fx('healthy.der'),
          'd.crl': fx('fresh.crl'),
        }),
      ],
      code: 0,
    },
    {
      name: 'warnings only → 0',
      args: () => ['scan', '--now', NOW, folder('warn', { 'x.pem': fx('left20of90.pem'), 'y.crl': fx('stale.crl') })],
      code: 0,
    },
    { name: 'an empty folder → 0', args: () => ['scan', '--now', NOW, folder('empty', {})], code: 0 },
    { name: 'scan --help → 0', args: () => ['scan', '--help'], code: 0 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await run(c.args());
      assert.equal(r.code, c.code, r.stderr);
      if (c.stderr) assert.match(r.stderr, c.stderr);
      else assert.equal(r.stderr, '');
      if (c.oneLine) assert.ok(oneLine(r.stderr), JSON.stringify(r.stderr));
    });
  }

  it('an option value that looks like a flag → 2 with ONE line on stderr', async () => {
    const r = await run(['scan', '--now', NOW, '--error-days', '-1', FIXTURES]);
    assert.equal(r.code, 2);
    assert.ok(oneLine(r.stderr), JSON.stringify(r.stderr));
  });

  it('--now accepts only ISO-8601', async () => {
    for (const bad of ['1', 'June 1, 2025', '2025/06/01']) {
      const r = await run(['scan', '--now', bad, join(FIXTURES, 'healthy.pem')]);
      assert.equal(r.code, 2, `--now ${bad}`);
    }
  });

  it('no command → 2 with a reason on stderr', async () => {
    const r = await run([]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^certlens: /);
  });
});

describe('certlens scan: findings at --now', () => {
  it('prints path:line:col: severity [code] for every fixture finding, sorted by file', async () => {
    const r = await run(['scan', '--now', NOW, 'test/fixtures/certs']);
    const findings = r.stdout
      .split('\n')
      .filter((l) => /: (error|warning|info) \[/.test(l))
      .map((l) => l.replace(/ \[([^\]]+)\].*/, ' [$1]'));
    assert.deepEqual(findings, [
      'test/fixtures/certs/bad-signature.csr:1:1: error [csr-bad-signature]',
      'test/fixtures/certs/expired.pem:1:1: error [cert-expired]',
      'test/fixtures/certs/future.pem:1:1: error [cert-not-yet-valid]',
      'test/fixtures/certs/left1of6.pem:1:1: warning [cert-expiring]',
      'test/fixtures/certs/left20of90.pem:1:1: warning [cert-expiring]',
      'test/fixtures/certs/left5of90.pem:1:1: error [cert-expiring]',
      'test/fixtures/certs/rsa1024.pem:1:1: error [weak-key]',
      'test/fixtures/certs/sha1.pem:1:1: error [weak-signature]',
      'test/fixtures/certs/stale.crl:1:1: warning [crl-stale]',
    ]);
    assert.match(r.stdout, /^test\/fixtures\/certs\/healthy\.der: 1 item\(s\), no problems$/m);
    assert.match(r.stdout, /^test\/fixtures\/certs\/chain\.pem: 3 item\(s\), no problems$/m);
    assert.match(r.stdout, /\n6 error\(s\), 3 warning\(s\), 0 info\n$/);
  });

  it('the clock comes from --now, not the context clock', async () => {
    const r = await run(['scan', '--now', '2025-01-15T00:00:00Z', join(FIXTURES, 'healthy.pem')]);
    assert.equal(r.code, 0);
    const without = await run(['scan', join(FIXTURES, 'healthy.pem')]);
    assert.equal(without.code, 1, 'the context clock (2000-01-01) is before notBefore');
    assert.match(without.stdout, /\[cert-not-yet-valid\]/);
  });

  const severity = async (extra: string[]) => {
    const r = await run([
      'scan',
      '--json',
      '--now',
      NOW,
      ...extra,
      join(FIXTURES, 'left5of90.pem'),
      join(FIXTURES, 'left20of90.pem'),
      join(FIXTURES, 'left1of6.pem'),
    ]);
    const j = JSON.parse(r.stdout) as { files: Array<{ problems: Array<{ code: string; severity: string }> }> };
    return { code: r.code, sev: j.files.map((f) => f.problems.map((p) => `${p.code}/${p.severity}`).join(',')) };
  };
  const thresholdCases: Array<{ name: string; extra: string[]; code: number; sev: string[] }> = [
    { name: 'defaults', extra: [], code: 1, sev: ['cert-expiring/error', 'cert-expiring/warning', 'cert-expiring/warning'] },
    {
      name: '--error-days 3: 5 days left is only a warning',
      extra: ['--error-days', '3'],
      code: 0,
      sev: ['cert-expiring/warning', 'cert-expiring/warning', 'cert-expiring/warning'],
    },
    {
      name: '--warn-days 10: 20 days left is fine',
      extra: ['--warn-days', '10'],
      code: 1,
      sev: ['cert-expiring/error', '', 'cert-expiring/warning'],
    },
    { name: '--warn-days 0 --error-days 0: nothing', extra: ['--warn-days', '0', '--error-days', '0'], code: 0, sev: ['', '', ''] },
    {
      name: '--error-days 25 --error-percent 100: all errors',
      extra: ['--error-days', '25', '--error-percent', '100'],
      code: 1,
      sev: ['cert-expiring/error', 'cert-expiring/error', 'cert-expiring/error'],
    },
    { name: '--disable cert-expiring', extra: ['--disable', 'cert-expiring'], code: 0, sev: ['', '', ''] },
  ];
  for (const c of thresholdCases) {
    it(`thresholds: ${c.name}`, async () => assert.deepEqual(await severity(c.extra), { code: c.code, sev: c.sev }));
  }

  it('--disable also filters decode problems (der-malformed) and changes the exit code', async () => {
    const dir = folder('broken', { 'bad.pem': `-----BEGIN CERTIFICATE-----\nMAMCAQU=\n-----END CERTIFICATE-----\n` });
    assert.equal((await run(['scan', '--now', NOW, dir])).code, 1);
    assert.equal((await run(['scan', '--now', NOW, '--disable', 'der-malformed', dir])).code, 0);
  });
});

describe('certlens scan: walking', () => {
  const pemInText = `# nginx snippet\nssl_certificate_inline "\n${readFileSync(join(FIXTURES, 'expired.pem'), 'utf8')}";\n`;
  const dir = folder('walk', {
    'ok.pem': fx('healthy.pem'),
    'node_modules/pkg/expired.pem': fx('expired.pem'),
    '.git/objects/expired.pem': fx('expired.pem'),
    'sub/node_modules/expired.crt': fx('expired.pem'),
    'conf/site.conf': pemInText,
    'notes.txt': 'no certificates in here\nBEGIN CERTIFICATE is mentioned but not armoured\n',
    'README.md': '# hello\n',
    'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
    'binary.der': fx('healthy.der'),
    'sub/deeper/left5.cer': fx('left5of90.pem'),
  });

  it('lists exactly the certificate files and text files with PEM, skipping node_modules and .git', async () => {
    const r = await run(['scan', '--json', '--now', NOW, dir], tmp);
    const j = JSON.parse(r.stdout) as {
      version: number;
      files: Array<{ path: string; items: Array<{ kind: string }>; problems: Array<{ code: string }> }>;
    };
    assert.equal(j.version, 1);
    assert.deepEqual(
      j.files.map((f) => f.path),
      ['walk/binary.der', 'walk/conf/site.conf', 'walk/ok.pem', 'walk/sub/deeper/left5.cer'],
    );
    assert.deepEqual(
      j.files.map((f) => f.problems.map((p) => p.code)),
      [[], ['cert-expired'], [], ['cert-expiring']],
    );
    assert.equal(r.code, 1);
  });

  it('the PEM block inside a .conf file is found at its line', async () => {
    const r = await run(['scan', '--now', NOW, join(dir, 'conf', 'site.conf')], dir);
    assert.match(r.stdout, /^conf\/site\.conf:3:1: error \[cert-expired\] leaf "expired\.example\.test" expired 61 days ago/m);
  });

  it('a text file without PEM is not listed when walking, but is when named', async () => {
    const walked = await run(['scan', '--now', NOW, dir], dir);
    assert.doesNotMatch(walked.stdout, /notes\.txt/);
    assert.doesNotMatch(walked.stdout, /README|image\.png/);
    const named = await run(['scan', '--now', NOW, join(dir, 'notes.txt')], dir);
    assert.equal(named.code, 0);
    assert.match(named.stdout, /^notes\.txt: 0 item\(s\), no problems$/m);
  });

  it('paths outside the working directory are printed absolute', async () => {
    const r = await run(['scan', '--now', NOW, join(dir, 'ok.pem')], join(tmp, 'healthy'));
    assert.ok(r.stdout.startsWith(`${join(dir, 'ok.pem')}: 1 item(s), no problems\n`), r.stdout);
  });

  it('a symlink-free copy of the fixtures gives the same exit code', async () => {
    const copy = join(tmp, 'copy');
    mkdirSync(copy, { recursive: true });
    for (const f of ['expired.pem', 'healthy.pem']) copyFileSync(join(FIXTURES, f), join(copy, f));
    assert.equal((await run(['scan', '--now', NOW, copy])).code, 1);
  });
});

describe('certlens scan: large and binary files', () => {
  const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
  const dir = folder('large', { 'huge.log': big, 'huge.pem': big, 'cert.crt': fx('healthy.der') });

  it('a walked non-certificate file over 20 MiB is skipped; a .pem one is reported, not read', async () => {
    const r = await run(['scan', '--json', '--now', NOW, dir], dir);
    const j = JSON.parse(r.stdout) as {
      files: Array<{ path: string; items: unknown[]; problems: Array<{ code: string; severity: string }> }>;
    };
    assert.deepEqual(
      j.files.map((f) => [f.path, f.items.length, f.problems.map((p) => `${p.code}/${p.severity}`)]),
      [
        ['cert.crt', 1, []],
        ['huge.pem', 0, ['file-too-large/warning']],
      ],
    );
    assert.equal(r.code, 0);
  });

  it('a large file named on the command line is reported', async () => {
    const r = await run(['scan', '--now', NOW, join(dir, 'huge.log')], dir);
    assert.match(r.stdout, /^huge\.log:1:1: warning \[file-too-large\] 20971521 bytes: larger than 20971520 bytes, not read$/m);
  });
});

describe('certlens scan --json', () => {
  it('parses, has version 1 and one entry per file, 0-based ranges', async () => {
    const r = await run(['scan', '--json', '--now', NOW, 'test/fixtures/certs']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const j = JSON.parse(r.stdout) as {
      version: number;
      files: Array<{ path: string; items: Array<Record<string, unknown>>; problems: Array<Record<string, unknown>> }>;
    };
    assert.deepEqual(Object.keys(j), ['version', 'files']);
    assert.equal(j.version, 1);
    assert.equal(j.files.length, 20);
    const chain = j.files.find((f) => f.path === 'test/fixtures/certs/chain.pem')!;
    assert.deepEqual(
      chain.items.map((i) => i.role),
      ['leaf', 'intermediate', 'root'],
    );
    const lines = (f: string) => readFileSync(join(FIXTURES, f), 'utf8').split('\n').length - 1;
    assert.deepEqual(
      chain.items.map((i) => (i.range as { start: { line: number } }).start.line),
      [0, lines('healthy.pem'), lines('healthy.pem') + lines('int.pem')],
    );
    const der = j.files.find((f) => f.path.endsWith('healthy.der'))!;
    assert.deepEqual(der.items[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    const expired = j.files.find((f) => f.path.endsWith('expired.pem'))!;
    assert.deepEqual(expired.problems, [
      {
        code: 'cert-expired',
        severity: 'error',
        message: 'leaf "expired.example.test" expired 61 days ago (2025-04-01 00:00 UTC)',
        range: expired.items[0]!.range,
        item: 0,
      },
    ]);
    assert.equal(expired.items[0]!.status, 'expired');
    assert.doesNotMatch(r.stdout, /MII[A-Za-z0-9+/]{8}/);
  });
});
