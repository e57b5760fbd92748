# Sourced by test.sh, bench.sh and cluster.sh: makes sure the server binaries the fixtures start are installed
# (redis-server and the PostgreSQL 15 server, from apt) and that the postgres user exists; with "browser" as a
# second argument also Debian's chromium, which the registry-page test drives through Playwright (never a
# downloaded browser). Starts nothing: the fixtures start their own servers on free loopback ports.
ensure_servers() {
  local caller=$1 extra=${2:-} missing=()
  # CHIMERA_REDIS_SERVER and CHIMERA_PG_BINDIR point the fixtures at other binaries (tests/Chimera.Testing): then
  # those are checked, never installed over.
  if [ -n "${CHIMERA_REDIS_SERVER:-}" ]; then
    [ -x "$CHIMERA_REDIS_SERVER" ] || { echo "$caller: CHIMERA_REDIS_SERVER=$CHIMERA_REDIS_SERVER is not an executable" >&2; exit 1; }
  else
    [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  fi
  if [ -n "${CHIMERA_PG_BINDIR:-}" ]; then
    [ -x "$CHIMERA_PG_BINDIR/initdb" ] || { echo "$caller: CHIMERA_PG_BINDIR=$CHIMERA_PG_BINDIR has no executable initdb" >&2; exit 1; }
  else
    [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
  fi
  if [ "$extra" = browser ]; then
    [ -x /usr/bin/chromium ] || missing+=(chromium)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "$caller: installing ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
      echo "$caller: ${missing[*]} missing and not root; install them (apt-get install ${missing[*]}) and re-run" >&2
      exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  id postgres >/dev/null 2>&1 || { echo "$caller: the postgres user is missing (the postgresql package creates it)" >&2; exit 1; }
}
