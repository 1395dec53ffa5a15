import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headSpan, LineIndex } from '../../../../src/core/util/line-index';

describe('LineIndex', () => {
  const cases: Array<[string, number, number, number]> = [
    ['', 0, 0, 0],
    ['abc', 2, 0, 2],
    ['a\nbc', 3, 1, 1],
    ['a\r\nbc', 3, 1, 0],
    ['a\r\nbc', 2, 0, 2],
    ['a\rb', 2, 1, 0],
    ['a\n\nb', 3, 2, 0],
    ['abc', 99, 0, 3],
    ['abc', -5, 0, 0],
  ];
  for (const [text, offset, line, character] of cases) {
    it(`${JSON.stringify(text)} @${offset}`, () => {
      assert.deepEqual(new LineIndex(text).position(offset), { line, character });
    });
  }
});

describe('headSpan', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const at = (text: string, needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });
  const cases: Array<[string, string, string, string]> = [
    ['a PEM block: its BEGIN line', `x\n${pem}`, pem, '-----BEGIN CERTIFICATE-----'],
    ['a YAML value: its key', '  tls.crt: LS0tLS1CRUdJTg==\n', 'LS0tLS1CRUdJTg==', 'tls.crt'],
    ['a block scalar: the key on the line above', `data:\n  ca.crt: |\n    ${pem}`, pem, 'ca.crt'],
    ['blanks before the block on its line: its BEGIN line', `${' '.repeat(20_000)}${pem}`, pem, '-----BEGIN CERTIFICATE-----'],
    ['a megabyte of blanks on the line above: its BEGIN line', `${' '.repeat(1 << 20)}\n${pem}`, pem, '-----BEGIN CERTIFICATE-----'],
    ['a key past the reach on a minified line: the value itself', `{${'"a":1,'.repeat(5000)}"k": "LS0tQUJD"}`, 'LS0tQUJD', 'LS0tQUJD"}'],
  ];
  for (const [name, text, block, want] of cases) {
    it(name, () => {
      const span = at(text, block);
      assert.deepEqual(headSpan(text, { start: span.start, end: text.length }), at(text, want));
    });
  }
});
