/**
 * Property: any valid PEM certificate, wrapped in each language's literal
 * syntax (random split points, random line lengths, random separators),
 * decodes to the same certificate (same DER) on the literal's range, with no
 * problem at all.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeText } from '../../../../src/core/analysis/decode';
import { encodeBase64 } from '../../../../src/core/pem/base64';
import { scanPem } from '../../../../src/core/pem/scanner';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures');
/** Every certificate of two fixture folders: EC and RSA, roots, intermediates, leaves. */
const CERTS: Uint8Array[] = ['certs', 'chain'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.pem'))
    .flatMap((f) => scanPem(readFileSync(join(FIXTURES, dir, f), 'utf8')).blocks)
    .flatMap((b) => (b.label === 'CERTIFICATE' && b.der ? [b.der] : [])),
);

interface Input {
  readonly pem: string;
  readonly der: Uint8Array;
  /** Fractions in [0, 1): where the text is cut into pieces. */
  readonly cuts: number[];
  /** Separator choice per cut. */
  readonly seps: number[];
}

/** A PEM with lines of any length, LF or CRLF. */
const pemArb = fc
  .record({ der: fc.constantFrom(...CERTS), width: fc.integer({ min: 4, max: 120 }), crlf: fc.boolean() })
  .map(({ der, width, crlf }) => {
    const eol = crlf ? '\r\n' : '\n';
    const body = encodeBase64(der, width).split('\n').join(eol);
    return { der, pem: `-----BEGIN CERTIFICATE-----${eol}${body}${eol}-----END CERTIFICATE-----${eol}` };
  });
const inputArb: fc.Arbitrary<Input> = fc
  .record({
    p: pemArb,
    cuts: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 30 }),
    seps: fc.array(fc.nat(4), { minLength: 30, maxLength: 30 }),
  })
  .map(({ p, cuts, seps }) => ({ ...p, cuts, seps }));

/** Cuts `s` at the input's points, never inside the BEGIN marker (no code splits it; the reader anchors on it). */
function pieces(s: string, cuts: readonly number[], keep = '-----BEGIN CERTIFICATE-----'.length): string[] {
  const at = [...new Set(cuts.map((c) => keep + Math.floor(c * (s.length - keep))))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const a of at) {
    out.push(s.slice(from, a));
    from = a;
  }
  out.push(s.slice(from));
  return out;
}
const cEscape = (s: string) => s.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
const join2 = (parts: string[], seps: readonly number[], choices: readonly string[]) =>
  parts.map((p, i) => (i === 0 ? p : (choices[(seps[i % seps.length] ?? 0) % choices.length] ?? ' ') + p)).join('');

type Wrapper = (i: Input) => string;
const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;
/** Each returns the literal(s) only; the test puts code around them. */
const WRAPPERS: Record<string, Wrapper> = {
  'C adjacent literals': (i) =>
    join2(
      pieces(i.pem, i.cuts).map((p) => `"${cEscape(p)}"`),
      i.seps,
      [' ', '\n', ' \\\n', '\n    ', '\n/* next */ '],
    ),
  'C one literal with continuations': (i) => `"${join2(pieces(i.pem, i.cuts).map(cEscape), i.seps, ['\\\n', '\\\r\n'])}"`,
  'C++ raw string': (i) => `R"EOF(${i.pem})EOF"`,
  'Java/Kotlin/C#/JS concatenation': (i) =>
    join2(
      pieces(i.pem, i.cuts).map((p) => `"${cEscape(p)}"`),
      i.seps,
      [' + ', ' +\n    ', '\n    + ', ' + // part\n'],
    ),
  'JS single quotes': (i) =>
    join2(
      pieces(i.pem, i.cuts).map((p) => `'${cEscape(p)}'`),
      i.seps,
      [' +\n  ', ' + '],
    ),
  'Go raw string': (i) => `\`${i.pem}\``,
  'JS template literal': (i) => `\`\n${i.pem}\``,
  'Python triple-quoted': (i) => `"""${i.pem}"""`,
  'Python implicit concatenation': (i) =>
    join2(
      pieces(i.pem, i.cuts).map((p) => `'${cEscape(p)}'`),
      i.seps,
      ['\n    ', ' ', '  # part\n    ', ' \\\n    '],
    ),
  'Rust raw string': (i) => `r#"${i.pem}"#`,
  'Rust continuation': (i) => `"${join2(pieces(i.pem, i.cuts).map(cEscape), i.seps, ['\\\n        ', '\\\n'])}"`,
  'Swift multi-line': (i) => `"""\n${i.pem.replace(/^(?=.)/gm, '    ')}    """`,
  'C# verbatim': (i) => `@"${i.pem}"`,
  'C byte array of the DER': (i) => {
    const els = [...i.der].map((b, n) => ((i.seps[n % i.seps.length] ?? 0) % 2 ? hex(b) : hex(b).toUpperCase().replace('0X', '0x')));
    return `{${join2(els, i.seps, [', ', ',\n  ', ',', ' , '])}}`;
  },
  'C string of \\x escapes': (i) => {
    const s = [...i.der].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
    // Cut only between escapes.
    const cuts = [...new Set(i.cuts.map((c) => Math.floor(c * (s.length / 4)) * 4))].filter((c) => c > 0).sort((a, b) => a - b);
    const parts = cuts.map((c, n) => s.slice(n === 0 ? 0 : cuts[n - 1], c)).concat(s.slice(cuts[cuts.length - 1] ?? 0));
    return join2(
      parts.filter((p) => p !== '').map((p) => `"${p}"`),
      i.seps,
      [' ', '\n    '],
    );
  },
};

describe('property: a certificate in any literal syntax decodes to itself on the literal', () => {
  for (const [name, wrap] of Object.entries(WRAPPERS)) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(inputArb, async (input) => {
          const literal = wrap(input);
          const before = `// generated\nstatic const char ca[] = `;
          const text = `${before}${literal};\nint main(void) { return 0; }\n`;
          const d = await decodeText(text);
          assert.deepEqual(d.problems, []);
          assert.equal(d.items.length, 1);
          assert.deepEqual(d.items[0]?.der, input.der);
          assert.deepEqual(d.items[0]?.span, { start: before.length, end: before.length + literal.length });
        }),
        { numRuns: 60 },
      );
    });
  }
});
