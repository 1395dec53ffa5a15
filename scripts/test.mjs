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
  ['format', npm, ['run', '--silent', 'format:check']],
  ['build', npm, ['run', '--silent', 'build']],
  ['unit', process.execPath, ['scripts/test-unit.mjs']],
  // The whole x509-limbo suite (9,780 cases) fits in about a minute; --check fails below the committed floor.
  ['conformance', npm, ['run', '--silent', 'conformance', '--', '--check']],
  // NIST PKITS (249 cases, a few seconds); --check fails below PKITS_FLOOR in scripts/conformance.ts.
  ['pkits', npm, ['run', '--silent', 'conformance', '--', '--suite', 'pkits', '--check']],
  // In a real VS Code 1.100 (code-server + Chromium); installs its own prerequisites.
  // CERTLENS_SKIP_VSCODE=1 skips both for a quick local run.
  ['integration', process.execPath, ['scripts/vscode/run-integration.mjs', '--no-build']],
  // The same harness with workspace trust on: the folder opens restricted and the restricted-mode tests run.
  ['integration-restricted', process.execPath, ['scripts/vscode/run-integration.mjs', '--no-build', '--restricted']],
  ['ui', process.execPath, ['scripts/vscode/run-ui.mjs']],
].filter(([name]) => !(process.env.CERTLENS_SKIP_VSCODE && (name.startsWith('integration') || name === 'ui')));
// Timings go in the stage headers so that the run still ends with the last
// stage's own "N passed, N failed" line.
const timings = [];
for (const [name, cmd, args] of stages) {
  console.log(`\n=== certlens test stage: ${name} ===${timings.length ? ` (so far: ${timings.join(', ')})` : ''}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    console.error(`certlens: stage "${name}" failed (exit ${r.status ?? r.signal}) [${timings.join(', ')}]`);
    process.exit(r.status || 1);
  }
}
