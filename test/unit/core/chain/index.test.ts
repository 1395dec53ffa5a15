import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EKU_OIDS, createPathValidator, validatePath, type PathInput, type ReasonCode } from '../../../../src/core/chain/index.js';

const dir = join(__dirname, '..', '..', '..', 'fixtures', 'chain');
const NOW = new Date('2025-09-01T00:00:00Z');
function der(name: string): Uint8Array {
  const pem = readFileSync(join(dir, `${name}.pem`), 'utf8');
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
}
const c = (name: string) => ({ der: der(name), ref: name });
const anchor = (name: string) => ({ ...c(name), source: 'extra' as const });

function input(target: string, pool: string[], extra: Partial<PathInput<string>> = {}): PathInput<string> {
  return {
    target: c(target),
    intermediates: pool.map(c),
    anchors: [anchor('root')],
    now: NOW,
    peer: { kind: 'dns', value: 'leaf.example.com' },
    requiredEkus: [EKU_OIDS.serverAuth],
    ...extra,
  };
}

describe('validatePath on generated fixtures', () => {
  const failures: [string, PathInput<string>, ReasonCode, string][] = [
    ['SHA-1 signature', input('leaf-sha1', ['ica']), 'weak-signature', 'leaf-sha1'],
    ['MD5 signature', input('leaf-md5', ['ica']), 'weak-signature', 'leaf-md5'],
    ['RSA-1024 key', input('leaf-rsa1024', ['ica']), 'weak-key', 'leaf-rsa1024'],
    ['missing intermediate', input('leaf', []), 'missing-issuer', 'leaf'],
    ['expired intermediate', input('leaf-expired-ica', ['ica-expired']), 'expired', 'ica-expired'],
    ['not-a-CA issuer', input('leaf-under-notca', ['notca', 'ica']), 'not-ca', 'notca'],
    ['pathLen exceeded', input('leaf-pathlen', ['ica-sub', 'ica0']), 'pathlen-exceeded', 'ica0'],
    ['name constraints violated', input('leaf-nc', ['ica-nc']), 'name-constraints', 'ica-nc'],
    ['EKU mismatch', input('leaf-client', ['ica']), 'eku', 'leaf-client'],
    ['hostname mismatch', input('leaf', ['ica'], { peer: { kind: 'dns', value: 'other.example.com' } }), 'hostname-mismatch', 'leaf'],
    ['untrusted root', input('leaf', ['ica', 'root'], { anchors: [anchor('root2')] }), 'untrusted-root', 'root'],
    ['not yet valid', input('leaf', ['ica'], { now: new Date('2025-05-31T23:59:59Z') }), 'not-yet-valid', 'leaf'],
    [
      'garbage target',
      { ...input('leaf', ['ica']), target: { der: Uint8Array.of(0x30, 0x03, 0x02, 0x01), ref: 'junk' } },
      'malformed',
      'junk',
    ],
  ];
  for (const [name, inp, code, culprit] of failures) {
    it(`rejects: ${name}`, async () => {
      const r = await validatePath(inp);
      assert.equal(r.ok, false);
      assert.equal(r.reason?.code, code, JSON.stringify(r.failures));
      assert.equal(r.reason?.culprit, culprit);
    });
  }

  const successes: [string, PathInput<string>, string[]][] = [
    ['in order', input('leaf', ['ica']), ['leaf', 'ica', 'root']],
    ['misordered pool with junk and the root', input('leaf', ['root', 'leaf-nc', 'ica-expired', 'ica']), ['leaf', 'ica', 'root']],
    ['expired path beside a good one', input('leaf', ['ica-expired', 'ica', 'notca']), ['leaf', 'ica', 'root']],
    ['validity bounds are inclusive', input('leaf', ['ica'], { now: new Date('2026-06-01T00:00:00.900Z') }), ['leaf', 'ica', 'root']],
    ['ICA as trust anchor', input('leaf', [], { anchors: [anchor('ica')] }), ['leaf', 'ica']],
  ];
  for (const [name, inp, path] of successes) {
    it(`accepts: ${name}`, async () => {
      const r = await validatePath(inp);
      assert.equal(r.ok, true, JSON.stringify(r.failures));
      assert.deepEqual(
        r.best?.certs.map((x) => x.ref),
        path,
      );
    });
  }

  it('finds both paths of a cross-signed intermediate and ranks by expiry', async () => {
    const r = await validatePath(input('leaf', ['ica-cross', 'ica'], { anchors: [anchor('root'), anchor('root2')] }));
    assert.equal(r.validPaths.length, 2);
    assert.deepEqual(
      r.validPaths.map((p) => p.anchor.ref),
      ['root', 'root2'],
    );
    assert.equal(r.best?.expires, '2026-06-01T00:00:00.000Z');
    assert.equal(r.best?.expiresFirst, 'leaf');
    assert.equal(r.validPaths[1]!.certs[1]!.ref, 'ica-cross');
  });

  it('stops at the work budget', async () => {
    const r = await validatePath(input('leaf', ['ica'], { budget: 0 }));
    assert.equal(r.ok, false);
    assert.equal(r.reason?.code, 'budget-exceeded');
  });

  it('respects maxDepth', async () => {
    const r = await validatePath(input('leaf-pathlen', ['ica-sub', 'ica0'], { maxDepth: 0 }));
    assert.equal(r.ok, false);
    assert.ok(r.failures.some((f) => f.code === 'depth-exceeded' || f.code === 'pathlen-exceeded'));
  });

  it('lists junk in the pool as unparsable and still validates', async () => {
    const junk = { der: Uint8Array.of(0x30, 0x82, 0x01), ref: 'junk' };
    const r = await validatePath({ ...input('leaf', ['ica']), intermediates: [junk, c('ica')] });
    assert.equal(r.ok, true);
    assert.deepEqual(
      r.unparsable.map((u) => u.ref),
      ['junk'],
    );
  });

  it('reports sound issuers in chainPaths when only the leaf fails', async () => {
    const r = await validatePath(input('leaf', ['ica'], { peer: { kind: 'dns', value: 'other.example.com' } }));
    assert.equal(r.ok, false);
    assert.deepEqual(r.validPaths, []);
    assert.deepEqual(
      r.chainPaths[0]?.certs.map((x) => x.ref),
      ['leaf', 'ica', 'root'],
    );
  });

  it('reuses one index and its signature verdicts across targets', async () => {
    const v = createPathValidator({ intermediates: ['ica', 'ica-nc', 'ica-expired'].map(c), anchors: [anchor('root')] });
    const opts = { now: NOW, requiredEkus: [EKU_OIDS.serverAuth] };
    const leaf = c('leaf');
    const first = await v.validate(leaf, opts);
    const second = await v.validate(c('leaf-client'), { now: NOW });
    const again = await v.validate(leaf, opts);
    assert.equal(first.ok, true);
    assert.equal(second.ok, true);
    assert.equal(first.work, 2);
    assert.equal(second.work, 1, 'ica -> root is already verified');
    assert.equal(again.work, 0, 'cached verdicts cost no signature checks');
  });

  it('blames the certificate whose issuer is missing, without a false key-identifier hint', async () => {
    const r = await validatePath(input('leaf-nc', ['ica', 'leaf']));
    assert.equal(r.reason?.code, 'missing-issuer');
    assert.equal(r.reason?.culprit, 'leaf-nc');
    assert.doesNotMatch(r.reason?.message ?? '', /key identifier/);
  });

  it("accepts a store root on the store's authority but holds an extra anchor to the profile", async () => {
    const asStore = await validatePath(input('leaf-lax', [], { anchors: [{ ...c('root-lax'), source: 'store' }] }));
    const asExtra = await validatePath(input('leaf-lax', [], { anchors: [anchor('root-lax')] }));
    assert.equal(asStore.ok, true);
    assert.equal(asStore.best?.anchor.source, 'store');
    assert.equal(asExtra.ok, false);
    assert.equal(asExtra.reason?.code, 'profile');
    assert.equal(asExtra.reason?.culprit, 'root-lax');
  });

  it('never throws on truncated or corrupted DER, in the target or the pool', async () => {
    const good = der('leaf');
    const variants: Uint8Array[] = [new Uint8Array(0), Uint8Array.of(0x30), Uint8Array.of(0x30, 0x80, 0x00, 0x00)];
    for (let n = 1; n < good.length; n += 37) variants.push(good.slice(0, n));
    for (let i = 4; i < good.length; i += 53) {
      const flipped = good.slice();
      flipped[i] = flipped[i]! ^ 0xff;
      variants.push(flipped);
    }
    variants.push(Uint8Array.from([...good, 0x00])); // trailing byte after the DER value
    for (const v of variants) {
      const r = await validatePath({
        ...input('leaf', ['ica']),
        target: { der: v, ref: 'bad' },
        intermediates: [{ der: v, ref: 'bad-pool' }, c('ica')],
      });
      assert.equal(r.ok, false, `variant of length ${v.length} validated`);
      assert.ok(r.reason, 'a failing result names a reason');
    }
  });
});

