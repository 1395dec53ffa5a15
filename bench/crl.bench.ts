/**
 * A CRL with CRL_ENTRIES (default 1,000,000) revoked serials, built and
 * signed (ECDSA P-256) in memory: the time to parse it (`parseCrl`, one
 * structural pass that indexes every entry), to verify its signature, and to
 * look up a listed and an absent serial, plus the memory the parse keeps
 * beyond the DER itself (the entry index: 8 bytes an entry).
 *
 *   npm run bench -- crl
 *   CRL_ENTRIES=200000 node --expose-gc --import tsx bench/crl.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { KeyCache, keyInfo, verifySignature } from '../src/core/chain/crypto.js';
import { toHex as hex } from '../src/core/util/bytes.js';
import { parseCrl } from '../src/core/revocation/crl-parse.js';

const N = Number(process.env.CRL_ENTRIES ?? 1_000_000);

function len(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}
function tlv(tag: number, body: Uint8Array): Uint8Array {
  const h = [tag, ...len(body.length)];
  const out = new Uint8Array(h.length + body.length);
  out.set(h);
  out.set(body, h.length);
  return out;
}
const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** revokedCertificates: N entries of SEQUENCE { INTEGER (5 octets), UTCTime }, written into one buffer. */
function entries(n: number): Uint8Array {
  const time = tlv(0x17, ascii('250101000000Z'));
  const entryLen = 2 + 7 + time.length;
  const body = new Uint8Array(n * entryLen);
  for (let i = 0, o = 0; i < n; i++) {
    body.set([0x30, entryLen - 2, 0x02, 5, 0x01, (i >>> 24) & 255, (i >>> 16) & 255, (i >>> 8) & 255, i & 255], o);
    body.set(time, o + 9);
    o += entryLen;
  }
  return tlv(0x30, body);
}

/** The CRL and its signer's SPKI; only these outlive the build, so the memory figures below see the DER alone. */
async function build(): Promise<{ der: Uint8Array; spki: Uint8Array }> {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
  const alg = tlv(0x30, tlv(0x06, bytes(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02))); // ecdsa-with-SHA256
  const name = tlv(0x30, tlv(0x31, tlv(0x30, cat(tlv(0x06, bytes(0x55, 0x04, 0x03)), tlv(0x0c, ascii('Bench CA'))))));
  const crlNumber = tlv(0x30, cat(tlv(0x06, bytes(0x55, 0x1d, 0x14)), tlv(0x04, tlv(0x02, bytes(1)))));
  const tbs = tlv(
    0x30,
    cat(
      tlv(0x02, bytes(1)),
      alg,
      name,
      tlv(0x17, ascii('251201000000Z')),
      tlv(0x17, ascii('260201000000Z')),
      entries(N),
      tlv(0xa0, tlv(0x30, crlNumber)),
    ),
  );
  const p1363 = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, tbs as BufferSource));
  const int = (b: Uint8Array): Uint8Array => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    return tlv(0x02, (v[0] ?? 0) & 0x80 ? cat(bytes(0), v) : v);
  };
  const sig = tlv(0x30, cat(int(p1363.subarray(0, 32)), int(p1363.subarray(32))));
  return { der: tlv(0x30, cat(tbs, alg, tlv(0x03, cat(bytes(0), sig)))), spki };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const { der, spki } = await build();
  console.log(
    `built a CRL of ${N.toLocaleString('en')} entries, ${(der.length / 1e6).toFixed(1)} MB DER, in ${(performance.now() - t0).toFixed(0)} ms`,
  );

  if (!global.gc) console.log('(run with node --expose-gc for the memory figure)');
  const used = (): number => {
    global.gc?.();
    global.gc?.();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  const t1 = performance.now();
  const crl = parseCrl(der);
  const parseMs = performance.now() - t1;
  // What the parse keeps alive next to the DER (the entry index).
  const kept = used() - before;
  console.log(
    `parseCrl: ${parseMs.toFixed(0)} ms, ${crl.entryCount.toLocaleString('en')} entries; memory a parse keeps beyond the DER: ${(kept / 1e6).toFixed(1)} MB, peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
  );

  const t2 = performance.now();
  const v = await verifySignature(crl, spki, keyInfo(spki), hex(spki), new KeyCache());
  console.log(`signature ${v.ok ? 'verifies' : 'FAILS'}: ${(performance.now() - t2).toFixed(0)} ms`);

  const serial = (i: number): Uint8Array => bytes(0x01, (i >>> 24) & 255, (i >>> 16) & 255, (i >>> 8) & 255, i & 255);
  const t3 = performance.now();
  const hit = crl.lookup(serial(N - 1), crl.issuer.key);
  const miss = crl.lookup(serial(N + 7), crl.issuer.key);
  const lookupMs = (performance.now() - t3) / 2;
  console.log(
    `lookup: ${lookupMs.toFixed(1)} ms per serial (last entry ${hit ? 'found' : 'MISSING'}, absent serial ${miss ? 'FOUND' : 'not found'})`,
  );
  if (!v.ok || !hit || miss || crl.entryCount !== N) process.exit(1);
}

void main();
