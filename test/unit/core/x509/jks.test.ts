import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeKeystore, keystoreFormat, type KeystoreIntegrity } from '../../../../src/core/x509/jks';
import { sniffDer } from '../../../../src/core/x509/sniff';

const dir = join(__dirname, '../../../fixtures/jks');
const bytes = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
const rootPem = bytes('root.crt');
const rootDer = new Uint8Array(Buffer.from(readFileSync(join(dir, 'root.crt'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'));

/** What `keytool -list -v` reported: alias → entry type and SHA-256 fingerprints (chain order). */
function keytoolListing(f: string): Map<string, { type: string; sha256: string[] }> {
  const out = new Map<string, { type: string; sha256: string[] }>();
  let current: { type: string; sha256: string[] } | undefined;
  for (const line of readFileSync(join(dir, `${f}.list.txt`), 'utf8').split('\n')) {
    const alias = /^Alias name: (.*)$/.exec(line);
    if (alias) out.set(alias[1]!, (current = { type: '', sha256: [] }));
    const type = /^Entry type: (.*)$/.exec(line);
    if (type && current) current.type = type[1]!;
    const fp = /^\s+SHA256: ([0-9A-F:]+)$/.exec(line);
    if (fp && current) current.sha256.push(fp[1]!.replace(/:/g, '').toLowerCase());
  }
  return out;
}
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('decodeKeystore: keytool fixtures', () => {
  type Row = { file: string; password: string | undefined; format: 'JKS' | 'JCEKS'; integrity: KeystoreIntegrity; codes: string[] };
  const rows: Row[] = [
    { file: 'truststore.jks', password: undefined, format: 'JKS', integrity: 'unverified', codes: ['keystore-unverified'] },
    { file: 'truststore.jks', password: 'changeit', format: 'JKS', integrity: 'verified', codes: [] },
    { file: 'truststore.jks', password: 'Changeit', format: 'JKS', integrity: 'failed', codes: ['keystore-integrity-failed'] },
    { file: 'truststore.jks', password: '', format: 'JKS', integrity: 'failed', codes: ['keystore-integrity-failed'] },
    { file: 'truststore-other-password.jks', password: 'other-secret', format: 'JKS', integrity: 'verified', codes: [] },
    {
      file: 'truststore-other-password.jks',
      password: 'changeit',
      format: 'JKS',
      integrity: 'failed',
      codes: ['keystore-integrity-failed'],
    },
    { file: 'keystore.jks', password: 'changeit', format: 'JKS', integrity: 'verified', codes: [] },
    { file: 'keystore.jks', password: undefined, format: 'JKS', integrity: 'unverified', codes: ['keystore-unverified'] },
    { file: 'truststore.jceks', password: 'changeit', format: 'JCEKS', integrity: 'verified', codes: [] },
    { file: 'keystore.jceks', password: 'changeit', format: 'JCEKS', integrity: 'verified', codes: [] },
    { file: 'keystore.jceks', password: 'wrong', format: 'JCEKS', integrity: 'failed', codes: ['keystore-integrity-failed'] },
  ];
  for (const r of rows) {
    it(`${r.file} with ${r.password === undefined ? 'no password' : JSON.stringify(r.password)}: ${r.integrity}, entries as keytool lists them`, async () => {
      const got = await decodeKeystore(bytes(r.file), r.password);
      assert.equal(got.format, r.format);
      assert.equal(got.version, 2);
      assert.equal(got.integrity, r.integrity);
      assert.deepEqual(
        got.problems.map((p) => p.code),
        r.codes,
      );
      const want = keytoolListing(r.file);
      assert.equal(got.entries.length, want.size);
      for (const e of got.entries) {
        const w = want.get(e.alias);
        assert.ok(w, `alias ${e.alias} is not in keytool's listing`);
        assert.equal(e.type, w.type, e.alias);
        assert.deepEqual(e.certificates.map(sha256), w.sha256, `${e.alias}: certificates and chain order`);
        assert.ok(e.created! > Date.UTC(2020, 0, 1), `${e.alias}: creation date ${e.created}`);
      }
    });
  }

  it('names the key protection of each format and never exposes secret keys', async () => {
    const jks = await decodeKeystore(bytes('keystore.jks'), 'changeit');
    const jceks = await decodeKeystore(bytes('keystore.jceks'), 'changeit');
    assert.deepEqual(
      new Set(jks.entries.filter((e) => e.type === 'PrivateKeyEntry').map((e) => e.protection)),
      new Set(['JKS key protector']),
    );
    assert.deepEqual(
      new Set(jceks.entries.filter((e) => e.type === 'PrivateKeyEntry').map((e) => e.protection)),
      new Set(['PBEWithMD5AndTripleDES']),
    );
    const secret = jceks.entries.filter((e) => e.type === 'SecretKeyEntry');
    assert.deepEqual(secret.map((e) => e.alias).sort(), ['aes-key', 'hmac-key']);
    for (const e of secret) assert.deepEqual(e.certificates, []);
    assert.deepEqual(Object.keys(secret[0]!).sort(), ['alias', 'certificates', 'created', 'protection', 'span', 'type']);
  });

  it('entry spans tile the body in order', async () => {
    const b = bytes('keystore.jceks');
    const got = await decodeKeystore(b, undefined);
    let at = 12;
    for (const e of got.entries) {
      assert.equal(e.span.start, at);
      at = e.span.end;
    }
    assert.equal(at, b.length - 20);
  });
});

describe('keystore sniffing', () => {
  const rows: Array<[string, Uint8Array, string]> = [
    ['JKS', bytes('truststore.jks'), 'jks'],
    ['JCEKS', bytes('keystore.jceks'), 'jceks'],
    ['magic only', Uint8Array.of(0xfe, 0xed, 0xfe, 0xed), 'jks'],
    ['three bytes of magic', Uint8Array.of(0xfe, 0xed, 0xfe), 'unknown'],
    ['PEM text', rootPem, 'unknown'],
    ['DER certificate', rootDer, 'certificate'],
  ];
  for (const [name, input, kind] of rows) {
    it(`${name} → ${kind}`, () => {
      assert.equal(sniffDer(input), kind);
      assert.equal(keystoreFormat(input) !== undefined, kind === 'jks' || kind === 'jceks');
    });
  }
});

const CACERTS = '/etc/ssl/certs/java/cacerts';
describe("Debian's Java cacerts (ca-certificates-java)", () => {
  const keytool = (() => {
    try {
      execFileSync('keytool', ['-help'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  const skip = !existsSync(CACERTS)
    ? `${CACERTS} is absent (apt-get install ca-certificates-java)`
    : !keytool
      ? 'keytool is not installed'
      : false;
  it('has as many entries as keytool -list counts, all trusted certificates, integrity verified with changeit', { skip }, async () => {
    const listing = execFileSync('keytool', ['-J-Duser.language=en', '-list', '-keystore', CACERTS, '-storepass', 'changeit'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const count = Number(/Your keystore contains (\d+) entr/.exec(listing)?.[1]);
    assert.ok(count > 50, listing.slice(0, 200));
    const got = await decodeKeystore(new Uint8Array(readFileSync(CACERTS)), 'changeit');
    assert.equal(got.entries.length, count);
    assert.equal(got.integrity, 'verified');
    assert.ok(got.entries.every((e) => e.type === 'trustedCertEntry' && e.certificates.length === 1));
  });
});
