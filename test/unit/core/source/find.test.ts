/**
 * decodeText on source snippets: what is decoded, what is skipped (info) and
 * what stays an error; plain PEM text is read as before.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText } from '../../../../src/core/analysis/decode';
import { scanPem } from '../../../../src/core/pem/scanner';
import { findSourceMaterial, mayHoldSourceMaterial } from '../../../../src/core/source';

const CERTS = join(__dirname, '..', '..', '..', 'fixtures', 'certs');
const PEM = readFileSync(join(CERTS, 'root.pem'), 'utf8').trim();
const LINES = PEM.split('\n');
const DER = scanPem(PEM).blocks[0]?.der ?? new Uint8Array(0);
const INT = readFileSync(join(CERTS, 'int.pem'), 'utf8').trim();
const hex = (bytes: Iterable<number>) => [...bytes].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ');
const cLines = (lines: string[], eol = '\n') => lines.map((l) => `  "${l}\\n"`).join(eol);
/** The base64 body with one character replaced: a fully written, broken block. */
const broken = LINES.map((l, i) => (i === 3 ? `${l.slice(0, 10)}!${l.slice(11)}` : l));

interface Row {
  readonly name: string;
  readonly text: string;
  /** Number of certificates decoded. */
  readonly certs: number;
  /** [code, severity] of every problem. */
  readonly problems?: Array<[string, string]>;
  readonly message?: RegExp;
}

