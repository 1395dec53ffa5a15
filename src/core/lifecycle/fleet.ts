/**
 * The certificates of a whole scan (every file, every embedded field and
 * keystore entry) as one flat list: the input of rotation, trust-bundle and
 * policy analysis. Pure: decoded items in, plain data out.
 */
import type { Item } from '../analysis/decode';
import type { EmbeddedRole } from '../k8s/embedded';
import type { KeystoreEntryType } from '../x509/jks';
import type { CertificateSummary } from '../x509/certificate';
import type { Problem, Span } from '../types';

export interface FleetCertificate {
  /** The file as shown (relative path, or `namespace/name` for a stdin resource). */
  readonly file: string;
  /** Index of the item in its file's decoded items. */
  readonly index: number;
  readonly span: Span;
  readonly certificate: CertificateSummary;
  /** YAML/JSON field the certificate came from (`data.ca.crt`, `caBundle`, …). */
  readonly field?: string;
  readonly role?: EmbeddedRole;
  /** Keystore or PKCS#12/PKCS#7 container item index. */
  readonly container?: number;
  readonly alias?: string;
  readonly entryType?: KeystoreEntryType;
}

export interface FleetFile {
  readonly file: string;
  readonly items: readonly Item[];
}

/** A finding of the fleet analysis, attached to one file (and to one item of it when `index` is set). */
export interface FleetFinding extends Problem {
  readonly file: string;
  readonly index?: number;
}

/** Every certificate item of every file, in file order. */
export function fleetCertificates(files: readonly FleetFile[]): FleetCertificate[] {
  const out: FleetCertificate[] = [];
  for (const f of files) {
    f.items.forEach((item, index) => {
      if (item.kind !== 'certificate') return;
      out.push({
        file: f.file,
        index,
        span: item.span,
        certificate: item.certificate,
        ...(item.embedded && { field: item.embedded.path }),
        ...(item.embedded?.role && { role: item.embedded.role }),
        ...(item.container !== undefined && { container: item.container }),
        ...(item.keystoreEntry && { alias: item.keystoreEntry.alias, entryType: item.keystoreEntry.type }),
      });
    });
  }
  return out;
}

/** `web/tls.pem`, `web/secret.yaml (data.tls.crt)`, `store.jks (alias "web")`. */
export function describeLocation(c: FleetCertificate): string {
  if (c.alias !== undefined) return `${c.file} (alias "${c.alias}")`;
  if (c.field !== undefined) return `${c.file} (${c.field})`;
  return c.file;
}

/** `"CN" (serial 0a1b…, until 2026-03-01)`: enough to tell two generations apart. */
export function describeCertificate(c: CertificateSummary): string {
  return `"${c.subjectLabel}" (serial ${c.serialNumber}, ${utcDay(c.notBefore)} → ${utcDay(c.notAfter)})`;
}

export function utcDay(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '?';
}

/** The certificates once each, by SHA-256, keeping every location. */
export function uniqueCertificates(certs: readonly FleetCertificate[]): Map<string, FleetCertificate[]> {
  const by = new Map<string, FleetCertificate[]>();
  for (const c of certs) {
    const list = by.get(c.certificate.sha256);
    if (list) list.push(c);
    else by.set(c.certificate.sha256, [c]);
  }
  return by;
}
