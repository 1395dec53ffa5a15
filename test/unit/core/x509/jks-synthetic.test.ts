/**
 * The keystore reader on stores built byte by byte: every version, password
 * and integrity case, and malformed input (the keytool fixtures and Debian's
 * cacerts are in jks.test.ts).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeKeystore, type KeystoreIntegrity } from '../../../../src/core/x509/jks';
import { skipSerializedObject } from '../../../../src/core/x509/java-serialization';

const dir = join(__dirname, '../../../fixtures/jks');
const bytes = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
const rootDer = new Uint8Array(Buffer.from(readFileSync(join(dir, 'root.crt'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'));

// --- A minimal keystore writer (JavaKeyStore.engineStore), digest by node:crypto. ---
const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
const i64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return new Uint8Array(b);
};
const utf = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  return Uint8Array.of(...u16(b.length), ...b);
};
const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
type EntrySpec = {
  tag?: number;
  alias?: string;
  date?: bigint;
  certs?: Uint8Array[];
  certType?: string;
  key?: Uint8Array;
  raw?: Uint8Array;
};
function entry(version: number, e: EntrySpec): Uint8Array {
  if (e.raw) return e.raw;
  const cert = (c: Uint8Array) => cat(version === 2 ? utf(e.certType ?? 'X.509') : new Uint8Array(0), u32(c.length), c);
  const head = cat(u32(e.tag ?? 2), utf(e.alias ?? 'a'), i64(e.date ?? 1735689600000n));
  if ((e.tag ?? 2) === 2) return cat(head, cert(e.certs?.[0] ?? rootDer));
  const key = e.key ?? Uint8Array.of(0x30, 0x00);
  return cat(head, u32(key.length), key, u32(e.certs?.length ?? 0), ...(e.certs ?? []).map(cert));
}
function store(o: {
  magic?: number;
  version?: number;
  count?: number;
  entries: EntrySpec[];
  password?: string;
  tail?: Uint8Array;
}): Uint8Array {
  const version = o.version ?? 2;
  const body = cat(u32(o.magic ?? 0xfeedfeed), u32(version), u32(o.count ?? o.entries.length), ...o.entries.map((e) => entry(version, e)));
  const pw = Buffer.from(o.password ?? 'changeit', 'utf16le').swap16();
  const digest = createHash('sha1').update(pw).update('Mighty Aphrodite').update(body).digest();
  return cat(body, digest, o.tail ?? new Uint8Array(0));
}

describe('decodeKeystore: synthetic stores (versions, passwords, malformed input)', () => {
  const cert = rootDer;
  type Row = {
    name: string;
    input: () => Uint8Array;
    password?: string;
    entries: number;
    integrity: KeystoreIntegrity;
    codes: Array<[string, string]>;
    message?: RegExp;
  };
  const rows: Row[] = [
    {
      name: 'JKS version 1 (no certificate type strings)',
      input: () => store({ version: 1, entries: [{ alias: 'root' }] }),
      password: 'changeit',
      entries: 1,
      integrity: 'verified',
      codes: [],
    },
    {
      name: 'JCEKS version 1',
      input: () => store({ magic: 0xcececece, version: 1, entries: [{}, { tag: 1, alias: 'k', certs: [cert, cert] }] }),
      password: 'changeit',
      entries: 2,
      integrity: 'verified',
      // Unlocked, the placeholder key (an empty SEQUENCE) is tried and is not an EncryptedPrivateKeyInfo.
      codes: [['keystore-malformed', 'warning']],
    },
    { name: 'empty store', input: () => store({ entries: [] }), password: 'changeit', entries: 0, integrity: 'verified', codes: [] },
    {
      name: 'empty password is tried without one',
      input: () => store({ entries: [{}], password: '' }),
      entries: 1,
      integrity: 'verified',
      codes: [],
    },
    {
      name: 'non-ASCII password as UTF-16BE',
      input: () => store({ entries: [{}], password: 'pässwörd€' }),
      password: 'pässwörd€',
      entries: 1,
      integrity: 'verified',
      codes: [],
    },
    {
      name: 'non-ASCII alias (modified UTF-8)',
      input: () => store({ entries: [{ alias: 'clé-é€' }] }),
      password: 'changeit',
      entries: 1,
      integrity: 'verified',
      codes: [],
    },
    {
      name: 'key entry without a chain',
      input: () => store({ entries: [{ tag: 1, certs: [] }] }),
      password: 'changeit',
      entries: 1,
      integrity: 'verified',
      codes: [['keystore-malformed', 'warning']],
    },
    {
      name: 'creation date beyond the Date range',
      input: () => store({ entries: [{ date: 9_000_000_000_000_000_000n }] }),
      password: 'changeit',
      entries: 1,
      integrity: 'verified',
      codes: [],
    },
    {
      name: 'negative creation date',
      input: () => store({ entries: [{ date: -1n }] }),
      password: 'changeit',
      entries: 1,
      integrity: 'verified',
      codes: [],
    },
    // Malformed and hostile.
    {
      name: 'empty file',
      input: () => new Uint8Array(0),
      entries: 0,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /bad magic/,
    },
    {
      name: 'bad magic',
      input: () => Uint8Array.of(0xfe, 0xed, 0xfe, 0xee, 0, 0, 0, 2),
      entries: 0,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /bad magic/,
    },
    {
      name: 'version 3',
      input: () => store({ version: 3, entries: [] }),
      entries: 0,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /version 3 at byte 4/,
    },
    {
      name: 'version 0',
      input: () => store({ version: 0, entries: [] }),
      entries: 0,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /version 0/,
    },
    {
      name: 'absurd entry count',
      input: () => store({ count: 0xffffffff, entries: [{}] }),
      entries: 0,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /4294967295 entries declared at byte 8 cannot fit/,
    },
    {
      name: 'count one more than the entries',
      input: () => store({ count: 2, entries: [{}] }),
      entries: 1,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /after 1 readable entry/,
    },
    {
      name: 'absurd certificate length',
      input: () => store({ entries: [{ raw: cat(u32(2), utf('a'), i64(0n), utf('X.509'), u32(0x7fffffff), cert) }] }),
      entries: 0,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /certificate of 2147483647 bytes at byte 34 is longer than/,
    },
    {
      name: 'absurd chain length',
      input: () => store({ entries: [{ raw: cat(u32(1), utf('k'), i64(0n), u32(2), Uint8Array.of(0x30, 0), u32(0xfffffff0)) }] }),
      entries: 0,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /chain of 4294967280 certificates/,
    },
    {
      name: 'absurd protected key length',
      input: () => store({ entries: [{ raw: cat(u32(1), utf('k'), i64(0n), u32(0xffffffff)) }] }),
      entries: 0,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /protected key of 4294967295 bytes/,
    },
    {
      name: 'unknown entry tag',
      input: () => store({ entries: [{}, { tag: 7 }] }),
      entries: 1,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /entry 2 "a": unknown entry tag 7/,
    },
    {
      name: 'secret key tag in a JKS',
      input: () => store({ entries: [{ raw: cat(u32(3), utf('s'), i64(0n)) }] }),
      entries: 0,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /unknown entry tag 3/,
    },
    {
      name: 'JCEKS secret key that is not a serialization stream',
      input: () => store({ magic: 0xcececece, entries: [{ raw: cat(u32(3), utf('s'), i64(0n), Uint8Array.of(1, 2, 3, 4)) }] }),
      entries: 0,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /cannot tell where the secret key .* ends: not a Java serialization stream/,
    },
    {
      name: 'certificate type other than X.509',
      input: () => store({ entries: [{ certType: 'PGP' }] }),
      entries: 0,
      integrity: 'unknown',
      codes: [['keystore-unsupported', 'warning']],
      message: /certificate type "PGP"/,
    },
    {
      name: 'invalid modified UTF-8 alias',
      input: () => store({ entries: [{ raw: cat(u32(2), u16(2), Uint8Array.of(0xc3, 0x28), i64(0n)) }] }),
      entries: 0,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /not valid modified UTF-8/,
    },
    {
      name: 'digest missing',
      input: () => store({ entries: [{}] }).subarray(0, -20),
      entries: 1,
      integrity: 'unknown',
      codes: [['keystore-malformed', 'error']],
      message: /digest is missing/,
    },
    {
      name: 'trailing bytes after the digest',
      input: () => store({ entries: [{}], tail: Uint8Array.of(1, 2) }),
      password: 'changeit',
      entries: 1,
      integrity: 'verified',
      codes: [['keystore-malformed', 'warning']],
      message: /2 unexpected byte/,
    },
    {
      name: 'tampered body with the right password',
      input: () => {
        const b = store({ entries: [{ alias: 'root' }] });
        b[20] = b[20]! ^ 1; // inside the alias
        return b;
      },
      password: 'changeit',
      entries: 1,
      integrity: 'failed',
      codes: [['keystore-integrity-failed', 'error']],
      message: /wrong password, or the file was modified/,
    },
  ];
  for (const r of rows) {
    it(r.name, async () => {
      const got = await decodeKeystore(r.input(), r.password);
      assert.equal(got.entries.length, r.entries);
      assert.equal(got.integrity, r.integrity);
      assert.deepEqual(
        got.problems.map((p) => [p.code, p.severity]),
        r.codes,
      );
      if (r.message) assert.match(got.problems[0]!.message, r.message);
    });
  }

  it('reads the alias back exactly', async () => {
    const got = await decodeKeystore(store({ entries: [{ alias: 'clé-é€\u{1F511}' }] }), undefined);
    // Node writes real UTF-8 for the emoji (4 bytes), which modified UTF-8 rejects; Java writes surrogates.
    assert.equal(got.entries.length, 0);
    const javaStyle = cat(u32(2), u16(6), Uint8Array.of(0xed, 0xa0, 0xbd, 0xed, 0xb4, 0x91), i64(0n), utf('X.509'), u32(cert.length), cert);
    const ok = await decodeKeystore(store({ entries: [{ raw: javaStyle }] }), undefined);
    assert.equal(ok.entries[0]?.alias, '\u{1F511}');
    const nul = cat(u32(2), u16(2), Uint8Array.of(0xc0, 0x80), i64(0n), utf('X.509'), u32(cert.length), cert);
    assert.equal((await decodeKeystore(store({ entries: [{ raw: nul }] }), undefined)).entries[0]?.alias, '\0');
  });

  it('a truncated file never throws: every prefix of a JKS and a JCEKS with secret keys is keystore-malformed', async () => {
    for (const f of ['truststore.jks', 'keystore.jceks']) {
      const b = bytes(f);
      const full = await decodeKeystore(b, 'changeit');
      for (let n = 0; n < b.length; n++) {
        const got = await decodeKeystore(b.subarray(0, n), 'changeit');
        assert.equal(got.problems.length, 1, `${f} cut at ${n}: ${JSON.stringify(got.problems)}`);
        assert.equal(got.problems[0]!.code, 'keystore-malformed', `${f} cut at ${n}`);
        assert.equal(got.problems[0]!.severity, 'error', `${f} cut at ${n}`);
        assert.ok(got.problems[0]!.span.start <= n, `${f} cut at ${n}: offset ${got.problems[0]!.span.start}`);
        assert.ok(got.entries.length <= full.entries.length);
        assert.equal(got.integrity, 'unknown');
      }
    }
  });

  it('random corruption of a JCEKS never throws', async () => {
    const b = bytes('keystore.jceks');
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 300; i++) {
      const c = Uint8Array.from(b);
      for (let k = 0; k < 4; k++) c[Math.floor(rand() * (c.length - 4)) + 4] = Math.floor(rand() * 256);
      const got = await decodeKeystore(c, 'changeit');
      assert.ok(got.problems.length >= 1, `mutation ${i}`);
    }
  });
});

describe('skipSerializedObject (JCEKS SecretKeyEntry)', () => {
  const jceks = bytes('keystore.jceks');
  const start = (n: number) => {
    // The nth serialization stream header in the file.
    let at = -1;
    for (let i = 0; i < n; i++) at = Buffer.from(jceks).indexOf(Buffer.from([0xac, 0xed, 0x00, 0x05]), at + 1);
    return at;
  };
  it('ends each sealed key exactly where the next entry begins', () => {
    const first = skipSerializedObject(jceks, start(1));
    assert.ok(first.ok);
    assert.equal(first.className, 'com.sun.crypto.provider.SealedObjectForKeyProtector');
    const second = skipSerializedObject(jceks, start(2));
    assert.ok(second.ok);
    // keytool wrote aes-key, then hmac-key as the last entry: the first stream ends at hmac-key's tag, the second at the digest.
    const next = Buffer.from(jceks.subarray(first.end, first.end + 4 + 2 + 'hmac-key'.length));
    assert.deepEqual(next, Buffer.concat([Buffer.from([0, 0, 0, 3, 0, 8]), Buffer.from('hmac-key')]));
    assert.equal(second.end, jceks.length - 20);
  });
  type Row = { name: string; mutate: (b: Uint8Array, s: number) => void; reason: RegExp };
  const rows: Row[] = [
    { name: 'stream version 4', mutate: (b, s) => void (b[s + 3] = 4), reason: /stream version 4/ },
    { name: 'an enum (TC_ENUM) instead of an object', mutate: (b, s) => void (b[s + 4] = 0x7e), reason: /type code 0x7e is not supported/ },
    {
      name: 'an unknown field type',
      mutate: (b, s) => void (b[Buffer.from(b).indexOf('[\u0000\rencodedParams', s)] = 0x51),
      reason: /field type 'Q'/,
    },
    {
      name: 'a back reference to a handle not yet seen',
      mutate: (b, s) => void b.set([0x00, 0x7e, 0x00, 0x7f], Buffer.from(b).indexOf(Buffer.from([0x71, 0x00, 0x7e, 0x00, 0x02]), s) + 1),
      reason: /unknown handle 0x7e007f/,
    },
    {
      name: 'an absurd byte-array length',
      mutate: (b, s) =>
        void b.set([0x7f, 0xff, 0xff, 0xff], Buffer.from(b).indexOf(Buffer.from([0x78, 0x70, 0x00, 0x00, 0x00, 0x11]), s) + 2),
      reason: /array of 2147483647 element\(s\) is longer than/,
    },
  ];
  for (const r of rows) {
    it(`stops with a reason on ${r.name}`, () => {
      const b = Uint8Array.from(jceks);
      const s = start(1);
      r.mutate(b, s);
      const got = skipSerializedObject(b, s);
      assert.equal(got.ok, false);
      if (!got.ok) assert.match(got.reason, r.reason);
    });
  }
  it('every truncation of the stream stops with a reason', () => {
    const s = start(1);
    const whole = skipSerializedObject(jceks, s);
    assert.ok(whole.ok);
    for (let end = s; end < whole.end; end++) assert.equal(skipSerializedObject(jceks, s, end).ok, false, `cut at ${end}`);
  });
});
