import 'reflect-metadata';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { X509Certificate } from '@peculiar/x509';
import { scanPem } from '../../../../src/core/pem/scanner';
import { TAG, children, encode, readTlv } from '../../../../src/core/x509/der-tlv';
import { decodePkcs12, type Pkcs12Status } from '../../../../src/core/x509/pkcs12';
import { bmpPassword, hmac, pkcs12Kdf } from '../../../../src/core/x509/pkcs12-kdf';

const dir = join(__dirname, '../../../fixtures/p12');
const bytes = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
/** What `openssl pkcs12 -nokeys` printed for the file, as DER. */
const opensslCerts = (f: string) => scanPem(readFileSync(join(dir, f.replace(/\.p12$/, '.certs.pem')), 'utf8')).blocks.map((b) => b.der!);
const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b as ArrayBuffer).toString('hex');

/** Rebuilds a PFX with other MacData iterations (to test the cap without a slow fixture). */
function withMacIterations(der: Uint8Array, iterations: number): Uint8Array {
  const pfx = children(der, readTlv(der)!)!;
  const mac = children(der, pfx[2]!)!;
  const slice = (t: { start: number; end: number }) => der.subarray(t.start, t.end);
  const it = Uint8Array.from(Buffer.from(iterations.toString(16).padStart(8, '0'), 'hex'));
  const macData = encode(TAG.SEQUENCE, slice(mac[0]!), slice(mac[1]!), encode(TAG.INTEGER, it));
  return encode(TAG.SEQUENCE, slice(pfx[0]!), slice(pfx[1]!), macData);
}

