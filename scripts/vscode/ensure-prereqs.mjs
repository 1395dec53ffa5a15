// Installs what the real-VS-Code harness needs, idempotently:
//   - Debian packages (chromium, libkrb5-dev, ripgrep) when root and missing;
//   - the ripgrep cache tarball that @vscode/ripgrep's postinstall looks for;
//   - code-server@CODE_SERVER_VERSION in .vscode-test/code-server (own package.json).
// Facts behind each step: shared/reference/real-vscode.md.
// Run directly (`node scripts/vscode/ensure-prereqs.mjs [--no-browser]`) or import.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** code-server 4.100.3 bundles VS Code 1.100.3 and still runs on Node 20; newer ones need Node 24. */
export const CODE_SERVER_VERSION = '4.100.3';
export const codeServerDir = join(root, '.vscode-test', 'code-server');
export const codeServerBin = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.CERTLENS_CHROMIUM || '/usr/bin/chromium';

// Version pins of code-server 4.100.3's lib/vscode dependency on @vscode/ripgrep.
const RG_CACHE = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');

const log = (msg) => console.log(`certlens/vscode: ${msg}`);

class PrereqError extends Error {}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** How to tell each Debian package is present without depending on dpkg. */
const PACKAGE_PROBES = {
  chromium: () => existsSync(chromiumPath),
  'libkrb5-dev': () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h'),
  ripgrep: () => onPath('rg'),
  openssl: () => onPath('openssl'), // scripts/gen-samples.sh
  // code-server's postinstall compiles native modules (node-pty, kerberos).
  python3: () => onPath('python3'),
  make: () => onPath('make'),
  'g++': () => onPath('g++'),
};

/** Installs the missing ones with apt-get when root; otherwise throws one message naming them. */
export function ensureDebianPackages(names) {
  const missing = names.filter((n) => !PACKAGE_PROBES[n]());
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) {
    throw new PrereqError(
      `missing system packages: ${missing.join(', ')}. Install them (Debian/Ubuntu: ` +
        `sudo apt-get install -y ${missing.join(' ')}) and run again.`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  const still = missing.filter((n) => !PACKAGE_PROBES[n]());
  if (still.length) throw new PrereqError(`apt-get did not provide: ${still.join(', ')}`);
}

/** @vscode/ripgrep's postinstall downloads rg from GitHub unless this cached archive exists. */
export function ensureRipgrepCache() {
  if (existsSync(RG_CACHE)) return;
  const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  const stage = mkdtempSync(join(tmpdir(), 'certlens-rg-'));
  try {
    copyFileSync(rg, join(stage, 'rg'));
    mkdirSync(dirname(RG_CACHE), { recursive: true });
    execFileSync('tar', ['-czf', RG_CACHE, '-C', stage, 'rg']);
    log(`prepared ripgrep cache ${RG_CACHE}`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The installed code-server version, or undefined when absent or half-installed. */
export function installedCodeServerVersion() {
  const marker = join(codeServerDir, '.certlens-installed');
  if (!existsSync(marker) || !existsSync(codeServerBin)) return undefined;
  try {
    const pkg = JSON.parse(readFileSync(join(codeServerDir, 'node_modules', 'code-server', 'package.json'), 'utf8'));
    return pkg.version;
  } catch {
    return undefined;
  }
}

export function ensureCodeServer() {
  if (installedCodeServerVersion() === CODE_SERVER_VERSION) return;
  ensureDebianPackages(['libkrb5-dev', 'ripgrep', 'python3', 'make', 'g++']);
  ensureRipgrepCache();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${codeServerDir} (about a minute, ~300 MB)…`);
  const started = Date.now();
  rmSync(codeServerDir, { recursive: true, force: true });
  mkdirSync(codeServerDir, { recursive: true });
  writeFileSync(
    join(codeServerDir, 'package.json'),
    JSON.stringify(
      {
        name: 'certlens-code-server',
        private: true,
        description: 'Test host only; not a dependency of the extension.',
        dependencies: { 'code-server': CODE_SERVER_VERSION },
      },
      null,
      2,
    ) + '\n',
  );
  const env = {
    ...process.env,
    // The postinstall runs `npm install` in lib/vscode, which refuses root without this,
    npm_config_unsafe_perm: 'true',
    // and node-pty's postinstall runs `npx node-gyp`, which would prompt without this.
    npm_config_yes: 'true',
  };
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: codeServerDir,
    stdio: 'inherit',
    env,
  });
  if (r.status !== 0) throw new PrereqError(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status ?? r.signal})`);
  // The postinstall is what builds lib/vscode; without its modules the server cannot start.
  if (!existsSync(join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'))) {
    throw new PrereqError('code-server installed but its postinstall did not run (lib/vscode/node_modules missing)');
  }
  writeFileSync(join(codeServerDir, '.certlens-installed'), `${CODE_SERVER_VERSION}\n`);
  log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Everything the harness needs. `browser: false` for `npm start` (no Chromium needed). */
export function ensurePrereqs({ browser = true } = {}) {
  ensureDebianPackages(browser ? ['openssl', 'chromium'] : ['openssl']);
  ensureCodeServer();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    ensurePrereqs({ browser: !process.argv.includes('--no-browser') });
    log(`ready: code-server ${installedCodeServerVersion()}${process.argv.includes('--no-browser') ? '' : `, ${chromiumPath}`}`);
  } catch (e) {
    console.error(`certlens/vscode: ${e instanceof PrereqError ? e.message : e?.stack || e}`);
    process.exit(1);
  }
}
