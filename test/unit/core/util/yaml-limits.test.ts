/**
 * The YAML caps (issue 16): depth, aliases, documents and size are bounded
 * before the `yaml` parser runs; each hit is one `yaml-limit-exceeded`
 * finding, and the PEM blocks of the file are still read.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText } from '../../../../src/core/analysis/decode';
import { lintManifest } from '../../../../src/core/cert-manager';
import { YAML_LIMITS, parseYamlLimited, releaseLastYaml } from '../../../../src/core/util/yaml-limits';

const L = YAML_LIMITS;
const pem = readFileSync(join(__dirname, '../../../fixtures/certs/healthy.pem'), 'utf8');
const secret = `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: s\nstringData:\n  tls.crt: |\n${pem
  .trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}\n`;

describe('parseYamlLimited', () => {
  const refused: Array<{ name: string; text: string; message: RegExp }> = [
    {
      name: 'flow nesting past the cap',
      text: `x: ${'['.repeat(L.maxDepth + 1)}${']'.repeat(L.maxDepth + 1)}\n`,
      message: /nested deeper than 200 levels/,
    },
    { name: '100,000 nested [', text: `x: ${'['.repeat(100_000)}\n`, message: /nested deeper than 200 levels/ },
    {
      name: 'block nesting past the cap',
      text: Array.from({ length: L.maxDepth + 2 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
      message: /nested deeper/,
    },
    { name: 'compact sequences past the cap', text: `${'- '.repeat(L.maxDepth + 1)}x\n`, message: /nested deeper/ },
    {
      name: '50,000 aliases',
      text: `a: &a [1]\n${Array.from({ length: 50_000 }, (_, i) => `k${i}: *a`).join('\n')}\n`,
      message: /50000 YAML aliases \(more than 1000\)/,
    },
    {
      name: 'billion laughs with more aliases than the cap',
      text: Array.from({ length: 120 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(',')}]`).join('\n'),
      message: /aliases/,
    },
    { name: 'larger than the size cap', text: `x: ${'a'.repeat(L.maxChars)}`, message: /larger than/ },
    // The pre-scan jumps between quotes, comments and brackets: what follows a closed quote on the line still counts.
    { name: 'brackets after a closed quote', text: `x: 'it''s' ${'['.repeat(L.maxDepth + 1)}\n`, message: /nested deeper/ },
    { name: 'a # glued to a word is no comment', text: `x: a#${'{'.repeat(L.maxDepth + 1)}\n`, message: /nested deeper/ },
    {
      name: 'a quote left open does not hide the next line',
      text: `x: "abc\ny: ${'['.repeat(L.maxDepth + 1)}\n`,
      message: /nested deeper/,
    },
    {
      name: 'aliases after a quoted value on each line',
      text: `a: &a 1\n${Array.from({ length: 1_001 }, (_, i) => `k${i}: ["x", *a]`).join('\n')}\n`,
      message: /1001 YAML aliases/,
    },
  ];
  for (const c of refused) {
    it(`refuses: ${c.name}`, () => {
      const r = parseYamlLimited(c.text);
      assert.equal(r.docs.length, 0);
      assert.deepEqual(
        r.problems.map((p) => p.code),
        ['yaml-limit-exceeded'],
      );
      assert.match(r.problems[0]?.message ?? '', c.message);
    });
  }

  it('more documents than the cap: the first ones are read, one finding at the cut', () => {
    const text = 'a: 1\n---\n'.repeat(L.maxDocuments + 5);
    const r = parseYamlLimited(text);
    assert.equal(r.docs.length, L.maxDocuments);
    assert.equal(r.problems.length, 1);
    const [p] = r.problems;
    assert.match(p?.message ?? '', /only the first 10000 are checked/);
    assert.equal(p && text.slice(p.span.start, p.span.end), '---');
  });

  const accepted: Array<{ name: string; text: string; docs: number }> = [
    { name: 'a TLS Secret with a PEM block scalar', text: secret, docs: 1 },
    { name: 'anchors and a few aliases', text: 'base: &b {a: 1}\nx: *b\ny: *b\n', docs: 1 },
    { name: 'quoted brackets and comments do not count', text: `x: "${'['.repeat(500)}"\n# ${'{'.repeat(500)}\ny: 1\n`, docs: 1 },
    { name: '40 nested block levels', text: Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n', docs: 1 },
    { name: 'a * inside a plain scalar is no alias', text: `glob: ${'a*b '.repeat(2000)}\n`, docs: 1 },
    { name: 'aliases inside single quotes do not count', text: `x: '${' *a'.repeat(2000)}'\n`, docs: 1 },
    { name: 'a 2 MB base64 value', text: `data:\n  tls.crt: ${'TUlJ'.repeat(512 * 1024)}\n`, docs: 1 },
  ];
  for (const c of accepted) {
    it(`accepts: ${c.name}`, () => {
      const r = parseYamlLimited(c.text);
      assert.deepEqual(r.problems, []);
      assert.equal(r.docs.length, c.docs);
    });
  }
});

describe('the kept parse', () => {
  it('the same large text is parsed once, and again after releaseLastYaml', () => {
    const text = `data:\n  tls.crt: ${'TUlJ'.repeat(128 * 1024)}\n`; // 512 KB: above the small-text cache of k8s/parse-yaml.ts
    const first = parseYamlLimited(text);
    assert.equal(parseYamlLimited(text), first);
    releaseLastYaml();
    const again = parseYamlLimited(text);
    assert.notEqual(again, first);
    assert.notEqual(again.docs[0], first.docs[0]);
    assert.equal(again.docs.length, 1);
  });
  it('releaseLastYaml(text) drops the kept parse only when it is that text', () => {
    const text = `data:\n  tls.crt: ${'TUlJ'.repeat(128 * 1024)}\n`;
    const first = parseYamlLimited(text);
    releaseLastYaml(`${text}# another\n`);
    assert.equal(parseYamlLimited(text), first);
    releaseLastYaml(text);
    assert.notEqual(parseYamlLimited(text), first);
  });
  it('the linter, the last reader of a text, drops its parse', () => {
    const text = `apiVersion: v1\nkind: Secret\ndata:\n  tls.crt: ${'TUlJ'.repeat(128 * 1024)}\n`;
    const first = parseYamlLimited(text);
    lintManifest({ path: 'a.yaml', text }, { now: new Date('2026-11-22T00:00:00Z') });
    assert.notEqual(parseYamlLimited(text), first);
  });
});

describe('YAML limits reach the findings of a file', () => {
  const deep = `${secret}---\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
  it('decodeText (structured): one finding, and the PEM block is still decoded', async () => {
    const r = await decodeText(deep, { structured: true });
    assert.deepEqual(
      r.problems.map((p) => p.code),
      ['yaml-limit-exceeded'],
    );
    assert.equal(r.items.filter((i) => i.kind === 'certificate').length, 1);
  });
  it('cert-manager lint: one finding instead of a stack-overflow syntax error', () => {
    const r = lintManifest({ path: 'deep.yaml', text: deep }, { now: new Date('2025-06-01T00:00:00Z') });
    assert.deepEqual(
      r.problems.map((p) => p.code),
      ['yaml-limit-exceeded'],
    );
  });
});
