#!/usr/bin/env bash
# Generates test/fixtures/keys/: one key per algorithm in every PEM form
# OpenSSL writes (PKCS#8, traditional PKCS#1/SEC1/DSA, encrypted PKCS#8,
# legacy Proc-Type encryption, SPKI and PKCS#1 public keys), and for each key
# `<name>.spki.sha256`: the SHA-256 of its SubjectPublicKeyInfo as OpenSSL
# computes it, plus a self-signed certificate with fixed dates
# (openssl ca -selfsign -startdate/-enddate) for key/certificate pairing.
# Keys are random: rerunning changes bytes, not what the tests assert.
set -euo pipefail
cd "$(dirname "$0")/.."
out=test/fixtures/keys
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
unique_subject = no
[ any ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3 ]
basicConstraints = critical, CA:false
CNF
: >"$work/index.txt"
echo 2000 >"$work/serial"

selfsign() { # selfsign <name>
  openssl req -new -key "$out/$1.pkcs8.pem" -subj "/CN=$1.example.test" -config "$work/ca.cnf" -out "$work/$1.csr"
  local md=(-md sha256)
  case $1 in ed25519|ed448) md=() ;; esac
  openssl ca -batch -notext -config "$work/ca.cnf" -selfsign -keyfile "$out/$1.pkcs8.pem" -in "$work/$1.csr" \
    -out "$out/$1.crt.pem" "${md[@]}" -startdate 20250101000000Z -enddate 20350101000000Z -extensions v3 2>/dev/null
}
spki_hash() { # spki_hash <name>
  openssl pkey -in "$out/$1.pkcs8.pem" -pubout -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1 >"$out/$1.spki.sha256"
  openssl pkey -in "$out/$1.pkcs8.pem" -pubout -out "$out/$1.spki.pem"
}

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/rsa2048.pkcs8.pem"
openssl pkey -in "$out/rsa2048.pkcs8.pem" -traditional -out "$out/rsa2048.pkcs1.pem"
openssl rsa -in "$out/rsa2048.pkcs8.pem" -RSAPublicKey_out -out "$out/rsa2048.rsapub.pem" 2>/dev/null
openssl rsa -in "$out/rsa2048.pkcs8.pem" -traditional -aes256 -passout pass:changeit -out "$out/rsa2048.pkcs1-encrypted.pem" 2>/dev/null
openssl pkcs8 -topk8 -in "$out/rsa2048.pkcs8.pem" -v2 aes-256-cbc -v2prf hmacWithSHA256 -passout pass:changeit -out "$out/rsa2048.pkcs8-encrypted.pem"
openssl pkcs8 -topk8 -in "$out/rsa2048.pkcs8.pem" -v1 PBE-SHA1-3DES -passout pass:changeit -out "$out/rsa2048.pkcs8-3des.pem"
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out "$out/rsapss.pkcs8.pem"

for curve in P-256 P-384; do
  n=ec-$(echo "$curve" | tr -d - | tr A-Z a-z)
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:$curve -pkeyopt ec_param_enc:named_curve -out "$out/$n.pkcs8.pem"
  openssl ec -in "$out/$n.pkcs8.pem" -out "$out/$n.sec1.pem" 2>/dev/null
  openssl ec -in "$out/$n.pkcs8.pem" -no_public -out "$out/$n.sec1-nopub.pem" 2>/dev/null
done
# PKCS#8 whose inner ECPrivateKey has no public key: the SPKI must be derived.
openssl pkey -in "$out/ec-p256.sec1-nopub.pem" -out "$out/ec-p256.pkcs8-nopub.pem"
openssl genpkey -algorithm ED25519 -out "$out/ed25519.pkcs8.pem"
openssl genpkey -algorithm ED448 -out "$out/ed448.pkcs8.pem"
openssl genpkey -algorithm X25519 -out "$out/x25519.pkcs8.pem"
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -out "$work/dsa.param" 2>/dev/null
openssl genpkey -paramfile "$work/dsa.param" -out "$out/dsa2048.pkcs8.pem"
openssl pkey -in "$out/dsa2048.pkcs8.pem" -traditional -out "$out/dsa2048.dsa.pem"

for n in rsa2048 rsapss ec-p256 ec-p384 ed25519 ed448 x25519 dsa2048; do spki_hash "$n"; done
for n in rsa2048 ec-p256 ec-p384 ed25519 dsa2048; do selfsign "$n"; done
echo "wrote $(ls "$out" | wc -l) files to $out"
