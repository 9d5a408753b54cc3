#!/bin/sh
# BusyBox's "addgroup [-g GID] [-S] GROUP", as Alpine has it, done by Debian's groupadd.
set -e
usage="usage: addgroup [-g GID] [-S] GROUP"
options=""
while getopts "g:S" option; do
    case "$option" in
        g) options="$options --gid $OPTARG" ;;
        S) options="$options --system" ;;
        *) echo "$usage" >&2; exit 1 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "$usage" >&2; exit 1; }
# shellcheck disable=SC2086 # options is a list of words without spaces of their own
exec groupadd $options "$1"
