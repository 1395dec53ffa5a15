import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstScreen } from '../../../../src/core/analysis/first-screen';

const block = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('firstScreen', () => {
  const cases: [string, string, number, string | undefined][] = [
    ['short text: no head, decode it whole', block, 1000, undefined],
    ['cuts after the last END line that fits', block.repeat(10), block.length * 2 + 5, block.repeat(2)],
    ['an END line cut by the limit is not taken', block.repeat(10), block.length * 2 - 3, block],
    ['no END line at all', 'x'.repeat(100), 10, undefined],
    ['no END line within the limit', 'x'.repeat(100) + block, 50, undefined],
  ];
  for (const [name, text, max, want] of cases) it(name, () => assert.equal(firstScreen(text, max), want));
});
