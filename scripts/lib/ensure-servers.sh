# Sourced by test.sh, bench.sh and cluster.sh: makes sure the server binaries the fixtures start are installed
# (redis-server and the PostgreSQL 15 server, from apt) and that the postgres user exists; with "browser" as a
# second argument also Debian's chromium, which the registry-page test drives through Playwright (never a
# downloaded browser). Starts nothing: the fixtures start their own servers on free loopback ports.
ensure_servers() {
  local caller=$1 extra=${2:-} missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
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
