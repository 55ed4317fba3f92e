#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster from the machine's own binaries, for tests.
#   scripts/pg-throwaway.sh start   -> starts it and prints the export lines (eval "$(scripts/pg-throwaway.sh start)")
#   scripts/pg-throwaway.sh stop    -> stops it and removes its directory
# Port: QUANYUN_PG_PORT (default 55432). State file: target/pg-throwaway.env
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${QUANYUN_PG_PORT:-55432}"
STATE=target/pg-throwaway.env
PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)}"
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  PGBIN=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
fi

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    [ -x "$PGBIN/initdb" ] || { echo "PostgreSQL 15 binaries not found (set PGBIN)" >&2; exit 1; }
    mkdir -p target
    DIR=$(mktemp -d /tmp/quanyun-pg.XXXXXX)
    if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$DIR"; fi
    as_pg "$PGBIN/initdb" -D "$DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
      -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    psql -h 127.0.0.1 -p "$PORT" -U postgres -qc "create user quanyun with password 'quanyun-test' superuser" >/dev/null
    psql -h 127.0.0.1 -p "$PORT" -U postgres -qc "create database quanyun_test owner quanyun" >/dev/null
    cat > "$STATE" <<ENV
PG_THROWAWAY_DIR=$DIR
export QUANYUN_DB_URL=jdbc:postgresql://127.0.0.1:$PORT/quanyun_test
export QUANYUN_DB_USER=quanyun
export QUANYUN_DB_PASSWORD=quanyun-test
ENV
    grep '^export' "$STATE"
    ;;
  stop)
    [ -f "$STATE" ] || exit 0
    DIR=$(grep '^PG_THROWAWAY_DIR=' "$STATE" | cut -d= -f2)
    as_pg "$PGBIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR" "$STATE"
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
