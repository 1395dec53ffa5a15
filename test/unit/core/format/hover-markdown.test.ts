import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText, type CertificateItem } from '../../../../src/core/analysis/decode';
import { certificateHoverMarkdown, name, text } from '../../../../src/core/format/hover-markdown';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'certs');
const NOW = new Date('2025-06-01T00:00:00Z');

async function cert(file: string): Promise<CertificateItem> {
  const { items } = await decodeText(readFileSync(join(DIR, file), 'utf8'));
  const c = items.find((i): i is CertificateItem => i.kind === 'certificate');
  assert.ok(c, file);
  return c;
}

describe('certificateHoverMarkdown', () => {
  it('is ordered: headline, chain and revocation, facts, fingerprints, links', async () => {
    const md = certificateHoverMarkdown({
      item: await cert('healthy.pem'),
      status: 'ok',
      now: NOW,
      chain: { ok: true, text: 'chain OK → CertLens Test Root' },
      revocation: { state: 'good', text: 'not revoked per fresh.crl' },
      detailsLink: 'command:certlens.showDetails?x',
    });
    const order = [
      '**Leaf**',
      'valid',
      'expires in 7 months',
      'Chain:',
      'Revocation:',
      'Issuer:',
      'SANs:',
      'Key:',
      'Valid:',
      'SHA-256:',
      '[Show details]',
    ];
    let at = -1;
    for (const w of order) {
      const i = md.indexOf(w, at + 1);
      assert.ok(i > at, `${w} after the previous item in:\n${md}`);
      at = i;
    }
    assert.match(md.split('\n')[0] ?? '', /^\$\(pass\) \*\*Leaf\*\* healthy\\\.example\\\.test — \*\*valid\*\* · expires in 7 months/);
  });

  it('fits a normal hover: at most 9 lines for a leaf', async () => {
    const md = certificateHoverMarkdown({
      item: await cert('healthy.pem'),
      status: 'ok',
      now: NOW,
      chain: { ok: true, text: 'chain OK' },
      revocation: { state: 'good', text: 'good' },
      detailsLink: 'command:x',
      externalLinks: [{ label: 'crt.sh', url: 'https://crt.sh/?q=1', title: 'Search' }],
    });
    const rendered = md.split('\n').filter((l) => l.trim());
    assert.ok(rendered.length <= 9, `${rendered.length} lines:\n${md}`);
  });

  it('the status follows the findings, not the dates alone', async () => {
    const md = certificateHoverMarkdown({ item: await cert('healthy.pem'), status: 'revoked', now: NOW });
    assert.match(md, /^\$\(error\) \*\*Leaf\*\* .* — \*\*REVOKED\*\*/);
  });

  it('an expired certificate says so in the headline', async () => {
    const md = certificateHoverMarkdown({ item: await cert('expired.pem'), status: 'expired', now: NOW });
    assert.match(md.split('\n')[0] ?? '', /\*\*EXPIRED\*\* · expired 61 days ago/);
  });

  it('fingerprints break only between bytes', async () => {
    const md = certificateHoverMarkdown({ item: await cert('healthy.pem'), status: 'ok', now: NOW });
    const lines = md.split('\n').filter((l) => /`[0-9A-F:]+`/.test(l));
    assert.equal(lines.length, 2);
    for (const l of lines) assert.match(l, /`([0-9A-F]{2}:)*[0-9A-F]{2}:?`/);
  });
});

describe('escaping', () => {
  const cases: Array<[string, string]> = [
    ['www.example.com', 'www\\.example\\.com'],
    ['https://evil.test/x', 'https\\:\\/\\/evil\\.test\\/x'],
    ['a@b.test', 'a\\@b\\.test'],
    ['*.example.com', '\\*\\.example\\.com'],
    ['[x](command:y)', '\\[x\\]\\(command\\:y\\)'],
    ['<img src=x>', '\\<img src=x\\>'],
    ['$(zap) a|b', '\\$\\(zap\\) a\\|b'],
    ['line\nbreak', 'line break'],
  ];
  for (const [raw, want] of cases) it(JSON.stringify(raw), () => assert.equal(name(raw), want));
  it('text keeps dots (countdowns, verdicts)', () => assert.equal(text('expires in 2.5 days'), 'expires in 2.5 days'));
});
