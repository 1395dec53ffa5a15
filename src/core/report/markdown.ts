/** `certlens scan --format markdown`: a summary, the certificates by status, and the findings (for PR comments and wikis). */
import { CERTIFICATE_STATUSES, compareStatus } from '../analysis/status';
import { DAY_MS } from '../lint/expiry';
import { escapeMarkdownCell as cell, isoDay } from './escape';
import type { ScanReport } from './scan-report';

export function formatMarkdown(report: ScanReport): string {
  const out: string[] = ['# CertLens certificate report', ''];
  out.push(
    `Scanned ${report.fileCount} file(s) at ${new Date(report.now).toISOString()}: ${report.certificates.length} certificate(s); ` +
      `${report.severityCounts.error} error(s), ${report.severityCounts.warning} warning(s), ${report.severityCounts.info} info.`,
    '',
    '| Status | Certificates |',
    '| --- | ---: |',
    ...CERTIFICATE_STATUSES.filter((s) => report.statusCounts[s] > 0).map((s) => `| ${s} | ${report.statusCounts[s]} |`),
    '',
    '## Certificates',
    '',
    '| Status | Subject | Issuer | Expires | Days left | File |',
    '| --- | --- | --- | --- | ---: | --- |',
  );
  const certs = [...report.certificates].sort((a, b) => compareStatus(a.status, b.status) || a.notAfter - b.notAfter);
  for (const c of certs) {
    const where = `${c.file}:${c.line}${c.alias !== undefined ? ` (alias ${c.alias})` : c.field !== undefined ? ` (${c.field})` : ''}`;
    out.push(
      `| ${c.status} | ${cell(c.subjectLabel)} | ${cell(c.issuerLabel)} | ${isoDay(c.notAfter)} | ${Math.floor((c.notAfter - report.now) / DAY_MS)} | ${cell(where)} |`,
    );
  }
  out.push('', '## Findings', '');
  if (report.findings.length === 0) out.push('No findings.');
  else {
    out.push('| Severity | Code | File | Message |', '| --- | --- | --- | --- |');
    for (const f of report.findings)
      out.push(`| ${f.severity} | \`${f.code}\` | ${cell(`${f.file}:${f.range.start.line + 1}`)} | ${cell(f.message)} |`);
  }
  return `${out.join('\n')}\n`;
}
