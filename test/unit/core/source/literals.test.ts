import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLiteral, readLiteral } from '../../../../src/core/source/literals';
import { readGroup } from '../../../../src/core/source/groups';
import { DecodedTextBuilder } from '../../../../src/core/source/offset-map';

/** The value, asserted present. */
function must<T>(x: T | undefined): T {
  assert.ok(x !== undefined);
  return x;
}

/** Reads the literal at the first quote-like character after `|` (or at 0) and decodes it. */
function decode(code: string): { text: string; literal: string } | undefined {
  const q = code.search(/["'`]/);
  const lit = readLiteral(code, q);
  if (!lit) return undefined;
  const out = new DecodedTextBuilder();
  decodeLiteral(code, lit, out);
  return { text: out.text(), literal: code.slice(lit.srcStart, lit.srcEnd) };
}

describe('readLiteral + decodeLiteral', () => {
  const cases: Array<{ name: string; code: string; text?: string; literal?: string }> = [
    { name: 'C escapes', code: String.raw`x = "a\n\r\t\\\"b";`, text: 'a\n\r\t\\"b', literal: String.raw`"a\n\r\t\\\"b"` },
    { name: 'hex, octal, unicode escapes', code: String.raw`"\x41\101\u0041\u{41}\U00000041"`, text: 'AAAAA' },
    { name: 'hex escape takes two digits at most', code: String.raw`"\x30\x82\x0102"`, text: '0\x82\x0102' },
    { name: 'unknown escape kept (Swift interpolation)', code: String.raw`"a\(b)"`, text: String.raw`a\(b)` },
    { name: 'backslash-newline splice drops the indentation', code: '"ab\\\n    cd"', text: 'abcd' },
    { name: 'CRLF splice', code: '"ab\\\r\n  cd"', text: 'abcd' },
    { name: 'C wide and UTF-8 prefixes', code: 'L"w" u8"x"', text: 'w', literal: 'L"w"' },
    { name: 'C++ raw string with delimiter', code: 'R"EOF(a\\n)"b)EOF";', text: 'a\\n)"b', literal: 'R"EOF(a\\n)"b)EOF"' },
    { name: 'Python R-string without ( is raw, not C++', code: 'R"a\\nb"', text: 'a\\nb' },
    { name: 'Python r-string keeps backslashes', code: String.raw`r'a\nb'`, text: String.raw`a\nb`, literal: String.raw`r'a\nb'` },
    { name: 'Python bytes prefix', code: String.raw`b'0\x82'`, text: '0\x82', literal: String.raw`b'0\x82'` },
    { name: 'Rust r#"…"# holds quotes', code: 'r#"a"b"#;', text: 'a"b', literal: 'r#"a"b"#' },
    { name: 'Swift #"…"#', code: 'let s = #"a\\nb"#', text: 'a\\nb', literal: '#"a\\nb"#' },
    { name: 'C# verbatim doubles quotes', code: '@"a""b\nc"', text: 'a"b\nc', literal: '@"a""b\nc"' },
    { name: 'triple quotes, four at the end', code: '"""a""""', text: 'a"', literal: '"""a""""' },
    { name: "Python '''", code: "'''a\nb'''", text: 'a\nb' },
    { name: 'backtick with an escaped backtick', code: '`a\\`b`', text: 'a`b' },
    { name: 'empty string', code: '"" "x"', text: '', literal: '""' },
    // Not literals.
    { name: 'Markdown fence', code: '```\ncode\n```' },
    { name: 'single quote across a newline (prose apostrophe)', code: "it's\nfine" },
    { name: 'unterminated', code: '"abc' },
    { name: 'C++ raw without its closer is a Python R-string', code: 'R"x(abc)y"', text: 'x(abc)y' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = decode(c.code);
      if (c.text === undefined) return assert.equal(r, undefined);
      assert.equal(r?.text, c.text);
      if (c.literal !== undefined) assert.equal(r?.literal, c.literal);
    });
  }
  it('an identifier before a quote is not a prefix', () => {
    const code = 'caR"(x)"';
    const lit = must(readLiteral(code, 3));
    assert.equal(lit.srcStart, 3);
    assert.equal(lit.syntax, 'quoted');
  });
});

describe('readGroup: forms and the way back to source offsets', () => {
  const cases: Array<{ name: string; code: string; form: string; text: string }> = [
    { name: 'adjacent', code: '"a" "b"\n  "c";', form: 'adjacent', text: 'abc' },
    { name: 'concatenation', code: '"a" +\n "b" + \'c\';', form: 'concatenation', text: 'abc' },
    { name: 'continuations between literals', code: '"a" \\\n "b";', form: 'continuation', text: 'ab' },
    { name: 'comments between literals', code: '"a" /* x */ "b" // y\n "c" # z\n "d";', form: 'adjacent', text: 'abcd' },
    { name: 'a #define', code: '#define X \\\n  "a" \\\n  "b"\n', form: 'define', text: 'ab' },
    { name: 'stops at code', code: '"a" + body + "b"', form: 'string', text: 'a' },
    { name: 'stops at a preprocessor directive', code: '"a"\n#ifdef X\n"b"', form: 'string', text: 'a' },
    { name: 'a single raw string', code: 'r#"a"#', form: 'raw-string', text: 'a' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const q = c.code.search(/["'`]/);
      const g = readGroup(c.code, must(readLiteral(c.code, q)));
      assert.equal(g.form, c.form);
      assert.equal(g.text, c.text);
    });
  }
  it('maps decoded offsets to source offsets through escapes and pieces', () => {
    const code = '"ab\\n" + "cd"';
    const q = code.indexOf('"');
    const g = readGroup(code, must(readLiteral(code, q)));
    assert.equal(g.text, 'ab\ncd');
    assert.equal(g.map.startOf(2), 3); // the \n escape starts at its backslash
    assert.equal(g.map.endOf(3), 5); // …and ends after the n
    assert.equal(g.map.startOf(3), 10); // c, in the second literal
    // A range covering all non-blank text takes both literals' quotes.
    assert.deepEqual(g.map.spanOf({ start: 0, end: 5 }, g.text), { start: 0, end: code.length });
    // A range inside a literal stays inside it; one followed by blanks only takes the closing quote.
    assert.deepEqual(g.map.spanOf({ start: 0, end: 1 }, g.text), { start: 0, end: 2 });
    assert.deepEqual(g.map.spanOf({ start: 1, end: 2 }, g.text), { start: 2, end: 6 });
  });
});
