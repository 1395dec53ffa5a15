// Start/stop a project-local code-server (the real VS Code 1.100 workbench) with
// clean per-run folders, a free port, a bounded readiness wait, its log shown on
// failure, and the whole process tree killed on every exit path.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerBin } from './ensure-prereqs.mjs';

const log = (msg) => console.log(`certlens/vscode: ${msg}`);

// ---------------------------------------------------------------- cleanup ---
// Every child and temp folder registers here; the handlers below run them on
// normal exit, Ctrl+C, SIGTERM and uncaught errors, so nothing is left behind.
const cleanups = new Set();

/** Registers a synchronous cleanup; returns a function that runs it once and unregisters it. */
export function onCleanup(fn) {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    cleanups.delete(once);
    try {
      fn();
    } catch (e) {
      console.error(`certlens/vscode: cleanup failed: ${e?.message ?? e}`);
    }
  };
  cleanups.add(once);
  return once;
}

export function runCleanups() {
  for (const fn of [...cleanups].reverse()) fn();
}

/**
 * Runs a driver's `main` (resolving to its exit code), then every cleanup,
 * then exits with that code; when `main` throws, `onError` explains and the
 * exit code is 1. Ctrl+C, SIGTERM and uncaught errors are the handlers' below.
 */
export function runDriver(main, onError = (e) => console.error(`certlens/vscode: ${e?.stack || e}`)) {
  main().then(
    (code) => {
      runCleanups();
      process.exit(code);
    },
    (e) => {
      onError(e);
      runCleanups();
      process.exit(1);
    },
  );
}

let handlersInstalled = false;
export function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', runCleanups);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`\ncertlens/vscode: ${sig}, stopping child processes…`);
      runCleanups();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
  process.on('uncaughtException', (e) => {
    console.error(e);
    runCleanups();
    process.exit(1);
  });
  process.on('unhandledRejection', (e) => {
    console.error(e);
    runCleanups();
    process.exit(1);
  });
}

/** Parent of every process, read from /proc (Linux; no dependency on procps' `ps`). */
function parentMap() {
  const kids = new Map();
  let entries = [];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return kids;
  }
  for (const d of entries) {
    try {
      // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {
      // the process ended while we looked
    }
  }
  return kids;
}

/** All descendants of pid, breadth first. */
function descendants(pid) {
  const kids = parentMap();
  const result = [];
  const queue = [pid];
  while (queue.length) {
    for (const k of kids.get(queue.shift()) ?? []) {
      result.push(k);
      queue.push(k);
    }
  }
  return result;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills a process started with `detached: true` (its own process group), its
 * group and every descendant that moved to another group. Synchronous so it
 * can run from an 'exit' handler; SIGTERM first, SIGKILL after `graceMs`.
 */
export function killTree(pid, graceMs = 3000) {
  if (!pid) return;
  const signalAll = (sig) => {
    const pids = [pid, ...descendants(pid)];
    try {
      process.kill(-pid, sig);
    } catch {}
    for (const p of pids) {
      try {
        process.kill(p, sig);
      } catch {}
    }
    return pids;
  };
  const pids = signalAll('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(alive)) {
    spawnSync('sleep', ['0.1']); // synchronous back-off: this may run inside process.on('exit')
  }
  if (pids.some(alive)) signalAll('SIGKILL');
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {}
  }
}

// ------------------------------------------------------------------ ports ---
/** Resolves to the error code (`EADDRINUSE`, `EACCES`) when `port` cannot be bound on 127.0.0.1, else undefined. */
export function portProblem(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', (e) => resolve(e?.code ?? String(e)));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(undefined)));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------- code-server -----
/** Settings for a quiet, deterministic workbench: no welcome page, no update checks. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'window.dialogStyle': 'custom',
  // No "Your application running on port … is available" pop-ups: nothing here is meant to be forwarded.
  'remote.autoForwardPorts': false,
  'remote.restoreForwardedPorts': false,
  'remote.forwardOnOpen': false,
};

/** A clean per-run home for one code-server: user data, extensions, config, log. Removed on cleanup. */
export function makeRunDirs(label = 'run', { workspaceTrust = false } = {}) {
  installHandlers();
  const base = mkdtempSync(join(tmpdir(), `certlens-vscode-${label}-`));
  const dirs = {
    base,
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
    config: join(base, 'config.yaml'),
    log: join(base, 'code-server.log'),
  };
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  mkdirSync(dirs.extensions, { recursive: true });
  // With workspace trust on, a folder opens in restricted mode (no prompt): the restricted-mode tests run for real.
  const trust = workspaceTrust
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'never',
      }
    : {};
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...trust }, null, 2));
  writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  dirs.remove = onCleanup(() => {
    if (process.env.CERTLENS_KEEP_RUN_DIRS) log(`kept ${base}`);
    else rmSync(base, { recursive: true, force: true });
  });
  return dirs;
}

