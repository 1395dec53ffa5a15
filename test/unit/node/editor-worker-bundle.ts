/**
 * The editor's worker entry (src/node/editor-decode-worker.ts) bundled as
 * scripts/build.mjs does, for tests that start real worker threads (worker
 * threads do not take tsx's loader).
 */
import { buildSync } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bundles the worker into a fresh temporary folder and returns the script's path. */
export function bundleEditorWorker(prefix: string): string {
  const script = join(mkdtempSync(join(tmpdir(), prefix)), 'editor-decode-worker.js');
  buildSync({
    entryPoints: [join(__dirname, '..', '..', '..', 'src', 'node', 'editor-decode-worker.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    keepNames: true,
    logLevel: 'silent',
  });
  return script;
}
