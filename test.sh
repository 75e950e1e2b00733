#!/usr/bin/env bash
# Runs every test of Sluice. Usage: ./test.sh [extra dotnet test args, e.g. --filter Name~Planner]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Sluice.sln -c Debug --nologo -v q -clp:ErrorsOnly
status=0
for project in tests/*/*.csproj; do
  echo "== $(basename "$project" .csproj)"
  dotnet test "$project" -c Debug --no-build --nologo -v q --logger "console;verbosity=minimal" "$@" || status=1
done
exit $status
