#!/bin/sh
# Run before every start of redis-server (a systemd drop-in): 60% of the VM's memory for Redis, leaving room for
# the append-only file rewrite's fork and the OS. A resized VM gets its new maxmemory at its next boot.
set -eu
total_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
echo "maxmemory $((total_kb * 6 / 10 / 1024))mb" > /etc/redis/ratelimiter-maxmemory.conf
chgrp redis /etc/redis/ratelimiter-maxmemory.conf
chmod 0640 /etc/redis/ratelimiter-maxmemory.conf
