import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeText } from '../../../../src/core/analysis/decode';
import { blankBefore, screenWindow, shiftDecoded, windowText } from '../../../../src/core/analysis/first-screen';
import { headSpan } from '../../../../src/core/util/line-index';
import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const block = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const B = block.length;

describe('screenWindow at the top of the file', () => {
  const cases: [string, string, number, string | undefined][] = [
    ['short text: no head, decode it whole', block, 1000, undefined],
    ['cuts after the last END line that fits', block.repeat(10), B * 2 + 5, block.repeat(2)],
    ['an END line cut by the limit is not taken', block.repeat(10), B * 2 - 3, block],
    ['no END line at all', 'x'.repeat(100), 10, undefined],
    ['no END line within the limit', 'x'.repeat(100) + block, 50, undefined],
  ];
  for (const [name, text, max, want] of cases)
    it(name, () => {
      const w = screenWindow(text, 0, max);
      assert.equal(w && text.slice(w.start, w.end), want);
    });
});

describe('screenWindow', () => {
  const ten = block.repeat(10);
  const cases: [string, string, number, number, { start: number; end: number } | undefined][] = [
    ['the top of the file', ten, 0, B * 2 + 5, { start: 0, end: B * 2 }],
    ['inside block 5: from its BEGIN line', ten, B * 4 + 30, B * 2 + 5, { start: B * 4, end: B * 6 }],
    ['on a BEGIN line', ten, B * 4, B * 2, { start: B * 4, end: B * 6 }],
    ['near the end: up to the end of the text', ten, B * 9 + 3, B * 2, { start: B * 9, end: B * 10 }],
    ['junk between blocks is kept', `junk\n${ten}`, 5 + B * 3 + 2, B + 1, { start: 5 + B * 3, end: 5 + B * 4 }],
    ['CRLF lines', block.replace(/\n/g, '\r\n').repeat(4), 0, B + 8, { start: 0, end: B + 3 }],
    ['a BEGIN without END before the window', `-----BEGIN X-----\n${'x'.repeat(50)}\n${ten}`, 10, B + 80, { start: 0, end: 69 + B }],
    ['no END line in the window', `${'x'.repeat(500)}\n${block}`, 10, 100, undefined],
    ['short text: decode it whole', block, 0, 1000, undefined],
  ];
  for (const [name, text, from, max, want] of cases) it(name, () => assert.deepEqual(screenWindow(text, from, max), want));

  it('a decode of the blanked window has the spans of the whole decode', async () => {
    const pem = readFileSync(join(__dirname, '../../../fixtures/certs/chain.pem'), 'utf8');
    const text = `${pem}\n`.repeat(6);
    const from = text.length / 2;
    const w = screenWindow(text, from, Math.floor(text.length / 3));
    assert.ok(w && w.start > 0 && w.end < text.length);
    const whole = await decodeText(text);
    const part = await decodeText(windowText(text, w));
    assert.ok(part.items.length > 0 && part.items.length < whole.items.length);
    const spans = new Set(whole.items.map((i) => `${i.span.start}-${i.span.end}`));
    for (const i of part.items) assert.ok(spans.has(`${i.span.start}-${i.span.end}`), `span ${i.span.start} not in the whole decode`);
  });
});

describe('blankBefore: the blanked window keeps the line break before it', () => {
  const pem = readFileSync(join(__dirname, '../../../fixtures/certs/chain.pem'), 'utf8');
  const cases: [string, string][] = [
    ['LF lines', `${pem}\n`.repeat(6)],
    ['CRLF lines', `${pem}\n`.repeat(6).replace(/\n/g, '\r\n')],
    ['a YAML block scalar', `a:\n  tls.crt: |\n${pem.replace(/^/gm, '    ')}`.repeat(6)],
  ];
  for (const [name, text] of cases)
    it(name, async () => {
      const w = screenWindow(text, Math.floor(text.length / 2), Math.floor(text.length / 3));
      assert.ok(w && w.start > 0, 'no window in the middle');
      const blanked = blankBefore(w.start, text.slice(w.start, w.end), text.slice(w.start - 1, w.start));
      const decoded = windowText(text, w);
      assert.equal(blanked.length, w.end);
      assert.equal(blanked.slice(w.start - 1), `${text[w.start - 1] === '\n' ? '\n' : ' '}${decoded.slice(w.start)}`);
      // Every diagnostic squiggles the head of its block: the same line as in the whole text, found without the blanks.
      const first = (await decodeText(decoded)).items[0];
      assert.ok(first);
      const head = headSpan(blanked, first.span);
      assert.ok(head.start >= w.start - 1, 'headSpan ran into the blanks');
      assert.deepEqual(head, headSpan(text, first.span));
    });
  it('at the start of the text there is nothing to blank', () => assert.equal(blankBefore(0, 'abc', ''), 'abc'));
});

describe('shiftDecoded: the window decoded alone, moved to its place', () => {
  const pem = readFileSync(join(__dirname, '../../../fixtures/certs/chain.pem'), 'utf8');
  const bad = '-----BEGIN CERTIFICATE-----\nMIIB!!notbase64\n-----END CERTIFICATE-----\n';
  const truncated = pem.slice(0, pem.indexOf('-----END')) + '-----END CERTIFICATE-----\n';
  const cases: [string, string][] = [
    ['certificates', `${pem}\n`.repeat(6)],
    ['CRLF lines', `${pem}\n`.repeat(6).replace(/\n/g, '\r\n')],
    ['junk and a malformed block in the window', `${pem}junk\n${bad}${pem}`.repeat(4)],
    ['a truncated body', `${pem}${truncated}`.repeat(5)],
    ['a BOM at the start of the text', `\ufeff${pem}`.repeat(4)],
  ];
  for (const [name, text] of cases)
    it(name, async () => {
      const w = screenWindow(text, Math.floor(text.length / 2), Math.floor(text.length / 3));
      assert.ok(w && w.start > 0, 'no window in the middle');
      const want = await decodeText(windowText(text, w));
      const got = shiftDecoded(await decodeText(text.slice(w.start, w.end)), w.start);
      assert.ok(want.items.length + want.problems.length > 0);
      assert.ok(isDeepStrictEqual(got, want), `${name}: differs from the decode of the blanked window`);
    });

  it('blocks with positions of their own (source code literals) are left to the blanked decode', async () => {
    const js = `const a = ${JSON.stringify(pem)};\n`;
    const decoded = await decodeText(js);
    if (decoded.items.some((i) => i.source)) assert.equal(shiftDecoded(decoded, 10), undefined);
    else assert.ok(shiftDecoded(decoded, 10));
  });
});
