#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, on 127.0.0.1 with trust auth and no fsync (fast, not durable).
#
#   scripts/postgres.sh start [DIR]   initdb + pg_ctl start under DIR, print the connection string
#   scripts/postgres.sh url   [DIR]   print the connection string of the cluster under DIR
#   scripts/postgres.sh stop  [DIR]   stop the cluster and delete DIR
#
# DIR defaults to $SLUICE_POSTGRES_DIR, else ${TMPDIR:-/tmp}/sluice-postgres. Binaries: $PG_BIN, else
# /usr/lib/postgresql/15/bin, else the newest /usr/lib/postgresql/*/bin; when none is there (a fresh CI machine)
# and we are root, postgresql-15 (or postgresql) is installed with apt-get. PostgreSQL refuses to run as root:
# as root the server runs as the `postgres` user (runuser), otherwise as the current user.
# Only the connection string goes to stdout; progress and errors go to stderr.
set -euo pipefail

usage() { echo "usage: $0 start|url|stop [DIR]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
command=$1
dir=${2:-${SLUICE_POSTGRES_DIR:-${TMPDIR:-/tmp}/sluice-postgres}}
log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local candidate
  for candidate in "${PG_BIN:-}" /usr/lib/postgresql/15/bin; do
    [[ -n $candidate && -x $candidate/initdb ]] && { echo "$candidate"; return 0; }
  done
  candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n $candidate && -x $candidate/initdb ]] && { echo "$candidate"; return 0; }
  return 1
}

install_postgres() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    log "PostgreSQL binaries not found (looked in \$PG_BIN and /usr/lib/postgresql/*/bin); install postgresql-15"
    exit 1
  fi
  log "installing postgresql-15 with apt-get"
  # The package would otherwise create and start a system cluster on port 5432 that nobody here wants.
  if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
    mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # confold: keep the createcluster.conf written above when the package brings its own.
  local options=(-y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  apt-get install "${options[@]}" postgresql-15 >&2 || apt-get install "${options[@]}" postgresql >&2
}

# Runs a PostgreSQL program as the user that owns the cluster.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A free port on 127.0.0.1: the kernel's pick through python3, else probing random ports with bash's /dev/tcp.
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' && return 0
  fi
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  log "no free port found"
  return 1
}

start() {
  if [[ -f $dir/url ]] && [[ -f $dir/data/postmaster.pid ]]; then
    log "a cluster is already running under $dir"
    cat "$dir/url"
    return 0
  fi
  local bin
  bin=$(find_bin) || { install_postgres; bin=$(find_bin) || { log "PostgreSQL binaries still missing after install"; exit 1; }; }
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi

  mkdir -p "$dir"
  rm -rf "$dir/data"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
  fi
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; log "initdb failed"; exit 1; }
  # Only TCP on 127.0.0.1 and a socket inside DIR (never /var/run/postgresql), trusted: nothing else can reach it.
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_owner tee "$dir/data/pg_hba.conf" >/dev/null

  local port attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir' -c max_connections=300 \
       -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
      break
    fi
    # Most likely the port was taken between the probe and the start; try another one.
    log "start on port $port failed (attempt $attempt):"
    tail -n 5 "$dir/postgres.log" >&2 || true
    if [[ $attempt -eq 3 ]]; then
      exit 1
    fi
  done
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30 || { log "server on port $port is not accepting connections"; exit 1; }

  local url="postgres://postgres@127.0.0.1:$port/postgres"
  echo "$url" > "$dir/url"
  echo "$bin" > "$dir/bin"
  log "cluster running under $dir on 127.0.0.1:$port"
  echo "$url"
}

stop() {
  if [[ -f $dir/data/postmaster.pid ]]; then
    local bin
    bin=$(cat "$dir/bin" 2>/dev/null || find_bin)
    # immediate: the data is thrown away anyway, no need for a shutdown checkpoint.
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || log "pg_ctl stop failed; removing $dir anyway"
  fi
  rm -rf "$dir"
}

case $command in
  start) start ;;
  url) [[ -f $dir/url ]] && cat "$dir/url" || { log "no cluster under $dir"; exit 1; } ;;
  stop) stop ;;
  *) usage ;;
esac
