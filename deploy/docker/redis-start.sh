#!/bin/sh
# The Redis service's entrypoint: renders deploy/redis/users.acl.template (mounted at /etc/ratelimiter) with the
# SHA-256 of each password from the environment, then runs redis-server with it. Redis never sees a password in
# clear, and a changed password in .env takes effect at the container's next start. (deploy-checks runs this
# same script outside a container: the REDIS_ACL_* and REDIS_DATA_DIR variables say where its files are.)
set -eu
: "${REDIS_NODE_PASSWORD:?}" "${REDIS_CONSOLE_PASSWORD:?}" "${RATE_LIMITER_KEY_PREFIX:=rl}"

sha256() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

umask 077
sed -e "s/\${KEY_PREFIX}/$RATE_LIMITER_KEY_PREFIX/g" \
    -e "s/\${NODE_PASSWORD_SHA256}/$(sha256 "$REDIS_NODE_PASSWORD")/" \
    -e "s/\${CONSOLE_PASSWORD_SHA256}/$(sha256 "$REDIS_CONSOLE_PASSWORD")/" \
    "${REDIS_ACL_TEMPLATE:-/etc/ratelimiter/users.acl.template}" > "${REDIS_ACL_FILE:-/tmp/users.acl}"

# Append-only file, fsync once a second: policies and windows survive a restart, losing at most a second.
# Only keys with an expiry (clients' windows) may be evicted, never the policies operators set.
exec redis-server --dir "${REDIS_DATA_DIR:-/data}" --aclfile "${REDIS_ACL_FILE:-/tmp/users.acl}" --appendonly yes --appendfsync everysec \
  --maxmemory "${REDIS_MAXMEMORY:-256mb}" --maxmemory-policy volatile-ttl "$@"