const rows: Row[] = [
  // Unchanged: PEM outside literals.
  { name: 'a plain PEM file', text: `${PEM}\n`, certs: 1 },
  { name: 'an nginx quoted value opened on the line before', text: `ssl_certificate_inline "\n${PEM}\n";\n`, certs: 1 },
  { name: 'a Markdown fence', text: `Trust this root:\n\n\`\`\`\n${PEM}\n\`\`\`\n`, certs: 1 },
  { name: 'a PEM in a block comment, at line starts', text: `/*\n${PEM}\n*/\nint x;\n`, certs: 1 },
  // Decoded.
  { name: 'C adjacent literals, CRLF file', text: `const char *ca =\r\n${cLines(LINES, '\r\n')};\r\n`, certs: 1 },
  { name: 'C adjacent literals after a BOM', text: `\ufeffconst char *ca =\n${cLines(LINES)};\n`, certs: 1 },
  {
    name: 'Rust "\\ continuation opened on the line before',
    text: `const CA: &str = "\\\n    ${LINES.join('\\n\\\n    ')}\\n";\n`,
    certs: 1,
  },
  { name: '.env value with \\n escapes', text: `CA_CERT="${LINES.join('\\n')}\\n"\n`, certs: 1 },
  { name: 'two certificates in one Go raw string', text: `var bundle = \`\n${PEM}\n${INT}\n\`\n`, certs: 2 },
  { name: 'Java signed byte array', text: `byte[] ca = {${[...DER].map((b) => (b > 127 ? b - 256 : b)).join(', ')}};`, certs: 1 },
  { name: 'Java (byte) casts', text: `byte[] ca = {${[...DER].map((b) => `(byte) 0x${b.toString(16)}`).join(', ')}};`, certs: 1 },
  { name: 'Rust u8 array', text: `const CA: [u8; ${DER.length}] = [${[...DER].map((b) => `${b}u8`).join(', ')}];`, certs: 1 },
  { name: 'Go []byte with a trailing comma', text: `var ca = []byte{\n\t${hex(DER)},\n}\n`, certs: 1 },
  { name: 'DER array with a trailing NUL', text: `const uint8_t ca[] = {${hex([...DER, 0])}};`, certs: 1 },
  // No false errors: skipped with an info saying why, or nothing at all.
  {
    name: 'printf template',
    text: 'printf("-----BEGIN CERTIFICATE-----\\n%s\\n-----END CERTIFICATE-----\\n", b64);',
    certs: 0,
    problems: [['pem-skipped', 'info']],
    message: /template or an example \(it holds "%s"\)/,
  },
  {
    name: 'JS template with ${…}',
    text: 'const pem = `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----`;',
    certs: 0,
    problems: [['pem-skipped', 'info']],
  },
  {
    name: 'Swift interpolation',
    text: 'let pem = """\n-----BEGIN CERTIFICATE-----\n\\(body)\n-----END CERTIFICATE-----\n"""',
    certs: 0,
    problems: [['pem-skipped', 'info']],
  },
  {
    name: 'Python f-string and .format',
    text: 'a = f"-----BEGIN CERTIFICATE-----\\n{body}\\n-----END CERTIFICATE-----\\n"\nb = "-----BEGIN {}-----\\n{}\\n-----END {}-----".format(l, b, l)\n',
    certs: 0,
    problems: [
      ['pem-skipped', 'info'],
      ['pem-skipped', 'info'],
    ],
  },
  {
    name: 'Kotlin $name',
    text: 'val pem = "-----BEGIN CERTIFICATE-----\\n$body\\n-----END CERTIFICATE-----\\n"',
    certs: 0,
    problems: [['pem-skipped', 'info']],
  },
  {
    name: 'Java markers around code',
    text: 'String pem = "-----BEGIN CERTIFICATE-----\\n" + body + "\\n-----END CERTIFICATE-----\\n";',
    certs: 0,
  },
  { name: 'label built by code', text: 'String pem = "-----BEGIN " + type + "-----\\n";', certs: 0 },
  {
    name: 'a body cut by code',
    text: 'String pem = "-----BEGIN CERTIFICATE-----\\nMIIB" + rest;',
    certs: 0,
    problems: [['pem-skipped', 'info']],
    message: /only part of a PEM block \(the rest is built by code\)/,
  },
  {
    name: 'Python comment block',
    text: `# ${LINES.join('\n# ')}\nx = 1\n`,
    certs: 0,
    problems: [['pem-skipped', 'info']],
    message: /in a comment/,
  },
  {
    name: 'Javadoc example',
    text: '/**\n * -----BEGIN CERTIFICATE-----\n * MIIB…\n * -----END CERTIFICATE-----\n */',
    certs: 0,
    problems: [['pem-skipped', 'info']],
  },
  {
    name: 'docstring example',
    text: 'def f():\n    """\n    -----BEGIN CERTIFICATE-----\n    ...\n    -----END CERTIFICATE-----\n    """\n',
    certs: 0,
    problems: [['pem-skipped', 'info']],
  },
  { name: 'marker constants', text: 'const BEGIN = "-----BEGIN CERTIFICATE-----";\nif strings.HasPrefix(s, "-----BEGIN ") {}\n', certs: 0 },
  { name: 'a marker mentioned in a comment', text: '// looks for -----BEGIN CERTIFICATE----- lines\nint x;\n', certs: 0 },
  { name: 'a marker in Markdown inline code', text: 'Files start with `-----BEGIN CERTIFICATE-----`.\n', certs: 0 },
  { name: 'a byte array that is not DER', text: 'const uint8_t lut[] = {0x30, 0x82, 0x01, 0x00, 0x11};', certs: 0 },
  { name: 'an array of pixel sizes', text: 'int sizes[] = {48, 130, 256, 512};', certs: 0 },
  // A fully written block with a broken body is a real error, on the literal.
  {
    name: 'broken base64 in complete literals',
    text: `const char *ca =\n${cLines(broken)};\n`,
    certs: 0,
    problems: [['pem-malformed', 'error']],
    message: /invalid base64: character "!"/,
  },
];

