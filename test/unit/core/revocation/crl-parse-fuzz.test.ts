/**
 * parseCrl's contract: a DerError on an unusable structure, never another
 * exception. The input below was found by `npm run fuzz` (a CRL whose issuer
 * UTF8String is not UTF-8 threw a TypeError from TextDecoder).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DerError } from '../../../../src/core/der/reader';
import { parseCrl } from '../../../../src/core/revocation/crl-parse';

const FUZZ_CRASH =
  '3081ec308193020101300a06082a8648ce3d040302303d3123302106035504030c1a436572744c656e73845465737420496e7465726d65646961746531163014060355040a0c0d436572744c656e732054657374170d3235303430313030303030305a170d3235303530313030303030305a3015301302021003170d3236313132323033303732325aa00e300c300a0603551d140403020102300a06082a8648ce3d04030203480030450220736585cd4fcba2d542529d8ca58c6417e3f7e0f9f9fba978e7c8f047e32fd539022100fed380eed165bfaadd8e49fa662a0daa9cd0a11343c125ecc8928603519dc4b3';

describe('parseCrl on hostile input', () => {
  it('an issuer UTF8String that is not UTF-8 is a DerError', () => {
    assert.throws(
      () => parseCrl(Uint8Array.from(Buffer.from(FUZZ_CRASH, 'hex'))),
      (err) => err instanceof DerError && /UTF8String/.test(err.message),
    );
  });
});