describe('decodePkcs12', () => {
  type Row = {
    file: string;
    password: string | undefined;
    status: Pkcs12Status;
    certs: number;
    keyDecoded?: boolean;
    mac?: string;
    encryption?: string[];
    codes?: string[];
  };
  const rsaLegacy = ['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC'];
  const rows: Row[] = [
    {
      file: 'empty-modern.p12',
      password: undefined,
      status: 'ok',
      certs: 1,
      keyDecoded: true,
      mac: 'SHA-256',
      encryption: ['PBES2/AES-256-CBC'],
    },
    { file: 'empty-modern.p12', password: '', status: 'ok', certs: 1, keyDecoded: true },
    { file: 'empty-modern.p12', password: 'changeit', status: 'wrong-password', certs: 0, codes: ['pkcs12-wrong-password'] },
    { file: 'empty-legacy-rc2.p12', password: undefined, status: 'ok', certs: 1, keyDecoded: true, mac: 'SHA-1', encryption: rsaLegacy },
    {
      file: 'changeit-modern.p12',
      password: 'changeit',
      status: 'ok',
      certs: 1,
      keyDecoded: true,
      mac: 'SHA-256',
      encryption: ['PBES2/AES-256-CBC'],
    },
    {
      file: 'changeit-modern.p12',
      password: undefined,
      status: 'needs-password',
      certs: 0,
      keyDecoded: false,
      codes: ['pkcs12-needs-password'],
    },
    {
      file: 'changeit-modern.p12',
      password: 'wrong',
      status: 'wrong-password',
      certs: 0,
      keyDecoded: false,
      codes: ['pkcs12-wrong-password'],
    },
    {
      file: 'changeit-legacy-rc2.p12',
      password: 'changeit',
      status: 'ok',
      certs: 1,
      keyDecoded: true,
      mac: 'SHA-1',
      encryption: rsaLegacy,
    },
    { file: 'changeit-legacy-rc2.p12', password: 'Changeit', status: 'wrong-password', certs: 0, codes: ['pkcs12-wrong-password'] },
    {
      file: 'changeit-3des.p12',
      password: 'changeit',
      status: 'ok',
      certs: 1,
      keyDecoded: true,
      mac: 'SHA-1',
      encryption: ['pbeWithSHAAnd3-KeyTripleDES-CBC'],
    },
    { file: 'changeit-chain.p12', password: 'changeit', status: 'ok', certs: 3, keyDecoded: true },
    {
      file: 'changeit-pbes2-des3.p12',
      password: 'changeit',
      status: 'ok',
      certs: 1,
      keyDecoded: true,
      mac: 'SHA-1',
      encryption: ['PBES2/AES-128-CBC', 'PBES2/DES-EDE3-CBC'],
    },
    { file: 'changeit-pbes2-des3.p12', password: 'wrong', status: 'wrong-password', certs: 0, codes: ['pkcs12-wrong-password'] },
    {
      file: 'changeit-clear-certs.p12',
      password: undefined,
      status: 'needs-password',
      certs: 1,
      keyDecoded: false,
      codes: ['pkcs12-needs-password'],
    },
    { file: 'changeit-clear-certs.p12', password: 'changeit', status: 'ok', certs: 1, keyDecoded: true },
    { file: 'changeit-nomac.p12', password: 'changeit', status: 'ok', certs: 1, keyDecoded: true, codes: ['pkcs12-no-mac'] },
    {
      file: 'changeit-nomac.p12',
      password: 'wrong',
      status: 'wrong-password',
      certs: 1,
      keyDecoded: false,
      codes: ['pkcs12-no-mac', 'pkcs12-wrong-password'],
    },
    { file: 'truncated.p12', password: 'changeit', status: 'malformed', certs: 0, codes: ['der-malformed'] },
  ];
  for (const r of rows) {
    it(`${r.file} with ${r.password === undefined ? 'no password' : JSON.stringify(r.password)} → ${r.status}`, async () => {
      const got = await decodePkcs12(bytes(r.file), r.password);
      assert.equal(got.status, r.status);
      assert.deepEqual(
        got.problems.map((p) => p.code),
        r.codes ?? [],
      );
      assert.equal(got.certificates.length, r.certs);
      if (r.mac) assert.equal(got.macAlgorithm, r.mac);
      if (r.encryption) assert.deepEqual(got.encryption, r.encryption);
      if (r.status === 'ok') {
        // Byte equality with what OpenSSL extracts (order-insensitive: openssl prints the leaf first).
        const ours = got.certificates.map((c) => hex(c.der)).sort();
        assert.deepEqual(ours, opensslCerts(r.file).map(hex).sort());
      }
      if (r.keyDecoded !== undefined) {
        assert.equal(got.keys.length, 1);
        const [k] = got.keys;
        assert.equal(k!.friendlyName, 'leaf.example.test');
        assert.match(k!.localKeyId ?? '', /^[0-9a-f]{40}$/);
        assert.equal(k!.key.encrypted, true);
        assert.equal(k!.key.keyAlgorithm, r.keyDecoded ? 'EC' : 'unknown');
        if (r.keyDecoded) {
          // The key pairs with the leaf certificate (same SPKI SHA-256).
          const leaf = got.certificates.find((c) => c.localKeyId === k!.localKeyId);
          assert.ok(leaf, 'the leaf carries the same localKeyId');
          const spki = new X509Certificate(leaf.der as Uint8Array<ArrayBuffer>).publicKey.rawData;
          assert.equal(k!.key.spkiSha256, hex(await crypto.subtle.digest('SHA-256', spki)));
          assert.equal(k!.key.curve, 'P-256');
          assert.equal(leaf.friendlyName, 'leaf.example.test');
        }
        const allowed = ['kind', 'keyAlgorithm', 'keySize', 'curve', 'encrypted', 'encryption', 'spki', 'spkiSha256'];
        for (const f of Object.keys(k!.key)) assert.ok(allowed.includes(f), `unexpected key field ${f}`);
      }
    });
  }

  it('rsa-legacy.p12: RSA key from an RC2-40/3DES file pairs with its certificate', async () => {
    const got = await decodePkcs12(bytes('rsa-legacy.p12'), 'changeit');
    assert.equal(got.status, 'ok');
    assert.deepEqual(
      got.certificates.map((c) => hex(c.der)),
      opensslCerts('rsa-legacy.p12').map(hex),
    );
    const [k] = got.keys;
    assert.equal(k?.key.keyAlgorithm, 'RSA');
    assert.equal(k?.key.keySize, 2048);
    assert.equal(k?.key.encryption, 'pbeWithSHAAnd3-KeyTripleDES-CBC');
    const spki = new X509Certificate(got.certificates[0]!.der as Uint8Array<ArrayBuffer>).publicKey.rawData;
    assert.equal(k?.key.spkiSha256, hex(await crypto.subtle.digest('SHA-256', spki)));
  });

  const modern = bytes('changeit-modern.p12');
  const malformed: Array<{ name: string; der: Uint8Array; status: Pkcs12Status; codes: string[] }> = [
    { name: 'empty input', der: new Uint8Array(0), status: 'malformed', codes: ['der-malformed'] },
    { name: 'garbage', der: Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff), status: 'malformed', codes: ['der-malformed'] },
    { name: 'truncated by one byte', der: modern.subarray(0, modern.length - 1), status: 'malformed', codes: ['der-malformed'] },
    { name: 'a PKCS#7 file', der: bytes('chain.p7b'), status: 'malformed', codes: ['der-malformed'] },
    { name: 'MAC iterations zero', der: withMacIterations(modern, 0), status: 'malformed', codes: ['der-malformed'] },
  ];
  for (const m of malformed) {
    it(`malformed: ${m.name}`, async () => {
      const got = await decodePkcs12(m.der, 'changeit');
      assert.equal(got.status, m.status);
      assert.deepEqual(
        got.problems.map((p) => p.code),
        m.codes,
      );
      assert.equal(got.keys.length, 0);
    });
  }

  it('trailing bytes are reported but the file still opens', async () => {
    const got = await decodePkcs12(Uint8Array.from([...modern, 0, 0, 0]), 'changeit');
    assert.equal(got.status, 'ok');
    assert.deepEqual(
      got.problems.map((p) => p.code),
      ['der-malformed'],
    );
    assert.equal(got.problems[0]!.severity, 'warning');
  });

  it('refuses a huge iteration count without running it', async () => {
    const got = await decodePkcs12(withMacIterations(modern, 50_000_000), 'changeit');
    assert.equal(got.macIterations, 50_000_000);
    assert.deepEqual(
      got.problems.filter((p) => p.code === 'pkcs12-iterations-excessive').map((p) => /not run/.test(p.message)),
      [true],
    );
  });

  const excessive = [500_001, 1_000_000, 2 ** 31 - 1];
  for (const iterations of excessive) {
    for (const password of ['changeit', undefined]) {
      it(`MAC iterations ${iterations} (${password === undefined ? 'no password' : 'password'}): pkcs12-iterations-excessive, not run, the rest still read`, async () => {
        const got = await decodePkcs12(withMacIterations(modern, iterations), password);
        const excessiveProblems = got.problems.filter((p) => p.code === 'pkcs12-iterations-excessive');
        assert.equal(excessiveProblems.length, 1);
        assert.match(
          excessiveProblems[0]?.message ?? '',
          new RegExp(`MAC \\(SHA-256\\): ${iterations} iterations, above the cap of 500000.*not run; the file's integrity is not verified`),
        );
        assert.equal(got.macIterations, iterations);
        if (password === 'changeit') {
          // The bags use 2,048 PBKDF2 iterations: checked by decryption, they still open.
          assert.equal(got.status, 'ok');
          assert.equal(got.certificates.length, 1);
          assert.equal(got.keys.length, 1);
        } else {
          assert.equal(got.status, 'needs-password');
        }
      });
    }
  }

  it('flipping a byte of the encrypted content fails the MAC (wrong password, not garbage output)', async () => {
    const der = Uint8Array.from(modern);
    der[200] = der[200]! ^ 1;
    const got = await decodePkcs12(der, 'changeit');
    assert.ok(got.status === 'wrong-password' || got.status === 'malformed');
    assert.equal(got.keys.filter((k) => k.key.spki).length, 0);
  });

  it('never mentions the password or key bytes in problems', async () => {
    const got = await decodePkcs12(bytes('changeit-modern.p12'), 'hunter2-secret');
    for (const p of got.problems) assert.ok(!p.message.includes('hunter2'));
  });
});

