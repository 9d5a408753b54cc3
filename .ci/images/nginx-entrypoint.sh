#!/bin/sh
# As the official image's entrypoint: before nginx starts, the scripts in /docker-entrypoint.d run in name order
# (*.envsh sourced, executable *.sh run), an image's own and those an operator mounts alike.
set -e

if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
    for script in /docker-entrypoint.d/*; do
        case "$script" in
            *.envsh)
                echo "$0: sourcing $script"
                # shellcheck source=/dev/null
                . "$script"
                ;;
            *.sh)
                if [ -x "$script" ]; then
                    echo "$0: running $script"
                    "$script"
                else
                    echo "$0: ignoring $script, not executable"
                fi
                ;;
        esac
    done
fi

exec "$@"
