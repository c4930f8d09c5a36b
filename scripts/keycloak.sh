#!/usr/bin/env bash
# A throwaway local Keycloak 26 for end-to-end tests: loopback only, in-memory database.
#
#   scripts/keycloak.sh install   download + unpack the server into the cache (scripts/lib.sh)
#   scripts/keycloak.sh start     start it in the background and wait for /health/ready
#   scripts/keycloak.sh setup     create the test realm from e2e/realm/ (idempotent; --recreate drops it first)
#   scripts/keycloak.sh up        start + setup
#   scripts/keycloak.sh status    is it running and ready?
#   scripts/keycloak.sh stop      stop the server this script started (by its pid file only)
#
# Settings (environment, with local-only defaults):
#   KEYCLOAK_PORT=18080            HTTP port on 127.0.0.1
#   KEYCLOAK_MGMT_PORT=19000       management port on 127.0.0.1 (/health/ready)
#   KC_BOOTSTRAP_ADMIN_USERNAME=admin, KC_BOOTSTRAP_ADMIN_PASSWORD=admin   master-realm admin
#   KEYCLOAK_E2E_CLIENT_SECRET     secret of the realm's `pulumi` client (default: a fixed local value)
#   KEYCLOAK_START_TIMEOUT=180     seconds to wait for readiness
#   KEYCLOAK_VERSION, SCOPE_REGISTRY_CACHE   see scripts/lib.sh
# Everything it writes (pid file, log) goes under $SCOPE_REGISTRY_CACHE/keycloak-state, not the repo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KC_HOST=127.0.0.1
KEYCLOAK_PORT="${KEYCLOAK_PORT:-18080}"
KEYCLOAK_MGMT_PORT="${KEYCLOAK_MGMT_PORT:-19000}"
KEYCLOAK_START_TIMEOUT="${KEYCLOAK_START_TIMEOUT:-180}"
export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
KEYCLOAK_E2E_CLIENT_SECRET="${KEYCLOAK_E2E_CLIENT_SECRET:-scope-registry-e2e-local-secret}"

STATE_DIR="$CACHE_DIR/keycloak-state"
PID_FILE="$STATE_DIR/keycloak.pid"
LOG_FILE="$STATE_DIR/keycloak.log"
BASE_URL="http://$KC_HOST:$KEYCLOAK_PORT"
READY_URL="http://$KC_HOST:$KEYCLOAK_MGMT_PORT/health/ready"

REALM_DIR="$REPO_ROOT/e2e/realm"
REALM_FILE="$REALM_DIR/scope-registry-e2e.json"
E2E_CLIENT_ID=pulumi

need() { command -v "$1" >/dev/null || die "$1 is needed"; }

# The pid in our pid file, if that process is alive and is the Keycloak we started.
running_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # kc.sh, or the java it execs into after a re-augmentation: both name $KEYCLOAK_HOME/bin/.
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "$KEYCLOAK_HOME/bin/" || return 1
  echo "$pid"
}

ready() { curl -fsS -o /dev/null --max-time 5 "$READY_URL" 2>/dev/null; }

port_busy() { (exec 3<>"/dev/tcp/$KC_HOST/$1") 2>/dev/null; }

