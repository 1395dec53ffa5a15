// `npm start`: a dev server. Builds and packages the extension, installs the
// .vsix into a project-local code-server (the real VS Code 1.100), regenerates
// samples/ and serves it on a fixed port until Ctrl+C (or SIGINT/SIGTERM to
// npm), then stops every child process.
//
//   npm start                    serve samples/ on port 8080 (or $PORT)
//   npm start -- --port 9000     serve on another port
//   npm start -- --desktop       run `code --extensionDevelopmentPath=. samples` instead (needs `code` on PATH)
//
// Every step runs as an async child in its own process group, registered for
// cleanup, so a signal at any moment (npm ci, build, packaging, serving)
// stops the whole tree at once.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensurePrereqs, root } from './vscode/ensure-prereqs.mjs';
import { installCommand, installHandlers, makeRunDirs, portProblem, runDriver, showLog, startCodeServer } from './vscode/code-server.mjs';
import { commandStartMs, log, runAsync } from './vscode/common.mjs';

const DEFAULT_PORT = 8080;
const argv = process.argv.slice(2);
const portArg = argv.includes('--port') ? argv[argv.indexOf('--port') + 1] : undefined;
const samples = join(root, 'samples');
const t0 = commandStartMs();
const seconds = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** The port from --port, else $PORT, else 8080; undefined with a message when it is not a port. */
function chosenPort() {
  const raw = portArg ?? process.env.PORT ?? String(DEFAULT_PORT);
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 65535) {
    console.error(`certlens: "${raw}" is not a port number (1-65535). Use PORT=8081 npm start or npm start -- --port 8081.`);
    return undefined;
  }
  return n;
}

async function generateSamples() {
  await runAsync('bash', [join(root, 'scripts', 'gen-samples.sh'), samples], { quiet: true });
  log(`samples regenerated in ${samples} (see samples/README.md)`);
}

async function desktop() {
  await runAsync(process.execPath, [join(root, 'scripts', 'build.mjs')], { quiet: true });
  await generateSamples();
  log('launching desktop VS Code: code --extensionDevelopmentPath=. samples');
  // Desktop VS Code outlives this script on purpose; it has its own window to close.
  spawn('code', [`--extensionDevelopmentPath=${root}`, samples], { stdio: 'inherit', detached: true }).unref();
  return 0;
}

async function serve(port) {
  ensurePrereqs({ browser: false });
  log('packaging the extension (npm run package)…');
  await runAsync('npm', ['run', '--silent', 'package'], { quiet: true });
  const vsix = join(root, 'dist', 'certlens.vsix');
  await generateSamples();
  const dirs = makeRunDirs('start');
  const install = installCommand(dirs, vsix);
  await runAsync(install.cmd, install.args, { quiet: true, env: install.env });
  log(`installed ${vsix} into a clean code-server profile (${dirs.base})`);
  const server = await startCodeServer({ dirs, workspace: samples, port });
  console.log(`\n  CertLens is running in VS Code (code-server) — ready in ${seconds()}:\n`);
  console.log(`    ${server.folderUrl(samples)}\n`);
  console.log('  Press Ctrl+C to stop.\n');
  const { code, signal } = await server.done;
  console.error(`certlens/vscode: code-server stopped unexpectedly (code ${code}, signal ${signal})`);
  showLog(server.log);
  return 1;
}

async function main() {
  const port = argv.includes('--desktop') ? undefined : chosenPort();
  if (!argv.includes('--desktop')) {
    if (port === undefined) return 2;
    // Checked first, before a minute of building: a busy port is the one thing the user must change.
    const problem = await portProblem(port);
    if (problem) {
      const why = problem === 'EADDRINUSE' ? 'is already in use (another npm start?)' : `cannot be used (${problem})`;
      console.error(
        `certlens: port ${port} ${why}.\n` +
          `  Stop the other server, or pick another port: PORT=${port + 1} npm start  (or npm start -- --port ${port + 1}).`,
      );
      return 1;
    }
  }
  await runAsync(process.execPath, [join(root, 'scripts', 'ensure-deps.mjs')]);
  if (argv.includes('--desktop')) {
    if (spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0) return desktop();
    log('`code` is not on PATH; serving through code-server instead');
    const p = chosenPort();
    return p === undefined ? 2 : serve(p);
  }
  return serve(port);
}

// Signal handlers first: a Ctrl+C during the very first step must already stop its child.
installHandlers();
// npm forwards SIGINT/SIGTERM to the script's shell, not to us; the script `exec`s node so the shell is
// gone, and should npm or a shell still die without telling us, the parent changes: stop everything then.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) {
    console.error('\ncertlens: npm stopped, stopping child processes…');
    process.kill(process.pid, 'SIGTERM');
  }
}, 250).unref();
runDriver(main);
