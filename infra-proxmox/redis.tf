# Redis: the limiter's shared state and the policies operators set. Debian's redis-server package, with
# this cluster's settings in an included file. Never recreated by a config change: it keeps the policies.

locals {
  redis_cloud_config = {
    packages = ["redis-server"]
    write_files = [{
      path        = "/etc/redis/ratelimiter.conf"
      permissions = "0640"
      content = templatefile("${path.module}/files/redis.conf.tftpl", {
        address  = var.redis_address
        port     = local.ports.redis
        password = var.redis_password
        # Leaves room for the append-only file rewrite's fork and the OS.
        maxmemory_mb = floor(var.vm_sizes["redis"].memory_mb * 0.6)
      })
    }]
    runcmd = [
      ["sh", "-c", "chgrp redis /etc/redis/ratelimiter.conf && (grep -qx 'include /etc/redis/ratelimiter.conf' /etc/redis/redis.conf || echo 'include /etc/redis/ratelimiter.conf' >> /etc/redis/redis.conf)"],
      ["systemctl", "restart", "redis-server"],
    ]
  }
}

module "redis" {
  source = "./modules/cloud-vm"

  name         = "${var.name_prefix}-redis"
  address      = var.redis_address
  size         = var.vm_sizes["redis"]
  placement    = local.placement
  login        = local.login
  cloud_config = local.redis_cloud_config
  tags         = ["ratelimiter", "redis"]

  replace_on_cloud_config_change = false
}
