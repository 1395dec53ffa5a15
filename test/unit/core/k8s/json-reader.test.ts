import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readJsonDocument } from '../../../../src/core/k8s/json-reader';
import { assertSameAsYaml, filesUnder } from '../../../support/same-as-yaml';

const FIX = join(__dirname, '../../../fixtures');

const same = (text: string, label?: string): boolean => assertSameAsYaml(readJsonDocument, text, label);

describe('readJsonDocument', () => {
  it('reads a kubectl JSON dump as the yaml package composes it', () => {
    const text = JSON.stringify(
      { apiVersion: 'v1', kind: 'List', items: [{ kind: 'Secret', type: 'kubernetes.io/tls', data: { 'tls.crt': 'TFMwdA==' } }] },
      null,
      4,
    );
    assert.ok(same(text));
  });

  it('decodes escapes, numbers and words as YAML does', () => {
    const cases = [
      '{"a": "x\\ny\\u00e9\\ud83d\\ude00\\/\\"\\\\"}',
      '[1, -0, 1.5, 1e3, 1E-3, -2.5e+10, 12345678901234567890, true, false, null]',
      '{"true": 1, "1": "one", "": "", "a b": [], "c": {}}',
      '  [ { } , [ ] ]  \n',
      '{"a"  :  1 ,\t"b":2}',
      '"top-level string"',
      '{"k": "v"}\r\n',
    ];
    for (const text of cases) assert.ok(same(text), text);
  });

  it('declines what is not strict JSON', () => {
    const declined = [
      '{"a": 1,}',
      '[1, 2,]',
      "{'a': 1}",
      '{a: 1}',
      '{"a": 1} // c',
      '{"a": NaN}',
      '{"a": 01}',
      '{"a": .5}',
      '{"a": "tab\there"}',
      '{"a": "\\x41"}',
      '\ufeff{"a": 1}',
      '{"a": 1} {"b": 2}',
      '{"a": tru}',
      `{"${'k'.repeat(1001)}": 1}`,
      '',
      '{"a": "unterminated}',
      '\r{"a": 1}',
    ];
    for (const text of declined) assert.equal(readJsonDocument(text), undefined, JSON.stringify(text).slice(0, 80));
  });

  it('equals the yaml package on every JSON fixture', () => {
    const files = filesUnder(FIX, /\.json$/).filter((f) => statSync(f).size < 2_000_000);
    let accepted = 0;
    for (const f of files) if (same(readFileSync(f, 'utf8'), f)) accepted++;
    assert.ok(accepted >= 1, `accepted ${accepted} of ${files.length}`);
  });

  it('accepts any generated JSON, however spaced, and equals the yaml package', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(undefined, 0, 1, 2, 4, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        assert.ok(same(text), text);
      }),
      { numRuns: 1500, seed: 160319 },
    );
  });

  it('equals the yaml package on mutated JSON whenever it accepts', () => {
    const seed = JSON.stringify({ kind: 'Secret', data: { 'tls.crt': 'TFMw', n: [1, 2.5, true, null] }, e: 'a\\"b' }, null, 2);
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.nat({ max: seed.length }),
            cut: fc.nat({ max: 3 }),
            insert: fc.constantFrom('', ' ', '\n', ',', ':', '"', '\\', '{', '}', '[', ']', '1', '-', 'e', '#', '\t', '\r', 'u'),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (edits) => {
          let t = seed;
          for (const e of edits) t = t.slice(0, Math.min(e.at, t.length)) + e.insert + t.slice(Math.min(e.at, t.length) + e.cut);
          if (same(t)) accepted++;
        },
      ),
      { numRuns: 3000, seed: 160320 },
    );
    assert.ok(accepted > 300, `accepted only ${accepted}`);
  });
});
