# Redis: the limiter's shared state and the policies operators set. Debian's redis-server package, with this
# cluster's settings in an included file and its ACL users from deploy/redis/users.acl.template. It keeps data:
# never replaced by a plan (modules/cloud-vm, keeps_data); the runbook applies password changes and resizes
# (infra-proxmox/README.md).

locals {
  redis_cloud_config = {
    packages = ["redis-server"]
    write_files = [
      {
        path        = "/etc/redis/ratelimiter.conf"
        permissions = "0640"
        content = templatefile("${path.module}/files/redis.conf.tftpl", {
          address = var.redis_address
          port    = local.ports.redis
        })
      },
      {
        # Only SHA-256 hashes of the passwords: the snippet and the VM hold none in clear.
        path        = "/etc/redis/users.acl"
        permissions = "0640"
        content = templatefile("${path.module}/../deploy/redis/users.acl.template", {
          KEY_PREFIX              = "rl"
          NODE_PASSWORD_SHA256    = sha256(var.redis_node_password)
          CONSOLE_PASSWORD_SHA256 = sha256(var.redis_console_password)
        })
      },
      {
        path        = "/usr/local/sbin/setup-ratelimiter-redis"
        permissions = "0700"
        content     = file("${path.module}/files/redis-setup.sh")
      },
      {
        path        = "/usr/local/sbin/ratelimiter-redis-maxmemory"
        permissions = "0755"
        content     = file("${path.module}/files/redis-maxmemory.sh")
      },
      {
        path        = "/usr/local/sbin/ratelimiter-redis-cli"
        permissions = "0700"
        content     = templatefile("${path.module}/files/redis-cli.sh.tftpl", { port = local.ports.redis })
      },
    ]
    runcmd = [["/usr/local/sbin/setup-ratelimiter-redis"]]
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
  keeps_data   = true

  inbound = [
    local.ssh_from_admin_network,
    { ports = tostring(local.ports.redis), sources = concat([for address in local.api_addresses : "${address}/32"], ["${var.admin_address}/32"]), comment = "Redis for the API nodes and the console" },
  ]
}
