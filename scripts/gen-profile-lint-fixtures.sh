#!/usr/bin/env bash
# Generates test/fixtures/profile-lint/: one certificate per profile-lint code
# (cert-*, cabf-*) plus good certificates that must produce none of them.
# Dates are FIXED (openssl ca -startdate/-enddate). Two fixtures need bytes
# openssl will not write (a v2 certificate with extensions, a duplicate
# extension, a negative serial): the script patches the TBSCertificate hex
# and signs it again with `openssl dgst`, so every signature still verifies.
# Needs OpenSSL 3 and xxd.
#   bash scripts/gen-profile-lint-fixtures.sh
set -euo pipefail
# shellcheck source=lib/openssl-ca.sh
. "$(dirname "$0")/lib/openssl-ca.sh"
ca_init profile-lint 1000 optional
cat >> ca.cnf <<'CNF'
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ica]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = caIssuers;URI:http://pki.example.test/ica.der
# Let's Encrypt-like subscriber certificate.
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:www.example.com, DNS:example.com
authorityInfoAccess = OCSP;URI:http://ocsp.example.test, caIssuers;URI:http://pki.example.test/ica.der
# Let's Encrypt tlsserver profile: no CN, an empty subject, so a critical SAN (RFC 5280 §4.2.1.6).
[leafnocn]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = critical, DNS:www.example.com
[leafnosan]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leafnoaki]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = none
subjectAltName = DNS:www.example.com
[leafemptysubject]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:www.example.com
[leafdup]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:www.example.com
2.5.29.99 = DER:04:02:01:02
[canoku]
basicConstraints = critical, CA:TRUE
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[canoncrit]
basicConstraints = CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[canoski]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = none
authorityKeyIdentifier = keyid
CNF

