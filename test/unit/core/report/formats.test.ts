import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { compareStatus } from '../../../../src/core/analysis/status';
import { analyzeFleet, mergeFleetFindings } from '../../../../src/core/lifecycle/analyze-fleet';
import { lintItems } from '../../../../src/core/lint/items';
import { formatCsv } from '../../../../src/core/report/csv';
import { csvField, escapeHtml, escapeMarkdownCell } from '../../../../src/core/report/escape';
import { formatHtml, STYLE_HASH } from '../../../../src/core/report/html-report';
import { formatMarkdown } from '../../../../src/core/report/markdown';
import { decimalSerial, escapeLabel, formatOpenMetrics, nameFields } from '../../../../src/core/report/openmetrics';
import { ScanReportBuilder, type ScanReport } from '../../../../src/core/report/scan-report';
import { buildTimeline } from '../../../../src/core/report/timeline';
import { LIFECYCLE, loadFleet, NOW } from '../lifecycle/fixture-fleet';
import { parseOpenMetrics } from './openmetrics-parser';

async function fixtureReport(): Promise<ScanReport> {
  const files = await loadFleet(LIFECYCLE);
  const fleet = analyzeFleet(files, { now: NOW.getTime() });
  const b = new ScanReportBuilder(NOW.getTime(), fleet);
  for (const f of files) b.add(f.file, undefined, f.items, mergeFleetFindings(f.file, lintItems(f.items, { now: NOW }), fleet));
  return b.finish();
}

/** A report whose every string is hostile. */
function hostileReport(): ScanReport {
  const evil = '<script>alert("x")</script>|`*_=cmd|\' /C calc\'!A0\n"quoted", \\back';
  return {
    now: NOW.getTime(),
    fileCount: 1,
    certificates: [
      {
        file: `dir/${evil}.pem`,
        index: 0,
        line: 1,
        subject: `CN=${evil.replace(/[\\,+"]/g, '\\$&')}`,
        subjectLabel: evil,
        issuer: `CN=${evil}`,
        issuerLabel: evil,
        serialNumber: '0a',
        notBefore: NOW.getTime() - 86_400_000,
        notAfter: NOW.getTime() + 86_400_000,
        sha256: 'ab'.repeat(32),
        subjectAltNames: [`DNS:${evil}`],
        key: 'EC P-256',
        isCA: false,
        role: 'leaf',
        status: 'error',
        identity: evil,
        codes: ['cert-expiring'],
      },
    ],
    findings: [
      {
        file: `dir/${evil}.pem`,
        code: 'cert-expiring',
        severity: 'error',
        message: evil,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        sha256: 'ab'.repeat(32),
      },
    ],
    identities: [],
    severityCounts: { error: 1, warning: 0, info: 0 },
    statusCounts: { revoked: 0, expired: 0, 'not-yet-valid': 0, invalid: 0, error: 1, warning: 0, ok: 0 },
  };
}

