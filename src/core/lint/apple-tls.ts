/**
 * Apple platform rules for TLS server certificates, which macOS and iOS
 * enforce even when the organisation trusts the CA (private PKIs included):
 *
 * - Apple HT210176 ("Requirements for trusted certificates in iOS 13 and
 *   macOS 10.15"): the host name in a DNS (or IP) subjectAltName, the CN is
 *   not used; and, for certificates issued on or after 2019-07-01,
 *   extendedKeyUsage with id-kp-serverAuth and a validity of at most 825
 *   days. Its RSA ≥ 2048 bits and SHA-2 rules are not repeated here: every
 *   certificate breaking them already gets `weak-key` / `weak-signature`
 *   (errors, for every client).
 * - Apple HT211025: certificates issued on or after 2020-09-01 that chain to
 *   a root of Apple's store (a public root) last at most 398 days
 *   (`appleTlsPublicValidity`, called once the chain is known).
 *
 * On by context: a leaf a TLS server could present (not a CA; EKU serverAuth
 * or anyExtendedKeyUsage, or no EKU with a DNS/IP SAN),
 * except an X.509-SVID, which peers authenticate by SPIFFE ID.
 * Warnings: the certificate is valid by RFC 5280 and other clients accept it;
 * Apple clients do not.
 *
 * @example
 * lintAppleTls(item); // [['apple-tls-eku', 'warning', '…']]
 */
import type { CertificateItem } from '../analysis/decode';
import type { CodedFinding, Problem } from '../types';
import type { CertificateSummary } from '../x509/certificate';
import { DAY_MS, validityDays, validityPeriodMs } from './cabf';

export const APPLE_TLS_CODES = {
  'apple-tls-validity':
    'A TLS server certificate that macOS/iOS reject for its lifetime: more than 825 days when issued on or after 2019-07-01 (Apple HT210176), more than 398 days when issued on or after 2020-09-01 and chaining to a public root (HT211025).',
  'apple-tls-san':
    'A TLS server certificate whose subjectAltName holds no DNS or IP entry (only URI, e-mail …): macOS/iOS do not use the CN (Apple HT210176). Without any subjectAltName, cert-no-san says so.',
  'apple-tls-eku':
    'A TLS server certificate issued on or after 2019-07-01 without extendedKeyUsage id-kp-serverAuth: macOS/iOS reject it (Apple HT210176).',
} as const;

export type AppleTlsCode = keyof typeof APPLE_TLS_CODES;

/** HT210176's rules apply to certificates issued on or after this date; HT211025's 398 days from the second. */
const HT210176_FROM = Date.UTC(2019, 6, 1);
const HT211025_FROM = Date.UTC(2020, 8, 1);

/**
 * A leaf a TLS server could present, judged on the decoder's summary: not a
 * CA, and EKU serverAuth (or anyExtendedKeyUsage), or no EKU and a DNS/IP
 * SAN. A SAN-less certificate with a host-name CN is left to `cert-no-san`.
 */
export function isTlsServerLeaf(s: CertificateSummary): boolean {
  if (s.isCA) return false;
  if (s.extendedKeyUsage) return s.extendedKeyUsage.includes('serverAuth') || s.extendedKeyUsage.includes('anyExtendedKeyUsage');
  return s.subjectAltNames.some((n) => n.startsWith('DNS:') || n.startsWith('IP:'));
}

/** Over `max` days, counted as the BRs count a Validity Period (notBefore through notAfter inclusive). */
function longerThan(s: CertificateSummary, max: number): boolean {
  return validityPeriodMs(s.notBefore, s.notAfter) > max * DAY_MS;
}

function validityDaysOf(s: CertificateSummary): number {
  return validityDays(validityPeriodMs(s.notBefore, s.notAfter));
}

/** Apple's rules that hold whatever the certificate chains to. Never throws. */
export function lintAppleTls(item: CertificateItem): CodedFinding<AppleTlsCode>[] {
  const s = item.certificate;
  // An X.509-SVID is authenticated by its SPIFFE ID, not a host name (spiffe.ts judges it).
  if (!isTlsServerLeaf(s) || s.notAfter < s.notBefore || s.spiffe) return [];
  const out: CodedFinding<AppleTlsCode>[] = [];
  const days = validityDaysOf(s);
  if (s.notBefore >= HT210176_FROM && longerThan(s, 825))
    out.push([
      'apple-tls-validity',
      'warning',
      `valid for ${days} days; macOS and iOS reject TLS server certificates issued since 2019-07-01 that last more than 825 days, even under a private CA (Apple HT210176)`,
    ]);
  // Without any subjectAltName, `cert-no-san` already says that clients ignore the CN.
  if (s.subjectAltNames.length > 0 && !s.subjectAltNames.some((n) => n.startsWith('DNS:') || n.startsWith('IP:')))
    out.push([
      'apple-tls-san',
      'warning',
      `no DNS or IP subjectAltName (only ${s.subjectAltNames.map((n) => n.split(':')[0]).join(', ')})${s.commonName ? `; macOS and iOS do not match the CN "${s.commonName}"` : ''} (Apple HT210176)`,
    ]);
  if (s.notBefore >= HT210176_FROM && !s.extendedKeyUsage?.includes('serverAuth'))
    out.push([
      'apple-tls-eku',
      'warning',
      `${s.extendedKeyUsage ? 'extendedKeyUsage lacks' : 'no extendedKeyUsage with'} id-kp-serverAuth; macOS and iOS require it on TLS server certificates issued since 2019-07-01 (Apple HT210176)`,
    ]);
  return out;
}

/**
 * HT211025's 398-day limit, for a leaf already known to chain to a public
 * (trust-store) root. Never throws.
 */
export function appleTlsPublicValidity(item: CertificateItem): Array<Problem & { readonly code: 'apple-tls-validity' }> {
  const s = item.certificate;
  if (!isTlsServerLeaf(s) || s.notAfter < s.notBefore || s.notBefore < HT211025_FROM) return [];
  // Over 825 days the profile lint already says so.
  if (!longerThan(s, 398) || longerThan(s, 825)) return [];
  const days = validityDaysOf(s);
  return [
    {
      code: 'apple-tls-validity',
      severity: 'warning',
      message: `"${s.subjectLabel}" is valid for ${days} days; macOS and iOS reject certificates issued since 2020-09-01 that chain to a public root and last more than 398 days (Apple HT211025)`,
      span: item.span,
      data: { days, maxDays: 398 },
    },
  ];
}
