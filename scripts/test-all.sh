#!/usr/bin/env bash
# Every test tier, as CI runs it: types, registry checks and the fast tests (pure logic and the Pulumi
# program under mocks), then the end-to-end suite against a real Keycloak with the real Pulumi engine
# (the toolchain is built or reused first). Ends with one line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
results=.test-results
rm -rf "$results" && mkdir -p "$results"
status=0

step() { printf '\n== %s\n' "$*"; }

step "types"
npx tsc --noEmit -p . || status=1
step "registry: validate, schemas"
npm run -s registry -- validate || status=1
npm run -s registry -- schema --check || status=1

step "fast tests"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/fast.json" || status=1
reports=("$results/fast.json")

if [ -f vitest.e2e.config.mts ]; then
  step "toolchain (built once, then reused)"
  if bash scripts/toolchain.sh; then
    step "end-to-end tests"
    npx vitest run --config vitest.e2e.config.mts --reporter=default --reporter=json \
      --outputFile.json="$results/e2e.json" || status=1
  else
    echo "toolchain build failed: the end-to-end tier cannot run" >&2
    status=1
  fi
  reports+=("$results/e2e.json")
fi

step "summary"
node scripts/test-summary.mjs "${reports[@]}" || status=1
exit $status
