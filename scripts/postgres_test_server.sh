#!/usr/bin/env bash
# A throwaway PostgreSQL for the EnginePostgres tests.
#
#   scripts/postgres_test_server.sh start DIR    # prints `export MQA_TEST_POSTGRES_URL=...` (also in DIR/env)
#   scripts/postgres_test_server.sh restart DIR  # same port, same options (tests restart it under load)
#   scripts/postgres_test_server.sh stop DIR
#
# Runs as root: PostgreSQL refuses root, so the server runs as `postgres` on a directory it owns.
# Every host connection needs a SCRAM password, so a wrong password is really refused. The role
# `mqa` owns database `mqa` and may create databases (each test makes its own).
set -euo pipefail

usage() { echo "usage: $0 start|stop|restart DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$2

pg_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        apt-get update >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
        bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$bin"
}

as_postgres() { runuser -u postgres -- "$@"; }

random_secret() { head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        # Nothing answers there: bash's /dev/tcp connect fails.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "no free port found" >&2
    exit 1
}

start() {
    local bin port superuser_password password
    bin=$(pg_bin)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ -e "$dir/data" ]; then
        echo "$dir/data already exists; stop and remove it first" >&2
        exit 1
    fi
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
    port=$(free_port)
    superuser_password=$(random_secret)
    password=$(random_secret)

    (umask 077 && printf '%s\n' "$superuser_password" > "$dir/superuser_password")
    chown postgres:postgres "$dir/superuser_password"
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 \
        --pwfile="$dir/superuser_password" --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1
    cat > "$dir/data/pg_hba.conf" <<'EOF'
local all all scram-sha-256
host  all all 127.0.0.1/32 scram-sha-256
host  all all ::1/128 scram-sha-256
EOF
    # max_connections: every store keeps a pool plus a listener, and tests open many stores at once.
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400" start >/dev/null

    PGPASSWORD=$superuser_password "$bin/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -c "CREATE ROLE mqa LOGIN CREATEDB PASSWORD '$password'" \
        -c "CREATE DATABASE mqa OWNER mqa" >/dev/null

    echo "$port" > "$dir/port"
    local line="export MQA_TEST_POSTGRES_URL=postgres://mqa:$password@127.0.0.1:$port/mqa"
    (umask 077 && echo "$line" > "$dir/env")
    echo "$line"
}

stop() {
    local bin
    bin=$(pg_bin)
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
}

restart() {
    local bin
    bin=$(pg_bin)
    # pg_ctl restart reuses the options of the last start (postmaster.opts): same port, same socket.
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
}

case "$command" in
    start) start ;;
    stop) stop ;;
    restart) restart ;;
    *) usage ;;
esac
