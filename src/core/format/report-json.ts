/**
 * The stable `--json` shape (README "JSON output", version 1). Fields that do
 * not apply to a kind are left out. Key material never appears here.
 */
import type { Item } from '../analysis/decode';
import type { FileReport } from '../analysis/file-report';
import type { CertificateStatus } from '../analysis/status';
import type { ChainVerdict } from '../chain/findings';
import type { KeyLens } from '../analysis/key-pairing';
import type { RevocationStatus } from '../revocation/crl-check';
import type { TlsSecretSummary } from '../k8s/tls-secret';
import { LineIndex, type Range } from '../util/line-index';
import type { Problem, Severity } from '../types';
import type { CertificateSummary } from '../x509/certificate';
import type { CsrSummary } from '../x509/csr';
import type { PublicKeyInfo } from '../x509/public-key';

export interface JsonItem {
  readonly kind: string;
  readonly range: Range;
  readonly [field: string]: unknown;
}
export interface JsonProblem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  /** Index into `items` of the block the finding is about. */
  readonly item?: number;
}
export interface JsonSecret {
  /** The tls.crt field, e.g. `data.tls.crt`. */
  readonly field: string;
  readonly name?: string;
  readonly summary: string;
  readonly range: Range;
}
export interface JsonFile {
  readonly path: string;
  /** The worst status of the file (see FileReport.status); set by `reportToJson`. */
  readonly status?: CertificateStatus;
  readonly items: JsonItem[];
  readonly problems: JsonProblem[];
  /** kubernetes.io/tls Secrets of a YAML/JSON file: what each holds. */
  readonly secrets?: JsonSecret[];
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** `text` is undefined for binary files, whose ranges are all zero. */
export function toJsonFile(
  path: string,
  text: string | undefined,
  items: readonly Item[],
  problems: readonly Problem[],
  secrets?: readonly TlsSecretSummary[],
): JsonFile {
  const index = text === undefined ? undefined : new LineIndex(text);
  const range = (s: { start: number; end: number }) => (index ? index.range(s) : ZERO);
  return {
    path,
    items: items.map((i) => ({
      ...itemFields(i),
      ...(i.container !== undefined && { container: i.container }),
      ...(i.keystoreEntry && {
        alias: i.keystoreEntry.alias,
        entryType: i.keystoreEntry.type,
        ...(!i.keystoreEntry.key && { chainPosition: i.keystoreEntry.position }),
      }),
      ...(i.embedded && { field: i.embedded.path }),
      ...(i.source && { source: { form: i.source.form, ...(i.source.language && { language: i.source.language }) } }),
      range: range(i.span),
    })),
    problems: problems.map((p) => ({
      code: p.code,
      severity: p.severity,
      message: p.message,
      range: range(p.span),
      ...(p.item !== undefined && { item: p.item }),
    })),
    ...(secrets?.length && {
      secrets: secrets.map((s) => ({
        field: s.path,
        ...(s.name !== undefined && { name: s.name }),
        summary: s.text,
        range: range(s.span),
      })),
    }),
  };
}

/**
 * The `--json` file of a report: every item, each certificate with its
 * `status`, targets with their `chain` verdict, certificates a CRL covers with
 * `revocation`, keys with their `pairing`. The CLI and the extension API both
 * print this, so they cannot disagree.
 */
export function reportToJson(path: string, r: FileReport): JsonFile {
  const base = toJsonFile(path, r.text, r.items, r.findings, r.secrets);
  const verdicts = new Map<number, ChainVerdict>(r.verdicts.map((v) => [v.ref.index, v]));
  const keys = new Map<number, KeyLens>(r.keyLenses.map((l) => [l.index, l]));
  const revocation = new Map<number, RevocationStatus>(r.revocation.map((s) => [s.ref.index, s]));
  const { path: shown, ...rest } = base;
  return {
    path: shown,
    status: r.status,
    ...rest,
    items: base.items.map((item, i) => {
      const status = r.statuses[i];
      const v = verdicts.get(i);
      const k = keys.get(i);
      const c = revocation.get(i);
      return {
        ...item,
        ...(status && { status }),
        ...(c && { revocation: revocationJson(c) }),
        // policies: the user-constrained policy set of RFC 5280 §6.1.6 ([] when the path asserts none).
        ...(v && {
          chain: {
            verdict: v.text,
            ok: v.ok,
            code: v.code,
            path: v.path.map((s) => s.sha256),
            anchor: v.anchor ?? null,
            policies: v.policies ?? [],
          },
        }),
        ...(!v &&
          k && {
            pairing: {
              verdict: k.text,
              matches: k.matches.map((m) => ({ path: m.file, index: m.index, kind: m.kind, subject: m.subject })),
            },
          }),
      };
    }),
  };
}

/** `revocation: {state, text, crl, revokedAt?, reason?, thisUpdate?, nextUpdate?, stale?}` on certificates some CRL covers. */
function revocationJson(s: RevocationStatus): Record<string, unknown> {
  const { ref: _ref, span: _span, crl, ...rest } = s;
  return { ...rest, crl: crl ? { path: crl.file, index: crl.index } : null };
}

function itemFields(item: Item): { kind: string } & Record<string, unknown> {
  switch (item.kind) {
    case 'certificate':
      return certificateFields(item.certificate);
    case 'csr':
      return csrFields(item.csr);
    case 'crl': {
      const c = item.crl;
      return {
        kind: 'crl',
        issuer: c.issuer,
        thisUpdate: iso(c.thisUpdate),
        ...(c.nextUpdate !== undefined && { nextUpdate: iso(c.nextUpdate) }),
        revokedCount: c.revokedCount,
        signatureAlgorithm: c.signatureAlgorithm,
        sha256: c.sha256,
      };
    }
    case 'private-key':
    case 'public-key': {
      const k = item.key;
      return {
        kind: item.kind,
        ...keyFields(k),
        ...(item.kind === 'private-key' && { encrypted: k.encrypted }),
        ...(k.encryption !== undefined && { encryption: k.encryption }),
        ...(k.spkiSha256 !== undefined && { spkiSha256: k.spkiSha256 }),
      };
    }
    case 'pkcs7':
      return { kind: 'pkcs7', certificates: item.certificateCount, crls: item.crlCount };
    case 'pkcs12':
      return {
        kind: 'pkcs12',
        status: item.status,
        certificates: item.certificateCount,
        keys: item.keyCount,
        encryption: item.encryption,
        ...(item.macAlgorithm !== undefined && { macAlgorithm: item.macAlgorithm }),
      };
    case 'keystore':
      return {
        kind: 'keystore',
        format: item.format,
        ...(item.version !== undefined && { version: item.version }),
        integrity: item.integrity,
        entries: item.entries.map((e) => ({
          alias: e.alias,
          type: e.type,
          ...(e.created !== undefined && { created: iso(e.created) }),
          certificates: e.certificateCount,
          ...(e.keyAlgorithm !== undefined && { keyAlgorithm: e.keyAlgorithm }),
          ...(e.protection !== undefined && { protection: e.protection }),
          ...(e.keyState !== undefined && { keyState: e.keyState }),
          ...(e.keyMatchesCertificate !== undefined && { keyMatchesCertificate: e.keyMatchesCertificate }),
        })),
      };
    case 'unknown':
      return { kind: 'unknown', label: item.label };
  }
}

function certificateFields(c: CertificateSummary): { kind: string } & Record<string, unknown> {
  return {
    kind: 'certificate',
    subject: c.subject,
    issuer: c.issuer,
    serialNumber: c.serialNumber,
    notBefore: iso(c.notBefore),
    notAfter: iso(c.notAfter),
    sha256: c.sha256,
    subjectAltNames: c.subjectAltNames,
    ...keyFields(c),
    signatureAlgorithm: c.signatureAlgorithm,
    isCA: c.isCA,
    selfSigned: c.selfSigned,
    role: c.role,
    spkiSha256: c.spkiSha256,
    ...(c.spiffe && { spiffe: c.spiffe }),
  };
}

function csrFields(c: CsrSummary): { kind: string } & Record<string, unknown> {
  return {
    kind: 'csr',
    subject: c.subject,
    subjectAltNames: c.subjectAltNames,
    ...keyFields(c),
    signatureAlgorithm: c.signatureAlgorithm,
    sha256: c.sha256,
    spkiSha256: c.spkiSha256,
  };
}

/** A public key as every item shows it: algorithm, then size and curve when known. */
function keyFields(k: PublicKeyInfo): Record<string, unknown> {
  return {
    keyAlgorithm: k.keyAlgorithm,
    ...(k.keySize !== undefined && { keySize: k.keySize }),
    ...(k.curve !== undefined && { curve: k.curve }),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
