/**
 * CRL revocation (prepareRevocation / checkRevocation) on the generated
 * fixtures (scripts/gen-revocation-fixtures.sh), pure, at a fixed clock.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeBinary, decodeText, type Item } from '../../../../src/core/analysis/decode';
import { toPem } from '../../../../src/core/pem/base64';
import { checkRevocation, prepareRevocation, REVOCATION_CODES } from '../../../../src/core/revocation/crl-check';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'revocation');
const NOW = new Date('2026-01-01T00:00:00Z');
const text = (f: string): string => readFileSync(join(DIR, f), 'utf8');

async function decode(file: string, body?: string): Promise<Item[]> {
  if (body !== undefined) return (await decodeText(body)).items;
  if (file.endsWith('.p7b') && !text(file).includes('-----BEGIN')) return (await decodeBinary(readFileSync(join(DIR, file)))).items;
  return (await decodeText(text(file))).items;
}

interface Run {
  readonly files: string[];
  readonly target: string;
  readonly now?: Date;
  /** Replace a file's text (an unsaved buffer, a malformed CRL). */
  readonly bodies?: Record<string, string>;
  /** Leave the root out of the issuer candidates. */
  readonly noRoot?: boolean;
}

async function run(r: Run) {
  const files = await Promise.all(r.files.map(async (file) => ({ file, items: await decode(file, r.bodies?.[file]) })));
  const root = (await decode('root.pem'))[0]!.der;
  const issuers = (): Uint8Array[] => [
    ...(r.noRoot ? [] : [root]),
    ...files.flatMap((f) => f.items.flatMap((i) => (i.kind === 'certificate' ? [i.der] : []))),
  ];
  const prepared = prepareRevocation(files, issuers);
  const mine = files.find((f) => f.file === r.target)!;
  return checkRevocation(prepared, r.target, mine.items, r.now ?? NOW);
}

/** The DER of the first CRL in a fixture file, re-wrapped as PEM after `mutate`. */
function crlPem(file: string, mutate: (der: Uint8Array) => Uint8Array): string {
  const b64 = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/.exec(text(file))![1]!.replace(/\s+/g, '');
  return toPem('X509 CRL', mutate(new Uint8Array(Buffer.from(b64, 'base64'))));
}

const PKI = ['pki/ica.pem', 'pki/ica.crl', 'pki/revoked.pem', 'pki/good.pem', 'pki/hold.pem'];

