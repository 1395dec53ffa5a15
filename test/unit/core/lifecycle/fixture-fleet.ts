import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decodeText } from '../../../../src/core/analysis/decode';
import type { FleetFile } from '../../../../src/core/lifecycle/fleet';

export const LIFECYCLE = join(__dirname, '../../../fixtures/lifecycle');
/** The clock of every lifecycle fixture (scripts/gen-lifecycle-fixtures.sh). */
export const NOW = new Date('2026-06-01T00:00:00Z');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** Decodes every certificate file under `dir`, named relative to it. */
export async function loadFleet(dir: string): Promise<FleetFile[]> {
  const out: FleetFile[] = [];
  for (const path of walk(dir)) {
    if (!/\.(pem|ya?ml)$/.test(path) || path.endsWith('.certlens.yaml')) continue;
    const decoded = await decodeText(readFileSync(path, 'utf8'), { structured: /\.ya?ml$/.test(path) });
    out.push({ file: relative(dir, path), items: decoded.items });
  }
  return out;
}
