import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { summarizeCrl } from '../../../../src/core/x509/crl';
import { DerError, TAG } from '../../../../src/core/der/reader';
import { CERT_FIXTURES, fixtureDer, haveOpenssl } from '../../../support/fixtures';
import { ascii, tlv } from '../../../support/der';

const DIR = CERT_FIXTURES;
const pemDer = fixtureDer;
const ECDSA_SHA256 = tlv(TAG.SEQUENCE, tlv(TAG.OID, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]));
const ISSUER = tlv(
  TAG.SEQUENCE,
  tlv(TAG.SET, tlv(TAG.SEQUENCE, [...tlv(TAG.OID, [0x55, 0x04, 0x03]), ...tlv(TAG.UTF8_STRING, ascii('Synthetic CA'))])),
);
/** A CRL from TBSCertList fields after the issuer (signature is not checked by summarizeCrl). */
const crl = (version: number[], afterIssuer: number[]) =>
  Uint8Array.from(
    tlv(TAG.SEQUENCE, [
      ...tlv(TAG.SEQUENCE, [...version, ...ECDSA_SHA256, ...ISSUER, ...afterIssuer]),
      ...ECDSA_SHA256,
      ...tlv(TAG.BIT_STRING, [0]),
    ]),
  );
const revoked = (serial: number) => tlv(TAG.SEQUENCE, [...tlv(TAG.INTEGER, [serial]), ...tlv(TAG.UTC_TIME, ascii('250101000000Z'))]);

describe('summarizeCrl on fixtures', () => {
  const cases = [
    { file: 'fresh.crl', thisUpdate: '2025-05-20T00:00:00.000Z', nextUpdate: '2025-06-20T00:00:00.000Z', crlNumber: '01' },
    { file: 'stale.crl', thisUpdate: '2025-04-01T00:00:00.000Z', nextUpdate: '2025-05-01T00:00:00.000Z', crlNumber: '02' },
  ];
  for (const c of cases) {
    it(c.file, async () => {
      const der = pemDer(c.file);
      const s = await summarizeCrl(der);
      assert.equal(s.issuer, 'O=CertLens Test,CN=CertLens Test Intermediate');
      assert.equal(s.issuerLabel, 'CertLens Test Intermediate');
      assert.equal(new Date(s.thisUpdate).toISOString(), c.thisUpdate);
      assert.equal(new Date(s.nextUpdate!).toISOString(), c.nextUpdate);
      assert.equal(s.revokedCount, 1);
      assert.equal(s.crlNumber, c.crlNumber);
      assert.equal(s.signatureAlgorithm, 'ecdsa-with-SHA256');
      assert.equal(s.signatureAlgorithmOid, '1.2.840.10045.4.3.2');
      assert.equal(s.sha256, createHash('sha256').update(der).digest('hex'));
    });
    it(`${c.file} matches openssl crl`, { skip: !haveOpenssl && 'openssl is not installed' }, async () => {
      const out = execFileSync(
        'openssl',
        [
          'crl',
          '-noout',
          '-issuer',
          '-nameopt',
          'RFC2253',
          '-lastupdate',
          '-nextupdate',
          '-dateopt',
          'iso_8601',
          '-crlnumber',
          '-in',
          join(DIR, c.file),
        ],
        { encoding: 'utf8' },
      );
      const field = (n: string) => new RegExp(`^${n}=(.*)$`, 'm').exec(out)?.[1] ?? '';
      const s = await summarizeCrl(pemDer(c.file));
      assert.equal(s.issuer, field('issuer'));
      assert.equal(s.thisUpdate, new Date(field('lastUpdate').replace(' ', 'T')).getTime());
      assert.equal(s.nextUpdate, new Date(field('nextUpdate').replace(' ', 'T')).getTime());
      assert.equal(parseInt(s.crlNumber!, 16), parseInt(field('crlNumber'), 16));
    });
  }
});

describe('summarizeCrl on synthetic CRLs', () => {
  const thisUpdate = tlv(TAG.UTC_TIME, ascii('250520000000Z'));
  const next = tlv(TAG.GENERALIZED_TIME, ascii('20500101000000Z'));
  const cases: Array<{ name: string; der: Uint8Array; want: { nextUpdate?: string; revokedCount: number; crlNumber?: string } }> = [
    { name: 'v1, no nextUpdate, no revoked list', der: crl([], thisUpdate), want: { revokedCount: 0 } },
    {
      name: 'v2 with GeneralizedTime nextUpdate',
      der: crl(tlv(TAG.INTEGER, [1]), [...thisUpdate, ...next]),
      want: { nextUpdate: '2050-01-01T00:00:00.000Z', revokedCount: 0 },
    },
    {
      name: 'three revoked, no nextUpdate',
      der: crl(tlv(TAG.INTEGER, [1]), [...thisUpdate, ...tlv(TAG.SEQUENCE, [...revoked(1), ...revoked(2), ...revoked(3)])]),
      want: { revokedCount: 3 },
    },
    {
      name: 'CRL number extension with two bytes',
      der: crl(tlv(TAG.INTEGER, [1]), [
        ...thisUpdate,
        ...next,
        ...tlv(
          0xa0,
          tlv(
            TAG.SEQUENCE,
            tlv(TAG.SEQUENCE, [...tlv(TAG.OID, [0x55, 0x1d, 0x14]), ...tlv(TAG.OCTET_STRING, tlv(TAG.INTEGER, [0x01, 0x00]))]),
          ),
        ),
      ]),
      want: { nextUpdate: '2050-01-01T00:00:00.000Z', revokedCount: 0, crlNumber: '0100' },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const s = await summarizeCrl(c.der);
      assert.equal(s.issuer, 'CN=Synthetic CA');
      assert.equal(s.thisUpdate, Date.UTC(2025, 4, 20));
      assert.equal(s.nextUpdate === undefined ? undefined : new Date(s.nextUpdate).toISOString(), c.want.nextUpdate);
      assert.equal(s.revokedCount, c.want.revokedCount);
      assert.equal(s.crlNumber, c.want.crlNumber);
      assert.equal('nextUpdate' in s, c.want.nextUpdate !== undefined, 'absent fields are left out, not undefined');
    });
  }

  const fresh = pemDer('fresh.crl');
  const malformed: Array<[string, Uint8Array]> = [
    ['empty', new Uint8Array(0)],
    ['truncated', fresh.subarray(0, fresh.length - 3)],
    ['a certificate', pemDer('healthy.pem')],
    ['a CSR', pemDer('healthy.csr')],
    ['TBS missing thisUpdate', crl([], [])],
    ['thisUpdate is not a time', crl([], tlv(TAG.OCTET_STRING, ascii('250520000000Z')))],
    ['empty SEQUENCE', Uint8Array.of(0x30, 0x00)],
  ];
  for (const [name, der] of malformed) {
    it(`throws DerError on ${name}`, async () => {
      await assert.rejects(summarizeCrl(der), DerError);
    });
  }
});
