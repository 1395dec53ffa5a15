import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeFleet, type FleetAnalysis } from '../../../../src/core/lifecycle/analyze-fleet';
import type { FleetFile } from '../../../../src/core/lifecycle/fleet';
import { IncrementalFleet } from '../../../../src/core/lifecycle/incremental-fleet';
import { parsePolicy } from '../../../../src/core/lifecycle/policy';
import { LIFECYCLE, loadFleet, NOW } from './fixture-fleet';

/** Order-free view of a fleet analysis: findings per file, supersessions, identities. */
function canonical(a: FleetAnalysis): unknown {
  const sortJson = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).sort();
  return {
    findings: [...a.findings.entries()]
      .filter(([, l]) => l.length)
      .map(([f, l]) => [f, sortJson(l)])
      .sort(),
    superseded: sortJson([...a.superseded.entries()]),
    identities: sortJson(
      a.identities.map((i) => ({ key: i.key, label: i.label, certs: i.certificates.map((c) => c.sha256), at: [...i.locations.entries()] })),
    ),
  };
}

describe('IncrementalFleet', async () => {
  const dirs = ['ca-rotation', 'cross-signed', 'gap', 'key-reused', 'overlap', 'superseded', 'policy'];
  const all: FleetFile[] = [];
  for (const d of dirs) for (const f of await loadFleet(join(LIFECYCLE, d))) all.push({ file: `${d}/${f.file}`, items: f.items });
  const policy = parsePolicy(readFileSync(join(LIFECYCLE, 'policy', '.certlens.yaml'), 'utf8')).policy;
  const optionsTable = [{ now: NOW.getTime() }, { now: NOW.getTime(), overlapMinimumDays: 30, ...(policy && { policy }) }];

  it('equals analyzeFleet after adding every fixture file', () => {
    for (const options of optionsTable) {
      const inc = new IncrementalFleet(options);
      for (const f of all) inc.set(f.file, f.items);
      const want = analyzeFleet(all, options);
      assert.ok(want.findings.size > 3 && want.superseded.size > 0, 'the fixtures have fleet findings and supersessions');
      assert.deepEqual(canonical(inc.analysis()), canonical(want));
    }
  });

  it('a leaf-only change under a CA rotation updates the bundle findings that name it', () => {
    const options = { now: NOW.getTime() };
    for (const leaf of all.filter((f) => f.file.startsWith('ca-rotation/dev-'))) {
      const inc = new IncrementalFleet(options);
      for (const f of all) inc.set(f.file, f.items);
      const before = JSON.stringify(canonical(inc.analysis()));
      inc.set(leaf.file, undefined);
      const rest = all.filter((f) => f !== leaf);
      assert.deepEqual(canonical(inc.analysis()), canonical(analyzeFleet(rest, options)));
      assert.notEqual(JSON.stringify(canonical(inc.analysis())), before, `removing ${leaf.file} changes the fleet`);
    }
  });

  it('equals analyzeFleet after any sequence of file additions, changes and removals', () => {
    const names = all.map((f) => f.file);
    // A "change" swaps a file's items for another file's (a renewal, a replaced bundle), under its own name.
    const step = fc.record({ file: fc.nat(names.length - 1), source: fc.option(fc.nat(names.length - 1), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), fc.nat(1), (steps, o) => {
        const options = optionsTable[o] ?? { now: NOW.getTime() };
        const inc = new IncrementalFleet(options);
        const state = new Map<string, FleetFile['items']>();
        for (const s of steps) {
          const file = names[s.file] ?? '';
          const items = s.source === undefined ? undefined : all[s.source]?.items;
          inc.set(file, items);
          if (items) state.set(file, items);
          else state.delete(file);
          if (steps.length % 3 === 0) inc.analysis(); // sometimes between steps, sometimes only at the end
        }
        const files = [...state.entries()].map(([file, items]) => ({ file, items })).sort((a, b) => (a.file < b.file ? -1 : 1));
        assert.deepEqual(canonical(inc.analysis()), canonical(analyzeFleet(files, options)));
      }),
      { numRuns: 150, seed: 14 },
    );
  });
});
