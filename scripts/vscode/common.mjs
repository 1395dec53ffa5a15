// Shared steps of the drivers: npm deps, build, fixture workspace, Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
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

/**
 * `run` without blocking the event loop: the child gets its own process
 * group and is killed with its tree on Ctrl+C, SIGTERM or any exit, so a
 * signal arriving mid-build stops everything at once (`npm start`).
 */
export function runAsync(cmd, args, { quiet = false, ...opts } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: quiet ? 'pipe' : 'inherit', detached: true, ...opts });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const kill = onCleanup(() => killTree(child.pid, 2000));
    child.on('error', (e) => {
      kill();
      reject(e);
    });
    child.on('exit', (code, signal) => {
      kill();
      if (code === 0) return resolve(output);
      if (quiet) console.error(output);
      reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code ?? signal})`));
    });
  });
}

/**
 * When the command that started this process began, in ms since the epoch:
 * the oldest of this process and its `npm`/`sh -c` ancestors (Linux /proc),
 * so `npm start`'s "ready in" includes npm itself and `npm ci`.
 */
export function commandStartMs() {
  let oldest = performance.timeOrigin;
  try {
    const ticks = 100; // USER_HZ: 100 on every Linux ABI Node supports
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    const bootMs = Date.now() - uptime * 1000;
    const startOf = (pid) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(fields[1]), startMs: bootMs + (Number(fields[19]) / ticks) * 1000 };
    };
    let pid = process.ppid;
    for (let depth = 0; depth < 4 && pid > 1; depth++) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!/(^|\/)(npm|npm-cli\.js|sh)\b|npm-cli|\bnpm\b/.test(cmdline)) break;
      const s = startOf(pid);
      oldest = Math.min(oldest, s.startMs);
      pid = s.ppid;
    }
  } catch {
    // not Linux, or the ancestor ended: this process's own start
  }
  return oldest;
}
