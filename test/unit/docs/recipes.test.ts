/**
 * The recipe files of docs/recipes/ are checked for syntax and for the
 * names they rely on: the SARIF upload reads the file the scan writes, the
 * CronJob pipes kubectl into `scan -`, and every metric and code an alert
 * rule names is one CertLens emits.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { LIFECYCLE_CODES } from '../../../src/core/lifecycle/codes';
import { formatOpenMetrics } from '../../../src/core/report/openmetrics';
import type { ScanReport } from '../../../src/core/report/scan-report';

const DIR = join(__dirname, '..', '..', '..', 'docs', 'recipes');

function load(name: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(join(DIR, name), 'utf8'), { uniqueKeys: true, strict: true });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list)
    assert.deepEqual(
      d.errors.map((e) => e.message),
      [],
      name,
    );
  return list.map((d) => d.toJS());
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- recipe files are read by path
type Any = any;

describe('docs/recipes', () => {
  it('github-actions-sarif.yml uploads the SARIF the scan writes', () => {
    const [wf] = load('github-actions-sarif.yml') as Any[];
    const steps = wf.jobs.certlens.steps as Any[];
    const scan = steps.find((s) => typeof s.run === 'string' && s.run.includes(' scan '));
    const upload = steps.find((s) => typeof s.uses === 'string' && s.uses.startsWith('github/codeql-action/upload-sarif@'));
    assert.match(scan.run, /--format sarif .*> (\S+)/);
    assert.equal(upload.with.sarif_file, /> (\S+)/.exec(scan.run)![1]);
    assert.equal(wf.permissions['security-events'], 'write');
  });

  it('cronjob-textfile.yaml pipes kubectl into scan - and writes OpenMetrics atomically', () => {
    const docs = load('cronjob-textfile.yaml') as Any[];
    assert.deepEqual(
      docs.map((d) => d.kind),
      ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'CronJob'],
    );
    const pod = docs[3].spec.jobTemplate.spec.template.spec;
    assert.match(pod.initContainers[0].command.join(' '), /kubectl get certificates,secrets -A -o json/);
    const args = pod.containers[0].args.join(' ');
    assert.match(args, /scan - .*--format openmetrics/);
    assert.match(args, /mv \S+\.tmp \S+\.prom/);
    assert.equal(docs[1].rules[0].verbs.includes('list'), true);
  });

  it('alert-rules.yaml names only metrics and codes CertLens emits', () => {
    const [rules] = load('alert-rules.yaml') as Any[];
    const emitted = formatOpenMetrics(sample());
    for (const r of rules.groups.flatMap((g: Any) => g.rules) as Any[]) {
      assert.ok(r.alert && r.expr, JSON.stringify(r));
      for (const m of String(r.expr).matchAll(/\b((?:x509|certlens)_[a-z_]+)\b/g))
        assert.match(emitted, new RegExp(`^# TYPE ${m[1]} `, 'm'), m[1]);
      for (const m of String(r.expr).matchAll(/code=~"([^"]+)"/g))
        for (const code of m[1]!.split('|')) assert.ok(code in LIFECYCLE_CODES, code);
    }
  });
});

function sample(): ScanReport {
  const now = Date.parse('2026-06-01T00:00:00Z');
  return {
    now,
    fileCount: 1,
    certificates: [
      {
        file: 'a.pem',
        index: 0,
        line: 1,
        subject: 'CN=a',
        subjectLabel: 'a',
        issuer: 'CN=b',
        issuerLabel: 'b',
        serialNumber: '01',
        notBefore: now - 1,
        notAfter: now + 1,
        sha256: '00',
        subjectAltNames: [],
        key: 'EC P-256',
        isCA: false,
        role: 'leaf',
        status: 'ok',
        identity: 'a',
        codes: [],
      },
    ],
    findings: [
      {
        file: 'a.pem',
        code: 'rotation-gap',
        severity: 'error',
        message: 'm',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
    ],
    identities: [],
    severityCounts: { error: 1, warning: 0, info: 0 },
    statusCounts: { revoked: 0, expired: 0, 'not-yet-valid': 0, invalid: 0, error: 0, warning: 0, ok: 1 },
  };
}
