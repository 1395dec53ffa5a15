import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readBlockDocuments } from '../../../../src/core/k8s/block-yaml';
import { mapGet } from '../../../../src/core/k8s/yaml-node';
import { assertSameAsYaml, filesUnder } from '../../../support/same-as-yaml';

const FIX = join(__dirname, '../../../fixtures');

const same = (text: string, label?: string): boolean => assertSameAsYaml(readBlockDocuments, text, label);

describe('readBlockDocuments', () => {
  it('reads a TLS Secret as the yaml package composes it', () => {
    const text =
      'apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: web\ndata:\n  tls.crt: TFMwdA==\n  tls.key: ""\n';
    assert.ok(same(text));
    const [root] = readBlockDocuments(text) ?? [];
    assert.equal(root?.kind, 'map');
    assert.equal(root?.kind === 'map' && mapGet(root, 'kind'), 'Secret');
  });

  it('counts documents as the yaml package does', () => {
    const cases: Array<[string, number]> = [
      ['', 0],
      ['# only a comment\n', 0],
      ['a: 1\n', 1],
      ['a: 1\n---\n', 2],
      ['---\n---\n', 2],
      ['# x\n---\na: 1\n', 1],
      ['\n\n---\na: 1\n---   # c\nb: 2\n', 2],
    ];
    for (const [text, n] of cases) {
      assert.equal(readBlockDocuments(text)?.length, n, JSON.stringify(text));
      same(text);
    }
  });

  it('accepts the block forms manifests use, with the same values, types and ranges', () => {
    const accepted = [
      "a:\nb: x # c\nc: \"q\"  \nd: 'it''s'\ne: ~\nf: 0x1F\ng: 0o7\nh: 1e3\ni: .inf\nj: true\nk: 12\n",
      'a: # c\nb: 1\n',
      'a:   \nb: 1',
      'a: x   \r\nb: "y"\r\nc:\r\n  - 1\r\n  -\r\n',
      '- a: 1\n  b: 2\n- c\n-\n- d: \n',
      'k:\n- x\n- y\nz: 1\n',
      'a:\n  - x\n  -\n  - y\n',
      'a: x#y\nb: http://example.com:8080/p\nc: -1\nd: -x\ne: a,b[c]{d}\n',
      '  a: 1\n  b:\n    c: 2\n',
      'a:\n    # comment\n  b: 1\n# end\n',
      'x: "a # b"\ny: \'c: d\'\n',
      'k: v\x00w\nl: "\x01"\n',
    ];
    for (const text of accepted) assert.ok(same(text), JSON.stringify(text));
  });

  it('declines what lies outside the subset, and what the yaml package calls an error', () => {
    const declined = [
      'a: [1, 2]\n',
      'a: {b: 1}\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  x\n',
      'a: >\n  x\n',
      'a: b\n  c\n',
      'a: "x\n  y"\n',
      'a: "x\\ny"\n',
      '"a": 1\n',
      '? a\n: 1\n',
      '1: a\n',
      'true: a\n',
      '<<: {}\n',
      'a:\tb\n',
      '\ufeffa: 1\n',
      'a: x\ry\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n...\n',
      '--- a: 1\n',
      'a: b: c\n',
      'a: b:\n',
      'a: "x" y\n',
      'a: b\n # x\n  c\n',
      'a:\n b: 1\n  c: 2\n',
      'a: 1\n- x\n',
      '- a\nb: 1\n',
      '- - a\n',
      'a: - b\n',
      'hello\n',
      '  a: 1\nb: 2\n',
      `${'k'.repeat(1030)}: 1\n`,
    ];
    for (const text of declined) assert.equal(readBlockDocuments(text), undefined, JSON.stringify(text));
  });

  it('reads a part of a text that starts on a --- line', () => {
    const text = 'a: 1\n---\nb: 2\n---\nc: 3\n';
    const start = text.indexOf('---');
    const part = readBlockDocuments(text, start, text.lastIndexOf('---'));
    assert.deepStrictEqual(part, [readBlockDocuments(text)?.[1]]);
  });

  it('equals the yaml package on every YAML fixture it accepts, and accepts the Secret and kubeconfig fixtures', () => {
    const files = filesUnder(FIX, /\.ya?ml$/);
    let accepted = 0;
    for (const f of files) if (same(readFileSync(f, 'utf8'), f)) accepted++;
    assert.ok(accepted >= 30, `accepted ${accepted} of ${files.length}`);
  });

  it('equals the yaml package on generated block YAML whenever it accepts (and accepts a fair share)', () => {
    const key = fc.constantFrom('a', 'kind', 'tls.crt', 'b c', '-x', 'true', '1', 'null', '"q"', 'x#y', 'x #y', '<<', 'a:b', '?', 'k ');
    const value = fc.constantFrom(
      '',
      'v',
      'Secret',
      '123',
      '-5',
      '0x1F',
      '0o9',
      '~',
      'Null',
      '"dq"',
      '"d\'q"',
      "'s''q'",
      "'s'",
      '"a\\"b"',
      'x # c',
      '# c',
      'a: b',
      'a:',
      'http://x:1',
      '[1]',
      '{a: 1}',
      '&a x',
      '*a',
      '!t x',
      '|',
      '>-',
      "'un",
      '"un',
      'x #',
      '-',
      '- x',
      '.inf',
      '1e3',
      '1.5',
      '+1',
      '.',
      'LS0tLS1CRUdJTi==',
      '"x"  ',
      "'x' # c",
    );
    const line = fc.oneof(
      fc
        .record({
          indent: fc.integer({ min: 0, max: 5 }),
          dash: fc.constantFrom('', '', '- ', '-  ', '-'),
          key: fc.option(key, { nil: undefined }),
          sep: fc.constantFrom(': ', ':', ' : ', ':  '),
          value,
          end: fc.constantFrom('', '', '  ', ' # c', '\r'),
        })
        .map(({ indent, dash, key: k, sep, value: v, end }) => ' '.repeat(indent) + dash + (k === undefined ? v : k + sep + v) + end),
      fc.constantFrom('---', '--- # c', '---x', '...', '# comment', '', '   ', '  # indented comment'),
    );
    const text = fc.array(line, { minLength: 1, maxLength: 12 }).map((lines) => lines.join('\n') + '\n');
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(text, (t) => {
        runs++;
        if (same(t)) accepted++;
      }),
      { numRuns: 4000, seed: 160316 },
    );
    assert.ok(accepted > runs / 20, `accepted only ${accepted} of ${runs}`);
  });

  it('resolves number-, bool- and null-like scalars as the core schema does, as values and as keys', () => {
    const unit = fc.constantFrom(...'0123456789+-._eExXoOaAnNtTfFlLsSuUrRiIbB~: #'.split(''));
    let accepted = 0;
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 8 }), (s) => {
        if (same(`k: ${s}\n`)) accepted++;
        if (same(`${s}: v\n`)) accepted++;
      }),
      { numRuns: 3000, seed: 160318 },
    );
    assert.ok(accepted > 2000, `accepted only ${accepted}`);
  });

  it('equals the yaml package on mutated Secret manifests whenever it accepts', () => {
    const seed = readFileSync(join(FIX, 'k8s', 'secret-ok.yaml'), 'utf8');
    const edit = fc.record({
      at: fc.nat({ max: seed.length }),
      cut: fc.nat({ max: 4 }),
      insert: fc.constantFrom('', ' ', '  ', '\n', '-', ':', ': ', '#', ' #', '"', "'", '---\n', '\r', '\t', '- ', 'x'),
    });
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let t = seed;
        for (const e of edits) t = t.slice(0, Math.min(e.at, t.length)) + e.insert + t.slice(Math.min(e.at, t.length) + e.cut);
        if (same(t)) accepted++;
      }),
      { numRuns: 3000, seed: 160317 },
    );
    assert.ok(accepted > 300, `accepted only ${accepted}`);
  });
});
