// Shared steps of the drivers: npm deps, build, fixture workspace, Chromium.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath, root } from './ensure-prereqs.mjs';
import { killTree, onCleanup } from './code-server.mjs';

export const log = (msg) => console.log(`certlens/vscode: ${msg}`);

/** Runs a command in the repo root; `quiet` captures its output and shows it only on failure. */
export function run(cmd, args, { quiet = false, ...opts } = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    if (quiet) console.error(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
  }
}

export function ensureNpmDeps() {
  run(process.execPath, [join(root, 'scripts', 'ensure-deps.mjs')]);
}

export function buildExtension({ production = false } = {}) {
  run(process.execPath, [join(root, 'scripts', 'build.mjs'), ...(production ? ['--production'] : [])], { quiet: true });
}

/** `npm run package`: the .vsix exactly as users install it; returns its path. */
export function packageExtension() {
  log('packaging the extension (npm run package)…');
  run('npm', ['run', '--silent', 'package'], { quiet: true });
  return join(root, 'dist', 'certlens.vsix');
}

/** Generates the samples (dates relative to now) into `dir`, plus a .cer copy of the leaf. */
export function generateWorkspace(dir) {
  mkdirSync(dir, { recursive: true });
  run('bash', [join(root, 'scripts', 'gen-samples.sh'), dir], { quiet: true });
  copyFileSync(join(dir, 'leaf.crt'), join(dir, 'leaf.cer'));
  return dir;
}

/** Chromium flags that work headless as root on Debian (shared/reference/real-vscode.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/**
 * Launches Debian's Chromium through playwright-core as a BrowserServer (so we
 * own its pid) and connects to it. The process tree is killed on cleanup.
 */
export async function launchBrowser({ viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  const server = await chromium.launchServer({
    executablePath: chromiumPath,
    args: CHROMIUM_ARGS,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const pid = server.process().pid;
  const kill = onCleanup(() => killTree(pid, 1000));
  const browser = await chromium.connect(server.wsEndpoint());
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const close = async () => {
    await browser.close().catch(() => {});
    await server.close().catch(() => {});
    kill();
  };
  return { browser, context, page, close };
}

/** Races a promise against a deadline; rejects with `message` when it passes. */
export function deadline(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
