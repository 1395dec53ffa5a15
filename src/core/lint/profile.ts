/**
 * Per-certificate profile lint: RFC 5280 structure and the TLS server
 * profile, judged on one certificate (plus the other certificates of its
 * file, to tell whether it acts as a CA). A focused subset of zlint /
 * pkilint, chosen for signal: each rule is a MUST of RFC 5280 or something a
 * real client rejects. The CA/B Forum rules, which apply only to certificates
 * that chain to a public root, are in cabf-lint.ts.
 *
 * Reuses the path validator's parse (chain/certificate.ts) rather than a
 * third certificate reader; a certificate that parser rejects gets no
 * profile findings (the decoder or the chain layer already reports it).
 * Most certificates skip that second parse: `cannotFire` clears clean ones
 * on the decoder's summary, and `summaryProfile` judges a v3 CA from its
 * TBSCertificate header and extension list, strict wherever the validator is.
 *
 * @example
 * lintProfile(item, fileSummaries); // [{ code: 'cert-no-san', severity: 'warning', … }]
 */
import { parseCached } from '../chain/index.js';
import type { ParsedCert } from '../chain/certificate.js';
import { ipToText, parseIp } from '../chain/hostname.js';
import { attributeTexts, OID_CN } from '../chain/names.js';
import { EKU_OIDS, type ProfileRule } from '../chain/types.js';
import type { CertificateItem } from '../analysis/decode';
import type { Problem, Severity } from '../types';
import type { CertificateSummary } from '../x509/certificate';
import { digestHex } from '../x509/digest';
import { EXTENSIONS, nameOf } from '../x509/oids';
import { lintPrivatePki, PRIVATE_PKI_CODES } from './private-pki';
import { hostnameLike, leafServerRulesClear, OID_BASIC_CONSTRAINTS, rawSerial, readCaView } from './profile-der';
export { hostnameLike } from './profile-der';

/** Every code this module emits, with its documented meaning (README, LINT_CODES). */
export const PROFILE_CODES = {
  'cert-serial-invalid': 'Serial number zero, negative, or longer than 20 octets (RFC 5280 §4.1.2.2).',
  'cert-version':
    'Extensions in a certificate that is not v3, an unknown version, or a v1/v2 certificate acting as a CA (RFC 5280 §4.1.2.1, §6.1.4 (k)).',
  'cert-ca-profile':
    'A CA certificate (cA=TRUE) without keyUsage keyCertSign, with a non-critical basicConstraints or without subjectKeyIdentifier; keyCertSign without cA; (info) no authorityKeyIdentifier on a certificate that is not self-signed (RFC 5280 §4.2.1.1–3, §4.2.1.9).',
  'cert-san-empty-subject': 'Empty subject without a critical subjectAltName (RFC 5280 §4.2.1.6).',
  'cert-validity-inverted': 'notAfter is before notBefore: the certificate is never valid (RFC 5280 §4.1.2.5).',
  'cert-duplicate-extension': 'An extension appears more than once (RFC 5280 §4.2).',
  'cert-no-san': 'A TLS server certificate without subjectAltName: clients ignore the CN (Chrome since 58, RFC 6125 §6.4.4).',
  'cert-cn-not-in-san':
    'A TLS server certificate whose CN is a host name or IP address the subjectAltName does not list (CABF BR §7.1.4.3).',
  // SPIFFE X.509-SVIDs, Apple TLS rules and ROCA keys (private-pki.ts).
  ...PRIVATE_PKI_CODES,
} as const;

export type ProfileCode = keyof typeof PROFILE_CODES;

const KU_KEY_CERT_SIGN = 5;

/**
 * Profile problems of one certificate, on its block's span. `file` holds the
 * summaries of every certificate of the same file (to tell a v1 certificate
 * that issues one of them). Never throws.
 */
export function lintProfile(item: CertificateItem, file: readonly CertificateSummary[] = []): readonly Problem[] {
  let r = cache.get(item);
  if (!r) {
    const base = cannotFire(item) ? [] : (summaryProfile(item) ?? computeProfile(item, file));
    const extra = lintPrivatePki(item);
    cache.set(item, (r = extra.length ? [...base, ...extra] : base));
  }
  return r;
}

/** Results per item: time-independent, so clock ticks and settings changes re-use them. `file` is always the item's own file. */
const cache = new WeakMap<CertificateItem, readonly Problem[]>();

