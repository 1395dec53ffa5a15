#!/usr/bin/env bash
# Generates test/fixtures/chain/*.pem with Debian's openssl. Dates are FIXED
# (openssl ca -startdate/-enddate; OpenSSL 3.0's x509 has no -not_before), so
# the fixtures never rot: tests validate at 2025-09-01T00:00:00Z.
#   bash scripts/gen-chain-fixtures.sh
set -euo pipefail
OUT="$(cd "$(dirname "$0")/.." && pwd)/test/fixtures/chain"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
cd "$WORK"
touch index.txt
echo 1000 > serial
cat > ca.cnf <<'CNF'
[ca]
default_ca = CA
[CA]
database = index.txt
serial = serial
new_certs_dir = .
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[rootlax]
basicConstraints = CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ica]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ica0]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[icanc]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
nameConstraints = critical, permitted;DNS:allowed.example.com
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:leaf.example.com
[leafclient]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:leaf.example.com
[notca]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:notca.example.com
CNF

key() { openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2:-2048}" -out "$1.key" 2>/dev/null; }
# sign NAME CN ISSUER SECTION START END [MD]
sign() {
  openssl req -new -config ca.cnf -key "$1.key" -subj "/CN=$2" -out "$1.csr"
  local issuer=(-cert "$3.pem" -keyfile "$3.key")
  [ "$3" = self ] && issuer=(-selfsign -keyfile "$1.key")
  openssl ca -batch -notext -config ca.cnf "${issuer[@]}" -in "$1.csr" -out "$1.pem" \
    -startdate "$5" -enddate "$6" -extfile ca.cnf -extensions "$4" -md "${7:-sha256}" 2>/dev/null
  cp "$1.pem" "$OUT/$1.pem"
}

key root;  sign root  "CertLens Test Root"   self root 20250101000000Z 20350101000000Z
key root2; sign root2 "CertLens Test Root 2" self root 20250101000000Z 20340101000000Z
key ica;   sign ica   "CertLens Test ICA"    root ica  20250101000000Z 20300101000000Z
# Cross-sign: the same ICA subject and key, issued by root2 (a second valid path).
cp ica.key ica-cross.key; sign ica-cross "CertLens Test ICA" root2 ica 20250101000000Z 20290101000000Z
# An expired copy of the ICA under another key, for "expired intermediate".
key ica-expired; sign ica-expired "CertLens Expired ICA" root ica 20200101000000Z 20210101000000Z
key leaf;  sign leaf  "leaf.example.com"     ica  leaf 20250601000000Z 20260601000000Z
key leaf-expired-ica; sign leaf-expired-ica "leaf.example.com" ica-expired leaf 20250601000000Z 20260601000000Z
key leaf-sha1; sign leaf-sha1 "leaf.example.com" ica leaf 20250601000000Z 20260601000000Z sha1
key leaf-md5;  sign leaf-md5  "leaf.example.com" ica leaf 20250601000000Z 20260601000000Z md5
key leaf-rsa1024 1024; sign leaf-rsa1024 "leaf.example.com" ica leaf 20250601000000Z 20260601000000Z
key leaf-client; sign leaf-client "leaf.example.com" ica leafclient 20250601000000Z 20260601000000Z
# A non-CA certificate used as an issuer.
key notca; sign notca "notca.example.com" ica notca 20250101000000Z 20290101000000Z
key leaf-under-notca; sign leaf-under-notca "leaf.example.com" notca leaf 20250601000000Z 20260601000000Z
# pathLen: root -> ica0 (pathlen:0) -> ica-sub -> leaf-pathlen
key ica0; sign ica0 "CertLens Test ICA pathlen0" root ica0 20250101000000Z 20300101000000Z
key ica-sub; sign ica-sub "CertLens Test Sub ICA" ica0 ica 20250101000000Z 20300101000000Z
key leaf-pathlen; sign leaf-pathlen "leaf.example.com" ica-sub leaf 20250601000000Z 20260601000000Z
# Name constraints: ica-nc permits allowed.example.com only.
key ica-nc; sign ica-nc "CertLens Test ICA NC" root icanc 20250101000000Z 20300101000000Z
key leaf-nc; sign leaf-nc "leaf.example.com" ica-nc leaf 20250601000000Z 20260601000000Z
# A root with a non-critical basicConstraints (RFC 5280 §4.2.1.9 says MUST be critical), like some store roots.
key root-lax; sign root-lax "CertLens Lax Root" self rootlax 20250101000000Z 20350101000000Z
key leaf-lax; sign leaf-lax "leaf.example.com" root-lax leaf 20250601000000Z 20260601000000Z
echo "wrote $(ls "$OUT" | wc -l) fixtures to $OUT"
