/**
 * The `certlens` command (bundled as dist/cli.js): runs the CLI bundle,
 * dist/cli-main.js, compiled with the V8 code cache that the build wrote
 * next to it (scripts/build.mjs). Compiling the 3 MB bundle is about 40 ms
 * of every run's start-up; with the cache it is under 1 ms. A cache from
 * another Node or V8 version is rejected by V8 itself and the bundle is
 * compiled as usual. CERTLENS_CODE_CACHE=off skips it;
 * CERTLENS_CODE_CACHE=report says on stderr whether it was used (tests).
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

const file = join(__dirname, 'cli-main.js');
const mode = process.env.CERTLENS_CODE_CACHE;

function cache(): Buffer | undefined {
  if (mode === 'off') return undefined;
  try {
    return readFileSync(join(__dirname, 'cli-main.cache'));
  } catch {
    return undefined;
  }
}

const cachedData = cache();
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, ...(cachedData && { cachedData }) });
if (mode === 'report') {
  process.stderr.write(`certlens: code cache ${cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
}
// The bundle runs as this module: `require.main === module` holds, and __dirname finds the workers beside it.
(script.runInThisContext() as (...args: unknown[]) => void)(exports, require, module, __filename, __dirname);
