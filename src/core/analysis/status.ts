/**
 * The one per-certificate verdict every surface renders (CodeLens lead,
 * badge colour, status bar, inventory icon, hover headline, `--json`).
 *
 * A certificate's status is its worst state, in this order:
 * `revoked` > `expired` > `not-yet-valid` > `invalid` (a chain or signature
 * error) > `error` > `warning` > `ok`.
 */
import type { Problem } from '../types';

export const CERTIFICATE_STATUSES = ['revoked', 'expired', 'not-yet-valid', 'invalid', 'error', 'warning', 'ok'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** Lower is worse. */
const RANK: Readonly<Record<CertificateStatus, number>> = Object.fromEntries(CERTIFICATE_STATUSES.map((s, i) => [s, i])) as Record<
  CertificateStatus,
  number
>;

const REVOKED = new Set(['cert-revoked', 'ocsp-revoked']);
const EXPIRED = new Set(['cert-expired']);
const NOT_YET_VALID = new Set(['cert-not-yet-valid']);
/** Signature failures outside the chain-* family. */
const SIGNATURE = new Set(['bad-signature', 'csr-bad-signature']);

/** The state one finding puts its certificate in. */
export function findingStatus(f: Pick<Problem, 'code' | 'severity'>): CertificateStatus {
  if (REVOKED.has(f.code)) return 'revoked';
  if (EXPIRED.has(f.code)) return 'expired';
  if (NOT_YET_VALID.has(f.code)) return 'not-yet-valid';
  if (f.severity === 'error' && (f.code.startsWith('chain-') || SIGNATURE.has(f.code))) return 'invalid';
  if (f.severity === 'error') return 'error';
  if (f.severity === 'warning') return 'warning';
  return 'ok';
}

/** The worst state over a certificate's findings; `ok` when it has none. */
export function certificateStatus(findings: Iterable<Pick<Problem, 'code' | 'severity'>>): CertificateStatus {
  let worst: CertificateStatus = 'ok';
  for (const f of findings) worst = worseStatus(worst, findingStatus(f));
  return worst;
}

export function worseStatus(a: CertificateStatus, b: CertificateStatus): CertificateStatus {
  return RANK[b] < RANK[a] ? b : a;
}

/** Compare for sorting, worst first. */
export function compareStatus(a: CertificateStatus, b: CertificateStatus): number {
  return RANK[a] - RANK[b];
}

/** The severity level a status is shown at (badge colour, status-bar icon). */
export function statusLevel(s: CertificateStatus): 'error' | 'warning' | 'ok' {
  if (s === 'ok') return 'ok';
  return s === 'warning' ? 'warning' : 'error';
}

/** The word a surface leads with (CodeLens, status bar), or undefined when the icon says it all. */
export function statusHeadline(s: CertificateStatus): string | undefined {
  switch (s) {
    case 'revoked':
      return 'REVOKED';
    case 'expired':
      return 'EXPIRED';
    case 'not-yet-valid':
      return 'NOT YET VALID';
    case 'invalid':
      return 'INVALID';
    default:
      return undefined;
  }
}

/** Codicon for a status: one mapping for CodeLens, status bar, inventory and badges. */
export function statusIcon(s: CertificateStatus): 'error' | 'warning' | 'pass' {
  const level = statusLevel(s);
  return level === 'ok' ? 'pass' : level;
}