/** Every rule, on the validator's parse; `lintProfile` calls it only when `cannotFire` says no. */
export function computeProfile(item: CertificateItem, file: readonly CertificateSummary[]): Problem[] {
  const parsed = parseCached(item.der, item.certificate.sha256);
  if (parsed instanceof Error) return [];
  const s = item.certificate;
  const found: Array<[ProfileCode, Severity, string]> = [];
  const add = (code: ProfileCode, severity: Severity, message: string) => found.push([code, severity, message]);

  const serial = serialDefect(parsed.serial);
  if (serial) add('cert-serial-invalid', 'warning', `serial number ${serial} (RFC 5280 §4.1.2.2: a positive integer of at most 20 octets)`);

  versionRules(parsed, s, file, add);
  caProfile(parsed, s, add);

  if (parsed.subject.rdns.length === 0 && !parsed.san?.critical) {
    add(
      'cert-san-empty-subject',
      'error',
      parsed.san
        ? 'empty subject with a non-critical subjectAltName (RFC 5280 §4.2.1.6: the extension MUST be critical when the subject is empty)'
        : 'empty subject and no subjectAltName: the certificate names nobody (RFC 5280 §4.1.2.6, §4.2.1.6)',
    );
  }
  if (parsed.notAfter < parsed.notBefore) {
    add(
      'cert-validity-inverted',
      'error',
      `notAfter (${iso(parsed.notAfter)}) is before notBefore (${iso(parsed.notBefore)}): never valid (RFC 5280 §4.1.2.5)`,
    );
  }
  const counts = new Map<string, number>();
  for (const e of s.extensions) counts.set(e.oid, (counts.get(e.oid) ?? 0) + 1);
  for (const [oid, n] of counts) {
    if (n > 1)
      add(
        'cert-duplicate-extension',
        'error',
        `extension ${nameOf(EXTENSIONS, oid)} appears ${n} times (RFC 5280 §4.2: at most once); clients keep one or reject`,
      );
  }
  if (isTlsServerCertificate(parsed)) serverRules(parsed, add);

  return finish(item, found);
}

function finish(item: CertificateItem, found: ReadonlyArray<[ProfileCode, Severity, string]>): Problem[] {
  const s = item.certificate;
  const who = `${s.role === 'self-signed' ? 'self-signed certificate' : s.role} "${s.subjectLabel}"`;
  return merge(found).map(([code, severity, message]) => ({ code, severity, message: `${who}: ${message}`, span: item.span }));
}

/**
 * True when the decoder's summary already shows that no rule below can
 * fire, so the validator's full parse (the costly part: about as much again
 * as decoding) is skipped. Conservative: anything it cannot decide from the
 * summary (a serial with its top bit set, several CNs, no subjectAltName on a
 * leaf, an IP address as CN …) returns false and gets the full check. The
 * unit tests hold it to that on every fixture.
 */
export function cannotFire(item: CertificateItem): boolean {
  const s = item.certificate;
  if (s.version !== 3 || s.notAfter < s.notBefore || s.subjectDerHex === '3000') return false;
  if (/^0*$/.test(s.serialNumber) || s.serialNumber.length > 40 || (s.serialNumber.length === 40 && /^[89a-f]/i.test(s.serialNumber)))
    return false;
  if (/^[89a-f]/i.test(s.serialNumber)) {
    const raw = rawSerial(item.der);
    if (!raw || serialDefect(raw)) return false;
  }
  const seen = new Set<string>();
  for (const e of s.extensions) {
    if (seen.has(e.oid)) return false;
    seen.add(e.oid);
  }
  const keyCertSign = s.keyUsage?.includes('keyCertSign') ?? false;
  if (s.isCA) {
    const bc = s.extensions.find((e) => e.oid === OID_BASIC_CONSTRAINTS);
    if (!keyCertSign || !bc?.critical || s.subjectKeyId === undefined) return false;
  } else if (!leafServerRulesClear(s, seen)) {
    // The TLS server rules: decidable only with a SAN and at most one CN that the SAN lists as a DNS name.
    return false;
  }
  return s.selfSigned || s.authorityKeyId !== undefined;
}

/**
 * The rules for a v3 CA certificate, read straight from its DER with the
 * fast reader: the TBSCertificate header and the extension list, without the
 * names, key and signature the validator's parse also builds (about 100 µs a
 * certificate, cold). A CA never gets the TLS server rules, so nothing here
 * needs the names. Same findings and messages as `computeProfile`; an old
 * root with a zero serial or no keyUsage no longer pays for a second parse
 * on every scan. Undefined when this cannot decide (not a CA, not v3, a
 * duplicate extension, an encoding the validator might read differently):
 * the full check decides.
 */
