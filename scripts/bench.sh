#!/usr/bin/env bash
# Runs Chimera's benchmarks (bench/Chimera.Bench) in Release against baselines measured in the same run and
# prints one table. Usage:
#   bash scripts/bench.sh [--quick] [--only gate,ingest,routing,stale,memory,audit] [--json FILE] [--profile DIR]
# Installs what it needs if missing, like scripts/test.sh: redis-server and the PostgreSQL 15 server (apt), and
# etcd-server (apt) for the etcd peer of the ingest benchmark. With --profile DIR it also installs dotnet-counters and
# dotnet-trace as dotnet tools into DIR/tools and attaches them to the production-profile ingest run (counters CSV,
# sampled thread-time trace and its top methods in DIR). The benchmark starts its own redis-server, PostgreSQL and
# etcd on free loopback ports with temporary data directories and stops them. `--quick` is a zero-loss check (it
# asserts counts, never speed; exit 1 when something was lost or left pending). Not part of CI: scripts/test.sh only
# builds the bench.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/ensure-servers.sh
source scripts/lib/ensure-servers.sh
ensure_servers bench.sh

if [ ! -x /usr/bin/etcd ]; then
  echo "bench.sh: installing etcd-server (the etcd peer of the ingest benchmark)"
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench.sh: etcd-server missing and not root; install it (apt-get install etcd-server) and re-run" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >/dev/null
  # Debian's package may start its own etcd service on the default ports; the bench needs none of it.
  if command -v systemctl >/dev/null 2>&1; then systemctl stop etcd >/dev/null 2>&1 || true; fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
profile_dir=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = "--profile" ] && [ $((i + 1)) -lt ${#args[@]} ]; then profile_dir=${args[$((i + 1))]}; fi
done
if [ -n "$profile_dir" ]; then
  mkdir -p "$profile_dir/tools"
  for tool in dotnet-counters dotnet-trace; do
    [ -x "$profile_dir/tools/$tool" ] || dotnet tool install --tool-path "$profile_dir/tools" "$tool" >/dev/null
  done
  export CHIMERA_BENCH_TOOLS="$profile_dir/tools"
fi

dotnet build bench/Chimera.Bench/Chimera.Bench.csproj -c Release -warnaserror -nologo -v quiet
exec dotnet bench/Chimera.Bench/bin/Release/net10.0/Chimera.Bench.dll "$@"
