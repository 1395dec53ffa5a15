/**
 * The report model behind `certlens scan --format csv|markdown|html|sarif|
 * openmetrics` and the editor's "Export Certificate Report…": every
 * certificate once per location with its status and identity, and every
 * finding with its range. Built file by file (each file's text is dropped
 * once its ranges are known), so a 100,000-file scan holds no source text.
 */
import type { Item } from '../analysis/decode';
import { certificateStatus, CERTIFICATE_STATUSES, type CertificateStatus } from '../analysis/status';
import type { FleetAnalysis } from '../lifecycle/analyze-fleet';
import { nameKey } from '../lifecycle/identity';
import type { Problem, Severity } from '../types';
import { LineIndex, type Range } from '../util/line-index';
import type { CertificateRole } from '../x509/certificate';

export interface ReportCertificate {
  readonly file: string;
  readonly index: number;
  readonly line: number;
  /** YAML/JSON field, or keystore alias. */
  readonly field?: string;
  readonly alias?: string;
  readonly subject: string;
  readonly subjectLabel: string;
  readonly issuer: string;
  readonly issuerLabel: string;
  /** Hex, as printed by OpenSSL. */
  readonly serialNumber: string;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly sha256: string;
  readonly subjectAltNames: readonly string[];
  /** `EC P-256`, `RSA 2048`. */
  readonly key: string;
  readonly isCA: boolean;
  readonly role: CertificateRole;
  readonly status: CertificateStatus;
  /** Key of the identity (rotation series) it belongs to. */
  readonly identity: string;
  readonly codes: readonly string[];
  /** The Kubernetes resource it came from (`scan -` on kubectl output). */
  readonly resource?: ReportResource;
}

