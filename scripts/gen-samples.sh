#!/usr/bin/env bash
# Generates the samples/ workspace (and the integration-test fixture workspace)
# with Debian's openssl. Every date is relative to NOW, so the samples never rot:
# "expired" is always 30 days past, "expiring soon" always 7.5 days ahead.
#
#   scripts/gen-samples.sh [OUT_DIR]        (default: samples/)
#
# Writes only generated files; OUT_DIR/README.md is left alone.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../samples}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
command -v openssl >/dev/null || { echo "gen-samples: openssl is required (apt-get install openssl)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/certlens-samples-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"

P12_PASSWORD='certlens-sample'
now=$(date -u +%s)
# UTCTime (YYMMDDHHMMSSZ) at NOW + $1 seconds.
at() { date -u -d "@$((now + $1))" +%y%m%d%H%M%SZ; }
DAY=86400

export SAN=DNS:unused   # ext.cnf reads $ENV::SAN; `issue` sets the real value
cat > ext.cnf <<'CNF'
[ req ]
distinguished_name = req_dn
[ req_dn ]

[ root_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ intermediate_ca ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = $ENV::SAN

[ client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF

# `openssl ca` is the only OpenSSL 3.0 tool that takes explicit start/end dates
# (needed for an already-expired certificate) and that keeps a database for the CRL.
mkdir -p ca/newcerts && : > ca/index.txt && echo 1000 > ca/serial && echo 01 > ca/crlnumber
cat > ca.cnf <<CNF
[ ca ]
default_ca = intermediate
[ intermediate ]
dir = $work/ca
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
crlnumber = \$dir/crlnumber
certificate = $work/intermediate-ca.crt
private_key = $work/intermediate-ca.key
default_md = sha256
default_crl_days = 30
policy = any
unique_subject = no
email_in_dn = no
[ any ]
commonName = supplied
organizationName = optional
CNF

q() { "$@" 2>/dev/null || { echo "gen-samples: failed: $*" >&2; "$@"; exit 1; }; }

# Root (RSA 3072, 10 years) and intermediate (EC P-256, 5 years).
q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out root-ca.key
q openssl req -x509 -new -key root-ca.key -sha256 -days 3650 -subj "/O=CertLens Samples/CN=CertLens Sample Root CA" \
  -config ext.cnf -extensions root_ca -out root-ca.crt
q openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out intermediate-ca.key
q openssl req -new -key intermediate-ca.key -subj "/O=CertLens Samples/CN=CertLens Sample Intermediate CA" -out intermediate-ca.csr
q openssl x509 -req -in intermediate-ca.csr -CA root-ca.crt -CAkey root-ca.key -CAcreateserial -sha256 -days 1825 \
  -extfile ext.cnf -extensions intermediate_ca -out intermediate-ca.crt

# issue NAME CN SAN START_OFFSET END_OFFSET EXTENSIONS: a certificate from the intermediate.
issue() {
  local name=$1 cn=$2 san=$3 start=$4 end=$5 ext=$6
  [ -f "$name.key" ] || q openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key"
  q openssl req -new -key "$name.key" -subj "/O=CertLens Samples/CN=$cn" -out "$name.csr"
  SAN="$san" q openssl ca -batch -notext -config ca.cnf -in "$name.csr" -out "$name.crt" \
    -startdate "$(at "$start")" -enddate "$(at "$end")" -extfile ext.cnf -extensions "$ext"
}

issue leaf www.example.test "DNS:www.example.test,DNS:example.test" $((-DAY)) $((90 * DAY)) server
issue expired old.example.test "DNS:old.example.test" $((-120 * DAY)) $((-30 * DAY)) server
issue expiring-soon soon.example.test "DNS:soon.example.test" $((-80 * DAY)) $((7 * DAY + DAY / 2)) server
issue kube-admin admin "DNS:admin" $((-DAY)) $((365 * DAY)) client
issue api api.example.test "DNS:api.example.test" 0 $((30 * DAY)) server   # only for its key and CSR
issue revoked revoked.example.test "DNS:revoked.example.test" $((-10 * DAY)) $((80 * DAY)) server

# The CRL revokes revoked.crt, still in its validity period (keyCompromise). expired.crt stays
# unrevoked, so the samples show each status once: revoked.crt REVOKED, expired.crt EXPIRED, leaf.crt ok.
q openssl ca -batch -config ca.cnf -revoke revoked.crt -crl_reason keyCompromise
q openssl ca -batch -config ca.cnf -gencrl -out intermediate-ca.crl

# Outputs.
mkdir -p gen
cp root-ca.crt intermediate-ca.crt leaf.crt expired.crt expiring-soon.crt revoked.crt intermediate-ca.crl gen/
cat leaf.crt intermediate-ca.crt > gen/fullchain.pem
# Misordered: root first, then the leaf, then the intermediate (should be leaf, intermediate, root).
cat root-ca.crt leaf.crt intermediate-ca.crt > gen/misordered-chain.pem
q openssl x509 -in leaf.crt -outform DER -out gen/leaf.der
q openssl pkcs12 -export -in leaf.crt -inkey leaf.key -certfile intermediate-ca.crt -name www.example.test \
  -passout "pass:$P12_PASSWORD" -out gen/bundle.p12
# A Java truststore (JKS) with the root and the intermediate, same password. Optional: needs a JDK's keytool.
if command -v keytool >/dev/null; then
  for ca in root-ca intermediate-ca; do
    q keytool -importcert -noprompt -storetype JKS -keystore gen/truststore.jks -storepass "$P12_PASSWORD" -alias "$ca" -file "$ca.crt" >/dev/null
  done
else
  echo "gen-samples: keytool not found (install a JDK, e.g. openjdk-17-jdk-headless): truststore.jks not written" >&2
fi
cp api.csr gen/request.csr
cp leaf.key gen/leaf.key                                           # PKCS#8, matches leaf.crt
q openssl ecparam -name prime256v1 -genkey -noout -out gen/unrelated.key   # SEC1 "EC PRIVATE KEY", matches nothing

b64() { base64 -w0 < "$1"; }
cat > gen/kubeconfig.yaml <<YAML
apiVersion: v1
kind: Config
clusters:
  - name: sample
    cluster:
      server: https://kube.example.test:6443
      certificate-authority-data: $(b64 root-ca.crt)
users:
  - name: admin
    user:
      client-certificate-data: $(b64 kube-admin.crt)
      client-key-data: $(b64 kube-admin.key)
contexts:
  - name: sample
    context:
      cluster: sample
      user: admin
current-context: sample
YAML

cat > gen/tls-secret.yaml <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: www-example-test-tls
  namespace: default
type: kubernetes.io/tls
data:
  tls.crt: $(b64 gen/fullchain.pem)
  tls.key: $(b64 leaf.key)
  ca.crt: $(b64 root-ca.crt)
YAML

# A Kubernetes CSR for api.example.test, approved and issued: spec.request is the
# CSR, status.certificate the certificate and its intermediate (base64 PEM).
cat > gen/k8s-csr.yaml <<YAML
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: api-example-test
spec:
  request: $(b64 api.csr)
  signerName: example.test/serving
  expirationSeconds: 2592000
  usages:
    - digital signature
    - key encipherment
    - server auth
status:
  conditions:
    - type: Approved
      status: "True"
      reason: SampleApproval
  certificate: $(cat api.crt intermediate-ca.crt | base64 -w0)
YAML

cat > gen/cert-manager.yaml <<'YAML'
# cert-manager sample: CertLens shows exactly one finding when this file opens.
#   CM002 on spec.duration: Go durations have no "d" unit, so the webhook
#   rejects "90d". The renewal CodeLens says so instead of guessing a timeline.
# Quick fix (Ctrl+. on the squiggle): "Replace with 2160h0m0s". The file then
# has no finding, and the CodeLens shows when cert-manager renews.
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: sample-ca-issuer
  namespace: default
spec:
  ca:
    secretName: sample-ca-key-pair
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: www-example-test
  namespace: default
spec:
  secretName: www-example-test-tls
  duration: 90d # 90 days
  renewBefore: 360h0m0s
  commonName: www.example.test
  dnsNames:
    - www.example.test
    - example.test
  privateKey:
    algorithm: ECDSA
    size: 256
    rotationPolicy: Always
  issuerRef:
    name: sample-ca-issuer
    kind: Issuer
YAML

cp gen/* "$out/"
echo "gen-samples: wrote $(ls gen | wc -l) files to $out (dates relative to $(date -u +%Y-%m-%dT%H:%MZ))"
