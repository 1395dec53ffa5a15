/**
 * Realistic manifests in the style of public Helm charts, docs, Terraform
 * modules, kustomize trees and home-lab repositories. Each file has a
 * `<file>.expect` listing every finding it must produce (`line code`); the
 * test fails on any extra finding and on any missing one.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { lintManifests } from '../../../../src/core/cert-manager';
import { LineIndex } from '../../../../src/core/util/line-index';

const DIR = join(__dirname, '../../../fixtures/cert-manager/realistic');
const NOW = new Date('2026-11-22T00:00:00Z');

function walk(d: string): string[] {
  return readdirSync(d).flatMap((n) =>
    statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : /\.(ya?ml|tpl|tftpl)$/.test(n) ? [join(d, n)] : [],
  );
}
const files = walk(DIR).map((p) => ({ path: relative(DIR, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));

function expected(path: string): string[] {
  const f = join(DIR, `${path}.expect`);
  if (!existsSync(f)) return ['(no .expect file)'];
  return readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split(/\s+/).slice(0, 2).join(' '))
    .sort();
}

describe('realistic manifests', () => {
  const results = lintManifests(files, { now: NOW });
  it('the corpus holds at least 40 manifests', () => {
    assert.ok(files.length >= 40, `${files.length} files`);
  });
  for (const r of results) {
    it(`${r.path}: exactly the expected findings`, () => {
      const idx = new LineIndex(files.find((f) => f.path === r.path)!.text);
      const got = r.problems.map((p) => `${idx.position(p.span.start).line + 1} ${p.code}`).sort();
      assert.deepEqual(got, expected(r.path), r.problems.map((p) => `${p.code} ${p.message}`).join('\n'));
    });
  }
  it('templates, kustomize bases and snippets are read, not skipped (an empty .expect proves nothing otherwise)', () => {
    const items = (path: string): number => results.find((x) => x.path === path)!.items.length;
    assert.equal(items('terraform/certificate.tpl'), 1);
    assert.equal(items('helm-exclusive-issuer/templates/certificate.yaml'), 1);
    assert.equal(items('kustomize/base/wildcard-certificate.yaml'), 1);
    assert.equal(items('docs-snippet-commented-elision.yaml'), 1);
    assert.equal(items('linkerd-trust-anchor.yaml'), 2);
  });
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
