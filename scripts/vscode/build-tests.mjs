// Bundles test/integration/index.ts to out/test/integration/index.js (CommonJS,
// 'vscode' external): the module VS Code loads as extensionTestsPath.
import { build } from 'esbuild';
import { join } from 'node:path';
import { root } from './ensure-prereqs.mjs';

export const integrationEntry = join(root, 'out', 'test', 'integration', 'index.js');

export async function buildIntegrationTests() {
  await build({
    entryPoints: [join(root, 'test', 'integration', 'index.ts')],
    outfile: integrationEntry,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return integrationEntry;
}
