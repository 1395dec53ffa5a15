/**
 * Files as they really are (issue 16): a folder holding an unreadable file,
 * a FIFO, a socket, /dev/zero linked as .pem, a symlinked certificate and
 * symlink loops. Every good file is reported, the rest get one finding each,
 * and nothing hangs. Tests run as root, so "unreadable" is a link to
 * /proc/self/mem, which fails with EIO on read for any user.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';

const ROOT = join(__dirname, '..', '..', '..');
const CERTS = join(ROOT, 'test', 'fixtures', 'certs');
const YAML = join(ROOT, 'test', 'fixtures', 'cert-manager', 'realistic', 'linkerd-identity.yaml');
const NOW = '2025-06-01T00:00:00Z';

const tmp = mkdtempSync(join(tmpdir(), 'certlens-hostile-'));
const dir = join(tmp, 'repo');
let server: Server | undefined;

before(async () => {
  mkdirSync(join(dir, 'sub'), { recursive: true });
  mkdirSync(join(tmp, 'elsewhere'));
  copyFileSync(join(CERTS, 'healthy.pem'), join(dir, 'good.pem'));
  copyFileSync(join(CERTS, 'healthy.pem'), join(tmp, 'elsewhere', 'real.pem'));
  symlinkSync(join(tmp, 'elsewhere', 'real.pem'), join(dir, 'linked.pem'));
  symlinkSync('/proc/self/mem', join(dir, 'unreadable.pem'));
  symlinkSync('/dev/zero', join(dir, 'z.pem'));
  symlinkSync('loop.pem', join(dir, 'loop.pem'));
  symlinkSync('..', join(dir, 'sub', 'up'));
  execFileSync('mkfifo', [join(dir, 'fifo.pem')]);
  const s = createServer();
  server = s;
  await new Promise<void>((resolve) => s.listen(join(dir, 'sock.pem'), resolve));
  copyFileSync(YAML, join(dir, 'good.yaml'));
  symlinkSync('/proc/self/mem', join(dir, 'bad.yaml'));
});
after(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(tmp, { recursive: true, force: true });
});

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd: dir,
    now: () => new Date(NOW),
  });
  return { code, stdout, stderr };
}

type JsonOut = { files: Array<{ path: string; items: unknown[]; problems: Array<{ code: string; severity: string }> }> };
const summary = (j: JsonOut) =>
  Object.fromEntries(j.files.map((f) => [f.path, [f.items.length, ...f.problems.map((p) => p.code)].join(' ')]));

const EXPECTED_SCAN = {
  'fifo.pem': '0 file-not-regular',
  'good.pem': '1',
  'linked.pem': '1',
  'loop.pem': '0 file-symlink-loop',
  'sock.pem': '0 file-not-regular',
  'sub/up': '0 file-symlink-loop',
  'unreadable.pem': '0 file-unreadable',
  'z.pem': '0 file-not-regular',
};

describe('hostile files in a scanned folder', { timeout: 30_000 }, () => {
  it('scan --json: every good file reported, one finding each for the rest, exit 1', async () => {
    const r = await run(['scan', '--json', '--no-chain', '--now', NOW, '.']);
    assert.equal(r.stderr, '');
    const j = JSON.parse(r.stdout) as JsonOut;
    assert.deepEqual(summary(j), { ...EXPECTED_SCAN, 'bad.yaml': '0 file-unreadable', 'good.yaml': '0 CM120 CM119 CM120' });
    assert.equal(r.code, 1);
  });

  it('scan (text): the same, one line each', async () => {
    const r = await run(['scan', '--no-chain', '--now', NOW, '.']);
    assert.equal(r.code, 1);
    for (const [path, want] of Object.entries(EXPECTED_SCAN)) {
      const code = want.split(' ')[1];
      if (code) assert.match(r.stdout, new RegExp(`^${path.replace('.', '\\.')}:1:1: \\w+ \\[${code}\\] `, 'm'), path);
      else assert.match(r.stdout, new RegExp(`^${path.replace('.', '\\.')}: 1 item\\(s\\), no problems$`, 'm'), path);
    }
  });

  it('inspect --json: the same findings, exit 1 for the unreadable file', async () => {
    const r = await run(['inspect', '--json', '--now', NOW, '.']);
    const j = JSON.parse(r.stdout) as JsonOut;
    const s = summary(j);
    for (const [path, want] of Object.entries(EXPECTED_SCAN)) assert.equal(s[path], want, path);
    assert.equal(r.code, 1);
  });

  it('inspect (text) lists the good files and names the rest', async () => {
    const r = await run(['inspect', '--now', NOW, '.']);
    assert.match(r.stdout, /^good\.pem: 1 item\(s\)$/m);
    assert.match(r.stdout, /^linked\.pem: 1 item\(s\)$/m);
    assert.match(r.stdout, /error \[file-unreadable\] cannot read this file: EIO/);
    assert.equal(r.code, 1);
  });

  for (const name of ['fifo.pem', 'sock.pem', 'z.pem']) {
    it(`named on the command line, ${name} is a finding, not a read`, async () => {
      const r = await run(['scan', '--no-chain', '--now', NOW, name]);
      assert.match(r.stdout, new RegExp(`^${name.replace('.', '\\.')}:1:1: warning \\[file-not-regular\\] `, 'm'));
      assert.equal(r.code, 0);
    });
  }

  it('--ca naming a FIFO or /dev/zero: a usage error at once, not a hang', async () => {
    for (const args of [
      ['scan', '--now', NOW, '--ca', 'fifo.pem', 'good.pem'],
      ['check', 'x', '--ca', 'z.pem'],
      ['check', 'x', '--cert', 'fifo.pem', '--key', 'z.pem'],
    ]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /(fifo|z)\.pem: .*not a regular file/, args.join(' '));
    }
  });

  it('lint: an unreadable YAML is a finding; the good YAML is still linted', async () => {
    const r = await run(['lint', '--format', 'json', '--now', NOW, '.']);
    const j = JSON.parse(r.stdout) as { files: Array<{ path: string; items: unknown[]; problems: Array<{ code: string }> }> };
    assert.deepEqual(
      j.files.map((f) => f.path),
      ['bad.yaml', 'good.yaml'],
    );
    assert.deepEqual(
      j.files[0]?.problems.map((p) => p.code),
      ['file-unreadable'],
    );
    assert.ok((j.files[1]?.items.length ?? 0) > 0);
    assert.equal(r.code, 1);
  });

  it('the real CLI process: same answer, no stack trace', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        pathToFileURL(require.resolve('tsx')).href,
        join(ROOT, 'src', 'cli', 'main.ts'),
        'scan',
        '--no-chain',
        '--now',
        NOW,
        '.',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: 25_000,
      },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^unreadable\.pem:1:1: error \[file-unreadable\] cannot read this file: EIO/m);
    assert.match(r.stdout, /^fifo\.pem:1:1: warning \[file-not-regular\] a named pipe \(FIFO\)/m);
    assert.match(r.stdout, /^sock\.pem:1:1: warning \[file-not-regular\] a socket/m);
    assert.match(r.stdout, /^z\.pem:1:1: warning \[file-not-regular\] a character device/m);
    assert.match(r.stdout, /^linked\.pem: 1 item\(s\), no problems$/m);
  });
});
