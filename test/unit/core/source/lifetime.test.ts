import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText, type CertificateItem } from '../../../../src/core/analysis/decode';
import { builtWithFor, embeddedLifetime } from '../../../../src/core/source';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

describe('embeddedLifetime', () => {
  const root = { isCA: true, notBefore: at('2021-03-01T00:00:00Z'), notAfter: at('2031-03-01T00:00:00Z') };
  const leaf = { isCA: false, notBefore: at('2025-01-01T00:00:00Z'), notAfter: at('2026-01-01T00:00:00Z') };
  const cases: Array<{ name: string; cert: typeof root; now: string; builtWith?: string; text: string }> = [
    {
      name: 'a root, years ahead',
      cert: root,
      now: '2027-02-01T00:00:00Z',
      builtWith: 'this header',
      text: 'Devices built with this header will reject servers chaining to it after 2031-03-01 (in 4 years).',
    },
    {
      name: 'a root, days ahead',
      cert: root,
      now: '2031-02-19T00:00:00Z',
      text: 'Devices built with this code will reject servers chaining to it after 2031-03-01 (in 10 days).',
    },
    {
      name: 'an expired root',
      cert: root,
      now: '2031-03-04T00:00:00Z',
      builtWith: 'this sketch',
      text: 'Devices built with this sketch have rejected servers chaining to it since 2031-03-01 (3 days ago): the embedded trust anchor has expired.',
    },
    {
      name: 'a root not yet valid',
      cert: root,
      now: '2021-02-01T00:00:00Z',
      text: 'Devices built with this code will reject servers chaining to it after 2031-03-01 (in 10 years). It is not valid before 2021-03-01 (in 28 days) either.',
    },
    {
      name: 'a device certificate',
      cert: leaf,
      now: '2025-06-01T00:00:00Z',
      text: 'Devices built with this code will present an expired certificate after 2026-01-01 (in 7 months): peers that check dates will reject it.',
    },
    {
      name: 'an expired device certificate',
      cert: leaf,
      now: '2026-01-02T00:00:00Z',
      text: 'Devices built with this code have presented an expired certificate since 2026-01-01 (1 day ago): peers that check dates reject it.',
    },
    {
      name: 'an unreadable date',
      cert: { ...root, notAfter: NaN },
      now: '2027-02-01T00:00:00Z',
      text: 'Devices built with this code carry a certificate whose expiry date could not be read.',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const opts = c.builtWith ? { builtWith: c.builtWith } : {};
      assert.equal(embeddedLifetime(c.cert, new Date(c.now), opts), c.text);
    });
  }
  it('on a root decoded from a C header fixture', async () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'source', 'root-ca-define.h'), 'utf8');
    const item = (await decodeText(text)).items[0] as CertificateItem;
    const s = embeddedLifetime(item.certificate, new Date(item.certificate.notAfter - 400 * DAY), { builtWith: 'this header' });
    assert.equal(s, 'Devices built with this header will reject servers chaining to it after 2035-01-01 (in 1 year 1 month).');
  });
});

describe('builtWithFor', () => {
  const cases: Array<[string, string]> = [
    ['main/certs.h', 'this header'],
    ['include/Root.HPP', 'this header'],
    ['sketch/WiFiClientSecure.ino', 'this sketch'],
    ['src/tls.c', 'this code'],
    ['tls_test.go', 'this code'],
  ];
  for (const [path, expected] of cases) it(path, () => assert.equal(builtWithFor(path), expected));
});
