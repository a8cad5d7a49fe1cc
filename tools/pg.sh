#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS 3 cluster for development and CI, under .pg/ in the checkout.
#
#   bash tools/pg.sh start    # init (first time), start, create the test database with postgis
#   bash tools/pg.sh stop     # stop the cluster (the data stays in .pg/ until `rm -rf .pg`)
#   bash tools/pg.sh status   # exit 0 when the server answers
#   eval "$(bash tools/pg.sh env)"   # ECOZONING_PG_* variables the tests read
#
# The server listens on 127.0.0.1 and on a unix socket in .pg/. The socket trusts the local
# user; TCP asks for the role's password (kept in .pg/password, mode 600), so the tests can
# prove that a password given through QGIS's authentication manager stays out of projects and
# logs. The port comes from ECOZONING_PG_PORT, else from the checkout path (one port per
# worktree). As root (CI) the cluster runs as the `postgres` system user via runuser.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PGDIR="${ECOZONING_PG_DIR:-$ROOT/.pg}"
DATA="$PGDIR/data"
LOG="$PGDIR/server.log"
BIN="${ECOZONING_PG_BIN:-/usr/lib/postgresql/15/bin}"
PORT="${ECOZONING_PG_PORT:-$((54000 + $(printf '%s' "$ROOT" | cksum | cut -d' ' -f1) % 1000))}"
DB="${ECOZONING_PG_DB:-ecozoning_test}"
SUPERUSER=ecozoning

if [ "$(id -u)" -eq 0 ]; then
    RUNAS=(runuser -u postgres --)
else
    RUNAS=()
fi
run() { "${RUNAS[@]}" "$@"; }

fail() {
    echo "pg.sh: $*" >&2
    exit 1
}

status() {
    [ -f "$DATA/PG_VERSION" ] && run "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 \
        && run "$BIN/pg_isready" -q -h "$PGDIR" -p "$PORT"
}

init() {
    [ -x "$BIN/initdb" ] || fail "PostgreSQL 15 is not installed ($BIN/initdb missing): run make setup"
    [ -f /usr/share/postgresql/15/extension/postgis.control ] \
        || fail "PostGIS 3 for PostgreSQL 15 is not installed: run make setup"
    mkdir -p "$PGDIR"
    chmod 700 "$PGDIR"
    [ ${#RUNAS[@]} -eq 0 ] || chown postgres: "$PGDIR"
    # the postgres user must reach the folder through the checkout's parents
    [ ${#RUNAS[@]} -eq 0 ] || run test -x "$PGDIR" || fail "user postgres cannot reach $PGDIR"
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$PGDIR/password"
    chmod 600 "$PGDIR/password"
    [ ${#RUNAS[@]} -eq 0 ] || chown postgres: "$PGDIR/password"
    run "$BIN/initdb" -D "$DATA" -U "$SUPERUSER" -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 --pwfile="$PGDIR/password" >"$PGDIR/initdb.log" \
        || fail "initdb failed, see $PGDIR/initdb.log"
}

start() {
    status && return 0
    [ -f "$DATA/PG_VERSION" ] || init
    run "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start \
        -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
        >/dev/null || fail "the server did not start, see $LOG"
    if ! run "$BIN/psql" -h "$PGDIR" -p "$PORT" -U "$SUPERUSER" -d postgres -tAq \
        -c "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
        run "$BIN/createdb" -h "$PGDIR" -p "$PORT" -U "$SUPERUSER" "$DB"
    fi
    run "$BIN/psql" -h "$PGDIR" -p "$PORT" -U "$SUPERUSER" -d "$DB" -qX -v ON_ERROR_STOP=1 \
        -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null || fail "cannot create the postgis extension"
    echo "pg.sh: PostGIS test server on 127.0.0.1:$PORT, database $DB"
}

stop() {
    [ -f "$DATA/PG_VERSION" ] || return 0
    run "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
}

env_vars() {
    echo "export ECOZONING_PG_HOST=127.0.0.1"
    echo "export ECOZONING_PG_SOCKET_DIR=$PGDIR"
    echo "export ECOZONING_PG_PORT=$PORT"
    echo "export ECOZONING_PG_DB=$DB"
    echo "export ECOZONING_PG_USER=$SUPERUSER"
    echo "export ECOZONING_PG_PASSWORD_FILE=$PGDIR/password"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    env) env_vars ;;
    *) fail "usage: tools/pg.sh start|stop|status|env" ;;
esac