describe('decodePkcs12: encodings real writers use', () => {
  const slice = (der: Uint8Array, t: { start: number; end: number }) => der.subarray(t.start, t.end);

  it('opens a file whose MAC uses the zero-length empty password (RFC 7292 B.1) as well as the BMP one', async () => {
    const der = bytes('empty-modern.p12');
    const pfx = children(der, readTlv(der)!)!;
    const authSafe = children(der, pfx[1]!)!;
    const content = children(der, authSafe[1]!)![0]!;
    const mac = children(der, pfx[2]!)!;
    const digestInfo = children(der, mac[0]!)!;
    const salt = der.subarray(mac[1]!.valueStart, mac[1]!.valueEnd);
    const iterations = 2048;
    for (const absent of [false, true]) {
      const key = await pkcs12Kdf('SHA-256', bmpPassword('', absent), salt, iterations, 3, 32);
      const digest = await hmac('SHA-256', key, der.subarray(content.valueStart, content.valueEnd));
      const macData = encode(
        TAG.SEQUENCE,
        encode(TAG.SEQUENCE, slice(der, digestInfo[0]!), encode(TAG.OCTET_STRING, digest)),
        slice(der, mac[1]!),
        encode(TAG.INTEGER, Uint8Array.of(0x08, 0x00)),
      );
      const rebuilt = encode(TAG.SEQUENCE, slice(der, pfx[0]!), slice(der, pfx[1]!), macData);
      const got = await decodePkcs12(rebuilt, undefined);
      assert.equal(got.status, 'ok', `absent=${absent}`);
      assert.equal(got.keys[0]?.key.keyAlgorithm, 'EC');
    }
  });

  it('opens BER: indefinite lengths and a chunked constructed OCTET STRING (Windows/Java style)', async () => {
    const der = bytes('changeit-legacy-rc2.p12');
    const pfx = children(der, readTlv(der)!)!;
    const authSafe = children(der, pfx[1]!)!;
    const octet = children(der, authSafe[1]!)![0]!;
    const content = der.subarray(octet.valueStart, octet.valueEnd);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < content.length; i += 100) chunks.push(encode(TAG.OCTET_STRING, content.subarray(i, i + 100)));
    const eoc = Uint8Array.of(0, 0);
    const indefinite = (tag: number, ...parts: Uint8Array[]) => Uint8Array.from([tag, 0x80, ...parts.flatMap((p) => [...p]), ...eoc]);
    const ber = indefinite(
      TAG.SEQUENCE,
      slice(der, pfx[0]!),
      indefinite(TAG.SEQUENCE, slice(der, authSafe[0]!), indefinite(0xa0, indefinite(0x24, ...chunks))),
      slice(der, pfx[2]!),
    );
    const got = await decodePkcs12(ber, 'changeit');
    assert.equal(got.status, 'ok');
    assert.deepEqual(got.problems, []);
    assert.deepEqual(
      got.certificates.map((c) => hex(c.der)),
      opensslCerts('changeit-legacy-rc2.p12').map(hex),
    );
  });

  it('fuzz: truncated and bit-flipped files never throw', async () => {
    let seed = 99;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const base = bytes('changeit-3des.p12');
    for (let i = 0; i < 150; i++) {
      let input: Uint8Array;
      if (i % 2 === 0) input = base.subarray(0, Math.floor(rand() * base.length));
      else {
        input = Uint8Array.from(base);
        for (let k = 0; k < 3; k++) input[Math.floor(rand() * input.length)] = Math.floor(rand() * 256);
      }
      const got = await decodePkcs12(input, i % 4 === 1 ? 'changeit' : undefined);
      assert.ok(['ok', 'needs-password', 'wrong-password', 'unsupported', 'malformed'].includes(got.status));
    }
  });
});
