/**
 * `certlens scan --format openmetrics`: the metric and label names of
 * x509-certificate-exporter (enix, docs/metrics.md) so its dashboards and
 * alert rules work unchanged, plus `certlens_finding`. Written for
 * node_exporter's textfile collector or a CronJob pushing to Prometheus.
 *
 * OpenMetrics 1.0: `# TYPE`/`# HELP` per family, label values escaped
 * (`\\`, `\"`, `\n`), every sample's label set unique within its family,
 * and `# EOF` last.
 */
import type { ScanReport } from './scan-report';

const NAME_FIELDS = ['C', 'ST', 'L', 'O', 'OU', 'CN'] as const;

/** Parses the RFC 4514 string back into the six fields the exporter labels. */
export function nameFields(dn: string): Record<(typeof NAME_FIELDS)[number], string> {
  const out = { C: '', ST: '', L: '', O: '', OU: '', CN: '' };
  // RFC 4514: `,` and `+` separate RDNs/attributes unless escaped with `\`.
  for (const part of dn.split(/(?<!\\)[,+]/)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).replace(/\\(.)/g, '$1');
    if ((NAME_FIELDS as readonly string[]).includes(key) && out[key as keyof typeof out] === '') out[key as keyof typeof out] = value;
  }
  return out;
}

/** Decimal serial (the exporter's `serial_number`), from OpenSSL-style hex. */
export function decimalSerial(hex: string): string {
  const clean = hex.replace(/[^0-9a-f]/gi, '');
  try {
    return clean ? BigInt(`0x${clean}`).toString(10) : '';
  } catch {
    return '';
  }
}

export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

type Labels = ReadonlyArray<readonly [string, string]>;

class Family {
  private readonly samples = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  /** Identical label sets are merged: `sum` adds (finding counts), otherwise the first value stays. */
  add(labels: Labels, value: number, sum = false): void {
    const key = labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
    const seen = this.samples.get(key);
    this.samples.set(key, seen === undefined ? value : sum ? seen + value : seen);
  }
  render(): string {
    if (this.samples.size === 0) return '';
    const lines = [`# TYPE ${this.name} gauge`, `# HELP ${this.name} ${this.help}`];
    for (const [labels, value] of this.samples) lines.push(`${this.name}{${labels}} ${value}`);
    return `${lines.join('\n')}\n`;
  }
}

export function formatOpenMetrics(report: ScanReport): string {
  const notAfter = new Family('x509_cert_not_after', 'Unix timestamp of the certificate notAfter.');
  const notBefore = new Family('x509_cert_not_before', 'Unix timestamp of the certificate notBefore.');
  const expired = new Family('x509_cert_expired', '1 if the certificate is expired at scan time, else 0.');
  const status = new Family('certlens_certificate_status', 'The CertLens status of each certificate (1 for its status).');
  const finding = new Family('certlens_finding', 'Number of CertLens findings by code and severity, per file and certificate.');
  const byShaFile = new Map<string, Labels>();
  for (const c of report.certificates) {
    const subject = nameFields(c.subject);
    const issuer = nameFields(c.issuer);
    const base: Labels = [
      ['serial_number', decimalSerial(c.serialNumber)],
      ...NAME_FIELDS.map((f) => [`subject_${f}`, subject[f]] as const),
      ...NAME_FIELDS.map((f) => [`issuer_${f}`, issuer[f]] as const),
      ['filename', baseName(c.file)],
      ['filepath', c.file],
      ['embedded_kind', c.alias !== undefined ? 'keystore' : c.field !== undefined ? 'yaml' : ''],
      ['embedded_key', c.alias ?? c.field ?? ''],
      ['secret_namespace', c.resource?.kind === 'Secret' ? (c.resource.namespace ?? '') : ''],
      ['secret_name', c.resource?.kind === 'Secret' ? c.resource.name : ''],
      ['secret_key', c.resource?.kind === 'Secret' ? (c.field ?? '').replace(/^data\./, '') : ''],
    ];
    byShaFile.set(`${c.sha256}\0${c.file}`, base);
    notAfter.add(base, c.notAfter / 1000);
    notBefore.add(base, c.notBefore / 1000);
    expired.add(base, c.notAfter < report.now ? 1 : 0);
    status.add([...base, ['status', c.status]], 1);
  }
  for (const f of report.findings) {
    const cert = f.sha256 === undefined ? undefined : byShaFile.get(`${f.sha256}\0${f.file}`);
    const pick = (k: string) => cert?.find(([n]) => n === k)?.[1] ?? '';
    finding.add(
      [
        ['code', f.code],
        ['severity', f.severity],
        ['filename', baseName(f.file)],
        ['filepath', f.file],
        ['subject_CN', pick('subject_CN')],
        ['serial_number', pick('serial_number')],
      ],
      1,
      true,
    );
  }
  return [notAfter, notBefore, expired, status, finding].map((f) => f.render()).join('') + '# EOF\n';
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