describe('decodeText on source code: decoded, skipped, or an error', () => {
  for (const r of rows) {
    it(r.name, async () => {
      const d = await decodeText(r.text);
      assert.equal(d.items.filter((i) => i.kind === 'certificate').length, r.certs);
      assert.deepEqual(
        d.problems.map((p) => [p.code, p.severity]),
        r.problems ?? [],
      );
      if (r.message) assert.match(d.problems[0]?.message ?? '', r.message);
      for (const p of d.problems) assert.ok(p.span.start <= p.span.end && p.span.end <= r.text.length);
    });
  }
  it('a plain PEM keeps its span from BEGIN to END', async () => {
    const text = `junk\n${PEM}\n`;
    assert.deepEqual((await decodeText(text)).items[0]?.span, { start: 5, end: 5 + PEM.length });
    const nginx = `ssl_certificate_inline "\n${PEM}\n";\n`;
    assert.deepEqual((await decodeText(nginx)).items[0]?.span, { start: nginx.indexOf('-----'), end: nginx.indexOf('-----') + PEM.length });
  });
  it('a Rust literal opened with "\\ on the line before is the literal', async () => {
    const text = `const CA: &str = "\\\n    ${LINES.join('\\n\\\n    ')}\\n";\n`;
    const [item] = (await decodeText(text)).items;
    assert.deepEqual(item?.span, { start: text.indexOf('"'), end: text.lastIndexOf('"') + 1 });
    assert.equal(item?.source?.form, 'continuation');
  });
  it('two blocks in one literal each keep their own text', async () => {
    const text = `var bundle = \`\n${PEM}\n${INT}\n\``;
    const [a, b] = (await decodeText(text)).items;
    assert.deepEqual(a?.span, { start: text.indexOf('`'), end: text.indexOf('-----END') + '-----END CERTIFICATE-----'.length });
    assert.deepEqual(b?.span, { start: text.lastIndexOf('-----BEGIN'), end: text.length });
  });
  it('YAML/JSON (structured) text is left to its own reader', async () => {
    const text = `{"ca": "${LINES.join('\\n')}"}`;
    const d = await decodeText(text, { structured: true });
    assert.equal(d.items[0]?.source, undefined);
    assert.equal(d.items[0]?.span.start, text.indexOf('-----BEGIN'));
  });
  it('the comment block is claimed from BEGIN to END', () => {
    const text = `// ${LINES.join('\n// ')}\n`;
    const found = findSourceMaterial(text);
    assert.deepEqual(found.problems[0]?.span, { start: 3, end: text.trimEnd().length });
    assert.equal(found.masked.trim().replace(/\/\/\s*/g, ''), '');
  });
});

describe('mayHoldSourceMaterial', () => {
  const cases: Array<[string, boolean]> = [
    ['{0x30, 0x82, 0x01}', true],
    ['{ 0x30,0x81 }', true],
    ['{(byte) 0x30, (byte) 0x82}', true],
    ['{48, -126, 1}', true],
    ['[0x30u8, 0x82u8]', true],
    ['[48u8, 130u8]', true],
    ['"\\x30\\x82\\x01"', true],
    ["b'0\\x82\\x01'", true],
    ['{0x2d, 0x2d, 0x2d, 0x2d}', true],
    ['int x = 0x30; y = 0x82;', false],
    ['{0x31, 0x82}', false],
    ['plain text', false],
  ];
  for (const [text, expected] of cases) it(text, () => assert.equal(mayHoldSourceMaterial(text), expected));
});

describe('findSourceMaterial on hostile input: bounded, never throws, masks keep offsets', () => {
  const cases: Array<[string, string]> = [
    ['unclosed C++ raw strings', 'a = R"x(-----BEGIN CERTIFICATE-----\n'.repeat(2000)],
    ['unclosed Rust raw strings', 'a = r#"-----BEGIN CERTIFICATE-----\n'.repeat(2000)],
    ['one quote per line', 'a = "-----BEGIN CERTIFICATE-----\n'.repeat(2000)],
    ['commented markers without END', '// -----BEGIN CERTIFICATE-----\n'.repeat(2000)],
    ['a long array that is not DER', `x[] = {0x30, 0x82, ${'0x01, '.repeat(100_000)}};`],
    ['a long array that is not PEM text', `x[] = {0x2d, 0x2d, 0x2d, ${'0x41, '.repeat(100_000)}};`],
    ['a marker after a 10 kB line prefix', `${'x'.repeat(10_000)}"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n"`],
    ['escapes at the end of the text', '"-----BEGIN CERTIFICATE-----\\x'],
    ['a lone quote before a marker at the end', 'x "-----BEGIN '],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const found = findSourceMaterial(text);
      assert.equal(found.masked.length, text.length);
      assert.equal(found.regions.length <= 2000, true);
      const spans = found.regions.map((r) => r.span).sort((a, b) => a.start - b.start);
      spans.forEach((s, i) => assert.ok(i === 0 || s.start >= (spans[i - 1]?.end ?? 0), 'regions never overlap'));
    });
  }
});
