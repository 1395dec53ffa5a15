/** The rule catalogue is data (rules.json): every row must have the shape `RuleInfo` promises. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES, ruleInfo } from '../../../../src/core/cert-manager/catalogue';

describe('cert-manager rule catalogue', () => {
  for (const r of RULES) {
    it(`${r.id} is well formed`, () => {
      assert.match(r.id, /^CM\d{3}$/);
      assert.ok(['error', 'warning', 'info'].includes(r.severity), r.severity);
      assert.ok(r.title.length > 0 && r.help.length > 0);
      assert.deepEqual(Object.keys(r).sort(), ['help', 'id', 'severity', 'title']);
      assert.equal(ruleInfo(r.id), r);
    });
  }
  it('ids are unique and in order', () => {
    const ids = RULES.map((r) => r.id);
    assert.deepEqual(ids, [...new Set(ids)].sort());
  });
  it('an unknown id has no info', () => assert.equal(ruleInfo('CM999'), undefined));
});
