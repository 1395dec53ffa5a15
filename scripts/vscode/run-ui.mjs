// Black-box UI test (test/ui) against the real workbench: packages the
// extension, installs the .vsix into a clean code-server, opens the fixture
// workspace in Chromium and runs the steps; screenshots go to
// test-results/screenshots/. With --readme, also regenerates media/*.png.
//
//   node scripts/vscode/run-ui.mjs [--no-build] [--readme] [--verbose]
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createTlsServer } from 'node:tls';
import { join } from 'node:path';
import { ensurePrereqs, root } from './ensure-prereqs.mjs';
import { installExtension, makeRunDirs, runDriver, showLog, startCodeServer } from './code-server.mjs';
import { deadline, ensureNpmDeps, generateWorkspace, launchBrowser, log, packageExtension, seconds } from './common.mjs';

const argv = process.argv.slice(2);
const readme = argv.includes('--readme');
const overallMs = Number(process.env.CERTLENS_UI_TIMEOUT || 300) * 1000;
const shotsDir = join(root, 'test-results', 'screenshots');
const mediaDir = join(root, 'media');

async function main() {
  const t0 = Date.now();
  ensureNpmDeps();
  ensurePrereqs({ browser: true });
  if (!argv.includes('--no-build')) packageExtension();
  const dirs = makeRunDirs('ui');
  const out = installExtension(dirs, join(root, 'dist', 'certlens.vsix'));
  if (argv.includes('--verbose')) console.log(out);
  const workspace = generateWorkspace(join(dirs.base, 'workspace'));
  // A local TLS server for the endpoint steps: the sample leaf and its intermediate, nothing leaves the machine.
  const tlsServer = createTlsServer({
    cert: readFileSync(join(workspace, 'fullchain.pem')),
    key: readFileSync(join(workspace, 'leaf.key')),
  });
  tlsServer.on('secureConnection', (s) => s.end());
  tlsServer.on('tlsClientError', () => {});
  await new Promise((r) => tlsServer.listen(0, '127.0.0.1', r));
  const tlsPort = tlsServer.address().port;
  tlsServer.unref();
  const server = await startCodeServer({ dirs, workspace });
  log(`prepared in ${seconds(t0)}: ${server.origin}, .vsix installed in a clean profile`);

  rmSync(shotsDir, { recursive: true, force: true });
  mkdirSync(shotsDir, { recursive: true });
  const { page, close } = await launchBrowser({ viewport: { width: 1280, height: 800 } });
  let passed = 0;
  const failed = [];
  let n = 0;
  // `target`: another page of the same browser (the exported HTML report opened as a file).
  const shot = async (name, target = page) => {
    const file = join(shotsDir, `${String(++n).padStart(2, '0')}-${name.replace(/^\d+-/, '')}.png`);
    await target.screenshot({ path: file });
    if (readme && !/^\d/.test(name)) {
      mkdirSync(mediaDir, { recursive: true });
      await target.screenshot({ path: join(mediaDir, `screenshot-${name}.png`) });
      log(`wrote media/screenshot-${name}.png`);
    }
  };
  let broken = false;
  const step = async (title, fn) => {
    const t = Date.now();
    if (broken) {
      failed.push(title);
      console.log(`  - ${title} (skipped after a failure)`);
      return;
    }
    try {
      await fn();
      passed++;
      console.log(`  ✔ ${title} (${Date.now() - t} ms)`);
    } catch (e) {
      failed.push(title);
      broken = true; // later steps build on earlier ones
      console.log(
        `  ✖ ${title} (${Date.now() - t} ms)\n      ${String(e?.message ?? e)
          .split('\n')
          .slice(0, 6)
          .join('\n      ')}`,
      );
      await page.screenshot({ path: join(shotsDir, `failure-${String(++n).padStart(2, '0')}.png`) }).catch(() => {});
    }
  };

  const { uiTest, readmeScreenshots } = await import('../../test/ui/workbench.ui.mjs');
  try {
    await page.goto(server.folderUrl(workspace), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await deadline(
      (async () => {
        await uiTest({ page, step, shot, tlsPort, workspace });
        if (readme) await readmeScreenshots({ page, step, shot });
      })(),
      overallMs,
      `UI test did not finish within ${overallMs / 1000} s`,
    );
  } catch (e) {
    failed.push(String(e?.message ?? e));
    console.log(`  ✖ ${e?.message ?? e}`);
  }
  if (failed.length) showLog(server.log, 30);
  log(`screenshots in ${shotsDir}`);
  await close();
  tlsServer.close();
  server.stop();
  log(`ui stage: ${seconds(t0)}`);
  console.log(`ui: ${passed} passed, ${failed.length} failed`);
  return failed.length ? 1 : 0;
}

runDriver(main);
