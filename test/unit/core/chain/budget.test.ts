/**
 * Path-building budgets (issue 16 §2): on the adversarial CA sets of
 * test/fixtures/chain-adversarial (scripts/gen-adversarial-chain-fixtures.ts)
 * every verdict is either the correct one or `chain-budget-exceeded`, never a
 * silent wrong one, whatever the budget. No timed assertions: the time budget
 * is driven by a fake clock.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText } from '../../../../src/core/analysis/decode';
import { DEFAULT_BUDGET, ScanBudget, TargetTimer, type BudgetLimits } from '../../../../src/core/chain/budget';
import type { ChainVerdict } from '../../../../src/core/chain/findings';
import { prepareWorkspace, type DecodedWorkspaceFile } from '../../../../src/core/chain/workspace';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'chain-adversarial');
const NOW = new Date('2026-01-01T00:00:00Z');

async function load(set: string, spread: boolean): Promise<DecodedWorkspaceFile[]> {
  const paths = spread ? readdirSync(join(DIR, set)).map((f) => join(set, f)) : [`${set}.pem`];
  return Promise.all(paths.map(async (p) => ({ file: p, items: (await decodeText(readFileSync(join(DIR, p), 'utf8'))).items })));
}

/** The verdict on the leaf of a set, scanned as one folder or one file. */
async function leafVerdict(set: string, spread: boolean, budget?: BudgetLimits, clock?: () => number): Promise<ChainVerdict> {
  const files = await load(set, spread);
  const ws = prepareWorkspace(files, [], { ...(budget && { budget }), ...(clock && { clock }) });
  let leaf: ChainVerdict | undefined;
  for (const f of files) {
    const { verdicts } = await ws.findings(f.file, f.items, NOW);
    leaf ??= verdicts.find((v) => v.path[0]?.subject.includes('leaf.'));
    // No verdict may claim a path that ends anywhere but a valid root.
    for (const v of verdicts) if (v.ok) assert.ok(v.anchor, `${f.file}: ok without an anchor`);
  }
  assert.ok(leaf, `${set}: no verdict on the leaf`);
  return leaf;
}

const DEAD = ['chain-invalid', 'chain-expired-intermediate'];
const TINY: BudgetLimits = { ...DEFAULT_BUDGET, steps: 40, freeSteps: 8, scanSteps: 50 };

