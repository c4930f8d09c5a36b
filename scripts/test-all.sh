#!/usr/bin/env bash
# Every test tier, as CI runs it: types, registry checks and the fast tests (pure logic and the Pulumi
# program under mocks), the live tier (`verify` against a real local Keycloak), then the end-to-end
# suite against a real Keycloak with the real Pulumi engine (an installed pulumi when its version suits,
# else the toolchain's, built once and reused; scripts/lib.sh, pulumi_engine_dir).
# Ends with one line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
results=.test-results
rm -rf "$results" && mkdir -p "$results"
status=0

step() { printf '\n== %s\n' "$*"; }

step "types"
npx tsc --noEmit -p . || status=1
step "lint and format"
npm run -s lint || status=1
step "workflows: actionlint (built into the tool cache first when missing), with shellcheck when installed"
if bash scripts/toolchain.sh actionlint; then
  npm run -s lint:workflows || status=1
else
  echo "actionlint could not be built" >&2
  status=1
fi

step "registry: validate; schemas, catalogue and CODEOWNERS fresh"
npm run -s registry -- validate || status=1
npm run -s registry -- schema --check || status=1
npm run -s registry -- docs --check || status=1
npm run -s registry -- codeowners --check || status=1

step "fast tests"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/fast.json" || status=1
reports=("$results/fast.json")

step "a registry of one's own: the registry checks and fast tests pass with the example registry replaced (not counted below)"
bash scripts/own-registry-check.sh || status=1

step "live: verify against a real local Keycloak (started unless running; no Pulumi engine needed)"
npx vitest run --config vitest.live.config.mts --reporter=default --reporter=json \
  --outputFile.json="$results/live.json" || status=1
reports+=("$results/live.json")

step "toolchain: the Pulumi engine (an installed pulumi when suitable, else built once and reused) and Keycloak"
if engine="$(source scripts/lib.sh && pulumi_engine_dir)" && bash scripts/toolchain.sh keycloak; then
  export SCOPE_REGISTRY_ENGINE_DIR="$engine"
  # Provider plugins cannot be built from the package registries this project may use (see
  # toolchain/README.md): Pulumi downloads the missing ones where a network allows it (bounded in time);
  # otherwise they are taken from PATH or SCOPE_REGISTRY_PLUGIN_PATH when a machine has them.
  missing="$(source scripts/lib.sh && acquire_missing_plugins "$engine" | paste -sd, -)"
  if [ -z "$missing" ]; then
    step "end-to-end tests"
    npx vitest run --config vitest.e2e.config.mts --reporter=default --reporter=json \
      --outputFile.json="$results/e2e.json" || status=1
    reports+=("$results/e2e.json")
  else
    echo "END-TO-END TIER NOT RUN: missing $missing (looked in the engine's directory, SCOPE_REGISTRY_PLUGIN_PATH,"
    echo "PATH and installed Pulumi plugins, and Pulumi could not download it; see toolchain/README.md)."
    echo "Its tests are not counted below."
  fi
else
  echo "no Pulumi engine (no suitable pulumi installed, and building one failed) or no Keycloak" >&2
  status=1
fi

step "summary"
node scripts/test-summary.mjs "${reports[@]}" || status=1
exit $status
