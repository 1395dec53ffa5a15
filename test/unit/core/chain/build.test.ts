/**
 * Path building (issue 12 §4): key rollover, same-name anchors and
 * intermediates, lying AKIs, and the candidate index. Certificates are
 * generated in memory with fixed dates; the clock is fixed.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createPathValidator, validatePath, type CertInput } from '../../../../src/core/chain/index.js';
import { issue, newCa, sameName, FIXTURE_NOW, type Ca } from '../../../../scripts/lib/adversarial-pki';

const NOW = FIXTURE_NOW;
const cert = (ref: string, der: Uint8Array): CertInput<string> => ({ der, ref });

describe('path building: names and keys', () => {
  let root: Ca;
  let rootDer: Uint8Array;
  before(async () => {
    root = await newCa('Rollover Root');
    rootDer = await issue(root, root);
  });

  it('a target equal to an anchor in name and key (a re-issued root) reaches that anchor', async () => {
    // Same name, same key, other validity: another DER, the same RFC 4158 identity.
    const reissued = await issue(root, root, { ca: true, from: new Date('2025-06-01T00:00:00Z') });
    const r = await validatePath({
      target: cert('reissued', reissued),
      anchors: [{ ...cert('root', rootDer), source: 'extra' }],
      now: NOW,
      kind: 'client',
    });
    assert.equal(r.ok, true, JSON.stringify(r.failures));
    assert.deepEqual(
      r.best?.certs.map((c) => c.ref),
      ['reissued', 'root'],
    );
  });

  it('an anchor with the same name as an intermediate: the intermediate is still tried', async () => {
    const ica = await newCa('Shared Name');
    const impostor = await newCa('Shared Name');
    const leaf = await newCa('leaf.example');
    const r = await validatePath({
      target: cert('leaf', await issue(leaf, ica, { ca: false, dns: 'leaf.example' })),
      intermediates: [cert('ica', await issue(ica, root))],
      anchors: [
        { ...cert('impostor', await issue(impostor, impostor)), source: 'extra' },
        { ...cert('root', rootDer), source: 'extra' },
      ],
      now: NOW,
      kind: 'client',
    });
    assert.equal(r.ok, true, JSON.stringify(r.failures));
    assert.deepEqual(
      r.best?.certs.map((c) => c.ref),
      ['leaf', 'ica', 'root'],
    );
  });

  it('several anchors and intermediates with one subject and different keys: the one valid path is found', async () => {
    const same = await Promise.all([0, 1, 2, 3, 4].map(() => newCa('One Name')));
    const [a1, a2, a3, i1, i2] = same as [Ca, Ca, Ca, Ca, Ca];
    const leaf = await newCa('leaf.example');
    const r = await validatePath({
      target: cert('leaf', await issue(leaf, i2, { ca: false, dns: 'leaf.example' })),
      // i2 <- i1 <- a3, all named "One Name"; a1 and a2 are decoys, one of them expired.
      intermediates: [cert('i1', await issue(i1, a3)), cert('i2', await issue(i2, i1))],
      anchors: [
        { ...cert('a1', await issue(a1, a1)), source: 'extra' },
        { ...cert('a2', await issue(a2, a2, { ca: true, from: new Date('2020-01-01Z'), to: new Date('2021-01-01Z') })), source: 'extra' },
        { ...cert('a3', await issue(a3, a3)), source: 'extra' },
      ],
      now: NOW,
      kind: 'client',
    });
    assert.equal(r.ok, true, JSON.stringify(r.failures));
    assert.deepEqual(
      r.best?.certs.map((c) => c.ref),
      ['leaf', 'i2', 'i1', 'a3'],
    );
  });

  it('an AKI that names the wrong key: every same-name candidate is tried before giving up', async () => {
    const ica = await newCa('Lying ICA');
    const other = await newCa('Lying ICA');
    const leaf = await newCa('leaf.example');
    // The leaf's AKI names `other`, but `ica` signed it.
    const leafDer = await issue(leaf, ica, { ca: false, dns: 'leaf.example', akiFrom: other.keys.publicKey });
    const r = await validatePath({
      target: cert('leaf', leafDer),
      intermediates: [cert('other', await issue(other, root)), cert('ica', await issue(ica, root))],
      anchors: [{ ...cert('root', rootDer), source: 'extra' }],
      now: NOW,
      kind: 'client',
    });
    assert.equal(r.ok, true, JSON.stringify(r.failures));
    assert.deepEqual(
      r.best?.certs.map((c) => c.ref),
      ['leaf', 'ica', 'root'],
    );
    assert.ok(r.failures.some((f) => f.code === 'bad-signature' && f.culprit === 'other'));
  });
});

describe('path building: the candidate index', () => {
  /** Steps to validate the leaf under the last of n self-signed CAs sharing a name. */
  async function stepsFor(n: number): Promise<number> {
    const certs = await sameName(n);
    const leaf = certs[certs.length - 1];
    assert.ok(leaf);
    const v = createPathValidator({
      anchors: certs.slice(0, -1).map((c) => ({ der: c.der, ref: c.name, source: 'extra' as const })),
    });
    const r = await v.validate({ der: leaf.der, ref: 'leaf' }, { now: NOW, kind: 'client' });
    assert.equal(r.ok, true, JSON.stringify(r.failures.slice(0, 3)));
    assert.equal(r.best?.anchor.ref, `root-${n - 1}`);
    return r.steps ?? Infinity;
  }

  it('two hundred same-named CAs cost what ten do when the AKI names one (subject+SKI index)', async () => {
    const ten = await stepsFor(10);
    const many = await stepsFor(200);
    assert.equal(many, ten);
    assert.equal(many, 1);
  });
});
