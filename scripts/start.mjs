// `npm start`: build and package the extension, install the .vsix into a
// project-local code-server (the real VS Code 1.100), regenerate samples/ and
// serve it until Ctrl+C, then stop every child process.
//
//   npm start                    serve samples/ on a free port
//   npm start -- --port 8080     serve on a fixed port
//   npm start -- --desktop       run `code --extensionDevelopmentPath=. samples` instead (needs `code` on PATH)
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensurePrereqs, root } from './vscode/ensure-prereqs.mjs';
import { installExtension, makeRunDirs, runDriver, showLog, startCodeServer } from './vscode/code-server.mjs';
import { buildExtension, ensureNpmDeps, log, packageExtension, run, seconds } from './vscode/common.mjs';

const argv = process.argv.slice(2);
const port = argv.includes('--port') ? Number(argv[argv.indexOf('--port') + 1]) : undefined;
const samples = join(root, 'samples');

function generateSamples() {
  run('bash', [join(root, 'scripts', 'gen-samples.sh'), samples], { quiet: true });
  log(`samples regenerated in ${samples} (see samples/README.md)`);
}

async function desktop() {
  buildExtension();
  generateSamples();
  log('launching desktop VS Code: code --extensionDevelopmentPath=. samples');
  // Desktop VS Code outlives this script on purpose; it has its own window to close.
  spawn('code', [`--extensionDevelopmentPath=${root}`, samples], { stdio: 'inherit', detached: true }).unref();
}

async function serve() {
  const t0 = Date.now();
  ensurePrereqs({ browser: false });
  const vsix = packageExtension();
  generateSamples();
  const dirs = makeRunDirs('start');
  installExtension(dirs, vsix);
  log(`installed ${vsix} into a clean code-server profile (${dirs.base})`);
  const server = await startCodeServer({ dirs, workspace: samples, port });
  console.log(`\n  CertLens is running in VS Code (code-server) — ready in ${seconds(t0)}:\n`);
  console.log(`    ${server.folderUrl(samples)}\n`);
  console.log('  Press Ctrl+C to stop.\n');
  const { code, signal } = await server.done;
  console.error(`certlens/vscode: code-server stopped unexpectedly (code ${code}, signal ${signal})`);
  showLog(server.log);
  return 1;
}

async function main() {
  ensureNpmDeps();
  if (argv.includes('--desktop')) {
    if (spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0) return desktop().then(() => 0);
    log('`code` is not on PATH; serving through code-server instead');
  }
  return serve();
}

runDriver(main);
