/**
 * Editor messages never name the CLI's flags (issue 15): src/core feeds the
 * editor and the CLI alike, src/extension only the editor, so neither may
 * put `--ca`, `--json`, … into a string. Comments may.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const FLAG = /(['"`])(?:(?!\1).)*?--(ca|json|now|password|servername|no-system-trust|no-proxy|format|starttls|alpn|pfx|timeout)\b/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('no CLI flags in editor-facing strings', () => {
  for (const dir of ['src/core', 'src/extension']) {
    it(dir, () => {
      const hits: string[] = [];
      for (const f of files(join(root, dir))) {
        readFileSync(f, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            const code = line.trim();
            if (code.startsWith('*') || code.startsWith('//') || code.startsWith('/*')) return;
            if (FLAG.test(code.replace(/\/\/.*$/, ''))) hits.push(`${relative(root, f)}:${i + 1}: ${code}`);
          });
      }
      assert.deepEqual(hits, []);
    });
  }
  it('the pattern catches a flag in a message', () => {
    assert.ok(FLAG.test("reason: 'not served (pass it with --ca)'"));
    assert.ok(!FLAG.test('// see --ca'.replace(/\/\/.*$/, '')));
  });
});
