# Shared by the fixture scripts that issue certificates with `openssl ca` at
# FIXED dates (chain findings, revocation, profile lint). Source it, then:
#   ca_init DIR SERIAL [CN_POLICY [EXTRA_CA_LINE…]]
#       OUT=test/fixtures/DIR (emptied), a temporary CA work folder as the
#       current directory (removed on exit), and ca.cnf with the common
#       [ca]/[req] sections; append your extension sections with `cat >> ca.cnf`.
#   key NAME                       an EC P-256 key NAME.key, made once
#   sign NAME SUBJECT ISSUER SECTION START END [openssl ca args…]
#       NAME.pem for SUBJECT ("/CN=…"), signed by ISSUER (or `self`), with the
#       extensions of SECTION (or `none`), valid START..END (YYYYMMDDHHMMSSZ)
#   put DEST FILE…                 concatenates FILEs into $OUT/DEST

ca_init() {
  OUT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/test/fixtures/$1"
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  rm -rf "$OUT"
  mkdir -p "$OUT"
  cd "$WORK"
  touch index.txt
  echo "$2" > serial
  local policy="${3:-supplied}"
  {
    printf '[ca]\ndefault_ca = CA\n[CA]\ndatabase = index.txt\nserial = serial\n'
    for line in "${@:4}"; do printf '%s\n' "$line"; done
    printf 'default_md = sha256\nnew_certs_dir = .\npolicy = anything\nunique_subject = no\ncopy_extensions = none\n'
    printf '[anything]\ncommonName = %s\n[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = placeholder\n' "$policy"
  } > ca.cnf
}

key() { [ -f "$1.key" ] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }

sign() {
  key "$1"
  openssl req -new -config ca.cnf -key "$1.key" -subj "$2" -out "$1.csr"
  local issuer=(-cert "$3.pem" -keyfile "$3.key")
  [ "$3" = self ] && issuer=(-selfsign -keyfile "$1.key")
  local ext=(-extfile ca.cnf -extensions "$4")
  [ "$4" = none ] && ext=()
  openssl ca -batch -notext -config ca.cnf "${issuer[@]}" -in "$1.csr" -out "$1.pem" \
    -startdate "$5" -enddate "$6" "${ext[@]}" "${@:7}" 2>/dev/null
}

put() { cat "${@:2}" > "$OUT/$1"; }
