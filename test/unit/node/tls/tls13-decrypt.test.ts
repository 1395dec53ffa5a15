import assert from 'node:assert/strict';
import { createCipheriv, createHash, type CipherGCMTypes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readServerFlight } from '../../../../src/core/tls/handshake';
import { createRecordDecryptor, hkdfExpandLabel, secretFromKeylog, trafficKeys } from '../../../../src/node/tls/tls13-decrypt';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

describe('TLS 1.3 key schedule (RFC 8446 §7.1, §7.3)', () => {
  it('RFC 8448 §3: server handshake key and IV from the server handshake traffic secret', () => {
    const secret = hex('b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38');
    const keys = trafficKeys(0x1301, secret);
    assert.equal(keys?.key.toString('hex'), '3fce516009c21727d0f2e4e86ee403bc');
    assert.equal(keys?.iv.toString('hex'), '5d313eb2671276ee13000b30');
    assert.equal(hkdfExpandLabel('sha256', secret, 'iv', new Uint8Array(0), 12).toString('hex'), '5d313eb2671276ee13000b30');
  });
  it('unknown cipher suites give no keys', () => {
    assert.equal(trafficKeys(0xc02b, new Uint8Array(32)), undefined);
    assert.equal(createRecordDecryptor(0x00ff, new Uint8Array(32)), undefined);
  });
});

describe('record decryption round trip per cipher suite', () => {
  const suites: Array<[number, string, number, number]> = [
    [0x1301, 'aes-128-gcm', 32, 16],
    [0x1302, 'aes-256-gcm', 48, 16],
    [0x1303, 'chacha20-poly1305', 32, 16],
    [0x1304, 'aes-128-ccm', 32, 16],
    [0x1305, 'aes-128-ccm', 32, 8],
  ];
  for (const [suite, cipher, secretLen, tagLen] of suites) {
    it(`0x${suite.toString(16)} ${cipher}/${tagLen}: two records with sequence numbers 0 and 1; a flipped bit fails`, () => {
      const secret = new Uint8Array(secretLen).map((_, i) => i * 7);
      const { key, iv } = trafficKeys(suite, secret)!;
      const seal = (seq: number, inner: Buffer): { header: Uint8Array; fragment: Uint8Array } => {
        const nonce = Buffer.from(iv);
        nonce[11]! ^= seq;
        const header = Buffer.from([23, 3, 3, 0, inner.length + tagLen]);
        const c = createCipheriv(cipher as CipherGCMTypes, key, nonce, { authTagLength: tagLen });
        c.setAAD(header, { plaintextLength: inner.length });
        const body = Buffer.concat([c.update(inner), c.final(), c.getAuthTag()]);
        return { header, fragment: body };
      };
      const decrypt = createRecordDecryptor(suite, secret)!;
      const a = seal(0, Buffer.from('first\x16'));
      const b = seal(1, Buffer.from('second\x16\0\0'));
      assert.equal(Buffer.from(decrypt({ type: 23, version: 0x0303, ...a })!).toString('latin1'), 'first\x16');
      assert.equal(Buffer.from(decrypt({ type: 23, version: 0x0303, ...b })!).toString('latin1'), 'second\x16\0\0');
      const tampered = seal(2, Buffer.from('third\x16'));
      tampered.fragment[0]! ^= 1;
      assert.equal(decrypt({ type: 23, version: 0x0303, ...tampered }), undefined);
      assert.equal(
        decrypt({ type: 23, version: 0x0303, header: a.header, fragment: new Uint8Array(3) }),
        undefined,
        'shorter than the tag',
      );
    });
  }
});

describe('captured TLS 1.3 handshakes decrypt to the served chain', () => {
  const fixtures = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'core', 'tls', 'fixtures', 'captured-handshakes.json'), 'utf8'),
  ) as Record<string, { serverBytes: string; serverHandshakeTrafficSecret: string; servedSha256: string[]; ocspSha256: string | null }>;
  for (const name of ['tls13-misordered-ocsp', 'tls13-certificate-request']) {
    it(name, () => {
      const f = fixtures[name]!;
      const secret = secretFromKeylog(
        [`SERVER_HANDSHAKE_TRAFFIC_SECRET ${'00'.repeat(32)} ${f.serverHandshakeTrafficSecret}\n`],
        'SERVER_HANDSHAKE_TRAFFIC_SECRET',
      )!;
      const flight = readServerFlight(hex(f.serverBytes), { decryptorFor: (suite) => createRecordDecryptor(suite, secret) });
      assert.equal(flight.decrypted, true);
      assert.deepEqual(
        flight.certificates?.map((c) => createHash('sha256').update(c).digest('hex')),
        f.servedSha256,
      );
      assert.equal(flight.ocspStaple ? createHash('sha256').update(flight.ocspStaple).digest('hex') : null, f.ocspSha256);
      assert.equal(flight.certificateRequested, name === 'tls13-certificate-request');
    });
  }
  it('secretFromKeylog ignores other labels and malformed lines', () => {
    assert.equal(
      secretFromKeylog(
        ['CLIENT_HANDSHAKE_TRAFFIC_SECRET aa bb', 'SERVER_HANDSHAKE_TRAFFIC_SECRET aa zz', ''],
        'SERVER_HANDSHAKE_TRAFFIC_SECRET',
      ),
      undefined,
    );
  });
});
