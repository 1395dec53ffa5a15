/**
 * Path building (issue 12 §4): key rollover, same-name anchors and
 * intermediates, lying AKIs, and the candidate index. Certificates are
 * generated in memory with fixed dates; the clock is fixed.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TargetTimer } from '../../../../src/core/chain/budget.js';
import { PathSearch, PoolIndex, type PoolEntry } from '../../../../src/core/chain/build.js';
import { parseCertificate } from '../../../../src/core/chain/certificate.js';
import type { CheckContext } from '../../../../src/core/chain/checks.js';
import { createPathValidator, validatePath, type CertInput } from '../../../../src/core/chain/index.js';
import { issue, newCa, sameName, FIXTURE_NOW, type Ca } from '../../../../scripts/lib/adversarial-pki';

const NOW = FIXTURE_NOW;
const cert = (ref: string, der: Uint8Array): CertInput<string> => ({ der, ref });
/** One fresh CA per name, as a tuple. */
const cas = <N extends string[]>(...names: N): Promise<{ [K in keyof N]: Ca }> =>
  Promise.all(names.map(newCa)) as Promise<{ [K in keyof N]: Ca }>;

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

describe('path building: proven dead ends', () => {
  const ctx: CheckContext = { now: NOW.getTime(), server: false, requiredEkus: [] };
  const limits = { maxDepth: 8, maxPaths: 4, signatures: 256, steps: 4096 };
  const entry = (ref: string, der: Uint8Array, anchor?: 'extra'): PoolEntry<string> => {
    const cert = parseCertificate(der);
    return anchor ? { cert, ref, anchor } : { cert, ref };
  };

  it('an issuer that fails only because of what lies below (pathLenConstraint) is not marked dead', async () => {
    const [root, ica1, ica2, ica3, l1, l2] = await cas('PL Root', 'PL 1', 'PL 2', 'PL 3', 'a.example', 'b.example');
    const entries = [
      entry('root', await issue(root, root), 'extra'),
      entry('ica1', await issue(ica1, root, { ca: true, pathLen: 1 })),
      entry('ica2', await issue(ica2, ica1)),
      entry('ica3', await issue(ica3, ica2)),
    ];
    const index = new PoolIndex(entries);
    // leaf1 <- ica3 <- ica2 <- ica1 (pathLen 1) <- root: two intermediates below ica1, one too many.
    const first = new PathSearch(index, ctx, limits, true);
    await first.extend([entry('leaf1', await issue(l1, ica3, { ca: false, dns: 'a.example' }))]);
    assert.equal(first.found.length, 0);
    assert.ok(first.failures.some((f) => f.code === 'pathlen-exceeded'));
    assert.equal(
      [...index.deadFor(ctx)].some((e) => e.ref === 'ica2' || e.ref === 'ica3'),
      false,
    );
    // leaf2 <- ica2 <- ica1 <- root is within the constraint, through the same ica2.
    const second = new PathSearch(index, ctx, limits, true);
    await second.extend([entry('leaf2', await issue(l2, ica2, { ca: false, dns: 'b.example' }))]);
    assert.deepEqual(
      second.found.map((p) => p.map((e) => e.ref)),
      [['leaf2', 'ica2', 'ica1', 'root']],
    );
  });

  it('a same-name CA whose only way up is an expired root is marked dead and skipped by the next search', async () => {
    const [good, old, ica, l1, l2] = await cas('Twin Root', 'Twin Root', 'Twin ICA', 'a.example', 'b.example');
    const expired = { ca: true, from: new Date('2020-01-01Z'), to: new Date('2021-01-01Z') };
    const entries = [
      entry('good', await issue(good, good), 'extra'),
      entry('old', await issue(old, old, expired), 'extra'),
      // The name "Twin Root" reaches a valid anchor, so name-level pruning keeps this ICA; its key does not.
      entry('ica', await issue(ica, old)),
    ];
    const index = new PoolIndex(entries);
    const first = new PathSearch(index, ctx, limits, true);
    await first.extend([entry('leaf1', await issue(l1, ica, { ca: false, dns: 'a.example' }))]);
    assert.equal(first.found.length, 0);
    assert.ok(first.failures.some((f) => f.code === 'expired' && f.culprit === 'old'));
    assert.deepEqual(
      [...index.deadFor(ctx)].map((e) => e.ref),
      ['ica', 'leaf1'],
    );
    const second = new PathSearch(index, ctx, limits, true);
    await second.extend([entry('leaf2', await issue(l2, ica, { ca: false, dns: 'b.example' }))]);
    assert.equal(second.found.length, 0);
    // One step (the dead ICA, skipped): no signature checked, nothing above it walked again.
    assert.equal(second.steps, 1);
    assert.equal(second.work, 0);
    assert.ok(second.failures.some((f) => f.code === 'no-anchor'));
  });
});

describe('path building: signature checks', () => {
  it('a key certified twice verifies a child once (verdicts are cached by issuer key, not certificate)', async () => {
    const [root, ica, leaf] = await cas('Key Root', 'Key ICA', 'leaf.example');
    const r = await validatePath({
      target: cert('leaf', await issue(leaf, ica, { ca: false, dns: 'leaf.example' })),
      // Two certificates of the same ICA key (a re-issue with other dates).
      intermediates: [
        cert('ica-a', await issue(ica, root)),
        cert('ica-b', await issue(ica, root, { ca: true, to: new Date('2034-06-01Z') })),
      ],
      anchors: [{ ...cert('root', await issue(root, root)), source: 'extra' }],
      now: NOW,
      kind: 'client',
    });
    assert.equal(r.ok, true, JSON.stringify(r.failures));
    assert.equal(r.validPaths.length, 2);
    // leaf by the ICA key once, each ICA certificate by the root key: 3, not 4.
    assert.equal(r.work, 3);
  });
});

describe('path building: the time budget', () => {
  it('reads the clock every 8th step: not on every step, nor on the first (ordinary chains end before the 8th)', async () => {
    const certs = await sameName(30);
    const leaf = certs[certs.length - 1];
    assert.ok(leaf);
    // Thirty same-name CAs and no anchor: every one is a candidate for the leaf.
    const index = new PoolIndex(certs.slice(0, -1).map((c) => ({ cert: parseCertificate(c.der), ref: c.name })));
    let reads = 0;
    const clock = (): number => (reads++, 0);
    const ctx: CheckContext = { now: NOW.getTime(), server: false, requiredEkus: [] };
    const search = new PathSearch(index, ctx, { maxDepth: 8, maxPaths: 4, signatures: 256, steps: 4096, timer: new TargetTimer(clock, 1) });
    await search.extend([{ cert: parseCertificate(leaf.der), ref: 'leaf' }]);
    assert.equal(search.stopped, false);
    assert.ok(search.steps >= 30, `${search.steps} steps`);
    assert.equal(reads, Math.floor(search.steps / 8));
  });
});
