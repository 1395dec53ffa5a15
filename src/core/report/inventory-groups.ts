/**
 * The Inventory view's model: certificates grouped by status (the issue's
 * order: revoked, expired, invalid, error, warning, ok, not yet valid), by
 * issuer, by folder or by identity, filtered by a search over subject, SAN,
 * issuer, serial and fingerprint. Pure, so the grouping is unit-tested.
 */
import { compareStatus, worseStatus, type CertificateStatus } from '../analysis/status';
import type { ReportCertificate, ScanReport } from './scan-report';

export type InventoryGrouping = 'status' | 'issuer' | 'folder' | 'identity';

export interface InventoryGroup {
  readonly key: string;
  readonly label: string;
  /** The worst status inside. */
  readonly status: CertificateStatus;
  /** Soonest expiry first. */
  readonly certificates: readonly ReportCertificate[];
}

const STATUS_ORDER: readonly CertificateStatus[] = ['revoked', 'expired', 'invalid', 'error', 'warning', 'ok', 'not-yet-valid'];
const STATUS_LABEL: Readonly<Record<CertificateStatus, string>> = {
  revoked: 'Revoked',
  expired: 'Expired',
  invalid: 'Invalid',
  error: 'Errors',
  warning: 'Warnings',
  ok: 'OK',
  'not-yet-valid': 'Not yet valid',
};

/** Case-insensitive; a fingerprint matches with or without colons. */
export function matchesFilter(c: ReportCertificate, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  const hex = f.replace(/[:\s]/g, '');
  return (
    c.subject.toLowerCase().includes(f) ||
    c.issuer.toLowerCase().includes(f) ||
    c.subjectAltNames.some((s) => s.toLowerCase().includes(f)) ||
    (hex.length >= 4 && /^[0-9a-f]+$/.test(hex) && (c.serialNumber.toLowerCase().replace(/:/g, '').includes(hex) || c.sha256.includes(hex)))
  );
}

export function groupInventory(report: ScanReport, grouping: InventoryGrouping, filter = ''): InventoryGroup[] {
  const groups = new Map<string, { label: string; certs: ReportCertificate[] }>();
  for (const c of report.certificates) {
    if (!matchesFilter(c, filter)) continue;
    const [key, label] = keyOf(c, grouping);
    const g = groups.get(key) ?? { label, certs: [] };
    g.certs.push(c);
    groups.set(key, g);
  }
  const out = [...groups].map(([key, g]): InventoryGroup => {
    const certificates = g.certs.sort((a, b) => a.notAfter - b.notAfter || a.file.localeCompare(b.file));
    return { key, label: g.label, status: certificates.reduce<CertificateStatus>((s, c) => worseStatus(s, c.status), 'ok'), certificates };
  });
  if (grouping === 'status')
    return out.sort((a, b) => STATUS_ORDER.indexOf(a.key as CertificateStatus) - STATUS_ORDER.indexOf(b.key as CertificateStatus));
  return out.sort((a, b) => compareStatus(a.status, b.status) || a.label.localeCompare(b.label));
}

function keyOf(c: ReportCertificate, grouping: InventoryGrouping): [string, string] {
  switch (grouping) {
    case 'status':
      return [c.status, STATUS_LABEL[c.status]];
    case 'issuer':
      return [c.issuer, c.issuerLabel];
    case 'folder': {
      const slash = Math.max(c.file.lastIndexOf('/'), c.file.lastIndexOf('\\'));
      const folder = slash < 0 ? '.' : c.file.slice(0, slash);
      return [folder, folder];
    }
    case 'identity':
      return [c.identity, c.subjectLabel];
  }
}

/** `web.example.com`, `web.example.com (alias "tomcat")`, `… (data.tls.crt)`. */
export function certificateLabel(c: ReportCertificate): string {
  if (c.alias !== undefined) return `${c.subjectLabel} (alias "${c.alias}")`;
  return c.field !== undefined ? `${c.subjectLabel} (${c.field})` : c.subjectLabel;
}

/** The view badge: warnings and errors found. */
export function inventoryBadge(report: ScanReport): number {
  return report.severityCounts.error + report.severityCounts.warning;
}

/** DNS names and IPs of a certificate, the hosts "Check Endpoint" can try. */
export function endpointHosts(c: ReportCertificate): string[] {
  return c.subjectAltNames.filter((s) => /^(DNS|IP):/.test(s) && !s.includes('*')).map((s) => s.slice(s.indexOf(':') + 1));
}
