#!/bin/sh
# Starts redis-server as the official image's entrypoint does: options alone (or a .conf file) mean redis-server,
# and as root it hands /data to user redis and drops to it.
set -e

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
    set -- redis-server "$@"
fi

if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

# Debian's binary starts in protected mode, which refuses every client from outside the container while no password
# is set; the official image's binary is built without it. The option goes after a config file (options override the
# file) and before the container's own options, so a command that asks for protected mode still gets it.
if [ "$1" = redis-server ]; then
    shift
    if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
        config=$1
        shift
        set -- redis-server "$config" --protected-mode no "$@"
    else
        set -- redis-server --protected-mode no "$@"
    fi
fi

exec "$@"
