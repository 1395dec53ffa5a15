/**
 * gitStateFor on a real temporary repository, and `certlens scan` reporting
 * private-key-committed from it (issue 16, deliverable 8).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { gitStateFor } from '../../../src/node/git-state';

const KEYS = join(__dirname, '..', '..', 'fixtures', 'keys');
const tmp = mkdtempSync(join(tmpdir(), 'certlens-git-'));
const repo = join(tmp, 'repo');
const plain = join(tmp, 'plain');
const gitIn = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe' });

before(() => {
  mkdirSync(join(repo, 'keys'), { recursive: true });
  mkdirSync(plain);
  gitIn(repo, 'init', '-q');
  copyFileSync(join(KEYS, 'ec-p256.pkcs8.pem'), join(repo, 'keys', 'tracked.key'));
  copyFileSync(join(KEYS, 'rsa2048.pkcs8-encrypted.pem'), join(repo, 'keys', 'encrypted.key'));
  copyFileSync(join(KEYS, 'ec-p256.pkcs8.pem'), join(repo, 'keys', 'untracked.key'));
  copyFileSync(join(KEYS, 'ec-p256.pkcs8.pem'), join(repo, 'keys', 'forced.key'));
  copyFileSync(join(KEYS, 'ec-p256.pkcs8.pem'), join(plain, 'elsewhere.key'));
  writeFileSync(join(repo, '.gitignore'), 'forced.key\n');
  gitIn(repo, 'add', '.gitignore', 'keys/tracked.key', 'keys/encrypted.key');
  gitIn(repo, 'add', '-f', 'keys/forced.key'); // tracked, but an ignore rule matches it
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('gitStateFor', () => {
  it('tracked, untracked, tracked-and-ignored, outside a repository', async () => {
    const lookup = await gitStateFor([join(repo, 'keys'), plain]);
    assert.deepEqual(lookup(join(repo, 'keys', 'tracked.key')), { tracked: true, ignored: false });
    assert.deepEqual(lookup(join(repo, 'keys', 'untracked.key')), { tracked: false, ignored: false });
    assert.deepEqual(lookup(join(repo, 'keys', 'forced.key')), { tracked: true, ignored: true });
    assert.equal(lookup(join(plain, 'elsewhere.key')), undefined);
  });
  it('no git binary: unknown, no throw', async () => {
    const lookup = await gitStateFor([repo], { git: join(tmp, 'no-such-git') });
    assert.equal(lookup(join(repo, 'keys', 'tracked.key')), undefined);
  });
  it('a repository config cannot run a command through core.fsmonitor', async () => {
    const marker = join(tmp, 'pwned');
    gitIn(repo, 'config', 'core.fsmonitor', `touch ${marker}; false`);
    try {
      await gitStateFor([repo]);
      assert.throws(() => readFileSync(marker));
    } finally {
      gitIn(repo, 'config', '--unset', 'core.fsmonitor');
    }
  });
});

describe('certlens scan: private-key-committed', () => {
  async function scan(...extra: string[]) {
    let stdout = '';
    const code = await main(['scan', '--json', '--no-chain', '--now', '2025-06-01T00:00:00Z', ...extra, 'keys'], {
      stdout: (s) => void (stdout += s),
      stderr: () => undefined,
      cwd: repo,
      now: () => new Date('2025-06-01T00:00:00Z'),
    });
    const j = JSON.parse(stdout) as {
      files: Array<{ path: string; problems: Array<{ code: string; severity: string; message: string }> }>;
    };
    const found = Object.fromEntries(
      j.files.map((f) => [
        f.path,
        f.problems
          .filter((p) => p.code === 'private-key-committed')
          .map((p) => p.severity)
          .join(','),
      ]),
    );
    return { code, found, stdout };
  }
  it('warning on a tracked key, info on an encrypted one, nothing on untracked or ignored ones', async () => {
    const r = await scan();
    assert.deepEqual(r.found, {
      'keys/encrypted.key': 'info',
      'keys/forced.key': '',
      'keys/tracked.key': 'warning',
      'keys/untracked.key': '',
    });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /rotate it/);
  });
  it('--no-git and --disable private-key-committed turn it off', async () => {
    for (const flags of [['--no-git'], ['--disable', 'private-key-committed']]) {
      const r = await scan(...flags);
      assert.ok(
        Object.values(r.found).every((s) => s === ''),
        flags.join(' '),
      );
    }
  });
});
