# Load balancer: Debian's nginx with deploy/nginx/ratelimiter.conf.template, the same config the local cluster
# and Docker compose render, listing every API node's API port (never a management port). It keeps no data, so a change of the API nodes (scaling)
# recreates it with the new list.

locals {
  lb_nginx_config = templatefile("${path.module}/../deploy/nginx/ratelimiter.conf.template", {
    LISTEN_PORT      = local.ports.lb
    UPSTREAM_SERVERS = join("\n    ", [for address in local.api_addresses : "server ${address}:${local.ports.api} max_fails=3 fail_timeout=10s;"])
  })

  lb_cloud_config = {
    packages = ["nginx"]
    # Written beside nginx's config and moved in after the package is set up: the package's default site
    # would otherwise clash with this default_server while dpkg starts nginx.
    write_files = [{
      path        = "/etc/ratelimiter/nginx-ratelimiter.conf"
      permissions = "0644"
      content     = local.lb_nginx_config
    }]
    runcmd = [
      ["rm", "-f", "/etc/nginx/sites-enabled/default"],
      ["install", "-m", "0644", "/etc/ratelimiter/nginx-ratelimiter.conf", "/etc/nginx/conf.d/ratelimiter.conf"],
      ["nginx", "-t"],
      ["systemctl", "restart", "nginx"],
    ]
  }
}

module "lb" {
  source = "./modules/cloud-vm"

  name         = "${var.name_prefix}-lb"
  address      = var.lb_address
  size         = var.vm_sizes["lb"]
  placement    = local.placement
  login        = local.login
  cloud_config = local.lb_cloud_config
  tags         = ["ratelimiter", "lb"]
  keeps_data   = false

  inbound = [
    local.ssh_from_admin_network,
    { ports = tostring(local.ports.lb), sources = null, comment = "the shortener, for everyone" },
  ]
}
