#!/usr/bin/env bash
# Generates test/fixtures/policy-revocation/ for certificate policies (RFC 5280
# §6.1, chain-policy) and revocation inside path validation (§6.3,
# revocation-unknown). Dates are FIXED; tests run at 2026-01-01T00:00:00Z.
# Needs OpenSSL 3.
#   bash scripts/gen-policy-revocation-fixtures.sh
#
#   root.pem                     CertLens PR Root (pass with --ca)
#   policy/ica.pem               CertLens PR Policy ICA: certificatePolicies 1.3.6.1.4.1.55555.1.1,
#                                policyConstraints requireExplicitPolicy:0 (every path below needs a policy)
#   policy/ok.pem                leaf asserting 1.3.6.1.4.1.55555.1.1: chain OK, chain.policies = [that OID]
#   policy/no-policy.pem         leaf without certificatePolicies: chain-policy
#   unknown/ica.pem              CertLens PR Reasons ICA
#   unknown/ica.crl              its only CRL, limited to keyCompromise (IDP onlySomeReasons): the other
#                                reasons stay undetermined, so the leaf gets revocation-unknown
#   unknown/leaf.pem             leaf of that ICA
set -euo pipefail
# shellcheck source=lib/openssl-ca.sh
. "$(dirname "$0")/lib/openssl-ca.sh"
ca_init policy-revocation 4000 supplied 'crlnumber = crlnumber' 'crl_extensions = crl_ext'
mkdir -p "$OUT/policy" "$OUT/unknown"
echo 20 > crlnumber
cat >> ca.cnf <<'CNF'
[crl_ext]
authorityKeyIdentifier = keyid:always
[crl_some_reasons]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical, @idp
[idp]
onlysomereasons = keyCompromise
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[policy_ica]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
certificatePolicies = 1.3.6.1.4.1.55555.1.1
policyConstraints = critical, requireExplicitPolicy:0
[ica]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_policy]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:ok.policy.example.test
certificatePolicies = 1.3.6.1.4.1.55555.1.1
[leaf_nopolicy]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:no-policy.policy.example.test
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:leaf.unknown.example.test
CNF

Y0=20250101000000Z; LEAF0=20250601000000Z; LEAF1=20261201000000Z
sign root      "/CN=CertLens PR Root"        self root        $Y0 20350101000000Z
sign policyica "/CN=CertLens PR Policy ICA" root policy_ica  $Y0 20300101000000Z
sign ok        "/CN=ok.policy.example.test"        policyica leaf_policy   $LEAF0 $LEAF1
sign nopolicy  "/CN=no-policy.policy.example.test" policyica leaf_nopolicy $LEAF0 $LEAF1
sign ica       "/CN=CertLens PR Reasons ICA" root ica $Y0 20300101000000Z
sign leaf      "/CN=leaf.unknown.example.test" ica leaf $LEAF0 $LEAF1
openssl ca -config ca.cnf -gencrl -cert ica.pem -keyfile ica.key -crlexts crl_some_reasons -md sha256 \
  -crl_lastupdate 20251201000000Z -crl_nextupdate 20260201000000Z -out ica.crl 2>/dev/null
cp root.pem "$OUT/root.pem"
cp policyica.pem "$OUT/policy/ica.pem"
cp ok.pem "$OUT/policy/ok.pem"
cp nopolicy.pem "$OUT/policy/no-policy.pem"
cp ica.pem ica.crl leaf.pem "$OUT/unknown/"
echo "fixtures written to $OUT"; find "$OUT" -type f | sort
