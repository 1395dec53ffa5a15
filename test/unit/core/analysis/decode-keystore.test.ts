/**
 * Java keystores through the one analysis every adapter reads: decodeBinary,
 * describeItem, lintItems, the JSON report and workspace chains / key pairing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeBinary, decodeText, type CertificateItem, type Item, type KeystoreItem } from '../../../../src/core/analysis/decode';
import { describeItem, summaryLine } from '../../../../src/core/format/describe';
import { lintItems } from '../../../../src/core/lint/items';
import { toJsonFile } from '../../../../src/core/format/report-json';
import { prepareWorkspace } from '../../../../src/core/chain/workspace';

const dir = join(__dirname, '..', '..', '..', 'fixtures', 'jks');
const bytes = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
const text = (f: string) => readFileSync(join(dir, f), 'utf8');
const NOW = new Date('2025-06-01T00:00:00Z');
const keystoreOf = (items: Item[]) => items.find((i): i is KeystoreItem => i.kind === 'keystore')!;
const certs = (items: Item[]) => items.filter((i): i is CertificateItem => i.kind === 'certificate');

describe('decodeBinary on keystores', () => {
  type Row = { file: string; password?: string; format: string; entries: number; certificates: number; integrity: string; codes: string[] };
  const rows: Row[] = [
    { file: 'truststore.jks', format: 'JKS', entries: 2, certificates: 2, integrity: 'unverified', codes: ['keystore-unverified'] },
    { file: 'truststore.jks', password: 'changeit', format: 'JKS', entries: 2, certificates: 2, integrity: 'verified', codes: [] },
    // Certificates are not encrypted: a wrong password still shows them, with the integrity error.
    {
      file: 'truststore.jks',
      password: 'nope',
      format: 'JKS',
      entries: 2,
      certificates: 2,
      integrity: 'failed',
      codes: ['keystore-integrity-failed'],
    },
    { file: 'keystore.jks', password: 'changeit', format: 'JKS', entries: 3, certificates: 6, integrity: 'verified', codes: [] },
    { file: 'keystore.jceks', password: 'changeit', format: 'JCEKS', entries: 5, certificates: 6, integrity: 'verified', codes: [] },
    { file: 'truststore.jceks', format: 'JCEKS', entries: 2, certificates: 2, integrity: 'unverified', codes: ['keystore-unverified'] },
  ];
  for (const r of rows) {
    it(`${r.file} ${r.password ?? '(no password)'}: ${r.entries} entries, ${r.certificates} certificates, ${r.integrity}`, async () => {
      const d = await decodeBinary(bytes(r.file), r.password === undefined ? {} : { password: r.password });
      const ks = keystoreOf(d.items);
      assert.equal(ks.format, r.format);
      assert.equal(ks.label, r.format);
      assert.equal(ks.entries.length, r.entries);
      assert.equal(ks.integrity, r.integrity);
      assert.equal(certs(d.items).length, r.certificates);
      assert.deepEqual(
        d.problems.map((p) => p.code),
        r.codes,
      );
      for (const p of d.problems) assert.deepEqual(p.span, { start: 0, end: 0 }, 'binary files have empty spans');
      const index = d.items.indexOf(ks);
      for (const c of certs(d.items)) {
        assert.equal(c.container, index);
        assert.ok(c.keystoreEntry, 'every certificate names its entry');
      }
    });
  }

  it('labels each certificate with its alias, entry type and chain position', async () => {
    const d = await decodeBinary(bytes('keystore.jks'));
    const server = certs(d.items).filter((c) => c.keystoreEntry?.alias === 'server');
    assert.deepEqual(
      server.map((c) => [c.keystoreEntry!.type, c.keystoreEntry!.position, c.certificate.subjectLabel]),
      [
        ['PrivateKeyEntry', 0, 'leaf.jks.test'],
        ['PrivateKeyEntry', 1, 'CertLens JKS Intermediate'],
        ['PrivateKeyEntry', 2, 'CertLens JKS Root'],
      ],
    );
    const entry = keystoreOf(d.items).entries.find((e) => e.alias === 'server')!;
    assert.equal(entry.keyAlgorithm, 'EC P-256');
    assert.equal(entry.protection, 'JKS key protector');
    assert.equal(keystoreOf(d.items).entries.find((e) => e.alias === 'rsa-client')!.keyAlgorithm, 'RSA 2048 bits');
    // The very certificate bytes that openssl wrote.
    const leafPem = (await decodeText(text('leaf.crt'))).items[0] as CertificateItem;
    assert.deepEqual(server[0]!.der, leafPem.der);
  });

  it('a truncated keystore keeps the entries read so far and reports keystore-malformed', async () => {
    const b = bytes('keystore.jceks');
    const d = await decodeBinary(b.subarray(0, 2000));
    assert.equal(d.problems.length, 1);
    assert.equal(d.problems[0]!.code, 'keystore-malformed');
    assert.match(
      d.problems[0]!.message,
      /^JCEKS: entry 2 "rsa-client": .* at byte \d+ is longer than the \d+ byte\(s\) left \(after 1 readable entry\)$/,
    );
    assert.equal(keystoreOf(d.items).integrity, 'unknown');
  });

  it('garbage after a keystore magic is keystore-malformed, not der-malformed', async () => {
    const d = await decodeBinary(Uint8Array.of(0xce, 0xce, 0xce, 0xce, 0, 0, 0, 9));
    assert.deepEqual(
      d.problems.map((p) => [p.code, p.severity]),
      [['keystore-malformed', 'error']],
    );
  });
});

describe('describe and lint keystore items', () => {
  it('the keystore title counts entries by type; the status says what the integrity is', async () => {
    const d = await decodeBinary(bytes('keystore.jceks'));
    const desc = describeItem(keystoreOf(d.items), { now: NOW });
    assert.equal(desc.title, 'JCEKS keystore · 5 entries (2 keys, 1 trusted certificate, 2 secret keys)');
    assert.equal(desc.status, 'integrity not verified without the keystore password');
    const fields = Object.fromEntries(desc.fields.map((f) => [f.label, f.value]));
    assert.equal(fields.Format, 'JCEKS version 2');
    assert.match(fields['aes-key']!, /^SecretKeyEntry · secret key, never read · created /);
    assert.match(
      fields.server!,
      /^PrivateKeyEntry · EC P-256 private key, encrypted \(PBEWithMD5AndTripleDES\), not decrypted · chain of 3 · created /,
    );
    assert.match(fields.root!, /^trustedCertEntry · created 20\d\d-/);
  });

  it('a certificate line names its entry', async () => {
    const d = await decodeBinary(bytes('keystore.jks'));
    const lines = certs(d.items).map((c) => summaryLine(c, { now: NOW }));
    assert.ok(
      lines.includes('"server" PrivateKeyEntry, chain 1/3 · leaf · leaf.jks.test · expires in 9 years · 4% of lifetime used'),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => l.startsWith('"root" trustedCertEntry · root · CertLens JKS Root')),
      lines.join('\n'),
    );
  });

  it('expiry findings name the keystore entry (binary files have no line to point at)', async () => {
    const d = await decodeBinary(bytes('truststore.jks'));
    const late = lintItems(d.items, { now: new Date('2035-06-01T00:00:00Z') });
    assert.deepEqual(
      late.map((p) => p.code),
      ['cert-expired', 'cert-expired'],
    );
    assert.match(late[0]!.message, /^root "CertLens JKS Root" \(keystore entry "root"\) expired /);
  });

  it('the JSON report carries the keystore, and alias / entryType on its certificates', async () => {
    const d = await decodeBinary(bytes('keystore.jceks'), { password: 'changeit' });
    const json = toJsonFile('keystore.jceks', undefined, d.items, d.problems);
    const ks = json.items[0] as Record<string, unknown>;
    assert.equal(ks.kind, 'keystore');
    assert.equal(ks.format, 'JCEKS');
    assert.equal(ks.integrity, 'verified');
    const entries = ks.entries as Array<Record<string, unknown>>;
    assert.deepEqual(
      entries.map((e) => [e.alias, e.type, e.certificates]),
      [
        ['root', 'trustedCertEntry', 1],
        ['rsa-client', 'PrivateKeyEntry', 2],
        ['server', 'PrivateKeyEntry', 3],
        ['aes-key', 'SecretKeyEntry', 0],
        ['hmac-key', 'SecretKeyEntry', 0],
      ],
    );
    assert.match(String(entries[0]!.created), /^\d{4}-\d\d-\d\dT/);
    const cert = json.items.find((i) => (i as Record<string, unknown>).alias === 'server') as Record<string, unknown>;
    assert.deepEqual([cert.kind, cert.entryType, cert.chainPosition, cert.container], ['certificate', 'PrivateKeyEntry', 0, 0]);
    assert.ok(!JSON.stringify(json).includes('sealedKey'));
  });
});

describe('keystore certificates in workspace chains and key pairing', () => {
  it('a PEM public key pairs with the certificate inside keystore.jks', async () => {
    const ks = await decodeBinary(bytes('keystore.jks'));
    const pub = await decodeText(text('leaf.pub.pem'));
    const ws = prepareWorkspace(
      [
        { file: 'keystore.jks', items: ks.items },
        { file: 'leaf.pub.pem', items: pub.items },
      ],
      [],
    );
    const lens = ws.pairing.lenses.find((l) => l.file === 'leaf.pub.pem');
    assert.ok(lens);
    assert.match(lens.text, /^matches keystore\.jks \(CN=leaf\.jks\.test\)/);
  });

  it("the key entry's leaf chains to the keystore's own root (a private root), and a truststore root is not 'extra bytes'", async () => {
    const ks = await decodeBinary(bytes('keystore.jks'));
    const ts = await decodeBinary(bytes('truststore.jks'));
    const ws = prepareWorkspace(
      [
        { file: 'keystore.jks', items: ks.items },
        { file: 'truststore.jks', items: ts.items },
      ],
      [],
    );
    const f = await ws.findings('keystore.jks', ks.items, NOW);
    const texts = f.verdicts.map((v) => v.text);
    assert.ok(texts.includes('chain OK → CertLens JKS Root (private root)'), texts.join('\n'));
    const t = await ws.findings('truststore.jks', ts.items, NOW);
    assert.ok(!t.problems.some((p) => p.code === 'chain-root-included'), JSON.stringify(t.problems.map((p) => p.code)));
  });
});