cmd_start() {
  local pid start
  need java; need curl
  if pid="$(running_pid)"; then
    log "already running (pid $pid) at $BASE_URL"
    ready || log "warning: not ready yet at $READY_URL"
    return 0
  fi
  for p in "$KEYCLOAK_PORT" "$KEYCLOAK_MGMT_PORT"; do
    port_busy "$p" && die "port $p on $KC_HOST is already in use (set KEYCLOAK_PORT / KEYCLOAK_MGMT_PORT)"
  done
  keycloak_install
  mkdir -p "$STATE_DIR"
  start=$(date +%s)
  # setsid: the server gets its own process group (= its pid), so `stop` can end kc.sh and its java
  # child together without touching anything else.
  setsid "$KEYCLOAK_HOME/bin/kc.sh" start-dev \
    --db=dev-mem \
    --http-host="$KC_HOST" --http-port="$KEYCLOAK_PORT" \
    --http-management-port="$KEYCLOAK_MGMT_PORT" \
    --hostname-strict=false \
    --health-enabled=true \
    >"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" > "$PID_FILE"
  log "starting Keycloak $KEYCLOAK_VERSION (pid $pid) on $BASE_URL; log: $LOG_FILE"
  while ! ready; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "Keycloak exited before it was ready; last lines of the log:"
      tail -n 40 "$LOG_FILE" >&2
      rm -f "$PID_FILE"
      exit 1
    fi
    if [ "$(elapsed "$start")" -ge "$KEYCLOAK_START_TIMEOUT" ]; then
      log "Keycloak not ready after ${KEYCLOAK_START_TIMEOUT}s; last lines of the log:"
      tail -n 40 "$LOG_FILE" >&2
      cmd_stop
      exit 1
    fi
    sleep 1
  done
  log "ready in $(elapsed "$start")s"
}

cmd_stop() {
  local pid i
  if ! pid="$(running_pid)"; then
    log "not running (no live process from $PID_FILE)"
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after 30s; killing process group $pid"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if ready; then log "running (pid $pid), ready at $BASE_URL"; return 0; fi
    log "running (pid $pid), not ready"; return 1
  fi
  log "not running"; return 3
}

admin_token() {
  curl -fsS --max-time 30 "$BASE_URL/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=$KC_BOOTSTRAP_ADMIN_USERNAME" \
    --data-urlencode "password=$KC_BOOTSTRAP_ADMIN_PASSWORD" | jq -er .access_token
}

# api METHOD PATH [curl args...]: call the admin REST API, print the body, fail on HTTP errors.
api() {
  local method="$1" path="$2"; shift 2
  curl -fsS --max-time 60 -X "$method" "$BASE_URL/admin$path" \
    -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" "$@"
}

cmd_setup() {
  local recreate=0 realm exists profile
  [ "${1:-}" = --recreate ] && recreate=1
  need curl; need jq
  ready || die "Keycloak is not ready at $READY_URL (run: scripts/keycloak.sh start)"
  realm="$(jq -r .realm "$REALM_FILE")"
  TOKEN="$(admin_token)" || die "could not log in as $KC_BOOTSTRAP_ADMIN_USERNAME on the master realm"
  exists=0
  api GET "/realms/$realm" -o /dev/null 2>/dev/null && exists=1
  if [ "$exists" = 1 ] && [ "$recreate" = 1 ]; then
    log "deleting realm $realm"
    api DELETE "/realms/$realm"
    exists=0
  fi
  if [ "$exists" = 0 ]; then
    log "creating realm $realm from ${REALM_FILE#"$REPO_ROOT"/}"
    jq --arg id "$E2E_CLIENT_ID" --arg s "$KEYCLOAK_E2E_CLIENT_SECRET" \
      '.clients |= map(if .clientId == $id then .secret = $s else . end)' "$REALM_FILE" |
      api POST /realms --data-binary @-
  else
    log "realm $realm exists; updating user profile and users only (use --recreate to start over)"
  fi
  # Declare the custom user attributes (Keycloak 24+ drops undeclared ones), then import the users.
  profile="$(api GET "/realms/$realm/users/profile")"
  jq --slurpfile add "$REALM_DIR/user-profile-attributes.json" '
      .attributes as $have
      | .attributes += [ $add[0][] | select(.name as $n | ($have | map(.name) | index($n)) | not) ]' \
    <<<"$profile" | api PUT "/realms/$realm/users/profile" --data-binary @- -o /dev/null
  api POST "/realms/$realm/partialImport" --data-binary @"$REALM_DIR/users.json" |
    jq -r '"users: \(.added) added, \(.overwritten) overwritten, \(.skipped) skipped"' >&2
  log "realm $realm ready"
}

case "${1:-}" in
  install) keycloak_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  setup) shift; cmd_setup "$@" ;;
  up) cmd_start; cmd_setup ;;
  *) sed -n '2,18p' "$0"; exit 2 ;;
esac
