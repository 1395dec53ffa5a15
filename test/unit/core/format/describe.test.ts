import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeBinary, decodeText, looksLikeText, type Item, type Pkcs12Item } from '../../../../src/core/analysis/decode';
import { describeHeadline, describeItem } from '../../../../src/core/format/describe';

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

describe('describeHeadline: the title and status line of describeItem, without its fields', () => {
  const root = join(__dirname, '..', '..', '..', 'fixtures');
  const files = [
    ['certs', 'chain.pem'],
    ['certs', 'expired.pem'],
    ['certs', 'future.pem'],
    ['certs', 'healthy.csr'],
    ['certs', 'healthy.key'],
    ['certs', 'fresh.crl'],
    ['certs', 'chain.p7b'],
    ['jks', 'keystore.jks'],
  ];
  for (const parts of files) {
    it(parts.join('/'), async () => {
      const bytes = readFileSync(join(root, ...parts));
      const { items } = looksLikeText(bytes) ? await decodeText(bytes.toString('utf8')) : await decodeBinary(bytes);
      assert.ok(items.length > 0);
      for (const item of items) {
        for (const now of [NOW, new Date('2040-01-01T00:00:00Z')]) {
          const { title, status } = describeItem(item, { now });
          assert.deepEqual(describeHeadline(item, { now }), status === undefined ? { title } : { title, status });
        }
      }
    });
  }
});
