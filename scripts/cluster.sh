#!/usr/bin/env bash
# A local Chimera cluster on one machine: PostgreSQL (membership, state, reminders, audit), Redis (status
# streams) and N silos on PostgreSQL membership. Everything runs as your processes under one state folder.
#
#   bash scripts/cluster.sh up N      start (or restart) PostgreSQL, Redis and N silos; wait until each is ready
#   bash scripts/cluster.sh status    each silo's process and /health/ready, and the membership table
#   bash scripts/cluster.sh down      stop the silos (SIGTERM, so they leave the cluster), Redis and PostgreSQL
#
# Environment: CHIMERA_CLUSTER_DIR (state folder, default /tmp/chimera-cluster; data survives down/up),
# CHIMERA_CLUSTER_PORT_OFFSET (added to every port, default 0). Ports: PostgreSQL 5433, Redis 6380,
# silo i (0-based): silo port 11111+i, gateway 30000+i, HTTP 8080+i. The adapter key's secret is generated once
# into $CHIMERA_CLUSTER_DIR/adapter.secret and handed to the silos as a file, never on a command line.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${CHIMERA_CLUSTER_DIR:-/tmp/chimera-cluster}
offset=${CHIMERA_CLUSTER_PORT_OFFSET:-0}
pg_port=$((5433 + offset))
redis_port=$((6380 + offset))
pg_bin=/usr/lib/postgresql/15/bin
postgres_cs="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=chimera"
silo_dll=Chimera.Silo/bin/Release/net10.0/Chimera.Silo.dll

usage() { echo "usage: bash scripts/cluster.sh up N | status | down" >&2; exit 2; }

silo_pids() { ls "$dir"/silo-*.pid 2>/dev/null || true; }

pg_ctl_as_postgres() { runuser -u postgres -- "$pg_bin/pg_ctl" "$@"; }

start_postgres() {
  mkdir -p "$dir"
  chmod 755 "$dir"
  if [ ! -d "$dir/pg/data" ]; then
    mkdir -p "$dir/pg" && chown postgres "$dir/pg"
    runuser -u postgres -- "$pg_bin/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! pg_ctl_as_postgres -D "$dir/pg/data" status >/dev/null 2>&1; then
    pg_ctl_as_postgres -D "$dir/pg/data" -l "$dir/pg/pg.log" -w start \
      -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1" >/dev/null
  fi
  echo "cluster: PostgreSQL on 127.0.0.1:$pg_port"
}

