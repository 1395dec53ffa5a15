#!/usr/bin/env bash
# Generates test/fixtures/revocation/ for CRL revocation checking. Dates are
# FIXED (openssl ca -startdate/-enddate, -crl_lastupdate/-crl_nextupdate, and
# revocation dates written into the CA database); tests run at
# 2026-01-01T00:00:00Z. Needs OpenSSL 3.
#   bash scripts/gen-revocation-fixtures.sh
#
#   root.pem                 CertLens RV Root (pass with --ca)
#   pki/ica.pem              CertLens RV ICA, issues the leaves and the CRL
#   pki/ica.crl              revokes revoked.pem (keyCompromise, 2025-09-01, key invalid
#                            since 2025-08-15) and hold.pem (certificateHold, 2025-10-15);
#                            thisUpdate 2025-12-01, nextUpdate 2026-02-01
#   pki/revoked.pem, pki/good.pem, pki/hold.pem   leaves (2025-06-01 .. 2026-12-01)
#   pki/bundle.p7b           PKCS#7 with the ICA and its CRL (CRL inside a container)
#   bad-signature/           the ICA, a leaf it revoked, and a CRL with the ICA's name
#                            signed by another key (crl-bad-signature)
#   delta/                   a delta CRL (deltaCRLIndicator): crl-unsupported
#   scope/                   a CRL limited to CA certificates (IDP onlyContainsCACerts)
#                            that lists the leaf: out of scope, not revoked
set -euo pipefail
# shellcheck source=lib/openssl-ca.sh
. "$(dirname "$0")/lib/openssl-ca.sh"
ca_init revocation 3000 supplied 'crlnumber = crlnumber' 'crl_extensions = crl_ext'
mkdir -p "$OUT/pki" "$OUT/bad-signature" "$OUT/delta" "$OUT/scope"
echo 10 > crlnumber
cat >> ca.cnf <<'CNF'
[crl_ext]
authorityKeyIdentifier = keyid:always
[crl_noaki]
[crl_delta]
authorityKeyIdentifier = keyid:always
deltaCRL = critical, DER:02:01:09
[crl_onlyca]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical, @idp
[idp]
onlyCA = TRUE
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ica]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:http://crl.example.test/ica.crl
CNF

serial_of() { openssl x509 -in "$1.pem" -noout -serial | sed 's/^serial=//'; }
# revoke NAME REVINFO: rewrites the certificate's database line with a fixed revocation date.
revoke() {
  local s; s=$(serial_of "$1")
  awk -F'\t' -v OFS='\t' -v s="$s" -v r="$2" '$4 == s { $1 = "R"; $3 = r } { print }' index.txt > index.new && mv index.new index.txt
}
# crl OUT ISSUER_CERT ISSUER_KEY SECTION LAST NEXT
crl() {
  openssl ca -config ca.cnf -gencrl -cert "$2.pem" -keyfile "$3.key" -crlexts "$4" -md sha256 \
    -crl_lastupdate "$5" -crl_nextupdate "$6" -out "$1" 2>/dev/null
}

Y0=20250101000000Z; LEAF0=20250601000000Z; LEAF1=20261201000000Z
sign root    "/CN=CertLens RV Root" self root $Y0 20350101000000Z
sign ica     "/CN=CertLens RV ICA"  root ica  $Y0 20300101000000Z
sign revoked "/CN=revoked.example.test" ica leaf $LEAF0 $LEAF1
sign good    "/CN=good.example.test"    ica leaf $LEAF0 $LEAF1
sign hold    "/CN=hold.example.test"    ica leaf $LEAF0 $LEAF1
revoke revoked '250901000000Z,keyTime,20250815000000Z'
revoke hold    '251015000000Z,certificateHold,holdInstructionReject'
crl ica.crl ica ica crl_ext 20251201000000Z 20260201000000Z
cp root.pem "$OUT/root.pem"
cp ica.pem revoked.pem good.pem hold.pem ica.crl "$OUT/pki/"
openssl crl2pkcs7 -in ica.crl -certfile ica.pem -out "$OUT/pki/bundle.p7b"

# bad-signature: a CA with the ICA's very name but another key signs a CRL (no AKI, so only
# the name points to the real ICA, whose key then fails to verify it).
mkdir evil && cp ca.cnf evil/ && cd evil && touch index.txt && echo 3900 > serial && echo 10 > crlnumber
cp ../root.pem ../root.key .
sign ica "/CN=CertLens RV ICA" root ica $Y0 20300101000000Z
cp ../revoked.pem . && printf 'R\t261201000000Z\t250901000000Z,keyCompromise\t%s\tunknown\t/CN=revoked.example.test\n' "$(serial_of revoked)" >> index.txt
crl ../wrong-key.crl ica ica crl_noaki 20251201000000Z 20260201000000Z
cd ..
cp ica.pem "$OUT/bad-signature/ica.pem"
cp good.pem "$OUT/bad-signature/leaf.pem"
cp wrong-key.crl "$OUT/bad-signature/wrong-key.crl"

# delta: a delta CRL of the ICA listing the revoked leaf.
crl "$OUT/delta/ica-delta.crl" ica ica crl_delta 20251201000000Z 20260201000000Z
cp ica.pem revoked.pem "$OUT/delta/"
# scope: a CRL for CA certificates only; the revoked leaf on it is out of its scope.
crl "$OUT/scope/ica-ca-only.crl" ica ica crl_onlyca 20251201000000Z 20260201000000Z
cp ica.pem revoked.pem "$OUT/scope/"
echo "fixtures written to $OUT"; find "$OUT" -type f | sort
