/** describeFailure: every validator reason maps to one chain code, message and verdict. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PathFailure, ReasonCode } from '../../../../src/core/chain/index.js';
import { describeFailure, ekuNames } from '../../../../src/core/chain/failure';

const f = (code: ReasonCode, message = 'why'): PathFailure<number> => ({ code, message, culprit: 1, path: [0, 1] });

describe('describeFailure', () => {
  const cases: Array<{ reason: ReasonCode; mode: 'file' | 'endpoint'; code: string; text: RegExp }> = [
    { reason: 'missing-issuer', mode: 'file', code: 'chain-missing-intermediate', text: /^missing intermediate: \?$/ },
    { reason: 'untrusted-root', mode: 'endpoint', code: 'chain-untrusted-root', text: /^untrusted root: X$/ },
    { reason: 'untrusted-root', mode: 'file', code: 'chain-invalid', text: /^untrusted root/ },
    { reason: 'bad-signature', mode: 'file', code: 'chain-bad-signature', text: /^bad signature: X$/ },
    { reason: 'not-ca', mode: 'file', code: 'chain-not-ca', text: /not a CA/ },
    { reason: 'key-usage', mode: 'file', code: 'chain-not-ca', text: /not a CA/ },
    { reason: 'pathlen-exceeded', mode: 'file', code: 'chain-pathlen-exceeded', text: /path length/ },
    { reason: 'depth-exceeded', mode: 'endpoint', code: 'chain-pathlen-exceeded', text: /path length/ },
    { reason: 'name-constraints', mode: 'file', code: 'chain-name-constraints', text: /name constraints/ },
    { reason: 'eku', mode: 'endpoint', code: 'chain-eku', text: /EKU/ },
    { reason: 'expired', mode: 'file', code: 'chain-expired-intermediate', text: /expired intermediate/ },
    { reason: 'not-yet-valid', mode: 'file', code: 'chain-expired-intermediate', text: /expired intermediate/ },
    { reason: 'profile', mode: 'file', code: 'chain-invalid', text: /^chain invalid: why$/ },
    { reason: 'malformed', mode: 'endpoint', code: 'chain-invalid', text: /^chain invalid/ },
    { reason: 'budget-exceeded', mode: 'file', code: 'chain-budget-exceeded', text: /^chain not decided/ },
    { reason: 'budget-exceeded', mode: 'endpoint', code: 'chain-budget-exceeded', text: /^chain not decided/ },
    { reason: 'no-anchor', mode: 'file', code: 'chain-invalid', text: /^no trust anchor above X$/ },
    { reason: 'no-anchor', mode: 'endpoint', code: 'chain-untrusted-root', text: /^no trust anchor above X$/ },
  ];
  for (const c of cases) {
    it(`${c.reason} (${c.mode}) → ${c.code}`, () => {
      // No summary for the culprit (an unreadable anchor): still words, never a throw.
      const w = describeFailure(f(c.reason), c.mode, 'X', undefined, 'Y');
      assert.equal(w.code, c.code);
      assert.match(w.text, c.text);
      assert.ok(w.message.length > 0);
    });
  }
  it('EKU OIDs become names; unknown OIDs stay', () => {
    assert.equal(ekuNames('extendedKeyUsage lacks 1.3.6.1.5.5.7.3.1'), 'extendedKeyUsage lacks serverAuth');
    assert.equal(ekuNames('lacks 1.2.3.4.5'), 'lacks 1.2.3.4.5');
  });
});

describe('describeFailure: a served or workspace intermediate is never called "missing intermediate"', () => {
  const summary = (isCA: boolean) =>
    ({ issuer: 'CN=Private Root', caIssuerUrls: [], isCA }) as unknown as Parameters<typeof describeFailure>[3];
  for (const mode of ['file', 'endpoint'] as const) {
    it(`${mode}: the leaf lacks its issuer → missing intermediate`, () => {
      const w = describeFailure(f('missing-issuer'), mode, 'leaf.test', summary(false));
      assert.match(w.text, /^missing intermediate: /);
    });
    it(`${mode}: the intermediate lacks its issuer → issuer not found, same code`, () => {
      const w = describeFailure(f('missing-issuer'), mode, 'Intermediate CA', summary(true));
      assert.equal(w.code, 'chain-missing-intermediate');
      assert.match(w.text, /^issuer not found: /);
      assert.doesNotMatch(`${w.text} ${w.message}`, /missing intermediate/);
      assert.match(w.message, /trust anchor/);
    });
  }
});
