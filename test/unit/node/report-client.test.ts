import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { decodeText, type DecodedFile } from '../../../src/core/analysis/decode';
import { buildFileReport } from '../../../src/core/analysis/file-report';
import { DependantsIndex } from '../../../src/core/chain/dependants-index';
import type { ChainAnchor } from '../../../src/core/chain/findings';
import { prepareWorkspace } from '../../../src/core/chain/workspace';
import { analyzeFleet, type FleetAnalysis } from '../../../src/core/lifecycle/analyze-fleet';
import { DEFAULT_THRESHOLDS } from '../../../src/core/lint/expiry';
import { storeRootFingerprints } from '../../../src/core/lint/profile';
import { cpuClockMs } from '../../../src/node/cpu-clock';
import { DecodeClient } from '../../../src/node/decode-client';
import { nodeDigest } from '../../../src/node/digest';
import { packedOf, SLICE } from '../../../src/node/packed';
import { describeChange, ReportWorkers, type ReportJob } from '../../../src/node/report-client';
import { applyState, runReport, supersessionsOf, type MirroredFile } from '../../../src/node/report-job';
import { JobCancelled } from '../../../src/node/worker-client';
import { bundleEditorWorker } from './editor-worker-bundle';

const root = join(__dirname, '..', '..', '..');
const FIXTURES = join(root, 'test', 'fixtures');
const DIRS = ['chain', 'chain-findings', join('lifecycle', 'superseded'), join('lifecycle', 'ca-rotation'), 'keys'];
// The lifecycle fixtures' clock (fixture-fleet.ts): db-old.pem expires soon and is superseded by db-new.pem.
const NOW = Date.UTC(2026, 5, 1);
const DISABLED = ['chain-root-included'];
/** The issuing CA of chain/leaf.pem and others: removing it breaks their chains. */
const ICA = join('chain', 'ica.pem');
const script = bundleEditorWorker('certlens-report-worker-');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

interface Fixture extends MirroredFile {
  readonly decoded: DecodedFile;
}

async function fixtures(): Promise<{ files: Fixture[]; anchors: ChainAnchor[] }> {
  const paths = DIRS.flatMap((d) => walk(join(FIXTURES, d))).filter((p) => /\.(pem|crt|key|cer)$/.test(p));
  const files: Fixture[] = [];
  for (const p of paths) {
    const decoded = await decodeText(readFileSync(p, 'utf8'), { digest: nodeDigest });
    const file = relative(FIXTURES, p);
    if (decoded.items.length > 0) files.push({ file, order: file, items: decoded.items, decoded });
  }
  files.sort((a, b) => (a.order < b.order ? -1 : 1));
  const roots = await Promise.all(
    ['chain-findings', 'chain'].map((d) => decodeText(readFileSync(join(FIXTURES, d, 'root.pem'), 'utf8'), { digest: nodeDigest })),
  );
  return { files, anchors: roots.flatMap((r) => r.items.map((i) => ({ der: i.der, source: 'store' as const, label: 'trust store' }))) };
}

/** The report as the extension built it on its main thread before the workers: core over a pool prepared from the files now. */
async function reference(files: readonly MirroredFile[], anchors: ChainAnchor[], f: Fixture, fleet: FleetAnalysis) {
  const workspace = prepareWorkspace(files, anchors, { policy: {}, clock: cpuClockMs, issuersOnly: true });
  const {
    file: _f,
    items: _i,
    text: _t,
    secrets: _s,
    ...rest
  } = await buildFileReport(
    { file: f.file, decoded: f.decoded },
    {
      now: new Date(NOW),
      thresholds: DEFAULT_THRESHOLDS,
      disabled: new Set(DISABLED),
      workspace,
      trustedRoots: await storeRootFingerprints(anchors),
      fleet: { identities: fleet.identities, superseded: fleet.superseded, findings: new Map() },
      extra: [],
    },
  );
  return rest;
}

function job(f: Fixture, fleet: FleetAnalysis, decoded: Pick<DecodedFile, 'items' | 'problems'> = f.decoded): ReportJob {
  return {
    kind: 'report',
    file: f.file,
    decoded: { items: decoded.items, problems: decoded.problems },
    withWorkspace: true,
    nowMs: NOW,
    thresholds: DEFAULT_THRESHOLDS,
    disabled: DISABLED,
    extra: [],
    superseded: supersessionsOf(decoded.items, [], fleet.superseded),
  };
}

const fleetOf = (files: readonly MirroredFile[]) => analyzeFleet(files, { now: NOW });

