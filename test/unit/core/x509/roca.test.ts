/**
 * The ROCA fingerprint (CVE-2017-15361). Positive and negative moduli are the
 * public test vectors of the authors' detector (crocs-muni/roca, MIT licence,
 * © 2017 CRoCS, EnigmaBridge Ltd.): `roca/tests/data/mod03.txt`, `mod04.txt`,
 * `fingerprint/tests/data/mod01.txt`, `mod08.txt`, and two of the "fake"
 * moduli of `test_fake_mods`, built to pass the per-prime residue test but
 * not the discrete-log test. Plus moduli constructed here with RSALib's
 * structure, and fresh WebCrypto keys.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasRocaFingerprint } from '../../../../src/core/x509/roca';

const hex = (h: string): Uint8Array => {
  const s = h.replace(/^0x/, '');
  return Uint8Array.from(Buffer.from(s.length % 2 ? `0${s}` : s, 'hex'));
};
const dec = (d: string): Uint8Array => hex(BigInt(d).toString(16));
const big = (b: bigint): Uint8Array => hex(b.toString(16));

const MOD01 =
  '0x944e13208a280c37efc31c3114485e590192adbb8e11c87cad60cdef0037ce99278330d3f471a2538fa667802ed2a3c44a8b7dea826e888d0aa341fd664f7fa7';
const MOD08 =
  '0x1db349e1f58f5d41f65aa5b0ffa6ae0cea80de6c170b2b4abf9c358d79494ca59cab008f5ee92759b91d497e2131701047f953935a163e91db5460c82566f4df0c05bca02a8576f7c4e916b274e2f307b56fc8a20ad452b1b54d3924726a3b2329da882c7b8e102379dfe7a8c6b01d62e7ff0fd58e1e9822f6e32b5b0486561fb';
export const MOD03 =
  '0x9dcd7420e420c270a68060eb8b5aa7457a9f6648f86fafed2775cc1f79ae962f1e63f1b9e51c55f9ea6fdc7332e9b0058c9ff2eb1fc89855029cf6aafe21e689feb38ac9ffb12f1ce371bb5d0e9aae64161abce74b4244bf68f1edb4411f756a097c8929c14740245ea355f8332d1aa36bb50c7dcb4505da8de02e4e53d38f8df06097da7524df0df93db48eac8cc4af2d3a16257eb2b2adca6ba464e5974fa92550d31b1babf161e7692d00b86e3dd886ecab4abfbe1a8f8cc263ff4af55cdb45f4249a5193925f5e983d762f0b6800943eb0267b08f42ed311ce1f5c86eacbc8ce4d3cb7a2fee1ef5641423a1cf4114e5ecf50034a60a412523af9e6f4aa11';
const MOD04 =
  '0xaf659676197f1db06da7ac111a0a0ec175b8b7ef07192ffcd1f6b854c327785f1a7fd3db7da45cd4a31b2b2e5ce0d823a68e28c8adf1747316becce1fe5768064039ad2062260c8d1a34e0586dce9bc13090fcc9fb8b8b2c08ed3ae8d61b29818a669689a7d9c1dab053b557fb8d3f9c44faad3e18c55e739b00d3c9126558bc8e980cd2af377126ef5b1374136774b8bd370e3c1c149db395c8f99696b628b105946fea20106fe24d103ac062661a9248e8c3f628e00b308d33953aabe555132e218e74ef4b578716b4fe7cf340e8e604a319bf6e9951e1942601d34291032db54999d09e5d036dde3544ad35256bbb97d5e3fffd38166c21eae9199548853b';
const FAKE = [
  '72414128973967872688332736535017614208620368242015797102796086827882754006260204061799547004983731426777596445658889886861027045033760014948048067467947960318205453778973975867532910489227970143091184725760290172935872752222320334100097730483600892686353719855397381316384244147860260153198611313067061116317',
  '138345973265163614694352477004469191286459111070564516299381495188624946671065451924677704628892476011773201612117597303315530745738015579159106259811204610647347662150159814774894784524366138220226431598991937057442020694466365850170057813627445465881816985939192840583168136876337135351417253708364245923133',
];

/** An RSALib-shaped modulus: N = p·q with p, q = k·M + 65537^a mod M (primality is irrelevant to the fingerprint). */
function rsalibShaped(seed: number): bigint {
  const primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113];
  for (let x = 127; primes.length < 126; x += 2) if (primes.every((p) => x % p !== 0)) primes.push(x);
  const M = primes.reduce((m, p) => m * BigInt(p), 1n);
  const pow = (b: bigint, e: bigint, m: bigint): bigint => {
    let r = 1n;
    for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
    return r;
  };
  const factor = (k: bigint, a: bigint): bigint => k * M + pow(65537n, a, M);
  return (
    factor(BigInt(seed) * 7919n + 12345n, BigInt(seed) * 104729n + 17n) * factor(BigInt(seed) * 6151n + 999n, BigInt(seed) * 1299709n + 3n)
  );
}

