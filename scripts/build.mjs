// Bundles each entry with esbuild. Type-checking is separate (`npm run typecheck`).
import { build, context } from 'esbuild';

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
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // Decode workers of the CLI (src/node/decode-pool.ts).
  { entryPoints: ['src/node/decode-worker.ts'], outfile: 'dist/decode-worker.js' },
];

if (watch) {
  for (const e of entries) await (await context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => build({ ...common, ...e })));
}
