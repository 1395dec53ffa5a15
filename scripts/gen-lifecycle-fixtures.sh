#!/usr/bin/env bash
# Generates test/fixtures/lifecycle/ for rotation, trust-bundle and policy
# analysis across files. Dates are FIXED; tests run at 2026-06-01T00:00:00Z.
# Each scenario has its own CA names, so scanning the whole folder gives the
# same findings as scanning each scenario. Needs OpenSSL 3.
#   bash scripts/gen-lifecycle-fixtures.sh
#
#   overlap/       web-2026.pem renews web-2025.pem 3 days before it expires  → rotation-overlap-short on web-2026.pem
#   gap/           api-new.pem starts 10 days after api-old.pem expires       → rotation-gap on api-new.pem
#   superseded/    db-old.pem expires in 19 days, db-new.pem is already valid → cert-superseded on db-old.pem
#   key-reused/    mq-new.pem renews mq-old.pem with the same key             → rotation-key-reused on mq-new.pem
#   ca-rotation/   "LC Fleet CA" re-keyed: old-ca.pem (2024–2027), new-ca.pem (2026–2031); dev-a.pem from the old,
#                  dev-b.pem from the new. ca-bundle-old.pem and kubeconfig.yaml trust only the old CA
#                  → trust-bundle-missing-new-ca; ca-bundle-new.pem only the new one → trust-bundle-dropped-old-ca;
#                  ca-bundle-both.pem → nothing
#   cross-signed/  root-2026.pem is cross-signed by root-2020.pem (root-2026-cross.pem); trust-2020.pem still covers
#                  the new leaf through the cross-certificate; trust-2026.pem drops the old root while
#                  old-leaf.pem lives → trust-bundle-dropped-old-ca on trust-2026.pem only
#   policy/        .certlens.yaml, devices/dev1.pem (RSA, 3-year leaf, wrong SAN, other issuer), devices/dev2.pem (compliant),
#                  bad/.certlens.yaml (invalid policy)
set -euo pipefail
# shellcheck source=lib/openssl-ca.sh
. "$(dirname "$0")/lib/openssl-ca.sh"
ca_init lifecycle 4000
cat >> ca.cnf <<'CNF'
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = $ENV::SAN
CNF
export SAN=DNS:placeholder.invalid
leaf() { SAN="$3" sign "$1" "$2" "$4" leaf "$5" "$6"; }

mkdir -p "$OUT"/{overlap,gap,superseded,key-reused,ca-rotation,cross-signed,policy/devices,policy/bad}

# overlap: 3 days of overlap, under the 7-day default
sign ov-root "/CN=LC Overlap Root" self ca_ext 20240101000000Z 20340101000000Z
leaf web25 "/CN=web.example.com" DNS:web.example.com ov-root 20250610000000Z 20260610000000Z
leaf web26 "/CN=web.example.com" DNS:web.example.com ov-root 20260607000000Z 20270607000000Z
put overlap/root.pem ov-root.pem
put overlap/web-2025.pem web25.pem
put overlap/web-2026.pem web26.pem

# gap: 10 days without a valid certificate
sign gap-root "/CN=LC Gap Root" self ca_ext 20240101000000Z 20340101000000Z
leaf api1 "/CN=api.example.com" DNS:api.example.com gap-root 20250605000000Z 20260605000000Z
leaf api2 "/CN=api.example.com" DNS:api.example.com gap-root 20260615000000Z 20270615000000Z
put gap/root.pem gap-root.pem
put gap/api-old.pem api1.pem
put gap/api-new.pem api2.pem

# superseded: the renewal is valid since 2026-05-01; the old one expires 2026-06-20 (cert-expiring without it)
sign sup-root "/CN=LC Superseded Root" self ca_ext 20240101000000Z 20340101000000Z
leaf db1 "/CN=db.example.com" DNS:db.example.com sup-root 20250620000000Z 20260620000000Z
leaf db2 "/CN=db.example.com" DNS:db.example.com sup-root 20260501000000Z 20270501000000Z
put superseded/root.pem sup-root.pem
put superseded/db-old.pem db1.pem
put superseded/db-new.pem db2.pem

