#!/usr/bin/env bash
# Generates test/fixtures/chain-findings/: one folder per chain finding code
# (issue 4), each scanned on its own with `certlens scan --ca root.pem <dir>`.
# Dates are FIXED (openssl ca -startdate/-enddate); tests run at
# 2026-01-01T00:00:00Z. Needs OpenSSL 3.
#   bash scripts/gen-chain-findings-fixtures.sh
set -euo pipefail
# shellcheck source=lib/openssl-ca.sh
. "$(dirname "$0")/lib/openssl-ca.sh"
ca_init chain-findings 2000 supplied
cat >> ca.cnf <<'CNF'
[root]
basicConstraints = critical, CA:TRUE
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
[icaclient]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:leaf.example.com
[leafaia]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:leaf.example.com
authorityInfoAccess = caIssuers;URI:http://pki.example.test/missing-ica.der
[leafcrit]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:leaf.example.com
1.3.6.1.4.1.55555.1 = critical, DER:05:00
[selfleaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
subjectAltName = DNS:self.example.com
[notca]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:notca.example.com
CNF

Y0=20250101000000Z; LEAF0=20250601000000Z; LEAF1=20261201000000Z
sign root    "/CN=CertLens CF Root"           self root $Y0 20350101000000Z
sign ica     "/CN=CertLens CF ICA"            root ica  $Y0 20300101000000Z
sign leaf    "/CN=leaf.example.com"           ica  leaf $LEAF0 $LEAF1
cp root.pem "$OUT/root.pem"
case_() { mkdir -p "$OUT/$1"; shift; }

# chain-ok: leaf then its intermediate, root passed with --ca.
case_ chain-ok; put chain-ok/fullchain.pem leaf.pem ica.pem
# chain-misordered: the intermediate before the leaf (block 1 is out of place).
case_ chain-misordered; put chain-misordered/fullchain.pem ica.pem leaf.pem
# chain-root-included: leaf, intermediate and the root itself (block 3).
case_ chain-root-included; put chain-root-included/fullchain.pem leaf.pem ica.pem root.pem
# chain-missing-intermediate: the leaf's issuer is nowhere; AIA names a URL.
sign ica-gone "/CN=CertLens CF Missing ICA" root ica $Y0 20300101000000Z
sign leaf-orphan "/CN=leaf.example.com" ica-gone leafaia $LEAF0 $LEAF1
case_ chain-missing-intermediate; put chain-missing-intermediate/leaf.pem leaf-orphan.pem
# chain-private-root: a workspace PKI whose root is not passed with --ca.
sign proot "/CN=CertLens CF Private Root" self root $Y0 20350101000000Z
sign pica  "/CN=CertLens CF Private ICA"  proot ica $Y0 20300101000000Z
sign pleaf "/CN=leaf.example.com"         pica leaf $LEAF0 $LEAF1
case_ chain-private-root; put chain-private-root/fullchain.pem pleaf.pem pica.pem; put chain-private-root/private-root.pem proot.pem
# chain-untrusted-root (endpoint only): the same private chain, served with its root.
case_ chain-untrusted-root; put chain-untrusted-root/served.pem pleaf.pem pica.pem proot.pem
# chain-self-signed: a self-signed server certificate.
sign selfleaf "/CN=self.example.com" self selfleaf $LEAF0 $LEAF1
case_ chain-self-signed; put chain-self-signed/self.pem selfleaf.pem
# chain-bad-signature: the leaf names "CertLens CF ICA" but another key signed it.
cp ica.key ica-real.key
sign ica-evil "/CN=CertLens CF ICA" root ica $Y0 20300101000000Z
sign leaf-evil "/CN=leaf.example.com" ica-evil leaf $LEAF0 $LEAF1
case_ chain-bad-signature; put chain-bad-signature/fullchain.pem leaf-evil.pem ica.pem
# chain-not-ca: a CA:FALSE certificate used as issuer (block 2).
sign notca "/CN=notca.example.com" root notca $Y0 20300101000000Z
sign leaf-notca "/CN=leaf.example.com" notca leaf $LEAF0 $LEAF1
case_ chain-not-ca; put chain-not-ca/fullchain.pem leaf-notca.pem notca.pem
# chain-pathlen-exceeded: root -> ica0 (pathlen:0) -> ica-sub -> leaf; ica0 is block 3.
sign ica0 "/CN=CertLens CF ICA pathlen0" root ica0 $Y0 20300101000000Z
sign ica-sub "/CN=CertLens CF Sub ICA" ica0 ica $Y0 20300101000000Z
sign leaf-deep "/CN=leaf.example.com" ica-sub leaf $LEAF0 $LEAF1
case_ chain-pathlen-exceeded; put chain-pathlen-exceeded/fullchain.pem leaf-deep.pem ica-sub.pem ica0.pem
# chain-name-constraints: ica-nc permits allowed.example.com only (block 2).
sign ica-nc "/CN=CertLens CF ICA NC" root icanc $Y0 20300101000000Z
sign leaf-nc "/CN=leaf.example.com" ica-nc leaf $LEAF0 $LEAF1
case_ chain-name-constraints; put chain-name-constraints/fullchain.pem leaf-nc.pem ica-nc.pem
# chain-eku: an intermediate limited to clientAuth issues a serverAuth leaf (block 2).
sign ica-client "/CN=CertLens CF Client ICA" root icaclient $Y0 20300101000000Z
sign leaf-eku "/CN=leaf.example.com" ica-client leaf $LEAF0 $LEAF1
case_ chain-eku; put chain-eku/fullchain.pem leaf-eku.pem ica-client.pem
# chain-expired-intermediate: the intermediate expired in 2021 (block 2).
sign ica-old "/CN=CertLens CF Old ICA" root ica 20200101000000Z 20210101000000Z
sign leaf-old-ica "/CN=leaf.example.com" ica-old leaf $LEAF0 $LEAF1
case_ chain-expired-intermediate; put chain-expired-intermediate/fullchain.pem leaf-old-ica.pem ica-old.pem
# chain-cross-signed: the intermediate's key certified twice (2030 and 2029).
cp ica.key ica-b.key
sign ica-b "/CN=CertLens CF ICA" root ica $Y0 20290101000000Z
case_ chain-cross-signed; put chain-cross-signed/fullchain.pem leaf.pem ica.pem ica-b.pem
# chain-expires-early: the intermediate ends 2026-06-01, before the leaf (block 2).
sign ica-short "/CN=CertLens CF Short ICA" root ica $Y0 20260601000000Z
sign leaf-long "/CN=leaf.example.com" ica-short leaf $LEAF0 $LEAF1
case_ chain-expires-early; put chain-expires-early/fullchain.pem leaf-long.pem ica-short.pem
# chain-invalid: a leaf with an unknown critical extension (RFC 5280 §4.2).
sign leaf-crit "/CN=leaf.example.com" ica leafcrit $LEAF0 $LEAF1
case_ chain-invalid; put chain-invalid/fullchain.pem leaf-crit.pem ica.pem
# key-mismatch: server.key is not the key of server.crt; client.key is.
sign client "/CN=client.example.com" ica leaf $LEAF0 $LEAF1
case_ key-mismatch; put key-mismatch/server.crt leaf.pem; put key-mismatch/server.key ica-b.key
put key-mismatch/client.crt client.pem; put key-mismatch/client.key client.key
# key-mismatch in a Kubernetes Secret: tls.key is not the key of tls.crt (line 7 holds tls.key).
case_ key-mismatch-secret
{
  printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: kubernetes.io/tls\ndata:\n'
  printf '  tls.crt: %s\n' "$(base64 -w0 leaf.pem)"
  printf '  tls.key: %s\n' "$(base64 -w0 ica-b.key)"
} > "$OUT/key-mismatch-secret/secret.yaml"
echo "wrote $(find "$OUT" -type f | wc -l) files to $OUT"
