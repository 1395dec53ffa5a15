/**
 * Realistic manifests (docs, Helm charts, kubebuilder, mesh docs) must not
 * produce error-severity findings, except those a file declares with
 * `# expect-error: CMxxx` because cert-manager's webhook rejects them too.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { lintManifests } from '../../../../src/core/cert-manager';

const DIR = join(__dirname, '../../../fixtures/cert-manager/realistic');
const NOW = new Date('2026-11-22T00:00:00Z');

function walk(d: string): string[] {
  return readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith('.yaml') ? [join(d, n)] : []));
}
const files = walk(DIR).map((p) => ({ path: relative(DIR, p), text: readFileSync(p, 'utf8') }));

describe('realistic manifests', () => {
  const results = lintManifests(files, { now: NOW });
  for (const r of results) {
    it(`${r.path}: no unexpected errors`, () => {
      const text = files.find((f) => f.path === r.path)!.text;
      const allowed = [...text.matchAll(/# expect-error: (CM\d{3}|yaml-syntax)/g)].map((m) => m[1]);
      const errors = r.problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${p.message}`);
      assert.deepEqual(
        errors.filter((e) => !allowed.includes(e.slice(0, 5))),
        [],
      );
      for (const code of allowed)
        assert.ok(
          errors.some((e) => e.startsWith(code!)),
          `expected ${code}`,
        );
    });
  }
  it('templated Helm values produce no findings about their values', () => {
    const r = results.find((x) => x.path.endsWith('templates/certificate.yaml'))!;
    assert.deepEqual(
      r.problems.filter((p) => ['CM002', 'CM005', 'CM008', 'CM009', 'CM120'].includes(p.code)),
      [],
    );
    assert.equal(r.items.length, 1);
  });
  it('follows anchors and aliases, and reads kind: List items', () => {
    const r = results.find((x) => x.path === 'anchors-and-list.yaml')!;
    assert.deepEqual(
      r.items.map((i) => [i.name, i.timeline.renewal.lifetime, i.timeline.renewal.renewBefore, i.timeline.renewal.source]),
      [
        ['a', '720h0m0s', '240h0m0s', 'renewBefore'],
        ['b', '720h0m0s', '240h0m0s', 'default'],
      ],
    );
  });
  it("uses the Let's Encrypt lifetime for ACME certificates", () => {
    const r = results.find((x) => x.path === 'docs-letsencrypt-ingress.yaml')!;
    assert.deepEqual(r.items[0]!.timeline.renewal, {
      lifetime: '2160h0m0s',
      renewBefore: '720h0m0s',
      source: 'default',
      lifetimeSource: 'issuer',
    });
    assert.equal(
      r.items[0]!.timeline.text,
      'renews 30d before expiry (at 67% of 90d granted by the issuer) · overlap 30d · alert 14d · page 3d',
    );
  });
  it('relates the Linkerd identity issuer to nothing it cannot see, without errors', () => {
    const r = results.find((x) => x.path === 'linkerd-identity.yaml')!;
    assert.equal(r.items[0]!.timeline.renewal.renewBefore, '25h0m0s');
  });
});
