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

# Run "$@" for at most $1 seconds (`timeout` where installed, else a watchdog); 124 when cut short.
run_bounded() {
  local secs="$1"
  shift
  if command -v timeout >/dev/null; then
    timeout "$secs" "$@"
    return
  fi
  "$@" &
  local pid=$! rc=0 dog
  (sleep "$secs" && kill "$pid" 2>/dev/null) &
  dog=$!
  wait "$pid" || rc=$?
  kill "$dog" 2>/dev/null || true
  wait "$dog" 2>/dev/null || true
  [ "$rc" -ne 143 ] || rc=124
  return "$rc"
}

# The oldest Pulumi CLI local:up and test:all take from PATH: the version toolchain/pulumi builds (its
# go.mod), which the end-to-end suite runs. Same major version (3), this version or newer: a newer CLI
# runs programs written against an older @pulumi/pulumi SDK of the same major version, an older one may
# lack what the SDK pinned in package-lock.json (3.248) asks of the engine.
pulumi_min_version() {
  awk '$1 == "require" && $2 == "github.com/pulumi/pulumi/pkg/v3" { print $3 }
       $1 == "github.com/pulumi/pulumi/pkg/v3" { print $2 }' "$REPO_ROOT/toolchain/pulumi/go.mod" |
    head -n 1 | sed 's/^v//'
}

