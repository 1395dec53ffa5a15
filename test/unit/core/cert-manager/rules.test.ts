/**
 * One hand-written fixture per catalogue rule. Each marks the lines where
 * its rule must fire with `# <- CMxxx`; the rule must fire there and nowhere
 * else in the file.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RULES, lintManifest } from '../../../../src/core/cert-manager';
import { LineIndex } from '../../../../src/core/util/line-index';

const DIR = join(__dirname, '../../../fixtures/cert-manager/rules');
const NOW = new Date('2026-11-22T00:00:00Z');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function markedLines(text: string, code: string): number[] {
  return text.split(/\r?\n/).flatMap((l, i) => (l.includes(`# <- ${code}`) ? [i] : []));
}

describe('cert-manager rule fixtures', () => {
  it('every catalogue rule has a fixture', () => {
    const covered = new Set(files.map((f) => f.slice(0, 5)));
    assert.deepEqual(
      RULES.map((r) => r.id).filter((id) => !covered.has(id)),
      [],
    );
  });
  for (const f of files) {
    const code = f.slice(0, 5);
    it(`${f} reports ${code} on the marked lines`, () => {
      const text = readFileSync(join(DIR, f), 'utf8');
      const r = lintManifest({ path: f, text }, { now: NOW });
      const idx = new LineIndex(text);
      const got = [...new Set(r.problems.filter((p) => p.code === code).map((p) => idx.position(p.span.start).line))].sort((a, b) => a - b);
      const want = markedLines(text, code);
      assert.ok(want.length > 0, 'fixture has no marker');
      assert.deepEqual(got, want, JSON.stringify(r.problems.map((p) => [p.code, idx.position(p.span.start).line, p.message])));
      const sev = RULES.find((x) => x.id === code)!.severity;
      assert.ok(r.problems.filter((p) => p.code === code).every((p) => p.severity === sev));
      assert.equal(r.problems.filter((p) => p.code === 'yaml-syntax').length, 0);
    });
  }
});

describe('docs/cert-manager-rules.md', () => {
  it('documents every rule', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/cert-manager-rules.md'), 'utf8');
    assert.deepEqual(
      RULES.filter((r) => !doc.includes(`### ${r.id} `)).map((r) => r.id),
      [],
    );
  });
});
