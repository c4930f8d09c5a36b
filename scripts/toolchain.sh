#!/usr/bin/env bash
# Build the real Pulumi engine pieces from the Go module proxy, and fetch Keycloak, into a cache
# outside the repo (see scripts/lib.sh for the layout; SCOPE_REGISTRY_CACHE overrides it).
#
#   scripts/toolchain.sh [--force] [all|pulumi|pulumi-language-nodejs|actionlint|keycloak]...
#   scripts/toolchain.sh env      # print the `export PATH=...` line to use the binaries
#
# npm run local:up and test:all build the Pulumi CLI and language host here only when no suitable
# `pulumi` is installed (scripts/lib.sh, select_installed_pulumi).
#
# Each binary is built from its wrapper module under toolchain/<name>/ (go.mod, go.sum, tools.go)
# with `go build -trimpath`, and skipped when a stamp keyed by that module's files, the Go version
# and the build flags says it is already built. Needs Go (1.25+) and, for Keycloak, mvn, unzip, java.
#
# What is NOT here, and why: the provider plugins pulumi-resource-keycloak and pulumi-resource-random.
# The Go module proxy reachable here refuses every version we tried of
# github.com/pulumi/pulumi-keycloak/provider/v6, github.com/keycloak/terraform-provider-keycloak and
# github.com/pulumi/pulumi-random/provider/v4 (see toolchain/README.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PULUMI_VERSION_VAR="github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"

# name | wrapper dir | package to build | module whose version the binary reports | variable set to it
# (actionlint, the workflow checker `npm run lint:workflows` runs, is built the same way.)
TOOLS=(
  "pulumi|toolchain/pulumi|github.com/pulumi/pulumi/pkg/v3/cmd/pulumi|github.com/pulumi/pulumi/pkg/v3|$PULUMI_VERSION_VAR"
  "pulumi-language-nodejs|toolchain/pulumi-language-nodejs|github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs|github.com/pulumi/pulumi/sdk/v3|$PULUMI_VERSION_VAR"
  "actionlint|toolchain/actionlint|github.com/rhysd/actionlint/cmd/actionlint|github.com/rhysd/actionlint|github.com/rhysd/actionlint.version"
)

FORCE=0

module_version() { # dir module -> version required by the wrapper's go.mod
  (cd "$REPO_ROOT/$1" && go list -m -f '{{.Version}}' "$2")
}

build_tool() {
  local name="$1" dir="$2" pkg="$3" vmod="$4" vvar="$5"
  local version ldflags key stamp out start
  command -v go >/dev/null || die "go is needed to build $name"
  version="$(module_version "$dir" "$vmod")"
  ldflags="-s -w -X $vvar=$version"
  key="$( { cat "$REPO_ROOT/$dir/go.mod" "$REPO_ROOT/$dir/go.sum" "$REPO_ROOT/$dir"/*.go;
            go version; echo "$pkg $ldflags CGO_ENABLED=0"; } | sha256sum | cut -c1-16)"
  stamp="$STAMP_DIR/$name"
  out="$BIN_DIR/$name"
  if [ "$FORCE" = 0 ] && [ -x "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$key" ]; then
    log "$name $version: up to date (stamp $key)"
    return 0
  fi
  mkdir -p "$BIN_DIR" "$STAMP_DIR"
  log "$name $version: building $pkg ..."
  start=$(date +%s)
  (cd "$REPO_ROOT/$dir" &&
    CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=readonly" \
      go build -trimpath -ldflags "$ldflags" -o "$out.tmp" "$pkg") || { rm -f "$out.tmp"; die "build of $name failed"; }
  mv -f "$out.tmp" "$out"
  echo "$key" > "$stamp"
  log "$name $version: built in $(elapsed "$start")s"
}

# The dynamic-provider plugin is a small shell script that ships inside the sdk/v3 module.
install_dynamic_provider_script() {
  local dir src
  dir="$(cd "$REPO_ROOT/toolchain/pulumi" &&
    go mod download -json github.com/pulumi/pulumi/sdk/v3 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  src="$dir/nodejs/dist/pulumi-resource-pulumi-nodejs"
  [ -f "$src" ] || die "pulumi-resource-pulumi-nodejs not found in the sdk/v3 module"
  mkdir -p "$BIN_DIR"
  install -m 0755 "$src" "$BIN_DIR/pulumi-resource-pulumi-nodejs"
}

print_env() {
  echo "export PATH=\"$BIN_DIR:\$PATH\""
}

main() {
  local targets=() t start
  for t in "$@"; do
    case "$t" in
      --force) FORCE=1 ;;
      env) print_env; return 0 ;;
      -h|--help) sed -n '2,18p' "$0"; return 0 ;;
      all|pulumi|pulumi-language-nodejs|actionlint|keycloak) targets+=("$t") ;;
      *) die "unknown argument: $t" ;;
    esac
  done
  [ "${#targets[@]}" -gt 0 ] || targets=(all)
  start=$(date +%s)
  for t in "${targets[@]}"; do
    local entry
    for entry in "${TOOLS[@]}"; do
      IFS='|' read -r name dir pkg vmod vvar <<<"$entry"
      if [ "$t" = all ] || [ "$t" = "$name" ]; then
        build_tool "$name" "$dir" "$pkg" "$vmod" "$vvar"
      fi
    done
    if [ "$t" = all ] || [ "$t" = pulumi ]; then install_dynamic_provider_script; fi
    if [ "$t" = all ] || [ "$t" = keycloak ]; then keycloak_install; fi
  done
  # The PATH line itself only on request (`env`): callers such as local:up show this output.
  log "done in $(elapsed "$start")s; binaries in $BIN_DIR (eval \"\$(bash scripts/toolchain.sh env)\" puts them on PATH)"
}

main "$@"
