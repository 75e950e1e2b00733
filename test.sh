#!/usr/bin/env bash
# Runs every test of Sluice. Usage: ./test.sh [extra dotnet test args, e.g. --filter Name~Planner]
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
dotnet build Sluice.sln -c Debug --nologo -v q -clp:ErrorsOnly
status=0
for project in tests/*/*.csproj; do
  echo "== $(basename "$project" .csproj)"
  dotnet test "$project" -c Debug --no-build --nologo -v q --logger "console;verbosity=minimal" "$@" || status=1
done
exit $status
