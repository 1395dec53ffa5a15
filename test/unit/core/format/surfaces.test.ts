/**
 * One status on every surface (issue 11): every fixture, analysed as the CLI
 * analyses a folder, gives the same status to the CodeLens lead, the
 * Explorer badge, the status bar, the inventory icon and `--json`.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { buildFileReport, type FileReport } from '../../../../src/core/analysis/file-report';
import { compareStatus, statusHeadline, statusIcon, statusLevel, type CertificateStatus } from '../../../../src/core/analysis/status';
import { prepareWorkspace } from '../../../../src/core/chain/workspace';
import { reportToJson } from '../../../../src/core/format/report-json';
import { badgeView, inventoryView, leadTitle, statusBarView } from '../../../../src/core/format/surfaces';
import { DEFAULT_THRESHOLDS } from '../../../../src/core/lint/expiry';
import { loadFile, type LoadedFile } from '../../../../src/node/files';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures');
/** The clocks the fixture scripts were written for (see each generator). */
const CLOCKS: Record<string, Date> = { revocation: new Date('2026-01-01T00:00:00Z') };
const DEFAULT_NOW = new Date('2025-06-01T00:00:00Z');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

async function reportsOf(set: string): Promise<FileReport[]> {
  const dir = join(FIXTURES, set);
  const loaded = (await Promise.all(filesUnder(dir).map((p) => loadFile(p, true)))).filter((f): f is LoadedFile => f !== undefined);
  const now = CLOCKS[set] ?? DEFAULT_NOW;
  const workspace = prepareWorkspace(
    loaded.map((f) => ({ file: relative(dir, f.path), items: f.decoded.items })),
    [],
  );
  return Promise.all(
    loaded.map((f) =>
      buildFileReport(
        { file: relative(dir, f.path), ...(f.text !== undefined && { text: f.text }), decoded: f.decoded },
        { now, workspace },
      ),
    ),
  );
}

const SETS = readdirSync(FIXTURES).filter((d) => statSync(join(FIXTURES, d)).isDirectory());
const seen = new Set<CertificateStatus>();

describe('every surface renders the one status', () => {
  for (const set of SETS) {
    it(`test/fixtures/${set}`, async () => {
      const now = (CLOCKS[set] ?? DEFAULT_NOW).getTime();
      for (const r of await reportsOf(set)) {
        const json = reportToJson(r.file, r);
        const certs = r.items.flatMap((item, i) => (item.kind === 'certificate' ? [i] : []));
        for (const i of certs) {
          const s = r.statuses[i];
          assert.ok(s, `${r.file} #${i}: a certificate without a status`);
          seen.add(s);
          const lead = leadTitle(s, 'summary');
          assert.ok(lead.startsWith(`$(${statusIcon(s)}) `), `${r.file} #${i}: lead ${lead} for ${s}`);
          const headline = statusHeadline(s);
          if (headline) assert.ok(lead.includes(`${headline} · `), `${r.file} #${i}: lead ${lead} lacks ${headline}`);
          assert.equal(inventoryView(s).icon, statusIcon(s));
          assert.equal(json.items[i]!.status, s, `${r.file} #${i}: --json status`);
          // The file's status is at least as bad as each of its certificates.
          assert.ok(compareStatus(r.status, s) <= 0, `${r.file}: file status ${r.status} better than #${i} ${s}`);
        }
        const badge = badgeView(r, now, DEFAULT_THRESHOLDS);
        const level = statusLevel(r.status);
        if (level === 'ok') assert.equal(badge, undefined, `${r.file}: a badge on a healthy file`);
        else assert.equal(badge?.level, level, `${r.file}: badge ${JSON.stringify(badge)} for ${r.status}`);
        assert.equal(json.status, r.status);
        const bar = statusBarView(r, now, DEFAULT_THRESHOLDS);
        if (certs.length === 0) {
          assert.equal(bar, undefined);
          continue;
        }
        const worst = certs.map((i) => r.statuses[i]!).sort(compareStatus)[0]!;
        assert.equal(bar?.status, worst, `${r.file}: status bar shows ${bar?.status}, worst certificate is ${worst}`);
        assert.ok(bar!.text.startsWith(`$(${statusIcon(worst)})`));
      }
    });
  }

  it('the fixtures cover every status but error (revoked, expired, not-yet-valid, invalid, warning, ok)', () => {
    for (const s of ['revoked', 'expired', 'not-yet-valid', 'invalid', 'warning', 'ok'] as const)
      assert.ok(seen.has(s), `no fixture is ${s}`);
  });
});
