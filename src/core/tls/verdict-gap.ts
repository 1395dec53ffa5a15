/**
 * Why CertLens's verdict and OpenSSL's (Node's `authorizationError`) differ,
 * in words for the report, so it never just contradicts itself. Both verify
 * with the same anchors (the runner hands OpenSSL every extra anchor ours
 * uses); what remains are the checks only one side makes.
 */
import type { EndpointReport } from './report-types';

/** OpenSSL / Node verify error codes we can name the cause of. */
const OPENSSL_WORDS: Readonly<Record<string, string>> = {
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'OpenSSL found no issuer for a served certificate among its trust anchors',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'OpenSSL could not find the issuer of the leaf',
  SELF_SIGNED_CERT_IN_CHAIN: 'OpenSSL met a self-signed root it does not trust',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'OpenSSL met a self-signed leaf it does not trust',
  CERT_HAS_EXPIRED: 'OpenSSL rejects an expired certificate',
  CERT_NOT_YET_VALID: 'OpenSSL rejects a certificate that is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: "OpenSSL's host name check (Node checkServerIdentity) failed",
};

/** Only CertLens checks these (policy and lifecycle, not path validity). */
const CERTLENS_ONLY = /^(cabf-|cert-expiring|ocsp-|crl-|must-staple|weak-|sct-|hostname-|lint-|profile-)/;

/**
 * The sentence the report shows when the two verdicts disagree, else undefined.
 *
 * @example verdictGap(report) // 'CertLens flags what OpenSSL does not check: cert-expiring.'
 */
export function verdictGap(r: EndpointReport): string | undefined {
  if (!r.tls) return undefined;
  const opensslOk = !r.authorizationError;
  const errors = r.problems.filter((p) => p.severity === 'error');
  const ours = errors.length === 0;
  if (opensslOk === ours) {
    if (opensslOk && r.problems.length > 0) {
      const codes = [...new Set(r.problems.map((p) => p.code))];
      return `Both accept the chain; CertLens adds warnings OpenSSL does not check: ${codes.join(', ')}.`;
    }
    return undefined;
  }
  if (opensslOk) {
    const codes = [...new Set(errors.map((p) => p.code))];
    const policy = codes.filter((c) => CERTLENS_ONLY.test(c));
    const chain = codes.filter((c) => !CERTLENS_ONLY.test(c));
    return [
      'OpenSSL accepts the chain, CertLens does not:',
      policy.length ? `${policy.join(', ')} ${policy.length === 1 ? 'is a check' : 'are checks'} OpenSSL does not make;` : '',
      chain.length
        ? `${chain.join(', ')}: CertLens validates the path as RFC 5280 describes (EKU, name constraints, path length, key usage), more strictly than OpenSSL's defaults.`
        : '',
    ]
      .filter(Boolean)
      .join(' ')
      .replace(/;$/, '.');
  }
  const code = r.authorizationError ?? '';
  const why = OPENSSL_WORDS[code] ?? `OpenSSL reports ${code}`;
  return `OpenSSL rejects the chain, CertLens does not: ${why}. CertLens built a valid path with the same anchors (it also uses the system bundle and accepts a served chain in any order).`;
}
