import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, suggest } from '../../../../src/core/cert-manager/did-you-mean';

describe('suggest', () => {
  const cases: Array<[string, string[], string | undefined]> = [
    ['emailAddress', ['dnsDomains', 'emailAddresses', 'ipRanges', 'uriDomains'], 'emailAddresses'],
    ['apiTokenSecretref', ['apiKeySecretRef', 'apiTokenSecretRef', 'email'], 'apiTokenSecretRef'],
    ['secretname', ['secretName', 'secretTemplate'], 'secretName'],
    ['useDefaultCA', ['configMap', 'inLine', 'secret', 'useDefaultCAs'], 'useDefaultCAs'],
    ['commonname', ['commonName'], 'commonName'],
    ['foo', ['secretName', 'dnsNames'], undefined],
    ['x', ['y'], 'y'],
    ['', ['a'], 'a'],
  ];
  for (const [w, c, want] of cases) it(`${w} → ${want}`, () => assert.equal(suggest(w, c), want));
  it('edit distance', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.ok(editDistance('a'.repeat(50), 'b'.repeat(50), 3) > 3);
  });
});