# Succeeds when version $1 is at least version $2 (both MAJOR.MINOR.PATCH, a leading "v", a
# pre-release "-..." and build "+..." allowed; a pre-release counts as older than its release).
version_at_least() {
  local a="${1#v}" b="${2#v}" a_pre="" b_pre="" i
  a="${a%%+*}" b="${b%%+*}"
  [[ "$a" == *-* ]] && a_pre=1
  [[ "$b" == *-* ]] && b_pre=1
  local -a x y
  IFS=. read -r -a x <<<"${a%%-*}"
  IFS=. read -r -a y <<<"${b%%-*}"
  for i in 0 1 2; do
    if ((10#${x[i]:-0} > 10#${y[i]:-0})); then return 0; fi
    if ((10#${x[i]:-0} < 10#${y[i]:-0})); then return 1; fi
  done
  [ -z "$a_pre" ] || [ -n "$b_pre" ]
}

# Print the directory of the first `pulumi` on the search path ($1, default PATH) that suits this
# project: it reports version 3.x at least pulumi_min_version, and `pulumi-language-nodejs` (the
# Node.js language host of the same installation) is in the same directory. The toolchain cache
# ($BIN_DIR) is not searched: it is the fallback, kept fresh by its stamps. Says on stderr which one
# was chosen, or why none was, and fails then.
select_installed_pulumi() {
  local search="${1-$PATH}" min dir version seen=":" dirs=() rejected=()
  min="$(pulumi_min_version)"
  [ -n "$min" ] || die "no github.com/pulumi/pulumi/pkg/v3 version in toolchain/pulumi/go.mod"
  IFS=: read -r -a dirs <<<"$search"
  for dir in "${dirs[@]}"; do
    [ -n "$dir" ] && [ "$dir" != "$BIN_DIR" ] && [[ "$seen" != *":$dir:"* ]] || continue
    seen+="$dir:"
    [ -f "$dir/pulumi" ] && [ -x "$dir/pulumi" ] || continue
    version="$(PULUMI_SKIP_UPDATE_CHECK=true run_bounded 30 "$dir/pulumi" version 2>/dev/null | head -n 1 || true)"
    if ! [[ "$version" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+ ]]; then
      rejected+=("$dir/pulumi reports no version")
      continue
    fi
    version="v${version#v}"
    if [ "${version%%.*}" != "v${min%%.*}" ]; then
      rejected+=("$dir/pulumi is $version, not major version ${min%%.*}")
    elif ! version_at_least "$version" "$min"; then
      rejected+=("$dir/pulumi is $version, older than v$min")
    elif ! [ -x "$dir/pulumi-language-nodejs" ]; then
      rejected+=("$dir/pulumi ($version) has no pulumi-language-nodejs beside it")
    else
      log "pulumi: using the installed $version in $dir (needs ${min%%.*}.x, v$min or newer)"
      echo "$dir"
      return 0
    fi
  done
  [ "${#rejected[@]}" -gt 0 ] || rejected=("no pulumi on PATH")
  local why="" reason
  for reason in "${rejected[@]}"; do why+="${why:+; }$reason"; done
  log "pulumi: no suitable installed CLI (needs ${min%%.*}.x, v$min or newer, with pulumi-language-nodejs beside it): $why"
  return 1
}

# Print the directory holding the Pulumi CLI and language host to run: an installed one when suitable
# (select_installed_pulumi), else the toolchain cache's, built now when missing or stale (needs Go;
# --no-build: the cache's directory as it is).
pulumi_engine_dir() {
  local dir
  if dir="$(select_installed_pulumi)"; then
    echo "$dir"
    return 0
  fi
  if [ "${1:-}" != --no-build ]; then
    command -v go >/dev/null ||
      die "install the Pulumi CLI (3.x, v$(pulumi_min_version) or newer) or Go 1.25+ to build it from toolchain/pulumi"
    log "pulumi: taking the toolchain cache's, built from toolchain/ when missing or stale ($BIN_DIR)"
    bash "$REPO_ROOT/scripts/toolchain.sh" pulumi pulumi-language-nodejs >&2 || return 1
  fi
  echo "$BIN_DIR"
}

# The provider plugins local:up and the end-to-end tests need, at the versions the npm packages expect
# (package-lock.json; a test checks them). The kubernetes plugin (4.34.2) is needed only by stacks that
# deliver credentials, which neither of them does.
PROVIDER_PLUGINS=("keycloak 6.13.0" "random 4.21.2")

# Print the engine parts that cannot be found, one a line: the CLI and language host (the engine
# directory $1, default SCOPE_REGISTRY_ENGINE_DIR or the toolchain cache, then PATH), and each provider
# plugin (SCOPE_REGISTRY_PLUGIN_PATH, PATH, or installed with `pulumi plugin install`) as
# "pulumi-resource-<name> <version>". Prints nothing when the engine is complete. Never uses the network.
missing_engine_parts() {
  local engine="${1:-${SCOPE_REGISTRY_ENGINE_DIR:-$BIN_DIR}}" entry name version path
  path="$engine:${SCOPE_REGISTRY_PLUGIN_PATH:+$SCOPE_REGISTRY_PLUGIN_PATH:}$PATH"
  for name in pulumi pulumi-language-nodejs; do
    PATH="$path" command -v "$name" >/dev/null || echo "$name"
  done
  # Read once, then searched: `pulumi plugin ls | grep -q` fails under `set -o pipefail` (as in
  # local-up.sh) whenever grep stops reading early and pulumi dies of SIGPIPE.
  local installed
  installed="$(PATH="$path" pulumi plugin ls 2>/dev/null || true)"
  for entry in "${PROVIDER_PLUGINS[@]}"; do
    read -r name version <<<"$entry"
    PATH="$path" command -v "pulumi-resource-$name" >/dev/null && continue
    grep -qE "^$name[[:space:]]+resource[[:space:]]+$version[[:space:]]" <<<"$installed" && continue
    echo "pulumi-resource-$name $version"
  done
}

# Whether the operator turned Pulumi's plugin downloads off (Pulumi reads "true" or "1").
plugin_acquisition_disabled() {
  case "${PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION:-}" in 1 | true | TRUE | True) return 0 ;; *) return 1 ;; esac
}

# Let Pulumi download the provider plugins that are missing (`pulumi plugin install`), each bounded by
# SCOPE_REGISTRY_PLUGIN_TIMEOUT seconds (default 120) so that a machine without a network fails fast,
# unless PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION is set; then print what is still missing, as
# missing_engine_parts does. Installed plugins are never downloaded again: where everything is there,
# nothing touches the network.
acquire_missing_plugins() {
  local engine="${1:-${SCOPE_REGISTRY_ENGINE_DIR:-$BIN_DIR}}" secs="${SCOPE_REGISTRY_PLUGIN_TIMEOUT:-120}"
  local part version name failed=""
  if ! plugin_acquisition_disabled; then
    while read -r part version; do
      case "$part" in pulumi-resource-*) ;; *) continue ;; esac
      name="${part#pulumi-resource-}"
      if [ -n "$failed" ]; then
        log "provider plugin $name $version: not installed; not downloaded either, as the download before failed"
        continue
      fi
      log "provider plugin $name $version: not installed; Pulumi downloads it (at most ${secs}s)"
      if ! PATH="$engine:$PATH" PULUMI_SKIP_UPDATE_CHECK=true run_bounded "$secs" \
        pulumi plugin install resource "$name" "$version" >&2; then
        log "provider plugin $name $version: the download failed or timed out"
        failed=1
      fi
    done < <(missing_engine_parts "$engine")
  fi
  missing_engine_parts "$engine"
}
