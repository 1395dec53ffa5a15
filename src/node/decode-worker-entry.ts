import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The decode worker's script: the bundle, or under tsx the TypeScript source. */
export function workerEntry(): { file: string; source: boolean } | undefined {
  const bundled = join(__dirname, 'decode-worker.js');
  if (existsSync(bundled)) return { file: bundled, source: false };
  const source = join(__dirname, 'decode-worker.ts');
  if (existsSync(source)) return { file: source, source: true };
  return undefined;
}
