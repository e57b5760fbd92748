#!/usr/bin/env bash
# Runs Chimera's benchmarks (bench/Chimera.Bench) in Release against baselines measured in the same run and
# prints one table. Usage: bash scripts/bench.sh [--quick] [--only gate,ingest,routing,stale,memory,audit]
# Installs only redis-server (apt) if missing, like scripts/test.sh; the audit benchmark needs the PostgreSQL 15
# server binaries (installed by test.sh; installed here too if missing). The benchmark starts its own
# redis-server and PostgreSQL on free loopback ports and stops them. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/ensure-servers.sh
source scripts/lib/ensure-servers.sh
ensure_servers bench.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/Chimera.Bench/Chimera.Bench.csproj -c Release -warnaserror -nologo -v quiet
exec dotnet bench/Chimera.Bench/bin/Release/net10.0/Chimera.Bench.dll "$@"
