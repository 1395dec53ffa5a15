import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText } from '../../../../src/core/analysis/decode';
import { fromIndexRecord, toIndexRecord } from '../../../../src/core/analysis/index-record';
import { LineIndex } from '../../../../src/core/util/line-index';

const FIX = join(__dirname, '../../../fixtures/certs');
const read = (name: string) => readFileSync(join(FIX, name), 'utf8');

describe('index records (the editor index persisted across reloads)', () => {
  const cases = [
    { name: 'a chain bundle', text: read('chain.pem') },
    { name: 'CRLF line breaks', text: read('healthy.pem').replace(/\n/g, '\r\n') },
    { name: 'a certificate and its private key', text: `${read('healthy.pem')}\n${read('healthy.key')}` },
    { name: 'junk between blocks and a CRL', text: `junk\n${read('root.pem')}\nmore junk\r${read('fresh.crl')}` },
  ];
  for (const c of cases) {
    it(`${c.name}: round-trips through JSON with the same items and line positions`, async () => {
      const decoded = await decodeText(c.text);
      const back = fromIndexRecord(JSON.parse(JSON.stringify(toIndexRecord(decoded, c.text))));
      assert.ok(back);
      assert.equal(back.decoded.items.length, decoded.items.length);
      decoded.items.forEach((item, i) => {
        const got = back.decoded.items[i];
        assert.equal(got?.kind, item.kind);
        assert.deepEqual(got?.span, item.span);
        if (item.kind === 'certificate' && got?.kind === 'certificate') {
          assert.deepEqual(got.certificate, item.certificate);
          assert.deepEqual(got.der, item.der);
        }
      });
      assert.equal(back.text?.length, c.text.length);
      const [a, b] = [new LineIndex(c.text), new LineIndex(back.text ?? '')];
      for (const item of decoded.items) assert.deepEqual(b.range(item.span), a.range(item.span));
    });
  }

  it('never stores private key bytes nor the text', async () => {
    const key = read('healthy.key');
    const decoded = await decodeText(`${read('healthy.pem')}\n${key}`);
    const keyItem = decoded.items.find((i) => i.kind === 'private-key');
    assert.ok(keyItem && keyItem.der.length > 0);
    const json = JSON.stringify(toIndexRecord(decoded, key));
    const keyBase64 = Buffer.from(keyItem.der).toString('base64');
    assert.ok(!json.includes(keyBase64.slice(0, 40)), 'private key DER stored');
    const bodyLine = key.split('\n')[2] ?? '';
    assert.ok(bodyLine.length > 20 && !json.includes(bodyLine), 'text stored');
    const back = fromIndexRecord(JSON.parse(json));
    assert.equal(back?.decoded.items.find((i) => i.kind === 'private-key')?.der.length, 0);
  });

  it('rejects malformed records without throwing', () => {
    const bad: unknown[] = [
      undefined,
      null,
      42,
      [],
      {},
      { decoded: { items: 'x', problems: [] } },
      { decoded: { items: [{ kind: 'certificate', span: { start: 0, end: 1 }, der: { $b64: 'AA==' } }], problems: [] } },
      { decoded: { items: [{ kind: 'crl', span: { start: 0, end: 1 }, der: { $b64: '!!' } }], problems: [] } },
      { decoded: { items: [{ kind: 'crl', span: { start: 0 }, der: { $b64: 'AA==' } }], problems: [] } },
      { decoded: { items: [], problems: [] }, layout: { length: 3, starts: [5] } },
      { decoded: { items: [], problems: [] }, layout: { length: -1, starts: [] } },
    ];
    for (const b of bad) assert.equal(fromIndexRecord(b), undefined, JSON.stringify(b));
    assert.ok(fromIndexRecord({ decoded: { items: [], problems: [] }, layout: { length: 3, starts: [2] } }));
  });
});