describe('PathValidator.prefetch', () => {
  const pool = { intermediates: [c('ica')], anchors: [anchor('root')] };
  const options = { now: NOW, peer: { kind: 'dns' as const, value: 'leaf.example.com' }, requiredEkus: [EKU_OIDS.serverAuth] };
  it('changes neither the result nor the work the search counts (a prefetched check is counted as the search’s own)', async () => {
    const plain = await createPathValidator(pool).validate(c('leaf'), options);
    const validator = createPathValidator(pool);
    const leaf = c('leaf');
    validator.prefetch(leaf);
    const ahead = await validator.validate(leaf, options);
    assert.equal(plain.ok, true);
    assert.ok(plain.work > 0, 'the plain search verified signatures');
    assert.equal(ahead.work, plain.work);
    assert.deepEqual(
      ahead.validPaths.map((p) => p.certs.map((x) => x.ref)),
      plain.validPaths.map((p) => p.certs.map((x) => x.ref)),
    );
    // Validated again (the same DER buffer, as an editor re-renders): every verdict is cached.
    assert.equal((await validator.validate(leaf, options)).work, 0);
  });
  it('a target that does not parse is prefetched without a throw and validates as malformed', async () => {
    const validator = createPathValidator(pool);
    const bad = { der: new Uint8Array([0x30, 0x03, 0x02, 0x01]), ref: 'bad' };
    validator.prefetch(bad);
    const r = await validator.validate(bad, options);
    assert.equal(r.failures[0]?.code, 'malformed');
  });
});
