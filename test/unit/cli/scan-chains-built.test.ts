/**
 * Smoke test of the built CLI (`node dist/cli.js scan --json --ca root.pem`),
 * as issue 4's "done when" asks. Skipped when dist/cli.js is not built
 * (`node scripts/build.mjs`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = join(ROOT, 'test', 'fixtures', 'chain-findings');

describe('dist/cli.js scan --json --ca root.pem', { skip: !existsSync(CLI) && 'dist/cli.js not built' }, () => {
  const cases = [
    { folder: 'chain-missing-intermediate', code: 'chain-missing-intermediate', exit: 0 },
    { folder: 'chain-not-ca', code: 'chain-not-ca', exit: 1 },
    { folder: 'key-mismatch', code: 'key-mismatch', exit: 1 },
  ];
  for (const c of cases) {
    it(c.folder, () => {
      const r = spawnSync(
        process.execPath,
        [CLI, 'scan', '--json', '--no-system-trust', '--ca', 'root.pem', '--now', '2026-01-01T00:00:00Z', c.folder],
        { cwd: DIR, encoding: 'utf8' },
      );
      assert.equal(r.status, c.exit, r.stderr);
      const out = JSON.parse(r.stdout) as { files: Array<{ problems: Array<{ code: string }> }> };
      assert.ok(out.files.some((f) => f.problems.some((p) => p.code === c.code)));
    });
  }
});
