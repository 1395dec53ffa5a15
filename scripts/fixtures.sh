#!/usr/bin/env bash
# `npm run fixtures`: regenerates every fixture set under test/fixtures, each
# with its own committed generator (scripts/gen-*-fixtures.sh, fixed dates, the
# shared OpenSSL helpers in scripts/lib). Sets that others build on go first;
# the Kubernetes manifests, which embed certificates of the other sets, last.
#
#   npm run fixtures            # every set
#   npm run fixtures -- chain   # the sets whose name contains "chain"
set -euo pipefail
cd "$(dirname "$0")/.."
first=(certs chain chain-findings key p12 jks profile-lint revocation)
last=(k8s)
mapfile -t all < <(ls scripts/gen-*-fixtures.sh | sed -E 's#scripts/gen-(.*)-fixtures\.sh#\1#')
order=("${first[@]}")
for s in "${all[@]}"; do
  [[ " ${first[*]} ${last[*]} " == *" $s "* ]] || order+=("$s")
done
order+=("${last[@]}")
for s in "${order[@]}"; do
  [ -f "scripts/gen-$s-fixtures.sh" ] || continue
  if [ $# -gt 0 ] && [[ "$s" != *"$1"* ]]; then continue; fi
  echo "== fixtures: $s"
  bash "scripts/gen-$s-fixtures.sh"
done
