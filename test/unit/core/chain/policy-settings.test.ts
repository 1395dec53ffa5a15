import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRequiredPolicies } from '../../../../src/core/chain/policy-settings';

describe('readRequiredPolicies', () => {
  const cases: Array<[string, unknown, object, number]> = [
    ['unset', undefined, {}, 0],
    ['empty list', [], {}, 0],
    ['one OID', ['2.23.140.1.2.1'], { initialPolicySet: ['2.23.140.1.2.1'], explicitPolicy: true }, 0],
    ['duplicates and spaces', [' 1.2.3 ', '1.2.3'], { initialPolicySet: ['1.2.3'], explicitPolicy: true }, 0],
    ['not an array', '1.2.3', {}, 1],
    ['an object', { a: 1 }, {}, 1],
    [
      'junk entries dropped, good kept',
      ['1.2.3', 42, null, '', 'x.y', '1.2.', '3.1', '1.02.3'],
      { initialPolicySet: ['1.2.3'], explicitPolicy: true },
      7,
    ],
    ['only junk: nothing required', ['anyPolicy'], {}, 1],
    ['a very long string', ['1.' + '2.'.repeat(500) + '3'], {}, 1],
  ];
  for (const [name, raw, policy, problems] of cases) {
    it(name, () => {
      const r = readRequiredPolicies(raw);
      assert.deepEqual(r.policy, policy);
      assert.equal(r.problems.length, problems, r.problems.join('; '));
    });
  }
});
