// Runs every test/unit/**/*.test.ts with node:test through tsx.
// Node 20's --test takes no globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv.slice(2);

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}
const files = walk(join(root, 'test', 'unit'))
  .map((f) => relative(root, f))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
// A hang guard, not a timed assertion: no test needs more than a few seconds,
// so a test still running after 5 minutes has hung, and fails by name
// instead of holding CI until its 90-minute limit.
const HANG_GUARD_MS = 300_000;
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-timeout=${HANG_GUARD_MS}`, '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TZ: 'UTC' },
});
process.exit(r.status ?? 1);
