// Bundles each entry with esbuild. Type-checking is separate (`npm run typecheck`).
import { build, context } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { resolve } from 'node:path';
import { Script } from 'node:vm';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  // Keep class names: @peculiar/x509 and tsyringe rely on them.
  keepNames: true,
};

const entries = [
  { entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // Decodes off the extension host's main thread (src/node/decode-client.ts).
  { entryPoints: ['src/node/editor-decode-worker.ts'], outfile: 'dist/editor-decode-worker.js' },
  // The CLI bundle, and the `certlens` command that runs it through V8's code cache (writeCodeCache below).
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js' },
  { entryPoints: ['src/cli/loader.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // Decode workers of the CLI (src/node/decode-pool.ts).
  { entryPoints: ['src/node/decode-worker.ts'], outfile: 'dist/decode-worker.js' },
];

/**
 * The V8 code cache of the CLI bundle that dist/cli.js (src/cli/loader.ts)
 * loads: compiled here, by the Node that builds (and, in CI and on a
 * developer's machine, runs) it. Another Node rejects the cache and
 * compiles as usual.
 */
function writeCodeCache() {
  const file = resolve('dist/cli-main.js');
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file });
  writeFileSync('dist/cli-main.cache', script.createCachedData());
}

/** In watch mode, the cache follows each rebuild of the CLI bundle. */
const cliPlugin = { name: 'cli-code-cache', setup: (b) => b.onEnd((r) => void (r.errors.length === 0 && writeCodeCache())) };

if (watch) {
  for (const e of entries) await (await context({ ...common, ...e, plugins: e.outfile === 'dist/cli-main.js' ? [cliPlugin] : [] })).watch();
} else {
  await Promise.all(entries.map((e) => build({ ...common, ...e })));
  writeCodeCache();
}
