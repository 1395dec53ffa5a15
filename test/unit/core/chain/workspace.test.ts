import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText } from '../../../../src/core/analysis/decode';
import { buildFileReport } from '../../../../src/core/analysis/file-report';
import { prepareWorkspace } from '../../../../src/core/chain/workspace';

const FIX = join(__dirname, '../../../fixtures');
const NOW = new Date('2025-06-01T00:00:00Z');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : /\.(pem|crt)$/.test(n) ? [p] : [];
    });
}

describe('prepareWorkspace issuersOnly on one big bundle', () => {
  it('pools only the bundle’s issuers, and its report is the one the full pool gives', async () => {
    // Every chain fixture in one file, forwards then backwards: leaves, repeated intermediates and roots; then an
    // intermediate before its leaf with no copy after it, misordered (a later copy would put that leaf in order).
    const blocks = [...walk(join(FIX, 'chain-findings')), ...walk(join(FIX, 'certs'))].map((p) => readFileSync(p, 'utf8'));
    const misordered = ['chain/ica.pem', 'chain/leaf-rsa1024.pem'].map((p) => readFileSync(join(FIX, p), 'utf8'));
    const text = [...blocks, ...[...blocks].reverse(), ...misordered].join('\n');
    const decoded = await decodeText(text);
    const files = [{ file: 'bundle.pem', items: decoded.items }];
    const full = prepareWorkspace(files, []);
    const lean = prepareWorkspace(files, [], { issuersOnly: true });
    assert.ok(lean.prepared.pool.length < full.prepared.pool.length, `${lean.prepared.pool.length} of ${full.prepared.pool.length} pooled`);
    const [a, b] = await Promise.all(
      [full, lean].map((workspace) => buildFileReport({ file: 'bundle.pem', text, decoded }, { now: NOW, workspace })),
    );
    assert.ok(a && b);
    assert.deepEqual(b.findings, a.findings);
    assert.deepEqual(b.statuses, a.statuses);
    assert.deepEqual(b.verdicts, a.verdicts);
    const codes = new Set(a.findings.map((f) => f.code));
    for (const code of [
      'chain-cross-signed',
      'chain-misordered',
      'chain-root-included',
      'chain-missing-intermediate',
      'chain-bad-signature',
    ])
      assert.ok(codes.has(code), `the bundle exercises ${code}: ${[...codes].join(', ')}`);
    assert.ok(a.verdicts.length > 20, `${a.verdicts.length} verdicts`);
  });
});
