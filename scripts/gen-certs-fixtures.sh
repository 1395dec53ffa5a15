#!/usr/bin/env bash
# Generates test/fixtures/certs with FIXED dates, so tests never rot.
# Tests pin the clock at NOW=2025-06-01T00:00:00Z (see test/unit/fixtures.ts).
# Needs Debian's openssl. OpenSSL 3.0 has no `req -not_before`, so every
# certificate is issued with `openssl ca -startdate/-enddate`.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=test/fixtures/certs
rm -rf "$OUT" && mkdir -p "$OUT"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/ca.cnf" <<CNF
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = $WORK
database = $WORK/index.txt
new_certs_dir = $WORK/newcerts
serial = $WORK/serial
crlnumber = $WORK/crlnumber
policy = policy_any
default_md = sha256
default_crl_days = 30
email_in_dn = no
copy_extensions = copy
unique_subject = no
[ policy_any ]
commonName = supplied
organizationName = optional
[ v3_root ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ v3_int ]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ v3_leaf ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:http://ocsp.example.test,caIssuers;URI:http://ca.example.test/int.crt
crlDistributionPoints = URI:http://crl.example.test/int.crl
CNF
mkdir -p "$WORK/newcerts"; : > "$WORK/index.txt"; echo 1000 > "$WORK/serial"; echo 01 > "$WORK/crlnumber"

# issue NAME SUBJECT_CN START END EXT SIGNER_CERT SIGNER_KEY [keyspec] [md]
issue() {
  local name=$1 cn=$2 start=$3 end=$4 ext=$5 cacert=$6 cakey=$7 keyspec=${8:-ec:P-256} md=${9:-sha256}
  case $keyspec in
    ec:*) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:"${keyspec#ec:}" -out "$WORK/$name.key" 2>/dev/null ;;
    rsa:*) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:"${keyspec#rsa:}" -out "$WORK/$name.key" 2>/dev/null ;;
  esac
  openssl req -new -key "$WORK/$name.key" -subj "/O=CertLens Test/CN=$cn" \
    ${SAN:+-addext "subjectAltName=$SAN"} -out "$WORK/$name.csr" 2>/dev/null
  local selfsign=()
  [ "$cacert" = self ] && selfsign=(-selfsign) && cakey=$WORK/$name.key
  openssl ca -batch -config "$WORK/ca.cnf" -notext -md "$md" -startdate "$start" -enddate "$end" \
    -extensions "$ext" ${selfsign[@]+"${selfsign[@]}"} ${selfsign[@]+} \
    $([ "$cacert" = self ] || echo "-cert $cacert") -keyfile "$cakey" \
    -in "$WORK/$name.csr" -out "$WORK/$name.crt" 2>/dev/null
}

# A three-level PKI, valid 2025-01-01 .. 2035-01-01 (root) / 2030 (intermediate).
issue root "CertLens Test Root" 20250101000000Z 20350101000000Z v3_root self self ec:P-384 sha384
issue int "CertLens Test Intermediate" 20250101000000Z 20300101000000Z v3_int "$WORK/root.crt" "$WORK/root.key" ec:P-256 sha384
leaf() { SAN="DNS:$2" issue "$1" "$2" "$3" "$4" v3_leaf "$WORK/int.crt" "$WORK/int.key" "${5:-ec:P-256}" "${6:-sha256}"; }
# NOW = 2025-06-01T00:00:00Z
leaf healthy   healthy.example.test   20250101000000Z 20260101000000Z
leaf expired   expired.example.test   20250101000000Z 20250401000000Z
leaf future    future.example.test    20250701000000Z 20251001000000Z
leaf left5of90 left5.example.test     20250308000000Z 20250606000000Z
leaf left20of90 left20.example.test   20250323000000Z 20250621000000Z
leaf left1of6  left1.example.test     20250527000000Z 20250602000000Z
leaf sha1      sha1.example.test      20250101000000Z 20260101000000Z rsa:2048 sha1
leaf rsa1024   rsa1024.example.test   20250101000000Z 20260101000000Z rsa:1024

for n in root int healthy expired future left5of90 left20of90 left1of6 sha1 rsa1024; do cp "$WORK/$n.crt" "$OUT/$n.pem"; done
cat "$WORK/healthy.crt" "$WORK/int.crt" "$WORK/root.crt" > "$OUT/chain.pem"
cat "$WORK/healthy.crt" "$WORK/root.crt" "$WORK/int.crt" > "$OUT/chain-misordered.pem"
openssl x509 -in "$WORK/healthy.crt" -outform DER -out "$OUT/healthy.der"
cp "$WORK/healthy.key" "$OUT/healthy.key"            # matches healthy.pem
cp "$WORK/expired.key" "$OUT/other.key"              # matches nothing shown with healthy
cp "$WORK/healthy.csr" "$OUT/healthy.csr"
# A CSR whose signature is broken: flip one byte inside the signature.
openssl req -in "$WORK/healthy.csr" -outform DER -out "$WORK/bad.der"
python3 - "$WORK/bad.der" "$OUT/bad-signature.csr" <<'PY'
import sys, base64
d = bytearray(open(sys.argv[1], 'rb').read()); d[-5] ^= 0x01
b = base64.encodebytes(bytes(d)).decode().replace('\n', '')
open(sys.argv[2], 'w').write('-----BEGIN CERTIFICATE REQUEST-----\n' + '\n'.join(b[i:i+64] for i in range(0, len(b), 64)) + '\n-----END CERTIFICATE REQUEST-----\n')
PY
# CRLs from the intermediate: one fresh at NOW, one stale (nextUpdate before NOW).
openssl ca -config "$WORK/ca.cnf" -revoke "$WORK/expired.crt" -cert "$WORK/int.crt" -keyfile "$WORK/int.key"
openssl ca -config "$WORK/ca.cnf" -gencrl -cert "$WORK/int.crt" -keyfile "$WORK/int.key" -md sha256 \
  -crl_lastupdate 20250520000000Z -crl_nextupdate 20250620000000Z -out "$OUT/fresh.crl" 2>/dev/null
openssl ca -config "$WORK/ca.cnf" -gencrl -cert "$WORK/int.crt" -keyfile "$WORK/int.key" -md sha256 \
  -crl_lastupdate 20250401000000Z -crl_nextupdate 20250501000000Z -out "$OUT/stale.crl" 2>/dev/null
openssl pkcs7 -print_certs -in /dev/null >/dev/null 2>&1 || true
openssl crl2pkcs7 -nocrl -certfile "$OUT/chain.pem" -out "$OUT/chain.p7b"
echo "fixtures written to $OUT"; ls "$OUT"
