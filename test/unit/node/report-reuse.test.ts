import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { decodeText } from '../../../src/core/analysis/decode';
import { DEFAULT_THRESHOLDS } from '../../../src/core/lint/expiry';
import { nodeDigest } from '../../../src/node/digest';
import { applyState, chainReuse, runReport, type ReportJob } from '../../../src/node/report-job';

const CHAIN = join(__dirname, '..', '..', 'fixtures', 'chain');
const decode = (name: string) => decodeText(readFileSync(join(CHAIN, name), 'utf8'), { digest: nodeDigest });
const DAY = 86_400_000;

describe('chain findings reused across clock ticks', () => {
  it('the same decode against the same pool reuses its chain findings until the clock crosses a validity bound', async () => {
    // leaf.pem: 2025-06-01 to 2026-06-01, under ica.pem (2025–2030) under root.pem.
    const [leaf, ica, root] = await Promise.all([decode('leaf.pem'), decode('ica.pem'), decode('root.pem')]);
    const anchors = root.items.map((i) => ({ der: i.der, source: 'store' as const, label: 'trust store' }));
    await applyState({ kind: 'workspace', files: [{ file: 'ica.pem', order: 'ica.pem', items: ica.items }], anchors, policy: {} });
    const job = (nowMs: number, decodeId?: string): ReportJob => ({
      kind: 'report',
      file: 'leaf.pem',
      decoded: { items: leaf.items, problems: leaf.problems },
      withWorkspace: true,
      nowMs,
      ...(decodeId !== undefined && { decodeId }),
      thresholds: DEFAULT_THRESHOLDS,
      disabled: [],
      extra: [],
    });
    const fresh = (nowMs: number) => runReport(job(nowMs));
    const t0 = Date.UTC(2025, 8, 1);
    const { reused, built } = chainReuse.stats;
    const first = await runReport(job(t0, 'd1'));
    assert.equal(first.verdicts.length, 1);
    assert.equal(chainReuse.stats.built, built + 1);

    // An hour later, then a month (the leaf's warning starts, its lint changes): the chains are the last build's.
    for (const t of [t0 + 3_600_000, t0 + 30 * DAY, Date.UTC(2026, 4, 20)]) {
      const tick = await runReport(job(t, 'd1'));
      assert.equal(tick.verdicts, first.verdicts, `at ${new Date(t).toISOString()} the chains were built again`);
      assert.ok(isDeepStrictEqual(tick, await fresh(t)), `at ${new Date(t).toISOString()} the reused report differs from a fresh one`);
    }
    assert.equal(chainReuse.stats.reused, reused + 3);
    const expiring = await runReport(job(Date.UTC(2026, 4, 20), 'd1'));
    assert.ok(
      expiring.findings.some((f) => f.code === 'cert-expiring'),
      'the lint was not built again at the tick',
    );

    // Past the leaf's notAfter: built again, and now expired.
    const after = Date.UTC(2026, 5, 2);
    const expired = await runReport(job(after, 'd1'));
    assert.notEqual(expired.verdicts, first.verdicts);
    assert.ok(isDeepStrictEqual(expired, await fresh(after)));

    // Another decode of the file (an edit), or a change to the pool: built again.
    const builtBefore = chainReuse.stats.built;
    await runReport(job(after, 'd2'));
    await runReport(job(after + 1000, 'd2'));
    assert.equal(chainReuse.stats.built, builtBefore + 1);
    await applyState({ kind: 'workspace-change', file: 'ica.pem', order: 'ica.pem', items: ica.items, poolChanged: true, pairing: false });
    const repooled = await runReport(job(after + 2000, 'd2'));
    assert.equal(chainReuse.stats.built, builtBefore + 2);
    assert.ok(isDeepStrictEqual(repooled, await fresh(after + 2000)));
  });

  it('an intermediate of the pool expiring between two ticks builds the chains again', async () => {
    const [leaf, ica, root] = await Promise.all([decode('leaf-expired-ica.pem'), decode('ica-expired.pem'), decode('root.pem')]);
    const anchors = root.items.map((i) => ({ der: i.der, source: 'store' as const, label: 'trust store' }));
    await applyState({ kind: 'workspace', files: [{ file: 'ica-expired.pem', order: 'a', items: ica.items }], anchors, policy: {} });
    const job = (nowMs: number): ReportJob => ({
      kind: 'report',
      file: 'leaf-expired-ica.pem',
      decoded: { items: leaf.items, problems: leaf.problems },
      withWorkspace: true,
      nowMs,
      decodeId: 'x',
      thresholds: DEFAULT_THRESHOLDS,
      disabled: [],
      extra: [],
    });
    // ica-expired.pem: 2020-01-01 to 2021-01-01; the leaf's own bounds are in 2025–2026.
    const built = chainReuse.stats.built;
    const before = await runReport(job(Date.UTC(2020, 5, 1)));
    // Only the pool's intermediate has a bound between the two ticks.
    const at = Date.UTC(2021, 5, 1);
    const after = await runReport(job(at));
    assert.equal(chainReuse.stats.built, built + 2, 'the intermediate’s notAfter lies between the ticks: the chains were reused');
    assert.ok(!isDeepStrictEqual(after.verdicts, before.verdicts), 'the verdict did not change: the test proves nothing');
    assert.ok(after.verdicts.some((v) => v.code === 'chain-expired-intermediate'));
    assert.ok(isDeepStrictEqual(after, await runReport({ ...job(at), decodeId: 'fresh' })));
  });
});