describe('escaping', () => {
  const cases: Array<[string, string, string]> = [
    ['html', escapeHtml('<a href="x">&\'</a>\u0007'), '&#60;a href=&#34;x&#34;&#62;&#38;&#39;&#60;/a&#62;\uFFFD'],
    ['markdown cell', escapeMarkdownCell('a|b`c\r\nd'), 'a\\|b&#96;c d'],
    ['csv plain', csvField('web.example.com'), 'web.example.com'],
    ['csv quote', csvField('CN=a, O="b"'), '"CN=a, O=""b"""'],
    ['csv formula', csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`],
    ['csv at', csvField('@SUM(1)'), "'@SUM(1)"],
    ['csv number untouched', csvField(-3), '-3'],
    ['label', escapeLabel('a"b\\c\nd'), 'a\\"b\\\\c\\nd'],
  ];
  for (const [name, got, want] of cases) it(name, () => assert.equal(got, want));
  it('nameFields reads RFC 4514 with escaped commas', () =>
    assert.deepEqual(nameFields('CN=a\\, b,OU=x+O=y,C=FR'), { C: 'FR', ST: '', L: '', O: 'y', OU: 'x', CN: 'a, b' }));
  it('decimalSerial', () => assert.equal(decimalSerial('0a:ff'), '2815'));
});

describe('report formats on hostile strings', () => {
  const r = hostileReport();
  it('html escapes everything, has no script and pins its stylesheet by hash', () => {
    const html = formatHtml(r);
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('&#60;script&#62;'));
    assert.match(html, new RegExp(`content="default-src 'none'; style-src ${STYLE_HASH.replace(/[+/]/g, '\\$&')}; img-src data:"`));
    assert.ok(!/ on\w+=/.test(html), 'no event handler attributes');
    assert.ok(!/ style=/.test(html), 'no inline style attributes (the CSP would block them)');
  });
  it('markdown keeps one row per certificate', () => {
    const md = formatMarkdown(r);
    const row = md.split('\n').find((l) => l.startsWith('| error | ') && l.includes('dir/'))!;
    assert.equal(row.split(/(?<!\\)\|/).length, 8);
  });
  it('csv neutralises formulas and quotes fields', () => {
    const lines = formatCsv(r).split('\r\n');
    assert.equal(lines.length, 3);
    assert.match(lines[1]!, /^"dir\/<script>/);
  });
  it('openmetrics parses strictly', () => {
    const fams = parseOpenMetrics(formatOpenMetrics(r));
    const cn = fams.find((f) => f.name === 'x509_cert_not_after')!.samples[0]!.labels.subject_CN;
    assert.equal(cn, hostileReport().certificates[0]!.subjectLabel);
  });
});

describe('report formats on the lifecycle fixtures', () => {
  it('openmetrics: exporter names and labels, one certlens_finding per code and file', async () => {
    const text = formatOpenMetrics(await fixtureReport());
    const fams = parseOpenMetrics(text);
    assert.deepEqual(
      fams.map((f) => `${f.name}:${f.type}`),
      [
        'x509_cert_not_after:gauge',
        'x509_cert_not_before:gauge',
        'x509_cert_expired:gauge',
        'certlens_certificate_status:gauge',
        'certlens_finding:gauge',
      ],
    );
    const na = fams[0]!.samples.find((s) => s.labels.filepath === 'overlap/web-2025.pem')!;
    assert.equal(na.value, Date.parse('2026-06-10T00:00:00Z') / 1000);
    for (const l of ['serial_number', 'subject_CN', 'issuer_CN', 'filename', 'filepath', 'secret_namespace', 'secret_name'])
      assert.ok(l in na.labels, l);
    const gap = fams[4]!.samples.find((s) => s.labels.code === 'rotation-gap')!;
    assert.deepEqual([gap.labels.severity, gap.labels.filepath, gap.labels.subject_CN], ['error', 'gap/api-new.pem', 'api.example.com']);
  });

  it('promtool check metrics accepts it (when promtool is installed)', async (t) => {
    const probe = spawnSync('promtool', ['--version']);
    if (probe.error) return t.skip('promtool not installed');
    const r = spawnSync('promtool', ['check', 'metrics'], { input: formatOpenMetrics(await fixtureReport()) });
    assert.equal(r.status, 0, String(r.stderr));
  });

  it('the timeline marks the gap, the short overlap and today', async () => {
    const t = buildTimeline(await fixtureReport());
    const row = (label: string) => t.rows.find((r) => r.label === label)!;
    assert.deepEqual(row('api.example.com').marks, [
      { kind: 'gap', from: Date.parse('2026-06-05T00:00:00Z'), to: Date.parse('2026-06-15T00:00:00Z') },
    ]);
    assert.deepEqual(
      row('web.example.com').marks.map((m) => m.kind),
      ['overlap'],
    );
    assert.ok(t.start < t.now && t.now < t.end);
    // Worst status first.
    for (let i = 1; i < t.rows.length; i++) assert.ok(compareStatus(t.rows[i - 1]!.status, t.rows[i]!.status) <= 0);
  });

  it('html holds the timeline svg, the table and the findings', async () => {
    const html = formatHtml(await fixtureReport());
    assert.match(html, /<svg [^>]*role="img"/);
    assert.match(html, /class="today"/);
    assert.match(html, /class="gap"/);
    assert.match(html, /trust-bundle-dropped-old-ca/);
    assert.ok(!html.includes('<script'));
  });
});
