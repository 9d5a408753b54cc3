#!/usr/bin/env bash
# The official postgres image's start-up contract, for Debian's server. On an empty PGDATA: a cluster whose
# superuser is POSTGRES_USER (default postgres) with POSTGRES_PASSWORD, password authentication for every TCP client
# (POSTGRES_HOST_AUTH_METHOD, default scram-sha-256), the database POSTGRES_DB (default: the user's name), then
# /docker-entrypoint-initdb.d in name order (*.sh run, or sourced when not executable; *.sql and *.sql.gz through
# psql) against a server that listens on its socket only. That server logs "ready to accept connections" once, the
# real one again, as the official image's do. A PGDATA that holds a cluster is started as it is.
set -Eeo pipefail

# VAR [DEFAULT]: VAR from the environment, else from the file VAR_FILE names (Docker secrets), else DEFAULT.
file_env() {
    local var=$1 file_var="$1_FILE" default=${2:-}
    if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
        echo "error: both $var and $file_var are set; set one" >&2
        exit 1
    fi
    local value=$default
    if [ -n "${!var:-}" ]; then
        value=${!var}
    elif [ -n "${!file_var:-}" ]; then
        value=$(< "${!file_var}")
    fi
    export "$var=$value"
    unset "$file_var"
}

# Runs SQL from standard input or psql's arguments as POSTGRES_USER; init scripts that are sourced may call it.
docker_process_sql() {
    local database=${POSTGRES_DB}
    if [ -n "${DOCKER_PSQL_DATABASE:-}" ]; then
        database=$DOCKER_PSQL_DATABASE
    fi
    PGHOST='' PGHOSTADDR='' psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc \
        --dbname "$database" "$@"
}

if [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
    exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    chmod 3777 /var/run/postgresql
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

file_env POSTGRES_PASSWORD
file_env POSTGRES_USER postgres
file_env POSTGRES_DB "$POSTGRES_USER"
file_env POSTGRES_INITDB_ARGS
auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != trust ]; then
        echo "error: the database is uninitialized and POSTGRES_PASSWORD is empty; set it (or POSTGRES_HOST_AUTH_METHOD=trust to allow every client without one)" >&2
        exit 1
    fi
    # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of options, as the official image takes it
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS
    printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"

    export PGPASSWORD=${PGPASSWORD:-$POSTGRES_PASSWORD}
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start
    if [ "$POSTGRES_DB" != postgres ]; then
        DOCKER_PSQL_DATABASE=postgres docker_process_sql --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
    for file in /docker-entrypoint-initdb.d/*; do
        case "$file" in
            *.sh)
                echo "$0: running $file"
                # shellcheck source=/dev/null
                if [ -x "$file" ]; then "$file"; else . "$file"; fi
                ;;
            *.sql) echo "$0: running $file"; docker_process_sql -f "$file" ;;
            *.sql.gz) echo "$0: running $file"; gunzip -c "$file" | docker_process_sql ;;
            "/docker-entrypoint-initdb.d/*") ;;
            *) echo "$0: ignoring $file" ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    unset PGPASSWORD
    echo 'PostgreSQL init process complete; ready for start up.'
fi

exec "$@"
