/** Every stable code of the fleet analysis, with its meaning (README, docs/lifecycle.md, SARIF rules). */
export const LIFECYCLE_CODES = {
  'rotation-overlap-short': 'A renewal overlaps its predecessor by less than the minimum (default 7 days): too little time to roll it out.',
  'rotation-gap': 'No valid certificate for an identity between a certificate and its renewal.',
  'rotation-key-reused': 'A renewal reuses the key of its predecessor (info; a warning when the policy says so).',
  'cert-superseded': 'The expiry warning of a certificate whose successor is already valid, naming the successor and its file.',
  'trust-bundle-missing-new-ca': 'A trust bundle trusts the old CA of a rotation but not the new one, while leaves of the new CA exist.',
  'trust-bundle-dropped-old-ca':
    'A trust bundle trusts the new CA of a rotation but no longer the old one, while unexpired leaves of the old CA exist.',
  'policy-invalid': 'The policy file (.certlens.yaml) is not valid; it is not applied.',
  'policy-lifetime-exceeded': 'The certificate lifetime exceeds the policy maximum for its profile.',
  'policy-key-not-allowed': 'The key type or size is not among the policy’s allowed keys.',
  'policy-issuer-not-allowed': 'The issuer is not among the policy’s allowed issuers.',
  'policy-san-missing': 'A required subjectAltName pattern for the file’s glob is not matched.',
  'stdin-unreadable': 'scan -: the stream holds no PEM, DER, keystore or Kubernetes YAML/JSON.',
} as const;
