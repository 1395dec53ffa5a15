import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFleet, mergeFleetFindings } from '../../../../src/core/lifecycle/analyze-fleet';
import { lintItems } from '../../../../src/core/lint/items';
import {
  certificateLabel,
  endpointHosts,
  groupInventory,
  inventoryBadge,
  matchesFilter,
} from '../../../../src/core/report/inventory-groups';
import { ScanReportBuilder } from '../../../../src/core/report/scan-report';
import { LIFECYCLE, loadFleet, NOW } from '../lifecycle/fixture-fleet';

async function report() {
  const files = await loadFleet(LIFECYCLE);
  const fleet = analyzeFleet(files, { now: NOW.getTime() });
  const b = new ScanReportBuilder(NOW.getTime(), fleet);
  for (const f of files) b.add(f.file, undefined, f.items, mergeFleetFindings(f.file, lintItems(f.items, { now: NOW }), fleet));
  return b.finish();
}

describe('groupInventory', () => {
  it('groups by status in the issue order', async () => {
    const groups = groupInventory(await report(), 'status');
    assert.deepEqual(
      groups.map((g) => g.label),
      ['Expired', 'Errors', 'Warnings', 'OK', 'Not yet valid'].filter((l) => groups.some((g) => g.label === l)),
    );
    const nyv = groups.find((g) => g.key === 'not-yet-valid')!;
    assert.ok(nyv.certificates.some((c) => c.file === 'gap/api-new.pem'));
  });

  it('groups by identity: the two generations of a renewed certificate together', async () => {
    const web = groupInventory(await report(), 'identity').find((g) => g.label === 'web.example.com')!;
    assert.deepEqual(
      web.certificates.map((c) => c.file),
      ['overlap/web-2025.pem', 'overlap/web-2026.pem'],
    );
  });

  it('groups by folder and by issuer', async () => {
    const r = await report();
    assert.ok(groupInventory(r, 'folder').some((g) => g.label === 'policy/devices' && g.certificates.length === 2));
    assert.ok(groupInventory(r, 'issuer').some((g) => g.label === 'LC Fleet CA' && g.certificates.length >= 7));
  });

  const filters: Array<[string, string, boolean]> = [
    ['subject', 'API.example', true],
    ['SAN', 'dns:dev-b', true],
    ['issuer', 'lc gap root', true],
    ['no match', 'nothing-like-this', false],
    ['blank', '   ', true],
  ];
  for (const [name, filter, some] of filters)
    it(`filter by ${name}`, async () => {
      const r = await report();
      assert.equal(
        r.certificates.some((c) => matchesFilter(c, filter)),
        some,
      );
    });

  it('filters by fingerprint with colons and by serial', async () => {
    const r = await report();
    const c = r.certificates.find((x) => x.file === 'gap/api-new.pem')!;
    const colons = c.sha256.slice(0, 8).match(/../g)!.join(':').toUpperCase();
    assert.ok(
      groupInventory(r, 'status', colons)
        .flatMap((g) => g.certificates)
        .every((x) => x.sha256 === c.sha256),
    );
    assert.ok(matchesFilter(c, c.serialNumber));
  });

  it('labels embedded certificates by field and counts warnings + errors for the badge', async () => {
    const r = await report();
    const kube = r.certificates.find((c) => c.file === 'ca-rotation/kubeconfig.yaml')!;
    assert.equal(certificateLabel(kube), 'LC Fleet CA (clusters[0].cluster.certificate-authority-data)');
    assert.equal(inventoryBadge(r), r.findings.filter((f) => f.severity !== 'info').length);
    assert.deepEqual(endpointHosts(kube), []);
    assert.deepEqual(endpointHosts(r.certificates.find((c) => c.file === 'gap/api-new.pem')!), ['api.example.com']);
  });
});
