/**
 * Java keystore keys once unlocked, through the one analysis every adapter
 * reads (split from decode-keystore.test.ts): key items, pairing, and no key
 * bytes in any output.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeBinary, decodeText, type Item, type KeyItem, type KeystoreItem } from '../../../../src/core/analysis/decode';
import { describeItem } from '../../../../src/core/format/describe';
import { lintItems } from '../../../../src/core/lint/items';
import { toJsonFile } from '../../../../src/core/format/report-json';
import { prepareWorkspace } from '../../../../src/core/chain/workspace';
import { decodeKeystore } from '../../../../src/core/x509/jks';
import { recoverKeystoreKey } from '../../../../src/core/x509/jks-keys';
import { readBer } from '../../../../src/core/der/reader';

const dir = join(__dirname, '..', '..', '..', 'fixtures', 'jks');
const bytes = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
const text = (f: string) => readFileSync(join(dir, f), 'utf8');
const NOW = new Date('2025-06-01T00:00:00Z');
const keystoreOf = (items: Item[]) => items.find((i): i is KeystoreItem => i.kind === 'keystore')!;

describe('keystore keys, once unlocked', () => {
  const keysOf = (items: Item[]) => items.filter((i): i is KeyItem => i.kind === 'private-key');
  const entry = (items: Item[], alias: string) => keystoreOf(items).entries.find((e) => e.alias === alias)!;

  type Row = { file: string; password?: string; keys: number; codes: string[]; server: { state?: string; matches?: boolean } };
  const rows: Row[] = [
    { file: 'keystore.jks', password: 'changeit', keys: 2, codes: [], server: { state: 'decrypted', matches: true } },
    { file: 'keystore.jceks', password: 'changeit', keys: 2, codes: [], server: { state: 'decrypted', matches: true } },
    { file: 'keystore.jks', keys: 0, codes: ['keystore-unverified'], server: {} },
    { file: 'mismatch.jks', password: 'changeit', keys: 1, codes: ['key-mismatch'], server: { state: 'decrypted', matches: false } },
    { file: 'mismatch.jceks', password: 'changeit', keys: 1, codes: ['key-mismatch'], server: { state: 'decrypted', matches: false } },
    { file: 'keypass.jks', password: 'changeit', keys: 0, codes: ['keystore-key-locked'], server: { state: 'key-password' } },
    { file: 'keypass.jceks', password: 'changeit', keys: 0, codes: ['keystore-key-locked'], server: { state: 'key-password' } },
  ];
  for (const r of rows) {
    it(`${r.file} ${r.password ?? '(no password)'}: ${r.keys} key item(s), ${r.codes.join(', ') || 'no problems'}`, async () => {
      const d = await decodeBinary(bytes(r.file), r.password === undefined ? {} : { password: r.password });
      assert.deepEqual(
        d.problems.map((p) => p.code),
        r.codes,
      );
      const keys = keysOf(d.items);
      assert.equal(keys.length, r.keys);
      const index = d.items.indexOf(keystoreOf(d.items));
      for (const k of keys) {
        assert.equal(k.container, index);
        assert.equal(k.keystoreEntry?.key, true);
        assert.equal(k.der.length, 0, 'a keystore key item carries no bytes');
        assert.ok(k.key.spkiSha256);
      }
      const server = entry(d.items, 'server');
      assert.equal(server.keyState, r.server.state);
      assert.equal(server.keyMatchesCertificate, r.server.matches);
    });
  }

  it('key-mismatch names the entry and the certificate stored with the key', async () => {
    const d = await decodeBinary(bytes('mismatch.jks'), { password: 'changeit' });
    assert.equal(d.problems[0]!.severity, 'error');
    assert.equal(
      d.problems[0]!.message,
      'this key does not belong to the certificate "CertLens JKS Intermediate" (the key and certificate of keystore entry "server"): their public keys differ',
    );
  });

  it('keystore-key-locked is info and says the key has its own password', async () => {
    const d = await decodeBinary(bytes('keypass.jks'), { password: 'changeit' });
    assert.equal(d.problems[0]!.severity, 'info');
    assert.match(
      d.problems[0]!.message,
      /^JKS: entry "server": the keystore password does not open this key \(.*\): it has a key password of its own/,
    );
  });

  it('describe: the entry says whether the key was opened and matches; the key item names its entry', async () => {
    const opts = { now: NOW };
    const field = async (file: string) => {
      const d = await decodeBinary(bytes(file), { password: 'changeit' });
      return { d, server: describeItem(keystoreOf(d.items), opts).fields.find((f) => f.label === 'server')!.value };
    };
    const ok = await field('keystore.jks');
    assert.match(
      ok.server,
      /^PrivateKeyEntry · EC P-256 private key, encrypted \(JKS key protector\), opened with the keystore password to read its public key · key matches its certificate · chain of 3 · /,
    );
    assert.match(
      (await field('mismatch.jceks')).server,
      /PBEWithMD5AndTripleDES\), opened with .* · key does NOT match its certificate · chain of 2/,
    );
    assert.match(
      (await field('keypass.jks')).server,
      /has its own key password \(the keystore password does not open it\): not checked · chain of 3/,
    );
    const key = keysOf(ok.d.items).find((k) => k.keystoreEntry?.alias === 'server')!;
    const desc = describeItem(key, opts);
    assert.equal(desc.title, '"server" PrivateKeyEntry, key · private key · EC P-256');
    assert.equal(desc.status, 'encrypted (JKS key protector)');
  });

  it('the JSON report: key items with alias and entry type (no chain position); entries with keyState', async () => {
    const d = await decodeBinary(bytes('mismatch.jks'), { password: 'changeit' });
    const json = toJsonFile('mismatch.jks', undefined, d.items, d.problems);
    const key = json.items.find((i) => (i as Record<string, unknown>).kind === 'private-key') as Record<string, unknown>;
    assert.deepEqual(
      [key.alias, key.entryType, key.chainPosition, key.encrypted, key.keyAlgorithm],
      ['server', 'PrivateKeyEntry', undefined, true, 'EC'],
    );
    const ks = json.items[0] as unknown as { entries: Array<Record<string, unknown>> };
    assert.deepEqual([ks.entries[0]!.keyState, ks.entries[0]!.keyMatchesCertificate], ['decrypted', false]);
    assert.deepEqual(
      json.problems.map((p) => [p.code, p.severity]),
      [['key-mismatch', 'error']],
    );
  });

  it('no private key material anywhere: items, problems, JSON, descriptions', async () => {
    for (const file of ['keystore.jks', 'keystore.jceks', 'mismatch.jks']) {
      const raw = bytes(file);
      const d = await decodeBinary(raw, { password: 'changeit' });
      // The private keys, recovered here by the test itself from the raw entries.
      const ks = await decodeKeystore(raw, 'changeit');
      const secrets: Uint8Array[] = [];
      for (const e of ks.entries) {
        if (e.type !== 'PrivateKeyEntry') continue;
        const keyLen = new DataView(raw.buffer, raw.byteOffset).getUint32(keyOffset(raw, e.span.start));
        const start = keyOffset(raw, e.span.start) + 4;
        const r = recoverKeystoreKey(raw.subarray(start, start + keyLen), 'changeit', { iterations: 1e7 });
        assert.ok(r.ok, `${file} ${e.alias}`);
        // Public values (RSA n and e) also sit in the certificates of the file; the rest is secret.
        secrets.push(...[r.pkcs8, ...privateParts(r.pkcs8)].filter((s) => !Buffer.from(raw).includes(Buffer.from(s))));
      }
      assert.ok(secrets.length >= 3, `${file}: ${secrets.length} secrets`);
      const texts = [
        JSON.stringify(toJsonFile(file, undefined, d.items, d.problems)),
        ...d.problems.map((p) => p.message),
        ...d.items.map((i) => JSON.stringify(describeItem(i, { now: NOW }))),
        ...lintItems(d.items, { now: NOW }).map((p) => p.message),
      ].join('\n');
      const arrays = byteArrays(d.items);
      for (const s of secrets) {
        const h = Buffer.from(s).toString('hex');
        assert.ok(!texts.toLowerCase().includes(h), `${file}: hex of key material in output`);
        assert.ok(!texts.includes(Buffer.from(s).toString('base64')), `${file}: base64 of key material in output`);
        for (const a of arrays) assert.ok(!Buffer.from(a).includes(Buffer.from(s)), `${file}: key material inside an item's bytes`);
      }
    }
  });

  it('workspace pairing: a CSR and a certificate elsewhere match the keystore key; no cross-entry key-mismatch', async () => {
    const ks = await decodeBinary(bytes('keystore.jks'), { password: 'changeit' });
    const csr = await decodeText(text('leaf.csr'));
    const crt = await decodeText(text('leaf.crt'));
    const ws = prepareWorkspace(
      [
        { file: 'java/keystore.jks', items: ks.items },
        { file: 'pki/leaf.csr', items: csr.items },
      ],
      [],
    );
    const lenses = ws.pairing.lenses.filter((l) => l.file === 'java/keystore.jks');
    assert.equal(lenses.length, 2);
    const server = lenses.find((l) => (ks.items[l.index] as KeyItem).keystoreEntry?.alias === 'server')!;
    assert.deepEqual(
      server.matches.map((m) => [m.file, m.kind]),
      [
        ['java/keystore.jks', 'certificate'],
        ['pki/leaf.csr', 'csr'],
      ],
    );
    assert.equal(server.text, 'matches this file (CN=leaf.jks.test) and 1 more');
    const rsa = lenses.find((l) => l !== server)!;
    assert.equal(rsa.text, 'matches this file (CN=rsa.jks.test)');
    assert.equal(ws.pairing.problems.get('java/keystore.jks'), undefined, 'each key is checked against its own entry only');
    // Without its own certificate in the set (a key-only view), a certificate elsewhere is what it matches.
    const keyOnly = ks.items.filter((i) => i.kind !== 'certificate');
    const ws2 = prepareWorkspace(
      [
        { file: 'java/keystore.jks', items: keyOnly },
        { file: 'pki/leaf.crt', items: crt.items },
      ],
      [],
    );
    const l2 = ws2.pairing.lenses.find(
      (l) => l.file === 'java/keystore.jks' && (keyOnly[l.index] as KeyItem).keystoreEntry?.alias === 'server',
    )!;
    assert.equal(l2.text, 'matches leaf.crt (CN=leaf.jks.test)');
  });

  it('the mismatched keystore: key-mismatch comes from the decoder once, not again from workspace pairing', async () => {
    const d = await decodeBinary(bytes('mismatch.jks'), { password: 'changeit' });
    const ws = prepareWorkspace([{ file: 'mismatch.jks', items: d.items }], []);
    assert.equal(ws.pairing.problems.get('mismatch.jks'), undefined);
    assert.equal(d.problems.filter((p) => p.code === 'key-mismatch').length, 1);
  });
});

/** Offset of an entry's protected-key length: tag(4), alias (u16 + bytes), date(8). */
function keyOffset(raw: Uint8Array, entryStart: number): number {
  const aliasLen = (raw[entryStart + 4]! << 8) | raw[entryStart + 5]!;
  return entryStart + 4 + 2 + aliasLen + 8;
}

/** The private INTEGERs / OCTET STRINGs of a PKCS#8 (RSA d, p, q…; EC d), 16 bytes or longer. */
function privateParts(pkcs8: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const walk = (b: Uint8Array, depth: number) => {
    let p = 0;
    while (p < b.length && depth < 6) {
      const t = readBer(b, p);
      if (!t) return;
      const v = b.subarray(t.valueStart, t.valueEnd);
      if ((t.tag === 0x02 || t.tag === 0x04) && v.length >= 16) out.push(v);
      if (t.tag === 0x30 || t.tag === 0x04 || t.tag === 0xa0 || t.tag === 0xa1) walk(v, depth + 1);
      p = t.end;
    }
  };
  walk(pkcs8, 0);
  return out;
}

function byteArrays(x: unknown, out: Uint8Array[] = [], seen = new Set<unknown>()): Uint8Array[] {
  if (x instanceof Uint8Array) out.push(x);
  else if (x && typeof x === 'object' && !seen.has(x)) {
    seen.add(x);
    for (const v of Object.values(x)) byteArrays(v, out, seen);
  }
  return out;
}
