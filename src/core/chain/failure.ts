/**
 * Words for a rejected path: the validator's reason code (`chain/types.ts`)
 * mapped to a user-facing chain code, a diagnostic message and the one-line
 * CodeLens verdict.
 */
import { EKU_OIDS, type PathFailure, type ReasonCode } from './index.js';
import type { ChainCode, ChainMode } from './codes';
import { shortName } from './pool';
import type { CertificateSummary } from '../x509/certificate';

/** Failures the per-file lint already reports on the certificate itself. */
export const LINTED: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'expired',
  'not-yet-valid',
  'weak-key',
  'weak-signature',
  'hostname-mismatch',
  // cert-revoked (revocation/crl-check.ts) sits on the revoked block itself.
  'revoked',
]);

const FAILURE_CODE: Partial<Record<ReasonCode, ChainCode>> = {
  'bad-signature': 'chain-bad-signature',
  'not-ca': 'chain-not-ca',
  'key-usage': 'chain-not-ca',
  'pathlen-exceeded': 'chain-pathlen-exceeded',
  'depth-exceeded': 'chain-pathlen-exceeded',
  'name-constraints': 'chain-name-constraints',
  eku: 'chain-eku',
  expired: 'chain-expired-intermediate',
  'not-yet-valid': 'chain-expired-intermediate',
  'missing-issuer': 'chain-missing-intermediate',
  'budget-exceeded': 'chain-budget-exceeded',
  policy: 'chain-policy',
  'revocation-unknown': 'revocation-unknown',
};

export interface FailureWords {
  readonly code: ChainCode;
  readonly message: string;
  /** The CodeLens verdict: `missing intermediate: CN=R11`. */
  readonly text: string;
  readonly data?: Record<string, unknown>;
}

/**
 * @param who the culprit's label; `culprit` its summary (issuer name and AIA for a missing issuer)
 * @param issuer for `bad-signature`: the label of the certificate whose key failed to verify
 */
export function describeFailure(
  f: PathFailure<unknown>,
  mode: ChainMode,
  who: string,
  culprit: CertificateSummary | undefined,
  issuer?: string,
): FailureWords {
  const code: ChainCode = FAILURE_CODE[f.code] ?? 'chain-invalid';
  switch (f.code) {
    case 'missing-issuer': {
      const name = culprit?.issuer ?? '?';
      const urls = culprit?.caIssuerUrls ?? [];
      const place = mode === 'file' ? 'workspace' : 'served chain';
      if (culprit?.isCA) {
        // The intermediate is there (served or in the workspace): what is missing is its issuer, most often a
        // root nobody trusts here, so "missing intermediate" would contradict what the user sees. Same code, other words.
        return {
          code,
          message: `the chain ends at the CA "${who}": its issuer ${name} is neither in the ${place} nor a trust anchor. If it is your private root, add it as a trust anchor; otherwise a cross-signed intermediate is missing${urls.length ? ` (AIA caIssuers: ${urls.join(', ')})` : ''}`,
          text: `issuer not found: ${shortName(name)}`,
          data: { issuer: name, ...(urls.length > 0 && { caIssuers: urls }) },
        };
      }
      return {
        code,
        message: `missing intermediate: nothing in the ${place} or the trust store issued "${who}"; its issuer is ${name}${urls.length ? ` (AIA caIssuers: ${urls.join(', ')})` : ''}`,
        text: `missing intermediate: ${shortName(name)}`,
        data: { issuer: name, ...(urls.length > 0 && { caIssuers: urls }) },
      };
    }
    case 'untrusted-root':
      return {
        code: mode === 'endpoint' ? 'chain-untrusted-root' : 'chain-invalid',
        message: `the chain ends at "${who}", a root no trust anchor matches`,
        text: `untrusted root: ${who}`,
      };
    case 'budget-exceeded':
      return {
        code,
        message: `the chain of "${who}" was not decided: ${f.message} (the per-certificate and per-scan budgets are in docs/conformance.md); the certificates around it form too many candidate paths`,
        text: 'chain not decided: work budget exceeded',
      };
    case 'no-anchor':
      return {
        code: mode === 'endpoint' ? 'chain-untrusted-root' : 'chain-invalid',
        message: `"${who}": ${f.message}`,
        text: `no trust anchor above ${who}`,
      };
    case 'bad-signature':
      return {
        code,
        message: `the signature of "${who}" does not verify with the key of "${issuer ?? '?'}", the only certificate with its issuer name`,
        text: `bad signature: ${who}`,
      };
    default:
      break;
  }
  const message =
    code === 'chain-expired-intermediate'
      ? `issuer "${who}" ${f.message}: the chain is broken for every client`
      : `"${who}": ${ekuNames(f.message)}`;
  const text: Partial<Record<ChainCode, string>> = {
    'chain-expired-intermediate': `expired intermediate: ${who}`,
    'chain-not-ca': `issuer is not a CA: ${who}`,
    'chain-pathlen-exceeded': `path length exceeded at ${who}`,
    'chain-name-constraints': `name constraints of ${who} violated`,
    'chain-eku': `EKU restricted by ${who}`,
    'chain-policy': `no acceptable certificate policy (at ${who})`,
    'revocation-unknown': `revocation status unknown: ${who}`,
  };
  return { code, message, text: text[code] ?? `chain invalid: ${ekuNames(f.message)}` };
}

const EKU_NAMES = new Map<string, string>(Object.entries(EKU_OIDS).map(([name, oid]) => [oid, name]));
/** `extendedKeyUsage lacks 1.3.6.1.5.5.7.3.1` → `… lacks serverAuth`. */
export function ekuNames(message: string): string {
  return message.replace(/\b\d+(\.\d+){3,}\b/g, (oid) => EKU_NAMES.get(oid) ?? oid);
}
