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
});
