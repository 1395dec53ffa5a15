import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTimeText } from '../../../../src/core/der/time';
import { TAG } from '../../../../src/core/der/tlv';

const U = TAG.UTC_TIME;
const G = TAG.GENERALIZED_TIME;

describe('decodeTimeText', () => {
  /** [tag, text, lax result, RFC 5280 result] */
  const rows: Array<[tag: number, text: string, lax: string | undefined, strict: string | undefined]> = [
    [U, '491231235959Z', '2049-12-31T23:59:59.000Z', '2049-12-31T23:59:59.000Z'],
    [U, '500101000000Z', '1950-01-01T00:00:00.000Z', '1950-01-01T00:00:00.000Z'],
    [U, '000229120000Z', '2000-02-29T12:00:00.000Z', '2000-02-29T12:00:00.000Z'],
    [G, '20500101000000Z', '2050-01-01T00:00:00.000Z', '2050-01-01T00:00:00.000Z'],
    [G, '99991231235959Z', '9999-12-31T23:59:59.000Z', '9999-12-31T23:59:59.000Z'],
    // BER forms real files carry: shown, but not accepted by the validator.
    [U, '2506010000Z', '2025-06-01T00:00:00.000Z', undefined],
    [G, '202506010000Z', '2025-06-01T00:00:00.000Z', undefined],
    [G, '20250601000000.5Z', '2025-06-01T00:00:00.000Z', undefined],
    // Malformed everywhere
    [U, '250601000000', undefined, undefined],
    [U, '250601000000+0100', undefined, undefined],
    [U, '20250601000000Z', undefined, undefined],
    [G, '2506010000Z', undefined, undefined],
    [G, '20250601000000.Z', undefined, undefined],
    [U, 'YYMMDDHHMMSSZ', undefined, undefined],
    [U, '', undefined, undefined],
    [U, ' 250601000000Z', undefined, undefined],
    [U, '250601000000Z\n', undefined, undefined],
    [TAG.OCTET_STRING, '250601000000Z', undefined, undefined],
    // Out of range: Date.UTC would roll these over
    [U, '251301000000Z', undefined, undefined],
    [U, '250132000000Z', undefined, undefined],
    [U, '250230000000Z', undefined, undefined],
    [U, '250601240000Z', undefined, undefined],
    [U, '250601006000Z', undefined, undefined],
    [U, '250601000060Z', undefined, undefined],
  ];
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  for (const [tag, text, lax, strict] of rows) {
    it(`${tag === U ? 'UTCTime' : tag === G ? 'GeneralizedTime' : `tag ${tag}`} ${JSON.stringify(text)}`, () => {
      assert.equal(iso(decodeTimeText(tag, text)), lax, 'lax');
      assert.equal(iso(decodeTimeText(tag, text, { rfc5280: true })), strict, 'RFC 5280');
    });
  }

  // The DER forms are read digit by digit, the rest by regular expression: both must agree with the expressions alone.
  it('agrees with the regular expressions on 20,000 near-time strings, lax and RFC 5280', () => {
    const reference = (tag: number, text: string, strict: boolean): number | undefined => {
      const re =
        tag === U
          ? strict
            ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/
            : /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/
          : strict
            ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/
            : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/;
      const m = re.exec(text);
      if (!m) return undefined;
      let year = Number(m[1]);
      if (tag === U) year += year >= 50 ? 1900 : 2000;
      const [mo, d, h, mi, se] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
      const ms = Date.UTC(year, mo - 1, d, h, mi, se);
      const date = new Date(ms);
      return Number.isNaN(ms) || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || se > 59 ? undefined : ms;
    };
    let seed = 11;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const odd = ['Z', '.', '+', ' ', 'a', '\u0663', '-', '\n'];
    const pad = (v: number, w: number) => String(v).padStart(w, '0');
    for (let i = 0; i < 20_000; i++) {
      const tag = next(2) ? U : G;
      const year = tag === U ? pad(next(100), 2) : pad(next(10_000), 4);
      let text = `${year}${pad(1 + next(13), 2)}${pad(next(33), 2)}${pad(next(26), 2)}${pad(next(62), 2)}${next(5) ? pad(next(62), 2) : ''}${next(8) ? '' : '.5'}Z`;
      if (next(4) === 0) {
        const at = next(text.length);
        text = text.slice(0, at) + (odd[next(odd.length)] ?? '') + text.slice(at + next(2));
      }
      for (const strict of [false, true])
        assert.equal(
          decodeTimeText(tag, text, { rfc5280: strict }),
          reference(tag, text, strict),
          `${tag} ${JSON.stringify(text)} ${strict}`,
        );
    }
  });
});
