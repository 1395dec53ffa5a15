// `npm run test:electron`: the same integration suite through
// @vscode/test-electron, which downloads VS Code 1.100.3 from the VS Code
// update server. For machines with that network access; not part of `npm test`
// (use `npm run test:integration` for the code-server path that needs only npm
// and Debian). On a headless Linux box run it under `xvfb-run -a`.
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { root } from './ensure-prereqs.mjs';
import { buildIntegrationTests } from './build-tests.mjs';
import { makeRunDirs, runDriver } from './code-server.mjs';
import { buildExtension, ensureNpmDeps, generateWorkspace, log } from './common.mjs';

async function main() {
  ensureNpmDeps();
  buildExtension();
  const extensionTestsPath = await buildIntegrationTests();
  const dirs = makeRunDirs('electron');
  const workspace = generateWorkspace(join(dirs.base, 'workspace'));
  const isRoot = process.getuid?.() === 0;
  log('running the integration suite in VS Code 1.100.3 via @vscode/test-electron…');
  return runTests({
    version: '1.100.3', // the suite asserts vscode.version starts with 1.100
    extensionDevelopmentPath: root,
    extensionTestsPath,
    extensionTestsEnv: { CERTLENS_TEST_GREP: process.env.CERTLENS_TEST_GREP ?? '' },
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      dirs.extensions,
      ...(isRoot ? ['--no-sandbox'] : []),
    ],
    timeout: 120_000, // download timeout, so an unreachable update server fails instead of hanging
  });
}

runDriver(main, (e) => {
  console.error(`certlens/vscode: test-electron failed: ${e?.message ?? e}`);
  console.error('  (it needs https://update.code.visualstudio.com; without it use `npm run test:integration`)');
});
