/**
 * readServerFlight on a Certificate message that is larger than what
 * arrived (a client that refused an oversized chain), and on a complete
 * 10 MB one split into 640 records (joined once, not at every record).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readServerFlight } from '../../../../src/core/tls/handshake';

const u24 = (n: number) => [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const SERVER_HELLO = Uint8Array.from([2, ...u24(38), 3, 3, ...new Array(32).fill(7), 0, 0x13, 0x01, 0]);

/** A TLS 1.2 Certificate message of `n` fake certificates of `size` bytes each. */
function certificateMessage(n: number, size: number): Uint8Array {
  const listLength = n * (size + 3);
  const out = new Uint8Array(7 + listLength).fill(0x30);
  out.set([11, ...u24(listLength + 3), ...u24(listLength)]);
  for (let i = 0; i < n; i++) out.set(u24(size), 7 + i * (size + 3));
  return out;
}

/** Handshake bytes as TLS records of at most 16 KiB. */
function records(hs: Uint8Array): Uint8Array {
  const n = Math.ceil(hs.length / 16384);
  const out = new Uint8Array(hs.length + 5 * n);
  for (let i = 0, o = 0; i < hs.length; i += 16384) {
    const frag = hs.subarray(i, i + 16384);
    out.set([22, 3, 3, (frag.length >> 8) & 0xff, frag.length & 0xff], o);
    out.set(frag, o + 5);
    o += 5 + frag.length;
  }
  return out;
}

const join = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

describe('readServerFlight: oversized Certificate messages', () => {
  const hello = records(SERVER_HELLO);
  const cert = certificateMessage(10_000, 1000); // ~10 MB

  it('the bytes end inside it: the whole certificates are kept, with the declared and received sizes', () => {
    const got = readServerFlight(join(hello, records(cert.subarray(0, 49_152))));
    assert.deepEqual(got.truncatedCertificate, { declaredBytes: cert.length - 4, receivedBytes: 49_152 - 4 });
    assert.equal(got.certificates?.length, Math.floor((49_152 - 7) / 1003)); // 48
    assert.ok(got.certificates?.every((c) => c.length === 1000));
    assert.match(got.notes.join('\n'), /the Certificate message declares 10030003 bytes; 49148 arrived, holding 48 whole certificate\(s\)/);
  });

  it('a complete 10 MB message in 640 records is read whole', () => {
    const got = readServerFlight(join(hello, records(cert)));
    assert.equal(got.certificates?.length, 10_000);
    assert.equal(got.truncatedCertificate, undefined);
  });

  it('only the 4-byte header arrived: no certificates, the sizes still said', () => {
    const got = readServerFlight(join(hello, records(cert.subarray(0, 4))));
    assert.deepEqual(got.certificates, []);
    assert.equal(got.truncatedCertificate?.receivedBytes, 0);
  });
});
