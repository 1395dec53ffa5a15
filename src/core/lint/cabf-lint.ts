/**
 * CA/Browser Forum Baseline Requirements rules on a TLS server certificate,
 * for leaves that chain to a public trust-store anchor only: the BRs bind
 * publicly trusted CAs, so a private PKI or a workspace root never gets
 * these findings (chain-findings.ts decides, from the path's anchor).
 *
 * @example
 * lintCabf(item); // [{ code: 'cabf-validity-too-long', severity: 'error', … }]
 */
import { CABF_VALIDITY_SCHEDULE, DAY_MS, limitStart, validityDays, validityLimitAt, validityPeriodMs } from './cabf';
import { parseCached } from '../chain/index.js';
import type { CertificateItem } from '../analysis/decode';
import { isTlsServerCertificate } from './profile';
import { appleTlsPublicValidity } from './apple-tls';
import type { Problem } from '../types';

export const CABF_CODES = {
  'cabf-validity-too-long':
    'A TLS server certificate chaining to a public root whose Validity Period (notBefore through notAfter inclusive) exceeds the BR §6.3.2 maximum in force at its notBefore: 825 days from 2018-03-01, 398 from 2020-09-01, 200 from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15.',
  'cabf-validity-upcoming':
    'The certificate is within its limit, but the next step of the BR §6.3.2 schedule after its notBefore is shorter than its lifetime: a renewal on the same lifetime after that date will be refused or shortened.',
} as const;

/** The codes of findings that need the chain to a public root: the BRs', and Apple's 398-day rule (apple-tls.ts). */
export type CabfCode = keyof typeof CABF_CODES | 'apple-tls-validity';

/** BR validity findings, and Apple's 398-day limit, of one leaf already known to chain to a public trust anchor. Never throws. */
export function lintCabf(item: CertificateItem): Array<Problem & { readonly code: CabfCode }> {
  if (parseCached(item.der, item.certificate.sha256) instanceof Error) return [];
  return [...brValidity(item), ...appleTlsPublicValidity(item)];
}

function brValidity(item: CertificateItem): Array<Problem & { readonly code: CabfCode }> {
  const c = parseCached(item.der, item.certificate.sha256);
  if (c instanceof Error || !isTlsServerCertificate(c) || c.notAfter < c.notBefore) return [];
  const limit = validityLimitAt(c.notBefore);
  if (!limit) return [];
  const period = validityPeriodMs(c.notBefore, c.notAfter);
  const days = validityDays(period);
  const who = `"${item.certificate.subjectLabel}"`;
  const issued = new Date(c.notBefore).toISOString().slice(0, 10);
  if (period > limit.maxDays * DAY_MS) {
    return [
      {
        code: 'cabf-validity-too-long',
        severity: 'error',
        message: `${who} is valid for ${days} days (notBefore through notAfter inclusive); TLS certificates issued on or after ${limit.date} may last at most ${limit.maxDays} days (CA/B Forum BR §6.3.2, ${limit.ballot}); browsers and CT logs may reject it`,
        span: item.span,
        data: { days, maxDays: limit.maxDays, since: limit.date },
      },
    ];
  }
  // Only the next step of the schedule: a 90-day certificate of 2026 is not told about 2029's 47 days yet.
  const next = CABF_VALIDITY_SCHEDULE.find((l) => limitStart(l) > c.notBefore);
  if (!next || period <= next.maxDays * DAY_MS) return [];
  return [
    {
      code: 'cabf-validity-upcoming',
      severity: 'info',
      message: `${who} (issued ${issued}) is valid for ${days} days, within the ${limit.maxDays}-day limit it was issued under; from ${next.date} publicly trusted TLS certificates may last at most ${next.maxDays} days (CA/B Forum ${next.ballot}), so a renewal on the same lifetime after that date will be refused or shortened`,
      span: item.span,
      data: { days, maxDays: next.maxDays, from: next.date },
    },
  ];
}