/** N ≡ 65537^5 (mod the detector's primorial), N odd and about `bits` bits long: the fingerprint, at any size. */
function rocaResidueModulus(bits: bigint): bigint {
  const primes = [
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127,
  ];
  primes.push(131, 137, 139, 149, 151, 157, 163, 167);
  const M = primes.reduce((m, p) => m * BigInt(p), 1n);
  const n = (65537n ** 5n % M) + M * (1n << bits);
  return n % 2n === 1n ? n : n + M;
}

describe('hasRocaFingerprint', () => {
  const cases: [string, Uint8Array, boolean][] = [
    ['detector vector mod01 (512 bits)', hex(MOD01), true],
    ['detector vector mod03 (2048 bits)', hex(MOD03), true],
    ['detector vector mod08', hex(MOD08), true],
    ['detector vector mod03 with a DER sign byte', Uint8Array.of(0, ...hex(MOD03)), true],
    ['detector negative mod04', hex(MOD04), false],
    ['fake modulus 0 (passes the residue test only)', dec(FAKE[0] ?? ''), false],
    ['fake modulus 1 (passes the residue test only)', dec(FAKE[1] ?? ''), false],
    ['RSALib-shaped modulus, seed 1', big(rsalibShaped(1)), true],
    ['RSALib-shaped modulus, seed 2', big(rsalibShaped(2)), true],
    ['RSALib-shaped modulus + 2 (structure broken)', big(rsalibShaped(1) + 2n), false],
    // Past 2,048 bytes the residues take the per-byte loop instead of the weight tables.
    ['RSALib-shaped modulus times 2^17000 + 1 residue (2,130+ bytes)', big(rocaResidueModulus(17_000n)), true],
    ['same, + 2 (structure broken)', big(rocaResidueModulus(17_000n) + 2n), false],
    ['RSALib-shaped modulus of exactly 2,048 bytes', big(rocaResidueModulus(16_158n)), true],
    ['empty', new Uint8Array(0), false],
    ['all zeros', new Uint8Array(256), false],
    ['too short (< 256 bits)', hex(MOD01).subarray(0, 16), false],
    ['even', Uint8Array.of(...hex(MOD03).subarray(0, 255), 0x10), false],
  ];
  for (const [name, n, want] of cases) it(name, () => assert.equal(hasRocaFingerprint(n), want));

  it('fresh WebCrypto RSA-2048 moduli do not match', async () => {
    for (let i = 0; i < 3; i++) {
      const k = (await crypto.subtle.generateKey(
        { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' },
        true,
        ['sign', 'verify'],
      )) as CryptoKeyPair;
      const jwk = await crypto.subtle.exportKey('jwk', k.publicKey);
      assert.equal(hasRocaFingerprint(new Uint8Array(Buffer.from(jwk.n ?? '', 'base64url'))), false);
    }
  });
});
