/**
 * The cert-manager rule catalogue (shared/reference/cert-manager-rules.md §9):
 * id, severity and help text. SARIF, docs and the linter all read this table.
 */
import type { Severity } from '../types';

export interface RuleInfo {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly help: string;
}

const E: Severity = 'error';
const W: Severity = 'warning';
const I: Severity = 'info';

function r(id: string, severity: Severity, title: string, help: string): RuleInfo {
  return { id, severity, title, help };
}

export const RULES: readonly RuleInfo[] = [
  r(
    'CM001',
    E,
    'Legacy cert-manager API version or field',
    'Use apiVersion cert-manager.io/v1 (older versions are not served since v1.6, deleted in v1.7) and the v1 field names: privateKey.algorithm/size/encoding, subject.organizations, uris, emailAddresses.',
  ),
  r(
    'CM002',
    E,
    'Duration is not a Go duration string',
    'duration, renewBefore and windowDuration are parsed by time.ParseDuration: units ns, us, ms, s, m, h only. Write 2160h, not 90d; quote the value as a string.',
  ),
  r('CM003', E, 'Duration shorter than 1h', 'The webhook rejects spec.duration below 1h0m0s.'),
  r('CM004', E, 'renewBefore shorter than 5m', 'The webhook rejects spec.renewBefore below 5m0s.'),
  r(
    'CM005',
    E,
    'renewBefore not shorter than duration',
    "renewBefore must be less than the effective duration (2160h when unset). A third of the duration is cert-manager's own default.",
  ),
  r('CM006', E, 'renewBefore and renewBeforePercentage both set', 'They are mutually exclusive; keep one.'),
  r(
    'CM007',
    E,
    'renewBeforePercentage out of range',
    'Use 1..99 so that duration x percentage / 100 is at least 5m. The webhook checks the complement (100 - pct), so some values are rejected or accepted unexpectedly.',
  ),
  r(
    'CM008',
    E,
    'secretName or issuerRef invalid',
    'secretName must be a DNS-1123 subdomain; issuerRef.name is required; issuerRef.kind must be Issuer or ClusterIssuer for cert-manager.io issuers (set issuerRef.group for external issuers).',
  ),
  r(
    'CM009',
    E,
    'No identity',
    'Set at least one of commonName, literalSubject CN, dnsNames, uris, emailAddresses, ipAddresses or otherNames.',
  ),
  r('CM010', E, 'commonName longer than 64 characters', 'The X.509 CN upper bound is 64; put long names in dnsNames.'),
  r(
    'CM011',
    E,
    'Invalid private key or signature algorithm',
    'privateKey.algorithm is RSA, ECDSA or Ed25519 (case-sensitive); RSA size 2048..8192; ECDSA size 256, 384 or 521; signatureAlgorithm must match the key.',
  ),
  r('CM012', E, 'Unknown key usage', 'usages must be one of the 23 cert-manager KeyUsage values, e.g. "digital signature", "server auth".'),
  r('CM013', E, 'revisionHistoryLimit below 1', 'Use 1 or more.'),
  r(
    'CM014',
    E,
    'cert-manager.io annotation in secretTemplate',
    'secretTemplate.annotations may not use cert-manager.io/* keys (except cert-manager.io/allow-direct-injection).',
  ),
  r(
    'CM015',
    E,
    'Keystore password misconfigured',
    'Set exactly one of password and passwordSecretRef on jks/pkcs12 keystores; a literal password cannot be empty.',
  ),
  r('CM016', E, 'literalSubject combined with commonName or subject', 'With literalSubject, remove commonName and subject.'),
  r('CM017', E, 'nameConstraints misconfigured', 'nameConstraints needs isCA: true and permitted or excluded.'),
  r(
    'CM018',
    E,
    'Renewal policy or window invalid',
    'renewal.policy is RenewBefore or Disabled; windows need a windowDuration, an IANA timezone and a valid cron, and are not allowed with Disabled.',
  ),
  r(
    'CM019',
    E,
    'Invalid SAN or duplicate output format',
    'ipAddresses must be IP addresses, emailAddresses bare addresses; additionalOutputFormats types must be unique.',
  ),
  r(
    'CM020',
    E,
    'Conflicting issuer annotations',
    'Use either cert-manager.io/issuer or cert-manager.io/cluster-issuer; issuer-kind and issuer-group do not apply to cluster-issuer.',
  ),
  r(
    'CM021',
    E,
    'Invalid cert-manager annotation value',
    'The ingress-shim rejects the annotation value; see the message for the expected format.',
  ),
  r(
    'CM022',
    E,
    'renew-before annotation not shorter than duration',
    'The generated Certificate is rejected by the webhook; unset duration counts as 2160h.',
  ),
  r('CM023', E, 'Invalid TLS entry', 'Each tls secretName must appear once; entries need hosts and a secretName.'),
  r(
    'CM024',
    W,
    'cert-manager annotations ignored',
    'Without cert-manager.io/issuer, cert-manager.io/cluster-issuer or kubernetes.io/tls-acme the shim ignores the resource; certmanager.k8s.io/* annotations are obsolete.',
  ),
  r('CM025', W, 'ECDSA key size without ECDSA algorithm', 'Without private-key-algorithm: ECDSA the shim assumes RSA and rejects 256/384.'),
  r(
    'CM026',
    W,
    'ACME server URL is a near miss of a public CA',
    "The server is one typo away from a known ACME directory (Let's Encrypt, ZeroSSL, Google Trust Services, Buypass, SSL.com) or uses the wrong path or scheme on its host; account registration fails. Private ACME servers on other hosts are fine.",
  ),
  r(
    'CM027',
    E,
    'Venafi custom-fields annotation is not valid',
    'venafi.cert-manager.io/custom-fields is decoded with Go encoding/json into [{name, value, type}] strings: no trailing commas, comments or single quotes. Otherwise every CertificateRequest fails.',
  ),
  r(
    'CM030',
    E,
    'Unknown field (CRD schema)',
    'The field is not in the CRD schema: kubectl (--validate=strict, the default) rejects it, other clients silently drop it. Check the spelling; the message suggests the nearest known field.',
  ),
  r(
    'CM031',
    E,
    'Missing required field (CRD schema)',
    'The CRD schema requires the field (for example acme.server and acme.privateKeySecretRef). Not reported where a Helm or Terraform template line, a kustomize patch or a "..." elision may supply it.',
  ),
  r(
    'CM032',
    E,
    'Wrong type (CRD schema)',
    'The value has the wrong type for the CRD schema, e.g. a number where a string is required: quote it.',
  ),
  r('CM033', E, 'Value not allowed (CRD schema)', 'The value is not one of the enum values of the CRD schema (case-sensitive).'),
  r(
    'CM034',
    E,
    'Value out of range or pattern (CRD schema)',
    'The value breaks a pattern, format, length, item-count or numeric bound of the CRD schema.',
  ),
  r(
    'CM101',
    W,
    'renewBefore not shorter than the issued lifetime',
    'cert-manager silently falls back to renewing at 2/3 of the issued lifetime (renewaltime.go). Use renewBeforePercentage or leave it unset.',
  ),
  r(
    'CM102',
    W,
    'Renewal loop risk',
    'Less than max(1h, 5% of the lifetime) between issuance and renewal: the certificate renews continuously and hits rate limits.',
  ),
  r(
    'CM103',
    W,
    'ACME ignores duration',
    'Without acme.enableDurationFeature the ACME issuer ignores spec.duration; the CA decides the lifetime.',
  ),
  r(
    'CM104',
    W,
    "Let's Encrypt with enableDurationFeature",
    "Let's Encrypt does not support the notAfter request field; Orders fail. Remove enableDurationFeature.",
  ),
  r(
    'CM105',
    W,
    'Short retry window',
    'With renewBefore under 63h a failing renewal gets fewer than 6 backoff retries (1h..32h) before expiry.',
  ),
  r(
    'CM106',
    W,
    'Overlap shorter than policy',
    'The old certificate stays valid for renewBefore after renewal. Keep at least the overlap minimum (7d) for lifetimes of 21d and more, else a third of the lifetime.',
  ),
  r(
    'CM107',
    I,
    "Hard-coded renewBefore will exceed Let's Encrypt lifetimes",
    "Let's Encrypt classic goes to 64d on 2027-02-10 and 45d on 2028-02-16; use renewBeforePercentage: 33 or leave renewBefore unset.",
  ),
  r(
    'CM108',
    W,
    'Lifetime above the CA/Browser Forum maximum',
    'SC-081v3: 200d from 2026-03-15, 100d from 2027-03-15, 47d from 2029-03-15.',
  ),
  r(
    'CM109',
    W,
    "Key or CA flag Let's Encrypt will not issue",
    "Let's Encrypt issues RSA 2048/3072/4096 and ECDSA P-256/P-384 leaf certificates only.",
  ),
  r('CM110', I, "client auth usage with Let's Encrypt", "Let's Encrypt no longer includes the client-auth EKU."),
  r(
    'CM111',
    W,
    "CA overlap shorter than its leaves' lifetime",
    'Leaves signed by the old CA outlive it. The fix proposes the smallest valid CA renewBefore that covers them (leaf lifetime + leaf renewBefore, else the leaf lifetime), always below the CA duration so the webhook accepts it; when none fits, shorten the leaf. Keep old and new CA in a trust-manager Bundle.',
  ),
  r('CM112', W, 'Leaf outlives its CA', "cert-manager does not cap a leaf at its CA's notAfter; keep leaf duration below the CA duration."),
  r(
    'CM113',
    W,
    'CA key rotated on every renewal',
    'A root CA (trust anchor, signed by a SelfSigned issuer) with rotationPolicy Always (the default since v1.18) gets a new key on every renewal, so every trust store must change; set rotationPolicy: Never or plan trust distribution. Intermediates are not reported unless their mesh documents Never (Linkerd and Istio intermediates rotate).',
  ),
  r('CM114', I, 'rotationPolicy unset', 'The default changed from Never to Always in v1.18; set it explicitly.'),
  r('CM115', W, 'Renewal disabled', 'renewal.policy: Disabled means the certificate expires; v1.21.0 crash-loops on it.'),
  r('CM116', W, 'Renewal window gap longer than renewBefore', 'The next window may open after expiry; widen windows or raise renewBefore.'),
  r(
    'CM117',
    W,
    'renewBeforePercentage never validated',
    'Without duration or renewBefore the webhook skips the percentage check; out-of-range values are silently ignored.',
  ),
  r('CM118', W, 'renew-before without duration annotation', 'The webhook assumes 2160h, while the issuer may grant less.'),
  r(
    'CM119',
    I,
    'Alert threshold reached before renewal',
    'Alerts fire before cert-manager even tries to renew; use thresholds relative to the lifetime.',
  ),
  r('CM120', I, 'Non-canonical duration string', 'The API server returns the Go form (2160h0m0s); GitOps tools show drift for 2160h.'),
  r('CM121', W, 'issuerRef.kind missing for a ClusterIssuer', 'kind defaults to Issuer; add kind: ClusterIssuer.'),
  r('CM122', I, "commonName with a Let's Encrypt profile that drops it", 'tlsserver and shortlived certificates carry no CN.'),
];

const BY_ID = new Map(RULES.map((x) => [x.id, x]));

export function ruleInfo(id: string): RuleInfo | undefined {
  return BY_ID.get(id);
}

/** Non-rule codes the linter may emit. */
export const SYNTAX_CODE = 'yaml-syntax';
