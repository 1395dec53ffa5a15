/**
 * Time-dependent and policy findings on decoded items. Cheap and pure, so
 * adapters re-run it on every clock tick or setting change without decoding
 * again.
 */
import type { CertificateItem, CrlItem, CsrItem, Item } from '../analysis/decode';
import { computeExpiry, DEFAULT_THRESHOLDS, formatDuration, type ExpiryThresholds } from './expiry';
import { lintProfile, PROFILE_CODES } from './profile';
import type { Problem } from '../types';
import { WEAK_SIGNATURE_HASH } from '../x509/oids';
import { weakKeyReason } from '../x509/public-key';

export interface LintOptions {
  readonly now: Date;
  readonly thresholds?: ExpiryThresholds;
  /** Codes to leave out (settings or `--disable`). */
  readonly disabled?: ReadonlySet<string>;
  /**
   * SHA-256 fingerprints (lowercase hex) of the trust store's roots. A copy of
   * one in the workspace gets no profile findings: clients take a trust
   * anchor as a name and a key (RFC 5280 §6.1.1 (d)), root programs vetted
   * it, and several roots in use predate today's profiles.
   */
  readonly trustedRoots?: ReadonlySet<string>;
}

/** Every stable code this module can emit, with its meaning (README, SARIF). */
export const LINT_CODES = {
  'cert-expired': 'The certificate is past its notAfter date.',
  'cert-not-yet-valid': 'The certificate is before its notBefore date.',
  'cert-expiring': 'Time left is under the warning or error threshold (days and % of lifetime).',
  'weak-key': 'RSA under 2048 bits, EC under 256 bits, or DSA.',
  'weak-signature': 'Signed with MD5 or SHA-1 (not reported on self-signed roots, whose signature is never checked).',
  'crl-stale': 'The CRL is past its nextUpdate.',
  'csr-bad-signature': 'The CSR signature does not verify with its own key.',
  'unknown-block': 'A PEM block CertLens does not decode.',
  ...PROFILE_CODES,
} as const;

export function lintItems(items: readonly Item[], options: LintOptions): Problem[] {
  const out: Problem[] = [];
  const now = options.now.getTime();
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const summaries = items.flatMap((i) => (i.kind === 'certificate' ? [i.certificate] : []));
  items.forEach((item, index) => {
    const from = out.length;
    switch (item.kind) {
      case 'certificate':
        lintCertificate(item, now, thresholds, out);
        if (!options.trustedRoots?.has(item.certificate.sha256)) out.push(...lintProfile(item, summaries));
        break;
      case 'csr':
        lintCsr(item, out);
        break;
      case 'crl':
        lintCrl(item, now, out);
        break;
      case 'private-key':
      case 'public-key': {
        const weak = weakKeyReason(item.key);
        if (weak)
          out.push({
            code: 'weak-key',
            severity: 'error',
            message: `${item.kind === 'private-key' ? 'private' : 'public'} key: ${weak}`,
            span: item.span,
          });
        break;
      }
      case 'pkcs12': // the decoder already reports pkcs12-needs-password / -wrong-password
      case 'keystore': // … and keystore-unverified / -integrity-failed / -malformed
      case 'pkcs7':
        break;
      case 'unknown':
        out.push({ code: 'unknown-block', severity: 'info', message: `"${item.label}" block: not decoded by CertLens`, span: item.span });
        break;
    }
    for (let k = from; k < out.length; k++) out[k] = { ...out[k]!, item: index };
  });
  return options.disabled ? out.filter((p) => !options.disabled!.has(p.code)) : out;
}

function lintCertificate(item: CertificateItem, now: number, t: ExpiryThresholds, out: Problem[]): void {
  const c = item.certificate;
  const e = computeExpiry(c.notBefore, c.notAfter, now, t);
  const weak = weakKeyReason(c);
  const hash = WEAK_SIGNATURE_HASH[c.signatureAlgorithmOid];
  // A trust anchor's self-signature is never verified by clients (RFC 5280 §6.1), so it is not a weakness.
  const weakSignature = hash !== undefined && !(c.selfSigned && c.isCA);
  // Most certificates of a scan have no finding here: build the name and data only for one that has.
  if (e.state === 'ok' && !weak && !weakSignature) return;
  const entry = item.keystoreEntry ? ` (keystore entry "${item.keystoreEntry.alias}")` : '';
  const who = `${roleName(item)} "${c.subjectLabel}"${entry}`;
  const span = item.span;
  const data = () => ({ sha256: c.sha256, notAfter: new Date(c.notAfter).toISOString() });
  switch (e.state) {
    case 'expired':
      out.push({
        code: 'cert-expired',
        severity: 'error',
        message: `${who} expired ${formatDuration(e.msLeft)} ago (${utc(c.notAfter)})`,
        span,
        data: data(),
      });
      break;
    case 'not-yet-valid':
      out.push({
        code: 'cert-not-yet-valid',
        severity: 'error',
        message: `${who} is not valid until ${utc(c.notBefore)} (in ${formatDuration(c.notBefore - now)})`,
        span,
        data: data(),
      });
      break;
    case 'error':
    case 'warning':
      out.push({
        code: 'cert-expiring',
        severity: e.state,
        message: `${who} expires in ${formatDuration(e.msLeft)} (${utc(c.notAfter)}); ${Math.round(e.percentUsed)}% of its lifetime (${formatDuration(e.lifetimeMs)}) used`,
        span,
        data: data(),
      });
      break;
  }
  if (weak) out.push({ code: 'weak-key', severity: 'error', message: `${who}: ${weak}`, span });
  if (weakSignature) {
    out.push({
      code: 'weak-signature',
      severity: 'error',
      message: `${who} is signed with ${c.signatureAlgorithm}: ${hash} signatures are rejected by TLS clients`,
      span,
    });
  }
}

function lintCsr(item: CsrItem, out: Problem[]): void {
  if (item.signatureValid === false) {
    out.push({
      code: 'csr-bad-signature',
      severity: 'error',
      message: `CSR "${item.csr.subjectLabel}": the signature does not verify with the request's own public key`,
      span: item.span,
    });
  }
  const weak = weakKeyReason(item.csr);
  if (weak) out.push({ code: 'weak-key', severity: 'error', message: `CSR "${item.csr.subjectLabel}": ${weak}`, span: item.span });
  const hash = WEAK_SIGNATURE_HASH[item.csr.signatureAlgorithmOid];
  if (hash)
    out.push({
      code: 'weak-signature',
      severity: 'warning',
      message: `CSR "${item.csr.subjectLabel}" is signed with ${item.csr.signatureAlgorithm}`,
      span: item.span,
    });
}

function lintCrl(item: CrlItem, now: number, out: Problem[]): void {
  const next = item.crl.nextUpdate;
  if (next !== undefined && now > next) {
    out.push({
      code: 'crl-stale',
      severity: 'warning',
      message: `CRL from "${item.crl.issuerLabel}" is stale: nextUpdate was ${utc(next)} (${formatDuration(now - next)} ago); clients that check revocation will reject`,
      span: item.span,
    });
  }
}

export function roleName(item: CertificateItem): string {
  return item.certificate.role === 'self-signed'
    ? 'self-signed certificate'
    : item.certificate.role === 'root'
      ? 'root'
      : item.certificate.role;
}

export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
