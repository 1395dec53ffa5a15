import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFleet, mergeFleetFindings } from '../../../../src/core/lifecycle/analyze-fleet';
import { decodeText } from '../../../../src/core/analysis/decode';
import { lintItems } from '../../../../src/core/lint/items';
import type { Problem } from '../../../../src/core/types';
import { LIFECYCLE, loadFleet, NOW } from './fixture-fleet';

const LIFECYCLE_CODE = /^(rotation-|trust-bundle-|cert-superseded|cert-expiring|policy-)/;

/** Exactly these lifecycle codes, on exactly these files; every other fixture file has none. */
const EXPECTED: Record<string, string[]> = {
  'overlap/web-2025.pem': ['cert-expiring'],
  'overlap/web-2026.pem': ['rotation-overlap-short'],
  'gap/api-old.pem': ['cert-expiring'],
  'gap/api-new.pem': ['rotation-gap'],
  'superseded/db-old.pem': ['cert-superseded'],
  'key-reused/mq-old.pem': ['cert-superseded'],
  'key-reused/mq-new.pem': ['rotation-key-reused'],
  'ca-rotation/ca-bundle-old.pem': ['trust-bundle-missing-new-ca'],
  'ca-rotation/kubeconfig.yaml': ['trust-bundle-missing-new-ca'],
  'ca-rotation/ca-bundle-new.pem': ['trust-bundle-dropped-old-ca'],
  'cross-signed/trust-2026.pem': ['trust-bundle-dropped-old-ca'],
};

async function scan(dir: string, overlapMinimumDays?: number): Promise<Map<string, Problem[]>> {
  const files = await loadFleet(dir);
  const fleet = analyzeFleet(files, { now: NOW.getTime(), ...(overlapMinimumDays !== undefined && { overlapMinimumDays }) });
  return new Map(files.map((f) => [f.file, mergeFleetFindings(f.file, lintItems(f.items, { now: NOW }), fleet)]));
}

describe('analyzeFleet over the lifecycle fixtures', () => {
  it('gives exactly the expected codes on the right files', async () => {
    const byFile = await scan(LIFECYCLE);
    assert.ok(byFile.size >= 25, `fixtures missing: ${byFile.size}`);
    const got: Record<string, string[]> = {};
    for (const [file, problems] of byFile) {
      const codes = problems.map((p) => p.code).filter((c) => LIFECYCLE_CODE.test(c));
      if (codes.length && !file.startsWith('policy/')) got[file] = codes.sort();
    }
    assert.deepEqual(got, EXPECTED);
  });

  it('gives the same findings scenario by scenario', async () => {
    for (const scenario of ['overlap', 'gap', 'superseded', 'key-reused', 'ca-rotation', 'cross-signed']) {
      const byFile = await scan(`${LIFECYCLE}/${scenario}`);
      for (const [file, problems] of byFile) {
        const codes = problems.map((p) => p.code).filter((c) => LIFECYCLE_CODE.test(c));
        assert.deepEqual(codes.sort(), EXPECTED[`${scenario}/${file}`] ?? [], `${scenario}/${file}`);
      }
    }
  });

  it('names the successor and its file in cert-superseded, at info severity', async () => {
    const p = (await scan(`${LIFECYCLE}/superseded`)).get('db-old.pem')!.find((x) => x.code === 'cert-superseded')!;
    assert.equal(p.severity, 'info');
    assert.match(p.message, /superseded by "db\.example\.com" .* in db-new\.pem/);
  });

  it('names the bundle, both CAs, the leaves at risk and the rollout order', async () => {
    const byFile = await scan(`${LIFECYCLE}/ca-rotation`);
    const missing = byFile.get('ca-bundle-old.pem')!.find((x) => x.code === 'trust-bundle-missing-new-ca')!;
    assert.equal(missing.severity, 'warning');
    assert.match(missing.message, /ca-bundle-old\.pem .*old CA "LC Fleet CA" .*2024-01-01.*new CA "LC Fleet CA" .*2026-01-01/);
    assert.match(missing.message, /"dev-b\.fleet\.example" in dev-b\.pem/);
    assert.match(missing.message, /add the new CA .* then switch the leaves .* remove the old CA after its last leaf expires/);
    const dropped = byFile.get('ca-bundle-new.pem')!.find((x) => x.code === 'trust-bundle-dropped-old-ca')!;
    assert.equal(dropped.severity, 'error');
    assert.match(dropped.message, /"dev-a\.fleet\.example" in dev-a\.pem/);
    assert.match(dropped.message, /2026-12-01/);
    const kube = byFile.get('kubeconfig.yaml')!.find((x) => x.code === 'trust-bundle-missing-new-ca')!;
    assert.match(kube.message, /certificate-authority-data/);
  });

  it('measures the overlap against the minimum given', async () => {
    // 30 days of overlap on mq: short under a 45-day minimum, fine under 7.
    const strict = await scan(`${LIFECYCLE}/key-reused`, 45);
    assert.ok(strict.get('mq-new.pem')!.some((p) => p.code === 'rotation-overlap-short'));
    const relaxed = await scan(`${LIFECYCLE}/overlap`, 2);
    assert.ok(!relaxed.get('web-2026.pem')!.some((p) => p.code === 'rotation-overlap-short'));
  });

  it('reports a gap in the future as an error', async () => {
    const p = (await scan(`${LIFECYCLE}/gap`)).get('api-new.pem')!.find((x) => x.code === 'rotation-gap')!;
    assert.equal(p.severity, 'error');
    assert.match(p.message, /for 10 days \(2026-06-05 → 2026-06-15\)/);
  });

  it('never throws on files without certificates or with broken blocks', async () => {
    const broken = await decodeText(
      '-----BEGIN CERTIFICATE-----\r\nMIIB!!\r\n-----END CERTIFICATE-----\r\njunk\n-----BEGIN CERTIFICATE-----\nMIIBAAAA\n',
    );
    const fleet = analyzeFleet(
      [
        { file: 'empty.pem', items: [] },
        { file: 'broken.pem', items: broken.items },
      ],
      { now: NOW.getTime() },
    );
    assert.equal(fleet.findings.size, 0);
    assert.deepEqual(mergeFleetFindings('broken.pem', broken.problems, fleet), broken.problems);
  });
});
