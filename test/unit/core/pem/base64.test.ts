import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBase64, encodeBase64, toPem } from '../../../../src/core/pem/base64';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('decodeBase64', () => {
  const ok: Array<{ name: string; input: string; out: Uint8Array }> = [
    { name: 'empty', input: '', out: bytes() },
    { name: 'one byte padded', input: 'AA==', out: bytes(0) },
    { name: 'two bytes padded', input: 'AAE=', out: bytes(0, 1) },
    { name: 'three bytes', input: 'AAEC', out: bytes(0, 1, 2) },
    { name: 'RFC 4648 "foobar"', input: 'Zm9vYmFy', out: new TextEncoder().encode('foobar') },
    { name: 'RFC 4648 "fo"', input: 'Zm8=', out: new TextEncoder().encode('fo') },
    { name: 'unpadded two chars', input: 'Zg', out: new TextEncoder().encode('f') },
    { name: 'unpadded three chars', input: 'Zm8', out: new TextEncoder().encode('fo') },
    { name: 'all alphabet chars incl + and /', input: '+/+/', out: bytes(0xfb, 0xff, 0xbf) },
    { name: 'DER prefix', input: 'MIIB', out: bytes(0x30, 0x82, 0x01) },
  ];
  for (const c of ok) {
    it(`decodes ${c.name}`, () => {
      const r = decodeBase64(c.input);
      assert.equal(r.ok, true, JSON.stringify(r));
      if (r.ok) assert.deepEqual(Array.from(r.bytes), Array.from(c.out));
    });
  }

  const bad: Array<{ name: string; input: string; index: number; reason: RegExp }> = [
    { name: 'single char (truncated)', input: 'A', index: 1, reason: /^truncated/ },
    { name: 'five chars (truncated)', input: 'AAAAA', index: 5, reason: /^truncated/ },
    { name: 'padding after 3 chars of a group of 5', input: 'AAAAA=', index: 5, reason: /padding/ },
    { name: 'one "=" on a 2-char tail', input: 'AA=', index: 2, reason: /padding/ },
    { name: 'three "="', input: 'A===', index: 1, reason: /'=' before the end/ },
    { name: 'only padding', input: '====', index: 0, reason: /'=' before the end/ },
    { name: '"=" in the middle', input: 'AA==AAAA', index: 2, reason: /'=' before the end/ },
    { name: 'invalid char *', input: 'MIIB*AAA', index: 4, reason: /character "\*"/ },
    { name: 'whitespace is not stripped here', input: 'MII BAAA', index: 3, reason: /character " "/ },
    { name: 'newline', input: 'MIIB\nAAA', index: 4, reason: /character "\\n"/ },
    { name: 'URL-safe alphabet -', input: 'ab-_', index: 2, reason: /character "-"/ },
    { name: 'non-ASCII', input: 'AAé=', index: 2, reason: /invalid base64/ },
    { name: 'NUL', input: 'AA\u0000A', index: 2, reason: /invalid base64/ },
  ];
  for (const c of bad) {
    it(`rejects ${c.name}`, () => {
      const r = decodeBase64(c.input);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.index, c.index);
        assert.match(r.reason, c.reason);
      }
    });
  }
});

describe('decodeBase64 in four-character groups', () => {
  it('names the first bad character at every position of a long input, whichever group it falls in', () => {
    const good = encodeBase64(Uint8Array.from({ length: 48 }, (_, i) => (i * 37) & 0xff)); // 64 characters, no padding
    for (const bad of ['*', '=', 'é', ' ', '\u0100']) {
      // A last '=' is padding, not a bad character.
      for (let at = 0; at < (bad === '=' ? good.length - 1 : good.length); at++) {
        const r = decodeBase64(good.slice(0, at) + bad + good.slice(at + 1));
        assert.equal(r.ok, false, `${bad} at ${at}`);
        if (!r.ok) assert.equal(r.index, at, `${bad} at ${at}`);
      }
    }
  });

  it('decodes groups and the tail alike: every length 0..64 against Buffer', () => {
    const b64 = encodeBase64(Uint8Array.from({ length: 48 }, (_, i) => (i * 91 + 7) & 0xff));
    for (let n = 0; n <= b64.length; n++) {
      const s = b64.slice(0, n);
      const r = decodeBase64(s);
      if (n % 4 === 1) assert.equal(r.ok, false);
      else if (r.ok) assert.deepEqual(Array.from(r.bytes), Array.from(Buffer.from(s, 'base64')), `length ${n}`);
      else assert.fail(`length ${n}: ${r.reason}`);
    }
  });
});

describe('encodeBase64', () => {
  const cases: Array<[number[], string]> = [
    [[], ''],
    [[0], 'AA=='],
    [[0, 1], 'AAE='],
    [[0, 1, 2], 'AAEC'],
    [[0xfb, 0xff, 0xbf], '+/+/'],
    [[0xff, 0xff, 0xff, 0xff], '/////w=='],
  ];
  for (const [input, out] of cases) {
    it(`encodes [${input.join(',')}]`, () => assert.equal(encodeBase64(Uint8Array.from(input)), out));
  }

  it('round-trips every length 0..200 of a PRNG byte stream', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    for (let n = 0; n <= 200; n++) {
      const b = Uint8Array.from({ length: n }, next);
      const s = encodeBase64(b);
      assert.equal(s.length, Math.ceil(n / 3) * 4);
      const r = decodeBase64(s);
      assert.ok(r.ok);
      if (r.ok) assert.deepEqual(Array.from(r.bytes), Array.from(b), `length ${n}`);
    }
  });

  it('wraps at lineLength without a trailing newline', () => {
    const b = new Uint8Array(48); // exactly 64 characters
    assert.equal(encodeBase64(b, 64), 'A'.repeat(64));
    const s = encodeBase64(new Uint8Array(49), 64);
    assert.deepEqual(
      s.split('\n').map((l) => l.length),
      [64, 4],
    );
  });
});

describe('toPem', () => {
  const cases: Array<{ n: number; lines: number[] }> = [
    { n: 0, lines: [0] },
    { n: 1, lines: [4] },
    { n: 47, lines: [64] },
    { n: 48, lines: [64] },
    { n: 49, lines: [64, 4] },
    { n: 96, lines: [64, 64] },
    { n: 100, lines: [64, 64, 8] },
    { n: 1000, lines: [...Array<number>(20).fill(64), 56] },
  ];
  for (const c of cases) {
    it(`${c.n} bytes wrap into 64-column lines`, () => {
      const der = Uint8Array.from({ length: c.n }, (_, i) => i & 0xff);
      const pem = toPem('CERTIFICATE', der);
      const lines = pem.split('\n');
      assert.equal(lines[0], '-----BEGIN CERTIFICATE-----');
      assert.equal(lines.at(-2), '-----END CERTIFICATE-----');
      assert.equal(lines.at(-1), '');
      const body = lines.slice(1, -2);
      assert.deepEqual(
        body.map((l) => l.length),
        c.lines,
      );
      const r = decodeBase64(body.join(''));
      assert.ok(r.ok);
      if (r.ok) assert.deepEqual(Array.from(r.bytes), Array.from(der));
    });
  }
  it('keeps the label verbatim', () => {
    assert.match(toPem('X509 CRL', bytes(1)), /^-----BEGIN X509 CRL-----\nAQ==\n-----END X509 CRL-----\n$/);
  });
});
