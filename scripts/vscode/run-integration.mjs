// Runs test/integration inside the real VS Code 1.100 extension host of a
// project-local code-server, driven by Debian's Chromium (playwright-core).
//
//   node scripts/vscode/run-integration.mjs [--no-build] [--grep TEXT] [--verbose]
//
// Exit code: the tests' own (0 = all passed); 1 on harness failure or timeout.
// Env: CERTLENS_INTEGRATION_TIMEOUT (s, default 300), CERTLENS_KEEP_RUN_DIRS=1,
// CERTLENS_TEST_GREP (as --grep), CERTLENS_TEST_WORKSPACE (open this folder instead of
// the generated samples: the editor index bench's 10,000-file fleet).
import { join } from 'node:path';
import { ensurePrereqs, root } from './ensure-prereqs.mjs';
import { makeRunDirs, runDriver, showLog, startCodeServer } from './code-server.mjs';
import { buildIntegrationTests } from './build-tests.mjs';
import { buildExtension, deadline, ensureNpmDeps, generateWorkspace, launchBrowser, log, seconds } from './common.mjs';

const argv = process.argv.slice(2);
// --restricted: a second run with workspace trust on, so the folder opens in restricted mode and the
// restricted-mode tests (which check that nothing connects) run instead of the trusted ones.
const restricted = argv.includes('--restricted');
const grep = argv.includes('--grep')
  ? argv[argv.indexOf('--grep') + 1]
  : (process.env.CERTLENS_TEST_GREP ?? (restricted ? 'restricted mode' : undefined));
const overallMs = Number(process.env.CERTLENS_INTEGRATION_TIMEOUT || 300) * 1000;
const verbose = argv.includes('--verbose');
const SUMMARY = /certlens-integration: (\d+) passed, (\d+) failed/;

async function main() {
  const t0 = Date.now();
  ensureNpmDeps();
  ensurePrereqs({ browser: true });
  if (!argv.includes('--no-build')) buildExtension();
  const testsEntry = await buildIntegrationTests();
  const dirs = makeRunDirs(restricted ? 'integration-restricted' : 'integration', { workspaceTrust: restricted });
  const workspace = process.env.CERTLENS_TEST_WORKSPACE || generateWorkspace(join(dirs.base, 'workspace'));
  log(`prepared in ${seconds(t0)}; starting code-server…`);

  const t1 = Date.now();
  const server = await startCodeServer({ dirs, workspace, env: grep ? { CERTLENS_TEST_GREP: grep } : {}, workspaceTrust: restricted });
  log(`code-server ${server.origin} ready in ${seconds(t1)} (pid ${server.pid})`);

  const { page, close } = await launchBrowser();
  let summary;
  let version = 'unknown';
  let started = false; // workbench chatter before the runner's first line is kept for failures only
  const preamble = [];
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  const exitCode = new Promise((resolve) => {
    page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code))).catch(() => {});
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    const m = SUMMARY.exec(text);
    if (m) summary = { passed: Number(m[1]), failed: Number(m[2]) };
    const v = /VS Code (\d+\.\d+\.\d+)/.exec(text);
    if (v) version = v[1];
    if (!started && text.startsWith('certlens-integration:')) started = true;
    if (!started && !verbose) preamble.push(text);
    else (type === 'error' ? console.error : console.log)(text);
  });
  const url = server.folderUrl(workspace, [
    ['extensionDevelopmentPath', server.remoteUri(root)],
    ['extensionTestsPath', server.remoteUri(testsEntry)],
  ]);
  log(`opening ${url.slice(0, 120)}…`);
  const t2 = Date.now();
  let code;
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const serverDied = server.done.then(({ code: c, signal }) => {
      throw new Error(`code-server exited during the tests (code ${c}, signal ${signal})`);
    });
    code = await deadline(
      Promise.race([exitCode, serverDied]),
      Math.max(10_000, overallMs - (Date.now() - t0)),
      `integration tests did not finish within ${overallMs / 1000} s`,
    );
  } catch (e) {
    console.error(`certlens/vscode: ${e.message}`);
    if (pageErrors.length) console.error(`--- workbench errors ---\n${pageErrors.slice(-20).join('\n')}`);
    showLog(server.log);
    code = 1;
  }
  log(`tests ran in ${seconds(t2)}; exit code ${code}; total ${seconds(t0)}`);
  if (code !== 0 && !summary) {
    if (preamble.length) console.error(`--- workbench log before the tests ---\n${preamble.slice(-40).join('\n')}`);
    if (pageErrors.length) console.error(`--- workbench errors ---\n${pageErrors.slice(-20).join('\n')}`);
    showLog(server.log, 40);
  }
  await close();
  server.stop();
  // The stage's last line: the counts, where they ran, how long it took.
  // (alone on its line, so CI reads it as the stage's count)
  if (summary) {
    log(`integration stage: VS Code ${version}, ${seconds(t0)}`);
    console.log(`integration: ${summary.passed} passed, ${summary.failed} failed`);
  } else console.log(`integration: no results (harness failure, ${seconds(t0)})`);
  // A run that reported failures must not exit 0, and one that never reported is a harness failure.
  if (!summary) return code || 1;
  if (summary.passed === 0) {
    console.error('certlens/vscode: no integration test ran (is the workspace trusted or restricted as this run expects?)');
    return 1;
  }
  if (summary.failed > 0 && code === 0) return 1;
  return code;
}

runDriver(main);
