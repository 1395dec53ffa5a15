import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conditional, exclusive, mayBeSupplied, prepareTemplate, templateKind } from '../../../../src/core/cert-manager/templates';

const at = (text: string, needle: string): number => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i;
};

describe('templateKind', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['chart/templates/x.yaml', 'a: 1', 'helm'],
    ['x.yaml', 'a: {{ .Values.a }}', 'helm'],
    ['cert.tftpl', 'a: ${x}', 'terraform'],
    ['cert.tpl', 'a: ${x}', 'terraform'],
    ['chart/templates/_helpers.tpl', '{{- define "x" -}}{{- end }}', 'helm'],
    ['x.yaml', 'a: 1\n%{ if x ~}\nb: 2\n%{ endif ~}\n', 'terraform'],
    ['x.yaml', 'a: ${FLUX_VAR}', undefined],
    ['x.yaml', 'a: 1', undefined],
  ];
  for (const [path, text, want] of cases)
    it(`${path} ${JSON.stringify(text)} → ${want}`, () => assert.equal(templateKind(path, text), want));
});

describe('prepareTemplate', () => {
  it('keeps the length and blanks action-only lines (CRLF too)', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['{{- if .Values.a }}', 'a: {{ .Values.a }}-x', '{{- end }}', ''].join(eol);
      const p = prepareTemplate('t.yaml', text);
      assert.equal(p.text.length, text.length);
      const [l0, l1] = p.text.split(eol);
      assert.equal(l0?.trim(), '');
      assert.match(l1 ?? '', /^a: _+-x$/);
    }
  });
  it('blanks a multi-line comment action whole', () => {
    const text = '{{/*\nExpand the name: of the chart.\n*/}}\na: 1\n';
    const p = prepareTemplate('templates/_helpers.tpl', text);
    assert.equal(p.text.length, text.length);
    assert.deepEqual(
      p.text
        .split('\n')
        .slice(0, 3)
        .map((l) => l.trim()),
      ['', '', ''],
    );
    assert.equal(p.text.split('\n')[3], 'a: 1');
  });
  it('blanks Terraform directives, keeps $${ escapes', () => {
    const text = 'a: ${x}\n%{ for h in hosts ~}\n- ${h}\n%{ endfor ~}\nb: $${literal}\n';
    const p = prepareTemplate('c.tftpl', text);
    assert.equal(p.text.length, text.length);
    const lines = p.text.split('\n');
    assert.equal(lines[1]?.trim(), '');
    assert.match(lines[0] ?? '', /^a: _+$/);
    assert.equal(p.text.split('\n')[4], 'b: $${literal}');
  });
  it('nested braces in ${…} stay one placeholder', () => {
    const p = prepareTemplate('c.tftpl', 'a: ${jsonencode({x = "}"})}\nb: 1\n');
    assert.match(p.text.split('\n')[0] ?? '', /^a: _+$/);
  });
  it('finds elisions and blanks the non-comment ones', () => {
    const text = 'spec:\n  acme:\n    ...\n    # ... more\n    email: a\n';
    const p = prepareTemplate('d.yaml', text);
    assert.deepEqual(p.elisions, [at(text, '    ...'), at(text, '    # ...')]);
    assert.equal(p.text.split('\n')[2]?.trim(), '');
    assert.equal(p.text.split('\n')[3], '    # ... more');
  });
  it('a final column-0 "..." is a YAML document end, not an elision', () => {
    assert.deepEqual(prepareTemplate('d.yaml', 'a: 1\n...\n').elisions, []);
    assert.deepEqual(prepareTemplate('d.yaml', 'a: 1\n...\n---\nb: 2\n').elisions, []);
    assert.equal(prepareTemplate('d.yaml', 'a: 1\n...\nb: 2\n').elisions.length, 1);
  });
});

describe('exclusive branches', () => {
  const helm = [
    'metadata:',
    '  annotations:',
    '    {{- if .Values.cluster }}',
    '    one: a',
    '    {{- else if .Values.ns }}',
    '    two: b',
    '    {{- else }}',
    '    three: c',
    '    {{- end }}',
    '    {{- if .Values.x }}',
    '    four: d',
    '    {{- end }}',
    '    {{- with .Values.y }}',
    '    five: e',
    '    {{- else }}',
    '    six: f',
    '    {{- end }}',
    '    seven: g',
  ].join('\n');
  const p = prepareTemplate('templates/i.yaml', helm);
  const cases: Array<[string, string, boolean]> = [
    ['one', 'two', true],
    ['one', 'three', true],
    ['two', 'three', true],
    ['one', 'four', false],
    ['five', 'six', true],
    ['four', 'five', false],
    ['one', 'seven', false],
  ];
  for (const [a, b, want] of cases)
    it(`${a} / ${b}: ${want}`, () => assert.equal(exclusive(p, at(helm, `${a}:`), at(helm, `${b}:`)), want));
  it('Terraform %{ if } / %{ else }', () => {
    const tf = 'acme:\n%{ if staging ~}\n  server: s\n%{ else ~}\n  server: p\n%{ endif ~}\n  email: e\n';
    const q = prepareTemplate('i.tftpl', tf);
    assert.equal(exclusive(q, at(tf, 'server: s'), at(tf, 'server: p')), true);
    assert.equal(exclusive(q, at(tf, 'server: s'), at(tf, 'email')), false);
    assert.equal(conditional(q, at(tf, 'email')), false);
  });
});

describe('mayBeSupplied', () => {
  const check = (text: string, key: string): boolean => {
    const p = prepareTemplate('templates/x.yaml', text);
    const k = at(text, `${key}:`);
    return mayBeSupplied(p, text, { start: k, end: k + key.length }, { start: k, end: text.length });
  };
  it('an output action line inside the mapping may add fields', () => {
    assert.equal(check('spec:\n  acme:\n    {{- toYaml .Values.acme | nindent 4 }}\n  other: 1\n', 'acme'), true);
  });
  it('control actions and value-position actions add no key', () => {
    assert.equal(check('spec:\n  acme:\n    {{- if .Values.x }}\n    email: {{ .Values.email }}\n    {{- end }}\n', 'acme'), false);
  });
  it('a sibling mapping’s template line does not count', () => {
    const text = 'spec:\n  acme:\n    email: a\n  ca:\n    {{- toYaml .Values.ca | nindent 4 }}\n';
    const p = prepareTemplate('templates/x.yaml', text);
    const k = at(text, 'acme:');
    assert.equal(mayBeSupplied(p, text, { start: k, end: k + 4 }, { start: at(text, 'email'), end: at(text, '  ca:') }), false);
  });
});

describe('hostile input stays linear', () => {
  const cases: Array<[string, string, string]> = [
    ['unclosed {{', 'templates/x.yaml', `a: ${'{{ '.repeat(200_000)}\n`],
    ['many ${ on one line', 'x.tftpl', `a: ${'${'.repeat(200_000)}\n`],
    ['many actions on one line', 'templates/x.yaml', `${'{{ x }}'.repeat(100_000)}\n`],
    ['many column-0 elisions', 'x.yaml', '...\n# c\n'.repeat(100_000)],
  ];
  for (const [name, path, text] of cases)
    it(name, () => {
      // A quadratic scan of 200,000 openers would not finish: the unit runner's hang guard fails it.
      const p = prepareTemplate(path, text);
      assert.equal(p.text.length, text.length);
    });
});
