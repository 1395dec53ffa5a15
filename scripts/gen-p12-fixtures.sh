#!/usr/bin/env bash
# Generates test/fixtures/p12/: PKCS#12 and PKCS#7 files in every encryption
# flavour CertLens must open, plus openssl's own view of each (`*.certs.pem`,
# from `openssl pkcs12 -nokeys`) that the tests compare against byte for byte.
#
# Validity dates are fixed (openssl ca -startdate/-enddate; OpenSSL 3.0's
# `req -x509` has no -not_before) so tests never rot. Keys are random: rerunning
# the script changes the bytes but not what the tests assert.
# Needs OpenSSL 3 with the legacy provider (RC2-40 files).
set -euo pipefail
cd "$(dirname "$0")/.."
out=test/fixtures/p12
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/ca.cnf" <<CNF
[ ca ]
default_ca = local
[ local ]
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
[ any ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_leaf ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:leaf.example.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF
: >"$work/index.txt"
echo 1000 >"$work/serial"

ca() { # ca <name> <cn> <issuer-name|self> <extensions>
  local name=$1 cn=$2 issuer=$3 ext=$4
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$name.key" 2>/dev/null
  openssl req -new -key "$work/$name.key" -subj "/CN=$cn" -config "$work/ca.cnf" -out "$work/$name.csr"
  if [ "$issuer" = self ]; then
    set -- -selfsign -keyfile "$work/$name.key"
  else
    set -- -cert "$work/$issuer.crt" -keyfile "$work/$issuer.key"
  fi
  openssl ca -batch -notext -config "$work/ca.cnf" "$@" -in "$work/$name.csr" -out "$work/$name.crt" \
    -startdate 20250101000000Z -enddate 20350101000000Z -extensions "$ext" 2>/dev/null
}
ca root "CertLens Test Root" self v3_ca
ca inter "CertLens Test Intermediate" root v3_ca
ca leaf "leaf.example.test" inter v3_leaf
# An RSA leaf as Windows exports it (RC2-40 certificates, 3DES key, SHA-1 MAC).
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/rsa.key" 2>/dev/null
openssl req -new -key "$work/rsa.key" -subj "/CN=rsa.example.test" -config "$work/ca.cnf" -out "$work/rsa.csr"
openssl ca -batch -notext -config "$work/ca.cnf" -cert "$work/inter.crt" -keyfile "$work/inter.key" -in "$work/rsa.csr" \
  -out "$work/rsa.crt" -startdate 20250101000000Z -enddate 20350101000000Z -extensions v3_leaf 2>/dev/null
cat "$work/inter.crt" "$work/root.crt" >"$work/chain.pem"

export_p12() { # export_p12 <file> <password> [extra openssl pkcs12 flags…]
  local file=$1 pass=$2
  shift 2
  openssl pkcs12 -export -in "$work/leaf.crt" -inkey "$work/leaf.key" -name "leaf.example.test" \
    -passout "pass:$pass" -out "$out/$file" "$@"
  openssl pkcs12 -in "$out/$file" -nokeys -passin "pass:$pass" -provider default -provider legacy |
    openssl crl2pkcs7 -nocrl -certfile /dev/stdin | openssl pkcs7 -print_certs |
    grep -v -E '^(subject|issuer)=|^$' >"$out/${file%.p12}.certs.pem"
}

# OpenSSL 3 default: PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC, SHA-256 MAC.
export_p12 empty-modern.p12 ''
export_p12 changeit-modern.p12 changeit
# What `-legacy` and older Windows write: RC2-40 certificates, 3DES key, SHA-1 MAC.
export_p12 changeit-legacy-rc2.p12 changeit -legacy
export_p12 empty-legacy-rc2.p12 '' -legacy
# 3DES for both bags, SHA-1 MAC.
export_p12 changeit-3des.p12 changeit -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1
openssl pkcs12 -export -legacy -in "$work/rsa.crt" -inkey "$work/rsa.key" -name rsa.example.test -passout pass:changeit \
  -out "$out/rsa-legacy.p12"
openssl pkcs12 -in "$out/rsa-legacy.p12" -nokeys -passin pass:changeit -provider default -provider legacy |
  openssl crl2pkcs7 -nocrl -certfile /dev/stdin | openssl pkcs7 -print_certs |
  grep -v -E '^(subject|issuer)=|^$' >"$out/rsa-legacy.certs.pem"
# Leaf, intermediate and root with the key.
export_p12 changeit-chain.p12 changeit -certfile "$work/chain.pem"
# Certificates only in the clear (no bag encryption), key still shrouded.
export_p12 changeit-clear-certs.p12 changeit -certpbe NONE
# No MAC at all: a wrong password shows only as bad padding.
export_p12 changeit-nomac.p12 changeit -nomac 2>/dev/null
# PBES2 with other ciphers: 3DES-CBC key, AES-128-CBC certificates, SHA-1 MAC.
export_p12 changeit-pbes2-des3.p12 changeit -keypbe DES-EDE3-CBC -certpbe AES-128-CBC -macalg sha1
head -c 700 "$out/changeit-modern.p12" >"$out/truncated.p12"

# PKCS#7 bundles (degenerate SignedData), DER and PEM.
openssl crl2pkcs7 -nocrl -certfile "$work/leaf.crt" -certfile "$work/chain.pem" -outform DER -out "$out/chain.p7b"
openssl crl2pkcs7 -nocrl -certfile "$work/leaf.crt" -certfile "$work/chain.pem" -out "$out/chain.p7b.pem"
cat "$work/leaf.crt" "$work/chain.pem" >"$out/chain.certs.pem"
# DER samples of the other kinds for sniffDer: a CSR, a CRL (fixed dates), a DER certificate.
openssl req -in "$work/leaf.csr" -outform DER -out "$out/leaf.csr.der"
openssl x509 -in "$work/leaf.crt" -outform DER -out "$out/leaf.cer"
openssl ca -batch -config "$work/ca.cnf" -gencrl -cert "$work/inter.crt" -keyfile "$work/inter.key" \
  -crl_lastupdate 20250101000000Z -crl_nextupdate 20250201000000Z -out "$work/inter.crl" 2>/dev/null
openssl crl -in "$work/inter.crl" -outform DER -out "$out/inter.crl.der"
openssl pkcs8 -topk8 -nocrypt -in "$work/leaf.key" -outform DER -out "$out/leaf.pkcs8.der"
echo "wrote $(ls "$out" | wc -l) files to $out"