describe('report workers', () => {
  it('in a worker and on this thread, every fixture’s report is the main thread’s: chains, revocation, key pairing, supersessions', async () => {
    const { files, anchors } = await fixtures();
    assert.ok(files.length > 30);
    const fleet = fleetOf(files);
    assert.ok(fleet.superseded.size > 0, 'no supersession among the fixtures: the fleet input is not exercised');
    const workers = new ReportWorkers({ script });
    const state = { kind: 'workspace' as const, files, anchors, policy: {} };
    workers.reset(state);
    await applyState(state);
    try {
      let verdicts = 0;
      let superseded = 0;
      let lenses = 0;
      for (const f of files) {
        const want = await reference(files, anchors, f, fleet);
        verdicts += want.verdicts.length;
        superseded += want.findings.filter((p) => p.code === 'cert-superseded').length;
        lenses += want.keyLenses.length;
        assert.ok(isDeepStrictEqual(await workers.run(f.file, job(f, fleet), true), want), `${f.file}: the worker differs`);
        assert.ok(isDeepStrictEqual(await runReport(job(f, fleet)), want), `${f.file}: this thread differs`);
      }
      assert.ok(
        verdicts > 10 && superseded > 0 && lenses > 0,
        `only ${verdicts} verdicts, ${superseded} supersessions, ${lenses} key lenses`,
      );
      assert.equal(workers.onMainThread, false);
      assert.equal(workers.started, 1);
    } finally {
      workers.dispose();
    }
  });

  it('the mirror follows per-file changes (an issuer removed, a file added back, a key moved): the same reports as a pool prepared afresh', async () => {
    const { files, anchors } = await fixtures();
    const workers = new ReportWorkers({ script, idleMs: 0 });
    const current = new Map(files.map((f) => [f.file, f]));
    const index = new DependantsIndex(files);
    workers.reset({ kind: 'workspace', files, anchors, policy: {} });
    const intermediate = files.find((f) => f.file === ICA);
    const key = files.find((f) => f.items.some((i) => i.kind === 'private-key'));
    assert.ok(intermediate && key, 'the fixtures lack the intermediate or a key');
    const steps: Array<[string, Fixture | undefined]> = [
      [intermediate.file, undefined],
      ['moved/' + key.file, key],
      [key.file, undefined],
      [intermediate.file, intermediate],
    ];
    try {
      let changedPool = 0;
      for (const [file, f] of steps) {
        const before = current.get(file)?.items ?? [];
        const after = f && { ...f, file, order: file };
        const { change } = describeChange(index, file, file, before, after?.items);
        changedPool += Number(change.poolChanged);
        if (after) current.set(file, after);
        else current.delete(file);
        workers.change(change);
        const now = [...current.values()].sort((a, b) => (a.order < b.order ? -1 : 1));
        const fleet = fleetOf(now);
        for (const g of now) {
          const want = await reference(now, anchors, g, fleet);
          assert.ok(isDeepStrictEqual(await workers.run(g.file, job(g, fleet), true), want), `after ${file}: ${g.file} differs`);
        }
      }
      assert.ok(changedPool >= 2, 'no change touched the pool: the test proves nothing about re-preparing it');
      assert.equal(workers.started, 1);
    } finally {
      workers.dispose();
    }
  });

  it('a big file decoded in a worker: its items are posted on as their shared slices, and its report is the main thread’s', async () => {
    const { files, anchors } = await fixtures();
    const fleet = fleetOf(files);
    const f = files.find((x) => x.file === join('chain-findings', 'chain-ok', 'fullchain.pem'));
    assert.ok(f);
    const decoder = new DecodeClient({ script });
    const workers = new ReportWorkers({ script, bigItems: 10 });
    workers.reset({ kind: 'workspace', files, anchors, policy: {} });
    try {
      const decoded = await decoder.decode(f.file, {
        kind: 'text',
        text: readFileSync(join(FIXTURES, f.file), 'utf8').repeat(200),
        structured: false,
      });
      assert.ok(decoded.items.length > SLICE && packedOf(decoded.items), 'the decode did not come packed: the test proves nothing');
      const got = await workers.run(f.file, job(f, fleet, decoded), true);
      const want = await reference(files, anchors, { ...f, items: decoded.items, decoded }, fleet);
      assert.equal(want.statuses.length, decoded.items.length);
      assert.ok(isDeepStrictEqual(got, want), 'the report of the packed items differs from the main thread’s');
    } finally {
      decoder.dispose();
      workers.dispose();
    }
  });

  it('a cancelled big-file report stops its worker; the restarted worker gets the mirror (changes included) again', async () => {
    const { files, anchors } = await fixtures();
    const workers = new ReportWorkers({ script, bigItems: 10 });
    workers.reset({ kind: 'workspace', files, anchors, policy: {} });
    const fleet = fleetOf(files);
    const f = files.find((x) => x.file === join('chain-findings', 'chain-ok', 'fullchain.pem'));
    assert.ok(f);
    try {
      const pem = readFileSync(join(FIXTURES, f.file), 'utf8');
      const running = workers.run(f.file, job(f, fleet, await decodeText(pem.repeat(300), { digest: nodeDigest })), true);
      await new Promise((r) => setTimeout(r, 50));
      workers.cancel(f.file);
      await assert.rejects(running, JobCancelled);
      // A change while no worker runs: the restarted worker must see it (the intermediate is gone from the pool).
      const intermediate = files.find((x) => x.file === ICA);
      assert.ok(intermediate);
      const index = new DependantsIndex(files);
      workers.change(describeChange(index, intermediate.file, intermediate.order, intermediate.items, undefined).change);
      const rest = files.filter((x) => x !== intermediate);
      const bigger = await decodeText(pem.repeat(6), { digest: nodeDigest });
      const got = await workers.run(f.file, job(f, fleet, bigger), true);
      const want = await reference(rest, anchors, { ...f, items: bigger.items, decoded: bigger }, fleetOf(rest));
      assert.ok(isDeepStrictEqual(got, want), 'the restarted worker’s report differs from a pool without the intermediate');
      assert.equal(workers.started, 2);
    } finally {
      workers.dispose();
    }
  });

  it('with no worker (a script that cannot load), reports build on this thread from the same mirror', async () => {
    const { files, anchors } = await fixtures();
    const logs: string[] = [];
    const workers = new ReportWorkers({ script: join(tmpdir(), 'certlens-no-such-worker.js'), log: (m) => logs.push(m) });
    workers.reset({ kind: 'workspace', files, anchors, policy: {} });
    const fleet = fleetOf(files);
    try {
      for (const f of files.slice(0, 12)) {
        const want = await reference(files, anchors, f, fleet);
        assert.ok(isDeepStrictEqual(await workers.run(f.file, job(f, fleet), true), want), `${f.file}: the fallback differs`);
      }
      assert.equal(logs.length, 1, logs.join('\n'));
    } finally {
      workers.dispose();
    }
  });
});
