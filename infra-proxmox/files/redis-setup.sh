#!/bin/sh
# Sets up the packaged Redis with this cluster's settings and users. Run by cloud-init, and safe to run again:
# it converges. The ACL users come from /etc/redis/users.acl (the snippet's); ratelimiter-ops, for the operator on
# this VM only, gets a random password at first boot, kept in a root-only file.
set -eu

if [ ! -s /etc/redis/ops.password ]; then
  (umask 077 && openssl rand -hex 24 > /etc/redis/ops.password)
fi
ops_hash=$(tr -d '\n' < /etc/redis/ops.password | sha256sum | cut -d' ' -f1)
grep -v '^user ratelimiter-ops ' /etc/redis/users.acl > /etc/redis/users.acl.new || true
echo "user ratelimiter-ops on #$ops_hash ~* &* +@all" >> /etc/redis/users.acl.new
mv /etc/redis/users.acl.new /etc/redis/users.acl
chown redis:redis /etc/redis/users.acl
chmod 0640 /etc/redis/users.acl
chgrp redis /etc/redis/ratelimiter.conf

mkdir -p /etc/systemd/system/redis-server.service.d
cat > /etc/systemd/system/redis-server.service.d/ratelimiter.conf <<'UNIT'
[Service]
ExecStartPre=+/usr/local/sbin/ratelimiter-redis-maxmemory
# ACL SAVE writes users.acl anew beside the old one.
ReadWritePaths=-/etc/redis
UNIT
grep -qx 'include /etc/redis/ratelimiter.conf' /etc/redis/redis.conf || echo 'include /etc/redis/ratelimiter.conf' >> /etc/redis/redis.conf
systemctl daemon-reload
systemctl restart redis-server