export function summaryProfile(item: CertificateItem): Problem[] | undefined {
  const v = readCaView(item.der);
  if (!v) return undefined;
  const found: Array<[ProfileCode, Severity, string]> = [];
  const add = (code: ProfileCode, severity: Severity, message: string) => found.push([code, severity, message]);
  const serial = serialDefect(v.serial);
  if (serial) add('cert-serial-invalid', 'warning', `serial number ${serial} (RFC 5280 §4.1.2.2: a positive integer of at most 20 octets)`);
  caRules(v, item.certificate, add);
  if (v.subjectEmpty && !v.sanCritical) {
    add(
      'cert-san-empty-subject',
      'error',
      v.san
        ? 'empty subject with a non-critical subjectAltName (RFC 5280 §4.2.1.6: the extension MUST be critical when the subject is empty)'
        : 'empty subject and no subjectAltName: the certificate names nobody (RFC 5280 §4.1.2.6, §4.2.1.6)',
    );
  }
  if (v.notAfter < v.notBefore) {
    add(
      'cert-validity-inverted',
      'error',
      `notAfter (${iso(v.notAfter)}) is before notBefore (${iso(v.notBefore)}): never valid (RFC 5280 §4.1.2.5)`,
    );
  }
  return finish(item, found);
}

/** One problem per code: the worst severity, every reason in the message. */
function merge(found: ReadonlyArray<[ProfileCode, Severity, string]>): Array<[ProfileCode, Severity, string]> {
  const rank = { error: 3, warning: 2, info: 1 } as const;
  const byCode = new Map<ProfileCode, [ProfileCode, Severity, string]>();
  for (const [code, severity, message] of found) {
    const prev = byCode.get(code);
    if (!prev) byCode.set(code, [code, severity, message]);
    else byCode.set(code, [code, rank[severity] > rank[prev[1]] ? severity : prev[1], `${prev[2]}; ${message}`]);
  }
  return [...byCode.values()];
}

/** Why a serial breaks RFC 5280 §4.1.2.2, if it does. Length as zlint counts it: the value, without a DER sign octet. */
export function serialDefect(raw: Uint8Array): string | undefined {
  if (raw.length === 0 || raw.every((b) => b === 0)) return 'is zero';
  if (raw[0]! & 0x80) return 'is negative';
  const octets = raw[0] === 0 ? raw.length - 1 : raw.length;
  return octets > 20 ? `is ${octets} octets long` : undefined;
}

type Add = (code: ProfileCode, severity: Severity, message: string) => void;

/** RFC 5280 §4.1.2.1; a v1/v2 issuer cannot carry basicConstraints, so §6.1.4 (k) never accepts it as an intermediate. */
function versionRules(c: ParsedCert, s: CertificateSummary, file: readonly CertificateSummary[], add: Add): void {
  const v = c.version + 1;
  if (v > 3) {
    add('cert-version', 'warning', `version field says v${v}; only v1, v2 and v3 exist (RFC 5280 §4.1.2.1)`);
    return;
  }
  if (v === 3) return;
  if (c.extensions.size > 0) {
    add(
      'cert-version',
      'warning',
      `X.509 v${v} with extensions: RFC 5280 §4.1.2.1 requires v3 when extensions are present, and strict clients ignore or reject them`,
    );
    return;
  }
  const issued = file.find((o) => o !== s && !o.selfIssued && o.issuerDerHex === s.subjectDerHex);
  if (issued) {
    add(
      'cert-version',
      'warning',
      s.selfIssued
        ? `a v${v} root that issues "${issued.subjectLabel}": without basicConstraints it can only be a trust anchor, and CA/B Forum BR §7.1.1 and root programs require v3`
        : `a v${v} certificate that issues "${issued.subjectLabel}": without basicConstraints it cannot be a CA, so validators reject the path (RFC 5280 §6.1.4 (k))`,
    );
  }
}

/** What the CA rules read, from either parse. `keyUsage`: undefined when absent, else whether keyCertSign is set. */
export interface CaView {
  readonly ca: boolean;
  readonly bcCritical: boolean;
  readonly keyUsage: boolean | undefined;
  readonly ski: boolean;
  readonly akiKeyId: boolean;
}

function caProfile(c: ParsedCert, s: CertificateSummary, add: Add): void {
  const bc = c.basicConstraints;
  caRules(
    {
      ca: bc?.ca ?? false,
      bcCritical: bc?.critical ?? false,
      keyUsage: c.keyUsage ? c.keyUsage.has(KU_KEY_CERT_SIGN) : undefined,
      ski: c.ski !== undefined,
      akiKeyId: c.aki?.keyId !== undefined,
    },
    s,
    add,
  );
}

