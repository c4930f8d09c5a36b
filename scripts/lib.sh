# shellcheck shell=bash
# Shared settings for scripts/toolchain.sh and scripts/keycloak.sh. Source it; don't run it.
#
# Everything these scripts build or download goes into a cache OUTSIDE the repo:
#   SCOPE_REGISTRY_CACHE   default: $HOME/.cache/scope-registry
#     bin/                 pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs
#     stamps/              one file per built binary, keyed by its wrapper module's hash
#     downloads/           keycloak-quarkus-dist-<version>.zip
#     keycloak-<version>/  the unpacked Keycloak server
#     keycloak-state/      pid file, log and data of the local Keycloak (scripts/keycloak.sh)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${SCOPE_REGISTRY_CACHE:-$HOME/.cache/scope-registry}"
BIN_DIR="$CACHE_DIR/bin"
STAMP_DIR="$CACHE_DIR/stamps"
DOWNLOAD_DIR="$CACHE_DIR/downloads"

# Keycloak 26.5.x is the last line that runs on Java 17 (26.6 needs Java 25).
KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.5.6}"
KEYCLOAK_HOME="$CACHE_DIR/keycloak-$KEYCLOAK_VERSION"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Print the seconds elapsed since $1 (a `date +%s` value).
elapsed() { echo $(( $(date +%s) - $1 )); }

# Download and unpack the Keycloak server distribution into the cache, unless present.
keycloak_install() {
  if [ -x "$KEYCLOAK_HOME/bin/kc.sh" ]; then
    log "keycloak $KEYCLOAK_VERSION: already installed"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn is needed to download Keycloak"
  command -v unzip >/dev/null || die "unzip is needed to unpack Keycloak"
  command -v java >/dev/null || die "java (17+) is needed to run Keycloak"
  local start zip tmp
  start=$(date +%s)
  zip="$DOWNLOAD_DIR/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  mkdir -p "$DOWNLOAD_DIR"
  if [ ! -s "$zip" ]; then
    log "keycloak $KEYCLOAK_VERSION: downloading org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip"
    local mvnlog="$DOWNLOAD_DIR/mvn.log"
    if ! mvn -B -q -Dstyle.color=never dependency:copy \
      "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
      "-DoutputDirectory=$DOWNLOAD_DIR" >"$mvnlog" 2>&1; then
      tail -n 30 "$mvnlog" >&2
      die "maven could not fetch keycloak-quarkus-dist $KEYCLOAK_VERSION"
    fi
  fi
  tmp="$(mktemp -d "$CACHE_DIR/.keycloak-unpack.XXXXXX")"
  unzip -q "$zip" -d "$tmp" || { rm -rf "$tmp"; die "could not unpack $zip"; }
  mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_HOME"
  rm -rf "$tmp"
  log "keycloak $KEYCLOAK_VERSION: installed in $(elapsed "$start")s"
}

# The provider plugins the program needs, at the versions the npm packages expect (package.json).
PROVIDER_PLUGINS=("keycloak 6.13.0" "random 4.21.2")

# Print the engine parts that cannot be found, one a line: the CLI and language host (the toolchain
# cache, then PATH), and each provider plugin (SCOPE_REGISTRY_PLUGIN_PATH, PATH, or installed with
# `pulumi plugin install`). Prints nothing when the engine is complete.
missing_engine_parts() {
  local path="$BIN_DIR:${SCOPE_REGISTRY_PLUGIN_PATH:+$SCOPE_REGISTRY_PLUGIN_PATH:}$PATH" entry name version
  for name in pulumi pulumi-language-nodejs; do
    PATH="$path" command -v "$name" >/dev/null || echo "$name"
  done
  for entry in "${PROVIDER_PLUGINS[@]}"; do
    read -r name version <<<"$entry"
    PATH="$path" command -v "pulumi-resource-$name" >/dev/null && continue
    PATH="$path" pulumi plugin ls 2>/dev/null | grep -qE "^$name[[:space:]]+resource[[:space:]]+$version[[:space:]]" && continue
    echo "pulumi-resource-$name $version"
  done
}
