#!/usr/bin/env bash
# Generates test/fixtures/source (certificates embedded in source code) from
# the committed certificates of test/fixtures/certs; run by `npm run fixtures`
# after the certs set. The generator itself is scripts/gen-source-fixtures.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/gen-source-fixtures.mjs
