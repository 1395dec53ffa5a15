// `npm test`: everything CI runs, in order. Each stage stops the run on failure.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const stages = [
  ['deps', process.execPath, ['scripts/ensure-deps.mjs']],
  ['typecheck', npm, ['run', '--silent', 'typecheck']],
  ['lint', npm, ['run', '--silent', 'lint']],
  ['build', npm, ['run', '--silent', 'build']],
  ['unit', process.execPath, ['scripts/test-unit.mjs']],
  // The whole x509-limbo suite (9,780 cases) fits in about a minute; --check fails below the committed floor.
  ['conformance', npm, ['run', '--silent', 'conformance', '--', '--check']],
];
for (const [name, cmd, args] of stages) {
  console.log(`\n=== certlens test stage: ${name} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`certlens: stage "${name}" failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}
