import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { crtShLinks, isCrtShUrl } from '../../../../src/core/format/crtsh';
import { decodeText, type Item } from '../../../../src/core/analysis/decode';

const FIX = join(__dirname, '../../../fixtures');
const first = async (path: string): Promise<Item> => (await decodeText(readFileSync(join(FIX, path), 'utf8'))).items[0]!;
const HEX = 'ab'.repeat(32);

describe('crtShLinks', () => {
  const cases: Array<{ name: string; path: string; labels: string[]; caveat?: RegExp }> = [
    {
      name: 'a leaf from a CA: by SHA-256 and by key',
      path: 'certs/healthy.pem',
      labels: ['Search crt.sh', 'Search crt.sh by key'],
      caveat: /private CAs are not in CT logs/,
    },
    {
      name: 'a self-signed certificate says crt.sh will find nothing',
      path: 'chain-findings/chain-self-signed/self.pem',
      labels: ['Search crt.sh', 'Search crt.sh by key'],
      caveat: /self-signed, so it is not in CT logs/,
    },
    { name: 'a CSR gets none', path: 'certs/healthy.csr', labels: [] },
    { name: 'a private key gets none', path: 'certs/healthy.key', labels: [] },
    { name: 'a CRL gets none', path: 'certs/fresh.crl', labels: [] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const item = await first(c.path);
      const links = crtShLinks(item);
      assert.deepEqual(
        links.map((l) => l.label),
        c.labels,
      );
      for (const l of links) {
        assert.ok(isCrtShUrl(l.url), l.url);
        if (c.caveat) assert.match(l.title, c.caveat);
        assert.doesNotMatch(l.title, /"/, 'the title goes inside a Markdown link title');
      }
      if (item.kind === 'certificate') {
        assert.equal(links[0]!.url, `https://crt.sh/?sha256=${item.certificate.sha256}`);
        assert.equal(links[1]!.url, `https://crt.sh/?spkisha256=${item.certificate.spkiSha256}`);
      }
    });
  }
});

describe('isCrtShUrl (the details view allowlist)', () => {
  const cases: Array<[unknown, boolean]> = [
    [`https://crt.sh/?sha256=${HEX}`, true],
    [`https://crt.sh/?spkisha256=${HEX.toUpperCase()}`, true],
    [`http://crt.sh/?sha256=${HEX}`, false],
    [`https://crt.sh/?sha256=${HEX.slice(1)}`, false],
    [`https://crt.sh/?sha256=${HEX}0`, false],
    [`https://crt.sh/?sha256=${HEX}&exclude=expired`, false],
    [`https://crt.sh/?sha256=${HEX}\n`, false],
    [`https://crt.sh.evil.test/?sha256=${HEX}`, false],
    [`https://evil.test/#https://crt.sh/?sha256=${HEX}`, false],
    [`https://crt.sh/?q=${HEX}`, false],
    [`https://crt.sh/?sha1=${HEX.slice(0, 40)}`, false],
    [`https://crt.sh/?sha256=${'zz'.repeat(32)}`, false],
    ['javascript:alert(1)', false],
    ['command:certlens.refresh', false],
    ['', false],
    [undefined, false],
    [42, false],
    [{ toString: () => `https://crt.sh/?sha256=${HEX}` }, false],
  ];
  for (const [url, want] of cases) it(`${JSON.stringify(String(url)).slice(0, 70)} → ${want}`, () => assert.equal(isCrtShUrl(url), want));
});
