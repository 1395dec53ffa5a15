import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeText } from '../../../../src/core/util/escape-text';

describe('escapeText', () => {
  const cases: Array<[string, string, string]> = [
    ['plain text is unchanged', 'CN=www.example.com, O=Ex Ltd', 'CN=www.example.com, O=Ex Ltd'],
    ['unicode letters are unchanged', 'Zürich 東京 مرحبا', 'Zürich 東京 مرحبا'],
    ['backslashes are kept (Windows paths)', 'C:\\certs\\a.pem', 'C:\\certs\\a.pem'],
    ['newline', 'a\nb.pem:1:1: error [cert-expired] x', 'a\\nb.pem:1:1: error [cert-expired] x'],
    ['CR LF and tab', 'a\r\n\tb', 'a\\r\\n\\tb'],
    ['NUL', 'a\u0000b', 'a\\x00b'],
    ['ESC sequence (OSC title)', '\u001b]0;owned\u0007', '\\x1b]0;owned\\x07'],
    ['DEL and C1 (CSI U+009B)', '\u007f\u009b', '\\x7f\\x9b'],
    ['RLO bidi override', 'abc\u202etxt.pem', 'abc\\u202etxt.pem'],
    [
      'every bidi embedding/override/isolate',
      '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069',
      '\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069',
    ],
    ['LRM, RLM, ALM', '\u200e\u200f\u061c', '\\u200e\\u200f\\u061c'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['empty', '', ''],
  ];
  for (const [name, input, want] of cases) it(name, () => assert.equal(escapeText(input), want));

  it('the result never holds a character it escapes', () => {
    let all = '';
    for (let c = 0; c < 0x3000; c++) all += String.fromCharCode(c);
    const out = escapeText(all);
    assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    assert.equal(out.split('\n').length, 1);
  });
});
