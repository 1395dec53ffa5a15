/** SPIFFE IDs (SPIFFE-ID §2) and X.509-SVID rules, on strings and on the fixtures of scripts/gen-private-pki-fixtures.ts. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText } from '../../../../src/core/analysis/decode';
import type { CertificateItem } from '../../../../src/core/analysis/decode';
import { describeItem } from '../../../../src/core/format/describe';
import { lintSpiffe, spiffeIdProblem, svidInfo } from '../../../../src/core/lint/spiffe';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'private-pki');
async function cert(name: string): Promise<CertificateItem> {
  const { items } = await decodeText(readFileSync(join(DIR, `${name}.pem`), 'utf8'));
  return items[0] as CertificateItem;
}

describe('spiffeIdProblem', () => {
  const valid = ['spiffe://example.org', 'spiffe://example.org/ns/prod/sa/api', 'spiffe://a-b_c.d/x.y-z_W', 'spiffe://td/.x/..y'];
  for (const id of valid) it(`valid: ${id}`, () => assert.equal(spiffeIdProblem(id), undefined));
  const invalid: [string, RegExp][] = [
    ['SPIFFE://example.org/a', /scheme/],
    ['https://example.org/a', /scheme/],
    ['spiffe://', /trust domain is empty/],
    ['spiffe:///path', /trust domain is empty/],
    ['spiffe://Example.org/a', /lower-case/],
    ['spiffe://example.org:8443/a', /port/],
    ['spiffe://user@example.org/a', /user info/],
    ['spiffe://example.org/a?b=c', /query or fragment/],
    ['spiffe://example.org/a#b', /query or fragment/],
    ['spiffe://example.org/a%20b', /percent/],
    ['spiffe://example.org/', /end with/],
    ['spiffe://example.org/a/', /end with/],
    ['spiffe://example.org/a//b', /empty segment/],
    ['spiffe://example.org/a/../b', /".."/],
    ['spiffe://example.org/./b', /"\."/],
    ['spiffe://example.org/a b', /segment/],
    ['spiffe://exämple.org/a', /lower-case/],
    [`spiffe://${'a'.repeat(256)}`, /255/],
    [`spiffe://example.org/${'a/'.repeat(1100)}a`, /2048 bytes/],
  ];
  for (const [id, why] of invalid) it(`invalid: ${id.slice(0, 40)}`, () => assert.match(spiffeIdProblem(id) ?? 'valid', why));
});

describe('svidInfo', () => {
  it('SPIFFE ID, trust domain and TTL from the summary', () => {
    const info = svidInfo({ subjectAltNames: ['DNS:x', 'URI:spiffe://example.org/api'], notBefore: 0, notAfter: 3_600_000 });
    assert.deepEqual(info, { spiffeId: 'spiffe://example.org/api', trustDomain: 'example.org', ttlSeconds: 3600 });
  });
  it('no spiffe:// URI: not an SVID', () => {
    assert.equal(svidInfo({ subjectAltNames: ['URI:https://example.org/'], notBefore: 0, notAfter: 1 }), undefined);
  });
  it('the decoder puts it on the certificate summary (hover, --json)', async () => {
    assert.deepEqual((await cert('svid-ok')).certificate.spiffe, { id: 'spiffe://example.org/ns/prod/sa/api', ttlSeconds: 365 * 86400 });
    assert.equal((await cert('server-ok')).certificate.spiffe, undefined);
  });
  it('the hover and details list the SPIFFE ID and the TTL', async () => {
    const fields = describeItem(await cert('svid-ok'), { now: new Date('2026-01-01T00:00:00Z') }).fields;
    assert.equal(fields.find((f) => f.label === 'SPIFFE ID')?.value, 'spiffe://example.org/ns/prod/sa/api');
    assert.match(fields.find((f) => f.label === 'SVID TTL')?.value ?? '', /365 days|1 year/);
  });
});

describe('lintSpiffe on the fixtures', () => {
  const table: [string, string[]][] = [
    ['svid-ok', []],
    ['server-ok', []],
    ['spiffe-uri-count', ['spiffe-uri-count']],
    ['spiffe-id-invalid', ['spiffe-id-invalid']],
    ['spiffe-leaf-profile', ['spiffe-leaf-profile']],
    ['spiffe-signing-profile', ['spiffe-signing-profile']],
  ];
  for (const [name, codes] of table)
    it(name, async () => {
      const found = lintSpiffe(await cert(name));
      assert.deepEqual(
        found.map(([code]) => code),
        codes,
      );
      for (const [, severity] of found) assert.equal(severity, 'error');
    });

  it('a leaf SVID: every reason in one finding', async () => {
    const [[, , message]] = lintSpiffe(await cert('spiffe-leaf-profile')) as [[string, string, string]];
    assert.match(message, /keyCertSign/);
    assert.match(message, /lacks serverAuth/);
  });
});
