#!/usr/bin/env bash
# Throw-away PostgreSQL and Redis on 127.0.0.1 for the scale-out relay tests
# (test/integration/scaleout-*.test.ts). Nothing here is fit for production: no passwords
# (trust on loopback), fsync off, Redis without persistence.
#
#   eval "$(sync-server/scripts/test-services.sh start)"   # prints the two export lines
#   npx vitest run --project integration test/integration/scaleout
#   sync-server/scripts/test-services.sh stop
#
# Needs Debian's `postgresql` and `redis-server` packages (or initdb/pg_ctl and redis-server on
# PATH). Run as root, PostgreSQL is run as the `postgres` user. Settings (env):
#   BATON_TEST_SERVICES_DIR  state directory   (default ${TMPDIR:-/tmp}/baton-test-services-$UID)
#   BATON_TEST_PG_PORT       PostgreSQL port   (default 55432)
#   BATON_TEST_REDIS_PORT    Redis port        (default 56379)
# Progress goes to stderr; `start` prints only the exports on stdout. `env` prints them again.
set -euo pipefail

DIR="${BATON_TEST_SERVICES_DIR:-${TMPDIR:-/tmp}/baton-test-services-$(id -u)}"
PG_PORT="${BATON_TEST_PG_PORT:-55432}"
REDIS_PORT="${BATON_TEST_REDIS_PORT:-56379}"
PG_USER=baton
PG_DB=baton_test
PGDATA="$DIR/pg"

say() { echo "test-services: $*" >&2; }
die() { say "$*"; exit 1; }

pg_bin() {
  # The directory holding the real binaries (initdb may be a symlink on PATH).
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$bin" ] && [ -x "$bin/initdb" ] || die "PostgreSQL not found (apt-get install postgresql)"
  echo "$bin"
}

# PostgreSQL refuses to run as root: run its tools as `postgres` then.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

print_env() {
  echo "export BATON_TEST_DATABASE_URL=postgres://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB"
  echo "export BATON_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
}

start_pg() {
  local bin
  bin=$(pg_bin)
  if [ -f "$PGDATA/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    say "PostgreSQL already running on 127.0.0.1:$PG_PORT"
    return
  fi
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$PGDATA"
    chmod 700 "$PGDATA"
    as_pg "$bin/initdb" -D "$PGDATA" -U "$PG_USER" --auth=trust -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
  fi
  # Socket in the data dir (no /var/run/postgresql needed); TCP on loopback only.
  as_pg "$bin/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PGDATA -c fsync=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$PGDATA/server.log" >&2; die "PostgreSQL did not start"; }
  if ! as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
  fi
  say "PostgreSQL on 127.0.0.1:$PG_PORT (data $PGDATA)"
}

start_redis() {
  command -v redis-server >/dev/null 2>&1 || die "redis-server not found (apt-get install redis-server)"
  if [ -f "$DIR/redis.pid" ] && kill -0 "$(cat "$DIR/redis.pid")" 2>/dev/null; then
    say "Redis already running on 127.0.0.1:$REDIS_PORT"
    return
  fi
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$DIR" --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" >/dev/null
  for _ in $(seq 1 100); do
    if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
      say "Redis on 127.0.0.1:$REDIS_PORT"
      return
    fi
    sleep 0.1
  done
  cat "$DIR/redis.log" >&2 || true
  die "Redis did not start"
}

stop_all() {
  if [ -f "$PGDATA/postmaster.pid" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || say "PostgreSQL was not running"
  fi
  if [ -f "$DIR/redis.pid" ]; then
    local pid
    pid=$(cat "$DIR/redis.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
  rm -rf "$DIR"
  say "stopped"
}

case "${1:-}" in
  start)
    mkdir -p "$DIR"
    chmod 755 "$DIR"
    start_pg
    start_redis
    print_env
    ;;
  stop) stop_all ;;
  env) print_env ;;
  *)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