describe('checkRevocation', () => {
  const cases: Array<Run & { name: string; state?: string; text?: RegExp; problems: string[] }> = [
    {
      name: 'revoked leaf: cert-revoked with date, reason, invalidity date and CRL file',
      files: PKI,
      target: 'pki/revoked.pem',
      state: 'revoked',
      text: /^REVOKED on 2025-09-01 \(keyCompromise, key invalid since 2025-08-15\) per pki\/ica\.crl, next update 2026-02-01$/,
      problems: ['cert-revoked'],
    },
    {
      name: 'good leaf: not revoked, next update',
      files: PKI,
      target: 'pki/good.pem',
      state: 'good',
      text: /^not revoked per pki\/ica\.crl, next update 2026-02-01$/,
      problems: [],
    },
    {
      name: 'certificateHold: on hold, still an error',
      files: PKI,
      target: 'pki/hold.pem',
      state: 'revoked',
      text: /^ON HOLD since 2025-10-15 \(certificateHold\)/,
      problems: ['cert-revoked'],
    },
    {
      name: 'a stale CRL still counts and says so',
      files: PKI,
      target: 'pki/revoked.pem',
      now: new Date('2026-03-01T00:00:00Z'),
      state: 'revoked',
      text: /stale CRL \(next update was due 2026-02-01\)/,
      problems: ['cert-revoked'],
    },
    {
      name: 'a CRL not yet issued at now is not used',
      files: PKI,
      target: 'pki/revoked.pem',
      now: new Date('2025-11-01T00:00:00Z'),
      state: 'unchecked',
      text: /not yet issued/,
      problems: [],
    },
    {
      name: 'CRL inside a PKCS#7 bundle',
      files: ['pki/bundle.p7b', 'pki/revoked.pem'],
      target: 'pki/revoked.pem',
      state: 'revoked',
      text: /per pki\/bundle\.p7b #3/,
      problems: ['cert-revoked'],
    },
    { name: 'the CRL file itself is clean', files: PKI, target: 'pki/ica.crl', problems: [] },
    {
      name: 'CRL signed by another key: crl-bad-signature on the CRL',
      files: ['bad-signature/ica.pem', 'bad-signature/wrong-key.crl', 'bad-signature/leaf.pem'],
      target: 'bad-signature/wrong-key.crl',
      problems: ['crl-bad-signature'],
    },
    {
      name: 'a certificate covered only by a badly signed CRL: unchecked, never revoked',
      files: ['bad-signature/ica.pem', 'bad-signature/wrong-key.crl', 'pki/revoked.pem'],
      target: 'pki/revoked.pem',
      state: 'unchecked',
      text: /does not verify/,
      problems: [],
    },
    {
      name: 'delta CRL: a readable, supported CRL block (RFC 5280 §5.2.4)',
      files: ['delta/ica.pem', 'delta/ica-delta.crl', 'delta/revoked.pem'],
      target: 'delta/ica-delta.crl',
      problems: [],
    },
    {
      name: 'delta CRL without its complete CRL: the certificate is not judged by it',
      files: ['delta/ica.pem', 'delta/ica-delta.crl', 'delta/revoked.pem'],
      target: 'delta/revoked.pem',
      state: 'unchecked',
      text: /only a delta CRL, with no complete CRL/,
      problems: [],
    },
    {
      name: 'onlyContainsCACerts: a leaf on it is out of scope',
      files: ['scope/ica.pem', 'scope/ica-ca-only.crl', 'scope/revoked.pem'],
      target: 'scope/revoked.pem',
      state: 'unchecked',
      text: /limited to CA certificates/,
      problems: [],
    },
    {
      name: 'issuer certificate nowhere: unchecked, no crl-bad-signature',
      files: ['pki/ica.crl', 'pki/revoked.pem'],
      target: 'pki/revoked.pem',
      state: 'unchecked',
      text: /no certificate of "CertLens RV ICA"/,
      problems: [],
    },
    { name: 'no CRL of the issuer: no status at all', files: ['pki/ica.pem', 'pki/revoked.pem'], target: 'pki/revoked.pem', problems: [] },
    { name: 'the ICA itself (issued by the root, no root CRL): no status', files: PKI, target: 'pki/ica.pem', problems: [] },
    // Malformed CRLs: never throw, never revoke.
    {
      name: 'CRL with a flipped signature byte: crl-bad-signature',
      files: PKI,
      target: 'pki/ica.crl',
      bodies: { 'pki/ica.crl': crlPem('pki/ica.crl', (d) => flip(d, d.length - 5)) },
      problems: ['crl-bad-signature'],
    },
    {
      name: 'CRL with trailing bytes: crl-unsupported, cannot be read',
      files: PKI,
      target: 'pki/ica.crl',
      bodies: { 'pki/ica.crl': crlPem('pki/ica.crl', (d) => concat(d, [0, 0])) },
      problems: ['crl-unsupported'],
    },
    {
      name: 'CRL truncated: decode problem only',
      files: PKI,
      target: 'pki/ica.crl',
      bodies: { 'pki/ica.crl': crlPem('pki/ica.crl', (d) => d.subarray(0, d.length - 30)) },
      problems: [],
    },
    {
      name: 'CRL as CRLF text with a BOM and junk between blocks',
      files: PKI,
      target: 'pki/revoked.pem',
      bodies: { 'pki/ica.crl': `\uFEFFjunk\r\n${text('pki/ica.crl').replace(/\n/g, '\r\n')}more junk\r\n` },
      state: 'revoked',
      problems: ['cert-revoked'],
    },
    {
      name: 'revoked leaf and its CRL in one unsaved buffer',
      files: ['pki/ica.pem', 'buffer.pem'],
      target: 'buffer.pem',
      bodies: { 'buffer.pem': text('pki/revoked.pem') + text('pki/ica.crl') },
      state: 'revoked',
      text: /per buffer\.pem #2/,
      problems: ['cert-revoked'],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await run(c);
      assert.deepEqual(r.problems.map((p) => p.code).sort(), [...c.problems].sort(), r.problems.map((p) => p.message).join('; '));
      for (const p of r.problems) assert.equal(p.severity, REVOCATION_CODES[p.code].severity);
      const s = r.statuses.find((x) => x.ref.file === c.target);
      if (c.state === undefined) assert.equal(s, undefined, s?.text);
      else {
        assert.equal(s?.state, c.state, s?.text);
        if (c.text) assert.match(s.text, c.text);
      }
    });
  }

  it('cert-revoked sits on the certificate block and names the CRL', async () => {
    const r = await run({ files: PKI, target: 'pki/revoked.pem' });
    const p = r.problems[0]!;
    assert.equal(p.ref.index, 0);
    assert.deepEqual(p.span, (await decode('pki/revoked.pem'))[0]!.span);
    assert.match(p.message, /^certificate revoked on 2025-09-01 \(keyCompromise.*\) per pki\/ica\.crl/);
    assert.equal(r.statuses[0]!.revokedAt, '2025-09-01T00:00:00.000Z');
    assert.equal(r.statuses[0]!.reason, 'keyCompromise');
    assert.deepEqual(r.statuses[0]!.crl, { file: 'pki/ica.crl', index: 0 });
  });

  it('stays linear: 2,000 certificates against one CRL of the issuer', async () => {
    const leaf = (await decode('pki/good.pem'))[0]!;
    const items = Array.from({ length: 2000 }, () => leaf);
    const files = [
      { file: 'pki/ica.pem', items: await decode('pki/ica.pem') },
      { file: 'pki/ica.crl', items: await decode('pki/ica.crl') },
    ];
    const prepared = prepareRevocation(files, () => files.flatMap((f) => f.items.map((i) => i.der)));
    const r = await checkRevocation(prepared, 'many.pem', items, NOW);
    assert.equal(r.statuses.length, 2000);
    assert.ok(r.statuses.every((s) => s.state === 'good'));
  });
});

function flip(d: Uint8Array, i: number): Uint8Array {
  const c = d.slice();
  c[i] = c[i]! ^ 0x01;
  return c;
}
function concat(d: Uint8Array, extra: number[]): Uint8Array {
  return new Uint8Array([...d, ...extra]);
}