export interface ReportResource {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface ReportFinding {
  readonly file: string;
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  /** SHA-256 of the certificate the finding is about, when known. */
  readonly sha256?: string;
}

export interface ReportIdentity {
  readonly key: string;
  readonly label: string;
  /** SHA-256s, ordered by notBefore. */
  readonly certificates: readonly string[];
}

export interface ScanReport {
  /** ms since the epoch: the clock of the scan. */
  readonly now: number;
  readonly fileCount: number;
  readonly certificates: readonly ReportCertificate[];
  readonly findings: readonly ReportFinding[];
  readonly identities: readonly ReportIdentity[];
  readonly severityCounts: Readonly<Record<Severity, number>>;
  readonly statusCounts: Readonly<Record<CertificateStatus, number>>;
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export class ScanReportBuilder {
  private readonly certificates: ReportCertificate[] = [];
  private readonly findings: ReportFinding[] = [];
  private readonly identityOf: ReadonlyMap<string, string>;
  private files = 0;

  /** `identityOf` (SHA-256 → identity key, see `identityKeys`) spares a builder per file from indexing the whole fleet again. */
  constructor(
    private readonly now: number,
    private readonly fleet?: FleetAnalysis,
    identityOf?: ReadonlyMap<string, string>,
  ) {
    this.identityOf = identityOf ?? identityKeys(fleet);
  }

  /**
   * Adds one file: its decoded items and its final problems (fleet findings
   * merged). `statuses` (the FileReport's, per item) wins over the status
   * computed here from the problems each certificate owns.
   */
  add(
    file: string,
    text: string | undefined,
    items: readonly Item[],
    problems: readonly Problem[],
    resource?: ReportResource,
    statuses?: ReadonlyArray<CertificateStatus | undefined>,
  ): void {
    this.files++;
    const index = text === undefined ? undefined : new LineIndex(text);
    const range = (s: { start: number; end: number }) => (index ? index.range(s) : ZERO);
    const shaOf = (p: Problem, candidates: readonly number[]) => {
      const sha = p.data?.sha256;
      if (typeof sha === 'string') return sha;
      const only = candidates.length === 1 ? items[candidates[0] ?? -1] : undefined;
      return only?.kind === 'certificate' ? only.certificate.sha256 : undefined;
    };
    const certIndexes = items.flatMap((it, i) => (it.kind === 'certificate' ? [i] : []));
    const perCert = new Map<number, Problem[]>();
    for (const p of problems) {
      // A finding belongs to the certificate it names by SHA-256, else to each certificate whose block holds its span.
      const inside =
        p.item !== undefined
          ? certIndexes.filter((i) => i === p.item)
          : certIndexes.filter((i) => {
              const s = items[i]?.span;
              return s !== undefined && s.start <= p.span.start && p.span.end <= s.end;
            });
      const sha = shaOf(p, inside);
      const owners =
        typeof p.data?.sha256 === 'string'
          ? certIndexes.filter((i) => (items[i] as { certificate: { sha256: string } }).certificate.sha256 === sha)
          : inside;
      for (const i of owners) {
        const list = perCert.get(i);
        if (list) list.push(p);
        else perCert.set(i, [p]);
      }
      this.findings.push({
        file,
        code: p.code,
        severity: p.severity,
        message: p.message,
        range: range(p.span),
        ...(sha !== undefined && { sha256: sha }),
      });
    }
    for (const i of certIndexes) {
      const item = items[i];
      if (item?.kind !== 'certificate') continue;
      const c = item.certificate;
      const own = perCert.get(i) ?? [];
      this.certificates.push({
        file,
        index: i,
        line: range(item.span).start.line + 1,
        ...(item.embedded && { field: item.embedded.path }),
        ...(item.keystoreEntry && { alias: item.keystoreEntry.alias }),
        subject: c.subject,
        subjectLabel: c.subjectLabel,
        issuer: c.issuer,
        issuerLabel: c.issuerLabel,
        serialNumber: c.serialNumber,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        sha256: c.sha256,
        subjectAltNames: c.subjectAltNames,
        key: [c.keyAlgorithm, c.curve ?? c.keySize].filter((x) => x !== undefined).join(' '),
        isCA: c.isCA,
        role: c.role,
        status: statuses?.[i] ?? certificateStatus(own),
        identity: this.identityOf.get(c.sha256) ?? nameKey(c),
        codes: [...new Set(own.map((p) => p.code))],
        ...(resource && { resource }),
      });
    }
  }

  finish(): ScanReport {
    return summarize(this.now, this.fleet, this.files, this.certificates, this.findings);
  }
}

/** SHA-256 → the key of its identity, for every certificate of the fleet. */
export function identityKeys(fleet: FleetAnalysis | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of fleet?.identities ?? []) for (const c of id.certificates) out.set(c.sha256, id.key);
  return out;
}

/**
 * One report from parts built file by file (each part a builder's `finish`,
 * all with the same clock and fleet): the editor rebuilds only the parts of
 * the files that changed.
 */
export function combineScanReports(now: number, fleet: FleetAnalysis | undefined, parts: readonly ScanReport[]): ScanReport {
  const certificates: ReportCertificate[] = [];
  const findings: ReportFinding[] = [];
  let files = 0;
  for (const p of parts) {
    files += p.fileCount;
    for (const c of p.certificates) certificates.push(c);
    for (const f of p.findings) findings.push(f);
  }
  return summarize(now, fleet, files, certificates, findings);
}

function summarize(
  now: number,
  fleet: FleetAnalysis | undefined,
  fileCount: number,
  certificates: ReportCertificate[],
  findings: ReportFinding[],
): ScanReport {
  const severityCounts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) severityCounts[f.severity]++;
  const statusCounts = Object.fromEntries(CERTIFICATE_STATUSES.map((s) => [s, 0])) as Record<CertificateStatus, number>;
  for (const c of certificates) statusCounts[c.status]++;
  const identities: ReportIdentity[] = (fleet?.identities ?? []).map((id) => ({
    key: id.key,
    label: id.label,
    certificates: id.certificates.map((c) => c.sha256),
  }));
  return { now, fileCount, certificates, findings, identities, severityCounts, statusCounts };
}