# DER length octets of a byte count.
derlen() { if [ "$1" -lt 128 ]; then printf '%02x' "$1"; elif [ "$1" -lt 256 ]; then printf '81%02x' "$1"; else printf '82%04x' "$1"; fi; }
# patch IN.pem OUT.pem SIGNER.key FROM_HEX TO_HEX: replace bytes of the TBSCertificate (same length) and sign again (ECDSA P-256, SHA-256).
patch() {
  local hex tbs len
  hex=$(openssl x509 -in "$1" -outform DER | xxd -p | tr -d '\n')
  len=$(( 16#${hex:12:4} + 4 ))
  tbs=${hex:8:$(( len * 2 ))}
  tbs=${tbs/$4/$5}
  echo "$tbs" | xxd -r -p > tbs.der
  openssl dgst -sha256 -sign "$3" -out sig.bin tbs.der
  local sig alg=300a06082a8648ce3d040302 body
  sig="00$(xxd -p sig.bin | tr -d '\n')"
  body="${tbs}${alg}03$(derlen $(( ${#sig} / 2 )))${sig}"
  echo "30$(derlen $(( ${#body} / 2 )))${body}" | xxd -r -p | openssl x509 -inform DER -out "$2"
}

Y0=20250101000000Z
L0=20260401000000Z; L1=20260630000000Z   # a 90-day leaf issued under the 200-day limit
sign root "/CN=CertLens PL Root/O=CertLens Test" self root $Y0 20450101000000Z
sign ica  "/CN=CertLens PL ICA/O=CertLens Test"  root ica  $Y0 20350101000000Z

# Good: a proper root, an intermediate and a Let's Encrypt-like leaf (none of the new codes).
put root.pem root.pem
sign good "/CN=www.example.com" ica leaf $L0 20260629235959Z
put good-fullchain.pem good.pem ica.pem
# A leaf with an empty subject and a critical SAN (Let's Encrypt's tlsserver profile): still good.
sign good-nocn "/" ica leafnocn $L0 20260629235959Z
put good-nocn.pem good-nocn.pem

# cert-serial-invalid: zero, 21 octets, negative (patched).
echo 00 > serial;  sign serial-zero "/CN=www.example.com" ica leaf $L0 $L1
echo 0102030405060708090a0b0c0d0e0f101112131415 > serial; sign serial-long "/CN=www.example.com" ica leaf $L0 $L1
echo 7f01 > serial; sign serial-pos "/CN=www.example.com" ica leaf $L0 $L1
patch serial-pos.pem serial-negative.pem ica.key 02027f01 0202ff01
echo 2000 > serial
put cert-serial-invalid.pem serial-zero.pem serial-long.pem serial-negative.pem

# cert-version: a v2 certificate with extensions (patched), and a v1 intermediate that issues a leaf.
sign v3 "/CN=www.example.com" ica leaf $L0 $L1
patch v3.pem v2-ext.pem ica.key a003020102 a003020101
sign v1ca "/CN=CertLens PL v1 CA" root none $Y0 20350101000000Z
sign v1leaf "/CN=www.example.com" v1ca leafnoaki $L0 $L1   # no AKI: the v1 CA has no SKI
put cert-version.pem v2-ext.pem
put cert-version-v1-ca.pem v1leaf.pem v1ca.pem

# cert-ca-profile: CAs without keyUsage, with a non-critical basicConstraints,
# without SKI; and (info) a leaf without authorityKeyIdentifier.
sign ca-noku "/CN=CertLens PL CA no keyUsage" root canoku $Y0 20350101000000Z
sign ca-noncrit "/CN=CertLens PL CA non-critical BC" root canoncrit $Y0 20350101000000Z
sign ca-noski "/CN=CertLens PL CA no SKI" root canoski $Y0 20350101000000Z
sign leaf-noaki "/CN=www.example.com" ica leafnoaki $L0 $L1
put cert-ca-profile.pem ca-noku.pem ca-noncrit.pem ca-noski.pem
put cert-ca-profile-no-aki.pem leaf-noaki.pem

# cert-san-empty-subject: an empty subject with a non-critical SAN.
sign empty "/" ica leafemptysubject $L0 $L1
put cert-san-empty-subject.pem empty.pem

# cert-validity-inverted: notAfter (2026-04-01) before notBefore (2026-06-30).
sign inverted "/CN=www.example.com" ica leaf $L1 $L0
put cert-validity-inverted.pem inverted.pem

# cert-duplicate-extension: extension 2.5.29.99 renamed to a second subjectKeyIdentifier (patched).
sign dup "/CN=www.example.com" ica leafdup $L0 $L1
patch dup.pem dup-ext.pem ica.key 0603551d63 0603551d0e
put cert-duplicate-extension.pem dup-ext.pem

# cert-no-san and cert-cn-not-in-san.
sign nosan "/CN=www.example.com" ica leafnosan $L0 $L1
put cert-no-san.pem nosan.pem
sign cnother "/CN=other.example.com" ica leaf $L0 $L1
put cert-cn-not-in-san.pem cnother.pem

# CA/B Forum validity (tests trust root.pem as a trust-store anchor):
# 398 days + 1 s inclusive issued 2025-06-01: too long (399 BR days).
sign cabf-398 "/CN=www.example.com" ica leaf 20250601000000Z 20260704000000Z
put cabf-validity-too-long.pem cabf-398.pem
# 200 days exactly (notAfter = notBefore + 200 d − 1 s) issued 2026-04-01: allowed; + 1 s: too long.
sign cabf-200 "/CN=www.example.com" ica leaf $L0 20261017235959Z
sign cabf-200s "/CN=www.example.com" ica leaf $L0 20261018000000Z
put cabf-200-days.pem cabf-200.pem
put cabf-200-days-plus-1s.pem cabf-200s.pem
# 397 days issued 2025-06-01: within 398, but over 200 from 2026-03-15.
sign cabf-397 "/CN=www.example.com" ica leaf 20250601000000Z 20260702235959Z
put cabf-validity-upcoming.pem cabf-397.pem
echo "wrote $(find "$OUT" -type f | wc -l) files to $OUT"
