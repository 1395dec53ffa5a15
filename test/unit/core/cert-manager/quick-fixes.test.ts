/**
 * Every quick fix is closed: applied to its rule's fixture and re-linted, it
 * removes its finding, raises no finding that was not there before, and
 * leaves no trailing comment that still describes the old value (the
 * fixture's own `# <- CMxxx` marker included).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintManifest, type Fix } from '../../../../src/core/cert-manager';
import { closeFix } from '../../../../src/core/cert-manager/fix-comments';

const DIR = join(__dirname, '../../../fixtures/cert-manager/rules');
const NOW = new Date('2026-11-22T00:00:00Z');

const apply = (text: string, f: Fix) => text.slice(0, f.span.start) + f.newText + text.slice(f.span.end);
const lint = (path: string, text: string) => lintManifest({ path, text }, { now: NOW }).problems;
const count = (codes: string[]) => codes.reduce((m, c) => m.set(c, (m.get(c) ?? 0) + 1), new Map<string, number>());
const lineAt = (text: string, offset: number) => {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end < 0 ? text.length : end);
};

const cert = (extra: string) =>
  `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: w\nspec:\n  secretName: w-tls\n  dnsNames: [w.example.com]\n  issuerRef:\n    name: ca\n    kind: Issuer\n  privateKey:\n    rotationPolicy: Always\n${extra}`;
/** Fixes whose rule fixture shows a case without one (a Certificate for CM001, an unknown kind for CM008, …). */
const EXTRA: Array<[string, string]> = [
  [
    'CM001-issuer.yaml',
    'apiVersion: cert-manager.io/v1alpha3 # <- CM001\nkind: Issuer\nmetadata:\n  name: ca\nspec:\n  ca:\n    secretName: ca\n',
  ],
  ['CM008-lower-case.yaml', cert('').replace('    kind: Issuer\n', '    kind: clusterissuer # <- CM008\n')],
  ['CM012-spelling.yaml', cert('  usages:\n    - digital signature\n    - Server-Auth # <- CM012\n')],
  ['CM002-weeks.yaml', cert('  duration: "13w" # 13 weeks <- CM002\n')],
];

const inputs: Array<[string, string]> = [
  ...readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f): [string, string] => [f, readFileSync(join(DIR, f), 'utf8')]),
  ...EXTRA,
];
const table = inputs.flatMap(([file, text]) => {
  const code = file.slice(0, 5);
  return lint(file, text)
    .filter((p) => p.code === code)
    .flatMap((p) => ((p.data as { fixes?: Fix[] } | undefined)?.fixes ?? []).map((fix) => ({ file, code, text, fix })));
});

describe('closeFix: the trailing comment goes with the value it described', () => {
  const fixAt = (text: string, value: string, newText: string): Fix => {
    const start = text.indexOf(value);
    return { span: { start, end: start + value.length }, newText, title: 't' };
  };
  const cases: Array<[string, string, string, string, string]> = [
    ['a duration comment', '  renewBefore: 720h # 30 days\n', '720h', '240h0m0s', '  renewBefore: 240h0m0s\n'],
    ['a rule marker', '  duration: 90d # <- CM002\n', '90d', '2160h0m0s', '  duration: 2160h0m0s\n'],
    ['a comment naming the old value', '  algorithm: rsa # rsa is fine\n', 'rsa', 'RSA', '  algorithm: RSA\n'],
    ['an unrelated comment stays', '  algorithm: rsa # owned by team A\n', 'rsa', 'RSA', '  algorithm: RSA # owned by team A\n'],
    ['quoted value, CRLF', '  duration: "2w" # two weeks = 14d\r\nx: 1\r\n', '"2w"', '"336h0m0s"', '  duration: "336h0m0s"\r\nx: 1\r\n'],
    ['no comment', '  duration: 90d\n', '90d', '2160h0m0s', '  duration: 2160h0m0s\n'],
    ['a # inside the value is not a comment', '  name: a#1\n', 'a#1', 'b', '  name: b\n'],
    ['no newline at the end', 'duration: 90d # 3 months', '90d', '2160h0m0s', 'duration: 2160h0m0s'],
  ];
  for (const [name, text, value, newText, want] of cases) {
    it(name, () => assert.equal(apply(text, closeFix(text, fixAt(text, value, newText))), want));
  }
  it('a fix that deletes is left alone', () => {
    const f: Fix = { span: { start: 0, end: 5 }, newText: '', title: 't' };
    assert.deepEqual(closeFix('a: 1 # 1\n', f), f);
  });
});

describe('cert-manager quick fixes are closed (every fix of every rule fixture)', () => {
  it('every rule with a quick fix (docs/cert-manager-rules.md "Quick fixes") is in the table', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/cert-manager-rules.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Quick fixes'), doc.indexOf('\n## ', doc.indexOf('## Quick fixes') + 5));
    const documented = [...section.matchAll(/^\| (CM\d{3}) \|/gm)].map((m) => m[1] ?? '');
    assert.ok(documented.length >= 9, documented.join());
    const covered = new Set(table.map((t) => t.code));
    assert.deepEqual(
      documented.filter((c) => !covered.has(c)),
      [],
    );
  });
  for (const { file, code, text, fix } of table) {
    it(`${file}: "${fix.title}"`, () => {
      const before = lint(file, text).map((p) => p.code);
      const fixed = apply(text, fix);
      const after = lint(file, fixed).map((p) => p.code);
      const b = count(before);
      const a = count(after);
      assert.ok((a.get(code) ?? 0) < (b.get(code) ?? 0), `${code} still reported after "${fix.title}":\n${fixed}`);
      for (const [c, n] of a) assert.ok(n <= (b.get(c) ?? 0), `"${fix.title}" raised ${c}:\n${fixed}`);
      // The edited line keeps no comment about the value it replaced (a fix that deletes whole lines takes its comment along).
      if (fix.newText !== '') {
        const line = lineAt(fixed, fix.span.start);
        assert.doesNotMatch(line, new RegExp(`# <- ${code}`), `the marker comment survived "${fix.title}": ${line}`);
      }
    });
  }
});
