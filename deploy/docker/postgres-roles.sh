#!/bin/sh
# The postgres-roles service: once PostgreSQL answers, runs deploy/postgres/roles.sql (mounted at /etc/ratelimiter)
# as the superuser, at every `docker compose up`, so roles, grants and passwords follow .env. Exits when done; the
# apps start only after it succeeded.
set -eu
export PGPASSWORD="$POSTGRES_PASSWORD"
exec psql --host=postgres --username=postgres --dbname="$POSTGRES_DB" --quiet --no-psqlrc -v ON_ERROR_STOP=1 \
  -v shortener_owner_password="$SHORTENER_DB_OWNER_PASSWORD" -v shortener_password="$SHORTENER_DB_PASSWORD" \
  -v console_owner_password="$CONSOLE_DB_OWNER_PASSWORD" -v console_password="$CONSOLE_DB_PASSWORD" \
  -f /etc/ratelimiter/roles.sql
