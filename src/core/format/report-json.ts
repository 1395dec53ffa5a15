/**
 * The stable `--json` shape (README "JSON output", version 1). Fields that do
 * not apply to a kind are left out. Key material never appears here.
 */
import type { Item } from '../analysis/decode';
import type { TlsSecretSummary } from '../k8s/tls-secret';
import { LineIndex, type Range } from '../util/line-index';
import type { Problem, Severity } from '../types';

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
    problems: problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, range: range(p.span) })),
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

function itemFields(item: Item): { kind: string } & Record<string, unknown> {
  switch (item.kind) {
    case 'certificate': {
      const c = item.certificate;
      return {
        kind: 'certificate',
        subject: c.subject,
        issuer: c.issuer,
        serialNumber: c.serialNumber,
        notBefore: iso(c.notBefore),
        notAfter: iso(c.notAfter),
        sha256: c.sha256,
        subjectAltNames: c.subjectAltNames,
        keyAlgorithm: c.keyAlgorithm,
        ...(c.keySize !== undefined && { keySize: c.keySize }),
        ...(c.curve !== undefined && { curve: c.curve }),
        signatureAlgorithm: c.signatureAlgorithm,
        isCA: c.isCA,
        selfSigned: c.selfSigned,
        role: c.role,
        spkiSha256: c.spkiSha256,
      };
    }
    case 'csr': {
      const c = item.csr;
      return {
        kind: 'csr',
        subject: c.subject,
        subjectAltNames: c.subjectAltNames,
        keyAlgorithm: c.keyAlgorithm,
        ...(c.keySize !== undefined && { keySize: c.keySize }),
        signatureAlgorithm: c.signatureAlgorithm,
        sha256: c.sha256,
        spkiSha256: c.spkiSha256,
      };
    }
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
        keyAlgorithm: k.keyAlgorithm,
        ...(k.keySize !== undefined && { keySize: k.keySize }),
        ...(k.curve !== undefined && { curve: k.curve }),
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

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
