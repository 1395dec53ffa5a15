/**
 * Revocation and policies inside validatePath (path-checks.ts) on the
 * generated fixtures (scripts/gen-policy-revocation-fixtures.sh), at a fixed
 * clock: CRL inputs that are junk never throw, and the revocation outcome
 * per certificate follows RFC 5280 §6.3.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validatePath, type CertInput, type PathInput } from '../../../../src/core/chain/index';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'policy-revocation');
const NOW = new Date('2026-01-01T00:00:00Z');
const der = (f: string): Uint8Array =>
  new Uint8Array(
    Buffer.from(
      readFileSync(join(DIR, f), 'utf8')
        .replace(/-----[^-]+-----/g, '')
        .replace(/\s+/g, ''),
      'base64',
    ),
  );
const crl = der('unknown/ica.crl');

function run(crls: CertInput<string>[], extra: Partial<PathInput<string>> = {}) {
  return validatePath<string>({
    target: { der: der('unknown/leaf.pem'), ref: 'leaf' },
    intermediates: [{ der: der('unknown/ica.pem'), ref: 'ica' }],
    anchors: [{ der: der('root.pem'), ref: 'root', source: 'extra' }],
    now: NOW,
    crls,
    ...extra,
  });
}

describe('validatePath with CRLs', () => {
  it('a CRL limited to keyCompromise: the leaf is unknown, the ICA (no CRL of the root) unchecked', async () => {
    const r = await run([{ der: crl, ref: 'ica.crl' }]);
    assert.ok(r.ok);
    assert.deepEqual(
      r.best?.revocation?.map((x) => `${x.ref}:${x.state}`),
      ['leaf:unknown', 'ica:unchecked'],
    );
    assert.match(r.best?.revocation?.[0]?.detail ?? '', /do not cover every revocation reason/);
  });

  it('requireRevocation turns an undetermined status into revocation-unknown', async () => {
    const r = await run([{ der: crl, ref: 'ica.crl' }], { requireRevocation: true });
    assert.equal(r.ok, false);
    assert.equal(r.reason?.code, 'revocation-unknown');
  });

  it('requireRevocation with no CRL at all fails too', async () => {
    const r = await run([], { requireRevocation: true });
    assert.equal(r.reason?.code, 'revocation-unknown');
  });

  const junk: Array<[string, Uint8Array]> = [
    ['empty', new Uint8Array()],
    ['random bytes', Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 255)],
    ['truncated CRL', crl.subarray(0, crl.length - 20)],
    ['trailing bytes', Uint8Array.from([...crl, 0, 0])],
    ['a certificate given as a CRL', der('root.pem')],
  ];
  for (const [name, bytes] of junk) {
    it(`junk CRL (${name}): listed as unparsable, never thrown`, async () => {
      const r = await run([{ der: bytes, ref: 'junk' }]);
      assert.ok(r.ok);
      assert.ok(r.unparsable.some((u) => u.ref === 'junk'));
      const hard = await run([{ der: bytes, ref: 'junk' }], { requireRevocation: true });
      assert.equal(hard.reason?.code, 'revocation-unknown');
    });
  }

  it('a CRL signed by nobody on the path (the leaf names another issuer) decides nothing', async () => {
    const r = await validatePath<string>({
      target: { der: der('policy/ok.pem'), ref: 'ok' },
      intermediates: [{ der: der('policy/ica.pem'), ref: 'ica' }],
      anchors: [{ der: der('root.pem'), ref: 'root', source: 'extra' }],
      now: NOW,
      crls: [{ der: crl, ref: 'ica.crl' }],
    });
    assert.ok(r.ok);
    assert.deepEqual(r.best?.policies, ['1.3.6.1.4.1.55555.1.1']);
    assert.ok(r.best?.revocation?.every((x) => x.state === 'unchecked'));
  });
});

describe('validatePath policies without CRLs or policy inputs', () => {
  it('a path whose certificates assert policies still reports them (the quick path skips only paths without any)', async () => {
    const r = await validatePath<string>({
      target: { der: der('policy/ok.pem'), ref: 'ok' },
      intermediates: [{ der: der('policy/ica.pem'), ref: 'ica' }],
      anchors: [{ der: der('root.pem'), ref: 'root', source: 'extra' }],
      now: NOW,
    });
    assert.ok(r.ok, JSON.stringify(r.failures));
    assert.deepEqual(r.best?.policies, ['1.3.6.1.4.1.55555.1.1']);
    assert.equal(r.best?.revocation, undefined);
  });

  it('a path without policy extensions has the empty policy set', async () => {
    const r = await run([]);
    assert.ok(r.ok, JSON.stringify(r.failures));
    assert.deepEqual(r.best?.policies, []);
  });
});
