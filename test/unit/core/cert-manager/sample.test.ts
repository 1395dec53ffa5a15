/**
 * The shipped cert-manager sample (scripts/gen-samples.sh → samples/cert-manager.yaml)
 * opens with exactly the findings its header comment names, and its quick fix
 * leaves a file with no finding at all.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintManifest, type Fix } from '../../../../src/core/cert-manager';

const script = readFileSync(join(__dirname, '../../../../scripts/gen-samples.sh'), 'utf8');
const OPEN = "cat > gen/cert-manager.yaml <<'YAML'\n";
const start = script.indexOf(OPEN) + OPEN.length;
const text = script.slice(start, script.indexOf('\nYAML\n', start) + 1);
const NOW = new Date('2026-11-22T00:00:00Z');
const lint = (t: string) => lintManifest({ path: 'cert-manager.yaml', text: t }, { now: NOW }).problems;

describe('samples/cert-manager.yaml', () => {
  const header = text.split('\n').filter((l) => l.startsWith('#'));
  it('has a header comment that names the findings it shows', () => {
    assert.ok(start > OPEN.length && header.length >= 2, 'header comment');
  });
  it('opens with exactly the findings the comment names', () => {
    const named = [...new Set(header.join('\n').match(/\bCM\d{3}\b/g) ?? [])].sort();
    assert.ok(named.length > 0);
    assert.deepEqual([...new Set(lint(text).map((p) => p.code))].sort(), named);
  });
  it('the quick fix the comment names leaves zero findings', () => {
    const p = lint(text)[0];
    assert.ok(p);
    const fix = (p.data as { fix: Fix }).fix;
    assert.ok(header.join('\n').includes(fix.title), `the comment names "${fix.title}"`);
    const fixed = text.slice(0, fix.span.start) + fix.newText + text.slice(fix.span.end);
    assert.deepEqual(
      lint(fixed).map((x) => x.code),
      [],
    );
  });
});
