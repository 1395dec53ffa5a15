/** `certlens scan --format csv`: one row per certificate location, RFC 4180, CRLF line ends. */
import { DAY_MS } from '../lint/expiry';
import { csvField } from './escape';
import type { ScanReport } from './scan-report';

const COLUMNS = [
  'file',
  'line',
  'field',
  'alias',
  'status',
  'subject',
  'issuer',
  'serial',
  'not_before',
  'not_after',
  'days_left',
  'sha256',
  'subject_alt_names',
  'key',
  'is_ca',
  'role',
  'codes',
] as const;

export function formatCsv(report: ScanReport): string {
  const rows = [COLUMNS.join(',')];
  for (const c of report.certificates) {
    rows.push(
      [
        c.file,
        c.line,
        c.field,
        c.alias,
        c.status,
        c.subject,
        c.issuer,
        c.serialNumber,
        new Date(c.notBefore).toISOString(),
        new Date(c.notAfter).toISOString(),
        Math.floor((c.notAfter - report.now) / DAY_MS),
        c.sha256,
        c.subjectAltNames.join(' '),
        c.key,
        c.isCA,
        c.role,
        c.codes.join(' '),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
