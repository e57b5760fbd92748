#!/usr/bin/env bash
# Runs every Chimera test on a bare Debian 12 machine: installs what the tests need (redis-server from
# apt, the PostgreSQL 15 server and Debian's chromium if absent), builds with warnings as errors, and runs all test projects.
# The test fixtures start their own redis-server and PostgreSQL (as the postgres user) on free loopback
# ports and stop them afterwards; nothing here leaves a server running.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/ensure-servers.sh
source scripts/lib/ensure-servers.sh
ensure_servers test.sh browser

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Chimera.sln -c Release -warnaserror -nologo -v quiet

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Chimera.sln -c Release --no-build --nologo --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# One closing line for every runner's results: "N passed, N failed".
count() { { grep -oE "^ +$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$skipped" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
