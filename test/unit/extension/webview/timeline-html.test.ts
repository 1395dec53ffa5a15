/** The timeline webview page: pure, no 'vscode'. Every string escaped, strict CSP, one script by nonce. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTimeline } from '../../../../src/core/report/timeline';
import type { ReportCertificate, ScanReport } from '../../../../src/core/report/scan-report';
import { pageCsp, type WebviewResources } from '../../../../src/extension/webview/page';
import { openHref, renderTimelinePage } from '../../../../src/extension/webview/timeline-html';

const R: WebviewResources = {
  nonce: 'N0nce123abc',
  cspSource: 'https://csp.test',
  styleUri: 'https://x.test/timeline.css',
  scriptUri: 'https://x.test/timeline.js',
};
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "' onmouseover='alert(3)",
  '`${alert(4)}`',
  '</title><script>alert(5)</script>',
];
const NOW = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

function cert(i: number, label: string, nb: number, na: number, identity = label): ReportCertificate {
  return {
    file: `dir/${label}.pem`,
    index: 0,
    line: i + 1,
    subject: `CN=${label}`,
    subjectLabel: label,
    issuer: 'CN=x',
    issuerLabel: 'x',
    serialNumber: '01',
    notBefore: nb,
    notAfter: na,
    sha256: String(i).padStart(64, '0'),
    subjectAltNames: [],
    key: 'EC P-256',
    isCA: false,
    role: 'leaf',
    status: 'ok',
    identity,
    codes: [],
  };
}

function report(certs: ReportCertificate[]): ScanReport {
  return {
    now: NOW,
    fileCount: certs.length,
    certificates: certs,
    findings: [],
    identities: [],
    severityCounts: { error: 0, warning: 0, info: 0 },
    statusCounts: { revoked: 0, expired: 0, 'not-yet-valid': 0, invalid: 0, error: 0, warning: 0, ok: certs.length },
  };
}

describe('renderTimelinePage', () => {
  const certs = HOSTILE.map((h, i) => cert(i, h, NOW - 100 * DAY, NOW + 100 * DAY));
  certs.push(cert(9, 'renewed', NOW + 110 * DAY, NOW + 400 * DAY, HOSTILE[0]));
  const html = renderTimelinePage(buildTimeline(report(certs)), R, certs[0]!.sha256);

  it('escapes every certificate string', () => {
    for (const h of HOSTILE) assert.ok(!html.includes(h), h);
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'only our script');
  });
  it('uses the strict CSP and no inline style or handler', () => {
    assert.ok(html.includes(`content="${pageCsp(R)}"`));
    assert.ok(!/unsafe-inline/.test(html));
    assert.ok(!/\sstyle=/.test(html));
    assert.ok(!/<[^>]*\son[a-z]+=/.test(html));
  });
  it('links bars and rows to their block, highlights the one asked for, marks the gap', () => {
    assert.ok(html.includes(openHref('dir/renewed.pem', 10).replace(/&/g, '&#38;')));
    assert.match(html, /<tr class="s-ok highlight"/);
    assert.match(html, /class="gap"/);
    assert.match(html, /gap 2026-09-09 → 2026-09-19/);
  });
  it('openHref round-trips awkward paths', () => {
    const href = openHref('a b/&c#.pem', 3);
    const p = new URLSearchParams(href.slice('#open?'.length));
    assert.deepEqual([p.get('f'), p.get('l')], ['a b/&c#.pem', '3']);
  });
});
