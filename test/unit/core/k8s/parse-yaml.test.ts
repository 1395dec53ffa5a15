import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintManifest } from '../../../../src/core/cert-manager';
import { findEmbeddedMaterial } from '../../../../src/core/k8s/embedded';
import { parseYamlDocuments } from '../../../../src/core/k8s/parse-yaml';

describe('parseYamlDocuments: one parse per text', () => {
  it('returns the same documents for the same text', () => {
    const text = `a: 1\n---\nb: 2\n# ${Math.random()}\n`;
    const first = parseYamlDocuments(text);
    assert.equal(first.length, 2);
    assert.equal(parseYamlDocuments(`${text}`), first);
  });
  it('the certificate decoder and the cert-manager linter share one parse', () => {
    const text = `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: c${Math.random().toString(36).slice(2)}\nspec:\n  secretName: x\n`;
    findEmbeddedMaterial(text);
    const docs = parseYamlDocuments(text);
    lintManifest({ path: 'c.yaml', text }, { now: new Date('2026-11-22T00:00:00Z') });
    assert.equal(parseYamlDocuments(text), docs);
  });
  it('never throws; broken YAML keeps its errors on the document', () => {
    const docs = parseYamlDocuments('a: [1, 2\n');
    assert.ok((docs[0]?.errors.length ?? 0) > 0);
    assert.equal(parseYamlDocuments('').length, 0);
  });
});
