import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Item, Pkcs12Item } from '../../../../src/core/analysis/decode';
import { describeItem } from '../../../../src/core/format/describe';

const NOW = new Date('2025-06-01T00:00:00Z');

describe('describeItem: PKCS#12 says what it can know', () => {
  const p12 = (status: Pkcs12Item['status'], certificateCount = 0, keyCount = 0): Item => ({
    span: { start: 0, end: 0 },
    der: new Uint8Array(0),
    label: 'PKCS12',
    kind: 'pkcs12',
    status,
    certificateCount,
    keyCount,
    encryption: ['PBES2'],
  });
  const cases: Array<[string, Item, string, string]> = [
    ['locked', p12('needs-password'), 'PKCS#12 · locked: certificates are encrypted', 'locked: certificates are encrypted'],
    ['wrong password', p12('wrong-password'), 'PKCS#12 · locked: wrong password', 'locked: wrong password'],
    ['open', p12('ok', 2, 1), 'PKCS#12 · 2 certificates, 1 key', 'unlocked'],

    ['malformed', p12('malformed'), 'PKCS#12 · malformed', 'malformed'],
  ];
  for (const [name, item, title, status] of cases) {
    it(name, () => {
      const d = describeItem(item, { now: NOW });
      assert.equal(d.title, title);
      assert.equal(d.status, status);
      assert.doesNotMatch(JSON.stringify(d), /0 certificate|Unlock/, 'no count it cannot know, no second unlock hint');
    });
  }
});