# key-reused: a renewal with the same key, 30 days of overlap
sign kr-root "/CN=LC Key Reuse Root" self ca_ext 20240101000000Z 20340101000000Z
leaf mq1 "/CN=mq.example.com" DNS:mq.example.com kr-root 20250601000000Z 20260701000000Z
cp mq1.key mq2.key
leaf mq2 "/CN=mq.example.com" DNS:mq.example.com kr-root 20260601000000Z 20270601000000Z
put key-reused/root.pem kr-root.pem
put key-reused/mq-old.pem mq1.pem
put key-reused/mq-new.pem mq2.pem

# ca-rotation: same subject, new key
sign oldca "/CN=LC Fleet CA" self ca_ext 20240101000000Z 20270101000000Z
sign newca "/CN=LC Fleet CA" self ca_ext 20260101000000Z 20310101000000Z
leaf deva "/CN=dev-a.fleet.example" DNS:dev-a.fleet.example oldca 20260101000000Z 20261201000000Z
leaf devb "/CN=dev-b.fleet.example" DNS:dev-b.fleet.example newca 20260301000000Z 20270301000000Z
put ca-rotation/old-ca.pem oldca.pem
put ca-rotation/new-ca.pem newca.pem
put ca-rotation/dev-a.pem deva.pem
put ca-rotation/dev-b.pem devb.pem
put ca-rotation/ca-bundle-old.pem oldca.pem
put ca-rotation/ca-bundle-new.pem newca.pem
put ca-rotation/ca-bundle-both.pem oldca.pem newca.pem
cat > "$OUT/ca-rotation/kubeconfig.yaml" <<YAML
apiVersion: v1
kind: Config
clusters:
  - name: fleet
    cluster:
      server: https://fleet.example:6443
      certificate-authority-data: $(base64 -w0 oldca.pem)
contexts: []
users: []
YAML

# cross-signed: a new root, cross-signed by the old one
sign r2020 "/CN=LC Root 2020" self ca_ext 20200101000000Z 20300101000000Z
sign r2026 "/CN=LC Root 2026" self ca_ext 20260101000000Z 20360101000000Z
cp r2026.key r2026x.key
sign r2026x "/CN=LC Root 2026" r2020 ca_ext 20260101000000Z 20300101000000Z
leaf oldleaf "/CN=old.cross.example" DNS:old.cross.example r2020 20260101000000Z 20261231000000Z
leaf newleaf "/CN=new.cross.example" DNS:new.cross.example r2026 20260301000000Z 20270301000000Z
put cross-signed/root-2020.pem r2020.pem
put cross-signed/root-2026.pem r2026.pem
put cross-signed/root-2026-cross.pem r2026x.pem
put cross-signed/old-leaf.pem oldleaf.pem
put cross-signed/new-leaf.pem newleaf.pem
put cross-signed/trust-2020.pem r2020.pem
put cross-signed/trust-2026.pem r2026.pem

# policy
sign pol-root "/CN=LC Policy Root" self ca_ext 20240101000000Z 20340101000000Z
sign pol-other "/CN=LC Other Root" self ca_ext 20240101000000Z 20340101000000Z
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dev1.key 2>/dev/null
leaf dev1 "/CN=dev1" DNS:dev1.other.example pol-other 20260101000000Z 20290101000000Z
leaf dev2 "/CN=dev2" DNS:dev2.devices.example pol-root 20260101000000Z 20270101000000Z
put policy/root.pem pol-root.pem
put policy/other-root.pem pol-other.pem
put policy/devices/dev1.pem dev1.pem
put policy/devices/dev2.pem dev2.pem
cat > "$OUT/policy/.certlens.yaml" <<'YAML'
version: 1
lifetime:
  leaf: 398
keys:
  - { type: EC, curves: [P-256, P-384] }
issuers:
  - 'CN=LC Policy Root'
rotation:
  overlapMinimumDays: 14
san:
  - files: 'devices/**'
    require: ['DNS:*.devices.example']
expiry:
  - files: 'devices/**'
    warnDays: 400
    errorDays: 30
YAML
cat > "$OUT/policy/bad/.certlens.yaml" <<'YAML'
version: 1
lifetime:
  leaf: -5
keyz: []
YAML
