/**
 * The workspace inventory: every certificate once (deduplicated by SHA-256),
 * sorted by expiry, grouped into rotation series (same subject and SANs) so
 * the overlap or gap between a certificate and its successor is visible.
 */
import type { CertificateSummary } from '../x509/certificate';

export interface InventoryLocation {
  readonly file: string;
  /** Index of the item in its file's analysis. */
  readonly index: number;
}

export interface InventoryEntry {
  readonly certificate: CertificateSummary;
  readonly locations: InventoryLocation[];
  /** The series this certificate belongs to (same subject and SANs). */
  readonly seriesKey: string;
  /** Successor in the series (issued later), if any. */
  readonly successor?: string;
  /**
   * successor.notBefore → this.notAfter, in ms. Positive: both are valid
   * together for that long (room to roll out). Negative: a gap with no
   * valid certificate.
   */
  readonly overlapMs?: number;
}

export interface Inventory {
  /** Sorted by notAfter, soonest first. */
  readonly entries: InventoryEntry[];
}

export function buildInventory(found: ReadonlyArray<{ certificate: CertificateSummary } & InventoryLocation>): Inventory {
  const bySha = new Map<string, { certificate: CertificateSummary; locations: InventoryLocation[] }>();
  for (const f of found) {
    const hit = bySha.get(f.certificate.sha256);
    if (hit) hit.locations.push({ file: f.file, index: f.index });
    else bySha.set(f.certificate.sha256, { certificate: f.certificate, locations: [{ file: f.file, index: f.index }] });
  }
  const series = new Map<string, CertificateSummary[]>();
  for (const { certificate: c } of bySha.values()) {
    const key = seriesKey(c);
    const list = series.get(key) ?? [];
    list.push(c);
    series.set(key, list);
  }
  const next = new Map<string, CertificateSummary>();
  for (const list of series.values()) {
    list.sort((a, b) => a.notBefore - b.notBefore || a.notAfter - b.notAfter);
    for (let i = 0; i + 1 < list.length; i++) next.set(list[i]!.sha256, list[i + 1]!);
  }
  const entries = [...bySha.values()].map(({ certificate, locations }): InventoryEntry => {
    const succ = next.get(certificate.sha256);
    return {
      certificate,
      locations,
      seriesKey: seriesKey(certificate),
      ...(succ && { successor: succ.sha256, overlapMs: certificate.notAfter - succ.notBefore }),
    };
  });
  entries.sort((a, b) => a.certificate.notAfter - b.certificate.notAfter || a.certificate.subject.localeCompare(b.certificate.subject));
  return { entries };
}

/** Certificates that replace each other share subject, SANs and CA-ness. */
export function seriesKey(c: CertificateSummary): string {
  return `${c.subject}|${[...c.subjectAltNames].sort().join(',')}|${c.isCA}`;
}
