#!/usr/bin/env bash
# Runs every test of Sluice. Usage: ./test.sh [extra dotnet test args, e.g. --filter Name~Planner]
# The PostgreSQL store tests need a cluster: unless SLUICE_TEST_POSTGRES names one (a connection string to a
# superuser), a throwaway cluster is started here (scripts/postgres.sh) and stopped at exit, even on failure.
# SLUICE_TEST_POSTGRES=off builds the tests without the PostgreSQL ones.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The dashboard's browser tests drive Debian's Chromium; Playwright must never download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium (Debian package) for tests/Sluice.Browser.Tests"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

pg_dir=""
pg_start=""
stop_postgres() {
  if [[ -n $pg_start ]]; then
    wait "$pg_start" 2>/dev/null || true
  fi
  if [[ -n $pg_dir ]]; then
    scripts/postgres.sh stop "$pg_dir" || true
  fi
}
trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -z ${SLUICE_TEST_POSTGRES:-} ]]; then
  # Started in the background: initdb runs while the solution builds.
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/sluice-test-postgres.XXXXXX")
  scripts/postgres.sh start "$pg_dir" >/dev/null &
  pg_start=$!
fi

dotnet build Sluice.sln -c Debug --nologo -v q -clp:ErrorsOnly

if [[ -n $pg_start ]]; then
  if ! wait "$pg_start"; then
    pg_start=""
    echo "test.sh: could not start the PostgreSQL test cluster (scripts/postgres.sh start)" >&2
    exit 1
  fi
  pg_start=""
  SLUICE_TEST_POSTGRES=$(scripts/postgres.sh url "$pg_dir")
  export SLUICE_TEST_POSTGRES
fi

status=0
for project in tests/*/*.csproj; do
  echo "== $(basename "$project" .csproj)"
  dotnet test "$project" -c Debug --no-build --nologo -v q --logger "console;verbosity=minimal" "$@" || status=1
done
exit $status
