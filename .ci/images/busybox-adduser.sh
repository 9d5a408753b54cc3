#!/bin/sh
# BusyBox's "adduser [-h DIR] [-s SHELL] [-G GROUP] [-S] [-D] [-H] [-u UID] USER", as Alpine has it, done by
# Debian's useradd. -D (no password) is useradd's default: the account is locked.
set -e
usage="usage: adduser [-h DIR] [-s SHELL] [-G GROUP] [-S] [-D] [-H] [-u UID] USER"
home=""
create_home=yes
options=""
while getopts "h:s:G:SDHu:" option; do
    case "$option" in
        h) home=$OPTARG ;;
        s) options="$options --shell $OPTARG" ;;
        G) options="$options --gid $OPTARG" ;;
        S) options="$options --system" ;;
        D) ;;
        H) create_home=no ;;
        u) options="$options --uid $OPTARG" ;;
        *) echo "$usage" >&2; exit 1 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "$usage" >&2; exit 1; }
home=${home:-/home/$1}
if [ "$create_home" = yes ]; then
    options="$options --create-home"
else
    options="$options --no-create-home"
fi
# shellcheck disable=SC2086 # options is a list of words without spaces of their own
exec useradd --home-dir "$home" $options "$1"
