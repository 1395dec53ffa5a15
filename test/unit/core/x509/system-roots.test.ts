/**
 * Every certificate of Debian's CA bundle, decoded by CertLens and by
 * `openssl x509`, must agree on subject, notAfter and SHA-256.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { toPem } from '../../../../src/core/pem/base64';
import { scanPem } from '../../../../src/core/pem/scanner';
import { summarizeCertificate } from '../../../../src/core/x509/certificate';
import { haveOpenssl } from '../../../support/fixtures';

const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const skip = !existsSync(BUNDLE) ? `${BUNDLE} is absent` : !haveOpenssl ? 'openssl is not installed' : false;

describe('system CA bundle matches openssl field for field', { skip }, () => {
  const blocks = skip ? [] : scanPem(readFileSync(BUNDLE, 'utf8')).blocks;

  it('finds every certificate in the bundle', () => {
    const expected = readFileSync(BUNDLE, 'utf8').split('-----BEGIN CERTIFICATE-----').length - 1;
    assert.equal(blocks.length, expected);
    assert.ok(blocks.length >= 100, `only ${blocks.length} certificates`);
  });

  it('subject, notAfter and SHA-256 equal openssl x509 for every certificate', async () => {
    let compared = 0;
    for (const b of blocks) {
      const ours = await summarizeCertificate(b.der!);
      const out = execFileSync(
        'openssl',
        ['x509', '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb', '-enddate', '-dateopt', 'iso_8601', '-fingerprint', '-sha256'],
        { input: toPem('CERTIFICATE', b.der!), encoding: 'utf8' },
      );
      const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1] ?? '';
      const where = `certificate ${compared + 1} (${ours.subject})`;
      assert.equal(ours.subject, field('subject'), `${where}: subject`);
      assert.equal(new Date(ours.notAfter).toISOString().replace('T', ' ').replace('.000Z', 'Z'), field('notAfter'), `${where}: notAfter`);
      assert.equal(ours.sha256, field('sha256 Fingerprint').replace(/:/g, '').toLowerCase(), `${where}: sha256`);
      compared++;
    }
    assert.equal(compared, blocks.length);
  });
});