describe('adversarial CA sets: correct or chain-budget-exceeded', () => {
  // [set, the correct leaf verdict codes, ok]; with no valid path, "no anchor above" or the expired root that breaks it.
  const sets: [string, string[], boolean][] = [
    ['mesh', ['chain-invalid'], false],
    ['mesh-expired-root', DEAD, false],
    ['layered', ['chain-private-root'], true],
    ['layered-dead', DEAD, false],
  ];
  for (const [set, code, ok] of sets)
    for (const spread of [true, false])
      for (const [label, budget] of [
        ['default budget', undefined],
        ['tiny budget', TINY],
      ] as const)
        it(`${set} (${spread ? 'one file per certificate' : 'one file'}, ${label})`, async () => {
          const v = await leafVerdict(set, spread, budget);
          if (v.code === 'chain-budget-exceeded') assert.equal(v.ok, false);
          else {
            assert.ok(code.includes(v.code), `${v.code}: ${v.text}`);
            assert.equal(v.ok, ok, v.text);
          }
          // With the default budget these sets are decided.
          if (!budget) assert.notEqual(v.code, 'chain-budget-exceeded', v.text);
        });

  it('all the sets in one scan (same names, other keys): every leaf decided, as when scanned alone', async () => {
    // Four layered sets share their layer names and four meshes theirs, so a name reaches a valid root
    // through one set while the same name in another set is a dead end; the search must not walk
    // those dead ends once per path through them (the budget ran out on 224 of the 399 certificates).
    // The first target into a dead layered set still pays for proving it dead (some 840 signature
    // checks, over its own budget of 256): that one may say chain-budget-exceeded.
    const expected: Record<string, string[]> = {
      mesh: ['chain-invalid'],
      'mesh-expired-root': DEAD,
      layered: ['chain-private-root'],
      'layered-dead': DEAD,
    };
    const files = (await Promise.all(Object.keys(expected).flatMap((set) => [load(set, true), load(set, false)]))).flat();
    const ws = prepareWorkspace(files, []);
    const exceeded: string[] = [];
    for (const f of files) {
      const { problems, verdicts } = await ws.findings(f.file, f.items, NOW);
      exceeded.push(...problems.filter((p) => p.code === 'chain-budget-exceeded').map(() => f.file));
      const leaf = verdicts.find((v) => v.path[0]?.subject.includes('leaf.'));
      const set = f.file.replace(/(\.pem$|\/.*)/, '');
      if (leaf && (f.file.endsWith('/leaf.pem') || !f.file.includes('/'))) {
        assert.ok(expected[set]?.includes(leaf.code), `${f.file}: ${leaf.code}: ${leaf.text}`);
        assert.equal(leaf.ok, set === 'layered', leaf.text);
      }
    }
    assert.ok(exceeded.length <= 2, exceeded.join(', '));
  });

  it("a step budget smaller than the search gives chain-budget-exceeded, not the probe's partial verdict", async () => {
    const v = await leafVerdict('mesh-expired-root', true, TINY);
    assert.equal(v.code, 'chain-budget-exceeded');
    assert.equal(v.ok, false);
  });

  it('a clock that runs out gives chain-budget-exceeded, not a verdict', async () => {
    let t = 0;
    const clock = (): number => (t += 1000); // every reading is a second later
    const v = await leafVerdict('layered', true, undefined, clock);
    assert.equal(v.code, 'chain-budget-exceeded');
    assert.equal(v.ok, false);
    assert.match(v.text, /work budget/);
  });
});

describe('ScanBudget', () => {
  const limits: BudgetLimits = { ...DEFAULT_BUDGET, steps: 100, freeSteps: 10, scanSteps: 25, targetMs: 50, freeMs: 5, scanMs: 12 };

  it('only work beyond the free allowance drains the scan pool; then targets get the allowance alone', () => {
    const b = new ScanBudget(limits);
    assert.deepEqual(b.next(), { signatures: 256, steps: 35 });
    b.charge(10, 0); // within the allowance
    assert.deepEqual(b.remaining(), { steps: 25, ms: 12 });
    b.charge(30, 0);
    assert.deepEqual(b.remaining(), { steps: 5, ms: 12 });
    assert.equal(b.next().steps, 15);
    b.charge(1000, 0);
    assert.equal(b.next().steps, 10);
  });

  it('with a clock, a time from the per-target and scan limits, and no reading until the search needs one', () => {
    let reads = 0;
    const b = new ScanBudget(limits, () => (reads++, 100));
    assert.equal(b.next().ms, 17);
    b.charge(0, 100);
    assert.equal(b.next().ms, 5);
    assert.equal(reads, 0);
  });

  it('TargetTimer: starts on its first reading, expires past its milliseconds, elapsed 0 without a reading', () => {
    let t = 0;
    const timer = new TargetTimer(() => t, 10);
    assert.equal(timer.elapsed(), 0);
    t = 50;
    assert.equal(timer.expired(), false, 'the first reading starts it');
    t = 60;
    assert.equal(timer.expired(), false);
    t = 61;
    assert.equal(timer.expired(), true);
    assert.equal(timer.elapsed(), 11);
    assert.equal(new TargetTimer(() => 0, 0).expired(), true, 'no time at all');
  });

  it('malformed limits (negative, NaN) never widen the budget', () => {
    const b = new ScanBudget({ ...limits, scanSteps: -5 });
    assert.ok(b.next().steps <= limits.freeSteps);
    const c = new ScanBudget({ ...limits, steps: Number.NaN, scanMs: Number.POSITIVE_INFINITY }, () => 0);
    assert.equal(c.next().steps, 0);
    assert.equal(c.next().ms, limits.freeMs);
  });
});
