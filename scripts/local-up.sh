#!/usr/bin/env bash
# The main job on the embedded local default: start a local Keycloak (127.0.0.1, test realm
# scope-registry-e2e), run `pulumi up` on the `local` stack (development view of the registry), then
# print the stack outputs and the decoded claims of one real token, and check the realm against the
# plan (`verify --stack local`).
#
#   npm run local:up          provision (again: a second run changes nothing)
#   npm run local:down        pulumi destroy on the local stack, then stop Keycloak
#
# The stack's state and its config file (a copy of Pulumi.local.yaml with the admin password set as a
# secret) live in the cache, outside the repository: Pulumi runs in a project directory there whose
# program, sources and packages are links to this repository. PULUMI_CONFIG_PASSPHRASE defaults to "local":
# this stack holds only throwaway local credentials.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STACK_DIR="$CACHE_DIR/local-stack"
PROJECT_DIR="$STACK_DIR/project"
export PULUMI_BACKEND_URL="file://$STACK_DIR/state"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-local}"
export PULUMI_SKIP_UPDATE_CHECK=true
# The file backend rewrites the whole state after every step: at 200 scopes (421 resources) that is
# three quarters of a first up (npm run bench:apply). The local stack is throwaway, so it saves the
# state once at the end; an up killed midway leaves objects the state does not know (local:down, or
# restarting Keycloak, which keeps its data in memory, clears them).
export PULUMI_SKIP_CHECKPOINTS="${PULUMI_SKIP_CHECKPOINTS:-true}"

# The engine: an installed pulumi when suitable, else the one built into the cache (scripts/lib.sh,
# pulumi_engine_dir); then the provider plugins, which Pulumi downloads when missing, within a bounded
# time (acquire_missing_plugins). The stack's own runs then leave plugin downloads off: everything they
# load is there, and the kubernetes plugin, which @pulumi/kubernetes names, is never loaded with
# delivery off, so they have no reason to reach for the network.
use_engine() {
  local engine missing
  engine="$(pulumi_engine_dir)" || die "no Pulumi CLI to run (see above)"
  export PATH="$engine:${SCOPE_REGISTRY_PLUGIN_PATH:+$SCOPE_REGISTRY_PLUGIN_PATH:}$PATH"
  missing="$(acquire_missing_plugins "$engine" | paste -sd, -)"
  if [ -n "$missing" ]; then
    local why="Pulumi could not download the plugins (no network, or it timed out after ${SCOPE_REGISTRY_PLUGIN_TIMEOUT:-120}s)"
    plugin_acquisition_disabled && why="PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION is set, so Pulumi did not download the plugins"
    die "missing $missing: $why. Install them with 'pulumi plugin install resource keycloak 6.13.0' and 'pulumi plugin install resource random 4.21.2' on a machine with internet access, or point SCOPE_REGISTRY_PLUGIN_PATH at a directory that has them; the package registries this project builds from do not serve them (toolchain/README.md)."
  fi
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="${PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION:-true}"
}

pulumi_local() { (cd "$PROJECT_DIR" && pulumi "$@" --stack local --non-interactive); }

link_project() {
  mkdir -p "$PROJECT_DIR"
  local name
  for name in index.ts src components node_modules package.json tsconfig.json; do
    ln -sfn "$REPO_ROOT/$name" "$PROJECT_DIR/$name"
  done
  cp "$REPO_ROOT/Pulumi.yaml" "$PROJECT_DIR/Pulumi.yaml"
  # The committed settings, plus the salt and secret this machine's stack already has.
  local salt=""
  [ -f "$PROJECT_DIR/Pulumi.local.yaml" ] && salt="$(grep '^encryptionsalt:' "$PROJECT_DIR/Pulumi.local.yaml" || true)"
  cp "$REPO_ROOT/Pulumi.local.yaml" "$PROJECT_DIR/Pulumi.local.yaml"
  [ -n "$salt" ] && echo "$salt" >> "$PROJECT_DIR/Pulumi.local.yaml"
  return 0
}

up() {
  use_engine
  # Installs Keycloak into the cache when needed, and starts it unless it is running.
  bash "$REPO_ROOT/scripts/keycloak.sh" up
  mkdir -p "$STACK_DIR/state"
  link_project
  pulumi_local stack select --create >/dev/null
  pulumi_local config set scope-registry:keycloakUrl "http://127.0.0.1:${KEYCLOAK_PORT:-18080}"
  # From standard input: a secret never appears in a process list.
  printf '%s' "${KEYCLOAK_E2E_CLIENT_SECRET:-scope-registry-e2e-local-secret}" |
    pulumi_local config set --secret scope-registry:keycloakClientSecret
  # --refresh: the local Keycloak keeps its data in memory, so after a restart the stack's state
  # describes objects that are gone; refreshing first lets up recreate them.
  pulumi_local up --yes --refresh
  pulumi_local stack output --json
  (cd "$REPO_ROOT" && npx tsx scripts/show-token.ts)
  # The realm against the plan, read back through the admin API with the stack's own login: exit 1
  # names any drift (a hand-added mapper, a detached scope, an orphan). The secret from standard input.
  printf '%s\n' "${KEYCLOAK_E2E_CLIENT_SECRET:-scope-registry-e2e-local-secret}" |
    (cd "$REPO_ROOT" && npm run -s registry -- verify --stack local \
      --url "http://127.0.0.1:${KEYCLOAK_PORT:-18080}" --client-secret-stdin)
}

down() {
  if [ -d "$STACK_DIR/state" ]; then
    use_engine
    pulumi_local destroy --yes
  fi
  bash "$REPO_ROOT/scripts/keycloak.sh" stop
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  *) die "usage: scripts/local-up.sh [up|down]" ;;
esac
