# shellcheck shell=bash
# Small helpers shared by scripts/test, scripts/bench and scripts/pg-cluster.
# Sourced, not run: it sets no shell options of its own.

log() { printf '\n==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Install the named Debian packages, but only those not installed yet, so a
# warm machine pays nothing and never touches the network.
ensure_apt_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    # The package lists may be stale or absent on a fresh machine; refresh once.
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Print the first TCP port from $1 upwards (at most 200 tries) that can be
# bound on 127.0.0.1. Binding (not connecting) is the real test of "free".
free_port() {
    local port=$1 last=$(( $1 + 200 ))
    while [ "$port" -lt "$last" ]; do
        if python3 - "$port" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", int(sys.argv[1])))
s.close()
PY
        then
            echo "$port"
            return 0
        fi
        port=$((port + 1))
    done
    die "no free port in $1..$last"
}

# wait_http URL SECONDS [PID]: poll URL until it answers 2xx. Gives up after
# SECONDS, or at once when PID (the server) has died.
wait_http() {
    local url=$1 limit=$2 pid=${3:-} deadline=$((SECONDS + $2))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            warn "process $pid exited before $url answered"
            return 1
        fi
        curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
        sleep 0.5
    done
    warn "$url did not answer within ${limit}s"
    return 1
}

# stop_pid PID: TERM the one process we started, wait up to 10 s, then KILL.
stop_pid() {
    local pid=$1
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        warn "process $pid ignored SIGTERM; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}
