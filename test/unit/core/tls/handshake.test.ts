import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readServerFlight, type RecordDecryptor } from '../../../../src/core/tls/handshake';
import { splitRecords } from '../../../../src/core/tls/records';

interface Captured {
  serverBytes: string;
  serverHandshakeTrafficSecret: string | null;
  servedSha256: string[];
  ocspSha256: string | null;
}
const fixtures = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'captured-handshakes.json'), 'utf8')) as Record<string, Captured>;
const fx = (name: string): Captured => fixtures[name]!;
const bytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

// --- builders for synthetic server flights -------------------------------
const u16 = (n: number): number[] => [n >> 8, n & 0xff];
const u24 = (n: number): number[] => [n >> 16, (n >> 8) & 0xff, n & 0xff];
const record = (type: number, body: number[]): number[] => [type, 3, 3, ...u16(body.length), ...body];
const hs = (type: number, body: number[]): number[] => [type, ...u24(body.length), ...body];
const serverHello = (version?: number, random = new Array<number>(32).fill(7)): number[] => {
  const exts = version ? [...u16(43), ...u16(2), ...u16(version)] : [];
  return hs(2, [3, 3, ...random, 0, ...u16(version ? 0x1301 : 0xc02b), 0, ...(version ? [...u16(exts.length), ...exts] : [])]);
};
const fakeCert = (tag: number, len = 20): number[] => [0x30, len - 2, ...new Array<number>(len - 2).fill(tag)];
const cert12 = (...certs: number[][]): number[] => {
  const list = certs.flatMap((c) => [...u24(c.length), ...c]);
  return hs(11, [...u24(list.length), ...list]);
};
const cert13 = (entries: Array<{ der: number[]; ocsp?: number[] }>): number[] => {
  const list = entries.flatMap((e) => {
    const ext = e.ocsp ? [...u16(5), ...u16(e.ocsp.length + 4), 1, ...u24(e.ocsp.length), ...e.ocsp] : [];
    return [...u24(e.der.length), ...e.der, ...u16(ext.length), ...ext];
  });
  return hs(11, [0, ...u24(list.length), ...list]);
};
const HRR = [...Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex')];

/** A fake TLS 1.3 "encryption": the record body is the inner plaintext, last byte its type. */
const wrap13 = (type: number, content: number[], padding = 0): number[] =>
  record(23, [...content, type, ...new Array<number>(padding).fill(0)]);
const identityDecryptor: RecordDecryptor = (rec) => rec.fragment;

describe('readServerFlight: captured handshakes', () => {
  it('TLS 1.2 (plaintext): leaf, root, int in served order and the stapled OCSP response', () => {
    const f = readServerFlight(bytes(fx('tls12-misordered-ocsp').serverBytes));
    assert.equal(f.serverHello?.version, 0x0303);
    assert.deepEqual(f.certificates?.map(sha), fx('tls12-misordered-ocsp').servedSha256);
    assert.equal(f.ocspStaple && sha(f.ocspStaple), fx('tls12-misordered-ocsp').ocspSha256);
    assert.deepEqual(f.notes, []);
  });
  it('TLS 1.3 without the traffic secret: says so, no certificates invented', () => {
    const f = readServerFlight(bytes(fx('tls13-misordered-ocsp').serverBytes));
    assert.equal(f.serverHello?.version, 0x0304);
    assert.equal(f.certificates, undefined);
    assert.match(f.notes.join(), /encrypted and no traffic secret/);
  });
  it('TLS 1.3 with a decryptor that fails: a note, not an exception', () => {
    const f = readServerFlight(bytes(fx('tls13-misordered-ocsp').serverBytes), { decryptorFor: () => () => undefined });
    assert.equal(f.decrypted, false);
    assert.match(f.notes.join(), /could not decrypt/);
  });
});

describe('readServerFlight: synthetic flights', () => {
  const leaf = fakeCert(1);
  const int = fakeCert(2, 30);
  const root = fakeCert(3, 25);
  const cases: Array<{
    name: string;
    input: number[];
    decrypt?: boolean;
    certs?: number[][];
    ocsp?: number[];
    notes?: RegExp;
    notTls?: RegExp;
    alert?: string;
    requested?: boolean;
  }> = [
    { name: 'empty input', input: [], notes: /^$/ },
    {
      name: 'TLS 1.2 Certificate split across three records',
      input: (() => {
        const msgs = [...serverHello(), ...cert12(leaf, root, int), ...hs(14, [])];
        return [...record(22, msgs.slice(0, 50)), ...record(22, msgs.slice(50, 61)), ...record(22, msgs.slice(61))];
      })(),
      certs: [leaf, root, int],
    },
    {
      name: 'several handshake messages in one record, CertificateStatus and CertificateRequest',
      input: record(22, [...serverHello(), ...cert12(leaf), ...hs(22, [1, ...u24(3), 9, 9, 9]), ...hs(13, [0]), ...hs(14, [])]),
      certs: [leaf],
      ocsp: [9, 9, 9],
      requested: true,
    },
    {
      name: 'truncated in the middle of a record',
      input: [...record(22, serverHello()), ...record(22, cert12(leaf, int)).slice(0, 30)],
      notes: /middle of a record/,
    },
    {
      name: 'certificate length past the end of the message',
      input: record(22, [...serverHello(), ...hs(11, [...u24(10), ...u24(200), 1, 2, 3, 4, 5, 6, 7])]),
      notes: /malformed Certificate/,
    },
    {
      name: 'text instead of TLS',
      input: [...Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')],
      notTls: /text instead of TLS: "HTTP\/1\.1 400 Bad Request"/,
    },
    { name: 'binary garbage', input: [0x00, 0xff, 0x13, 0x37, 0x42, 0x42, 0x42], notTls: /not TLS \(00 ff 13 37/ },
    { name: 'fatal alert before anything else', input: record(21, [2, 40]), alert: 'handshake failure' },
    {
      name: 'TLS 1.2 plaintext alert after ServerHelloDone',
      input: [...record(22, [...serverHello(), ...cert12(leaf), ...hs(14, [])]), ...record(21, [2, 116])],
      certs: [leaf],
      alert: 'certificate required',
    },
    {
      name: 'TLS 1.3: CCS ignored, padded inner plaintext, OCSP in the leaf entry',
      input: [
        ...record(22, serverHello(0x0304)),
        ...record(20, [1]),
        ...wrap13(22, hs(8, [0, 0]), 5),
        ...wrap13(22, cert13([{ der: leaf, ocsp: [4, 4] }, { der: int }])),
        ...wrap13(22, [...hs(15, [0, 0, 0, 0]), ...hs(20, new Array<number>(32).fill(0))]),
      ],
      decrypt: true,
      certs: [leaf, int],
      ocsp: [4, 4],
    },
    {
      name: 'TLS 1.3 after a HelloRetryRequest',
      input: [...record(22, serverHello(0x0304, HRR)), ...record(22, serverHello(0x0304)), ...wrap13(22, cert13([{ der: root }]))],
      decrypt: true,
      certs: [root],
    },
    {
      name: 'TLS 1.3 encrypted alert after CertificateRequest',
      input: [...record(22, serverHello(0x0304)), ...wrap13(22, hs(13, [0, 0, 0])), ...wrap13(21, [2, 116])],
      decrypt: true,
      requested: true,
      alert: 'certificate required',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const f = readServerFlight(new Uint8Array(c.input), c.decrypt ? { decryptorFor: () => identityDecryptor } : {});
      assert.deepEqual(
        f.certificates?.map((x) => [...x]),
        c.certs,
      );
      assert.deepEqual(f.ocspStaple && [...f.ocspStaple], c.ocsp);
      if (c.notes) assert.match(f.notes.join('; '), c.notes);
      if (c.notTls) assert.match(f.notTls ?? '', c.notTls);
      else assert.equal(f.notTls, undefined);
      assert.equal(f.alert?.name, c.alert);
      assert.equal(f.certificateRequested, c.requested ?? false);
    });
  }
});

describe('splitRecords', () => {
  it('keeps complete records and counts trailing bytes', () => {
    const r = splitRecords(new Uint8Array([...record(22, [1, 2, 3]), 22, 3, 3, 0]));
    assert.equal(r.records.length, 1);
    assert.equal(r.trailing, 4);
    assert.deepEqual([...r.records[0]!.header], [22, 3, 3, 0, 3]);
  });
  it('stops at an oversized length', () => {
    const r = splitRecords(new Uint8Array([22, 3, 3, 0xff, 0xff, 0]));
    assert.match(r.notTls ?? '', /not TLS/);
  });
});
