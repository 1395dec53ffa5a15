/**
 * The pre-screen of findSourceMaterial (plain text: no quote, comma or
 * backslash, every marker at a line start) must never drop what the full
 * reader finds: for texts built from the pieces source material is made of,
 * both give the same result.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findSourceMaterial, readSourceMaterial } from '../../../../src/core/source/find';

const PIECES = [
  '-----BEGIN CERTIFICATE-----',
  '-----END CERTIFICATE-----',
  '-----BEGIN ',
  'MIIBujCCAV+gAwIBAgIIf1paWgAAAAAwCgYIKoZIzj0EAwIw',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '# ',
  '// ',
  '/*',
  '*/',
  '<!-- ',
  '-- ',
  '; ',
  '"',
  "'",
  '`',
  ',',
  '\\n',
  '\\x30\\x82',
  '{ 0x30, 0x82, 0x01 }',
  '{ 48, 130, 1 }',
  // Whole DER structures (SEQUENCE, long-form length 1, one byte): the reader claims these arrays.
  '{ 0x30, 0x81, 0x01, 0x00 }',
  '[48, 129, 1, 0]',
  '{0x2d, 0x2d, 0x2d,',
  'const char *ca = ',
  'Proc-Type: 4,ENCRYPTED',
];

describe('findSourceMaterial pre-screen', () => {
  it('finds what the full reader finds, on any mix of source pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        assert.deepEqual(findSourceMaterial(text), readSourceMaterial(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('lets a plain PEM file through unchanged', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    assert.deepEqual(findSourceMaterial(pem), { regions: [], problems: [], masked: pem });
  });

  it('still reads a commented-out block (marker behind a comment leader)', () => {
    const text = '# -----BEGIN CERTIFICATE-----\n# MIIB\n# -----END CERTIFICATE-----\n';
    assert.equal(findSourceMaterial(text).problems[0]?.code, 'pem-skipped');
  });
});