/** Environment for code-server: drop VS Code's own IPC variables (when run from a VS Code terminal). */
function childEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return env;
}

function commonArgs(dirs) {
  return [
    '--config',
    dirs.config,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
  ];
}

/** The command line and environment of `code-server --install-extension x.vsix` (for sync and async runners). */
export function installCommand(dirs, vsix) {
  return {
    cmd: process.execPath,
    args: [codeServerBin, ...commonArgs(dirs), '--install-extension', vsix],
    env: childEnv({ XDG_DATA_HOME: dirs.base, XDG_CONFIG_HOME: dirs.base }),
  };
}

/** `code-server --install-extension x.vsix` into the run's extensions folder. */
export function installExtension(dirs, vsix) {
  const c = installCommand(dirs, vsix);
  const r = spawnSync(c.cmd, c.args, {
    encoding: 'utf8',
    env: c.env,
    timeout: 120_000,
  });
  if (r.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout.trim();
}

export function showLog(file, lines = 80) {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8').trimEnd().split('\n');
  console.error(`--- code-server log (last ${Math.min(lines, text.length)} of ${text.length} lines: ${file}) ---`);
  console.error(text.slice(-lines).join('\n'));
  console.error('--- end of code-server log ---');
}

/**
 * Starts code-server on a free port and waits (bounded) until /healthz answers.
 * Resolves to { port, origin, folderUrl(path, payload?), stop(), pid }.
 * On failure the log is printed and the process tree is gone before rejecting.
 */
export async function startCodeServer({ dirs, workspace, readyTimeoutMs = 60_000, env = {}, port, workspaceTrust = false } = {}) {
  installHandlers();
  port ??= await freePort();
  const out = createWriteStream(dirs.log);
  const args = [
    codeServerBin,
    ...commonArgs(dirs),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(workspace ? [workspace] : []),
  ];
  const child = spawn(process.execPath, args, {
    detached: true, // own process group, so killTree reaches the extension host and the pty host too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv({ XDG_DATA_HOME: dirs.base, XDG_CONFIG_HOME: dirs.base, ...env }),
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = null;
  const done = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
  const stop = onCleanup(() => killTree(child.pid));

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  let lastError = '';
  while (true) {
    if (exited) {
      stop();
      showLog(dirs.log);
      throw new Error(`code-server exited before it was ready (code ${exited.code}, signal ${exited.signal})`);
    }
    try {
      const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
      lastError = `HTTP ${res.status}`;
    } catch (e) {
      lastError = e?.cause?.code ?? e?.message ?? String(e);
    }
    if (Date.now() > deadline) {
      stop();
      showLog(dirs.log);
      throw new Error(`code-server not ready on ${origin} after ${readyTimeoutMs / 1000} s (last: ${lastError})`);
    }
    await new Promise((r) => setTimeout(r, 200)); // poll interval, not a fixed wait
  }

  /** Workbench URL for a folder, with an optional development payload ([[key, value], …]). */
  const folderUrl = (folder, payload) => {
    let url = `${origin}/?folder=${encodeURIComponent(folder)}`;
    if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return url;
  };
  /** vscode-remote:// URI of a server-side path, for extensionDevelopmentPath/extensionTestsPath. */
  const remoteUri = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  return { port, origin, pid: child.pid, folderUrl, remoteUri, stop, done, log: dirs.log };
}