function caRules(v: CaView, s: CertificateSummary, add: Add): void {
  if (v.ca) {
    if (v.keyUsage === undefined)
      add(
        'cert-ca-profile',
        'warning',
        'CA certificate without keyUsage (RFC 5280 §4.2.1.3: CA certificates MUST include it, with keyCertSign)',
      );
    else if (!v.keyUsage)
      add('cert-ca-profile', 'warning', 'CA certificate whose keyUsage lacks keyCertSign: it cannot sign certificates (RFC 5280 §4.2.1.3)');
    if (!v.bcCritical) add('cert-ca-profile', 'warning', 'basicConstraints is not critical in a CA certificate (RFC 5280 §4.2.1.9)');
    if (!v.ski) add('cert-ca-profile', 'warning', 'CA certificate without subjectKeyIdentifier (RFC 5280 §4.2.1.2)');
  } else if (v.keyUsage) {
    add('cert-ca-profile', 'warning', 'keyUsage keyCertSign without basicConstraints cA=TRUE (RFC 5280 §4.2.1.9)');
  }
  if (!s.selfSigned && !v.akiKeyId) {
    add(
      'cert-ca-profile',
      'info',
      'no authorityKeyIdentifier keyIdentifier (RFC 5280 §4.2.1.1: required unless self-signed; it lets clients find the right issuer key)',
    );
  }
}

/**
 * A leaf a TLS server could present: not a CA, and EKU serverAuth (or
 * anyExtendedKeyUsage), or no EKU and a DNS/IP subjectAltName or a CN that
 * looks like a host name.
 */
export function isTlsServerCertificate(c: ParsedCert): boolean {
  if (c.basicConstraints?.ca) return false;
  if (c.eku) return c.eku.oids.includes(EKU_OIDS.serverAuth) || c.eku.oids.includes(EKU_OIDS.any);
  if ((c.san?.names ?? []).some((n) => n.kind === 'dns' || n.kind === 'ip')) return true;
  return attributeTexts(c.subject, OID_CN).some(hostnameLike);
}

function serverRules(c: ParsedCert, add: Add): void {
  const cns = attributeTexts(c.subject, OID_CN);
  if (!c.san) {
    const cn = cns.find(hostnameLike);
    add(
      'cert-no-san',
      'warning',
      `TLS server certificate without subjectAltName${cn ? `; clients ignore the CN "${cn}" (Chrome since 58, RFC 6125 §6.4.4)` : ': no client will match it to a host name'}`,
    );
    return;
  }
  const dns = c.san.names.flatMap((n) => (n.kind === 'dns' ? [n.text.toLowerCase().replace(/\.$/, '')] : []));
  const ips = c.san.names.flatMap((n) => (n.kind === 'ip' ? [ipToText(n.bytes)] : []));
  for (const cn of cns) {
    if (!hostnameLike(cn)) continue;
    const ip = parseIp(cn);
    const listed = ip ? ips.includes(ipToText(ip)) : dns.includes(cn.toLowerCase().replace(/\.$/, ''));
    if (!listed) {
      add(
        'cert-cn-not-in-san',
        'warning',
        `the CN "${cn}" is not in the subjectAltName, which clients use instead (CABF BR §7.1.4.3: the CN repeats a SAN entry)`,
      );
    }
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The profile code each typed validator rule restates (chain/checks.ts), so the chain layer need not repeat it as `chain-invalid`. */
const RESTATED: Readonly<Record<ProfileRule, ProfileCode>> = {
  serial: 'cert-serial-invalid',
  version: 'cert-version',
  'ca-profile': 'cert-ca-profile',
  'san-empty-subject': 'cert-san-empty-subject',
  'duplicate-extension': 'cert-duplicate-extension',
  'cn-not-in-san': 'cert-cn-not-in-san',
};

/** The profile code a validator rejection restates, if any. */
export function restatedProfileCode(rule: ProfileRule | undefined): ProfileCode | undefined {
  return rule && RESTATED[rule];
}

/** SHA-256 fingerprints of the trust store's anchors (not `--ca` / extraAnchors ones), for `LintOptions.trustedRoots`. */
export async function storeRootFingerprints(
  anchors: ReadonlyArray<{ readonly der: Uint8Array; readonly source: string }>,
): Promise<Set<string>> {
  return new Set(await Promise.all(anchors.filter((a) => a.source === 'store').map((a) => digestHex('SHA-256', a.der))));
}
