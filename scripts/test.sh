#!/usr/bin/env bash
# Runs every Chimera test on a bare Debian 12 machine: installs what the tests need (redis-server from
# apt, the PostgreSQL 15 server and Debian's chromium if absent; afl++ and the sharpfuzz tool via fuzz.sh), builds
# with warnings as errors, runs all test projects, then a bounded fuzzing pass (CHIMERA_FUZZ_SECONDS per target,
# default 30; each target counts as one test). The test fixtures start their own redis-server and PostgreSQL (as
# the postgres user) on free loopback ports and stop them afterwards; nothing here leaves a server running.
#
# --fast runs only the unit tier (tests tagged Category=unit: no server, no silo, no child process) of
# tests/Chimera.Tests, without installing anything and without the fuzzing pass: the inner loop, not the gate.
set -euo pipefail
cd "$(dirname "$0")/.."

fast=false
for arg in "$@"; do
  case "$arg" in
    --fast) fast=true ;;
    *) echo "test.sh: unknown argument '$arg' (only --fast)" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
fuzz_status=0
if $fast; then
  dotnet build tests/Chimera.Tests -c Release -warnaserror -nologo -v quiet
  dotnet test tests/Chimera.Tests -c Release --no-build --nologo --filter "Category=unit" --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?
else
  # shellcheck source=lib/ensure-servers.sh
  source scripts/lib/ensure-servers.sh
  ensure_servers test.sh browser

  dotnet build Chimera.sln -c Release -warnaserror -nologo -v quiet
  dotnet test Chimera.sln -c Release --no-build --nologo --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

  # The bounded fuzzing pass (spec §8.6): the corpus replay already ran above as tests; this looks for new findings.
  bash scripts/fuzz.sh "${CHIMERA_FUZZ_SECONDS:-30}" --no-save 2>&1 | tee -a "$log" || fuzz_status=$?
fi

# One closing line for every runner's results: "N passed, N failed".
count() { { grep -oE "^ +$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(( $(count Passed) + $(grep -c '^fuzz: .*: passed' "$log" || true) ))
failed=$(( $(count Failed) + $(grep -c '^fuzz: .*: FAILED' "$log" || true) ))
skipped=$(count Skipped)
if [ "$fuzz_status" -ne 0 ] && [ "$(grep -c '^fuzz: .*: FAILED' "$log" || true)" -eq 0 ]; then
  failed=$((failed + 1)) # fuzz.sh itself failed (install, build): count it, never pass silently
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$skipped" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
