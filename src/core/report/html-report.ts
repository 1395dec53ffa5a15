/**
 * `certlens scan --format html` and "CertLens: Export Certificate Report…":
 * one self-contained file (no script, no external resource) with the
 * summary, the static SVG timeline, a table of every certificate (the
 * timeline's accessible twin) and the findings. Every certificate string is
 * escaped; a Content-Security-Policy allows only the one inline stylesheet,
 * by hash.
 */
import { sha256 } from '@noble/hashes/sha2';
import { CERTIFICATE_STATUSES, compareStatus } from '../analysis/status';
import { DAY_MS } from '../lint/expiry';
import { escapeHtml as h, isoDay } from './escape';
import type { ScanReport } from './scan-report';
import { buildTimeline, renderTimelineSvg } from './timeline';

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0;
  --ok: #1a7f37; --warning: #9a6700; --error: #cf222e; --expired: #82071e; --revoked: #6e7781; --invalid: #bc4c00; --nyv: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d;
  --ok: #3fb950; --warning: #d29922; --error: #f85149; --expired: #ff7b72; --revoked: #9198a1; --invalid: #f0883e; --nyv: #58a6ff; } }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } code, .mono { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
.summary { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; list-style: none; } .summary li { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; }
.st { font-weight: 600; } .s-ok { color: var(--ok); } .s-warning { color: var(--warning); } .s-error { color: var(--error); } .s-expired { color: var(--expired); }
.s-revoked { color: var(--revoked); } .s-invalid { color: var(--invalid); } .s-not-yet-valid { color: var(--nyv); }
.sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-info { color: var(--muted); }
svg.timeline { border: 1px solid var(--line); border-radius: 6px; } svg text { fill: var(--fg); font-size: 11px; } svg text.tick { fill: var(--muted); font-size: 10px; }
svg .grid { stroke: var(--line); stroke-width: .5; } svg .today { stroke: var(--error); stroke-width: 1.5; stroke-dasharray: 4 2; }
svg .renewal { stroke: var(--fg); stroke-width: 1; opacity: .6; } svg .overlap { fill: var(--ok); opacity: .15; } svg .gap { fill: var(--error); opacity: .35; }
svg rect.bar { fill: var(--ok); } svg rect.bar.s-warning { fill: var(--warning); } svg rect.bar.s-error { fill: var(--error); } svg rect.bar.s-expired { fill: var(--expired); }
svg rect.bar.s-revoked { fill: var(--revoked); } svg rect.bar.s-invalid { fill: var(--invalid); } svg rect.bar.s-not-yet-valid { fill: var(--nyv); }
.legend span { margin-right: 1rem; } .muted { color: var(--muted); }
`;

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** The CSP source for the inline stylesheet. */
export const STYLE_HASH = `'sha256-${base64(sha256(new TextEncoder().encode(STYLE)))}'`;

export function formatHtml(report: ScanReport, title = 'CertLens certificate report'): string {
  const timeline = buildTimeline(report);
  const anchor = (sha: string) => `cert-${sha.slice(0, 16)}`;
  const certs = [...report.certificates].sort((a, b) => compareStatus(a.status, b.status) || a.notAfter - b.notAfter);
  const seen = new Set<string>();
  const rows = certs.map((c) => {
    const id = seen.has(c.sha256) ? '' : ` id="${anchor(c.sha256)}"`;
    seen.add(c.sha256);
    const where = `${c.file}:${c.line}${c.alias !== undefined ? ` (alias ${c.alias})` : c.field !== undefined ? ` (${c.field})` : ''}`;
    return (
      `<tr${id}><td class="st s-${c.status}">${c.status}</td><td>${h(c.subjectLabel)}<br><span class="muted">${h(c.subjectAltNames.slice(0, 4).join(', '))}</span></td>` +
      `<td>${h(c.issuerLabel)}</td><td>${isoDay(c.notBefore)}</td><td>${isoDay(c.notAfter)}</td><td class="num">${Math.floor((c.notAfter - report.now) / DAY_MS)}</td>` +
      `<td class="mono">${h(where)}</td><td class="mono">${h(c.codes.join(' '))}</td></tr>`
    );
  });
  const findings = report.findings.map(
    (f) =>
      `<tr><td class="sev-${f.severity}">${f.severity}</td><td><code>${h(f.code)}</code></td><td class="mono">${h(`${f.file}:${f.range.start.line + 1}`)}</td><td>${h(f.message)}</td></tr>`,
  );
  const counts = CERTIFICATE_STATUSES.filter((s) => report.statusCounts[s] > 0).map(
    (s) => `<li><span class="st s-${s}">${report.statusCounts[s]}</span> ${s}</li>`,
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${STYLE_HASH}; img-src data:">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${h(title)}</h1>
<p>Scanned ${report.fileCount} file(s) on ${h(new Date(report.now).toISOString())}: ${report.certificates.length} certificate(s),
<span class="sev-error">${report.severityCounts.error} error(s)</span>, <span class="sev-warning">${report.severityCounts.warning} warning(s)</span>, ${report.severityCounts.info} info.</p>
<ul class="summary">${counts.join('')}</ul>
<h2>Timeline</h2>
<p class="legend muted"><span>Bars: validity, coloured by status</span><span>Dashed line: today</span><span>Tick: renewal point (2/3 of the lifetime)</span><span>Green band: overlap</span><span>Red band: gap</span></p>
${renderTimelineSvg(timeline, (b) => `#${anchor(b.sha256)}`)}
${timeline.hiddenRows > 0 ? `<p class="muted">${timeline.hiddenRows} more identities are listed in the table only.</p>` : ''}
<h2>Certificates</h2>
<table>
<thead><tr><th>Status</th><th>Subject</th><th>Issuer</th><th>Valid from</th><th>Expires</th><th>Days left</th><th>Location</th><th>Findings</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<h2>Findings</h2>
${
  findings.length
    ? `<table>\n<thead><tr><th>Severity</th><th>Code</th><th>Location</th><th>Message</th></tr></thead>\n<tbody>\n${findings.join('\n')}\n</tbody>\n</table>`
    : '<p>No findings.</p>'
}
<p class="muted">Generated by CertLens.</p>
</body>
</html>
`;
}
