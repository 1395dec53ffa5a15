#!/usr/bin/env bash
# Writes test/fixtures/k8s/: hand-written Kubernetes manifests around the
# FIXED certificates of test/fixtures/certs (clock 2025-06-01, see
# npm run fixtures, which runs this script last). Only base64 is computed
# here, so the output changes only when those certificates do.
#   bash scripts/gen-k8s-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
IN=test/fixtures/certs
OUT=test/fixtures/k8s
rm -rf "$OUT" && mkdir -p "$OUT"
b64() { cat "$@" | base64 -w0; }
indent() { sed 's/^/    /' "$@"; }

# A Kubernetes CSR (certificates.k8s.io/v1), approved and issued: request and leaf + intermediate.
cat > "$OUT/csr-v1.yaml" <<YAML
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: healthy-example-test
spec:
  request: $(b64 "$IN/healthy.csr")
  signerName: example.test/serving
  usages:
    - digital signature
    - server auth
status:
  conditions:
    - type: Approved
      status: "True"
  certificate: $(b64 "$IN/healthy.pem" "$IN/int.pem")
YAML

# The same in JSON, v1beta1, pending (no certificate yet), as kubectl get -o json prints it.
cat > "$OUT/csr-v1beta1.json" <<JSON
{
  "apiVersion": "certificates.k8s.io/v1beta1",
  "kind": "CertificateSigningRequest",
  "metadata": { "name": "pending" },
  "spec": {
    "request": "$(b64 "$IN/healthy.csr")",
    "usages": ["server auth"]
  },
  "status": {}
}
JSON

# A broken CSR request: not base64; status.certificate empty.
cat > "$OUT/csr-bad-base64.yaml" <<YAML
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: broken
spec:
  request: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K!!not-base64"
  signerName: example.test/serving
status:
  certificate: ""
YAML

# cert-manager: a Certificate with a lint problem (CM002: 90d is no Go duration),
# its CertificateRequest (spec.request, status.certificate, status.ca), and a
# legacy-API CertificateRequest (CM001), all in one file.
cat > "$OUT/certificate-request.yaml" <<YAML
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: healthy
  namespace: default
spec:
  secretName: healthy-tls
  duration: 90d
  dnsNames: [healthy.example.test]
  issuerRef: { name: ca, kind: Issuer }
---
apiVersion: cert-manager.io/v1
kind: CertificateRequest
metadata:
  name: healthy-1
  namespace: default
spec:
  request: $(b64 "$IN/healthy.csr")
  issuerRef: { name: ca, kind: Issuer }
status:
  certificate: $(b64 "$IN/healthy.pem")
  ca: $(b64 "$IN/root.pem")
---
apiVersion: cert-manager.io/v1alpha2
kind: CertificateRequest
metadata:
  name: legacy
  namespace: default
spec:
  request: $(b64 "$IN/healthy.csr")
  issuerRef: { name: ca, kind: Issuer }
YAML

secret() { # NAME  then data lines on stdin
  printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: default\ntype: kubernetes.io/tls\n' "$1"
  cat
}
# As it should be: leaf + intermediate in tls.crt, the root in ca.crt.
secret web-tls > "$OUT/secret-ok.yaml" <<YAML
data:
  tls.crt: $(b64 "$IN/healthy.pem" "$IN/int.pem")
  tls.key: $(b64 "$IN/healthy.key")
  ca.crt: $(b64 "$IN/root.pem")
YAML
# The intermediate first, the leaf (whose key tls.key is) second.
secret reversed-tls > "$OUT/secret-leaf-not-first.yaml" <<YAML
data:
  tls.crt: $(b64 "$IN/int.pem" "$IN/healthy.pem")
  tls.key: $(b64 "$IN/healthy.key")
  ca.crt: $(b64 "$IN/root.pem")
YAML
# stringData PEM, no key: the root first, then the leaf; the leaf again in ca.crt.
{
  secret mixed-tls <<'YAML'
stringData:
  tls.crt: |
YAML
  indent "$IN/root.pem" "$IN/healthy.pem"
  echo '  ca.crt: |'
  indent "$IN/healthy.pem"
} > "$OUT/secret-stringdata.yaml"
# The full chain with its root in tls.crt (chain-root-included), ca.crt holding the intermediate.
secret fullchain-tls > "$OUT/secret-root-in-tls-crt.yaml" <<YAML
data:
  tls.crt: $(b64 "$IN/healthy.pem" "$IN/int.pem" "$IN/root.pem")
  tls.key: $(b64 "$IN/healthy.key")
  ca.crt: $(b64 "$IN/int.pem")
YAML
echo "k8s fixtures written to $OUT"; ls "$OUT"
