#!/usr/bin/env bash
# Generates test/fixtures/jks/: Java keystores written by the real `keytool`
# (JKS and JCEKS), plus keytool's own listing of each (`*.list.txt`, from
# `keytool -list -v` in English) that the tests compare aliases, entry types
# and SHA-256 fingerprints against.
#
# Certificates come from `openssl ca` with fixed validity dates so tests never
# rot. keytool stamps each entry with the current time (its creation date) and
# keys are random: rerunning the script changes bytes, not what tests assert.
# Needs keytool (any JDK 8+; developed with OpenJDK 17) and OpenSSL 3.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v keytool >/dev/null || { echo "gen-jks-fixtures: keytool not found; install a JDK (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
command -v openssl >/dev/null || { echo "gen-jks-fixtures: openssl not found" >&2; exit 1; }
out=test/fixtures/jks
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PASS=changeit
kt() { keytool -J-Duser.language=en -J-Duser.country=US "$@"; }

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
subjectAltName = DNS:\$ENV::CN
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF
: >"$work/index.txt"
echo 1000 >"$work/serial"
export CN=unused

cert() { # cert <name> <cn> <issuer-name|self> <extensions> <EC|RSA>
  local name=$1 cn=$2 issuer=$3 ext=$4 alg=$5
  if [ "$alg" = RSA ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/$name.key" 2>/dev/null
  else
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$name.key" 2>/dev/null
  fi
  openssl req -new -key "$work/$name.key" -subj "/CN=$cn" -config "$work/ca.cnf" -out "$work/$name.csr"
  if [ "$issuer" = self ]; then
    set -- -selfsign -keyfile "$work/$name.key"
  else
    set -- -cert "$work/$issuer.crt" -keyfile "$work/$issuer.key"
  fi
  CN=$cn openssl ca -batch -notext -config "$work/ca.cnf" "$@" -in "$work/$name.csr" -out "$work/$name.crt" \
    -startdate 20250101000000Z -enddate 20350101000000Z -extensions "$ext" 2>/dev/null
}
cert root "CertLens JKS Root" self v3_ca EC
cert inter "CertLens JKS Intermediate" root v3_ca EC
cert leaf "leaf.jks.test" inter v3_leaf EC
cert rsa "rsa.jks.test" inter v3_leaf RSA
cat "$work/inter.crt" "$work/root.crt" >"$work/chain.pem"

# PrivateKeyEntry sources: keytool imports keys only from another keystore.
openssl pkcs12 -export -in "$work/leaf.crt" -inkey "$work/leaf.key" -certfile "$work/chain.pem" \
  -name server -passout "pass:$PASS" -out "$work/leaf.p12"
openssl pkcs12 -export -in "$work/rsa.crt" -inkey "$work/rsa.key" -certfile "$work/inter.crt" \
  -name rsa-client -passout "pass:$PASS" -out "$work/rsa.p12"

for type in JKS JCEKS; do
  ext=$(echo "$type" | tr A-Z a-z)
  # A truststore: CA certificates only (trustedCertEntry).
  kt -importcert -noprompt -storetype "$type" -keystore "$out/truststore.$ext" -storepass "$PASS" -alias root -file "$work/root.crt" 2>/dev/null
  kt -importcert -noprompt -storetype "$type" -keystore "$out/truststore.$ext" -storepass "$PASS" -alias intermediate -file "$work/inter.crt" 2>/dev/null
  # A keystore: two PrivateKeyEntry (EC with a 3-certificate chain, RSA with 2) and a trusted root.
  for src in leaf rsa; do
    kt -importkeystore -noprompt -srckeystore "$work/$src.p12" -srcstoretype PKCS12 -srcstorepass "$PASS" \
      -destkeystore "$out/keystore.$ext" -deststoretype "$type" -deststorepass "$PASS" 2>/dev/null
  done
  kt -importcert -noprompt -storetype "$type" -keystore "$out/keystore.$ext" -storepass "$PASS" -alias root -file "$work/root.crt" 2>/dev/null
done
# JCEKS only: SecretKeyEntry (a Java-serialized SealedObject) between certificate entries.
for alias in aes-key hmac-key; do
  alg=AES; [ "$alias" = hmac-key ] && alg=HmacSHA256
  kt -genseckey -storetype JCEKS -keystore "$out/keystore.jceks" -storepass "$PASS" -keypass "$PASS" -alias "$alias" -keyalg "$alg" -keysize 256 2>/dev/null
done
# A key with its own key password (keytool -destkeypass): the store password opens the store, not the key.
for type in JKS JCEKS; do
  ext=$(echo "$type" | tr A-Z a-z)
  kt -importkeystore -noprompt -srckeystore "$work/leaf.p12" -srcstoretype PKCS12 -srcstorepass "$PASS" \
    -destkeystore "$out/keypass.$ext" -deststoretype "$type" -deststorepass "$PASS" -destkeypass other-keypass 2>/dev/null
done
# A key stored with a certificate that is not its own. keytool refuses to build
# one, but KeyStore.setKeyEntry checks nothing: written by the JDK itself.
cat >"$work/Mismatch.java" <<'JAVA'
import java.io.*;
import java.security.*;
import java.security.cert.Certificate;
public class Mismatch {
  public static void main(String[] args) throws Exception {
    char[] pw = "changeit".toCharArray();
    for (String type : new String[] {"JKS", "JCEKS"}) {
      String ext = type.toLowerCase();
      KeyStore src = KeyStore.getInstance(type);
      try (InputStream in = new FileInputStream(args[0] + "/keystore." + ext)) { src.load(in, pw); }
      PrivateKey key = (PrivateKey) src.getKey("server", pw);
      Certificate[] chain = src.getCertificateChain("server");
      KeyStore out = KeyStore.getInstance(type);
      out.load(null, null);
      // The leaf's key with the intermediate (also EC P-256) as its certificate.
      out.setKeyEntry("server", key, pw, new Certificate[] {chain[1], chain[2]});
      try (OutputStream o = new FileOutputStream(args[0] + "/mismatch." + ext)) { out.store(o, pw); }
    }
  }
}
JAVA
java "$work/Mismatch.java" "$out"
# Another store password, to tell "wrong password" from "tampered".
cp "$out/truststore.jks" "$work/t.jks"
kt -storepasswd -keystore "$work/t.jks" -storepass "$PASS" -new "other-secret" 2>/dev/null
mv "$work/t.jks" "$out/truststore-other-password.jks"

for f in "$out"/*.jks "$out"/*.jceks; do
  pass=$PASS
  case "$f" in *other-password*) pass=other-secret ;; esac
  kt -list -v -keystore "$f" -storepass "$pass" >"$f.list.txt" 2>/dev/null
done
# The same leaf and chain as PEM, for key pairing and byte comparisons.
cp "$work/leaf.crt" "$out/leaf.crt"
cp "$work/root.crt" "$out/root.crt"
openssl pkey -in "$work/leaf.key" -pubout -out "$out/leaf.pub.pem"
# A CSR of the leaf key, for pairing a keystore key with a CSR elsewhere.
openssl req -new -key "$work/leaf.key" -subj "/CN=leaf.jks.test" -config "$work/ca.cnf" -out "$out/leaf.csr"
echo "wrote $(ls "$out" | wc -l) files to $out"