start_redis() {
  if [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
    echo "cluster: Redis already on 127.0.0.1:$redis_port"
    return
  fi
  mkdir -p "$dir/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --appendonly yes --save "" --dir "$dir/redis" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis/redis.log"
  for _ in $(seq 1 50); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "cluster: Redis on 127.0.0.1:$redis_port (AOF on)"
}

silo_environment() {
  # Everything a silo of this cluster needs, as environment (the secret as a file path).
  export DOTNET_ENVIRONMENT=Production
  export ConnectionStrings__Postgres="$postgres_cs"
  export ConnectionStrings__Redis="127.0.0.1:$redis_port"
  export Chimera__Provenance__Adapters__0__AdapterId=adapter-local
  export Chimera__Provenance__Adapters__0__KeyId=k1
  export Chimera__Provenance__Adapters__0__SecretFile="$dir/adapter.secret"
  export Chimera__Provenance__Adapters__0__Influencers__0='*'
}

up() {
  local count=$1
  [[ "$count" =~ ^[1-9][0-9]?$ ]] || usage
  # shellcheck source=lib/ensure-servers.sh
  source scripts/lib/ensure-servers.sh
  ensure_servers cluster.sh
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  dotnet build Chimera.Silo -c Release -nologo -v quiet >/dev/null
  start_postgres
  start_redis
  if [ ! -s "$dir/adapter.secret" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 > "$dir/adapter.secret")
  fi
  silo_environment
  dotnet "$silo_dll" migrate
  for i in $(seq 0 $((count - 1))); do
    local pidfile="$dir/silo-$i.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "cluster: silo $i already running (pid $(cat "$pidfile"))"
      continue
    fi
    local http=$((8080 + i + offset))
    nohup dotnet "$silo_dll" \
      "--Chimera:SiloPort=$((11111 + i + offset))" "--Chimera:GatewayPort=$((30000 + i + offset))" \
      "--Chimera:Http:Urls=http://127.0.0.1:$http" >"$dir/silo-$i.log" 2>&1 &
    echo $! >"$pidfile"
  done
  for i in $(seq 0 $((count - 1))); do
    local http=$((8080 + i + offset)) ready=""
    for _ in $(seq 1 180); do
      if curl -fsS "http://127.0.0.1:$http/health/ready" >/dev/null 2>&1; then ready=yes; break; fi
      kill -0 "$(cat "$dir/silo-$i.pid")" 2>/dev/null || break
      sleep 0.5
    done
    if [ -z "$ready" ]; then
      echo "cluster: silo $i did not become ready; last lines of $dir/silo-$i.log:" >&2
      tail -n 20 "$dir/silo-$i.log" >&2
      exit 1
    fi
    echo "cluster: silo $i ready (gateway 127.0.0.1:$((30000 + i + offset)), http://127.0.0.1:$http/)"
  done
  cat <<INFO

The cluster is up. Use it with:
  export CHIMERA_POSTGRES="$postgres_cs"
  dotnet run --project Chimera.Cli -c Release -- --postgres "\$CHIMERA_POSTGRES" list
  dotnet run --project Chimera.Cli -c Release -- --gateway 127.0.0.1:$((30000 + offset)) watch
  (publishing needs the adapter key: --adapter-id adapter-local --key-id k1 --secret-file $dir/adapter.secret)
Logs: $dir/silo-*.log; stop with: bash scripts/cluster.sh down
INFO
}

status() {
  local any=""
  for pidfile in $(silo_pids); do
    any=yes
    local i pid http state
    i=$(basename "$pidfile" .pid); i=${i#silo-}
    pid=$(cat "$pidfile")
    http=$((8080 + i + offset))
    if kill -0 "$pid" 2>/dev/null; then
      state=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http/health/ready" || true)
      [ "$state" = 200 ] && state=ready || state="not ready (HTTP $state)"
      echo "silo $i: pid $pid, $state, http://127.0.0.1:$http/"
    else
      echo "silo $i: not running (pid $pid gone)"
    fi
  done
  [ -n "$any" ] || echo "no silos started from $dir"
  if pg_ctl_as_postgres -D "$dir/pg/data" status >/dev/null 2>&1; then
    echo "membership (orleans_membership):"
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -d chimera -c \
      "SELECT silo, silo_name, status, gateway_port, start_time, i_am_alive_time FROM orleans_membership_readable" 2>/dev/null \
      || echo "  (not migrated yet)"
  else
    echo "PostgreSQL: not running"
  fi
  if [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
    echo "Redis: running on 127.0.0.1:$redis_port"
  else
    echo "Redis: not running"
  fi
}

down() {
  for pidfile in $(silo_pids); do
    local pid
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$pidfile"
  done
  if [ -f "$dir/redis.pid" ]; then
    kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    rm -f "$dir/redis.pid"
  fi
  if [ -d "$dir/pg/data" ] && pg_ctl_as_postgres -D "$dir/pg/data" status >/dev/null 2>&1; then
    pg_ctl_as_postgres -D "$dir/pg/data" -m fast -w stop >/dev/null
  fi
  echo "cluster: stopped (data kept in $dir)"
}

case "${1:-}" in
  up) [ $# -eq 2 ] || usage; up "$2" ;;
  status) status ;;
  down) down ;;
  *) usage ;;
esac
