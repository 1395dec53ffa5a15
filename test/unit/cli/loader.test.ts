/**
 * dist/cli.js (src/cli/loader.ts): the CLI bundle runs through the V8 code
 * cache the build wrote, and runs just the same when the cache is missing,
 * from another V8 (rejected) or switched off. Skipped before a build.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const DIST = join(__dirname, '..', '..', '..', 'dist');
const built = existsSync(join(DIST, 'cli-main.cache'));

function run(dir: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(dir, 'cli.js'), '--help'], {
    encoding: 'utf8',
    env: { ...process.env, CERTLENS_CODE_CACHE: 'report' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dist/cli.js: the CLI through the code cache', { skip: !built && 'dist/ not built' }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'certlens-loader-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const copy = (name: string, cache: 'garbage' | 'none'): string => {
    const dir = join(tmp, name);
    mkdirSync(dir);
    for (const f of ['cli.js', 'cli-main.js']) copyFileSync(join(DIST, f), join(dir, f));
    if (cache === 'garbage') writeFileSync(join(dir, 'cli-main.cache'), Buffer.from('not a V8 code cache'));
    return dir;
  };

  it('uses the cache the build wrote', () => {
    const r = run(DIST);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /usage: certlens <command>/);
    assert.match(r.stderr, /code cache used/);
  });

  it('runs the same without the cache, with a cache V8 rejects, and with the cache switched off', () => {
    const want = run(DIST).stdout;
    const cases: Array<[string, RegExp]> = [
      [copy('none', 'none'), /code cache none/],
      [copy('garbage', 'garbage'), /code cache rejected/],
    ];
    for (const [dir, seen] of cases) {
      const r = run(dir);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, want);
      assert.match(r.stderr, seen);
    }
    const off = spawnSync(process.execPath, [join(DIST, 'cli.js'), '--help'], {
      encoding: 'utf8',
      env: { ...process.env, CERTLENS_CODE_CACHE: 'off' },
    });
    assert.equal(off.status, 0);
    assert.equal(off.stdout, want);
    assert.equal(off.stderr, '');
  });
});
